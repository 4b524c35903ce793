// Checker core v2 defects found on linux 6.12, buggy twins: handles stored
// where they outlive the function before any check, a wrapper that returns
// an unchecked handle to callers testing it against 0.
// RUN: %not %dmacheck --rules=dma-unchecked-mapping %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>

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

/* 1. rx refill helper (pcnet32/rtw89 style): the ring entry keeps the
 * handle, the check was dropped; the helper says "done". */
static bool rxq_refill_one(struct rxq *q, struct rx_buf *rxb, unsigned int i)
{
	dma_addr_t mapping;

	rxb->skb = dev_alloc_skb(2048);
	if (!rxb->skb)
		return false;
	mapping = dma_map_single(q->dev, rxb->skb->data, 2048, DMA_FROM_DEVICE);
	// CHECK: core-v2-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
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

/* 2. Ring init (adm8211 style): the map result goes straight into the ring
 * info, the descriptor gets it, no check; the caller's own path is long. */
static int rxq_init_ring(struct rxq *q)
{
	unsigned int i;

	for (i = 0; i < q->size; i++) {
		struct rx_buf *rx_info = &q->bufs[i];

		rx_info->skb = dev_alloc_skb(2048);
		if (!rx_info->skb)
			break;
		// CHECK: core-v2-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
		rx_info->dma_addr = dma_map_single(q->dev, rx_info->skb->data, 2048,
						   DMA_FROM_DEVICE);
		q->ring[i].addr = cpu_to_le32(rx_info->dma_addr);
	}
	return 0;
}

int rxq_open(struct rxq *q)
{
	int ret = rxq_init_ring(q);

	if (ret)
		return ret;
	return rxq_fill(q);
}

/* 3. A wrapper that promises 0 on failure (ipu6-mmu style) lost its check:
 * its callers test against 0, which a failed mapping never is. */
static dma_addr_t map_table(struct device *dev, void *table)
{
	dma_addr_t dma = dma_map_single(dev, table, 4096, DMA_BIDIRECTIONAL);

	// CHECK: core-v2-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is returned by map_table() without dma_mapping_error() check; the caller tests it against 0 instead
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

/* 4. A refill helper that returns a status and hands the handle out through
 * a parameter (nicvf_alloc_rcv_buffer style): its "0: done" covers a
 * mapping it never checked. */
static int alloc_rcv_buffer(struct rxq *q, void *page, u64 *rbuf)
{
	// CHECK: core-v2-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
	*rbuf = (u64)dma_map_single(q->dev, page, 2048, DMA_FROM_DEVICE);
	return 0;
}

int init_rbdr(struct rxq *q, void **pages)
{
	unsigned int i;
	u64 rbuf;

	for (i = 0; i < q->size; i++) {
		if (alloc_rcv_buffer(q, pages[i], &rbuf))
			return -ENOMEM;
		q->ring[i].addr = cpu_to_le32(lower_32_bits(rbuf));
	}
	return 0;
}
