// Unmapping twice, or an address never mapped: dma-debug's "tries to free
// DMA memory it has not allocated", reported as dma-double-unmap with the
// offending call and the original mapping site.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("nic0", DMA_BIT_MASK(64), 0);
	void *buf = kmalloc(128, GFP_KERNEL);
	dma_addr_t h = dma_map_single(dev, buf, 128, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, h))
		return 3;
	dma_unmap_single(dev, h, 128, DMA_TO_DEVICE);
	// CHECK: dmart: nic0: dma-double-unmap: device driver frees DMA memory it has already freed {{.*}} [dma_unmap_single] at {{.*}}double_unmap.c:[[@LINE+1]] (mapped at {{.*}}double_unmap.c:[[@LINE-5]] by dma_map_single)
	dma_unmap_single(dev, h, 128, DMA_TO_DEVICE);
	// CHECK: dmart: nic0: dma-double-unmap: device driver tries to free DMA memory it has not allocated [device address=0x0000000012345000] [size=64 bytes] [dma_unmap_page] at {{.*}}double_unmap.c:[[@LINE+1]]
	dma_unmap_page(dev, 0x12345000, 64, DMA_FROM_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
