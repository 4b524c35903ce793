// Checker core v2 defects found on linux 6.12, correct twins: must stay
// silent. dma_mapping_error() answers the same way twice on one path
// (b44), a handle checked by re-reading the array it was stored in
// (kfd_svm, pcnet32), printed before its check (ipu6-dma), the refill
// helper and the wrapper of core-v2-buggy.c with their checks.
// RUN: %dmacheck --rules=dma-unchecked-mapping %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/device.h>

struct rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma_addr;
};

struct rx_desc {
	__le32 addr;
	__le32 status;
};

struct rxq {
	struct device *dev;
	struct rx_buf *bufs;
	struct rx_desc *ring;
	unsigned int size;
};

/* 1. b44_alloc_rx_skb: a failed or out-of-range mapping; the second
 * dma_mapping_error() gives the first one's answer. */
int b44_style_map(struct rxq *q, struct rx_buf *rxb, unsigned int i)
{
	dma_addr_t mapping;

	mapping = dma_map_single(q->dev, rxb->skb->data, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(q->dev, mapping) ||
	    mapping + 2048 > DMA_BIT_MASK(30)) {
		if (!dma_mapping_error(q->dev, mapping))
			dma_unmap_single(q->dev, mapping, 2048, DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	rxb->dma_addr = mapping;
	q->ring[i].addr = cpu_to_le32(mapping);
	return 0;
}

/* 2. Stored in an array, checked by reading the element back. */
int map_pages(struct device *dev, struct page **pages, dma_addr_t *addr,
	      unsigned int n)
{
	unsigned int i;
	int r;

	for (i = 0; i < n; i++) {
		addr[i] = dma_map_page(dev, pages[i], 0, PAGE_SIZE,
				       DMA_BIDIRECTIONAL);
		r = dma_mapping_error(dev, addr[i]);
		if (r)
			goto unwind;
	}
	return 0;
unwind:
	while (i--)
		dma_unmap_page(dev, addr[i], PAGE_SIZE, DMA_BIDIRECTIONAL);
	return -EFAULT;
}

/* 3. Printed before the check: printing is no use. */
int map_logged(struct rxq *q, struct rx_buf *rxb)
{
	dma_addr_t dma = dma_map_single(q->dev, rxb->skb->data, 2048,
					DMA_FROM_DEVICE);

	dev_info(q->dev, "mapped %pad\n", &dma);
	if (dma_mapping_error(q->dev, dma))
		return -ENOMEM;
	rxb->dma_addr = dma;
	return 0;
}

/* 4. The refill helper with its check. */
static bool rxq_refill_one(struct rxq *q, struct rx_buf *rxb, unsigned int i)
{
	dma_addr_t mapping;

	rxb->skb = dev_alloc_skb(2048);
	if (!rxb->skb)
		return false;
	mapping = dma_map_single(q->dev, rxb->skb->data, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(q->dev, mapping)) {
		dev_kfree_skb(rxb->skb);
		rxb->skb = NULL;
		return false;
	}
	rxb->dma_addr = mapping;
	q->ring[i].addr = cpu_to_le32(mapping);
	return true;
}

int rxq_fill(struct rxq *q)
{
	unsigned int i;

	for (i = 0; i < q->size; i++)
		if (!rxq_refill_one(q, &q->bufs[i], i))
			return -ENOMEM;
	return 0;
}

/* 5. The wrapper that turns a failed mapping into 0, as its callers expect. */
static dma_addr_t map_table(struct device *dev, void *table)
{
	dma_addr_t dma = dma_map_single(dev, table, 4096, DMA_BIDIRECTIONAL);

	if (dma_mapping_error(dev, dma))
		return 0;
	return dma;
}

int alloc_table(struct device *dev, void *table, u32 *pte)
{
	dma_addr_t dma = map_table(dev, table);

	if (!dma)
		return -ENOMEM;
	*pte = lower_32_bits(dma) | 1;
	return 0;
}
