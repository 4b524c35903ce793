// A handle printed by the driver's own printf-like logger before its check
// (wil6210 __wil_tx_ring(): wil_dbg_txrx(wil, "%pad", &pa) then
// dma_mapping_error()): printing is not a use. Must stay silent.
// RUN: %dmacheck --rules=dma-unchecked-mapping %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
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
	if (unlikely(dma_mapping_error(wil->dev, pa)))
		return -EINVAL;
	wil->ring[wil->swhead] = pa;
	return 0;
}
