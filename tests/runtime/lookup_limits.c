// Lookup limits: a sync whose length runs to the top of the address space
// (bus + len wraps) still finds the mapping it starts in ("outside
// allocated range", not "not allocated") and, after the unmap, the released
// one (dma-use-after-unmap).  A new device's segment boundary is the
// kernel's default, ULONG_MAX (dma_get_seg_boundary() without dma_parms).
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <stdint.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	char *buf = kzalloc(256, GFP_KERNEL);
	dma_addr_t h;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	// CHECK: seg boundary 0xffffffffffffffff
	printf("seg boundary 0x%lx\n", dma_get_seg_boundary(dev));

	h = dma_map_single(dev, buf, 256, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver syncs DMA memory outside allocated range {{.*}} [allocation size=256 bytes] {{.*}} [dma_sync_single_for_cpu] at {{.*}}lookup_limits.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, h + 16, SIZE_MAX - 64, DMA_FROM_DEVICE);
	dma_unmap_single(dev, h, 256, DMA_FROM_DEVICE);
	// CHECK-NEXT: dmart: dev0: dma-use-after-unmap: device driver syncs DMA memory it has already unmapped {{.*}} [dma_sync_single_for_cpu] at {{.*}}lookup_limits.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, h + 16, SIZE_MAX - 64, DMA_FROM_DEVICE);

	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	// CHECK: errors 2
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
