// Addresses no DMA API call produced, handed to the device.
// RUN: %not %dmacheck --rules='-*,dma-unmapped-address' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct foo_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct foo_ring {
	struct device *dev;
	void __iomem *regs;
	struct foo_desc *desc;
	void *buf[64];
	dma_addr_t dma[64];
	dma_addr_t cmd_dma;
	struct dma_chan *chan;
};

int foo_hw_post(struct foo_ring *ring, dma_addr_t addr, u32 len);

/* 1. rx refill: the descriptor gets the buffer's physical address. */
int foo_post_rx(struct foo_ring *ring, unsigned int i)
{
	struct foo_desc *desc = &ring->desc[i];
	void *buf = kmalloc(2048, GFP_ATOMIC);

	if (!buf)
		return -ENOMEM;
	ring->buf[i] = buf;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is stored in a descriptor word; the device must be given an address from the DMA API
	desc->addr = cpu_to_le64(virt_to_phys(buf));
	desc->len = cpu_to_le32(2048);
	return 0;
}

/* 2. A command block's physical address written to a doorbell register. */
void foo_ring_doorbell(struct foo_ring *ring, void *cmd)
{
	phys_addr_t pa = __pa(cmd);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is written to the device by writel()
	writel(lower_32_bits(pa), ring->regs + 0x10);
	writel(upper_32_bits(pa), ring->regs + 0x14);
}

/* 3. Stored in the ring's dma_addr_t array, as if it were a handle. */
void foo_fill(struct foo_ring *ring, unsigned int i, struct page *page)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from page_to_phys() is stored in a dma_addr_t
	ring->dma[i] = page_to_phys(page) + 64;
}

/* 4. A pointer cast to an integer kept as the command's DMA address (in a
 *    function that uses the DMA API: a function that makes no DMA API or
 *    virt_to_phys() call is only analysed through its callers). */
int foo_cmd_setup(struct foo_ring *ring, void *cmd)
{
	ring->desc = dma_alloc_coherent(ring->dev, 4096, &ring->dma[0],
					GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: a CPU pointer cast to an integer is stored in a dma_addr_t
	ring->cmd_dma = (dma_addr_t)(unsigned long)cmd;
	return 0;
}

/* 5. Passed to a helper that takes a dma_addr_t. */
int foo_send(struct foo_ring *ring, void *msg, u32 len)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is passed as the dma_addr_t 'addr' of foo_hw_post()
	return foo_hw_post(ring, virt_to_phys(msg), len);
}

/* 6. A dmaengine transfer from a physical address. */
int foo_dma_tx(struct foo_ring *ring, void *buf, size_t len)
{
	struct dma_async_tx_descriptor *tx;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is given to dmaengine_prep_slave_single()
	tx = dmaengine_prep_slave_single(ring->chan, virt_to_phys(buf), len,
					 DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!tx)
		return -EIO;
	dmaengine_submit(tx);
	dma_async_issue_pending(ring->chan);
	return 0;
}

/* 7. A sync given a physical address instead of the handle. */
void foo_rx_peek(struct foo_ring *ring, unsigned int i)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is given to dma_sync_single_for_cpu()
	dma_sync_single_for_cpu(ring->dev, virt_to_phys(ring->buf[i]), 2048,
				DMA_FROM_DEVICE);
}

/* 8. s2io style: the unwind of a two-buffer refill unmaps the first buffer
 *    by its CPU pointer cast to an integer, though the path mapped it and
 *    the handle is in the descriptor. */
int foo_refill_two(struct foo_ring *ring, unsigned int i, void *data,
		   void *hdr)
{
	ring->dma[i] = dma_map_single(ring->dev, data, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, ring->dma[i]))
		return -ENOMEM;
	ring->cmd_dma = dma_map_single(ring->dev, hdr, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, ring->cmd_dma)) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: a CPU pointer cast to an integer is given to dma_unmap_single()
		dma_unmap_single(ring->dev, (dma_addr_t)(unsigned long)data, 2048,
				 DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	return 0;
}

/* 9. Beside cookie-correct.c: a register helper that takes only the
 *    physical address (no DMA address beside it) gives the device that
 *    address. */
static void foo_post_phys(struct foo_ring *ring, phys_addr_t pa)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is written to the device by writel()
	writel(lower_32_bits(pa), ring->regs + 0x20);
}

void foo_start_cmd(struct foo_ring *ring, void *cmd)
{
	foo_post_phys(ring, virt_to_phys(cmd));
}

/* 10. Beside the DMA-API choice of cookie-correct.c: the physical address is
 *     taken on one branch of an if whose other branch does not use the DMA
 *     API either (a small-buffer path that skips the mapping). */
int foo_post_small(struct foo_ring *ring, unsigned int i, void *buf,
		   unsigned int len)
{
	dma_addr_t addr;

	if (len <= 64)
		addr = virt_to_phys(buf);
	else
		addr = ring->dma[i];
	/* a local is judged where its value goes */
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is stored in a dma_addr_t
	ring->dma[i] = addr;
	return 0;
}
