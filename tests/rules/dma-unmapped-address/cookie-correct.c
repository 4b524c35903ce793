// Physical addresses and CPU pointers that are not the device's DMA address:
// a buffer manager given both a buffer's DMA address and its physical
// address as a cookie it hands back (mvpp2), and a driver mode without DMA
// chosen by a flag, which keeps the CPU pointer where the DMA address would
// be (esp_scsi's ESP_FLAG_NO_DMA_MAP). Silent.
// RUN: %dmacheck --rules='-*,dma-unmapped-address' %s > %t 2>&1
// RUN: test ! -s %t
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>

#define QUX_BM_HIGH_RLS_REG	0x6490
#define QUX_BM_VIRT_RLS_REG	0x6480
#define QUX_BM_PHY_RLS_REG	0x6484
#define QUX_FLAG_NO_DMA_MAP	0x01

struct qux_port {
	struct device *dev;
	void __iomem *base;
	unsigned int buf_size;
};

static void qux_write(struct qux_port *port, u32 offset, u32 data)
{
	writel_relaxed(data, port->base + offset);
}

/* The register at QUX_BM_VIRT_RLS_REG is not interpreted by the hardware:
 * it comes back in the cookie field of the rx descriptor. */
static void qux_bm_pool_put(struct qux_port *port, dma_addr_t buf_dma_addr,
			    phys_addr_t buf_phys_addr)
{
	u32 val = upper_32_bits(buf_dma_addr) & 0xff;

	/* the high bits of both share one register */
	val |= (upper_32_bits(buf_phys_addr) << 19) & 0xff00000;
	qux_write(port, QUX_BM_HIGH_RLS_REG, val);
	qux_write(port, QUX_BM_VIRT_RLS_REG, buf_phys_addr);
	qux_write(port, QUX_BM_PHY_RLS_REG, buf_dma_addr);
}

static void *qux_buf_alloc(struct qux_port *port, dma_addr_t *buf_dma_addr,
			   phys_addr_t *buf_phys_addr)
{
	void *data = kmalloc(port->buf_size, GFP_ATOMIC);
	dma_addr_t dma_addr;

	if (!data)
		return NULL;
	dma_addr = dma_map_single(port->dev, data, port->buf_size,
				  DMA_FROM_DEVICE);
	if (dma_mapping_error(port->dev, dma_addr)) {
		kfree(data);
		return NULL;
	}
	*buf_dma_addr = dma_addr;
	*buf_phys_addr = virt_to_phys(data);
	return data;
}

int qux_rx_refill(struct qux_port *port)
{
	dma_addr_t dma_addr;
	phys_addr_t phys_addr;

	if (!qux_buf_alloc(port, &dma_addr, &phys_addr))
		return -ENOMEM;
	qux_bm_pool_put(port, dma_addr, phys_addr);
	return 0;
}

struct qux_cmd_entry {
	void *sense_ptr;
	dma_addr_t sense_dma;
};

struct qux_host {
	struct device *dev;
	unsigned int flags;
};

void qux_map_sense(struct qux_host *host, struct qux_cmd_entry *ent,
		   void *sense_buffer)
{
	ent->sense_ptr = sense_buffer;
	if (host->flags & QUX_FLAG_NO_DMA_MAP) {
		ent->sense_dma = (uintptr_t)ent->sense_ptr;
		return;
	}
	ent->sense_dma = dma_map_single(host->dev, ent->sense_ptr, 96,
					DMA_FROM_DEVICE);
}

/* virtio_ring style: the driver chooses between the DMA API and guest
 * physical addresses (legacy devices) by a test it makes again at the free;
 * calls between the two that the path does not enter make it seem to take
 * both branches. */
struct qux_vdev {
	struct device *parent;
	unsigned long features;
};

int qux_setup_other(struct qux_vdev *vdev);

static bool qux_use_dma_api(const struct qux_vdev *vdev)
{
	return !(vdev->features & 1);
}

static void *qux_alloc_queue(struct qux_vdev *vdev, size_t size,
			     dma_addr_t *dma_handle)
{
	if (qux_use_dma_api(vdev)) {
		return dma_alloc_coherent(vdev->parent, size, dma_handle,
					  GFP_KERNEL);
	} else {
		void *queue = kzalloc(size, GFP_KERNEL);

		if (queue)
			*dma_handle = (dma_addr_t)virt_to_phys(queue);
		return queue;
	}
}

static void qux_free_queue(struct qux_vdev *vdev, size_t size, void *queue,
			   dma_addr_t dma_handle)
{
	if (qux_use_dma_api(vdev))
		dma_free_coherent(vdev->parent, size, queue, dma_handle);
	else
		kfree(queue);
}

struct qux_vring {
	void *desc;
	dma_addr_t desc_dma;
};

int qux_vring_create(struct qux_vdev *vdev, struct qux_vring *vr)
{
	vr->desc = qux_alloc_queue(vdev, 4096, &vr->desc_dma);
	if (!vr->desc)
		return -ENOMEM;
	if (qux_setup_other(vdev)) {
		qux_free_queue(vdev, 4096, vr->desc, vr->desc_dma);
		return -ENOMEM;
	}
	return 0;
}
