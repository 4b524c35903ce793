// dma_map_sg() mappings leaked: a scatterlist on the stack that goes out of
// scope on an error path before dma_unmap_sg(), and a kmalloc'ed list freed
// while still mapped (the "fix DMA leak on error path" commits of sg users).
// RUN: %not %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
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
	if (ret)
		return ret;
	// CHECK: :[[@LINE-1]]:10: warning: scatterlist mapped by dma_map_sg() is leaked: it goes out of scope without dma_unmap_sg() [dma-mapping-leak]
	ret = hw_wait(dev);
	dma_unmap_sg(dev, &sg, 1, DMA_TO_DEVICE);
	return ret;
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
out_free:
	kfree(sgl);
	// CHECK: :[[@LINE-1]]:2: warning: scatterlist mapped by dma_map_sg() is leaked: it is freed by kfree() without dma_unmap_sg() [dma-mapping-leak]
	return ret;
}
