// Releases of handles the path did not see mapped: a completion unmaps what
// a refill stored in a ring entry, and unmaps it again.
// RUN: %not %dmacheck --rules='-*,dma-double-unmap' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
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
	void *desc;
	dma_addr_t desc_dma;
};

/* 1. The tx clean path unmaps, then the error unwind of the same entry. */
void foo_clean_one(struct foo_ring *ring, unsigned int i, int err)
{
	struct foo_buf *b = &ring->buf[i];

	dma_unmap_single(ring->dev, b->dma, b->len, DMA_TO_DEVICE);
	if (err)
		// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() releases a handle, already released at line 25
		dma_unmap_single(ring->dev, b->dma, b->len, DMA_TO_DEVICE);
}

/* 2. A descriptor ring freed by a reset and again by the teardown. */
static void foo_free_desc(struct foo_ring *ring)
{
	dma_free_coherent(ring->dev, 4096, ring->desc, ring->desc_dma);
}

void foo_teardown(struct foo_ring *ring)
{
	foo_free_desc(ring);
	// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() releases a handle, already released at line 39
	dma_free_coherent(ring->dev, 4096, ring->desc, ring->desc_dma);
}

/* 3. An unmap wrapper called twice: reported at the second call. */
static void foo_unmap(struct foo_ring *ring, dma_addr_t dma, unsigned int len)
{
	dma_unmap_page(ring->dev, dma, len, DMA_FROM_DEVICE);
}

void foo_rx_drop(struct foo_ring *ring, unsigned int i)
{
	foo_unmap(ring, ring->buf[i].dma, ring->buf[i].len);
	// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_page() releases a handle, already released at line 52
	foo_unmap(ring, ring->buf[i].dma, ring->buf[i].len);
}

/* 4. via-rhine/natsemi style: the handles are a dma_addr_t array indexed by
 *    an entry computed from the ring counter, and the tx clean function is
 *    only called from the poll routine of this file. */
struct bar_priv {
	struct device *dev;
	struct sk_buff *tx_skbuff[64];
	dma_addr_t tx_dma[64];
	unsigned int dirty_tx, cur_tx;
	int quirks;
};

static void bar_tx_done(struct bar_priv *bp)
{
	while (bp->dirty_tx != bp->cur_tx) {
		unsigned int entry = bp->dirty_tx % 64;
		struct sk_buff *skb = bp->tx_skbuff[entry];

		dma_unmap_single(bp->dev, bp->tx_dma[entry], skb->len,
				 DMA_TO_DEVICE);
		if (bp->quirks & 1)
			// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() releases a handle, already released at line [[@LINE-3]]
			dma_unmap_single(bp->dev, bp->tx_dma[entry], skb->len,
					 DMA_TO_DEVICE);
		dev_kfree_skb_any(skb);
		bp->tx_skbuff[entry] = NULL;
		bp->dirty_tx++;
	}
}

int bar_poll(struct bar_priv *bp, int budget)
{
	int work = 0;

	while (work < budget && bp->quirks > work)
		work++;
	bar_tx_done(bp);
	return work;
}
