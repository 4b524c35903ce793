// Size and family mismatches that span two functions: the refill maps into
// a ring entry, the completion releases it with another constant size or
// with the call of another family.
// RUN: %not %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RX_BUF_LEN	1536
#define RX_BUF_ALLOC	2048

struct ring_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct rx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
};

struct rx_page {
	struct page *page;
	dma_addr_t dma;
};

struct ring {
	struct device *dev;
	struct ring_desc *desc;
	struct rx_buffer rx_buf[256];
	struct rx_page rx_page[256];
};

/* Rx refill: RX_BUF_LEN bytes of each skb are mapped. */
int ring_alloc_rx(struct ring *r, unsigned int i)
{
	struct rx_buffer *rb = &r->rx_buf[i];
	struct sk_buff *skb = netdev_alloc_skb_ip_align(NULL, RX_BUF_ALLOC);
	dma_addr_t dma;

	if (!skb)
		return -ENOMEM;
	dma = dma_map_single(r->dev, skb->data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, dma)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	rb->skb = skb;
	dma_unmap_addr_set(rb, dma, dma);
	r->desc[i].addr = cpu_to_le64(dma);
	return 0;
}

/* 1. The completion unmaps the size that was allocated, not mapped. */
struct sk_buff *ring_rx_done(struct ring *r, struct rx_buffer *rb)
{
	struct sk_buff *skb = rb->skb;

	// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given size 2048 for 'dma', which holds mappings of 1536 bytes (dma_map_single() in ring_alloc_rx(), line 45) [dma-unmap-mismatch]
	dma_unmap_single(r->dev, dma_unmap_addr(rb, dma), RX_BUF_ALLOC,
			 DMA_FROM_DEVICE);
	rb->skb = NULL;
	return skb;
}

/* 2. A sync past the mapped length. */
void ring_rx_peek(struct ring *r, struct rx_buffer *rb)
{
	// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_cpu() is given size 2048 for 'dma', which holds mappings of 1536 bytes (dma_map_single() in ring_alloc_rx(), line 45) [dma-unmap-mismatch]
	dma_sync_single_for_cpu(r->dev, dma_unmap_addr(rb, dma), RX_BUF_ALLOC,
				DMA_FROM_DEVICE);
}

/* Page refill (igb/ixgbe): whole pages mapped with dma_map_page(). */
int ring_alloc_page(struct ring *r, unsigned int i)
{
	struct rx_page *rp = &r->rx_page[i];
	struct page *page = alloc_page(GFP_ATOMIC);

	if (!page)
		return -ENOMEM;
	rp->dma = dma_map_page(r->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, rp->dma)) {
		__free_page(page);
		return -ENOMEM;
	}
	rp->page = page;
	r->desc[i].addr = cpu_to_le64(rp->dma);
	return 0;
}

/* 3. The ring teardown releases the pages as single mappings. */
void ring_free_pages(struct ring *r)
{
	unsigned int i;

	for (i = 0; i < 256; i++) {
		struct rx_page *rp = &r->rx_page[i];

		if (!rp->page)
			continue;
		/* Not reported: single and page mappings are one family since linux 5.x
		 * (dma_unmap_single_attrs() is dma_unmap_page_attrs(); dma-debug agrees). */
		dma_unmap_single(r->dev, rp->dma, PAGE_SIZE, DMA_FROM_DEVICE);
		__free_page(rp->page);
		rp->page = NULL;
		rp->dma = 0;
	}
}
