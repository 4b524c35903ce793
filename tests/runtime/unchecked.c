// Unmapping a handle never tested with dma_mapping_error(): dma-debug's
// "failed to check map error" is dma-unchecked-mapping; so is unmapping
// DMA_MAPPING_ERROR itself after an (injected) mapping failure.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t h;

	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	// CHECK: dmart: dev0: dma-unchecked-mapping: device driver failed to check map error {{.*}} [mapped as single] [dma_unmap_single] at {{.*}}unchecked.c:[[@LINE+1]] (mapped at {{.*}}unchecked.c:[[@LINE-1]] by dma_map_single)
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	dmart_fail_nth("map", 1);
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	// CHECK: dmart: dev0: dma-unchecked-mapping: device driver unmaps DMA_MAPPING_ERROR{{.*}} [dma_unmap_single] at {{.*}}unchecked.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
