// Ring entries mapped in one function and released or synced in another
// with what was mapped. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RX_BUF_LEN	1536

struct ring_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct rx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
};

struct tx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
	bool head;
};

struct ring {
	struct device *dev;
	struct ring_desc *desc;
	struct rx_buffer rx_buf[256];
	struct tx_buffer tx_buf[256];
	unsigned int next_to_use, next_to_clean;
};

/* 1. e1000e: mapped RX_BUF_LEN, synced for part of it, unmapped whole. */
int ring_alloc_rx(struct ring *r, unsigned int i)
{
	struct rx_buffer *rb = &r->rx_buf[i];
	struct sk_buff *skb = netdev_alloc_skb_ip_align(NULL, RX_BUF_LEN);
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

struct sk_buff *ring_rx_done(struct ring *r, struct rx_buffer *rb,
			     unsigned int len)
{
	struct sk_buff *skb = rb->skb;

	dma_sync_single_for_cpu(r->dev, dma_unmap_addr(rb, dma), 256,
				DMA_FROM_DEVICE);
	dma_unmap_single(r->dev, dma_unmap_addr(rb, dma), RX_BUF_LEN,
			 DMA_FROM_DEVICE);
	rb->skb = NULL;
	skb_put(skb, len);
	return skb;
}

/* 2. ixgbe: one tx_buffer field holds head (single) and fragment (page)
 *    mappings; the completion releases each with its own call and the
 *    length kept by dma_unmap_len_set(). */
int ring_xmit(struct ring *r, struct sk_buff *skb)
{
	struct tx_buffer *tb = &r->tx_buf[r->next_to_use];
	skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	dma_addr_t dma;

	dma = dma_map_single(r->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	dma_unmap_len_set(tb, len, skb_headlen(skb));
	dma_unmap_addr_set(tb, dma, dma);
	tb->head = true;

	tb = &r->tx_buf[r->next_to_use + 1];
	dma = skb_frag_dma_map(r->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	dma_unmap_len_set(tb, len, skb_frag_size(frag));
	dma_unmap_addr_set(tb, dma, dma);
	tb->head = false;
	return 0;
}

void ring_clean_tx(struct ring *r)
{
	struct tx_buffer *tb = &r->tx_buf[r->next_to_clean];

	if (tb->head)
		dma_unmap_single(r->dev, dma_unmap_addr(tb, dma),
				 dma_unmap_len(tb, len), DMA_TO_DEVICE);
	else
		dma_unmap_page(r->dev, dma_unmap_addr(tb, dma),
			       dma_unmap_len(tb, len), DMA_TO_DEVICE);
	dma_unmap_len_set(tb, len, 0);
}

struct cmd_slot {
	void *buf;
	dma_addr_t dma;
};

#define CMD_SMALL	64
#define CMD_LARGE	512

/* 3. Command slots of two sizes: a sync covers at most the larger one, the
 *    unmap gives one of the sizes that were mapped. */
int cmd_map_small(struct ring *r, struct cmd_slot *s)
{
	s->dma = dma_map_single(r->dev, s->buf, CMD_SMALL, DMA_BIDIRECTIONAL);
	return dma_mapping_error(r->dev, s->dma);
}

int cmd_map_large(struct ring *r, struct cmd_slot *s)
{
	s->dma = dma_map_single(r->dev, s->buf, CMD_LARGE, DMA_BIDIRECTIONAL);
	return dma_mapping_error(r->dev, s->dma);
}

void cmd_sync(struct ring *r, struct cmd_slot *s)
{
	dma_sync_single_for_cpu(r->dev, s->dma, CMD_SMALL, DMA_FROM_DEVICE);
}

void cmd_unmap_large(struct ring *r, struct cmd_slot *s)
{
	dma_unmap_single(r->dev, s->dma, CMD_LARGE, DMA_BIDIRECTIONAL);
	s->dma = 0;
}

struct rx_page {
	struct page *page;
	dma_addr_t dma;
	unsigned int offset;
};

/* 4. igb page halves: the page mapped whole, synced by range, unmapped as
 *    a page. */
int ring_alloc_page(struct ring *r, struct rx_page *rp)
{
	struct page *page = alloc_page(GFP_ATOMIC);

	if (!page)
		return -ENOMEM;
	rp->dma = dma_map_page(r->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, rp->dma)) {
		__free_page(page);
		return -ENOMEM;
	}
	rp->page = page;
	rp->offset = 0;
	return 0;
}

void ring_rx_page_done(struct ring *r, struct rx_page *rp, unsigned int size)
{
	dma_sync_single_range_for_cpu(r->dev, rp->dma, rp->offset, size,
				      DMA_FROM_DEVICE);
	dma_unmap_page(r->dev, rp->dma, PAGE_SIZE, DMA_FROM_DEVICE);
	rp->page = NULL;
}

struct io_buf {
	void *data;
	dma_addr_t dma;
	size_t len;
};

/* 5. The size kept beside the handle: not a constant, not judged. */
int io_buf_map(struct ring *r, struct io_buf *b)
{
	b->dma = dma_map_single(r->dev, b->data, b->len, DMA_TO_DEVICE);
	return dma_mapping_error(r->dev, b->dma);
}

void io_buf_unmap(struct ring *r, struct io_buf *b)
{
	dma_unmap_single(r->dev, b->dma, b->len, DMA_TO_DEVICE);
}
