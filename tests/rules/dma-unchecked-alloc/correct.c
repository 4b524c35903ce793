// Coherent and pool allocations tested against NULL before their first
// use, in every form drivers write the test, and untested pointers only
// handed on to code that may test them. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-unchecked-alloc' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb.h>

#define RING_SIZE	256
#define TRB_SEG_SIZE	4096
#define REG_RING_LO	0x10
#define REG_RING_HI	0x14

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
	struct nic_ring rx, tx;
	u32 *stats;
	dma_addr_t stats_dma;
	void *fw_buf;
	dma_addr_t fw_dma;
};

/* 1. e1000-style ring set-up: the allocation stored in the ring and the
 *    field tested before the memset() and the doorbell writes. */
int nic_alloc_rx_ring(struct nic *nic)
{
	struct nic_ring *ring = &nic->rx;
	size_t size = RING_SIZE * sizeof(struct nic_desc);

	ring->desc = dma_alloc_coherent(&nic->pdev->dev, size, &ring->dma,
					GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	memset(ring->desc, 0, size);
	ring->count = RING_SIZE;
	writel(lower_32_bits(ring->dma), nic->hw + REG_RING_LO);
	writel(upper_32_bits(ring->dma), nic->hw + REG_RING_HI);
	return 0;
}

/* 2. A probe with a goto ladder: each allocation tested, the unwind
 *    releasing what was allocated before it. */
int nic_alloc_all(struct nic *nic)
{
	struct device *dev = &nic->pdev->dev;
	size_t size = RING_SIZE * sizeof(struct nic_desc);

	nic->tx.desc = dma_alloc_coherent(dev, size, &nic->tx.dma, GFP_KERNEL);
	if (!nic->tx.desc)
		goto err;
	nic->stats = dma_alloc_coherent(dev, PAGE_SIZE, &nic->stats_dma,
					GFP_KERNEL);
	if (!nic->stats)
		goto err_free_tx;
	nic->tx.desc[0].status = 0;
	nic->stats[0] = 0;
	return 0;

err_free_tx:
	dma_free_coherent(dev, size, nic->tx.desc, nic->tx.dma);
err:
	return -ENOMEM;
}

/* 3. The allocation made by a helper that returns it; the caller tests. */
static void *nic_alloc_fw_buf(struct nic *nic, size_t len)
{
	return dma_alloc_coherent(&nic->pdev->dev, len, &nic->fw_dma, GFP_KERNEL);
}

int nic_load_fw(struct nic *nic, const void *fw, size_t len)
{
	nic->fw_buf = nic_alloc_fw_buf(nic, len);
	if (nic->fw_buf == NULL)
		return -ENOMEM;
	memcpy(nic->fw_buf, fw, len);
	return 0;
}

/* 4. The result handed, untested, to the driver's own function that tests
 *    it (in this file, entered by the analyzer), and to one elsewhere. */
static int nic_install_stats(struct nic *nic, u32 *stats, dma_addr_t dma)
{
	if (unlikely(!stats))
		return -ENOMEM;
	stats[0] = 0;
	nic->stats = stats;
	nic->stats_dma = dma;
	return 0;
}

int nic_register_buffer(struct nic *nic, void *cpu, dma_addr_t dma);

int nic_alloc_stats(struct nic *nic)
{
	dma_addr_t dma;
	u32 *stats;

	stats = dmam_alloc_coherent(&nic->pdev->dev, PAGE_SIZE, &dma, GFP_KERNEL);
	return nic_install_stats(nic, stats, dma);
}

int nic_alloc_scratch(struct nic *nic)
{
	dma_addr_t dma;
	void *scratch;

	scratch = dma_alloc_coherent(&nic->pdev->dev, PAGE_SIZE, &dma, GFP_KERNEL);
	return nic_register_buffer(nic, scratch, dma);
}

/* 5. IS_ERR_OR_NULL(), as drivers that mix allocators write it. */
int nic_alloc_cmd(struct nic *nic, struct nic_desc **out)
{
	dma_addr_t dma;
	struct nic_desc *cmd;

	cmd = dma_alloc_coherent(&nic->pdev->dev, sizeof(*cmd), &dma, GFP_KERNEL);
	if (IS_ERR_OR_NULL(cmd))
		return -ENOMEM;
	cmd->addr = cpu_to_le64(dma);
	*out = cmd;
	return 0;
}

/* A descriptor-chain device with a dma_pool (xhci segments, dw_mmc idmac
 * descriptors). */
struct trb_seg {
	__le32 *trbs;
	dma_addr_t dma;
	struct trb_seg *next;
};

struct hcd {
	struct device *dev;
	struct dma_pool *segment_pool;
	struct dma_pool *td_pool;
};

/* 6. xhci_segment_alloc(): the pool tested at creation, each segment
 *    tested before its TRBs are touched. */
int hcd_mem_init(struct hcd *h)
{
	h->segment_pool = dma_pool_create("segment pool", h->dev, TRB_SEG_SIZE,
					  TRB_SEG_SIZE, TRB_SEG_SIZE);
	if (!h->segment_pool)
		return -ENOMEM;
	h->td_pool = dmam_pool_create("td pool", h->dev, 64, 64, 0);
	if (!h->td_pool) {
		dma_pool_destroy(h->segment_pool);
		return -ENOMEM;
	}
	return 0;
}

struct trb_seg *hcd_segment_alloc(struct hcd *h, gfp_t flags)
{
	struct trb_seg *seg;
	dma_addr_t dma;

	seg = kzalloc(sizeof(*seg), flags);
	if (!seg)
		return NULL;
	seg->trbs = dma_pool_zalloc(h->segment_pool, flags, &dma);
	if (!seg->trbs) {
		kfree(seg);
		return NULL;
	}
	seg->trbs[0] = cpu_to_le32(0);
	seg->dma = dma;
	return seg;
}

/* 7. A chain of pool descriptors built in a loop, each tested, the chain
 *    freed on failure. */
struct td {
	__le32 next;
	__le32 ctrl;
	dma_addr_t dma;
	struct td *sw_next;
};

struct td *hcd_build_chain(struct hcd *h, unsigned int n)
{
	struct td *head = NULL, *prev = NULL, *td;
	dma_addr_t dma;
	unsigned int i;

	for (i = 0; i < n; i++) {
		td = dma_pool_alloc(h->td_pool, GFP_ATOMIC, &dma);
		if (!td)
			goto unwind;
		td->ctrl = 0;
		td->next = 0;
		td->dma = dma;
		td->sw_next = NULL;
		if (prev) {
			prev->next = cpu_to_le32(dma);
			prev->sw_next = td;
		} else {
			head = td;
		}
		prev = td;
	}
	return head;

unwind:
	while (head) {
		td = head->sw_next;
		dma_pool_free(h->td_pool, head, head->dma);
		head = td;
	}
	return NULL;
}

/* 8. The pool of a device that failed to start destroyed untested:
 *    dma_pool_destroy(NULL) is allowed. */
void hcd_mem_cleanup(struct hcd *h)
{
	dma_pool_destroy(h->segment_pool);
	h->segment_pool = NULL;
}

/* A USB vendor driver with a coherent URB buffer. */
struct vnd {
	struct usb_device *udev;
	struct urb *urb;
};

void vnd_irq_done(struct urb *urb);

/* 9. usb_alloc_coherent() into the urb, tested through the urb's field. */
int vnd_start_irq(struct vnd *v, unsigned int ep, size_t len)
{
	struct urb *urb = v->urb;

	urb->transfer_buffer = usb_alloc_coherent(v->udev, len, GFP_KERNEL,
						  &urb->transfer_dma);
	if (!urb->transfer_buffer)
		return -ENOMEM;
	memset(urb->transfer_buffer, 0, len);
	usb_fill_int_urb(urb, v->udev, usb_rcvintpipe(v->udev, ep),
			 urb->transfer_buffer, len, vnd_irq_done, v, 4);
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 10. An audio buffer (snd_dma_alloc_pages() style): the write-combined
 *     area used only on the branch where it is non-NULL. */
struct pcm_buf {
	struct device *dev;
	unsigned char *area;
	dma_addr_t addr;
	size_t bytes;
};

int pcm_alloc_buf(struct pcm_buf *b, size_t size)
{
	b->area = dma_alloc_wc(b->dev, size, &b->addr, GFP_KERNEL);
	if (b->area) {
		memset(b->area, 0, size);
		b->bytes = size;
		return 0;
	}
	b->bytes = 0;
	return -ENOMEM;
}
