// Completions that release a ring entry and then leave the handle alone,
// clear it, or store a new mapping in its place: silent.
// RUN: %dmacheck --rules='-*,dma-use-after-unmap' %s > %t 2>&1
// RUN: test ! -s %t
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/skbuff.h>

struct foo_desc {
	__le64 addr;
	__le32 len;
};

struct foo_buf {
	dma_addr_t dma;
	unsigned int len;
	void *data;
};

struct foo_ring {
	struct device *dev;
	void __iomem *regs;
	struct foo_desc *desc;
	struct foo_buf buf[256];
};

/* 1. Sync for the CPU before the unmap, as the rx path should. */
void foo_rx_one(struct foo_ring *ring, unsigned int i)
{
	dma_sync_single_for_cpu(ring->dev, ring->buf[i].dma, 64, DMA_FROM_DEVICE);
	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_FROM_DEVICE);
}

/* 2. The entry is cleared after the unmap and the descriptor zeroed. */
void foo_clear(struct foo_ring *ring, unsigned int i)
{
	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_FROM_DEVICE);
	ring->buf[i].dma = 0;
	ring->desc[i].addr = cpu_to_le64(ring->buf[i].dma);
}

/* 3. Recycled: the entry gets a new mapping before it is posted. */
int foo_recycle(struct foo_ring *ring, unsigned int i)
{
	dma_addr_t dma;

	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_FROM_DEVICE);
	dma = dma_map_single(ring->dev, ring->buf[i].data, ring->buf[i].len,
			     DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, dma))
		return -ENOMEM;
	ring->buf[i].dma = dma;
	ring->desc[i].addr = cpu_to_le64(ring->buf[i].dma);
	return 0;
}

/* 4. A dma_addr_t array indexed by a computed entry: the entry is unmapped,
 *    given a new mapping, and the new one is synced. */
struct bar_priv {
	struct device *dev;
	void *rx_buf[32];
	dma_addr_t rx_dma[32];
	unsigned int cur_rx;
};

void bar_rx_refill(struct bar_priv *bp, void *nbuf)
{
	int entry = bp->cur_rx % 32;

	dma_unmap_single(bp->dev, bp->rx_dma[entry], 1536, DMA_FROM_DEVICE);
	bp->rx_dma[entry] = dma_map_single(bp->dev, nbuf, 1536,
					   DMA_FROM_DEVICE);
	if (dma_mapping_error(bp->dev, bp->rx_dma[entry]))
		return;
	bp->rx_buf[entry] = nbuf;
	dma_sync_single_for_device(bp->dev, bp->rx_dma[entry], 1536,
				   DMA_FROM_DEVICE);
	bp->cur_rx++;
}

/* 5. t7xx style: after the unmap, the handle only serves to compute where
 *    the device put the data in the buffer (an offset, not an address). */
struct baz_bat {
	struct sk_buff *skb;
	dma_addr_t data_bus_addr;
	unsigned int data_len;
};

struct baz_pit {
	__le32 addr_l;
	__le32 addr_h;
};

struct sk_buff *baz_rx_take(struct device *dev, struct baz_bat *bat,
			    unsigned int bid, const struct baz_pit *pit)
{
	struct baz_bat *b = bat + bid;
	unsigned long long bus;
	struct sk_buff *skb;

	dma_unmap_single(dev, b->data_bus_addr, b->data_len, DMA_FROM_DEVICE);
	bus = ((unsigned long long)le32_to_cpu(pit->addr_h) << 32) +
	      le32_to_cpu(pit->addr_l);
	skb = b->skb;
	skb->len = 0;
	skb_reset_tail_pointer(skb);
	skb_reserve(skb, bus - b->data_bus_addr);
	b->skb = NULL;
	return skb;
}
