// Ring entries mapped in one function and synced or released in another
// with a direction the mapping allows. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-sync-direction' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>

#define RX_BUF_LEN	1536

struct ring_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct rx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
};

struct cmd_slot {
	void *buf;
	dma_addr_t dma;
	size_t len;
};

struct io_req {
	struct scatterlist *sg;
	int nents;
	enum dma_data_direction dir;
	void *buf;
	dma_addr_t buf_dma;
	size_t len;
};

struct ring {
	struct device *dev;
	struct napi_struct *napi;
	struct ring_desc *desc;
	struct rx_buffer rx_buf[256];
	struct cmd_slot cmd[32];
};

/* 1. e1000e: rx buffers mapped FROM_DEVICE, synced and unmapped the same
 *    way in the completion. */
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

struct sk_buff *ring_rx_one(struct ring *r, struct rx_buffer *rb,
			    unsigned int len)
{
	struct sk_buff *skb;

	dma_sync_single_for_cpu(r->dev, dma_unmap_addr(rb, dma), len,
				DMA_FROM_DEVICE);
	if (len < 256) {
		skb = napi_alloc_skb(r->napi, len);
		if (skb)
			skb_put_data(skb, rb->skb->data, len);
		dma_sync_single_for_device(r->dev, dma_unmap_addr(rb, dma), len,
					   DMA_FROM_DEVICE);
		return skb;
	}
	dma_unmap_single(r->dev, dma_unmap_addr(rb, dma), RX_BUF_LEN,
			 DMA_FROM_DEVICE);
	skb = rb->skb;
	rb->skb = NULL;
	return skb;
}

/* 2. mlx5/nvme command slots mapped DMA_BIDIRECTIONAL, synced in the
 *    completion with the narrower direction, unmapped with the mapping's. */
int cmd_slot_map(struct ring *r, struct cmd_slot *s)
{
	s->dma = dma_map_single(r->dev, s->buf, s->len, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(r->dev, s->dma))
		return -ENOMEM;
	return 0;
}

void cmd_slot_post(struct ring *r, struct cmd_slot *s)
{
	dma_sync_single_for_device(r->dev, s->dma, s->len, DMA_TO_DEVICE);
}

void cmd_slot_complete(struct ring *r, struct cmd_slot *s)
{
	dma_sync_single_for_cpu(r->dev, s->dma, s->len, DMA_FROM_DEVICE);
}

void cmd_slot_unmap(struct ring *r, struct cmd_slot *s)
{
	dma_unmap_single(r->dev, s->dma, s->len, DMA_BIDIRECTIONAL);
	s->dma = 0;
}

/* 3. The direction kept in the request (nvme's rq_dma_dir(), the SCSI
 *    sc_data_direction): not a constant, not judged. */
int io_map(struct ring *r, struct io_req *rq)
{
	rq->buf_dma = dma_map_single(r->dev, rq->buf, rq->len, rq->dir);
	if (dma_mapping_error(r->dev, rq->buf_dma))
		return -ENOMEM;
	if (!dma_map_sg(r->dev, rq->sg, rq->nents, rq->dir)) {
		dma_unmap_single(r->dev, rq->buf_dma, rq->len, rq->dir);
		return -ENOMEM;
	}
	return 0;
}

void io_unmap(struct ring *r, struct io_req *rq)
{
	dma_unmap_sg(r->dev, rq->sg, rq->nents, rq->dir);
	dma_unmap_single(r->dev, rq->buf_dma, rq->len, rq->dir);
}

struct fw_buf {
	void *data;
	dma_addr_t dma;
	size_t len;
};

/* 4. A field that receives mappings of both directions (a buffer the
 *    driver reuses for reads and writes): released with one of them. */
int fw_buf_map_read(struct ring *r, struct fw_buf *b)
{
	b->dma = dma_map_single(r->dev, b->data, b->len, DMA_FROM_DEVICE);
	return dma_mapping_error(r->dev, b->dma);
}

int fw_buf_map_write(struct ring *r, struct fw_buf *b)
{
	b->dma = dma_map_single(r->dev, b->data, b->len, DMA_TO_DEVICE);
	return dma_mapping_error(r->dev, b->dma);
}

void fw_buf_done_read(struct ring *r, struct fw_buf *b)
{
	dma_unmap_single(r->dev, b->dma, b->len, DMA_FROM_DEVICE);
}

void fw_buf_done_write(struct ring *r, struct fw_buf *b)
{
	dma_unmap_single(r->dev, b->dma, b->len, DMA_TO_DEVICE);
}

struct sg_job {
	struct scatterlist sgl[8];
	int nents;
};

/* 5. A scatterlist kept in a job: mapped DMA_TO_DEVICE, released so. */
int sg_job_map(struct ring *r, struct sg_job *j)
{
	return dma_map_sg(r->dev, j->sgl, j->nents, DMA_TO_DEVICE) ? 0 : -ENOMEM;
}

void sg_job_done(struct ring *r, struct sg_job *j)
{
	dma_unmap_sg(r->dev, j->sgl, j->nents, DMA_TO_DEVICE);
}

struct dma_buf_slot {
	void *cpu;
	dma_addr_t dma;
	unsigned int len;
};

/* 6. A generic helper maps with the caller's direction: the field's
 *    direction is not a constant (tx slots are mapped DMA_TO_DEVICE, rx
 *    ones by slot_map()), so the rx completion is not judged. */
int slot_map(struct ring *r, struct dma_buf_slot *s, enum dma_data_direction dir)
{
	s->dma = dma_map_single(r->dev, s->cpu, s->len, dir);
	return dma_mapping_error(r->dev, s->dma);
}

int slot_map_tx(struct ring *r, struct dma_buf_slot *s)
{
	s->dma = dma_map_single(r->dev, s->cpu, s->len, DMA_TO_DEVICE);
	return dma_mapping_error(r->dev, s->dma);
}

void slot_rx_done(struct ring *r, struct dma_buf_slot *s)
{
	dma_sync_single_for_cpu(r->dev, s->dma, s->len, DMA_FROM_DEVICE);
}
