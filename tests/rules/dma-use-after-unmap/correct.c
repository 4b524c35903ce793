// Handles used only while mapped: synced before the unmap, the slot
// remapped before it is given back, cleared after the release, logged or
// compared. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-use-after-unmap' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RX_COPYBREAK	256
#define RING_BYTES	4096
#define NIC_RDBA	0x2800
#define NIC_RX_OWN	0x80000000

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
	struct nic_desc *desc;
	dma_addr_t desc_dma;
	dma_addr_t last_dma;
};

int nic_wait(struct nic_priv *p);

/* 1. e1000e copybreak done right: sync for the CPU and give the still
 *    mapped buffer back; otherwise unmap, and refill the slot with a new
 *    mapping before the descriptor is written. */
struct sk_buff *nic_rx_one(struct nic_priv *p, struct nic_rx_buf *rb,
			   struct nic_desc *desc, unsigned int len)
{
	struct sk_buff *skb = NULL;

	rb->dma = dma_map_single(p->dev, rb->data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, rb->dma))
		return NULL;
	desc->addr = cpu_to_le64(rb->dma);
	nic_wait(p);

	if (len <= RX_COPYBREAK) {
		dma_sync_single_for_cpu(p->dev, rb->dma, len, DMA_FROM_DEVICE);
		skb = napi_alloc_skb(&p->napi, len);
		if (skb)
			skb_put_data(skb, rb->data, len);
		dma_sync_single_for_device(p->dev, rb->dma, len, DMA_FROM_DEVICE);
		desc->addr = cpu_to_le64(rb->dma);
		return skb;
	}
	dma_unmap_single(p->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	rb->data = kmalloc(RX_BUF_LEN, GFP_ATOMIC);
	if (!rb->data)
		return NULL;
	rb->dma = dma_map_single(p->dev, rb->data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, rb->dma)) {
		kfree(rb->data);
		rb->data = NULL;
		return NULL;
	}
	desc->addr = cpu_to_le64(rb->dma);
	desc->ctrl = cpu_to_le32(NIC_RX_OWN | RX_BUF_LEN);
	return skb;
}

/* 2. The guarded release that clears the handle and the descriptor. */
void nic_rx_clean(struct nic_priv *p, struct nic_rx_buf *rb,
		  struct nic_desc *desc)
{
	rb->dma = dma_map_single(p->dev, rb->data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, rb->dma))
		return;
	desc->addr = cpu_to_le64(rb->dma);
	nic_wait(p);
	if (rb->dma) {
		dma_unmap_single(p->dev, rb->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
		rb->dma = 0;
	}
	desc->addr = 0;
	desc->ctrl = 0;
}

struct fw_cmd {
	__le32 opcode;
	__le32 status;
	u8 payload[56];
};

/* 3. A command synced for the CPU before the unmap; the handle is logged
 *    after it (a LOG call, not a use). */
int fw_exec(struct nic_priv *p, struct fw_cmd *cmd)
{
	dma_addr_t dma = dma_map_single(p->dev, cmd, sizeof(*cmd),
					DMA_BIDIRECTIONAL);
	int ret;

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), p->regs + NIC_RDBA);
	ret = nic_wait(p);
	dma_sync_single_for_cpu(p->dev, dma, sizeof(*cmd), DMA_FROM_DEVICE);
	if (!ret)
		ret = le32_to_cpu(cmd->status);
	dma_unmap_single(p->dev, dma, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (ret)
		dev_err(p->dev, "cmd at %pad failed: %d\n", &dma, ret);
	return ret;
}

/* 4. xhci: the ring freed, its registers cleared with 0 and the pointer
 *    and handle reset. */
void nic_free_ring(struct nic_priv *p)
{
	p->desc = dma_alloc_coherent(p->dev, RING_BYTES, &p->desc_dma, GFP_KERNEL);
	if (!p->desc)
		return;
	lo_hi_writeq(p->desc_dma, p->regs + NIC_RDBA);
	nic_wait(p);
	lo_hi_writeq(0, p->regs + NIC_RDBA);
	dma_free_coherent(p->dev, RING_BYTES, p->desc, p->desc_dma);
	p->desc = NULL;
	p->desc_dma = 0;
}

/* 5. Transmit completion: the handle unmapped, then compared with the
 *    one the hardware reports (a comparison, not a hand-off). */
int nic_tx_done(struct nic_priv *p, struct sk_buff *skb, dma_addr_t hw_dma)
{
	dma_addr_t dma = dma_map_single(p->dev, skb->data, skb_headlen(skb),
					DMA_TO_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	p->desc[0].addr = cpu_to_le64(dma);
	nic_wait(p);
	dma_unmap_single(p->dev, dma, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma != hw_dma)
		return -EIO;
	dev_kfree_skb_any(skb);
	return 0;
}

/* 6. Pages recycled igb-style: each half synced back to the device while
 *    the page is still mapped; the page unmapped last. */
int nic_rx_page(struct nic_priv *p, struct page *page)
{
	dma_addr_t dma = dma_map_page(p->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	p->desc[0].addr = cpu_to_le64(dma);
	nic_wait(p);
	dma_sync_single_range_for_cpu(p->dev, dma, 0, PAGE_SIZE / 2,
				      DMA_FROM_DEVICE);
	dma_sync_single_range_for_device(p->dev, dma, PAGE_SIZE / 2,
					 PAGE_SIZE / 2, DMA_FROM_DEVICE);
	p->desc[0].addr = cpu_to_le64(dma + PAGE_SIZE / 2);
	nic_wait(p);
	dma_unmap_page(p->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	return 0;
}

/* 7. A local variable reused for the next mapping of a loop (the handle
 *    of the previous iteration is dead). */
int nic_send_chunks(struct nic_priv *p, u8 *buf, size_t len, size_t chunk)
{
	size_t off;

	for (off = 0; off < len; off += chunk) {
		dma_addr_t dma = dma_map_single(p->dev, buf + off, chunk,
						DMA_TO_DEVICE);

		if (dma_mapping_error(p->dev, dma))
			return -ENOMEM;
		writel(lower_32_bits(dma), p->regs + NIC_RDBA);
		nic_wait(p);
		dma_unmap_single(p->dev, dma, chunk, DMA_TO_DEVICE);
	}
	return 0;
}

/* sun8i-ss style HMAC: a second round jumps back to `retry`, where the
 * result buffer is mapped again when the key is set; the flag is re-read
 * after the hardware call, which the path does not enter. */
struct hm_ctx {
	unsigned int keylen;
	void *opad;
};

struct hm_req {
	dma_addr_t t_dst_addr;
	dma_addr_t t_src_addr;
};

int hm_run_task(struct device *dev, struct hm_ctx *tfmctx, struct hm_req *rctx);

int hm_hash_run(struct device *dev, struct hm_ctx *tfmctx,
		struct hm_req *rctx, void *result, unsigned int digestsize)
{
	dma_addr_t addr_res, addr_xpad = 0;
	int hmac = 0;
	int err;

	addr_res = dma_map_single(dev, result, digestsize, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, addr_res))
		return -EINVAL;
retry:
	if (tfmctx->keylen && hmac == 0)
		hmac = 1;
	if (tfmctx->keylen && hmac == 2) {
		addr_res = dma_map_single(dev, result, digestsize,
					  DMA_FROM_DEVICE);
		if (dma_mapping_error(dev, addr_res))
			return -EINVAL;
		addr_xpad = dma_map_single(dev, tfmctx->opad, 64,
					   DMA_TO_DEVICE);
		if (dma_mapping_error(dev, addr_xpad)) {
			dma_unmap_single(dev, addr_res, digestsize,
					 DMA_FROM_DEVICE);
			return -EINVAL;
		}
		rctx->t_src_addr = addr_xpad;
	}
	rctx->t_dst_addr = addr_res;
	err = hm_run_task(dev, tfmctx, rctx);
	if (hmac == 2)
		dma_unmap_single(dev, addr_xpad, 64, DMA_TO_DEVICE);
	dma_unmap_single(dev, addr_res, digestsize, DMA_FROM_DEVICE);
	if (hmac == 1 && !err) {
		hmac = 2;
		goto retry;
	}
	return err;
}
