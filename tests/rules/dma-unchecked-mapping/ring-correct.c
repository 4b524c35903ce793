// The twin of ring-buggy.c: the rx ring fill checks each mapping before the
// later loop the engine widens. Must stay silent.
// RUN: %dmacheck --rules=dma-unchecked-mapping %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>

#define RX_RING_SIZE 128
#define TX_RING_SIZE 16
#define PKT_BUF_SZ 1536

struct rx_desc {
	__le32 status, length, buffer1, buffer2;
};

struct ring_info {
	struct sk_buff *skb;
	dma_addr_t mapping;
};

struct nic {
	struct device *dev;
	struct rx_desc *rx_ring, *tx_ring;
	dma_addr_t rx_ring_dma, tx_ring_dma;
	struct ring_info rx_buffers[RX_RING_SIZE];
	struct ring_info tx_buffers[TX_RING_SIZE];
	int dirty_rx;
};

void nic_init_ring(struct net_device *dev)
{
	struct nic *tp = netdev_priv(dev);
	int i;

	for (i = 0; i < RX_RING_SIZE; i++) {
		tp->rx_ring[i].status = 0;
		tp->rx_ring[i].buffer2 = cpu_to_le32(tp->rx_ring_dma +
						     sizeof(struct rx_desc) * (i + 1));
		tp->rx_buffers[i].skb = NULL;
		tp->rx_buffers[i].mapping = 0;
	}
	for (i = 0; i < RX_RING_SIZE; i++) {
		struct sk_buff *skb = netdev_alloc_skb(dev, PKT_BUF_SZ);
		dma_addr_t mapping;

		tp->rx_buffers[i].skb = skb;
		if (!skb)
			break;
		mapping = dma_map_single(tp->dev, skb->data, PKT_BUF_SZ,
					 DMA_FROM_DEVICE);
		if (dma_mapping_error(tp->dev, mapping)) {
			dev_kfree_skb(skb);
			tp->rx_buffers[i].skb = NULL;
			break;
		}
		tp->rx_buffers[i].mapping = mapping;
		tp->rx_ring[i].buffer1 = cpu_to_le32(mapping);
	}
	tp->dirty_rx = i - RX_RING_SIZE;
	for (i = 0; i < TX_RING_SIZE; i++) {
		tp->tx_buffers[i].skb = NULL;
		tp->tx_buffers[i].mapping = 0;
		tp->tx_ring[i].status = 0;
		tp->tx_ring[i].buffer2 = cpu_to_le32(tp->tx_ring_dma +
						     sizeof(struct rx_desc) * (i + 1));
	}
}
