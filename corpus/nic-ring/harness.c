// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the NRG ring NIC (bad.c / good.c, whichever DMART_DRIVER
 * names).  The harness is the PCI device: it fetches tx descriptors and
 * packet data by DMA from the rings the driver programmed (TX_BASE, TX_TAIL),
 * writes received frames into the rx buffers the ring points at, and raises
 * the interrupt so that the driver cleans up in NAPI.  Each scenario probes,
 * opens, exercises, stops and removes the driver, then destroys the device
 * (which reports what is still mapped).
 */
#include DMART_DRIVER
#include <dmart.h>
#include <stdlib.h>

#define H_FRAME_LEN	128
#define H_BATCH		32	/* rx frames per interrupt, below the NAPI budget */
#define H_RX_WRAP	(2 * NRG_RX_RING_SIZE + 64)

struct nrg_h {
	struct pci_dev *pdev;
	struct net_device *ndev;
	struct nrg_priv *priv;
	void __iomem *regs;
	bool opened;
	unsigned int dev_tx;	/* next tx descriptor the device fetches */
	unsigned int dev_rx;	/* next rx descriptor the device fills */
	unsigned int tx_done;	/* frames the device sent */
	unsigned int rx_done;	/* frames the device delivered */
	unsigned int bus_err;	/* descriptors with an address it cannot use */
	struct workqueue_struct *wq;
};

/* A fault was injected: the driver may drop frames or fail probe. */
static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static int h_desc_read(struct nrg_h *h, dma_addr_t ring, unsigned int i,
		       struct nrg_desc *d)
{
	return dmart_dev_read(&h->pdev->dev, ring + i * sizeof(*d), d, sizeof(*d));
}

static int h_desc_write(struct nrg_h *h, dma_addr_t ring, unsigned int i,
			const struct nrg_desc *d)
{
	return dmart_dev_write(&h->pdev->dev, ring + i * sizeof(*d), d, sizeof(*d));
}

/* Let NAPI (run on the runtime's deferred-work thread) finish. */
static void h_flush(struct nrg_h *h)
{
	flush_workqueue(h->wq);
}

static void h_irq(struct nrg_h *h, u32 cause)
{
	writel(readl(h->regs + NRG_REG_ISR) | cause, h->regs + NRG_REG_ISR);
	dmart_irq_raise(h->pdev->irq);
	h_flush(h);
}

/* -------------------------------------------------- the device's side */

/* Fetch and "send" every descriptor the driver handed over up to TX_TAIL. */
static int h_dev_tx(struct nrg_h *h)
{
	dma_addr_t ring = lo_hi_readq(h->regs + NRG_REG_TX_BASE);
	unsigned int tail = readl(h->regs + NRG_REG_TX_TAIL) & (NRG_TX_RING_SIZE - 1);
	static u8 data[65536];
	bool any = false;

	while (h->dev_tx != tail) {
		struct nrg_desc d;
		u32 ctrl;
		unsigned int len;

		if (h_desc_read(h, ring, h->dev_tx, &d))
			return -EIO;
		ctrl = le32_to_cpu(d.ctrl);
		if (!(ctrl & NRG_DESC_OWN))
			break;
		len = ctrl & NRG_DESC_LEN_MASK;
		if (le64_to_cpu(d.addr) == DMA_MAPPING_ERROR) {
			h->bus_err++;
		} else if (len && dmart_dev_read(&h->pdev->dev,
						 le64_to_cpu(d.addr), data, len)) {
			return -EIO;
		}
		if (ctrl & NRG_DESC_EOF)
			h->tx_done++;
		d.ctrl = cpu_to_le32(ctrl & ~NRG_DESC_OWN);
		if (h_desc_write(h, ring, h->dev_tx, &d))
			return -EIO;
		h->dev_tx = NRG_NEXT_TX(h->dev_tx);
		any = true;
	}
	if (any)
		h_irq(h, NRG_INT_TX);
	return 0;
}

/*
 * Receive up to @n frames into the buffers the driver posted; the @err_at-th
 * one (1-based, 0: none) is flagged as a receive error.  Frames received.
 */
static int h_dev_rx(struct nrg_h *h, unsigned int n, unsigned int err_at)
{
	dma_addr_t ring = lo_hi_readq(h->regs + NRG_REG_RX_BASE);
	u8 frame[H_FRAME_LEN];
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nrg_desc d;
		u32 ctrl;
		dma_addr_t addr;

		if (h_desc_read(h, ring, h->dev_rx, &d))
			return -EIO;
		ctrl = le32_to_cpu(d.ctrl);
		if (!(ctrl & NRG_DESC_OWN))
			break;		/* ring empty: the frame is dropped */
		addr = le64_to_cpu(d.addr);
		if (addr == DMA_MAPPING_ERROR) {
			/* No bus address: the device stops its receive DMA. */
			h->bus_err++;
			break;
		}
		memset(frame, 0, sizeof(frame));
		memset(frame, 0xff, ETH_ALEN);
		frame[12] = 0x08;
		frame[H_FRAME_LEN - 1] = (u8)h->rx_done;
		if (dmart_dev_write(&h->pdev->dev, addr, frame, sizeof(frame)))
			return -EIO;
		d.status = cpu_to_le32(i + 1 == err_at ? NRG_RX_ERR : 0);
		d.ctrl = cpu_to_le32(sizeof(frame));
		if (h_desc_write(h, ring, h->dev_rx, &d))
			return -EIO;
		h->dev_rx = NRG_NEXT_RX(h->dev_rx);
		h->rx_done++;
	}
	if (i)
		h_irq(h, NRG_INT_RX);
	return i;
}

/* ------------------------------------------------------ the host side */

static int h_probe(struct nrg_h *h, const char *name, unsigned int flags)
{
	int err;

	memset(h, 0, sizeof(*h));
	h->wq = alloc_workqueue("nrg-h", 0, 1);
	h->pdev = dmart_pci_device_create(name, DMA_BIT_MASK(64), flags);
	if (!h->pdev)
		return -ENODEV;
	h->pdev->vendor = 0x1d17;
	h->pdev->device = 0x0100;
	err = nrg_driver.probe(h->pdev, &nrg_pci_tbl[0]);
	if (err) {
		dmart_pci_device_destroy(h->pdev);
		h->pdev = NULL;
		return err;
	}
	h->ndev = pci_get_drvdata(h->pdev);
	h->priv = netdev_priv(h->ndev);
	h->regs = h->priv->regs;
	return 0;
}

static int h_open(struct nrg_h *h)
{
	int err = h->ndev->netdev_ops->ndo_open(h->ndev);

	if (!err)
		h->opened = true;
	h->dev_tx = 0;
	h->dev_rx = 0;
	return err;
}

/* Stop (after the device finished what it was given) and remove. */
static int h_teardown(struct nrg_h *h)
{
	int ret = 0;

	if (!h->pdev)
		return 0;
	if (h->opened) {
		if (h_dev_tx(h))
			ret = 1;
		h_flush(h);
		h->ndev->netdev_ops->ndo_stop(h->ndev);
		h->opened = false;
	}
	nrg_driver.remove(h->pdev);
	h_flush(h);
	dmart_pci_device_destroy(h->pdev);
	h->pdev = NULL;
	return ret;
}

/* Probe failed: expected only when a fault was injected. */
static int h_probe_failed(int err)
{
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: probe failed (%d) without a fault\n", err);
	return 1;
}

static struct sk_buff *h_skb(struct nrg_h *h, unsigned int headlen,
			     unsigned int nr_frags, unsigned int frag_len)
{
	struct sk_buff *skb = netdev_alloc_skb(h->ndev, headlen);
	unsigned int i;

	if (!skb)
		return NULL;
	memset(skb_put(skb, headlen), 0x5a, headlen);
	for (i = 0; i < nr_frags; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			break;
		memset(page_address(page), 0x30 + i, PAGE_SIZE);
		skb_fill_page_desc(skb, i, page, 64 * i, frag_len);
		skb->len += frag_len;
		skb->data_len += frag_len;
		skb->truesize += PAGE_SIZE;
	}
	return skb;
}

/* Hand one frame to ndo_start_xmit; 1 if it went out or was dropped. */
static int h_xmit(struct nrg_h *h, unsigned int headlen, unsigned int nr_frags,
		  unsigned int frag_len)
{
	struct sk_buff *skb = h_skb(h, headlen, nr_frags, frag_len);
	netdev_tx_t rc;

	if (!skb)
		return -ENOMEM;
	rc = h->ndev->netdev_ops->ndo_start_xmit(skb, h->ndev);
	if (rc == NETDEV_TX_BUSY) {
		dev_kfree_skb_any(skb);
		return 0;
	}
	return 1;
}

/* ------------------------------------------------------------ scenarios */

/* Probe, open with a full rx ring, stop, remove. */
static int scn_probe_remove(void)
{
	struct nrg_h h;
	int err, ret;

	err = h_probe(&h, "nrg0", 0);
	if (err)
		return h_probe_failed(err);
	ret = h_open(&h) ? 1 : 0;
	ret |= h_teardown(&h);
	return ret;
}

/* Linear frames out, frames in (one with a receive error), interrupts, NAPI. */
static int scn_traffic(void)
{
	struct nrg_h h;
	unsigned int i, sent = 0;
	int err, ret = 0, n;

	err = h_probe(&h, "nrg0", 0);
	if (err)
		return h_probe_failed(err);
	if (h_open(&h)) {
		h_teardown(&h);
		return 1;
	}
	for (i = 0; i < 8; i++) {
		n = h_xmit(&h, 60 + 100 * i, 0, 0);
		if (n < 0)
			ret = 1;
		else
			sent += n;
	}
	if (h_dev_tx(&h))
		ret = 1;
	n = h_dev_rx(&h, 16, 5);
	if (n < 0)
		ret = 1;
	for (i = 0; i < 4; i++) {
		n = h_xmit(&h, 1500, 0, 0);
		sent += n > 0 ? n : 0;
		if (h_dev_tx(&h) || h_dev_rx(&h, 4, 0) < 0)
			ret = 1;
	}
	if (!h_faulting() && (h.tx_done != sent || h.rx_done != 32 ||
			      h.ndev->stats.rx_errors != 1 ||
			      h.ndev->stats.rx_packets != 31)) {
		fprintf(stderr, "harness: tx %u/%u rx %u errors %lu packets %lu\n",
			h.tx_done, sent, h.rx_done, h.ndev->stats.rx_errors,
			h.ndev->stats.rx_packets);
		ret = 1;
	}
	if (h.bus_err)
		ret = 1;
	ret |= h_teardown(&h);
	return ret;
}

/* Scatter-gather transmit: skb head plus page fragments. */
static int scn_tx_frags(void)
{
	static const unsigned int nfr[] = { 1, 3, 2, MAX_SKB_FRAGS, 4 };
	struct nrg_h h;
	unsigned int i, sent = 0;
	int err, ret = 0, n;

	err = h_probe(&h, "nrg0", 0);
	if (err)
		return h_probe_failed(err);
	if (h_open(&h)) {
		h_teardown(&h);
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(nfr); i++) {
		n = h_xmit(&h, 54, nfr[i], 256 + 32 * i);
		if (n < 0)
			ret = 1;
		sent += n > 0 ? n : 0;
		if (h_dev_tx(&h))
			ret = 1;
	}
	if (!h_faulting() && (h.tx_done != sent ||
			      h.ndev->stats.tx_packets != sent)) {
		fprintf(stderr, "harness: tx %u/%u, tx_packets %lu\n",
			h.tx_done, sent, h.ndev->stats.tx_packets);
		ret = 1;
	}
	if (h.bus_err)
		ret = 1;
	ret |= h_teardown(&h);
	return ret;
}

/*
 * Enough frames to wrap the rx ring twice (the driver refills the ring once
 * NAPI has drained it), a full tx ring (the queue stops until the device
 * completes), then stop, reopen with fresh buffers and receive again.
 */
static int scn_ring_wrap(void)
{
	struct nrg_h h;
	unsigned int i, sent = 0, want;
	int err, ret = 0, n;

	err = h_probe(&h, "nrg0", 0);
	if (err)
		return h_probe_failed(err);
	if (h_open(&h)) {
		h_teardown(&h);
		return 1;
	}
	for (want = H_RX_WRAP, i = 0; want; i++) {
		n = h_dev_rx(&h, min_t(unsigned int, want, H_BATCH),
			     i == 3 ? 7 : 0);
		if (n <= 0) {
			ret |= n < 0;
			break;
		}
		want -= n;
	}
	for (i = 0; i < NRG_TX_RING_SIZE && !netif_queue_stopped(h.ndev); i++) {
		n = h_xmit(&h, 60, i % 3, 100);
		if (n < 0)
			ret = 1;
		if (n <= 0)
			break;
		sent++;
	}
	if (!h_faulting() && (!netif_queue_stopped(h.ndev) ||
			      h.rx_done != H_RX_WRAP)) {
		fprintf(stderr, "harness: queue %s, rx %u\n",
			netif_queue_stopped(h.ndev) ? "stopped" : "running",
			h.rx_done);
		ret = 1;
	}
	if (h_dev_tx(&h))
		ret = 1;
	if (!h_faulting() && (h.tx_done != sent || netif_queue_stopped(h.ndev))) {
		fprintf(stderr, "harness: tx %u/%u after completion\n",
			h.tx_done, sent);
		ret = 1;
	}

	/* Down and up again: the rx ring is emptied and refilled. */
	h.ndev->netdev_ops->ndo_stop(h.ndev);
	h.opened = false;
	if (h_open(&h)) {
		ret = 1;
	} else {
		n = h_dev_rx(&h, H_BATCH, 0);
		if (n < 0 || h_xmit(&h, 200, 2, 300) < 0 || h_dev_tx(&h))
			ret = 1;
	}
	if (h.bus_err)
		ret = 1;
	ret |= h_teardown(&h);
	return ret;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "traffic", scn_traffic },
	{ "tx-frags", scn_tx_frags },
	{ "ring-wrap", scn_ring_wrap },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
