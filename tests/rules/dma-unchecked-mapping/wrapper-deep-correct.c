// A mapping checked by a driver header's wrapper (enic.h
// enic_dma_map_check() style) down a call chain as deep as enic's xmit path;
// on linux 6.12 the analyzer did not step into that wrapper and reported
// every enic mapping. The wrapper's body tests the handle it is given: that
// is the check, inlined or not (dma/Summaries.cpp). Must stay silent.
// RUN: %dmacheck --rules=dma-unchecked-mapping,dma-mapping-leak %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>

struct wq_desc {
	__le64 addr;
	__le16 len;
};

#include "Inputs/nic-check.h"

static void nic_queue_desc(struct nic *nic, dma_addr_t dma, unsigned int len)
{
	struct wq_desc *d = &nic->ring[nic->tail++ & 255];

	d->addr = cpu_to_le64(dma);
	d->len = cpu_to_le16(len);
}

static int nic_queue_frags(struct nic *nic, struct sk_buff *skb)
{
	const skb_frag_t *frag;
	unsigned int len_left = skb->data_len;
	dma_addr_t dma_addr;

	for (frag = skb_shinfo(skb)->frags; len_left; frag++) {
		len_left -= skb_frag_size(frag);
		dma_addr = skb_frag_dma_map(nic->dev, frag, 0, skb_frag_size(frag),
					    DMA_TO_DEVICE);
		if (unlikely(nic_dma_map_check(nic, dma_addr)))
			return -ENOMEM;
		nic_queue_desc(nic, dma_addr, skb_frag_size(frag));
	}
	return 0;
}

static int nic_queue_head(struct nic *nic, struct sk_buff *skb)
{
	dma_addr_t dma_addr;

	dma_addr = dma_map_single(nic->dev, skb->data, skb_headlen(skb),
				  DMA_TO_DEVICE);
	if (unlikely(nic_dma_map_check(nic, dma_addr)))
		return -ENOMEM;
	nic_queue_desc(nic, dma_addr, skb_headlen(skb));
	return skb->data_len ? nic_queue_frags(nic, skb) : 0;
}

static int nic_queue_skb_vlan(struct nic *nic, struct sk_buff *skb)
{
	return nic_queue_head(nic, skb);
}

static int nic_queue_skb(struct nic *nic, struct sk_buff *skb)
{
	return nic_queue_skb_vlan(nic, skb);
}

static int nic_queue_locked(struct nic *nic, struct sk_buff *skb)
{
	return nic_queue_skb(nic, skb);
}

static int nic_queue_tso(struct nic *nic, struct sk_buff *skb)
{
	return nic_queue_locked(nic, skb);
}

static int nic_queue_csum(struct nic *nic, struct sk_buff *skb)
{
	return nic_queue_tso(nic, skb);
}

netdev_tx_t nic_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct nic *nic = netdev_priv(netdev);

	if (nic_queue_csum(nic, skb)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	return NETDEV_TX_OK;
}
