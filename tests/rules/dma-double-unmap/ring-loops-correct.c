// Ring cleanups that walk the entries in a loop, reduced from libwx's
// wx_clean_tx_ring() and bcmgenet's ring reclaim: the index wraps at a
// ring size the path does not know, so a later iteration may look like the
// first entry again. Each entry is released once. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-double-unmap,dma-use-after-unmap' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct wx_tx_desc {
	__le64 addr;
	__le32 cmd;
	__le32 status;
};

struct wx_tx_buffer {
	struct sk_buff *skb;
	struct wx_tx_desc *next_to_watch;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct wx_ring {
	struct device *dev;
	struct wx_tx_buffer *tx_buffer_info;
	struct wx_tx_desc *desc;
	u16 count;
	u16 next_to_use;
	u16 next_to_clean;
};

void wx_clean_tx_ring(struct wx_ring *tx_ring)
{
	struct wx_tx_buffer *tx_buffer;
	u16 i = tx_ring->next_to_clean;

	tx_buffer = &tx_ring->tx_buffer_info[i];
	while (i != tx_ring->next_to_use) {
		struct wx_tx_desc *eop_desc, *tx_desc;

		dev_kfree_skb_any(tx_buffer->skb);
		dma_unmap_single(tx_ring->dev, dma_unmap_addr(tx_buffer, dma),
				 dma_unmap_len(tx_buffer, len), DMA_TO_DEVICE);
		eop_desc = tx_buffer->next_to_watch;
		tx_desc = &tx_ring->desc[i];
		while (tx_desc != eop_desc) {
			tx_buffer++;
			tx_desc++;
			i++;
			if (i == tx_ring->count) {
				i = 0;
				tx_buffer = tx_ring->tx_buffer_info;
				tx_desc = &tx_ring->desc[0];
			}
			if (dma_unmap_len(tx_buffer, len))
				dma_unmap_page(tx_ring->dev,
					       dma_unmap_addr(tx_buffer, dma),
					       dma_unmap_len(tx_buffer, len),
					       DMA_TO_DEVICE);
		}
		tx_buffer++;
		i++;
		if (i == tx_ring->count) {
			i = 0;
			tx_buffer = tx_ring->tx_buffer_info;
		}
	}
	tx_ring->next_to_use = 0;
	tx_ring->next_to_clean = 0;
}

struct genet_cb {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma_addr);
	DEFINE_DMA_UNMAP_LEN(dma_len);
};

struct genet_ring {
	struct device *dev;
	struct genet_cb *cbs;
	unsigned int clean_ptr;
	unsigned int end_ptr;
	unsigned int size;
};

/* The reclaim index advanced through a pointer into the ring. */
unsigned int genet_reclaim(struct genet_ring *ring, unsigned int todo)
{
	unsigned int *ptr = &ring->clean_ptr;
	unsigned int done = 0;

	while (done < todo) {
		struct genet_cb *cb = &ring->cbs[*ptr];

		if (cb->skb) {
			dma_unmap_single(ring->dev, dma_unmap_addr(cb, dma_addr),
					 dma_unmap_len(cb, dma_len),
					 DMA_TO_DEVICE);
			dev_consume_skb_any(cb->skb);
			cb->skb = NULL;
		} else if (dma_unmap_addr(cb, dma_addr)) {
			dma_unmap_page(ring->dev, dma_unmap_addr(cb, dma_addr),
				       dma_unmap_len(cb, dma_len),
				       DMA_TO_DEVICE);
			dma_unmap_addr_set(cb, dma_addr, 0);
		}
		if (*ptr == ring->end_ptr)
			*ptr = 0;
		else
			(*ptr)++;
		done++;
	}
	return done;
}

/* The release in a helper the loop calls (bcmgenet_free_tx_cb()). */
static struct sk_buff *genet_free_tx_cb(struct device *dev,
					struct genet_cb *cb)
{
	struct sk_buff *skb = cb->skb;

	if (skb) {
		cb->skb = NULL;
		dma_unmap_single(dev, dma_unmap_addr(cb, dma_addr),
				 dma_unmap_len(cb, dma_len), DMA_TO_DEVICE);
		dma_unmap_addr_set(cb, dma_addr, 0);
		return skb;
	}
	if (dma_unmap_addr(cb, dma_addr)) {
		dma_unmap_page(dev, dma_unmap_addr(cb, dma_addr),
			       dma_unmap_len(cb, dma_len), DMA_TO_DEVICE);
		dma_unmap_addr_set(cb, dma_addr, 0);
	}
	return NULL;
}

unsigned int genet_tx_reclaim(struct genet_ring *ring, unsigned int todo)
{
	unsigned int done = 0;

	while (done < todo) {
		struct sk_buff *skb;

		skb = genet_free_tx_cb(ring->dev, &ring->cbs[ring->clean_ptr]);
		if (skb)
			dev_consume_skb_any(skb);
		if (ring->clean_ptr == ring->end_ptr)
			ring->clean_ptr = 0;
		else
			ring->clean_ptr++;
		done++;
	}
	return done;
}
