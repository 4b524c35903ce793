// Path notes tell the mapping's story in path order: where it was made, its
// check, the decisive branch (here another mapping's failed check), and no
// "Assuming ..." about conditions that do not touch it.
// RUN: %not %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error: --implicit-check-not=Assuming
// CHECK: notes.c:43:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked
// CHECK-NEXT: notes.c:32:{{[0-9]+}}: note: mapped by dma_map_single() here
// CHECK-NEXT: notes.c:33:{{[0-9]+}}: note: dma_mapping_error() says the mapping is good
// CHECK-NEXT: notes.c:37:{{[0-9]+}}: note: dma_mapping_error() says the mapping made by skb_frag_dma_map() at line 35 failed
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>

struct txd {
	__le64 addr;
	__le32 opts;
};

struct cp {
	struct device *dev;
	struct txd *ring;
	unsigned int entry;
	bool csum;
};

netdev_tx_t cp_xmit(struct cp *cp, struct sk_buff *skb, skb_frag_t *frag)
{
	dma_addr_t first, mapping;
	unsigned int len = skb_headlen(skb);

	if (cp->csum && len > 1500)
		len = 1500;
	first = dma_map_single(cp->dev, skb->data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(cp->dev, first))
		goto drop;
	mapping = skb_frag_dma_map(cp->dev, frag, 0, skb_frag_size(frag),
				   DMA_TO_DEVICE);
	if (dma_mapping_error(cp->dev, mapping))
			goto drop;
	cp->ring[cp->entry].addr = cpu_to_le64(first);
	cp->ring[cp->entry + 1].addr = cpu_to_le64(mapping);
	return NETDEV_TX_OK;
drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}
