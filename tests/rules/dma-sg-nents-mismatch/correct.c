// Scatterlist counts used as dma-api.rst says. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-sg-nents-mismatch' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <linux/usb.h>

struct host {
	struct device *dev;
	int sg_count;
};

struct request_ctx {
	struct scatterlist *sg;
	int nents;
	int mapped;
};

int hw_submit(struct host *h, struct scatterlist *sg, int n);

/* 1. Unmap with the nents that was mapped. */
int xfer(struct host *h, struct scatterlist *sgl, int sg_len)
{
	int count = dma_map_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);

	if (!count)
		return -ENOMEM;
	if (hw_submit(h, sgl, count)) {
		dma_unmap_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);
		return -EIO;
	}
	return 0;
}

/* 2. Request keeps both: nents for the unmap, mapped for the hardware. */
int map_rq(struct host *h, struct request_ctx *rq)
{
	rq->mapped = dma_map_sg(h->dev, rq->sg, rq->nents, DMA_FROM_DEVICE);
	if (!rq->mapped)
		return -ENOMEM;
	if (hw_submit(h, rq->sg, rq->mapped) < 0) {
		dma_unmap_sg(h->dev, rq->sg, rq->nents, DMA_FROM_DEVICE);
		return -EIO;
	}
	return 0;
}

/* 3. sg_table helpers: correct by construction. */
int map_table(struct host *h, struct sg_table *sgt)
{
	int ret = dma_map_sgtable(h->dev, sgt, DMA_TO_DEVICE, 0);

	if (ret)
		return ret;
	dma_sync_sgtable_for_device(h->dev, sgt, DMA_TO_DEVICE);
	dma_unmap_sgtable(h->dev, sgt, DMA_TO_DEVICE, 0);
	return 0;
}

/* 4. sgt->nents holds the count, orig_nents releases it. */
int map_table_by_hand(struct host *h, struct sg_table *sgt)
{
	sgt->nents = dma_map_sg(h->dev, sgt->sgl, sgt->orig_nents, DMA_TO_DEVICE);
	if (!sgt->nents)
		return -ENOMEM;
	dma_unmap_sg(h->dev, sgt->sgl, sgt->orig_nents, DMA_TO_DEVICE);
	return 0;
}

/* 5. Walk the mapped entries with the returned count. */
int build_descs(struct host *h, struct scatterlist *sgl, int sg_len, u64 *desc)
{
	struct scatterlist *sg;
	int i, count;

	count = dma_map_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);
	if (!count)
		return -EIO;
	for_each_sg(sgl, sg, count, i)
		desc[i] = sg_dma_address(sg) | sg_dma_len(sg);
	return count;
}

/* 6. Walking with nents is fine when only CPU-side fields are read. */
int total_len(struct host *h, struct scatterlist *sgl, int sg_len)
{
	struct scatterlist *sg;
	int i, count, len = 0;

	count = dma_map_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);
	if (!count)
		return -EIO;
	for_each_sg(sgl, sg, sg_len, i)
		len += sg->length;
	dma_sync_sg_for_cpu(h->dev, sgl, sg_len, DMA_TO_DEVICE);
	dma_unmap_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);
	return len;
}

/* 7. The count written back over nents, then walked: the loop is right. */
int walk_reassigned(struct host *h, struct scatterlist *sgl, int n, u64 *desc)
{
	struct scatterlist *sg;
	int i;

	n = dma_map_sg(h->dev, sgl, n, DMA_TO_DEVICE);
	if (!n)
		return -EIO;
	for_each_sg(sgl, sg, n, i)
		desc[i] = sg_dma_address(sg);
	return 0;
}

/* 8. Legacy USB helper: its unmap takes the mapped count by design. */
int usb_sg(struct usb_device *udev, struct scatterlist *sg, int nents)
{
	int n = usb_buffer_map_sg(udev, 1, sg, nents);

	if (n < 0)
		return n;
	usb_buffer_unmap_sg(udev, 1, sg, n);
	return 0;
}

/* 9. Mapped in one place, unmapped elsewhere with the saved nents. */
void complete_rq(struct host *h, struct request_ctx *rq)
{
	dma_unmap_sg(h->dev, rq->sg, rq->nents, DMA_FROM_DEVICE);
}

/* 10. A second, unmapped list filled in with DMA addresses by the driver
 * itself and walked with the first list's nents (stm32_fmc2_nand). */
int fill_ecc_list(struct host *h, struct scatterlist *data, struct scatterlist *ecc,
		  int steps, dma_addr_t ecc_base)
{
	struct scatterlist *sg;
	int s, ret;

	ret = dma_map_sg(h->dev, data, steps, DMA_FROM_DEVICE);
	if (!ret)
		return -EIO;
	for_each_sg(ecc, sg, steps, s) {
		sg_dma_address(sg) = ecc_base + s * 8;
		sg_dma_len(sg) = 8;
	}
	dma_unmap_sg(h->dev, data, steps, DMA_FROM_DEVICE);
	return 0;
}
