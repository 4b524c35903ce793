// Addresses the device may be given, and physical addresses that never
// reach it: silent.
// RUN: %dmacheck --rules='-*,dma-unmapped-address' %s > %t 2>&1
// RUN: test ! -s %t
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>

struct foo_desc {
	__le64 addr;
	__le32 len;
	__le64 cookie;
};

struct resource_lite {
	phys_addr_t start;
};

struct foo_ring {
	struct device *dev;
	void __iomem *regs;
	struct foo_desc *desc;
	dma_addr_t desc_dma;
	void *buf[64];
	dma_addr_t dma[64];
	struct dma_chan *chan;
	struct resource_lite *res;
};

/* 1. rx refill with a streaming mapping (e1000e style). */
int foo_post_rx(struct foo_ring *ring, unsigned int i)
{
	void *buf = kmalloc(2048, GFP_ATOMIC);
	dma_addr_t dma;

	if (!buf)
		return -ENOMEM;
	dma = dma_map_single(ring->dev, buf, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	ring->buf[i] = buf;
	ring->dma[i] = dma;
	ring->desc[i].addr = cpu_to_le64(dma);
	return 0;
}

/* 2. The ring itself from dma_alloc_coherent(), its handle + an offset. */
int foo_ring_setup(struct foo_ring *ring)
{
	ring->desc = dma_alloc_coherent(ring->dev, 64 * sizeof(struct foo_desc),
					&ring->desc_dma, GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	writel(lower_32_bits(ring->desc_dma + 32 * sizeof(struct foo_desc)),
	       ring->regs + 0x20);
	return 0;
}

/* 3. A peripheral FIFO's physical address for dmaengine (MMIO). */
int foo_chan_config(struct foo_ring *ring)
{
	struct dma_slave_config cfg = {
		.direction = DMA_MEM_TO_DEV,
		.dst_addr = ring->res->start + 0x40,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.dst_maxburst = 8,
	};

	return dmaengine_slave_config(ring->chan, &cfg);
}

/* 4. A physical address only logged and bounds-tested. */
int foo_check_buf(struct foo_ring *ring, void *buf)
{
	phys_addr_t pa = virt_to_phys(buf);

	dev_dbg(ring->dev, "buffer at %pa\n", &pa);
	if (pa > 0xffffffffull)
		return -ERANGE;
	return 0;
}

/* 5. A CPU pointer as an opaque cookie the firmware echoes back. */
void foo_post_cmd(struct foo_ring *ring, unsigned int i, void *req)
{
	ring->desc[i].cookie = cpu_to_le64((unsigned long)req);
}

/* 6. dma_map_resource() of an MMIO physical address (device to device). */
int foo_map_peer(struct foo_ring *ring, dma_addr_t *out)
{
	dma_addr_t a = dma_map_resource(ring->dev, ring->res->start, 4096,
					DMA_BIDIRECTIONAL, 0);

	if (dma_mapping_error(ring->dev, a))
		return -EIO;
	*out = a;
	return 0;
}

/* 7. A physical address compared with a handle (a debug assertion). */
int foo_is_direct(struct foo_ring *ring, unsigned int i)
{
	return ring->dma[i] == virt_to_phys(ring->buf[i]);
}

/* A physical address kept in a local only to print it (nvme_print_sgl()). */
void nic_print_sgl(struct scatterlist *sgl, int nents)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		dma_addr_t phys = sg_phys(sg);

		pr_warn("sg[%d] phys_addr:%pad dma_address:%pad\n", i, &phys,
			&sg_dma_address(sg));
	}
}
