// Wrong size, sync out of range or of never-mapped memory:
// dma-unmap-mismatch; sync after unmap: dma-use-after-unmap.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(256, GFP_KERNEL);
	dma_addr_t h;

	h = dma_map_single(dev, buf, 256, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver syncs DMA memory outside allocated range {{.*}}[allocation size=256 bytes] [sync offset+size=272] [dma_sync_single_range_for_cpu] at {{.*}}unmap_mismatch.c:[[@LINE+1]]
	dma_sync_single_range_for_cpu(dev, h, 16, 256, DMA_FROM_DEVICE);
	// dma_unmap_page() of a single mapping is no wrong function (one
	// family, as in dma-debug); the size is wrong.
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with different size {{.*}} [map size=256 bytes] [unmap size=128 bytes] [dma_unmap_page] at {{.*}}unmap_mismatch.c:[[@LINE+1]]
	dma_unmap_page(dev, h, 128, DMA_FROM_DEVICE);
	// CHECK: dmart: dev0: dma-use-after-unmap: device driver syncs DMA memory it has already unmapped {{.*}} [dma_sync_single_for_device] at {{.*}}unmap_mismatch.c:[[@LINE+1]]
	dma_sync_single_for_device(dev, h, 256, DMA_FROM_DEVICE);
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver tries to sync DMA memory it has not allocated [device address=0x00000000deadb000] [size=4 bytes] [dma_sync_single_for_cpu] at {{.*}}unmap_mismatch.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, 0xdeadb000, 4, DMA_TO_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
