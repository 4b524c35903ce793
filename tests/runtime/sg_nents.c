// Behind an IOMMU, dma_map_sg() merges page-aligned segments and returns
// fewer entries; unmapping with that count is dma-sg-nents-mismatch.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>

int main(void)
{
	struct device *dev = dmart_device_create("gpu0", DMA_BIT_MASK(32), DMART_IOMMU);
	struct scatterlist sg[4];
	int i, count;

	sg_init_table(sg, 4);
	for (i = 0; i < 4; i++)
		sg_set_page(&sg[i], alloc_page(GFP_KERNEL), PAGE_SIZE, 0);
	count = dma_map_sg(dev, sg, 4, DMA_TO_DEVICE);
	// CHECK: mapped 4 entries into 1 segment(s) of 16384 bytes
	printf("mapped 4 entries into %d segment(s) of %u bytes\n", count,
	       sg_dma_len(&sg[0]));
	fflush(stdout);
	// CHECK: dmart: gpu0: dma-sg-nents-mismatch: device driver frees DMA sg list with different entry count [map count=4] [unmap count=1] [dma_map_sg returned 1] [dma_unmap_sg] at {{.*}}sg_nents.c:[[@LINE+1]] (mapped at {{.*}}sg_nents.c:[[@LINE-5]] by dma_map_sg)
	dma_unmap_sg(dev, sg, count, DMA_TO_DEVICE);
	for (i = 0; i < 4; i++)
		__free_page(sg_page(&sg[i]));
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
