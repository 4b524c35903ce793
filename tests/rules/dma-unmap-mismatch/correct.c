// Releases and syncs that match what was mapped or allocated, sizes written
// two ways included. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define NIC_TDBA	0x3800

struct nic_desc {
	__le64 addr;
	__le32 cmd_len;
	__le32 status;
};

struct nic_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct nic_ring {
	struct device *dev;
	void __iomem *hw_addr;
	struct nic_desc *desc;
	dma_addr_t dma;
	unsigned int count;
	unsigned int size;
	struct nic_buffer *buf;
};

int nic_wait(struct nic_ring *r);
int fw_post(struct nic_ring *r, dma_addr_t dma);

/* 1. The head length written two ways: len = skb_headlen(skb) at the map,
 *    skb_headlen(skb) again at the unmap. */
int nic_xmit_head(struct nic_ring *r, struct sk_buff *skb)
{
	unsigned int len = skb_headlen(skb);
	dma_addr_t dma = dma_map_single(r->dev, skb->data, len, DMA_TO_DEVICE);

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	if (fw_post(r, dma)) {
		dma_unmap_single(r->dev, dma, skb_headlen(skb), DMA_TO_DEVICE);
		return -EIO;
	}
	r->desc[0].addr = cpu_to_le64(dma);
	r->desc[0].cmd_len = cpu_to_le32(len);
	return 0;
}

/* 2. ixgbe_tx_map: head single, fragments page, each released by its own
 *    call with the length kept by dma_unmap_len_set(). */
int nic_tx_map(struct nic_ring *r, struct sk_buff *skb)
{
	unsigned int f, nr_frags = skb_shinfo(skb)->nr_frags;
	struct nic_buffer *tb = &r->buf[0];
	dma_addr_t dma;

	dma = dma_map_single(r->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	dma_unmap_len_set(tb, len, skb_headlen(skb));
	dma_unmap_addr_set(tb, dma, dma);
	r->desc[0].addr = cpu_to_le64(dma);

	for (f = 0; f < nr_frags; f++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		tb = &r->buf[f + 1];
		dma = skb_frag_dma_map(r->dev, frag, 0, skb_frag_size(frag),
				       DMA_TO_DEVICE);
		if (dma_mapping_error(r->dev, dma))
			goto unwind;
		dma_unmap_len_set(tb, len, skb_frag_size(frag));
		dma_unmap_addr_set(tb, dma, dma);
		r->desc[f + 1].addr = cpu_to_le64(dma);
	}
	return 0;

unwind:
	while (f--) {
		tb = &r->buf[f + 1];
		dma_unmap_page(r->dev, dma_unmap_addr(tb, dma),
			       dma_unmap_len(tb, len), DMA_TO_DEVICE);
	}
	tb = &r->buf[0];
	dma_unmap_single(r->dev, dma_unmap_addr(tb, dma), dma_unmap_len(tb, len),
			 DMA_TO_DEVICE);
	return -ENOMEM;
}

/* 3. e1000e/xhci: the ring size computed once, kept in the ring, used for
 *    the allocation and the free. */
int nic_setup_ring(struct nic_ring *r)
{
	r->size = r->count * sizeof(struct nic_desc);
	r->size = ALIGN(r->size, 4096);
	r->desc = dma_alloc_coherent(r->dev, r->size, &r->dma, GFP_KERNEL);
	if (!r->desc)
		return -ENOMEM;
	writel(lower_32_bits(r->dma), r->hw_addr + NIC_TDBA);
	if (nic_wait(r)) {
		dma_free_coherent(r->dev, r->size, r->desc, r->dma);
		r->desc = NULL;
		return -EIO;
	}
	return 0;
}

/* 4. Partial syncs that stay inside the mapping (dma-api.rst allows them):
 *    the received length, and a range within the buffer. */
int nic_rx_one(struct nic_ring *r, void *buf, unsigned int len)
{
	dma_addr_t dma = dma_map_single(r->dev, buf, RX_BUF_LEN, DMA_FROM_DEVICE);

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	r->desc[0].addr = cpu_to_le64(dma + NET_SKB_PAD);
	nic_wait(r);
	if (len > RX_BUF_LEN - NET_SKB_PAD)
		len = RX_BUF_LEN - NET_SKB_PAD;
	dma_sync_single_range_for_cpu(r->dev, dma, NET_SKB_PAD, len,
				      DMA_FROM_DEVICE);
	dma_sync_single_for_cpu(r->dev, dma, 64, DMA_FROM_DEVICE);
	dma_sync_single_for_device(r->dev, dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	dma_unmap_single(r->dev, dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	return 0;
}

/* 5. Pages mapped and released as pages; a FIFO as a resource. */
int nic_rx_page(struct nic_ring *r, struct page *page, phys_addr_t fifo_phys)
{
	dma_addr_t dma, fifo;

	dma = dma_map_page(r->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	fifo = dma_map_resource(r->dev, fifo_phys, 4, DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(r->dev, fifo)) {
		dma_unmap_page(r->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	fw_post(r, fifo);
	nic_wait(r);
	dma_unmap_resource(r->dev, fifo, 4, DMA_BIDIRECTIONAL, 0);
	dma_unmap_page(r->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	return 0;
}

struct nvme_queue {
	struct device *dev;
	void *sq_cmds;
	dma_addr_t sq_dma_addr;
	u16 q_depth;
};

#define SQ_SIZE(q)	((q)->q_depth << 6)

/* 6. nvme: the queue size given by the same macro at the alloc and the
 *    free, in two places of the function. */
int nvme_alloc_sq_cmds(struct nvme_queue *nvmeq)
{
	nvmeq->sq_cmds = dma_alloc_coherent(nvmeq->dev, SQ_SIZE(nvmeq),
					    &nvmeq->sq_dma_addr, GFP_KERNEL);
	if (!nvmeq->sq_cmds)
		return -ENOMEM;
	if (fw_post(NULL, nvmeq->sq_dma_addr)) {
		dma_free_coherent(nvmeq->dev, SQ_SIZE(nvmeq), nvmeq->sq_cmds,
				  nvmeq->sq_dma_addr);
		return -EIO;
	}
	return 0;
}

/* 7. A sync of an address inside the mapping (a descriptor of a mapped
 *    array): not the handle itself, not judged as the whole mapping. */
int nic_sync_desc(struct nic_ring *r, struct nic_desc *descs, unsigned int i)
{
	dma_addr_t dma = dma_map_single(r->dev, descs, 16 * sizeof(*descs),
					DMA_BIDIRECTIONAL);

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	fw_post(r, dma);
	dma_sync_single_for_cpu(r->dev, dma + i * sizeof(*descs), sizeof(*descs),
				DMA_FROM_DEVICE);
	dma_unmap_single(r->dev, dma, 16 * sizeof(*descs), DMA_BIDIRECTIONAL);
	return 0;
}

/* 8. dma_alloc_attrs() released by dma_free_attrs() with the same size. */
int nic_alloc_fw_area(struct nic_ring *r, size_t sz)
{
	dma_addr_t dma;
	void *cpu = dma_alloc_attrs(r->dev, sz, &dma, GFP_KERNEL,
				    DMA_ATTR_NO_KERNEL_MAPPING);

	if (!cpu)
		return -ENOMEM;
	if (fw_post(r, dma)) {
		dma_free_attrs(r->dev, sz, cpu, dma, DMA_ATTR_NO_KERNEL_MAPPING);
		return -EIO;
	}
	r->desc = cpu;
	r->dma = dma;
	return 0;
}
