// Syncs and unmaps whose direction is not the mapping's, and DMA_NONE
// reaching the API, in driver idioms. Each function is seen on one path.
// RUN: %not %dmacheck --rules='-*,dma-sync-direction' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RX_COPYBREAK	256
#define NIC_RX_ADDR	0x2800
#define NIC_CMD		0x0100

struct nic_rx_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_tx_desc {
	__le64 addr;
	__le32 cmd_len;
	__le32 status;
};

struct nic_rx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
};

struct nic_tx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct nic_adapter {
	struct device *dev;
	struct net_device *netdev;
	struct napi_struct napi;
	void __iomem *hw_addr;
	struct nic_rx_desc *rx_desc;
	struct nic_tx_desc *tx_desc;
	struct nic_rx_buffer rx_buf[256];
	struct nic_tx_buffer tx_buf[256];
	unsigned int next_to_use;
};

int nic_wait_for_rx(struct nic_adapter *a);
bool nic_frame_ok(const u8 *data, unsigned int len);

/* 1. Loopback self-test (e1000e's e1000_run_loopback_test): the receive
 *    buffer is synced for the CPU with the transmit direction. */
int nic_loopback_rx(struct nic_adapter *a, u8 *frame)
{
	dma_addr_t dma;
	int ret = 0;

	dma = dma_map_single(a->dev, frame, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	a->rx_desc[0].addr = cpu_to_le64(dma);
	writel(1, a->hw_addr + NIC_RX_ADDR);
	if (nic_wait_for_rx(a))
		ret = -ETIMEDOUT;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_cpu() is given DMA_TO_DEVICE; the mapping made by dma_map_single() at line 61 is DMA_FROM_DEVICE [dma-sync-direction]
	dma_sync_single_for_cpu(a->dev, dma, RX_BUF_LEN, DMA_TO_DEVICE);
	if (!ret && !nic_frame_ok(frame, RX_BUF_LEN))
		ret = -EIO;
	dma_unmap_single(a->dev, dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	return ret;
}

/* 2. Transmit: the head is mapped to the device, and the error unwind
 *    unmaps it as if it had been received. */
netdev_tx_t nic_xmit_frame(struct sk_buff *skb, struct nic_adapter *a)
{
	struct nic_tx_buffer *first = &a->tx_buf[a->next_to_use];
	unsigned int len = skb_headlen(skb);
	unsigned int f, nr_frags = skb_shinfo(skb)->nr_frags;
	dma_addr_t dma;

	dma = dma_map_single(a->dev, skb->data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, dma))
		goto drop;
	dma_unmap_addr_set(first, dma, dma);
	dma_unmap_len_set(first, len, len);
	a->tx_desc[a->next_to_use].addr = cpu_to_le64(dma);

	for (f = 0; f < nr_frags; f++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[f];
		dma_addr_t fdma = skb_frag_dma_map(a->dev, frag, 0,
						   skb_frag_size(frag),
						   DMA_TO_DEVICE);

		if (dma_mapping_error(a->dev, fdma))
			goto unwind;
		a->tx_desc[a->next_to_use + 1 + f].addr = cpu_to_le64(fdma);
		a->tx_buf[a->next_to_use + 1 + f].dma = fdma;
	}
	first->skb = skb;
	return NETDEV_TX_OK;

unwind:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_FROM_DEVICE; the mapping made by dma_map_single() at line 85 is DMA_TO_DEVICE [dma-sync-direction]
	dma_unmap_single(a->dev, dma, len, DMA_FROM_DEVICE);
drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

struct fw_cmd {
	__le32 opcode;
	__le32 status;
	u8 payload[120];
};

int fw_post(struct nic_adapter *a, dma_addr_t dma);

/* 3. A command the firmware answers in place, mapped both ways: a sync may
 *    narrow the direction, an unmap may not. */
int fw_exec(struct nic_adapter *a, struct fw_cmd *cmd)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	ret = fw_post(a, dma);
	dma_sync_single_for_cpu(a->dev, dma, sizeof(*cmd), DMA_FROM_DEVICE);
	if (!ret)
		ret = le32_to_cpu(cmd->status);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_TO_DEVICE; the mapping made by dma_map_single() at line 129 is DMA_BIDIRECTIONAL [dma-sync-direction]
	dma_unmap_single(a->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	return ret;
}

/* 4. A command buffer synced both ways, but mapped for one: the response
 *    is read after a sync the mapping does not allow. */
int fw_exec_reply(struct nic_adapter *a, struct fw_cmd *cmd)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, cmd, sizeof(*cmd), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	cmd->opcode = cpu_to_le32(7);
	dma_sync_single_for_device(a->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	ret = fw_post(a, dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_cpu() is given DMA_FROM_DEVICE; the mapping made by dma_map_single() at line 148 is DMA_TO_DEVICE [dma-sync-direction]
	dma_sync_single_for_cpu(a->dev, dma, sizeof(*cmd), DMA_FROM_DEVICE);
	if (!ret)
		ret = le32_to_cpu(cmd->status);
	dma_unmap_single(a->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	return ret;
}

struct blk_req {
	struct scatterlist *sg;
	int nents;
	bool write;
	bool read;
	enum dma_data_direction dir;
};

int blk_issue(struct nic_adapter *a, struct blk_req *rq);

/* 5. A flush request, which carries no data, mapped through the driver's
 *    helper with DMA_NONE written at the call. */
static int blk_map_data(struct nic_adapter *a, struct blk_req *rq,
			enum dma_data_direction dir)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_sg() is given DMA_NONE; a map, unmap or sync needs the direction of the transfer [dma-sync-direction]
	return dma_map_sg(a->dev, rq->sg, rq->nents, dir);
}

int blk_map_req(struct nic_adapter *a, struct blk_req *rq)
{
	int count;

	rq->dir = DMA_NONE;
	count = blk_map_data(a, rq, DMA_NONE);
	if (!count)
		return -ENOMEM;
	if (blk_issue(a, rq)) {
		dma_unmap_sg(a->dev, rq->sg, rq->nents, rq->dir);
		return -EIO;
	}
	return 0;
}

/* 6. An error path that gives up on the direction: DMA_NONE written at
 *    the unmap of a command buffer mapped for the device to fill. */
int blk_read_log(struct nic_adapter *a, void *log, size_t len)
{
	dma_addr_t dma = dma_map_single(a->dev, log, len, DMA_FROM_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	if (blk_issue(a, NULL)) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_NONE; a map, unmap or sync needs the direction of the transfer [dma-sync-direction]
		dma_unmap_single(a->dev, dma, len, DMA_NONE);
		return -EIO;
	}
	dma_unmap_single(a->dev, dma, len, DMA_FROM_DEVICE);
	return 0;
}

/* 7. Page-based receive (ixgbe/igb style): half a page handed to the
 *    stack is synced with the wrong direction. */
struct sk_buff *nic_rx_page(struct nic_adapter *a, struct page *page,
			    unsigned int offset, unsigned int size)
{
	struct sk_buff *skb;
	dma_addr_t dma;

	dma = dma_map_page(a->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, dma))
		return NULL;
	a->rx_desc[0].addr = cpu_to_le64(dma);
	nic_wait_for_rx(a);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_range_for_cpu() is given DMA_BIDIRECTIONAL; the mapping made by dma_map_page() at line 221 is DMA_FROM_DEVICE [dma-sync-direction]
	dma_sync_single_range_for_cpu(a->dev, dma, offset, size, DMA_BIDIRECTIONAL);
	skb = napi_alloc_skb(&a->napi, RX_COPYBREAK);
	if (skb)
		skb_put_data(skb, (u8 *)page_address(page) + offset, size);
	dma_unmap_page(a->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	return skb;
}

/* 8. Fragments mapped for transmit and unmapped as received. */
int nic_map_frags(struct nic_adapter *a, struct sk_buff *skb)
{
	skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	dma_addr_t dma;

	dma = skb_frag_dma_map(a->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	if (fw_post(a, dma)) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_page() is given DMA_FROM_DEVICE; the mapping made by skb_frag_dma_map() at line 241 is DMA_TO_DEVICE [dma-sync-direction]
		dma_unmap_page(a->dev, dma, skb_frag_size(frag), DMA_FROM_DEVICE);
		return -EIO;
	}
	a->tx_desc[0].addr = cpu_to_le64(dma);
	a->tx_buf[0].dma = dma;
	return 0;
}

/* 9. A scatterlist written by the device, released as if it were read. */
int blk_read_sync(struct nic_adapter *a, struct scatterlist *sgl, int nents)
{
	int count = dma_map_sg(a->dev, sgl, nents, DMA_FROM_DEVICE);
	int ret;

	if (!count)
		return -ENOMEM;
	ret = nic_wait_for_rx(a);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given DMA_TO_DEVICE; the mapping made by dma_map_sg() at line 257 is DMA_FROM_DEVICE [dma-sync-direction]
	dma_unmap_sg(a->dev, sgl, nents, DMA_TO_DEVICE);
	return ret;
}

/* 10. The count kept but never tested: the mapping may have worked, and
 *     the unmap gives the other direction. */
int blk_write_untested(struct nic_adapter *a, struct scatterlist *sgl,
		       int nents)
{
	int count = dma_map_sg(a->dev, sgl, nents, DMA_TO_DEVICE);
	int ret;

	ret = nic_wait_for_rx(a);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given DMA_FROM_DEVICE; the mapping made by dma_map_sg() at line {{[0-9]+}} is DMA_TO_DEVICE [dma-sync-direction]
	dma_unmap_sg(a->dev, sgl, nents, DMA_FROM_DEVICE);
	return ret ? ret : count;
}
