// Sizes written the same way at the allocation and at the free, from a
// flag or a field the path re-reads after a call it does not enter (reduced
// from tg3's rx producer rings and xhci's stream context arrays): the path
// may pick another value the second time, the driver cannot. Must stay
// silent.
// RUN: %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/bitops.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#define TG3_FLAG_LRG_PROD_RING_CAP	3
#define tg3_flag(tp, flag) \
	test_bit(TG3_FLAG_##flag, (tp)->flags)
#define TG3_RX_STD_RING_SIZE(tp) \
	(tg3_flag(tp, LRG_PROD_RING_CAP) ? 2048 : 512)
#define TG3_RX_STD_RING_BYTES(tp) \
	(sizeof(struct tg3_rx_bd) * TG3_RX_STD_RING_SIZE(tp))

struct tg3_rx_bd {
	u32 addr_hi;
	u32 addr_lo;
	u32 idx_len;
	u32 flags;
};

struct tg3 {
	struct device *dev;
	unsigned long flags[1];
	struct tg3_rx_bd *rx_std;
	dma_addr_t rx_std_mapping;
};

int tg3_hw_setup(struct tg3 *tp);

static void tg3_rx_prodring_fini(struct tg3 *tp)
{
	if (tp->rx_std) {
		dma_free_coherent(tp->dev, TG3_RX_STD_RING_BYTES(tp),
				  tp->rx_std, tp->rx_std_mapping);
		tp->rx_std = NULL;
	}
}

static int tg3_rx_prodring_init(struct tg3 *tp)
{
	tp->rx_std = dma_alloc_coherent(tp->dev, TG3_RX_STD_RING_BYTES(tp),
					&tp->rx_std_mapping, GFP_KERNEL);
	if (!tp->rx_std)
		return -ENOMEM;
	return 0;
}

int tg3_mem_rx_acquire(struct tg3 *tp)
{
	if (tg3_rx_prodring_init(tp))
		return -ENOMEM;
	if (tg3_hw_setup(tp)) {
		tg3_rx_prodring_fini(tp);
		return -EIO;
	}
	return 0;
}

struct xhci_stream_info {
	unsigned int num_stream_ctxs;
	void *stream_ctx_array;
	dma_addr_t ctx_array_dma;
};

int xhci_setup_streams(struct device *dev, struct xhci_stream_info *si);

int xhci_alloc_streams(struct device *dev, struct xhci_stream_info *si)
{
	si->stream_ctx_array = dma_alloc_coherent(dev,
						  16 * si->num_stream_ctxs,
						  &si->ctx_array_dma,
						  GFP_KERNEL);
	if (!si->stream_ctx_array)
		return -ENOMEM;
	if (xhci_setup_streams(dev, si)) {
		dma_free_coherent(dev, 16 * si->num_stream_ctxs,
				  si->stream_ctx_array, si->ctx_array_dma);
		return -ENOMEM;
	}
	return 0;
}

/* b43's test mapping of its tx header cache (b43/dma.c): the size is read
 * from the firmware's header format at the map and again at the unmap, and
 * the map and unmap are macros around the _attrs calls, as the kernel's
 * dma_map_single() and dma_unmap_single() are. */
struct b43_fw {
	int hdr_format;
};

struct b43_wldev {
	struct device *dma_dev;
	struct b43_fw fw;
};

struct b43_dmaring {
	struct b43_wldev *dev;
	void *txhdr_cache;
};

#define b43_map_single(d, a, s, r)	dma_map_single_attrs(d, a, s, r, 0)
#define b43_unmap_single(d, a, s, r)	dma_unmap_single_attrs(d, a, s, r, 0)

static inline size_t b43_txhdr_size(struct b43_wldev *dev)
{
	switch (dev->fw.hdr_format) {
	case 1:
		return 118;
	case 2:
		return 110;
	case 3:
		return 106;
	}
	return 0;
}

int b43_check_address(struct b43_dmaring *ring, dma_addr_t addr);

int b43_setup_txhdr_cache(struct b43_dmaring *ring, struct b43_wldev *dev)
{
	dma_addr_t dma_test;

	ring->dev = dev;
	ring->txhdr_cache = kcalloc(4, b43_txhdr_size(dev), GFP_KERNEL);
	if (!ring->txhdr_cache)
		return -ENOMEM;
	dma_test = b43_map_single(dev->dma_dev, ring->txhdr_cache,
				  b43_txhdr_size(dev), DMA_TO_DEVICE);
	if (dma_mapping_error(dev->dma_dev, dma_test))
		return -ENOMEM;
	if (b43_check_address(ring, dma_test))
		return -EIO;
	b43_unmap_single(dev->dma_dev, dma_test, b43_txhdr_size(dev),
			 DMA_TO_DEVICE);
	return 0;
}
