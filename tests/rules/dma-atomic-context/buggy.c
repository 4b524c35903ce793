// Coherent frees with interrupts off, pool creation and destruction in
// atomic context, and allocations that may sleep (GFP_KERNEL, GFP_NOIO)
// under a spinlock or in a hard interrupt handler, in driver idioms.
// dma-api.rst, Part Ia: dma_free_coherent() & co. "may only be called with
// IRQs enabled"; Part Ib: dma_pool_create()/dma_pool_destroy() "must be
// called in a context which can sleep", dma_pool_alloc() may be given
// GFP_KERNEL only when "not in_interrupt, not holding SMP locks".
// RUN: %not %dmacheck --rules='-*,dma-atomic-context' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/usb.h>

#define NIC_RING_SIZE	256
#define NIC_REG_ICR	0x00c0
#define NIC_ICR_FATAL	0x8000
#define NIC_REG_CTRL	0x0000

/* A PCI NIC with a descriptor ring, a statistics block and an IRQ. */
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
};

void nic_hw_stop_tx(struct nic *nic);

/* 1. Ring teardown under the driver's IRQ-safe lock (the pattern the
 *    rule's page shows): the free runs with interrupts disabled. */
void nic_free_tx_ring(struct nic *nic)
{
	unsigned long flags;

	spin_lock_irqsave(&nic->lock, flags);
	nic_hw_stop_tx(nic);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() called with interrupts disabled (spin_lock_irqsave() at line 57); it may only be called with interrupts enabled (dma-api.rst) [dma-atomic-context]
	dma_free_coherent(nic->dev, nic->tx_ring_size, nic->tx_ring,
			  nic->tx_ring_dma);
	nic->tx_ring = NULL;
	spin_unlock_irqrestore(&nic->lock, flags);
}

/* 2. The hard interrupt handler gives up on a fatal error and releases the
 *    statistics block there: a hard handler runs with interrupts off. */
static irqreturn_t nic_intr(int irq, void *data)
{
	struct nic *nic = data;
	u32 icr = readl(nic->hw + NIC_REG_ICR);

	if (!icr)
		return IRQ_NONE;
	if (icr & NIC_ICR_FATAL) {
		writel(0, nic->hw + NIC_REG_CTRL);
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() called in the interrupt handler nic_intr() (registered with request_irq() at line 101); it may only be called with interrupts enabled (dma-api.rst) [dma-atomic-context]
		dma_free_coherent(nic->dev, PAGE_SIZE, nic->stats, nic->stats_dma);
		nic->stats = NULL;
	}
	return IRQ_HANDLED;
}

/* 3. The same handler's sibling: a firmware-log buffer allocated with
 *    GFP_KERNEL on the first "log ready" interrupt. */
static irqreturn_t nic_fw_intr(int irq, void *data)
{
	struct nic *nic = data;

	if (!nic->fw_log)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_coherent() with a gfp_t that may sleep called in the interrupt handler nic_fw_intr() (registered with devm_request_irq() at line 104); the allocation may sleep: use GFP_ATOMIC, or allocate outside the atomic section [dma-atomic-context]
		nic->fw_log = dma_alloc_coherent(nic->dev, PAGE_SIZE,
						 &nic->fw_log_dma, GFP_KERNEL);
	return IRQ_HANDLED;
}

int nic_request_irqs(struct nic *nic)
{
	int ret;

	ret = request_irq(nic->pdev->irq, nic_intr, IRQF_SHARED, "nic", nic);
	if (ret)
		return ret;
	ret = devm_request_irq(nic->dev, nic->pdev->irq + 1, nic_fw_intr, 0,
			       "nic-fw", nic);
	if (ret)
		free_irq(nic->pdev->irq, nic);
	return ret;
}

/* 4. An ethtool ring resize done under the BH lock that the NAPI poll
 *    also takes: GFP_KERNEL may sleep with the lock held. */
int nic_set_ringparam(struct nic *nic, unsigned int count)
{
	struct nic_desc *ring;
	dma_addr_t dma;

	spin_lock_bh(&nic->lock);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_coherent() with a gfp_t that may sleep called under a spinlock (spin_lock_bh() at line 118); the allocation may sleep: use GFP_ATOMIC, or allocate outside the atomic section [dma-atomic-context]
	ring = dma_alloc_coherent(nic->dev, count * sizeof(*ring), &dma,
				  GFP_KERNEL);
	if (!ring) {
		spin_unlock_bh(&nic->lock);
		return -ENOMEM;
	}
	nic->rx_ring = ring;
	nic->rx_ring_dma = dma;
	nic->rx_count = count;
	spin_unlock_bh(&nic->lock);
	return 0;
}

/* 5. The driver's own lock helpers (the analyzer steps into them): the
 *    write-combined ring is freed between nic_lock() and nic_unlock(),
 *    that is with interrupts off. */
static void nic_lock(struct nic *nic)
{
	spin_lock_irqsave(&nic->lock, nic->lock_flags);
}

static void nic_unlock(struct nic *nic)
{
	spin_unlock_irqrestore(&nic->lock, nic->lock_flags);
}

void nic_reset_rx(struct nic *nic)
{
	nic_lock(nic);
	writel(0, nic->hw + NIC_REG_CTRL);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_wc() called with interrupts disabled (spin_lock_irqsave() at line 138); it may only be called with interrupts enabled (dma-api.rst) [dma-atomic-context]
	dma_free_wc(nic->dev, nic->rx_count * sizeof(struct nic_desc),
		    nic->rx_ring, nic->rx_ring_dma);
	nic->rx_ring = NULL;
	nic_unlock(nic);
}

/* 6. A firmware crash dump freed after local_irq_save(), as some old
 *    drivers do around their "stop the world" sequence. */
void nic_drop_fw_log(struct nic *nic)
{
	unsigned long flags;

	local_irq_save(flags);
	writel(0, nic->hw + NIC_REG_CTRL);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_attrs() called with interrupts disabled (local_irq_save() at line 163); it may only be called with interrupts enabled (dma-api.rst) [dma-atomic-context]
	dma_free_attrs(nic->dev, PAGE_SIZE, nic->fw_log, nic->fw_log_dma,
		       DMA_ATTR_FORCE_CONTIGUOUS);
	nic->fw_log = NULL;
	local_irq_restore(flags);
}

/* A descriptor-chain device (a host controller) with a dma_pool. */
struct hc_td {
	__le32 next;
	__le32 ctrl;
	__le32 buf;
	dma_addr_t dma;
};

struct hc {
	struct device *dev;
	spinlock_t lock;
	struct dma_pool *td_pool;
	struct hc_td *dummy;
	dma_addr_t dummy_dma;
	bool running;
};

/* 7. Controller reset: the pool is torn down and made again while the
 *    lock that the completion path takes is held. */
int hc_reset(struct hc *hc)
{
	spin_lock(&hc->lock);
	hc->running = false;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_destroy() called under a spinlock (spin_lock() at line 193); it may sleep [dma-atomic-context]
	dma_pool_destroy(hc->td_pool);
	spin_unlock(&hc->lock);

	spin_lock_irq(&hc->lock);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_create() called with interrupts disabled (spin_lock_irq() at line 199); it may sleep [dma-atomic-context]
	hc->td_pool = dma_pool_create("hc_td", hc->dev, sizeof(struct hc_td),
				      32, 0);
	spin_unlock_irq(&hc->lock);
	return hc->td_pool ? 0 : -ENOMEM;
}

/* 8. The driver's allocation helper passes its gfp_t on; its caller gives
 *    GFP_KERNEL while holding the IRQ-safe lock. Reported in the helper,
 *    where the allocation is. */
static struct hc_td *hc_alloc_td(struct hc *hc, gfp_t mem_flags)
{
	struct hc_td *td;
	dma_addr_t dma;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_zalloc() with a gfp_t that may sleep called with interrupts disabled (spin_lock_irqsave() at line 228); the allocation may sleep: use GFP_ATOMIC, or allocate outside the atomic section [dma-atomic-context]
	td = dma_pool_zalloc(hc->td_pool, mem_flags, &dma);
	if (!td)
		return NULL;
	td->dma = dma;
	return td;
}

int hc_add_dummy(struct hc *hc)
{
	unsigned long flags;
	struct hc_td *td;

	spin_lock_irqsave(&hc->lock, flags);
	td = hc_alloc_td(hc, GFP_KERNEL);
	if (!td) {
		spin_unlock_irqrestore(&hc->lock, flags);
		return -ENOMEM;
	}
	hc->dummy = td;
	hc->dummy_dma = td->dma;
	spin_unlock_irqrestore(&hc->lock, flags);
	return 0;
}

/* 9. A storage-style command block taken with GFP_NOIO under the lock:
 *    GFP_NOIO still sleeps in direct reclaim. */
int hc_queue_cmd(struct hc *hc, u32 buf)
{
	struct hc_td *td;
	dma_addr_t dma;

	spin_lock(&hc->lock);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_alloc() with a gfp_t that may sleep called under a spinlock (spin_lock() at line 247); the allocation may sleep: use GFP_ATOMIC, or allocate outside the atomic section [dma-atomic-context]
	td = dma_pool_alloc(hc->td_pool, GFP_NOIO, &dma);
	if (td) {
		td->buf = cpu_to_le32(buf);
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

/* 10. The interrupt-endpoint buffer grown under the lock its completion
 *     handler takes, with GFP_KERNEL. */
int vnd_grow_buf(struct vnd *v, size_t len)
{
	unsigned long flags;
	u8 *buf;

	spin_lock_irqsave(&v->lock, flags);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_alloc_coherent() with a gfp_t that may sleep called with interrupts disabled (spin_lock_irqsave() at line 275); the allocation may sleep: use GFP_ATOMIC, or allocate outside the atomic section [dma-atomic-context]
	buf = usb_alloc_coherent(v->udev, len, GFP_KERNEL, &v->urb->transfer_dma);
	if (buf) {
		v->buf = buf;
		v->len = len;
	}
	spin_unlock_irqrestore(&v->lock, flags);
	return buf ? 0 : -ENOMEM;
}

/* 11. The driver's ring macro takes the gfp_t of the descriptor ring and of
 *     its shadow array. The flag is judged as written for the ring's
 *     allocation, not from the whole macro call, whose other argument
 *     (GFP_ATOMIC) does not sleep. */
#define nic_alloc_ring(nic, n, gfp_ring, gfp_shadow)			\
	do {								\
		(nic)->rx_ring = dma_alloc_coherent((nic)->dev,		\
				(n) * sizeof(struct nic_desc),		\
				&(nic)->rx_ring_dma, gfp_ring);		\
		(nic)->stats = kcalloc(n, sizeof(u32), gfp_shadow);	\
	} while (0)

void nic_grow_ring(struct nic *nic, unsigned int count)
{
	spin_lock_bh(&nic->lock);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_alloc_coherent() with a gfp_t that may sleep called under a spinlock (spin_lock_bh() at line [[@LINE-1]]); the allocation may sleep: use GFP_ATOMIC, or allocate outside the atomic section [dma-atomic-context]
	nic_alloc_ring(nic, count, GFP_KERNEL, GFP_ATOMIC);
	nic->rx_count = count;
	spin_unlock_bh(&nic->lock);
}
