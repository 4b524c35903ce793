// Linear-map memory, and vmalloc memory mapped the right way. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-vmalloc-buffer' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

/* 1. vmalloc mapped page by page: the documented way. */
int map_vmalloc_pages(struct device *dev, void *vbuf, int npages, dma_addr_t *out)
{
	int i;

	for (i = 0; i < npages; i++) {
		struct page *pg = vmalloc_to_page(vbuf + i * PAGE_SIZE);

		out[i] = dma_map_page(dev, pg, 0, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, out[i]))
			return -ENOMEM;
	}
	return 0;
}

/* 2. sg_set_page() with vmalloc_to_page(). */
void sg_vmalloc(struct scatterlist *sg, void *vbuf, unsigned int len)
{
	sg_set_page(sg, vmalloc_to_page(vbuf), len, offset_in_page(vbuf));
}

/* 3. kmalloc'ed buffer. */
int map_kmalloc(struct device *dev)
{
	void *buf = kmalloc(256, GFP_KERNEL | GFP_DMA);
	dma_addr_t d;

	if (!buf)
		return -ENOMEM;
	d = dma_map_single(dev, buf, 256, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d)) {
		kfree(buf);
		return -ENOMEM;
	}
	dma_unmap_single(dev, d, 256, DMA_FROM_DEVICE);
	kfree(buf);
	return 0;
}

/* 4. page_address() of a lowmem page. */
int map_page_address(struct device *dev)
{
	struct page *p = alloc_page(GFP_KERNEL);
	void *va;
	dma_addr_t d;

	if (!p)
		return -ENOMEM;
	va = page_address(p);
	d = dma_map_single(dev, va, PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, PAGE_SIZE, DMA_TO_DEVICE);
	__free_page(p);
	return 0;
}

/* 5. kmap only for a CPU copy; the page itself is mapped. */
int copy_and_map(struct device *dev, struct page *page, const void *src)
{
	void *va = kmap_local_page(page);
	dma_addr_t d;

	memcpy(va, src, 64);
	kunmap_local(va);
	d = dma_map_page(dev, page, 0, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_page(dev, d, 64, DMA_TO_DEVICE);
	return 0;
}

/* 6. vmalloc used only as CPU staging, then copied to a kmalloc bounce. */
int stage(struct device *dev, size_t len)
{
	void *stage = vzalloc(len);
	void *bounce = kmalloc(len, GFP_KERNEL);
	dma_addr_t d;
	int ret = -ENOMEM;

	if (!stage || !bounce)
		goto out;
	memcpy(bounce, stage, len);
	d = dma_map_single(dev, bounce, len, DMA_TO_DEVICE);
	if (!dma_mapping_error(dev, d)) {
		dma_unmap_single(dev, d, len, DMA_TO_DEVICE);
		ret = 0;
	}
out:
	kfree(bounce);
	vfree(stage);
	return ret;
}

/* 7. __get_free_pages() memory. */
int map_free_pages(struct device *dev)
{
	unsigned long va = __get_free_pages(GFP_KERNEL, 2);
	dma_addr_t d;

	if (!va)
		return -ENOMEM;
	d = dma_map_single(dev, (void *)va, 4 * PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, 4 * PAGE_SIZE, DMA_FROM_DEVICE);
	free_pages(va, 2);
	return 0;
}

/* 8. Coherent memory for the device, vmalloc for a CPU-only shadow. */
int shadow(struct device *dev, void **shadow_out)
{
	dma_addr_t h;
	void *ring = dma_alloc_coherent(dev, 4096, &h, GFP_KERNEL);

	if (!ring)
		return -ENOMEM;
	*shadow_out = vmalloc(4096);
	dma_free_coherent(dev, 4096, ring, h);
	return 0;
}

/* 9. kvzalloc'ed table, mapped whole only when it is not vmalloc memory
 * (the efa driver's pbl_create()). */
int map_table(struct device *dev, size_t size, dma_addr_t *out)
{
	void *tbl = kvzalloc(size, GFP_KERNEL);

	if (!tbl)
		return -ENOMEM;
	if (is_vmalloc_addr(tbl))
		return 1; /* built page by page elsewhere */
	*out = dma_map_single(dev, tbl, size, DMA_TO_DEVICE);
	return dma_mapping_error(dev, *out);
}
