// Correct use of the streaming, coherent and pool APIs is silent, with and
// without an IOMMU, and the device sees the data.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK-NOT: dmart:
// CHECK: device read 'hello'
// CHECK: sg segments 3 errors 0
// CHECK-NOT: dmart:
// CHECK: errors 0

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/slab.h>

static void run(struct device *dev)
{
	char *buf = kmalloc(64, GFP_KERNEL), got[8] = { 0 };
	struct scatterlist sg[3];
	struct dma_pool *pool;
	dma_addr_t h, ch, ph;
	void *cpu, *blk;
	int i, n;

	strcpy(buf, "hello");
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return;
	dmart_dev_read(dev, h, got, 5);
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	printf("device read '%s'\n", got);

	sg_init_table(sg, 3);
	for (i = 0; i < 3; i++)
		sg_set_page(&sg[i], alloc_page(GFP_KERNEL), PAGE_SIZE, 0);
	n = dma_map_sg(dev, sg, 3, DMA_BIDIRECTIONAL);
	dma_sync_sg_for_cpu(dev, sg, 3, DMA_BIDIRECTIONAL);
	dma_sync_sg_for_device(dev, sg, 3, DMA_BIDIRECTIONAL);
	dma_unmap_sg(dev, sg, 3, DMA_BIDIRECTIONAL);
	for (i = 0; i < 3; i++)
		__free_page(sg_page(&sg[i]));
	printf("sg segments %d errors %lu\n", n, dmart_error_count());

	cpu = dma_alloc_coherent(dev, 100, &ch, GFP_KERNEL);
	dmart_dev_write(dev, ch, "x", 1);
	dma_free_coherent(dev, 100, cpu, ch);

	pool = dma_pool_create("p", dev, 32, 16, 0);
	blk = dma_pool_alloc(pool, GFP_KERNEL, &ph);
	dma_pool_free(pool, blk, ph);
	dma_pool_destroy(pool);

	h = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), 64,
			 DMA_FROM_DEVICE);
	if (!dma_mapping_error(dev, h)) {
		dmart_dev_write(dev, h, "abc", 3);
		dma_sync_single_for_cpu(dev, h, 64, DMA_FROM_DEVICE);
		dma_sync_single_for_device(dev, h, 64, DMA_FROM_DEVICE);
		dma_unmap_page(dev, h, 64, DMA_FROM_DEVICE);
	}
	kfree(buf);
}

int main(void)
{
	struct device *plain = dmart_device_create("plain", DMA_BIT_MASK(64), 0);
	struct device *iommu = dmart_device_create("iommu", DMA_BIT_MASK(32), DMART_IOMMU);

	run(plain);
	run(iommu);
	dmart_device_destroy(plain);
	dmart_device_destroy(iommu);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
