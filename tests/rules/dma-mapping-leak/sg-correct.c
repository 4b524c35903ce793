// dma_map_sg() mappings that are not leaked: unmapped on every path, a
// failed mapping (0) whose list goes away, a list kept in a request that the
// completion unmaps, a list freed after its unmap. Must stay silent.
// RUN: %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/device.h>

int hw_run(struct device *dev, struct scatterlist *sg, int n);
int hw_wait(struct device *dev);

int xfer_one(struct device *dev, void *buf, size_t len)
{
	struct scatterlist sg;
	int n, ret;

	sg_init_one(&sg, buf, len);
	n = dma_map_sg(dev, &sg, 1, DMA_TO_DEVICE);
	if (!n)
		return -ENOMEM;
	ret = hw_run(dev, &sg, n);
	if (!ret)
		ret = hw_wait(dev);
	dma_unmap_sg(dev, &sg, 1, DMA_TO_DEVICE);
	return ret;
}

struct req {
	struct scatterlist *sg;
	int nents, mapped;
};

int req_start(struct device *dev, struct req *rq)
{
	rq->mapped = dma_map_sg(dev, rq->sg, rq->nents, DMA_BIDIRECTIONAL);
	if (!rq->mapped)
		return -ENOMEM;
	return hw_run(dev, rq->sg, rq->mapped);
}

void req_done(struct device *dev, struct req *rq)
{
	dma_unmap_sg(dev, rq->sg, rq->nents, DMA_BIDIRECTIONAL);
}

int xfer_pages(struct device *dev, struct page **pages, int npages)
{
	struct scatterlist *sgl;
	int i, n, ret;

	sgl = kmalloc_array(npages, sizeof(*sgl), GFP_KERNEL);
	if (!sgl)
		return -ENOMEM;
	sg_init_table(sgl, npages);
	for (i = 0; i < npages; i++)
		sg_set_page(&sgl[i], pages[i], PAGE_SIZE, 0);
	n = dma_map_sg(dev, sgl, npages, DMA_FROM_DEVICE);
	if (n == 0) {
		ret = -EIO;
		goto out_free;
	}
	ret = hw_run(dev, sgl, n);
	if (!ret)
		ret = hw_wait(dev);
	dma_unmap_sg(dev, sgl, npages, DMA_FROM_DEVICE);
out_free:
	kfree(sgl);
	return ret;
}
