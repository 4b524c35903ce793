// One struct type for the entries of two rings (reduced from tulip's
// struct ring_info and sunplus' spl2sw_skb_info): the rx ring's `mapping`
// holds DMA_FROM_DEVICE mappings, the tx ring's DMA_TO_DEVICE ones (mapped
// in another file, as tulip_start_xmit() is in tulip_core.c). Each release
// matches the ring it reads. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-sync-direction,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RX_RING_SIZE	32
#define TX_RING_SIZE	16
#define PKT_BUF_SZ	1536

struct ring_info {
	struct sk_buff *skb;
	dma_addr_t mapping;
};

struct tulip_private {
	struct device *dev;
	struct ring_info rx_buffers[RX_RING_SIZE];
	struct ring_info tx_buffers[TX_RING_SIZE];
	unsigned int cur_rx, dirty_tx;
};

void tulip_refill_rx(struct net_device *ndev, struct tulip_private *tp,
		     int entry)
{
	struct sk_buff *skb = netdev_alloc_skb(ndev, PKT_BUF_SZ);
	dma_addr_t mapping;

	if (!skb)
		return;
	mapping = dma_map_single(tp->dev, skb->data, PKT_BUF_SZ,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(tp->dev, mapping)) {
		dev_kfree_skb(skb);
		return;
	}
	tp->rx_buffers[entry].skb = skb;
	tp->rx_buffers[entry].mapping = mapping;
}

void tulip_tx_done(struct tulip_private *tp, int entry)
{
	struct ring_info *ri = &tp->tx_buffers[entry];

	dma_unmap_single(tp->dev, ri->mapping, ri->skb->len, DMA_TO_DEVICE);
	dev_kfree_skb_irq(ri->skb);
	ri->skb = NULL;
}

void tulip_rx_one(struct tulip_private *tp, int entry, int pkt_len)
{
	dma_sync_single_for_cpu(tp->dev, tp->rx_buffers[entry].mapping,
				pkt_len, DMA_FROM_DEVICE);
}

/* The rx ring reached through an array of per-queue ring pointers, the tx
 * ring through a pointer to its entry (spl2sw_rx_poll(), spl2sw_tx_intr()).
 */
struct spl2sw_skb_info {
	struct sk_buff *skb;
	dma_addr_t mapping;
};

struct spl2sw_common {
	struct device *dev;
	struct spl2sw_skb_info *rx_skb_info[2];
	struct spl2sw_skb_info tx_temp_skb_info[TX_RING_SIZE];
};

void spl2sw_rx_refill(struct net_device *ndev, struct spl2sw_common *comm,
		      int queue, int j)
{
	struct spl2sw_skb_info *rx_skbinfo = comm->rx_skb_info[queue];
	struct sk_buff *skb = netdev_alloc_skb(ndev, PKT_BUF_SZ);
	dma_addr_t mapping;

	if (!skb)
		return;
	mapping = dma_map_single(comm->dev, skb->data, PKT_BUF_SZ,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(comm->dev, mapping)) {
		dev_kfree_skb(skb);
		return;
	}
	rx_skbinfo[j].skb = skb;
	rx_skbinfo[j].mapping = mapping;
}

void spl2sw_tx_done(struct spl2sw_common *comm, int pos)
{
	struct spl2sw_skb_info *skbinfo = &comm->tx_temp_skb_info[pos];

	dma_unmap_single(comm->dev, skbinfo->mapping, skbinfo->skb->len,
			 DMA_TO_DEVICE);
	skbinfo->mapping = 0;
}
