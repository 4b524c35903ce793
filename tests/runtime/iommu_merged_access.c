// Behind an IOMMU, dma_map_sg() merges entries that are contiguous in IOVA
// space into one DMA segment; the device reads and writes that segment in
// one access, as it would with the kernel's IOMMU, without a report.  An
// access past the segment's end is still reported.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: mapped 3 entries into 1 segment of 12288 bytes
// CHECK-NEXT: write 0, read 0, same 1
// CHECK-NEXT: dmart: mmu0: dma-device-access-violation: device read beyond the mapping
// CHECK-NEXT: past the end: -14
// CHECK-NOT: dmart:

#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("mmu0", DMA_BIT_MASK(64), DMART_IOMMU);
	static char in[3 * 4096], out[3 * 4096 + 1];
	struct scatterlist sg[3];
	void *page[3];
	int i, n, w, r;

	sg_init_table(sg, 3);
	for (i = 0; i < 3; i++) {
		page[i] = (void *)get_zeroed_page(GFP_KERNEL);
		sg_set_buf(&sg[i], page[i], 4096);
	}
	n = dma_map_sg(dev, sg, 3, DMA_BIDIRECTIONAL);
	printf("mapped 3 entries into %d segment of %u bytes\n", n, sg_dma_len(&sg[0]));
	memset(in, 0x5a, sizeof(in));
	w = dmart_dev_write(dev, sg_dma_address(&sg[0]), in, sizeof(in));
	r = dmart_dev_read(dev, sg_dma_address(&sg[0]), out, sizeof(in));
	printf("write %d, read %d, same %d\n", w, r, !memcmp(in, out, sizeof(in)));
	fflush(stdout);
	r = dmart_dev_read(dev, sg_dma_address(&sg[0]), out, sizeof(out));
	printf("past the end: %d\n", r);
	dma_unmap_sg(dev, sg, 3, DMA_BIDIRECTIONAL);
	for (i = 0; i < 3; i++)
		free_page((unsigned long)page[i]);
	dmart_device_destroy(dev);
	return 0;
}
