// The twin of logger-correct.c: the handle printed by the driver's logger
// is then stored in the ring with no check. Printing is not a use, and not
// a check either: the store is reported.
// RUN: %not %dmacheck --rules=dma-unchecked-mapping %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>

struct wil {
	struct device *dev;
	u64 *ring;
	unsigned int swhead;
};

__printf(2, 3) void __wil_dbg(struct wil *wil, const char *fmt, ...);
#define wil_dbg_txrx(wil, fmt, ...) __wil_dbg(wil, fmt, ##__VA_ARGS__)

int wil_tx_one(struct wil *wil, struct sk_buff *skb)
{
	dma_addr_t pa;

	pa = dma_map_single(wil->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	wil_dbg_txrx(wil, "Tx[%2d] skb %d bytes 0x%p -> %pad\n", wil->swhead,
		     skb_headlen(skb), skb->data, &pa);
	wil->ring[wil->swhead] = pa;
	// CHECK: :[[@LINE-1]]:2: warning: dma_map_single() result is used without dma_mapping_error() check [dma-unchecked-mapping]
	return 0;
}
