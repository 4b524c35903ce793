// SPDX-License-Identifier: GPL-2.0
/*
 * RCP 10/100 PCI Ethernet controller in C+ mode (the RTL8139C+ descriptor
 * interface): one coherent block holds the rx ring and, after it, the tx
 * ring; transmit is scatter-gather, the skb head mapped with
 * dma_map_single() and each page fragment with skb_frag_dma_map(), the
 * first descriptor of a frame handed to the chip last; tx completion runs
 * in the interrupt handler, receive in NAPI.
 *
 * A reduced port of drivers/net/ethernet/realtek/8139cp.c (linux 6.12),
 * written anew: rcp_start_xmit(), rcp_unwind_tx_frag_mapping(), rcp_tx(),
 * rcp_rx_poll(), rcp_interrupt(), rcp_refill_rx(), rcp_init_rings(),
 * rcp_alloc_rings(), rcp_clean_rings(), rcp_free_rings(), rcp_open(),
 * rcp_close(), rcp_init_one() and rcp_remove_one() follow cp_start_xmit(),
 * unwind_tx_frag_mapping(), cp_tx(), cp_rx_poll(), cp_interrupt(),
 * cp_refill_rx(), cp_init_rings(), cp_alloc_rings(), cp_clean_rings(),
 * cp_free_rings(), cp_open(), cp_close(), cp_init_one() and
 * cp_remove_one().  Left out: ethtool, MII, VLAN, checksum and TSO
 * offload, MTU changes, WoL, statistics dump, EEPROM.  Changed: fragments
 * are mapped with skb_frag_dma_map() (8139cp maps skb_frag_address() with
 * dma_map_single()), so the tx clean-up releases them with dma_unmap_page(),
 * chosen by the FirstFrag bit kept in tx_opts[]; the unwind starts after
 * the head's slot, whose descriptor is not written yet (8139cp starts at
 * it), and the caller then unmaps the head, first_mapping (8139cp never
 * does); rx buffers are a fixed size.
 *
 * This is the fixed twin of bad.c.
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

#define DRV_NAME		"rcp"

#define RCP_RX_RING_SIZE	64
#define RCP_TX_RING_SIZE	64
#define RCP_RING_BYTES		\
	((RCP_RX_RING_SIZE + RCP_TX_RING_SIZE) * sizeof(struct rcp_desc))
#define NEXT_TX(n)		(((n) + 1) & (RCP_TX_RING_SIZE - 1))
#define NEXT_RX(n)		(((n) + 1) & (RCP_RX_RING_SIZE - 1))
#define TX_BUFFS_AVAIL(cp)					\
	((cp)->tx_tail <= (cp)->tx_head ?			\
	 (cp)->tx_tail + (RCP_TX_RING_SIZE - 1) - (cp)->tx_head :	\
	 (cp)->tx_tail - (cp)->tx_head - 1)

#define RCP_RX_BUF_SZ		1536	/* bytes the chip may write per rx buffer */
#define RCP_RX_ALLOC_SZ		2048	/* rx skb size, room for a VLAN tag and slack */
#define RCP_CRC_LEN		4

/* Registers (BAR 1, memory space). */
#define RCP_TX_RING_ADDR	0x20	/* 64 bit */
#define RCP_CMD			0x37
#define  RCP_CMD_RX_ON		0x08
#define  RCP_CMD_TX_ON		0x04
#define RCP_INTR_MASK		0x3c
#define RCP_INTR_STATUS		0x3e
#define  RCP_INT_RX_OK		0x0001
#define  RCP_INT_RX_ERR		0x0002
#define  RCP_INT_TX_OK		0x0004
#define  RCP_INT_TX_ERR		0x0008
#define  RCP_INT_RX_EMPTY	0x0010
#define  RCP_INT_RX_FIFO_OVR	0x0040
#define  RCP_INT_TX_EMPTY	0x0080
#define  RCP_INT_SW		0x0100
#define RCP_TX_POLL		0xd9
#define  RCP_NORMAL_TX_POLL	0x40
#define RCP_CPCMD		0xe0
#define  RCP_CPCMD_RX_CSUM	0x0020
#define  RCP_CPCMD_CPRX		0x0002
#define  RCP_CPCMD_CPTX		0x0001
#define RCP_RX_RING_ADDR	0xe4	/* 64 bit */

#define RCP_RX_INTR_MASK	(RCP_INT_RX_OK | RCP_INT_RX_ERR | \
				 RCP_INT_RX_EMPTY | RCP_INT_RX_FIFO_OVR)
#define RCP_TX_INTR_MASK	(RCP_INT_TX_OK | RCP_INT_TX_ERR | \
				 RCP_INT_TX_EMPTY | RCP_INT_SW)
#define RCP_INTR_ALL		(RCP_RX_INTR_MASK | RCP_TX_INTR_MASK)
#define RCP_INTR_NORX		RCP_TX_INTR_MASK

/* Descriptor opts1 bits. */
#define RCP_DESC_OWN		BIT(31)
#define RCP_RING_END		BIT(30)
#define RCP_FIRST_FRAG		BIT(29)
#define RCP_LAST_FRAG		BIT(28)
#define RCP_TX_ERROR		BIT(23)
#define RCP_RX_ERROR		BIT(20)
#define RCP_TX_LEN_MASK		0xffff
#define RCP_RX_LEN_MASK		0x1fff

struct rcp_desc {
	__le32 opts1;
	__le32 opts2;
	__le64 addr;
};

struct rcp_private {
	void __iomem		*regs;
	struct net_device	*dev;
	spinlock_t		lock;
	struct napi_struct	napi;
	struct pci_dev		*pdev;

	unsigned int		rx_tail;
	struct rcp_desc		*rx_ring;
	struct sk_buff		*rx_skb[RCP_RX_RING_SIZE];

	unsigned int		tx_head;
	unsigned int		tx_tail;
	struct rcp_desc		*tx_ring;
	struct sk_buff		*tx_skb[RCP_TX_RING_SIZE];
	u32			tx_opts[RCP_TX_RING_SIZE];

	dma_addr_t		ring_dma;
};

static void rcp_tx(struct rcp_private *cp);
static void rcp_clean_rings(struct rcp_private *cp);

/* ------------------------------------------------------------------- rx */

static int rcp_rx_poll(struct napi_struct *napi, int budget)
{
	struct rcp_private *cp = container_of(napi, struct rcp_private, napi);
	struct net_device *dev = cp->dev;
	unsigned int rx_tail = cp->rx_tail;
	unsigned long flags;
	int rx = 0;

	writew(RCP_RX_INTR_MASK, cp->regs + RCP_INTR_STATUS);

	while (rx < budget) {
		struct rcp_desc *desc = &cp->rx_ring[rx_tail];
		struct sk_buff *skb = cp->rx_skb[rx_tail];
		struct sk_buff *new_skb;
		dma_addr_t mapping, new_mapping;
		u32 status, len;

		status = le32_to_cpu(desc->opts1);
		if (status & RCP_DESC_OWN)
			break;

		len = (status & RCP_RX_LEN_MASK) - RCP_CRC_LEN;
		mapping = le64_to_cpu(desc->addr);

		/* Frames are never split: a buffer holds a whole one. */
		if ((status & (RCP_FIRST_FRAG | RCP_LAST_FRAG)) !=
		    (RCP_FIRST_FRAG | RCP_LAST_FRAG) ||
		    (status & RCP_RX_ERROR)) {
			dev->stats.rx_errors++;
			goto rx_next;
		}

		new_skb = napi_alloc_skb(napi, RCP_RX_ALLOC_SZ);
		if (!new_skb) {
			dev->stats.rx_dropped++;
			goto rx_next;
		}

		new_mapping = dma_map_single(&cp->pdev->dev, new_skb->data,
					     RCP_RX_BUF_SZ, DMA_FROM_DEVICE);
		if (dma_mapping_error(&cp->pdev->dev, new_mapping)) {
			dev->stats.rx_dropped++;
			kfree_skb(new_skb);
			goto rx_next;
		}

		dma_unmap_single(&cp->pdev->dev, mapping, RCP_RX_BUF_SZ,
				 DMA_FROM_DEVICE);

		skb_put(skb, len);
		cp->rx_skb[rx_tail] = new_skb;

		skb->protocol = eth_type_trans(skb, dev);
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += skb->len;
		napi_gro_receive(napi, skb);
		rx++;
		mapping = new_mapping;

rx_next:
		desc->opts2 = 0;
		desc->addr = cpu_to_le64(mapping);
		wmb();
		desc->opts1 = cpu_to_le32(RCP_DESC_OWN | RCP_RX_BUF_SZ |
			(rx_tail == RCP_RX_RING_SIZE - 1 ? RCP_RING_END : 0));
		rx_tail = NEXT_RX(rx_tail);
	}

	cp->rx_tail = rx_tail;

	if (rx < budget && napi_complete_done(napi, rx)) {
		spin_lock_irqsave(&cp->lock, flags);
		writew(RCP_INTR_ALL, cp->regs + RCP_INTR_MASK);
		spin_unlock_irqrestore(&cp->lock, flags);
	}
	return rx;
}

/* ------------------------------------------------------------ interrupt */

static irqreturn_t rcp_interrupt(int irq, void *dev_instance)
{
	struct net_device *dev = dev_instance;
	struct rcp_private *cp = netdev_priv(dev);
	int handled = 0;
	u16 status, mask;

	spin_lock(&cp->lock);

	mask = readw(cp->regs + RCP_INTR_MASK);
	if (!mask)
		goto out_unlock;

	status = readw(cp->regs + RCP_INTR_STATUS);
	if (!status || status == 0xffff)
		goto out_unlock;

	handled = 1;
	writew(status & ~RCP_RX_INTR_MASK, cp->regs + RCP_INTR_STATUS);

	if (status & RCP_RX_INTR_MASK) {
		writew(RCP_INTR_NORX, cp->regs + RCP_INTR_MASK);
		napi_schedule(&cp->napi);
	}

	if (status & RCP_TX_INTR_MASK)
		rcp_tx(cp);

out_unlock:
	spin_unlock(&cp->lock);
	return handled ? IRQ_HANDLED : IRQ_NONE;
}

/* ------------------------------------------------------------------- tx */

static void rcp_tx(struct rcp_private *cp)
{
	unsigned int tx_head = cp->tx_head;
	unsigned int tx_tail = cp->tx_tail;

	while (tx_tail != tx_head) {
		struct rcp_desc *txd = cp->tx_ring + tx_tail;
		u32 opts = cp->tx_opts[tx_tail];
		struct sk_buff *skb;
		u32 status;

		rmb();
		status = le32_to_cpu(txd->opts1);
		if (status & RCP_DESC_OWN)
			break;

		skb = cp->tx_skb[tx_tail];
		BUG_ON(!skb);

		if (opts & RCP_FIRST_FRAG)
			dma_unmap_single(&cp->pdev->dev, le64_to_cpu(txd->addr),
					 opts & RCP_TX_LEN_MASK, DMA_TO_DEVICE);
		else
			dma_unmap_page(&cp->pdev->dev, le64_to_cpu(txd->addr),
				       opts & RCP_TX_LEN_MASK, DMA_TO_DEVICE);

		if (status & RCP_LAST_FRAG) {
			if (status & RCP_TX_ERROR) {
				cp->dev->stats.tx_errors++;
			} else {
				cp->dev->stats.tx_packets++;
				cp->dev->stats.tx_bytes += skb->len;
			}
			dev_kfree_skb_irq(skb);
		}

		cp->tx_skb[tx_tail] = NULL;
		tx_tail = NEXT_TX(tx_tail);
	}

	cp->tx_tail = tx_tail;

	if (TX_BUFFS_AVAIL(cp) > (MAX_SKB_FRAGS + 1))
		netif_wake_queue(cp->dev);
}

/*
 * A fragment failed to map: release the fragments mapped before it, which
 * sit in the slots after the head's (@first) up to the failed one
 * (@entry_last), and take the head's slot back.
 */
static void rcp_unwind_tx_frag_mapping(struct rcp_private *cp,
				       struct sk_buff *skb,
				       unsigned int first,
				       unsigned int entry_last)
{
	unsigned int index = NEXT_TX(first);
	struct rcp_desc *txd;
	int frag = 0;

	cp->tx_skb[first] = NULL;
	while (index != entry_last) {
		txd = &cp->tx_ring[index];
		dma_unmap_page(&cp->pdev->dev, le64_to_cpu(txd->addr),
			       skb_frag_size(&skb_shinfo(skb)->frags[frag]),
			       DMA_TO_DEVICE);
		txd->opts1 = cpu_to_le32(index == RCP_TX_RING_SIZE - 1 ?
					 RCP_RING_END : 0);
		cp->tx_skb[index] = NULL;
		index = NEXT_TX(index);
		frag++;
	}
}

static netdev_tx_t rcp_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct rcp_private *cp = netdev_priv(dev);
	unsigned long intr_flags;
	unsigned int entry;
	u32 eor, opts1;

	spin_lock_irqsave(&cp->lock, intr_flags);

	if (TX_BUFFS_AVAIL(cp) <= (skb_shinfo(skb)->nr_frags + 1)) {
		netif_stop_queue(dev);
		spin_unlock_irqrestore(&cp->lock, intr_flags);
		netdev_err(dev, "BUG! Tx Ring full when queue awake!\n");
		return NETDEV_TX_BUSY;
	}

	entry = cp->tx_head;
	eor = (entry == (RCP_TX_RING_SIZE - 1)) ? RCP_RING_END : 0;
	opts1 = RCP_DESC_OWN;

	if (skb_shinfo(skb)->nr_frags == 0) {
		struct rcp_desc *txd = &cp->tx_ring[entry];
		dma_addr_t mapping;
		u32 len;

		len = skb->len;
		mapping = dma_map_single(&cp->pdev->dev, skb->data, len,
					 DMA_TO_DEVICE);
		if (dma_mapping_error(&cp->pdev->dev, mapping))
			goto out_dma_error;

		txd->opts2 = 0;
		txd->addr = cpu_to_le64(mapping);
		wmb();

		opts1 |= eor | len | RCP_FIRST_FRAG | RCP_LAST_FRAG;
		txd->opts1 = cpu_to_le32(opts1);
		wmb();

		cp->tx_skb[entry] = skb;
		cp->tx_opts[entry] = opts1;
	} else {
		struct rcp_desc *txd;
		u32 first_len, first_eor, ctrl;
		dma_addr_t first_mapping;
		unsigned int first_entry = entry;
		int frag;

		/*
		 * The chip may start on the frame as soon as the first
		 * descriptor is its own: fill the fragments first.
		 */
		first_eor = eor;
		first_len = skb_headlen(skb);
		first_mapping = dma_map_single(&cp->pdev->dev, skb->data,
					       first_len, DMA_TO_DEVICE);
		if (dma_mapping_error(&cp->pdev->dev, first_mapping))
			goto out_dma_error;

		cp->tx_skb[entry] = skb;

		for (frag = 0; frag < skb_shinfo(skb)->nr_frags; frag++) {
			const skb_frag_t *this_frag = &skb_shinfo(skb)->frags[frag];
			dma_addr_t mapping;
			u32 len;

			entry = NEXT_TX(entry);

			len = skb_frag_size(this_frag);
			mapping = skb_frag_dma_map(&cp->pdev->dev, this_frag, 0,
						   len, DMA_TO_DEVICE);
			if (dma_mapping_error(&cp->pdev->dev, mapping)) {
				rcp_unwind_tx_frag_mapping(cp, skb, first_entry,
							   entry);
				dma_unmap_single(&cp->pdev->dev, first_mapping,
						 first_len, DMA_TO_DEVICE);
				goto out_dma_error;
			}

			eor = (entry == (RCP_TX_RING_SIZE - 1)) ? RCP_RING_END : 0;
			ctrl = opts1 | eor | len;
			if (frag == skb_shinfo(skb)->nr_frags - 1)
				ctrl |= RCP_LAST_FRAG;

			txd = &cp->tx_ring[entry];
			txd->opts2 = 0;
			txd->addr = cpu_to_le64(mapping);
			wmb();

			txd->opts1 = cpu_to_le32(ctrl);
			wmb();

			cp->tx_opts[entry] = ctrl;
			cp->tx_skb[entry] = skb;
		}

		txd = &cp->tx_ring[first_entry];
		txd->opts2 = 0;
		txd->addr = cpu_to_le64(first_mapping);
		wmb();

		ctrl = opts1 | first_eor | first_len | RCP_FIRST_FRAG;
		txd->opts1 = cpu_to_le32(ctrl);
		wmb();

		cp->tx_opts[first_entry] = ctrl;
	}
	cp->tx_head = NEXT_TX(entry);

	if (TX_BUFFS_AVAIL(cp) <= (MAX_SKB_FRAGS + 1))
		netif_stop_queue(dev);

out_unlock:
	spin_unlock_irqrestore(&cp->lock, intr_flags);

	writeb(RCP_NORMAL_TX_POLL, cp->regs + RCP_TX_POLL);

	return NETDEV_TX_OK;
out_dma_error:
	dev_kfree_skb_any(skb);
	dev->stats.tx_dropped++;
	goto out_unlock;
}

/* ------------------------------------------------------ rings, hardware */

static void rcp_stop_hw(struct rcp_private *cp)
{
	writew(0, cp->regs + RCP_INTR_STATUS);
	writew(0, cp->regs + RCP_INTR_MASK);
	writeb(0, cp->regs + RCP_CMD);
	writew(0, cp->regs + RCP_CPCMD);

	cp->rx_tail = 0;
	cp->tx_head = 0;
	cp->tx_tail = 0;
}

static void rcp_init_hw(struct rcp_private *cp)
{
	dma_addr_t ring_dma = cp->ring_dma;

	writew(RCP_CPCMD_CPRX | RCP_CPCMD_CPTX | RCP_CPCMD_RX_CSUM,
	       cp->regs + RCP_CPCMD);

	lo_hi_writeq(ring_dma, cp->regs + RCP_RX_RING_ADDR);
	ring_dma += sizeof(struct rcp_desc) * RCP_RX_RING_SIZE;
	lo_hi_writeq(ring_dma, cp->regs + RCP_TX_RING_ADDR);

	writeb(RCP_CMD_RX_ON | RCP_CMD_TX_ON, cp->regs + RCP_CMD);
}

static int rcp_refill_rx(struct rcp_private *cp)
{
	struct net_device *dev = cp->dev;
	unsigned int i;

	for (i = 0; i < RCP_RX_RING_SIZE; i++) {
		struct sk_buff *skb;
		dma_addr_t mapping;

		skb = netdev_alloc_skb_ip_align(dev, RCP_RX_ALLOC_SZ);
		if (!skb)
			goto err_out;

		mapping = dma_map_single(&cp->pdev->dev, skb->data,
					 RCP_RX_BUF_SZ, DMA_FROM_DEVICE);
		if (dma_mapping_error(&cp->pdev->dev, mapping)) {
			kfree_skb(skb);
			goto err_out;
		}
		cp->rx_skb[i] = skb;

		cp->rx_ring[i].opts2 = 0;
		cp->rx_ring[i].addr = cpu_to_le64(mapping);
		if (i == (RCP_RX_RING_SIZE - 1))
			cp->rx_ring[i].opts1 =
				cpu_to_le32(RCP_DESC_OWN | RCP_RING_END | RCP_RX_BUF_SZ);
		else
			cp->rx_ring[i].opts1 =
				cpu_to_le32(RCP_DESC_OWN | RCP_RX_BUF_SZ);
	}

	return 0;

err_out:
	rcp_clean_rings(cp);
	return -ENOMEM;
}

static int rcp_init_rings(struct rcp_private *cp)
{
	memset(cp->tx_ring, 0, sizeof(struct rcp_desc) * RCP_TX_RING_SIZE);
	cp->tx_ring[RCP_TX_RING_SIZE - 1].opts1 = cpu_to_le32(RCP_RING_END);
	memset(cp->tx_opts, 0, sizeof(cp->tx_opts));

	cp->rx_tail = 0;
	cp->tx_head = 0;
	cp->tx_tail = 0;

	return rcp_refill_rx(cp);
}

static int rcp_alloc_rings(struct rcp_private *cp)
{
	struct device *d = &cp->pdev->dev;
	void *mem;
	int rc;

	mem = dma_alloc_coherent(d, RCP_RING_BYTES, &cp->ring_dma, GFP_KERNEL);
	if (!mem)
		return -ENOMEM;

	cp->rx_ring = mem;
	cp->tx_ring = &cp->rx_ring[RCP_RX_RING_SIZE];

	rc = rcp_init_rings(cp);
	if (rc < 0) {
		dma_free_coherent(d, RCP_RING_BYTES, cp->rx_ring, cp->ring_dma);
		cp->rx_ring = NULL;
		cp->tx_ring = NULL;
	}

	return rc;
}

static void rcp_clean_rings(struct rcp_private *cp)
{
	struct rcp_desc *desc;
	unsigned int i;

	for (i = 0; i < RCP_RX_RING_SIZE; i++) {
		if (cp->rx_skb[i]) {
			desc = cp->rx_ring + i;
			dma_unmap_single(&cp->pdev->dev, le64_to_cpu(desc->addr),
					 RCP_RX_BUF_SZ, DMA_FROM_DEVICE);
			dev_kfree_skb_any(cp->rx_skb[i]);
		}
	}

	for (i = 0; i < RCP_TX_RING_SIZE; i++) {
		if (cp->tx_skb[i]) {
			struct sk_buff *skb = cp->tx_skb[i];
			u32 opts = cp->tx_opts[i];

			desc = cp->tx_ring + i;
			if (opts & RCP_FIRST_FRAG)
				dma_unmap_single(&cp->pdev->dev,
						 le64_to_cpu(desc->addr),
						 opts & RCP_TX_LEN_MASK,
						 DMA_TO_DEVICE);
			else
				dma_unmap_page(&cp->pdev->dev,
					       le64_to_cpu(desc->addr),
					       opts & RCP_TX_LEN_MASK,
					       DMA_TO_DEVICE);
			if (opts & RCP_LAST_FRAG)
				dev_kfree_skb_any(skb);
			cp->dev->stats.tx_dropped++;
		}
	}

	memset(cp->rx_ring, 0, sizeof(struct rcp_desc) * RCP_RX_RING_SIZE);
	memset(cp->tx_ring, 0, sizeof(struct rcp_desc) * RCP_TX_RING_SIZE);
	memset(cp->tx_opts, 0, sizeof(cp->tx_opts));

	memset(cp->rx_skb, 0, sizeof(struct sk_buff *) * RCP_RX_RING_SIZE);
	memset(cp->tx_skb, 0, sizeof(struct sk_buff *) * RCP_TX_RING_SIZE);
}

static void rcp_free_rings(struct rcp_private *cp)
{
	rcp_clean_rings(cp);
	dma_free_coherent(&cp->pdev->dev, RCP_RING_BYTES, cp->rx_ring,
			  cp->ring_dma);
	cp->rx_ring = NULL;
	cp->tx_ring = NULL;
}

/* ------------------------------------------------------------ open, close */

static int rcp_open(struct net_device *dev)
{
	struct rcp_private *cp = netdev_priv(dev);
	const int irq = cp->pdev->irq;
	int rc;

	rc = rcp_alloc_rings(cp);
	if (rc)
		return rc;

	napi_enable(&cp->napi);

	rcp_init_hw(cp);

	rc = request_irq(irq, rcp_interrupt, IRQF_SHARED, dev->name, dev);
	if (rc)
		goto err_out_hw;

	writew(RCP_INTR_ALL, cp->regs + RCP_INTR_MASK);

	netif_carrier_on(dev);
	netif_start_queue(dev);

	return 0;

err_out_hw:
	napi_disable(&cp->napi);
	rcp_stop_hw(cp);
	rcp_free_rings(cp);
	return rc;
}

static int rcp_close(struct net_device *dev)
{
	struct rcp_private *cp = netdev_priv(dev);
	unsigned long flags;

	napi_disable(&cp->napi);

	netif_stop_queue(dev);
	netif_carrier_off(dev);

	spin_lock_irqsave(&cp->lock, flags);
	rcp_stop_hw(cp);
	spin_unlock_irqrestore(&cp->lock, flags);

	free_irq(cp->pdev->irq, dev);

	rcp_free_rings(cp);
	return 0;
}

static const struct net_device_ops rcp_netdev_ops = {
	.ndo_open		= rcp_open,
	.ndo_stop		= rcp_close,
	.ndo_start_xmit		= rcp_start_xmit,
};

/* ---------------------------------------------------------- probe, remove */

static int rcp_init_one(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct net_device *dev;
	struct rcp_private *cp;
	int rc;

	dev = alloc_etherdev(sizeof(struct rcp_private));
	if (!dev)
		return -ENOMEM;
	SET_NETDEV_DEV(dev, &pdev->dev);

	cp = netdev_priv(dev);
	cp->pdev = pdev;
	cp->dev = dev;
	spin_lock_init(&cp->lock);

	rc = pci_enable_device(pdev);
	if (rc)
		goto err_out_free;

	rc = pci_request_regions(pdev, DRV_NAME);
	if (rc)
		goto err_out_disable;

	rc = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (rc) {
		dev_err(&pdev->dev, "No usable DMA configuration, aborting\n");
		goto err_out_res;
	}
	pci_set_master(pdev);

	cp->regs = pci_iomap(pdev, 1, 0);
	if (!cp->regs) {
		rc = -EIO;
		dev_err(&pdev->dev, "Cannot map PCI MMIO\n");
		goto err_out_res;
	}

	rcp_stop_hw(cp);
	eth_hw_addr_random(dev);

	dev->netdev_ops = &rcp_netdev_ops;
	netif_napi_add(dev, &cp->napi, rcp_rx_poll);
	dev->features |= NETIF_F_SG | NETIF_F_HIGHDMA;
	dev->hw_features |= NETIF_F_SG;

	rc = register_netdev(dev);
	if (rc)
		goto err_out_iomap;

	netdev_info(dev, "RTL-8139C+ class at %s\n", pci_name(pdev));

	pci_set_drvdata(pdev, dev);
	return 0;

err_out_iomap:
	netif_napi_del(&cp->napi);
	pci_iounmap(pdev, cp->regs);
err_out_res:
	pci_release_regions(pdev);
err_out_disable:
	pci_disable_device(pdev);
err_out_free:
	free_netdev(dev);
	return rc;
}

static void rcp_remove_one(struct pci_dev *pdev)
{
	struct net_device *dev = pci_get_drvdata(pdev);
	struct rcp_private *cp = netdev_priv(dev);

	unregister_netdev(dev);
	netif_napi_del(&cp->napi);
	pci_iounmap(pdev, cp->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	free_netdev(dev);
}

static const struct pci_device_id rcp_pci_tbl[] = {
	{ PCI_DEVICE(0x10ec, 0x8139) },
	{ }
};
MODULE_DEVICE_TABLE(pci, rcp_pci_tbl);

static struct pci_driver rcp_driver = {
	.name		= DRV_NAME,
	.id_table	= rcp_pci_tbl,
	.probe		= rcp_init_one,
	.remove		= rcp_remove_one,
};
module_pci_driver(rcp_driver);

MODULE_DESCRIPTION("RCP C+ mode 10/100 PCI Ethernet driver (reduced 8139cp port)");
MODULE_LICENSE("GPL");
