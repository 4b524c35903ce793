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
