// Direction errors: unmap or sync with another direction than the
// mapping's, or mapping with DMA_NONE: dma-sync-direction.
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

	// CHECK: dmart: dev0: dma-sync-direction: device driver maps memory with DMA_NONE [dma_map_single] at {{.*}}sync_direction.c:[[@LINE+1]]
	h = dma_map_single(dev, buf, 64, DMA_NONE);
	if (!dma_mapping_error(dev, h))
		return 3;
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	// CHECK: dmart: dev0: dma-sync-direction: device driver syncs DMA memory with different direction {{.*}} [mapped with DMA_TO_DEVICE] [synced with DMA_FROM_DEVICE] [dma_sync_single_for_cpu] at {{.*}}sync_direction.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, h, 64, DMA_FROM_DEVICE);
	// CHECK: dmart: dev0: dma-sync-direction: device driver frees DMA memory with different direction {{.*}} [mapped with DMA_TO_DEVICE] [unmapped with DMA_BIDIRECTIONAL] [dma_unmap_single] at {{.*}}sync_direction.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_BIDIRECTIONAL);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
