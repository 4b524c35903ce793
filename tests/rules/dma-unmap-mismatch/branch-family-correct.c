// A ring that is either mapped or allocated, chosen by a flag, and released
// by the matching call under the same flag (reduced from b44's
// B44_FLAG_RX_RING_HACK and xhci's stream context arrays), with a call the
// analyzer does not enter in between. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#define B44_FLAG_RX_RING_HACK	0x0001
#define RING_BYTES		4096

struct b44 {
	struct device *dev;
	u32 flags;
	void *rx_ring;
	dma_addr_t rx_ring_dma;
};

int b44_init_hw(struct b44 *bp);

static void b44_free_consistent(struct b44 *bp)
{
	if (bp->rx_ring) {
		if (bp->flags & B44_FLAG_RX_RING_HACK) {
			dma_unmap_single(bp->dev, bp->rx_ring_dma, RING_BYTES,
					 DMA_BIDIRECTIONAL);
			kfree(bp->rx_ring);
		} else {
			dma_free_coherent(bp->dev, RING_BYTES, bp->rx_ring,
					  bp->rx_ring_dma);
		}
		bp->rx_ring = NULL;
		bp->flags &= ~B44_FLAG_RX_RING_HACK;
	}
}

int b44_alloc_consistent(struct b44 *bp)
{
	bp->rx_ring = dma_alloc_coherent(bp->dev, RING_BYTES, &bp->rx_ring_dma,
					 GFP_KERNEL);
	if (!bp->rx_ring) {
		bp->rx_ring = kzalloc(RING_BYTES, GFP_KERNEL);
		if (!bp->rx_ring)
			return -ENOMEM;
		bp->rx_ring_dma = dma_map_single(bp->dev, bp->rx_ring,
						 RING_BYTES, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(bp->dev, bp->rx_ring_dma)) {
			kfree(bp->rx_ring);
			bp->rx_ring = NULL;
			return -ENOMEM;
		}
		bp->flags |= B44_FLAG_RX_RING_HACK;
	}
	if (b44_init_hw(bp)) {
		b44_free_consistent(bp);
		return -EIO;
	}
	return 0;
}
