// The device's own DMA is checked: unmapped memory, beyond a mapping,
// against its direction, another device's mapping, or after unmap.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	struct device *other = dmart_device_create("dev1", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(64, GFP_KERNEL), *obuf = kmalloc(64, GFP_KERNEL);
	char tmp[128] = { 0 };
	dma_addr_t h, o;

	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	o = dma_map_single(other, obuf, 64, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, h) || dma_mapping_error(other, o))
		return 3;
	// CHECK: dmart: dev0: dma-device-access-violation: device wrote to a DMA_TO_DEVICE mapping {{.*}} [dmart_dev_write] (mapped at {{.*}}dev_access.c:[[@LINE-4]] by dma_map_single)
	fprintf(stderr, "write ret %d\n", dmart_dev_write(dev, h, tmp, 8));
	// CHECK: write ret -14
	// CHECK: dmart: dev0: dma-device-access-violation: device read beyond the mapping
	dmart_dev_read(dev, h + 32, tmp, 64);
	// CHECK: dmart: dev0: dma-device-access-violation: device read memory mapped for another device (dev1)
	dmart_dev_read(dev, o, tmp, 8);
	// CHECK: dmart: dev0: dma-device-access-violation: device read memory that is not mapped for it [device address=0x0000000000001000]
	dmart_dev_read(dev, 0x1000, tmp, 8);
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	// CHECK: dmart: dev0: dma-use-after-unmap: device read DMA memory that was already unmapped
	dmart_dev_read(dev, h, tmp, 8);
	dma_unmap_single(other, o, 64, DMA_BIDIRECTIONAL);
	kfree(buf);
	kfree(obuf);
	dmart_device_destroy(dev);
	dmart_device_destroy(other);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
