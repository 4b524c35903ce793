// Handles kept in a local array or struct whose address goes to a function
// that moves them into the ring (funeth fun_map_pkt() + fun_write_gl(),
// cxgb4vf map_skb() + write_sgl(), sfc's tso `state`), and a handle split
// into lo/hi words of a local descriptor array that the unwind rebuilds
// (et131x nic_send_packet()). Must stay silent.
// RUN: %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>

struct gl {
	__be64 addr;
	__be32 len;
};

struct txq {
	struct device *dev;
	struct gl *ring;
	unsigned int prod;
};

static int map_pkt(struct device *dev, struct sk_buff *skb, dma_addr_t *addr,
		   unsigned int *len)
{
	addr[0] = dma_map_single(dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, addr[0]))
		return -ENOMEM;
	len[0] = skb_headlen(skb);
	return 0;
}

static void write_gl(struct txq *q, const dma_addr_t *addr,
		     const unsigned int *len, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct gl *g = &q->ring[q->prod++ & 255];

		g->addr = cpu_to_be64(addr[i]);
		g->len = cpu_to_be32(len[i]);
	}
}

int txq_xmit(struct txq *q, struct sk_buff *skb)
{
	dma_addr_t addrs[4];
	unsigned int lens[4];

	if (map_pkt(q->dev, skb, addrs, lens))
		return -ENOMEM;
	write_gl(q, addrs, lens, 1);
	return 0;
}

struct desc {
	u32 addr_hi, addr_lo, len;
};

int hw_post(struct txq *q, struct desc *d, int n);

int send_packet(struct txq *q, struct sk_buff *skb)
{
	struct desc desc[2];
	dma_addr_t dma_addr;
	int frag = 0;

	dma_addr = dma_map_single(q->dev, skb->data, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(q->dev, dma_addr))
		return -ENOMEM;
	desc[frag].addr_lo = lower_32_bits(dma_addr);
	desc[frag].addr_hi = upper_32_bits(dma_addr);
	frag++;
	dma_addr = dma_map_single(q->dev, skb->data + 64, skb_headlen(skb) - 64,
				  DMA_TO_DEVICE);
	if (dma_mapping_error(q->dev, dma_addr))
		goto unmap_first_out;
	desc[frag].addr_lo = lower_32_bits(dma_addr);
	desc[frag].addr_hi = upper_32_bits(dma_addr);
	frag++;
	return hw_post(q, desc, frag);

unmap_first_out:
	while (frag--) {
		dma_addr = desc[frag].addr_lo;
		dma_addr |= (u64)desc[frag].addr_hi << 32;
		dma_unmap_single(q->dev, dma_addr, 64, DMA_TO_DEVICE);
	}
	return -ENOMEM;
}
