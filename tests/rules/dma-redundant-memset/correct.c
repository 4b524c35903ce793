// memset() calls that are not redundant: a part of the buffer, a non-zero
// fill, memory that is not zeroed by its allocator (dma_pool_alloc(),
// usb_alloc_coherent(), kmalloc()), a clear after the buffer was written
// or handed to code that may have written it, and a ring reset in a
// function that did not allocate the ring. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-redundant-memset' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb.h>

#define NIC_RING_SIZE	256
#define NIC_REG_RDBAL	0x2800
#define NIC_REG_RDH	0x2810
#define NIC_REG_RDT	0x2818

/* A PCI NIC with descriptor rings. */
struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_ring {
	struct nic_desc *desc;
	dma_addr_t dma;
	unsigned int count;
	size_t size;
	unsigned int next_to_use;
};

struct nic {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *hw;
	struct nic_ring rx, tx;
	void *fw_buf;
	dma_addr_t fw_dma;
};

void nic_hw_init_ring(struct nic *nic, struct nic_desc *desc, unsigned int n);

/* 1. e1000_configure_rx() on ndo_open(): the ring set up at probe is
 *    cleared again before the hardware gets it; it may hold the
 *    descriptors of the last run. */
void nic_configure_rx(struct nic *nic)
{
	struct nic_ring *ring = &nic->rx;

	memset(ring->desc, 0, ring->size);
	ring->next_to_use = 0;
	writel(0, nic->hw + NIC_REG_RDH);
	writel(0, nic->hw + NIC_REG_RDT);
}

/* 2. Only a part of the fresh buffer is cleared: the descriptors past
 *    the header area, and the first half of the ring. Neither is the
 *    whole buffer (and neither is needed, but the rule is about the
 *    whole-buffer clear only). */
#define NIC_FW_HDR	64

int nic_fw_prepare(struct nic *nic, size_t len)
{
	u8 *buf;

	buf = dma_alloc_coherent(nic->dev, len, &nic->fw_dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf + NIC_FW_HDR, 0, len - NIC_FW_HDR);
	nic->fw_buf = buf;
	return 0;
}

int nic_setup_tx_half(struct nic *nic)
{
	size_t size = NIC_RING_SIZE * sizeof(struct nic_desc);

	nic->tx.desc = dma_alloc_coherent(nic->dev, size, &nic->tx.dma,
					  GFP_KERNEL);
	if (!nic->tx.desc)
		return -ENOMEM;
	memset(nic->tx.desc, 0, size / 2);
	return 0;
}

/* 3. A ring whose first descriptor is written before the clear: the
 *    memset() wipes something, so it is left alone. */
int nic_setup_rx_resources(struct nic *nic, dma_addr_t first_buf)
{
	struct nic_ring *ring = &nic->rx;

	ring->count = NIC_RING_SIZE;
	ring->size = ring->count * sizeof(struct nic_desc);
	ring->desc = dma_alloc_coherent(nic->dev, ring->size, &ring->dma,
					GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	ring->desc[0].addr = cpu_to_le64(first_buf);
	memset(ring->desc, 0, ring->size);
	writel(lower_32_bits(ring->dma), nic->hw + NIC_REG_RDBAL);
	return 0;
}

/* 4. The ring is handed to the driver's hardware layer (another file),
 *    which may write it, before it is cleared. */
int nic_setup_tx_resources(struct nic *nic)
{
	struct nic_ring *ring = &nic->tx;

	ring->count = NIC_RING_SIZE;
	ring->size = ring->count * sizeof(struct nic_desc);
	ring->desc = dma_alloc_coherent(nic->dev, ring->size, &ring->dma,
					GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	nic_hw_init_ring(nic, ring->desc, ring->count);
	memset(ring->desc, 0, ring->size);
	return 0;
}

/* 5. A firmware image copied into the buffer, then the buffer reset on
 *    the retry path: the memcpy() wrote it first. */
int nic_fw_load(struct nic *nic, const void *fw, size_t len, bool retry)
{
	void *buf;
	dma_addr_t dma;

	buf = dma_alloc_coherent(nic->dev, len, &dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, fw, len);
	if (retry)
		memset(buf, 0, len);
	nic->fw_buf = buf;
	nic->fw_dma = dma;
	return 0;
}

/* A display controller with a write-combined frame buffer. */
struct lcdc {
	struct device *dev;
	u32 *fb;
	dma_addr_t fb_dma;
	unsigned int width, height;
};

/* 6. The frame buffer filled white: a non-zero value. */
int lcdc_alloc_fb(struct lcdc *lc)
{
	size_t size = lc->width * lc->height * 4;

	lc->fb = dma_alloc_wc(lc->dev, size, &lc->fb_dma, GFP_KERNEL);
	if (!lc->fb)
		return -ENOMEM;
	memset(lc->fb, 0xff, size);
	return 0;
}

/* A descriptor-chain device with a dma_pool, and a USB vendor driver. */
struct hc_td {
	__le32 next;
	__le32 ctrl;
	__le32 buf;
	__le32 len;
};

struct hc {
	struct device *dev;
	struct dma_pool *td_pool;
};

/* 7. dma_pool_alloc() does not zero (that is dma_pool_zalloc()): the
 *    clear is needed. */
struct hc_td *hc_alloc_td(struct hc *hc, dma_addr_t *dma)
{
	struct hc_td *td;

	td = dma_pool_alloc(hc->td_pool, GFP_ATOMIC, dma);
	if (!td)
		return NULL;
	memset(td, 0, sizeof(*td));
	return td;
}

struct vnd {
	struct usb_device *udev;
	u8 *ctrl_buf;
	dma_addr_t ctrl_dma;
	u8 *cfg;
};

/* 8. usb_alloc_coherent() takes small buffers from the HCD's dma_pools,
 *    which do not zero; a kmalloc() buffer is not zeroed either. */
int vnd_alloc_bufs(struct vnd *v, size_t len)
{
	v->ctrl_buf = usb_alloc_coherent(v->udev, len, GFP_KERNEL, &v->ctrl_dma);
	if (!v->ctrl_buf)
		return -ENOMEM;
	memset(v->ctrl_buf, 0, len);
	v->cfg = kmalloc(64, GFP_KERNEL);
	if (!v->cfg) {
		usb_free_coherent(v->udev, len, v->ctrl_buf, v->ctrl_dma);
		return -ENOMEM;
	}
	memset(v->cfg, 0, 64);
	return 0;
}
