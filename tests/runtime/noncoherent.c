// A non-coherent device and the CPU see different copies until the right
// sync: without dma_sync_single_for_cpu() the CPU reads stale data, with it
// the device's data; CPU writes reach the device only after
// dma_sync_single_for_device().
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: before sync: 'old'
// CHECK: after sync: 'new'
// CHECK: device sees before sync: 'AAA'
// CHECK: device sees after sync: 'BBB'
// CHECK: errors 0

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("arm-dev", DMA_BIT_MASK(64),
						 DMART_NONCOHERENT);
	char *buf = kzalloc(64, GFP_KERNEL), got[4] = { 0 };
	dma_addr_t h;

	strcpy(buf, "old");
	h = dma_map_single(dev, buf, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	dmart_dev_write(dev, h, "new", 4);
	printf("before sync: '%s'\n", buf);
	dma_sync_single_for_cpu(dev, h, 64, DMA_FROM_DEVICE);
	printf("after sync: '%s'\n", buf);
	dma_unmap_single(dev, h, 64, DMA_FROM_DEVICE);

	strcpy(buf, "AAA");
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	dma_sync_single_for_cpu(dev, h, 64, DMA_TO_DEVICE);
	strcpy(buf, "BBB");
	dmart_dev_read(dev, h, got, 3);
	printf("device sees before sync: '%s'\n", got);
	dma_sync_single_for_device(dev, h, 64, DMA_TO_DEVICE);
	dmart_dev_read(dev, h, got, 3);
	printf("device sees after sync: '%s'\n", got);
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
