// The CPU writing a streaming buffer while the device owns it (between
// map/sync_for_device and sync_for_cpu/unmap): dma-cpu-access-while-mapped.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	char *buf = kzalloc(64, GFP_KERNEL);
	dma_addr_t h;

	h = dma_map_single(dev, buf, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	dmart_dev_write(dev, h, "dev", 3);
	dma_sync_single_for_cpu(dev, h, 64, DMA_FROM_DEVICE);
	buf[10] = 1;		/* fine: the CPU owns it now */
	dma_sync_single_for_device(dev, h, 64, DMA_FROM_DEVICE);
	// CHECK-NOT: dmart:
	buf[0] = 'x';		/* the device owns it */
	// CHECK: dmart: dev0: dma-cpu-access-while-mapped: CPU wrote to a streaming DMA buffer while the device owned it {{.*}} [dma_unmap_single] at {{.*}}cpu_write.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_FROM_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
