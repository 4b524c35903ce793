// Uses of a handle after a completion released it, though the path never
// saw it mapped.
// RUN: %not %dmacheck --rules='-*,dma-use-after-unmap' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>

struct foo_desc {
	__le64 addr;
	__le32 len;
};

struct foo_buf {
	dma_addr_t dma;
	unsigned int len;
};

struct foo_ring {
	struct device *dev;
	void __iomem *regs;
	struct foo_desc *desc;
	struct foo_buf buf[256];
};

/* 1. The rx path unmaps, then syncs for the CPU to read the status. */
void foo_rx_one(struct foo_ring *ring, unsigned int i)
{
	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_FROM_DEVICE);
	// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_cpu() is given a handle released at line 27, no longer a mapping
	dma_sync_single_for_cpu(ring->dev, ring->buf[i].dma, 64, DMA_FROM_DEVICE);
}

/* 2. The handle is reposted to the ring after its unmap. */
void foo_recycle(struct foo_ring *ring, unsigned int i, unsigned int j)
{
	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_FROM_DEVICE);
	// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: a handle released at line 36, is stored in 'ring->desc[j].addr' after the release
	ring->desc[j].addr = cpu_to_le64(ring->buf[i].dma);
}

/* 3. natsemi style: the handles are a dma_addr_t array indexed by an entry
 *    computed from the ring counter; the rx path that hands the buffer up
 *    unmaps it, then gives the entry back to the device with a sync (copied
 *    from the copybreak branch). */
struct bar_priv {
	struct device *dev;
	void *rx_buf[32];
	dma_addr_t rx_dma[32];
	unsigned int cur_rx;
	unsigned int copybreak;
};

void bar_rx(struct bar_priv *bp, unsigned int pkt_len)
{
	int entry = bp->cur_rx % 32;

	if (pkt_len < bp->copybreak) {
		dma_sync_single_for_cpu(bp->dev, bp->rx_dma[entry], 1536,
					DMA_FROM_DEVICE);
		dma_sync_single_for_device(bp->dev, bp->rx_dma[entry], 1536,
					   DMA_FROM_DEVICE);
	} else {
		dma_unmap_single(bp->dev, bp->rx_dma[entry], 1536,
				 DMA_FROM_DEVICE);
		// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_device() is given a handle released at line [[@LINE-2]], no longer a mapping
		dma_sync_single_for_device(bp->dev, bp->rx_dma[entry], 1536,
					   DMA_FROM_DEVICE);
		bp->rx_buf[entry] = NULL;
	}
	bp->cur_rx++;
}

/* 4. Beside the offset case of completion-correct.c: the released handle
 *    plus the headroom is reposted (an address, not an offset). */
void foo_recycle_headroom(struct foo_ring *ring, unsigned int i,
			  unsigned int j)
{
	dma_unmap_single(ring->dev, ring->buf[i].dma, ring->buf[i].len,
			 DMA_FROM_DEVICE);
	// CHECK: completion-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: a handle released at line [[@LINE-2]], is stored in 'ring->desc[j].addr' after the release
	ring->desc[j].addr = cpu_to_le64(ring->buf[i].dma + 64);
}
