// SPDX-License-Identifier: GPL-2.0
/*
 * NRG 1G PCI Ethernet controller: one tx and one rx descriptor ring in
 * coherent memory, scatter-gather transmit (skb head + page fragments),
 * NAPI receive with a refill path.
 *
 * Seeded bugs (see expect.txt), each modelled on a common kind of kernel fix:
 * - nrg_alloc_rings(): the tx ring is leaked when the rx ring allocation
 *   fails ("fix dma leak in error path") [dma-mapping-leak];
 * - nrg_rx_refill_one(): the new rx buffer's mapping goes into the ring
 *   unchecked ("add missing dma_mapping_error check") [dma-unchecked-mapping];
 * - nrg_start_xmit(): when a fragment fails to map, the unwind unmaps the
 *   failed entry ("unmap the failed entry") [dma-unchecked-mapping] and never
 *   unmaps the head ("fix dma leak when frag mapping fails") [dma-mapping-leak].
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/spinlock.h>

#define DRV_NAME		"nrg"

#define NRG_TX_RING_SIZE	256
#define NRG_RX_RING_SIZE	256
#define NRG_RX_BUF_SIZE		1536
#define NRG_NEXT_TX(i)		(((i) + 1) & (NRG_TX_RING_SIZE - 1))
#define NRG_PREV_TX(i)		(((i) - 1) & (NRG_TX_RING_SIZE - 1))
#define NRG_NEXT_RX(i)		(((i) + 1) & (NRG_RX_RING_SIZE - 1))

/* Registers (BAR 0). */
#define NRG_REG_CTRL		0x0000
#define  NRG_CTRL_RESET		BIT(0)
#define  NRG_CTRL_TX_EN		BIT(1)
#define  NRG_CTRL_RX_EN		BIT(2)
#define NRG_REG_ISR		0x0008
#define NRG_REG_IMR		0x000c
#define  NRG_INT_TX		BIT(0)
#define  NRG_INT_RX		BIT(1)
#define NRG_REG_TX_BASE		0x0100
#define NRG_REG_TX_LEN		0x0108
#define NRG_REG_TX_TAIL		0x010c
#define NRG_REG_RX_BASE		0x0200
#define NRG_REG_RX_LEN		0x0208
#define NRG_REG_RX_TAIL		0x020c

/* Descriptor bits. */
#define NRG_DESC_OWN		BIT(31)
#define NRG_DESC_SOF		BIT(30)
#define NRG_DESC_EOF		BIT(29)
#define NRG_DESC_LEN_MASK	GENMASK(15, 0)
#define NRG_RX_ERR		BIT(28)

struct nrg_desc {
	__le64 addr;
	__le32 ctrl;
	__le32 status;
};

struct nrg_tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
	bool mapped_as_page;
};

struct nrg_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct nrg_priv {
	struct net_device *ndev;
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;
	struct napi_struct napi;
	spinlock_t tx_lock;

	struct nrg_desc *tx_ring;
	dma_addr_t tx_ring_dma;
	struct nrg_tx_buf tx_buf[NRG_TX_RING_SIZE];
	unsigned int tx_head;
	unsigned int tx_tail;

	struct nrg_desc *rx_ring;
	dma_addr_t rx_ring_dma;
	struct nrg_rx_buf rx_buf[NRG_RX_RING_SIZE];
	unsigned int rx_head;
};

static unsigned int nrg_tx_avail(struct nrg_priv *priv)
{
	return (priv->tx_tail - priv->tx_head - 1) & (NRG_TX_RING_SIZE - 1);
}

static void nrg_unmap_tx_buf(struct nrg_priv *priv, struct nrg_tx_buf *buf)
{
	if (!buf->len)
		return;
	if (buf->mapped_as_page)
		dma_unmap_page(priv->dev, buf->dma, buf->len, DMA_TO_DEVICE);
	else
		dma_unmap_single(priv->dev, buf->dma, buf->len, DMA_TO_DEVICE);
	buf->len = 0;
}

/* ---------------------------------------------------------------- rings */

static int nrg_alloc_rings(struct nrg_priv *priv)
{
	size_t tx_size = NRG_TX_RING_SIZE * sizeof(struct nrg_desc);
	size_t rx_size = NRG_RX_RING_SIZE * sizeof(struct nrg_desc);
	struct nrg_desc *tx_ring, *rx_ring;
	dma_addr_t tx_dma, rx_dma;

	tx_ring = dma_alloc_coherent(priv->dev, tx_size, &tx_dma, GFP_KERNEL);
	if (!tx_ring)
		return -ENOMEM;

	rx_ring = dma_alloc_coherent(priv->dev, rx_size, &rx_dma, GFP_KERNEL);
	if (!rx_ring)
		return -ENOMEM;

	priv->tx_ring = tx_ring;
	priv->tx_ring_dma = tx_dma;
	priv->rx_ring = rx_ring;
	priv->rx_ring_dma = rx_dma;
	return 0;
}

static void nrg_free_rings(struct nrg_priv *priv)
{
	dma_free_coherent(priv->dev, NRG_RX_RING_SIZE * sizeof(struct nrg_desc),
			  priv->rx_ring, priv->rx_ring_dma);
	dma_free_coherent(priv->dev, NRG_TX_RING_SIZE * sizeof(struct nrg_desc),
			  priv->tx_ring, priv->tx_ring_dma);
	priv->rx_ring = NULL;
	priv->tx_ring = NULL;
}

/* ------------------------------------------------------------------- rx */

static int nrg_rx_refill_one(struct nrg_priv *priv, unsigned int entry)
{
	struct nrg_rx_buf *buf = &priv->rx_buf[entry];
	struct nrg_desc *desc = &priv->rx_ring[entry];
	struct sk_buff *skb;
	dma_addr_t dma;

	skb = netdev_alloc_skb_ip_align(priv->ndev, NRG_RX_BUF_SIZE);
	if (!skb)
		return -ENOMEM;

	dma = dma_map_single(priv->dev, skb->data, NRG_RX_BUF_SIZE,
			     DMA_FROM_DEVICE);

	buf->skb = skb;
	buf->dma = dma;
	desc->addr = cpu_to_le64(dma);
	desc->status = 0;
	wmb();
	desc->ctrl = cpu_to_le32(NRG_DESC_OWN | NRG_RX_BUF_SIZE);
	return 0;
}

static void nrg_rx_refill(struct nrg_priv *priv)
{
	unsigned int entry = priv->rx_head;
	unsigned int filled = 0;

	while (!priv->rx_buf[entry].skb) {
		if (nrg_rx_refill_one(priv, entry))
			break;
		entry = NRG_NEXT_RX(entry);
		filled++;
	}
	if (filled)
		writel(entry, priv->regs + NRG_REG_RX_TAIL);
}

static int nrg_rx_poll(struct nrg_priv *priv, int budget)
{
	struct net_device *ndev = priv->ndev;
	int done = 0;

	while (done < budget) {
		unsigned int entry = priv->rx_head;
		struct nrg_desc *desc = &priv->rx_ring[entry];
		struct nrg_rx_buf *buf = &priv->rx_buf[entry];
		u32 ctrl = le32_to_cpu(desc->ctrl);
		unsigned int len;

		if (!buf->skb || (ctrl & NRG_DESC_OWN))
			break;
		rmb();

		dma_unmap_single(priv->dev, buf->dma, NRG_RX_BUF_SIZE,
				 DMA_FROM_DEVICE);
		if (le32_to_cpu(desc->status) & NRG_RX_ERR) {
			ndev->stats.rx_errors++;
			dev_kfree_skb_any(buf->skb);
		} else {
			len = ctrl & NRG_DESC_LEN_MASK;
			skb_put(buf->skb, len);
			buf->skb->protocol = eth_type_trans(buf->skb, ndev);
			ndev->stats.rx_packets++;
			ndev->stats.rx_bytes += len;
			napi_gro_receive(&priv->napi, buf->skb);
		}
		buf->skb = NULL;
		priv->rx_head = NRG_NEXT_RX(entry);
		done++;
	}

	nrg_rx_refill(priv);
	return done;
}

static void nrg_rx_free_all(struct nrg_priv *priv)
{
	unsigned int i;

	for (i = 0; i < NRG_RX_RING_SIZE; i++) {
		struct nrg_rx_buf *buf = &priv->rx_buf[i];

		if (!buf->skb)
			continue;
		dma_unmap_single(priv->dev, buf->dma, NRG_RX_BUF_SIZE,
				 DMA_FROM_DEVICE);
		dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
	}
}

/* ------------------------------------------------------------------- tx */

static netdev_tx_t nrg_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct nrg_priv *priv = netdev_priv(ndev);
	unsigned int nr_frags = skb_shinfo(skb)->nr_frags;
	unsigned int first, entry, i, len;
	struct nrg_tx_buf *buf;
	struct nrg_desc *desc;
	dma_addr_t head_dma;
	unsigned long flags;

	spin_lock_irqsave(&priv->tx_lock, flags);
	if (nrg_tx_avail(priv) < nr_frags + 1) {
		netif_stop_queue(ndev);
		spin_unlock_irqrestore(&priv->tx_lock, flags);
		return NETDEV_TX_BUSY;
	}

	/*
	 * The head goes into the first descriptor, which is handed to the
	 * hardware last: map it now, fill the fragments, then give the whole
	 * chain away by setting OWN on the first entry.
	 */
	first = priv->tx_head;
	head_dma = dma_map_single(priv->dev, skb->data, skb_headlen(skb),
				  DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, head_dma))
		goto drop;

	entry = first;
	for (i = 0; i < nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		len = skb_frag_size(frag);
		entry = NRG_NEXT_TX(entry);
		buf = &priv->tx_buf[entry];
		buf->skb = NULL;
		buf->mapped_as_page = true;
		buf->dma = skb_frag_dma_map(priv->dev, frag, 0, len,
					    DMA_TO_DEVICE);
		buf->len = len;
		if (dma_mapping_error(priv->dev, buf->dma))
			goto unmap_frags;

		desc = &priv->tx_ring[entry];
		desc->addr = cpu_to_le64(buf->dma);
		desc->ctrl = cpu_to_le32(NRG_DESC_OWN | len |
					 (i == nr_frags - 1 ? NRG_DESC_EOF : 0));
	}

	priv->tx_buf[entry].skb = skb;	/* freed once its last entry is done */
	buf = &priv->tx_buf[first];
	buf->mapped_as_page = false;
	buf->dma = head_dma;
	buf->len = skb_headlen(skb);

	desc = &priv->tx_ring[first];
	desc->addr = cpu_to_le64(head_dma);
	wmb();
	desc->ctrl = cpu_to_le32(NRG_DESC_OWN | NRG_DESC_SOF | skb_headlen(skb) |
				 (nr_frags ? 0 : NRG_DESC_EOF));

	priv->tx_head = NRG_NEXT_TX(entry);
	writel(priv->tx_head, priv->regs + NRG_REG_TX_TAIL);
	if (nrg_tx_avail(priv) < MAX_SKB_FRAGS + 1)
		netif_stop_queue(ndev);
	spin_unlock_irqrestore(&priv->tx_lock, flags);
	return NETDEV_TX_OK;

unmap_frags:
	/* Unwind the fragments, from the last one back to the first. */
	for (;;) {
		nrg_unmap_tx_buf(priv, &priv->tx_buf[entry]);
		if (entry == NRG_NEXT_TX(first))
			break;
		entry = NRG_PREV_TX(entry);
	}
drop:
	spin_unlock_irqrestore(&priv->tx_lock, flags);
	dev_kfree_skb_any(skb);
	ndev->stats.tx_dropped++;
	return NETDEV_TX_OK;
}

static void nrg_tx_clean(struct nrg_priv *priv)
{
	struct net_device *ndev = priv->ndev;
	unsigned int entry;

	spin_lock(&priv->tx_lock);
	entry = priv->tx_tail;
	while (entry != priv->tx_head) {
		struct nrg_desc *desc = &priv->tx_ring[entry];
		struct nrg_tx_buf *buf = &priv->tx_buf[entry];

		if (le32_to_cpu(desc->ctrl) & NRG_DESC_OWN)
			break;
		nrg_unmap_tx_buf(priv, buf);
		if (buf->skb) {
			ndev->stats.tx_packets++;
			ndev->stats.tx_bytes += buf->skb->len;
			dev_kfree_skb_any(buf->skb);
			buf->skb = NULL;
		}
		entry = NRG_NEXT_TX(entry);
	}
	priv->tx_tail = entry;
	if (netif_queue_stopped(ndev) && nrg_tx_avail(priv) > MAX_SKB_FRAGS + 1)
		netif_wake_queue(ndev);
	spin_unlock(&priv->tx_lock);
}

/* ------------------------------------------------------- irq, open, stop */

static int nrg_napi_poll(struct napi_struct *napi, int budget)
{
	struct nrg_priv *priv = container_of(napi, struct nrg_priv, napi);
	int done;

	nrg_tx_clean(priv);
	done = nrg_rx_poll(priv, budget);
	if (done < budget && napi_complete_done(napi, done))
		writel(NRG_INT_TX | NRG_INT_RX, priv->regs + NRG_REG_IMR);
	return done;
}

static irqreturn_t nrg_interrupt(int irq, void *dev_id)
{
	struct nrg_priv *priv = dev_id;
	u32 isr = readl(priv->regs + NRG_REG_ISR);

	if (!isr)
		return IRQ_NONE;
	writel(isr, priv->regs + NRG_REG_ISR);
	writel(0, priv->regs + NRG_REG_IMR);
	napi_schedule(&priv->napi);
	return IRQ_HANDLED;
}

static int nrg_open(struct net_device *ndev)
{
	struct nrg_priv *priv = netdev_priv(ndev);

	priv->tx_head = 0;
	priv->tx_tail = 0;
	priv->rx_head = 0;
	nrg_rx_refill(priv);

	lo_hi_writeq(priv->tx_ring_dma, priv->regs + NRG_REG_TX_BASE);
	writel(NRG_TX_RING_SIZE, priv->regs + NRG_REG_TX_LEN);
	lo_hi_writeq(priv->rx_ring_dma, priv->regs + NRG_REG_RX_BASE);
	writel(NRG_RX_RING_SIZE, priv->regs + NRG_REG_RX_LEN);

	napi_enable(&priv->napi);
	writel(NRG_CTRL_TX_EN | NRG_CTRL_RX_EN, priv->regs + NRG_REG_CTRL);
	writel(NRG_INT_TX | NRG_INT_RX, priv->regs + NRG_REG_IMR);
	netif_start_queue(ndev);
	return 0;
}

static int nrg_stop(struct net_device *ndev)
{
	struct nrg_priv *priv = netdev_priv(ndev);

	netif_stop_queue(ndev);
	writel(0, priv->regs + NRG_REG_IMR);
	writel(0, priv->regs + NRG_REG_CTRL);
	napi_disable(&priv->napi);

	nrg_tx_clean(priv);
	nrg_rx_free_all(priv);
	return 0;
}

static const struct net_device_ops nrg_netdev_ops = {
	.ndo_open	= nrg_open,
	.ndo_stop	= nrg_stop,
	.ndo_start_xmit	= nrg_start_xmit,
};

/* ---------------------------------------------------------- probe, remove */

static int nrg_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct net_device *ndev;
	struct nrg_priv *priv;
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;

	err = pci_request_regions(pdev, DRV_NAME);
	if (err)
		goto err_disable;
	pci_set_master(pdev);

	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable DMA configuration\n");
		goto err_release;
	}

	ndev = alloc_etherdev(sizeof(*priv));
	if (!ndev) {
		err = -ENOMEM;
		goto err_release;
	}
	SET_NETDEV_DEV(ndev, &pdev->dev);
	pci_set_drvdata(pdev, ndev);

	priv = netdev_priv(ndev);
	priv->ndev = ndev;
	priv->pdev = pdev;
	priv->dev = &pdev->dev;
	spin_lock_init(&priv->tx_lock);

	priv->regs = pci_iomap(pdev, 0, 0);
	if (!priv->regs) {
		err = -ENOMEM;
		goto err_free_netdev;
	}
	writel(NRG_CTRL_RESET, priv->regs + NRG_REG_CTRL);

	err = nrg_alloc_rings(priv);
	if (err)
		goto err_unmap;

	ndev->netdev_ops = &nrg_netdev_ops;
	netif_napi_add(ndev, &priv->napi, nrg_napi_poll);
	eth_hw_addr_random(ndev);

	err = request_irq(pdev->irq, nrg_interrupt, IRQF_SHARED, DRV_NAME, priv);
	if (err)
		goto err_free_rings;

	err = register_netdev(ndev);
	if (err)
		goto err_free_irq;

	netdev_info(ndev, "NRG at %s\n", pci_name(pdev));
	return 0;

err_free_irq:
	free_irq(pdev->irq, priv);
err_free_rings:
	netif_napi_del(&priv->napi);
	nrg_free_rings(priv);
err_unmap:
	pci_iounmap(pdev, priv->regs);
err_free_netdev:
	free_netdev(ndev);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

static void nrg_remove(struct pci_dev *pdev)
{
	struct net_device *ndev = pci_get_drvdata(pdev);
	struct nrg_priv *priv = netdev_priv(ndev);

	unregister_netdev(ndev);
	free_irq(pdev->irq, priv);
	netif_napi_del(&priv->napi);
	nrg_free_rings(priv);
	pci_iounmap(pdev, priv->regs);
	free_netdev(ndev);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id nrg_pci_tbl[] = {
	{ PCI_DEVICE(0x1d17, 0x0100) },
	{ }
};
MODULE_DEVICE_TABLE(pci, nrg_pci_tbl);

static struct pci_driver nrg_driver = {
	.name		= DRV_NAME,
	.id_table	= nrg_pci_tbl,
	.probe		= nrg_probe,
	.remove		= nrg_remove,
};
module_pci_driver(nrg_driver);

MODULE_DESCRIPTION("NRG 1G PCI Ethernet driver");
MODULE_LICENSE("GPL");
