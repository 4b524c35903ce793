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
