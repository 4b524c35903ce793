// Releases and syncs that do not cover what was mapped or allocated: another
// size, a sync past the end, or the release of another API family.
// RUN: %not %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RING_ENTRIES	256
#define NIC_TDBA	0x3800
#define NIC_RDBA	0x2800
#define NIC_FIFO_PHYS	0xfe001000
#define FW_MSG_MAX	128

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

struct nic_adapter {
	struct device *dev;
	void __iomem *hw_addr;
	struct nic_desc *tx_desc;
	dma_addr_t tx_desc_dma;
	struct nic_desc *rx_desc;
	dma_addr_t rx_desc_dma;
	struct nic_buffer tx_buf[RING_ENTRIES];
	unsigned int next_to_use;
};

int nic_wait(struct nic_adapter *a);
int fw_post(struct nic_adapter *a, dma_addr_t dma);

/* 1. Transmit unwind that releases a fragment as a single mapping
 *    (skb_frag_dma_map() makes a page mapping). */
int nic_tx_map(struct nic_adapter *a, struct sk_buff *skb)
{
	skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	unsigned int hlen = skb_headlen(skb);
	dma_addr_t head, fdma;

	head = dma_map_single(a->dev, skb->data, hlen, DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, head))
		return -ENOMEM;
	fdma = skb_frag_dma_map(a->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, fdma))
		goto err_head;
	if (fw_post(a, head))
		goto err_frag;
	a->tx_desc[0].addr = cpu_to_le64(head);
	a->tx_desc[1].addr = cpu_to_le64(fdma);
	return 0;

err_frag:
	/* Not reported: single and page mappings are one family since linux 5.x
	 * (dma_unmap_single_attrs() is dma_unmap_page_attrs(); dma-debug agrees). */
	dma_unmap_single(a->dev, fdma, skb_frag_size(frag), DMA_TO_DEVICE);
err_head:
	dma_unmap_single(a->dev, head, hlen, DMA_TO_DEVICE);
	return -EIO;
}

struct fw_cmd {
	__le32 opcode;
	__le32 status;
	u8 payload[56];
};

/* 2. A command unmapped with the size of the pointer, not of the command. */
int fw_exec(struct nic_adapter *a, struct fw_cmd *cmd)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	ret = fw_post(a, dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given size 8; the mapping made by dma_map_single() at line 85 has size 64 [dma-unmap-mismatch]
	dma_unmap_single(a->dev, dma, sizeof(cmd), DMA_BIDIRECTIONAL);
	return ret;
}

/* 3. Probe unwind (e1000e/xhci): the rx ring cannot be allocated, and the
 *    tx ring is freed with the size of one descriptor. */
int nic_setup_rings(struct nic_adapter *a)
{
	a->tx_desc = dma_alloc_coherent(a->dev, RING_ENTRIES * sizeof(struct nic_desc),
					&a->tx_desc_dma, GFP_KERNEL);
	if (!a->tx_desc)
		return -ENOMEM;
	a->rx_desc = dma_alloc_coherent(a->dev, RING_ENTRIES * sizeof(struct nic_desc),
					&a->rx_desc_dma, GFP_KERNEL);
	if (!a->rx_desc) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() is given size 16; the allocation made by dma_alloc_coherent() at line 98 has size 4096 [dma-unmap-mismatch]
		dma_free_coherent(a->dev, sizeof(struct nic_desc), a->tx_desc,
				  a->tx_desc_dma);
		a->tx_desc = NULL;
		return -ENOMEM;
	}
	writel(lower_32_bits(a->tx_desc_dma), a->hw_addr + NIC_TDBA);
	writel(lower_32_bits(a->rx_desc_dma), a->hw_addr + NIC_RDBA);
	return 0;
}

/* 4. Receive with a headroom offset: the sync reaches past the buffer. */
int nic_rx_poll_one(struct nic_adapter *a, void *buf)
{
	dma_addr_t dma = dma_map_single(a->dev, buf, RX_BUF_LEN, DMA_FROM_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	a->tx_desc[0].addr = cpu_to_le64(dma + NET_SKB_PAD);
	nic_wait(a);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_range_for_cpu() syncs past the end of the mapping made by dma_map_single() at line 119 (2048 bytes) [dma-unmap-mismatch]
	dma_sync_single_range_for_cpu(a->dev, dma, NET_SKB_PAD, RX_BUF_LEN,
				      DMA_FROM_DEVICE);
	dma_unmap_single(a->dev, dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	return 0;
}

/* 5. A streaming mapping freed as if it were coherent memory. */
int fw_load(struct nic_adapter *a, void *image, size_t len)
{
	dma_addr_t dma = dma_map_single(a->dev, image, len, DMA_TO_DEVICE);
	int ret;

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	ret = fw_post(a, dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() releases a mapping made by dma_map_single() at line 135; it must be released by dma_unmap_single() [dma-unmap-mismatch]
	dma_free_coherent(a->dev, len, image, dma);
	return ret;
}

/* 6. A page-based receive buffer unmapped as a single mapping. */
int nic_rx_page(struct nic_adapter *a, struct page *page)
{
	dma_addr_t dma = dma_map_page(a->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	a->tx_desc[0].addr = cpu_to_le64(dma);
	nic_wait(a);
	/* Not reported: single and page mappings are one family since linux 5.x
	 * (dma_unmap_single_attrs() is dma_unmap_page_attrs(); dma-debug agrees). */
	dma_unmap_single(a->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	return 0;
}

/* 7. A slave FIFO mapped with dma_map_resource() and released as a page. */
int nic_map_fifo(struct nic_adapter *a)
{
	dma_addr_t fifo = dma_map_resource(a->dev, NIC_FIFO_PHYS, 4,
					   DMA_BIDIRECTIONAL, 0);

	if (dma_mapping_error(a->dev, fifo))
		return -ENOMEM;
	fw_post(a, fifo);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_page() releases a mapping made by dma_map_resource() at line 164; it must be released by dma_unmap_resource() [dma-unmap-mismatch]
	dma_unmap_page(a->dev, fifo, 4, DMA_BIDIRECTIONAL);
	return 0;
}

/* 8. A sync for the device of more than the command that was mapped. */
int fw_resend(struct nic_adapter *a, struct fw_cmd *cmd)
{
	dma_addr_t dma = dma_map_single(a->dev, cmd, sizeof(cmd->payload),
					DMA_TO_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	fw_post(a, dma);
	cmd->payload[0]++;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_device() syncs past the end of the mapping made by dma_map_single() at line 178 (56 bytes) [dma-unmap-mismatch]
	dma_sync_single_for_device(a->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	fw_post(a, dma);
	dma_unmap_single(a->dev, dma, sizeof(cmd->payload), DMA_TO_DEVICE);
	return 0;
}

struct cmd_ctx {
	struct device *dev;
	struct dma_pool *pool;
	void *status;
	dma_addr_t status_dma;
};

/* 9. A status block from dma_alloc_coherent() torn down as if it were a
 *    streaming mapping. */
int ctx_probe_status(struct cmd_ctx *ctx)
{
	ctx->status = dma_alloc_coherent(ctx->dev, 64, &ctx->status_dma, GFP_KERNEL);
	if (!ctx->status)
		return -ENOMEM;
	if (fw_post(NULL, ctx->status_dma)) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() releases memory allocated by dma_alloc_coherent() at line 203; it must be released by dma_free_coherent() [dma-unmap-mismatch]
		dma_unmap_single(ctx->dev, ctx->status_dma, 64, DMA_BIDIRECTIONAL);
		return -EIO;
	}
	return 0;
}

/* 10. A command block taken from a dma_pool and given back with
 *    dma_free_coherent(). */
int ctx_send(struct cmd_ctx *ctx)
{
	dma_addr_t dma;
	void *blk = dma_pool_alloc(ctx->pool, GFP_KERNEL, &dma);

	if (!blk)
		return -ENOMEM;
	if (fw_post(NULL, dma)) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() releases memory allocated by dma_pool_alloc() at line 219; it must be released by dma_pool_free() [dma-unmap-mismatch]
		dma_free_coherent(ctx->dev, 64, blk, dma);
		return -EIO;
	}
	dma_pool_free(ctx->pool, blk, dma);
	return 0;
}

/* 11. xhci-dbgcap style: the allocation and the free are both in helpers of
 *     the setup; the wrong size is written in the free helper (the size of
 *     the pointer), so the finding is shown there, not at its call. */
struct nic_erst {
	struct nic_desc *entries;
	dma_addr_t erst_dma;
};

static int nic_erst_alloc(struct device *dev, struct nic_erst *erst)
{
	erst->entries = dma_alloc_coherent(dev, sizeof(*erst->entries),
					   &erst->erst_dma, GFP_KERNEL);
	return erst->entries ? 0 : -ENOMEM;
}

static void nic_erst_free(struct device *dev, struct nic_erst *erst)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() is given size 8; the allocation made by dma_alloc_coherent() at line {{[0-9]+}} has size 16 [dma-unmap-mismatch]
	dma_free_coherent(dev, sizeof(erst->entries), erst->entries,
			  erst->erst_dma);
	erst->entries = NULL;
}

int nic_erst_setup(struct nic_adapter *a, struct nic_erst *erst)
{
	if (nic_erst_alloc(a->dev, erst))
		return -ENOMEM;
	if (nic_wait(a)) {
		nic_erst_free(a->dev, erst);
		return -EIO;
	}
	return 0;
}

/* The map and unmap are macros around the _attrs calls, as the kernel's
 * dma_map_single() is: the sizes are compared as written in the driver,
 * and the unmap adds the 4-byte FCS to the length it mapped. */
#define nic_map_single(d, a, s, r)	dma_map_single_attrs(d, a, s, r, 0)
#define nic_unmap_single(d, a, s, r)	dma_unmap_single_attrs(d, a, s, r, 0)

struct nic_frame {
	void *data;
	unsigned int len;
};

int nic_send_frame(struct nic_adapter *a, struct nic_frame *f)
{
	dma_addr_t dma = nic_map_single(a->dev, f->data, f->len, DMA_TO_DEVICE);

	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	nic_wait(a);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single_attrs() is given another size; the mapping made by dma_map_single_attrs() at line {{[0-9]+}} has another [dma-unmap-mismatch]
	nic_unmap_single(a->dev, dma, f->len + 4, DMA_TO_DEVICE);
	return 0;
}
