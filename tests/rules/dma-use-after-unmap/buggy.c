// Handles used after their mapping or allocation was released: synced,
// written to the device, stored in a descriptor, passed to the DMA API.
// RUN: %not %dmacheck --rules='-*,dma-use-after-unmap' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RX_COPYBREAK	256
#define RING_BYTES	4096
#define NIC_RDBA	0x2800
#define NIC_CMD_ADDR	0x0200
#define NIC_RX_OWN	0x80000000
#define NIC_STATUS	0x0008
#define NIC_RESET_PENDING	0x1

struct nic_desc {
	__le64 addr;
	__le32 ctrl;
	__le32 status;
};

struct nic_rx_buf {
	void *data;
	dma_addr_t dma;
};

struct nic_priv {
	struct device *dev;
	struct napi_struct napi;
	void __iomem *regs;
	struct dma_chan *chan;
	struct nic_desc *desc;
	dma_addr_t desc_dma;
	struct nic_rx_buf rx[64];
};

int nic_wait(struct nic_priv *p);
struct sk_buff *nic_build_skb(struct nic_rx_buf *rb, unsigned int len);

/* 1. Copybreak that unmaps first and then gives the same buffer back to
 *    the device. */
struct sk_buff *nic_rx_one(struct nic_priv *p, struct nic_rx_buf *rb,
			   struct nic_desc *desc, unsigned int len)
{
	struct sk_buff *skb;

	rb->dma = dma_map_single(p->dev, rb->data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, rb->dma))
		return NULL;
	desc->addr = cpu_to_le64(rb->dma);
	nic_wait(p);

	dma_unmap_single(p->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (len <= RX_COPYBREAK) {
		skb = napi_alloc_skb(&p->napi, len);
		if (skb)
			skb_put_data(skb, rb->data, len);
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the handle of the mapping made by dma_map_single() at line 52, released at line 58, is stored in 'desc->addr' after the release [dma-use-after-unmap]
		desc->addr = cpu_to_le64(rb->dma);
		desc->ctrl = cpu_to_le32(NIC_RX_OWN | RX_BUF_LEN);
		return skb;
	}
	return nic_build_skb(rb, len);
}

/* 2. The received data read after the unmap, through a sync of the handle
 *    that no longer names a mapping. */
int nic_rx_check(struct nic_priv *p, struct nic_rx_buf *rb)
{
	dma_addr_t dma = dma_map_single(p->dev, rb->data, RX_BUF_LEN,
					DMA_FROM_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	p->desc[0].addr = cpu_to_le64(dma);
	nic_wait(p);
	dma_unmap_single(p->dev, dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_for_cpu() is given the handle of the mapping made by dma_map_single() at line 75, released at line 82, no longer a mapping [dma-use-after-unmap]
	dma_sync_single_for_cpu(p->dev, dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	return ((u8 *)rb->data)[0] == 0x55 ? 0 : -EIO;
}

struct fw_cmd {
	__le32 opcode;
	__le32 status;
	u8 payload[56];
};

/* 3. A command retried after its buffer was unmapped: the stale handle is
 *    written to the command register. */
int fw_exec(struct nic_priv *p, struct fw_cmd *cmd)
{
	dma_addr_t dma = dma_map_single(p->dev, cmd, sizeof(*cmd),
					DMA_BIDIRECTIONAL);
	int ret;

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), p->regs + NIC_CMD_ADDR);
	ret = nic_wait(p);
	dma_unmap_single(p->dev, dma, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (ret == -ETIMEDOUT) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the handle of the mapping made by dma_map_single() at line 98, released at line 106, is written to the device by writel() [dma-use-after-unmap]
		writel(lower_32_bits(dma), p->regs + NIC_CMD_ADDR);
		ret = nic_wait(p);
	}
	return ret;
}

/* 4. A slave transfer prepared with a buffer unmapped on the error path
 *    just before. */
int nic_dma_tx(struct nic_priv *p, void *buf, size_t len)
{
	struct dma_async_tx_descriptor *txd;
	dma_addr_t dma = dma_map_single(p->chan->device->dev, buf, len,
					DMA_TO_DEVICE);

	if (dma_mapping_error(p->chan->device->dev, dma))
		return -ENOMEM;
	if (nic_wait(p))
		dma_unmap_single(p->chan->device->dev, dma, len, DMA_TO_DEVICE);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_single() is given the handle of the mapping made by dma_map_single() at line 120, released at line 126, no longer a mapping [dma-use-after-unmap]
	txd = dmaengine_prep_slave_single(p->chan, dma, len, DMA_MEM_TO_DEV,
					  DMA_PREP_INTERRUPT);
	if (!txd)
		return -EIO;
	dmaengine_submit(txd);
	dma_async_issue_pending(p->chan);
	return 0;
}

/* 5. A descriptor ring freed when the reset does not complete, and its
 *    address written to the device anyway. */
int nic_reset_ring(struct nic_priv *p)
{
	p->desc = dma_alloc_coherent(p->dev, RING_BYTES, &p->desc_dma, GFP_KERNEL);
	if (!p->desc)
		return -ENOMEM;
	if (readl(p->regs + NIC_STATUS) & NIC_RESET_PENDING)
		dma_free_coherent(p->dev, RING_BYTES, p->desc, p->desc_dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the DMA address of the memory allocated by dma_alloc_coherent() at line 141, released at line 145, is written to the device by lo_hi_writeq() [dma-use-after-unmap]
	lo_hi_writeq(p->desc_dma, p->regs + NIC_RDBA);
	return 0;
}

static void nic_fill_desc(struct nic_desc *d, dma_addr_t dma, u32 len)
{
	d->addr = cpu_to_le64(dma);
	d->ctrl = cpu_to_le32(NIC_RX_OWN | len);
}

/* 6. The tx timeout path unmaps the pending buffer, then rebuilds the
 *    descriptor from the saved handle (reported at the call of the
 *    helper, on this path). */
int nic_tx_timeout(struct nic_priv *p, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(p->dev, skb->data, skb_headlen(skb),
					DMA_TO_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	nic_fill_desc(&p->desc[0], dma, skb_headlen(skb));
	if (nic_wait(p)) {
		dma_unmap_single(p->dev, dma, skb_headlen(skb), DMA_TO_DEVICE);
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the handle of the mapping made by dma_map_single() at line 162, released at line 169, is stored in 'd->addr' after the release [dma-use-after-unmap]
		nic_fill_desc(&p->desc[0], dma, skb_headlen(skb));
		return -ETIMEDOUT;
	}
	dma_unmap_single(p->dev, dma, skb_headlen(skb), DMA_TO_DEVICE);
	return 0;
}

/* 7. A page given back to the device after its unmap: synced, and its
 *    second half written to the descriptor. */
int nic_rx_page(struct nic_priv *p, struct page *page)
{
	dma_addr_t dma = dma_map_page(p->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	p->desc[0].addr = cpu_to_le64(dma);
	nic_wait(p);
	dma_unmap_page(p->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_single_range_for_device() is given the handle of the mapping made by dma_map_page() at line 182, released at line 188, no longer a mapping [dma-use-after-unmap]
	dma_sync_single_range_for_device(p->dev, dma, PAGE_SIZE / 2, PAGE_SIZE / 2,
					 DMA_FROM_DEVICE);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the handle of the mapping made by dma_map_page() at line 182, released at line 188, is stored in 'p->desc[0].addr' after the release [dma-use-after-unmap]
	p->desc[0].addr = cpu_to_le64(dma + PAGE_SIZE / 2);
	return 0;
}
