// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the RCP C+ mode NIC (bad.c / good.c, whichever
 * DMART_DRIVER names).  The harness is the PCI device: on a TxPoll kick it
 * fetches tx descriptors from the ring whose address the driver programmed
 * (TxRingAddr), reads each buffer by DMA at the address in the descriptor,
 * hands the descriptor back and raises the interrupt, whose handler cleans
 * the tx ring; it writes received frames into the rx buffers of the ring at
 * RxRingAddr and raises the interrupt, which schedules NAPI.  Each scenario
 * probes, opens, exercises, stops and removes the driver, then destroys the
 * device (which reports what is still mapped).
 */
#include DMART_DRIVER
#include <dmart.h>
#include <stdlib.h>

#define H_FRAME_LEN	128
#define H_BATCH		32	/* rx frames per interrupt, below the NAPI budget */
#define H_RX_WRAP	(2 * RCP_RX_RING_SIZE + 40)
#define H_MAX_QUEUED	256

struct rcp_h {
	struct pci_dev *pdev;
	struct net_device *ndev;
	struct rcp_private *cp;
	void __iomem *regs;
	bool opened;
	unsigned int dev_tx;	/* next tx descriptor the device fetches */
	unsigned int dev_rx;	/* next rx descriptor the device fills */
	unsigned int tx_done;	/* frames the device sent */
	unsigned int rx_done;	/* frames the device delivered */
	unsigned int bus_err;	/* descriptors with an address it cannot use */
	unsigned int bad_frame;	/* sent frames that were not what was queued */
	unsigned int cur_len;	/* bytes of the frame being fetched */
	unsigned int want[H_MAX_QUEUED];	/* lengths of the frames queued */
	unsigned int want_head, want_tail;
	struct workqueue_struct *wq;
};

/* A fault was injected: the driver may drop frames or fail to open. */
static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static int h_desc_read(struct rcp_h *h, dma_addr_t ring, unsigned int i,
		       struct rcp_desc *d)
{
	return dmart_dev_read(&h->pdev->dev, ring + i * sizeof(*d), d, sizeof(*d));
}

static int h_desc_write_opts1(struct rcp_h *h, dma_addr_t ring, unsigned int i,
			      u32 opts1)
{
	__le32 v = cpu_to_le32(opts1);

	return dmart_dev_write(&h->pdev->dev, ring + i * sizeof(struct rcp_desc),
			       &v, sizeof(v));
}

/* Let NAPI (run on the runtime's deferred-work thread) finish. */
static void h_flush(struct rcp_h *h)
{
	flush_workqueue(h->wq);
}

/* Raise the interrupt for @cause if the driver has it unmasked. */
static void h_irq(struct rcp_h *h, u16 cause)
{
	if (!(readw(h->regs + RCP_INTR_MASK) & cause))
		return;
	writew(cause, h->regs + RCP_INTR_STATUS);
	dmart_irq_raise(h->pdev->irq);
	h_flush(h);
}

/* -------------------------------------------------- the device's side */

/*
 * If the driver kicked TxPoll, fetch and "send" every descriptor it owns,
 * in ring order, then interrupt.
 */
static int h_dev_tx(struct rcp_h *h)
{
	dma_addr_t ring = lo_hi_readq(h->regs + RCP_TX_RING_ADDR);
	static u8 data[65536];
	u16 cause = 0;

	if (!(readb(h->regs + RCP_TX_POLL) & RCP_NORMAL_TX_POLL))
		return 0;
	writeb(0, h->regs + RCP_TX_POLL);
	if (!(readb(h->regs + RCP_CMD) & RCP_CMD_TX_ON))
		return 0;

	for (;;) {
		struct rcp_desc d;
		dma_addr_t addr;
		u32 opts1, len;

		if (h_desc_read(h, ring, h->dev_tx, &d))
			return -EIO;
		opts1 = le32_to_cpu(d.opts1);
		if (!(opts1 & RCP_DESC_OWN))
			break;
		addr = le64_to_cpu(d.addr);
		len = opts1 & RCP_TX_LEN_MASK;
		if (opts1 & RCP_FIRST_FRAG)
			h->cur_len = 0;
		if (addr == DMA_MAPPING_ERROR) {
			/* No bus address: the fetch fails, the frame errors. */
			h->bus_err++;
			opts1 |= RCP_TX_ERROR;
			cause |= RCP_INT_TX_ERR;
		} else if (len && dmart_dev_read(&h->pdev->dev, addr, data, len)) {
			return -EIO;
		}
		h->cur_len += len;
		if (opts1 & RCP_LAST_FRAG) {
			if (h->want_head == h->want_tail ||
			    h->want[h->want_head++ % H_MAX_QUEUED] != h->cur_len)
				h->bad_frame++;
			h->tx_done++;
			cause |= RCP_INT_TX_OK;
		}
		if (h_desc_write_opts1(h, ring, h->dev_tx, opts1 & ~RCP_DESC_OWN))
			return -EIO;
		h->dev_tx = NEXT_TX(h->dev_tx);
	}
	if (cause)
		h_irq(h, cause);
	return 0;
}

/*
 * Receive up to @n frames into the buffers the driver posted; the @err_at-th
 * one (1-based, 0: none) is flagged as a receive error.  Frames received.
 */
static int h_dev_rx(struct rcp_h *h, unsigned int n, unsigned int err_at)
{
	dma_addr_t ring = lo_hi_readq(h->regs + RCP_RX_RING_ADDR);
	u8 frame[H_FRAME_LEN + RCP_CRC_LEN];
	unsigned int i;

	if (!(readb(h->regs + RCP_CMD) & RCP_CMD_RX_ON))
		return 0;

	for (i = 0; i < n; i++) {
		struct rcp_desc d;
		dma_addr_t addr;
		u32 opts1, status;

		if (h_desc_read(h, ring, h->dev_rx, &d))
			return -EIO;
		opts1 = le32_to_cpu(d.opts1);
		if (!(opts1 & RCP_DESC_OWN))
			break;		/* ring full: the frame is dropped */
		addr = le64_to_cpu(d.addr);
		if (addr == DMA_MAPPING_ERROR) {
			/* No bus address: the device stops its receive DMA. */
			h->bus_err++;
			break;
		}
		if ((opts1 & RCP_RX_LEN_MASK) < sizeof(frame)) {
			h->bad_frame++;
			break;
		}
		memset(frame, 0, sizeof(frame));
		memset(frame, 0xff, ETH_ALEN);
		frame[12] = 0x08;
		frame[H_FRAME_LEN - 1] = (u8)h->rx_done;
		if (dmart_dev_write(&h->pdev->dev, addr, frame, sizeof(frame)))
			return -EIO;
		status = RCP_FIRST_FRAG | RCP_LAST_FRAG | sizeof(frame) |
			 (opts1 & RCP_RING_END);
		if (i + 1 == err_at)
			status |= RCP_RX_ERROR;
		if (h_desc_write_opts1(h, ring, h->dev_rx, status))
			return -EIO;
		h->dev_rx = NEXT_RX(h->dev_rx);
		h->rx_done++;
	}
	if (i)
		h_irq(h, RCP_INT_RX_OK);
	return i;
}

/* ------------------------------------------------------ the host side */

static int h_probe(struct rcp_h *h, const char *name, unsigned int flags)
{
	int err;

	memset(h, 0, sizeof(*h));
	h->wq = alloc_workqueue("rcp-h", 0, 1);
	h->pdev = dmart_pci_device_create(name, DMA_BIT_MASK(64), flags);
	if (!h->pdev)
		return -ENODEV;
	h->pdev->vendor = 0x10ec;
	h->pdev->device = 0x8139;
	err = rcp_driver.probe(h->pdev, &rcp_pci_tbl[0]);
	if (err) {
		dmart_pci_device_destroy(h->pdev);
		h->pdev = NULL;
		return err;
	}
	h->ndev = pci_get_drvdata(h->pdev);
	h->cp = netdev_priv(h->ndev);
	h->regs = h->cp->regs;
	return 0;
}

static int h_open(struct rcp_h *h)
{
	int err = h->ndev->netdev_ops->ndo_open(h->ndev);

	if (!err)
		h->opened = true;
	h->dev_tx = 0;
	h->dev_rx = 0;
	h->want_head = h->want_tail = 0;
	return err;
}

/* Device finishes what it was given, then stop. */
static int h_close(struct rcp_h *h)
{
	int ret = 0;

	if (!h->opened)
		return 0;
	if (h_dev_tx(h))
		ret = 1;
	h_flush(h);
	h->ndev->netdev_ops->ndo_stop(h->ndev);
	h->opened = false;
	return ret;
}

/* Stop and remove; destroying the device reports what is left. */
static int h_teardown(struct rcp_h *h)
{
	int ret;

	if (!h->pdev)
		return 0;
	ret = h_close(h);
	rcp_driver.remove(h->pdev);
	h_flush(h);
	dmart_pci_device_destroy(h->pdev);
	h->pdev = NULL;
	return ret;
}

/* Probe or open failed: expected only when a fault was injected. */
static int h_failed(const char *what, int err)
{
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: %s failed (%d) without a fault\n", what, err);
	return 1;
}

static struct sk_buff *h_skb(struct rcp_h *h, unsigned int headlen,
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

/*
 * Hand one frame to ndo_start_xmit: 1 if it was queued, 0 if the driver
 * dropped it or the ring was full, -ENOMEM if no skb could be built.
 */
static int h_xmit(struct rcp_h *h, unsigned int headlen, unsigned int nr_frags,
		  unsigned int frag_len)
{
	struct sk_buff *skb = h_skb(h, headlen, nr_frags, frag_len);
	unsigned long dropped = h->ndev->stats.tx_dropped;
	unsigned int len;
	netdev_tx_t rc;

	if (!skb)
		return -ENOMEM;
	len = skb->len;
	rc = h->ndev->netdev_ops->ndo_start_xmit(skb, h->ndev);
	if (rc == NETDEV_TX_BUSY) {
		dev_kfree_skb_any(skb);
		return 0;
	}
	if (h->ndev->stats.tx_dropped != dropped)
		return 0;
	h->want[h->want_tail++ % H_MAX_QUEUED] = len;
	return 1;
}

/* What every scenario demands of the device's view, fault or not. */
static int h_check_device(struct rcp_h *h)
{
	if (!h->bus_err && !h->bad_frame)
		return 0;
	fprintf(stderr, "harness: %u descriptor(s) without a bus address, %u bad frame(s)\n",
		h->bus_err, h->bad_frame);
	return 1;
}

/* ------------------------------------------------------------ scenarios */

/* Probe, open with a full rx ring, stop, remove. */
static int scn_probe_remove(void)
{
	struct rcp_h h;
	int err, ret = 0;

	err = h_probe(&h, "rcp0", 0);
	if (err)
		return h_failed("probe", err);
	err = h_open(&h);
	if (err)
		ret = h_failed("open", err);
	ret |= h_teardown(&h);
	return ret;
}

/* Linear frames out, frames in (one with a receive error), interrupts, NAPI. */
static int scn_traffic(void)
{
	struct rcp_h h;
	unsigned int i, sent = 0;
	int err, ret = 0, n;

	err = h_probe(&h, "rcp0", 0);
	if (err)
		return h_failed("probe", err);
	err = h_open(&h);
	if (err) {
		ret = h_failed("open", err);
		h_teardown(&h);
		return ret;
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
		n = h_xmit(&h, 1514, 0, 0);
		sent += n > 0 ? n : 0;
		if (h_dev_tx(&h) || h_dev_rx(&h, 4, 0) < 0)
			ret = 1;
	}
	if (!h_faulting() && (h.tx_done != sent || sent != 12 ||
			      h.ndev->stats.tx_packets != sent ||
			      h.rx_done != 32 || h.ndev->stats.rx_errors != 1 ||
			      h.ndev->stats.rx_packets != 31)) {
		fprintf(stderr, "harness: tx %u/%u (%lu) rx %u errors %lu packets %lu\n",
			h.tx_done, sent, h.ndev->stats.tx_packets, h.rx_done,
			h.ndev->stats.rx_errors, h.ndev->stats.rx_packets);
		ret = 1;
	}
	ret |= h_check_device(&h);
	ret |= h_teardown(&h);
	return ret;
}

/* Scatter-gather transmit: skb head plus page fragments, and a linear one. */
static int scn_tx_frags(void)
{
	static const unsigned int nfr[] = { 1, 3, 2, MAX_SKB_FRAGS, 0, 4 };
	struct rcp_h h;
	unsigned int i, sent = 0;
	int err, ret = 0, n;

	err = h_probe(&h, "rcp0", 0);
	if (err)
		return h_failed("probe", err);
	err = h_open(&h);
	if (err) {
		ret = h_failed("open", err);
		h_teardown(&h);
		return ret;
	}
	for (i = 0; i < ARRAY_SIZE(nfr); i++) {
		n = h_xmit(&h, 54, nfr[i], 256 + 32 * i);
		if (n < 0)
			ret = 1;
		sent += n > 0 ? n : 0;
		if (h_dev_tx(&h))
			ret = 1;
	}
	/* Two fragmented frames queued before the device gets to them. */
	for (i = 0; i < 2; i++) {
		n = h_xmit(&h, 100, 2 + i, 700);
		if (n < 0)
			ret = 1;
		sent += n > 0 ? n : 0;
	}
	if (h_dev_tx(&h))
		ret = 1;
	if (!h_faulting() && (h.tx_done != sent || sent != ARRAY_SIZE(nfr) + 2 ||
			      h.ndev->stats.tx_packets != sent)) {
		fprintf(stderr, "harness: tx %u/%u, tx_packets %lu\n",
			h.tx_done, sent, h.ndev->stats.tx_packets);
		ret = 1;
	}
	ret |= h_check_device(&h);
	ret |= h_teardown(&h);
	return ret;
}

/*
 * Enough frames to wrap the rx ring twice, a full tx ring (the queue stops
 * until the device completes and the interrupt cleans up), frames still in
 * the ring at close, then reopen with fresh buffers and run again.
 */
static int scn_ring_wrap(void)
{
	struct rcp_h h;
	unsigned int i, sent = 0, want;
	int err, ret = 0, n;

	err = h_probe(&h, "rcp0", 0);
	if (err)
		return h_failed("probe", err);
	err = h_open(&h);
	if (err) {
		ret = h_failed("open", err);
		h_teardown(&h);
		return ret;
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
	for (i = 0; i < RCP_TX_RING_SIZE && !netif_queue_stopped(h.ndev); i++) {
		n = h_xmit(&h, 60, i % 3, 100);
		if (n < 0)
			ret = 1;
		if (n <= 0)
			continue;
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

	/* Frames the device never fetched are dropped at close. */
	for (i = 0; i < 3; i++)
		if (h_xmit(&h, 80, i, 200) < 0)
			ret = 1;
	writeb(0, h.regs + RCP_TX_POLL);
	ret |= h_check_device(&h);
	h.ndev->netdev_ops->ndo_stop(h.ndev);
	h.opened = false;

	/* Up again: the rings are rebuilt. */
	err = h_open(&h);
	if (err) {
		ret |= h_failed("reopen", err);
	} else {
		n = h_dev_rx(&h, H_BATCH, 0);
		if (n < 0 || h_xmit(&h, 200, 2, 300) < 0 || h_dev_tx(&h))
			ret = 1;
	}
	ret |= h_check_device(&h);
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
