// Coherent and pool allocations used before the path tests them against
// NULL. dma-api.rst, Part Ia: dma_alloc_coherent() "returns a pointer to
// the allocated region ... or NULL if the allocation failed".
// RUN: %not %dmacheck --rules='-*,dma-unchecked-alloc' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb.h>

#define RING_SIZE	256
#define HC_TD_ALIGN	32
#define REG_RING_LO	0x10
#define REG_RING_HI	0x14

/* A descriptor-chain device (an OHCI/UHCI-like host controller). */
struct hc_td {
	__le32 next;
	__le32 buf;
	__le32 len;
	__le32 status;
	dma_addr_t dma;
	struct list_head node;
};

struct hc_ep {
	struct list_head td_list;
	struct hc_td *last_td;
};

struct hc {
	struct device *dev;
	void __iomem *regs;
	struct dma_pool *td_pool;
};

/* 1. Queueing a transfer descriptor: the td from the pool is filled in
 *    before anything tests it, and GFP_ATOMIC allocations do fail. */
int hc_queue_td(struct hc *hc, struct hc_ep *ep, dma_addr_t buf, u32 len)
{
	struct hc_td *td;
	dma_addr_t td_dma;

	td = dma_pool_alloc(hc->td_pool, GFP_ATOMIC, &td_dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_alloc() result is dereferenced before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	td->buf = cpu_to_le32(buf);
	td->len = cpu_to_le32(len);
	td->dma = td_dma;
	list_add_tail(&td->node, &ep->td_list);
	ep->last_td->next = cpu_to_le32(td_dma);
	ep->last_td = td;
	return 0;
}

/* 2. The controller's start: the pool is created and a first td taken from
 *    it with no test of the pool in between. */
int hc_start(struct hc *hc, struct hc_ep *ep)
{
	struct hc_td *td;
	dma_addr_t td_dma;

	hc->td_pool = dma_pool_create("hc_td", hc->dev, sizeof(struct hc_td),
				      HC_TD_ALIGN, 0);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_create() result is passed to dma_pool_zalloc() before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	td = dma_pool_zalloc(hc->td_pool, GFP_KERNEL, &td_dma);
	if (!td) {
		dma_pool_destroy(hc->td_pool);
		return -ENOMEM;
	}
	td->dma = td_dma;
	ep->last_td = td;
	INIT_LIST_HEAD(&ep->td_list);
	return 0;
}

/* A PCI NIC's descriptor ring. */
struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_ring {
	struct nic_desc *desc;
	dma_addr_t dma;
	unsigned int count;
};

struct nic {
	struct pci_dev *pdev;
	void __iomem *hw;
	struct nic_ring rx;
	u32 *stats;
	dma_addr_t stats_dma;
};

/* 3. The rx ring cleared with memset() straight after the allocation. */
int nic_alloc_rx_ring(struct nic *nic)
{
	struct nic_ring *ring = &nic->rx;
	size_t size = RING_SIZE * sizeof(struct nic_desc);

	ring->desc = dma_alloc_coherent(&nic->pdev->dev, size, &ring->dma,
					GFP_KERNEL);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_coherent() result is passed to memset() before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	memset(ring->desc, 0, size);
	ring->count = RING_SIZE;
	writel(lower_32_bits(ring->dma), nic->hw + REG_RING_LO);
	writel(upper_32_bits(ring->dma), nic->hw + REG_RING_HI);
	return 0;
}

/* 4. A device-managed statistics block, written before any test. */
int nic_alloc_stats(struct nic *nic)
{
	nic->stats = dmam_alloc_coherent(&nic->pdev->dev, PAGE_SIZE,
					 &nic->stats_dma, GFP_KERNEL);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmam_alloc_coherent() result is dereferenced before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	nic->stats[0] = 0;
	return 0;
}

/* 5. The ring handed to the driver's own init helper, which walks it: the
 *    finding is at the dereference in the helper. */
static void nic_init_descs(struct nic_desc *d, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_attrs() result is dereferenced before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
		d[i].status = 0;
}

int nic_alloc_tx_ring(struct nic *nic, struct nic_ring *tx)
{
	tx->desc = dma_alloc_attrs(&nic->pdev->dev,
				   RING_SIZE * sizeof(struct nic_desc), &tx->dma,
				   GFP_KERNEL, DMA_ATTR_FORCE_CONTIGUOUS);
	nic_init_descs(tx->desc, RING_SIZE);
	tx->count = RING_SIZE;
	return 0;
}

/* A USB vendor driver with a coherent URB buffer. */
struct vnd {
	struct usb_device *udev;
	struct urb *urb;
	u8 *cmd_buf;
	dma_addr_t cmd_dma;
};

/* 6. The command copied into a usb_alloc_coherent() buffer before the
 *    buffer is tested. */
int vnd_send_cmd(struct vnd *v, const void *cmd, size_t len)
{
	v->cmd_buf = usb_alloc_coherent(v->udev, len, GFP_KERNEL, &v->cmd_dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_alloc_coherent() result is passed to memcpy() before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	memcpy(v->cmd_buf, cmd, len);
	v->urb->transfer_buffer = v->cmd_buf;
	v->urb->transfer_dma = v->cmd_dma;
	v->urb->transfer_buffer_length = len;
	v->urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	return usb_submit_urb(v->urb, GFP_KERNEL);
}

/* 7. A write-combined frame buffer for a display controller, its first
 *    pixel cleared through the pointer. */
struct lcdc {
	struct device *dev;
	u32 *fb;
	dma_addr_t fb_dma;
	size_t fb_size;
};

int lcdc_alloc_fb(struct lcdc *lc)
{
	lc->fb = dma_alloc_wc(lc->dev, lc->fb_size, &lc->fb_dma, GFP_KERNEL);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_wc() result is dereferenced before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	*lc->fb = 0;
	return 0;
}

/* 8. A bounce buffer from dma_alloc_noncoherent() used as the source of
 *    a memcpy() (the second argument) before its test. */
int lcdc_snapshot(struct lcdc *lc, void *out, size_t len)
{
	dma_addr_t dma;
	void *bounce;

	bounce = dma_alloc_noncoherent(lc->dev, len, &dma, DMA_FROM_DEVICE,
				       GFP_KERNEL);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_noncoherent() result is passed to memcpy() before a NULL test: the allocation fails under memory pressure or when the device's mask cannot be met [dma-unchecked-alloc]
	memcpy(out, bounce, len);
	dma_free_noncoherent(lc->dev, len, bounce, dma, DMA_FROM_DEVICE);
	return 0;
}
