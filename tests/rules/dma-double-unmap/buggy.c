// Mappings and allocations released twice on one path, and unmaps of a
// handle the driver itself left at 0.
// RUN: %not %dmacheck --rules='-*,dma-double-unmap' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RING_BYTES	4096
#define NIC_RDBA	0x2800
#define NIC_TDBA	0x3800

struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_buffer {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct nic_adapter {
	struct device *dev;
	void __iomem *hw_addr;
	struct nic_desc *desc;
	dma_addr_t desc_dma;
	struct nic_desc *rx_desc;
	dma_addr_t rx_desc_dma;
	struct nic_buffer buf[64];
	unsigned int count;
};

struct fw_cmd {
	__le32 opcode;
	__le32 tag;
	u8 payload[56];
};

int fw_post(struct nic_adapter *a, dma_addr_t dma);
int fw_wait(struct nic_adapter *a, u32 tag);

/* 1. The failure branch unmaps, then joins the common exit that unmaps
 *    again. */
int fw_exec(struct nic_adapter *a, struct fw_cmd *cmd)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	ret = fw_post(a, dma);
	if (ret) {
		dma_unmap_single(a->dev, dma, sizeof(*cmd), DMA_BIDIRECTIONAL);
		goto out;
	}
	ret = fw_wait(a, le32_to_cpu(cmd->tag));
out:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() releases a mapping made by dma_map_single() at line 53, already released at line 58 [dma-double-unmap]
	dma_unmap_single(a->dev, dma, sizeof(*cmd), DMA_BIDIRECTIONAL);
	return ret;
}

/* 2. Transmit unwind ladder: the fragment failure releases the head, then
 *    falls into the label that releases it too. */
int nic_tx_map(struct nic_adapter *a, struct sk_buff *skb)
{
	skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	dma_addr_t head, fdma;

	head = dma_map_single(a->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, head))
		goto drop;
	fdma = skb_frag_dma_map(a->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, fdma)) {
		dma_unmap_single(a->dev, head, skb_headlen(skb), DMA_TO_DEVICE);
		goto err_head;
	}
	a->desc[0].addr = cpu_to_le64(head);
	a->desc[1].addr = cpu_to_le64(fdma);
	a->buf[0].dma = head;
	a->buf[1].dma = fdma;
	return 0;

err_head:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() releases a mapping made by dma_map_single() at line 75, already released at line 80 [dma-double-unmap]
	dma_unmap_single(a->dev, head, skb_headlen(skb), DMA_TO_DEVICE);
drop:
	dev_kfree_skb_any(skb);
	return -ENOMEM;
}

static void nic_free_rings(struct nic_adapter *a)
{
	if (a->rx_desc)
		dma_free_coherent(a->dev, RING_BYTES, a->rx_desc, a->rx_desc_dma);
	if (a->desc)
		dma_free_coherent(a->dev, RING_BYTES, a->desc, a->desc_dma);
}

/* 3. Probe unwind: the rx ring allocation fails, the tx ring is freed
 *    without clearing its pointer, and the shared teardown frees it again
 *    (reported at the call of the teardown, on this path). */
int nic_setup_rings(struct nic_adapter *a)
{
	a->desc = dma_alloc_coherent(a->dev, RING_BYTES, &a->desc_dma, GFP_KERNEL);
	if (!a->desc)
		return -ENOMEM;
	a->rx_desc = dma_alloc_coherent(a->dev, RING_BYTES, &a->rx_desc_dma,
					GFP_KERNEL);
	if (!a->rx_desc) {
		dma_free_coherent(a->dev, RING_BYTES, a->desc, a->desc_dma);
		goto err;
	}
	writel(lower_32_bits(a->desc_dma), a->hw_addr + NIC_TDBA);
	writel(lower_32_bits(a->rx_desc_dma), a->hw_addr + NIC_RDBA);
	return 0;
err:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() releases memory allocated by dma_alloc_coherent() at line 110, already released at line 116 [dma-double-unmap]
	nic_free_rings(a);
	return -ENOMEM;
}

static void nic_unmap_rx_buffer(struct nic_adapter *a, struct nic_buffer *rb)
{
	if (rb->dma)
		dma_unmap_single(a->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
}

/* 4. The receive path unmaps a buffer without clearing the handle, so the
 *    guarded ring cleanup unmaps it a second time (reported at the call of the
 *    cleanup, on this path). */
int nic_rx_and_reset(struct nic_adapter *a, struct nic_buffer *rb)
{
	rb->skb = netdev_alloc_skb_ip_align(NULL, RX_BUF_LEN);
	if (!rb->skb)
		return -ENOMEM;
	rb->dma = dma_map_single(a->dev, rb->skb->data, RX_BUF_LEN,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, rb->dma)) {
		dev_kfree_skb_any(rb->skb);
		return -ENOMEM;
	}
	a->desc[0].addr = cpu_to_le64(rb->dma);
	fw_wait(a, 0);
	dma_unmap_single(a->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	rb->skb = NULL;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() releases a mapping made by dma_map_single() at line 142, already released at line 150 [dma-double-unmap]
	nic_unmap_rx_buffer(a, rb);
	return 0;
}

/* 5. An unwind ladder that unmaps a handle still at its initial 0: the
 *    second allocation failed before anything was mapped. */
int nic_start_xfer(struct nic_adapter *a, void *hdr, size_t hlen, size_t dlen)
{
	dma_addr_t hdr_dma = 0;
	void *data;
	int ret = -ENOMEM;

	data = kmalloc(dlen, GFP_KERNEL);
	if (!data)
		goto err_unmap;
	hdr_dma = dma_map_single(a->dev, hdr, hlen, DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, hdr_dma))
		goto err_free;
	ret = fw_post(a, hdr_dma);
	if (ret)
		goto err_unmap;
	return 0;

err_unmap:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given 0, which no mapping returned on this path [dma-double-unmap]
	dma_unmap_single(a->dev, hdr_dma, hlen, DMA_TO_DEVICE);
err_free:
	kfree(data);
	return ret;
}

/* 6. Fragments: the failing iteration unmaps the fragments mapped so far,
 *    then the ladder below unmaps them again. */
int nic_map_frags(struct nic_adapter *a, struct sk_buff *skb)
{
	skb_frag_t *f0 = &skb_shinfo(skb)->frags[0];
	skb_frag_t *f1 = &skb_shinfo(skb)->frags[1];
	dma_addr_t d0, d1;

	d0 = skb_frag_dma_map(a->dev, f0, 0, skb_frag_size(f0), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, d0))
		return -ENOMEM;
	d1 = skb_frag_dma_map(a->dev, f1, 0, skb_frag_size(f1), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, d1)) {
		dma_unmap_page(a->dev, d0, skb_frag_size(f0), DMA_TO_DEVICE);
		goto unwind;
	}
	a->desc[0].addr = cpu_to_le64(d0);
	a->desc[1].addr = cpu_to_le64(d1);
	a->buf[0].dma = d0;
	a->buf[1].dma = d1;
	return 0;

unwind:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_page() releases a mapping made by skb_frag_dma_map() at line 192, already released at line 197 [dma-double-unmap]
	dma_unmap_page(a->dev, d0, skb_frag_size(f0), DMA_TO_DEVICE);
	return -ENOMEM;
}

/* 7. A page-based receive buffer freed twice through two helpers of the
 *    same driver: one unmaps and the other unmaps again. */
static void nic_put_rx_page(struct nic_adapter *a, dma_addr_t dma)
{
	dma_unmap_page(a->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
}

int nic_rx_page(struct nic_adapter *a, struct page *page)
{
	dma_addr_t dma = dma_map_page(a->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	a->desc[0].addr = cpu_to_le64(dma);
	if (fw_wait(a, 0)) {
		nic_put_rx_page(a, dma);
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_page() releases a mapping made by dma_map_page() at line 221, already released at line 227 [dma-double-unmap]
		dma_unmap_page(a->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
		return -EIO;
	}
	nic_put_rx_page(a, dma);
	return 0;
}
