// Each mapping and allocation released once: guarded cleanups that record
// the release, unwind ladders that release only what was mapped, handles
// remapped between two releases. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-double-unmap' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RING_BYTES	4096

struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_buffer {
	struct sk_buff *skb;
	dma_addr_t dma;
	bool mapped;
};

struct nic_tx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct nic_adapter {
	struct device *dev;
	void __iomem *hw_addr;
	struct nic_desc *desc;
	dma_addr_t desc_dma;
	struct nic_buffer buf[64];
	struct nic_tx_buffer tx_buf[64];
};

int fw_post(struct nic_adapter *a, dma_addr_t dma);
int fw_wait(struct nic_adapter *a, u32 tag);

static void nic_unmap_rx_buffer(struct nic_adapter *a, struct nic_buffer *rb)
{
	if (rb->dma) {
		dma_unmap_single(a->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
		rb->dma = 0;
	}
}

/* 1. The guarded release (e1000e, igb): the handle is zeroed, so the
 *    second call of the cleanup does nothing. */
int nic_rx_and_reset(struct nic_adapter *a, struct nic_buffer *rb)
{
	rb->skb = netdev_alloc_skb_ip_align(NULL, RX_BUF_LEN);
	if (!rb->skb)
		return -ENOMEM;
	rb->dma = dma_map_single(a->dev, rb->skb->data, RX_BUF_LEN,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, rb->dma)) {
		rb->dma = 0;
		dev_kfree_skb_any(rb->skb);
		return -ENOMEM;
	}
	a->desc[0].addr = cpu_to_le64(rb->dma);
	fw_wait(a, 0);
	nic_unmap_rx_buffer(a, rb);
	nic_unmap_rx_buffer(a, rb);
	return 0;
}

static void nic_unmap_and_free_tx(struct nic_adapter *a,
				  struct nic_tx_buffer *tb)
{
	if (dma_unmap_len(tb, len)) {
		dma_unmap_single(a->dev, dma_unmap_addr(tb, dma),
				 dma_unmap_len(tb, len), DMA_TO_DEVICE);
		dma_unmap_len_set(tb, len, 0);
	}
	if (tb->skb) {
		dev_kfree_skb_any(tb->skb);
		tb->skb = NULL;
	}
}

/* 2. ixgbe: the length doubles as the "mapped" flag; completion and the
 *    ring teardown both call the cleanup. */
int nic_xmit_and_clean(struct nic_adapter *a, struct nic_tx_buffer *tb,
		       struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(a->dev, skb->data, skb_headlen(skb),
					DMA_TO_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	dma_unmap_addr_set(tb, dma, dma);
	dma_unmap_len_set(tb, len, skb_headlen(skb));
	tb->skb = skb;
	a->desc[0].addr = cpu_to_le64(dma);
	fw_wait(a, 0);
	nic_unmap_and_free_tx(a, tb);
	nic_unmap_and_free_tx(a, tb);
	return 0;
}

/* 3. The howto's "Handling Errors" unwind: only what was mapped is
 *    unmapped, once. */
int nic_map_frags(struct nic_adapter *a, struct sk_buff *skb)
{
	unsigned int i, nr = skb_shinfo(skb)->nr_frags;
	dma_addr_t dma[MAX_SKB_FRAGS];

	if (nr > MAX_SKB_FRAGS)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		dma[i] = skb_frag_dma_map(a->dev, frag, 0, skb_frag_size(frag),
					  DMA_TO_DEVICE);
		if (dma_mapping_error(a->dev, dma[i]))
			goto unwind;
		a->desc[i].addr = cpu_to_le64(dma[i]);
	}
	return 0;

unwind:
	while (i--)
		dma_unmap_page(a->dev, dma[i],
			       skb_frag_size(&skb_shinfo(skb)->frags[i]),
			       DMA_TO_DEVICE);
	return -ENOMEM;
}

static void nic_free_ring(struct nic_adapter *a)
{
	if (!a->desc)
		return;
	dma_free_coherent(a->dev, RING_BYTES, a->desc, a->desc_dma);
	a->desc = NULL;
}

/* 4. xhci/nvme: a coherent ring freed by a helper that clears the pointer,
 *    called from the error path and again from the teardown. */
int nic_setup_ring(struct nic_adapter *a)
{
	a->desc = dma_alloc_coherent(a->dev, RING_BYTES, &a->desc_dma, GFP_KERNEL);
	if (!a->desc)
		return -ENOMEM;
	if (fw_post(a, a->desc_dma)) {
		nic_free_ring(a);
		goto err;
	}
	return 0;
err:
	nic_free_ring(a);
	return -EIO;
}

/* 5. Rx recycle: the old mapping released, the slot remapped for a new
 *    buffer, and that one released later. */
int nic_rx_refill(struct nic_adapter *a, struct nic_buffer *rb)
{
	void *data;

	rb->dma = dma_map_single(a->dev, rb->skb->data, RX_BUF_LEN,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, rb->dma))
		return -ENOMEM;
	fw_wait(a, 0);
	dma_unmap_single(a->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);

	data = kmalloc(RX_BUF_LEN, GFP_ATOMIC);
	if (!data)
		return -ENOMEM;
	rb->dma = dma_map_single(a->dev, data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, rb->dma)) {
		kfree(data);
		return -ENOMEM;
	}
	fw_wait(a, 0);
	dma_unmap_single(a->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	kfree(data);
	return 0;
}

/* 6. A ladder whose handle starts at 0 and is unmapped only when set. */
int nic_start_xfer(struct nic_adapter *a, void *hdr, size_t hlen, size_t dlen)
{
	dma_addr_t hdr_dma = 0;
	void *data;
	int ret = -ENOMEM;

	data = kmalloc(dlen, GFP_KERNEL);
	if (!data)
		goto err;
	hdr_dma = dma_map_single(a->dev, hdr, hlen, DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, hdr_dma)) {
		hdr_dma = 0;
		goto err;
	}
	ret = fw_post(a, hdr_dma);
	if (ret)
		goto err;
	return 0;

err:
	if (hdr_dma)
		dma_unmap_single(a->dev, hdr_dma, hlen, DMA_TO_DEVICE);
	kfree(data);
	return ret;
}

/* 7. A flag beside the handle (mlx5's "mapped"): set after the map,
 *    cleared by the release. */
static void nic_buf_release(struct nic_adapter *a, struct nic_buffer *b)
{
	if (!b->mapped)
		return;
	dma_unmap_single(a->dev, b->dma, RX_BUF_LEN, DMA_TO_DEVICE);
	b->mapped = false;
}

int nic_send_buf(struct nic_adapter *a, struct nic_buffer *b, void *data)
{
	b->mapped = false;
	b->dma = dma_map_single(a->dev, data, RX_BUF_LEN, DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, b->dma))
		return -ENOMEM;
	b->mapped = true;
	if (fw_post(a, b->dma)) {
		nic_buf_release(a, b);
		goto out;
	}
	fw_wait(a, 0);
out:
	nic_buf_release(a, b);
	return 0;
}
