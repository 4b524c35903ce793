// Completions that release each ring entry once: silent.
// RUN: %dmacheck --rules='-*,dma-double-unmap' %s > %t 2>&1
// RUN: test ! -s %t
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>

struct foo_buf {
	dma_addr_t dma;
	unsigned int len;
	struct sk_buff *skb;
};

struct foo_ring {
	struct device *dev;
	struct foo_buf buf[256];
	unsigned int next_to_clean, count;
	void *desc;
	dma_addr_t desc_dma;
};

/* 1. ixgbe-style clean loop: each entry once, cleared after the unmap. */
void foo_clean(struct foo_ring *ring, unsigned int budget)
{
	unsigned int i = ring->next_to_clean;

	while (budget--) {
		struct foo_buf *b = &ring->buf[i];

		if (!b->skb)
			break;
		dma_unmap_single(ring->dev, b->dma, b->len, DMA_TO_DEVICE);
		b->len = 0;
		b->skb = NULL;
		if (++i == ring->count)
			i = 0;
	}
	ring->next_to_clean = i;
}

/* 2. Guarded teardown: the handle is zeroed after the unmap. */
void foo_free_buf(struct foo_ring *ring, struct foo_buf *b)
{
	if (b->dma) {
		dma_unmap_single(ring->dev, b->dma, b->len, DMA_FROM_DEVICE);
		b->dma = 0;
	}
}

void foo_down(struct foo_ring *ring, unsigned int i)
{
	foo_free_buf(ring, &ring->buf[i]);
	foo_free_buf(ring, &ring->buf[i]);
}

/* 3. The ring pointer is cleared after the free. */
void foo_free_ring(struct foo_ring *ring)
{
	if (!ring->desc)
		return;
	dma_free_coherent(ring->dev, 4096, ring->desc, ring->desc_dma);
	ring->desc = NULL;
}

void foo_remove(struct foo_ring *ring)
{
	foo_free_ring(ring);
	foo_free_ring(ring);
}

/* 4. Two different entries released one after the other. */
void foo_drop_pair(struct foo_ring *ring, unsigned int i)
{
	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_TO_DEVICE);
	dma_unmap_single(ring->dev, ring->buf[i + 1].dma, ring->buf[i + 1].len,
			 DMA_TO_DEVICE);
}

/* 5. A dma_addr_t array indexed by an entry computed from the ring counter
 *    (via-rhine): each entry released once per turn of the walk, a new
 *    mapping stored before the next release of the same entry. */
struct bar_priv {
	struct device *dev;
	struct sk_buff *rx_skbuff[64];
	dma_addr_t rx_dma[64];
	unsigned int cur_rx, dirty_rx;
};

void bar_rx(struct bar_priv *bp, int budget)
{
	while (budget-- > 0) {
		unsigned int entry = bp->cur_rx % 64;
		struct sk_buff *skb = bp->rx_skbuff[entry];

		dma_unmap_single(bp->dev, bp->rx_dma[entry], 1536,
				 DMA_FROM_DEVICE);
		netif_receive_skb(skb);
		bp->rx_skbuff[entry] = NULL;
		bp->cur_rx++;
	}
}

void bar_rx_replace(struct bar_priv *bp, unsigned int entry,
		    struct sk_buff *nskb)
{
	dma_unmap_single(bp->dev, bp->rx_dma[entry], 1536, DMA_FROM_DEVICE);
	bp->rx_dma[entry] = dma_map_single(bp->dev, nskb->data, 1536,
					   DMA_FROM_DEVICE);
	if (dma_mapping_error(bp->dev, bp->rx_dma[entry]))
		return;
	bp->rx_skbuff[entry] = nskb;
	if (nskb->len == 0)
		dma_unmap_single(bp->dev, bp->rx_dma[entry], 1536,
				 DMA_FROM_DEVICE);
}
