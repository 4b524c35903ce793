// DMA calls made where their contract allows them: frees after the unlock
// or under a lock that leaves interrupts on, GFP_ATOMIC/GFP_NOWAIT under
// locks and in the hard handler, GFP_KERNEL in the threaded handler, under
// a mutex, or with a gfp_t that comes from the caller. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-atomic-context' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/usb.h>

#define NIC_RING_SIZE	256
#define NIC_REG_ICR	0x00c0
#define NIC_REG_CTRL	0x0000
#define NIC_ICR_LOG	0x0100

/* A PCI NIC with a descriptor ring, a statistics block and two IRQs. */
struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *hw;
	spinlock_t lock;
	unsigned long lock_flags;
	struct mutex cfg_mutex;
	struct nic_desc *tx_ring;
	dma_addr_t tx_ring_dma;
	size_t tx_ring_size;
	struct nic_desc *rx_ring;
	dma_addr_t rx_ring_dma;
	unsigned int rx_count;
	u32 *stats;
	dma_addr_t stats_dma;
	void *fw_log;
	dma_addr_t fw_log_dma;
	void *bounce;
	dma_addr_t bounce_dma;
};

void nic_hw_stop_tx(struct nic *nic);

/* 1. The fix the rule's page gives: the ring is detached under the
 *    IRQ-safe lock and freed after the unlock. */
void nic_free_tx_ring(struct nic *nic)
{
	struct nic_desc *ring;
	dma_addr_t ring_dma;
	unsigned long flags;

	spin_lock_irqsave(&nic->lock, flags);
	nic_hw_stop_tx(nic);
	ring = nic->tx_ring;
	ring_dma = nic->tx_ring_dma;
	nic->tx_ring = NULL;
	spin_unlock_irqrestore(&nic->lock, flags);

	dma_free_coherent(nic->dev, nic->tx_ring_size, ring, ring_dma);
}

/* 2. A plain spin_lock() (and spin_lock_bh()) leaves interrupts on: a
 *    coherent free may run under it. */
void nic_free_stats(struct nic *nic)
{
	spin_lock(&nic->lock);
	if (nic->stats)
		dma_free_coherent(nic->dev, PAGE_SIZE, nic->stats, nic->stats_dma);
	nic->stats = NULL;
	spin_unlock(&nic->lock);

	spin_lock_bh(&nic->lock);
	if (nic->bounce)
		dma_free_attrs(nic->dev, PAGE_SIZE, nic->bounce, nic->bounce_dma, 0);
	nic->bounce = NULL;
	spin_unlock_bh(&nic->lock);
}

/* 3. The hard handler takes a bounce buffer with GFP_ATOMIC, and the
 *    threaded handler (not hard-irq context: it may sleep) allocates and
 *    frees with GFP_KERNEL. */
static irqreturn_t nic_intr(int irq, void *data)
{
	struct nic *nic = data;
	u32 icr = readl(nic->hw + NIC_REG_ICR);

	if (!icr)
		return IRQ_NONE;
	if (!nic->bounce)
		nic->bounce = dma_alloc_coherent(nic->dev, PAGE_SIZE,
						 &nic->bounce_dma, GFP_ATOMIC);
	return (icr & NIC_ICR_LOG) ? IRQ_WAKE_THREAD : IRQ_HANDLED;
}

static irqreturn_t nic_intr_thread(int irq, void *data)
{
	struct nic *nic = data;
	void *log;
	dma_addr_t log_dma;

	log = dma_alloc_coherent(nic->dev, PAGE_SIZE, &log_dma, GFP_KERNEL);
	if (!log)
		return IRQ_HANDLED;
	mutex_lock(&nic->cfg_mutex);
	if (nic->fw_log)
		dma_free_coherent(nic->dev, PAGE_SIZE, nic->fw_log,
				  nic->fw_log_dma);
	nic->fw_log = log;
	nic->fw_log_dma = log_dma;
	mutex_unlock(&nic->cfg_mutex);
	return IRQ_HANDLED;
}

int nic_request_irqs(struct nic *nic)
{
	return request_threaded_irq(nic->pdev->irq, nic_intr, nic_intr_thread,
				    IRQF_SHARED, "nic", nic);
}

/* 4. Ring resize under the configuration mutex: a mutex holder may sleep,
 *    GFP_KERNEL and the free of the old ring are fine. */
int nic_set_ringparam(struct nic *nic, unsigned int count)
{
	struct nic_desc *ring;
	dma_addr_t dma;

	mutex_lock(&nic->cfg_mutex);
	ring = dma_alloc_coherent(nic->dev, count * sizeof(*ring), &dma,
				  GFP_KERNEL);
	if (!ring) {
		mutex_unlock(&nic->cfg_mutex);
		return -ENOMEM;
	}
	if (nic->rx_ring)
		dma_free_coherent(nic->dev, nic->rx_count * sizeof(*ring),
				  nic->rx_ring, nic->rx_ring_dma);
	nic->rx_ring = ring;
	nic->rx_ring_dma = dma;
	nic->rx_count = count;
	mutex_unlock(&nic->cfg_mutex);
	return 0;
}

/* 5. The driver's own lock helpers: the ring is swapped between them and
 *    the old one freed after nic_unlock() has enabled interrupts again;
 *    the new one was allocated before nic_lock(). */
static void nic_lock(struct nic *nic)
{
	spin_lock_irqsave(&nic->lock, nic->lock_flags);
}

static void nic_unlock(struct nic *nic)
{
	spin_unlock_irqrestore(&nic->lock, nic->lock_flags);
}

int nic_replace_rx_ring(struct nic *nic)
{
	size_t size = nic->rx_count * sizeof(struct nic_desc);
	struct nic_desc *old, *ring;
	dma_addr_t old_dma, dma;

	ring = dma_alloc_wc(nic->dev, size, &dma, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	nic_lock(nic);
	old = nic->rx_ring;
	old_dma = nic->rx_ring_dma;
	nic->rx_ring = ring;
	nic->rx_ring_dma = dma;
	writel(lower_32_bits(dma), nic->hw + NIC_REG_CTRL);
	nic_unlock(nic);
	dma_free_wc(nic->dev, size, old, old_dma);
	return 0;
}

/* 6. local_irq_save() ... local_irq_restore() around the register
 *    sequence only; the free comes after interrupts are back on. */
void nic_drop_fw_log(struct nic *nic)
{
	unsigned long flags;
	void *log = nic->fw_log;

	local_irq_save(flags);
	writel(0, nic->hw + NIC_REG_CTRL);
	nic->fw_log = NULL;
	local_irq_restore(flags);
	dma_free_attrs(nic->dev, PAGE_SIZE, log, nic->fw_log_dma, 0);
}

/* 7. A lock taken on one branch only and released on it: the free after
 *    the branch runs with interrupts on whichever way the path went. */
void nic_shutdown(struct nic *nic, bool running)
{
	unsigned long flags;

	if (running) {
		spin_lock_irqsave(&nic->lock, flags);
		nic_hw_stop_tx(nic);
		spin_unlock_irqrestore(&nic->lock, flags);
	}
	dma_free_coherent(nic->dev, nic->tx_ring_size, nic->tx_ring,
			  nic->tx_ring_dma);
}

/* A descriptor-chain device (a host controller) with a dma_pool. */
struct hc_td {
	__le32 next;
	__le32 ctrl;
	__le32 buf;
	dma_addr_t dma;
	struct hc_td *sw_next;
};

struct hc {
	struct device *dev;
	int irq;
	void __iomem *regs;
	spinlock_t lock;
	struct dma_pool *td_pool;
	struct hc_td *done;
	struct hc_td *dummy;
	dma_addr_t dummy_dma;
};

/* 8. The allocation helper passes its gfp_t on: the enqueue path calls it
 *    with GFP_ATOMIC under the lock, probe with GFP_KERNEL outside it. */
static struct hc_td *hc_alloc_td(struct hc *hc, gfp_t mem_flags)
{
	struct hc_td *td;
	dma_addr_t dma;

	td = dma_pool_zalloc(hc->td_pool, mem_flags, &dma);
	if (!td)
		return NULL;
	td->dma = dma;
	return td;
}

int hc_enqueue(struct hc *hc, u32 buf)
{
	unsigned long flags;
	struct hc_td *td;

	spin_lock_irqsave(&hc->lock, flags);
	td = hc_alloc_td(hc, GFP_ATOMIC);
	if (!td) {
		spin_unlock_irqrestore(&hc->lock, flags);
		return -ENOMEM;
	}
	td->buf = cpu_to_le32(buf);
	hc->dummy->next = cpu_to_le32(td->dma);
	spin_unlock_irqrestore(&hc->lock, flags);
	return 0;
}

/* 9. The completion handler gives finished descriptors back under the
 *    lock, in hard-irq context: dma_pool_free() may run there. */
static irqreturn_t hc_irq(int irq, void *data)
{
	struct hc *hc = data;
	struct hc_td *td, *next;

	spin_lock(&hc->lock);
	for (td = hc->done; td; td = next) {
		next = td->sw_next;
		dma_pool_free(hc->td_pool, td, td->dma);
	}
	hc->done = NULL;
	spin_unlock(&hc->lock);
	return IRQ_HANDLED;
}

/* 10. Probe and remove: the pool is made and destroyed with no lock held,
 *     the lock only around the register writes, and the first descriptor
 *     taken with GFP_KERNEL before the IRQ is requested. */
int hc_probe(struct hc *hc)
{
	int ret;

	hc->td_pool = dma_pool_create("hc_td", hc->dev, sizeof(struct hc_td),
				      32, 0);
	if (!hc->td_pool)
		return -ENOMEM;
	hc->dummy = hc_alloc_td(hc, GFP_KERNEL);
	if (!hc->dummy) {
		ret = -ENOMEM;
		goto err_pool;
	}
	spin_lock_irq(&hc->lock);
	writel(lower_32_bits(hc->dummy->dma), hc->regs);
	spin_unlock_irq(&hc->lock);
	ret = devm_request_irq(hc->dev, hc->irq, hc_irq, IRQF_SHARED, "hc", hc);
	if (ret)
		goto err_td;
	return 0;

err_td:
	dma_pool_free(hc->td_pool, hc->dummy, hc->dummy->dma);
err_pool:
	dma_pool_destroy(hc->td_pool);
	return ret;
}

void hc_remove(struct hc *hc)
{
	spin_lock_irq(&hc->lock);
	writel(0, hc->regs);
	spin_unlock_irq(&hc->lock);
	free_irq(hc->irq, hc);
	dma_pool_destroy(hc->td_pool);
}

/* 11. A queueing entry point that gets its gfp_t from its caller (as an
 *     HCD's urb_enqueue gets mem_flags): whether it may sleep is the
 *     caller's business, not spelled here. */
int hc_queue_with(struct hc *hc, gfp_t mem_flags)
{
	struct hc_td *td;
	dma_addr_t dma;

	spin_lock(&hc->lock);
	td = dma_pool_alloc(hc->td_pool, mem_flags, &dma);
	if (td) {
		td->dma = dma;
		hc->dummy->next = cpu_to_le32(dma);
	}
	spin_unlock(&hc->lock);
	return td ? 0 : -ENOMEM;
}

/* A USB vendor driver with coherent URB buffers. */
struct vnd {
	struct usb_device *udev;
	spinlock_t lock;
	struct urb *urb;
	u8 *buf;
	size_t len;
};

/* 12. The buffer is allocated before the lock is taken (GFP_KERNEL is
 *     fine there) and only published under it; a second, small one is
 *     taken with GFP_NOWAIT under the lock. */
int vnd_grow_buf(struct vnd *v, size_t len)
{
	unsigned long flags;
	dma_addr_t dma;
	u8 *buf, *status;

	buf = usb_alloc_coherent(v->udev, len, GFP_KERNEL, &dma);
	if (!buf)
		return -ENOMEM;
	spin_lock_irqsave(&v->lock, flags);
	v->buf = buf;
	v->len = len;
	v->urb->transfer_dma = dma;
	status = usb_alloc_coherent(v->udev, 8, GFP_NOWAIT, &dma);
	spin_unlock_irqrestore(&v->lock, flags);
	if (status)
		usb_free_coherent(v->udev, 8, status, dma);
	return 0;
}

/* 13. The driver's ring macro takes a gfp_t for the ring and one for its
 *     shadow array: GFP_KERNEL for both before the lock is taken, and
 *     GFP_ATOMIC for the ring under it, whatever the other argument says. */
#define nic_alloc_ring(nic, n, gfp_ring, gfp_shadow)			\
	do {								\
		(nic)->rx_ring = dma_alloc_coherent((nic)->dev,		\
				(n) * sizeof(struct nic_desc),		\
				&(nic)->rx_ring_dma, gfp_ring);		\
		(nic)->stats = kcalloc(n, sizeof(u32), gfp_shadow);	\
	} while (0)

void nic_grow_ring(struct nic *nic, unsigned int count, bool atomic)
{
	if (!atomic) {
		nic_alloc_ring(nic, count, GFP_KERNEL, GFP_KERNEL);
		return;
	}
	spin_lock_bh(&nic->lock);
	nic_alloc_ring(nic, count, GFP_ATOMIC, GFP_ATOMIC);
	nic->rx_count = count;
	spin_unlock_bh(&nic->lock);
}
