// Direction mismatches that span two functions: the handle is mapped in the
// refill or xmit path, kept in a ring entry (through dma_unmap_addr_set()
// or a plain store), and synced or unmapped in the completion with another
// constant direction. No single path shows both; the file-level view of
// struct fields does.
// RUN: %not %dmacheck --rules='-*,dma-sync-direction' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RX_BUF_LEN	1536
#define RX_COPYBREAK	256

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
	dma_addr_t dma;
	unsigned int len;
};

struct ring {
	struct device *dev;
	struct napi_struct *napi;
	struct ring_desc *desc;
	struct rx_buffer rx_buf[256];
	struct tx_buffer tx_buf[256];
	unsigned int next_to_use, next_to_clean;
};

/* Rx refill: buffers mapped for the device to write. */
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

/* 1. Rx completion, copybreak branch: synced with the transmit direction. */
struct sk_buff *ring_rx_copybreak(struct ring *r, struct rx_buffer *rb,
				  unsigned int len)
{
	struct sk_buff *skb = napi_alloc_skb(r->napi, len);

	if (!skb)
		return NULL;
	// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_cpu() is given DMA_TO_DEVICE for 'dma', which holds DMA_FROM_DEVICE mappings (dma_map_single() in ring_alloc_rx(), line 49) [dma-sync-direction]
	dma_sync_single_for_cpu(r->dev, dma_unmap_addr(rb, dma), len, DMA_TO_DEVICE);
	skb_put_data(skb, rb->skb->data, len);
	dma_sync_single_for_device(r->dev, dma_unmap_addr(rb, dma), len,
				   DMA_FROM_DEVICE);
	return skb;
}

/* 2. Rx completion, large frame: unmapped with DMA_BIDIRECTIONAL. */
struct sk_buff *ring_rx_large(struct ring *r, struct rx_buffer *rb,
			      unsigned int len)
{
	struct sk_buff *skb = rb->skb;
	dma_addr_t dma = dma_unmap_addr(rb, dma);

	// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_BIDIRECTIONAL for 'dma', which holds DMA_FROM_DEVICE mappings (dma_map_single() in ring_alloc_rx(), line 49) [dma-sync-direction]
	dma_unmap_single(r->dev, dma, RX_BUF_LEN, DMA_BIDIRECTIONAL);
	rb->skb = NULL;
	skb_put(skb, len);
	return skb;
}

/* Tx: the head is mapped for the device to read. */
int ring_xmit(struct ring *r, struct sk_buff *skb)
{
	struct tx_buffer *tb = &r->tx_buf[r->next_to_use];

	tb->len = skb_headlen(skb);
	tb->dma = dma_map_single(r->dev, skb->data, tb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, tb->dma))
		return -ENOMEM;
	tb->skb = skb;
	r->desc[r->next_to_use].addr = cpu_to_le64(tb->dma);
	return 0;
}

/* 3. Tx completion: unmapped as if received. */
void ring_clean_tx(struct ring *r)
{
	struct tx_buffer *tb = &r->tx_buf[r->next_to_clean];

	// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_FROM_DEVICE for 'dma', which holds DMA_TO_DEVICE mappings (dma_map_single() in ring_xmit(), line 96) [dma-sync-direction]
	dma_unmap_single(r->dev, tb->dma, tb->len, DMA_FROM_DEVICE);
	dev_kfree_skb_any(tb->skb);
	tb->skb = NULL;
	tb->dma = 0;
}

/* 4. p54 style: the refill is handed the ring as a pointer parameter; the
 *    stop path unmaps the same ring as if it were transmitted. */
struct p5_desc {
	__le32 host_addr;
	__le16 len;
	__le16 flags;
};

struct p5_rings {
	struct p5_desc rx_data[8];
	struct p5_desc tx_data[8];
};

static void p5_refill(struct device *dev, struct p5_desc *ring, void **bufs)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		dma_addr_t mapping = dma_map_single(dev, bufs[i], 1600,
						    DMA_FROM_DEVICE);

		if (dma_mapping_error(dev, mapping))
			break;
		ring[i].host_addr = cpu_to_le32(mapping);
	}
}

void p5_open(struct device *dev, struct p5_rings *rc, void **bufs)
{
	p5_refill(dev, rc->rx_data, bufs);
}

void p5_stop(struct device *dev, struct p5_rings *rc)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		struct p5_desc *desc = &rc->rx_data[i];

		if (desc->host_addr)
			// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_TO_DEVICE for 'host_addr', which holds DMA_FROM_DEVICE mappings
			dma_unmap_single(dev, le32_to_cpu(desc->host_addr), 1600,
					 DMA_TO_DEVICE);
	}
}

/* 5. dwc2 style: a frame list kept in the controller's own struct, mapped
 *    for the device to read in one helper and unmapped as written by it in
 *    another; both helpers are handed the struct by their callers. */
struct hc_state {
	struct device *dev;
	u32 *frame_list;
	dma_addr_t frame_list_dma;
};

static int hc_frame_list_alloc(struct hc_state *hs)
{
	hs->frame_list = kzalloc(1024, GFP_ATOMIC);
	if (!hs->frame_list)
		return -ENOMEM;
	hs->frame_list_dma = dma_map_single(hs->dev, hs->frame_list, 1024,
					    DMA_TO_DEVICE);
	return 0;
}

static void hc_frame_list_free(struct hc_state *hs)
{
	// CHECK: fields-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_FROM_DEVICE for 'frame_list_dma', which holds DMA_TO_DEVICE mappings
	dma_unmap_single(hs->dev, hs->frame_list_dma, 1024, DMA_FROM_DEVICE);
	kfree(hs->frame_list);
	hs->frame_list = NULL;
}

int hc_start(struct hc_state *hs)
{
	return hc_frame_list_alloc(hs);
}

void hc_stop(struct hc_state *hs)
{
	hc_frame_list_free(hs);
}
