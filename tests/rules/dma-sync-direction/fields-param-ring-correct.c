// One descriptor type for four rings (reduced from p54pci.c): the rx refill
// is handed the rx ring as a pointer parameter and maps DMA_FROM_DEVICE; the
// tx path maps DMA_TO_DEVICE into tx_data; the stop path unmaps the tx
// rings DMA_TO_DEVICE, including tx_mgmt, which this file never fills. The
// refill's stores belong to the rings its callers pass (rx_data, rx_mgmt),
// not to tx_mgmt. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-sync-direction,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>

struct p5_desc {
	__le32 host_addr;
	__le32 device_addr;
	__le16 len;
	__le16 flags;
};

struct p5_ring_control {
	__le32 host_idx[4];
	struct p5_desc rx_data[8];
	struct p5_desc rx_mgmt[4];
	struct p5_desc tx_data[32];
	struct p5_desc tx_mgmt[4];
};

struct p5_priv {
	struct device *dev;
	struct p5_ring_control *ring_control;
	struct sk_buff *rx_buf_data[8];
	struct sk_buff *rx_buf_mgmt[4];
	struct sk_buff *tx_buf_data[32];
	struct sk_buff *tx_buf_mgmt[4];
};

static void p5_refill_rx_ring(struct p5_priv *priv, struct p5_desc *ring,
			      u32 ring_limit, struct sk_buff **rx_buf)
{
	u32 i;

	for (i = 0; i < ring_limit; i++) {
		struct p5_desc *desc = &ring[i];
		struct sk_buff *skb;
		dma_addr_t mapping;

		if (desc->host_addr)
			continue;
		skb = dev_alloc_skb(1600);
		if (!skb)
			break;
		mapping = dma_map_single(priv->dev, skb_tail_pointer(skb), 1600,
					 DMA_FROM_DEVICE);
		if (dma_mapping_error(priv->dev, mapping)) {
			dev_kfree_skb_any(skb);
			break;
		}
		desc->host_addr = cpu_to_le32(mapping);
		desc->len = cpu_to_le16(1600);
		rx_buf[i] = skb;
	}
}

void p5_open(struct p5_priv *priv)
{
	struct p5_ring_control *rc = priv->ring_control;

	p5_refill_rx_ring(priv, rc->rx_data, 8, priv->rx_buf_data);
	p5_refill_rx_ring(priv, rc->rx_mgmt, 4, priv->rx_buf_mgmt);
}

void p5_tx(struct p5_priv *priv, struct sk_buff *skb)
{
	struct p5_ring_control *ring_control = priv->ring_control;
	struct p5_desc *desc;
	dma_addr_t mapping;
	u32 i = le32_to_cpu(ring_control->host_idx[1]) % 32;

	mapping = dma_map_single(priv->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, mapping))
		return;
	priv->tx_buf_data[i] = skb;
	desc = &ring_control->tx_data[i];
	desc->host_addr = cpu_to_le32(mapping);
	desc->len = cpu_to_le16(skb->len);
}

void p5_stop(struct p5_priv *priv)
{
	struct p5_ring_control *ring_control = priv->ring_control;
	struct p5_desc *desc;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		desc = &ring_control->rx_data[i];
		if (desc->host_addr)
			dma_unmap_single(priv->dev, le32_to_cpu(desc->host_addr),
					 1600, DMA_FROM_DEVICE);
	}
	for (i = 0; i < 32; i++) {
		desc = &ring_control->tx_data[i];
		if (desc->host_addr)
			dma_unmap_single(priv->dev, le32_to_cpu(desc->host_addr),
					 le16_to_cpu(desc->len), DMA_TO_DEVICE);
	}
	for (i = 0; i < 4; i++) {
		desc = &ring_control->tx_mgmt[i];
		if (desc->host_addr)
			dma_unmap_single(priv->dev, le32_to_cpu(desc->host_addr),
					 le16_to_cpu(desc->len), DMA_TO_DEVICE);
	}
}
