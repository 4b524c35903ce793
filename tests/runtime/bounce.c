// kmalloc memory lies above 4 GiB: a 32-bit device gets a swiotlb bounce
// slot below 4 GiB, with real copies at map and unmap; an IOMMU device
// gets an IOVA below its mask and no bounce.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: buffer above 4G: yes
// CHECK: bus below 4G: yes, bounced: yes, need_sync: 1
// CHECK: device read 'payload', cpu sees 'reply' after unmap
// CHECK: iommu bus below 4G: yes, need_sync: 0
// CHECK: errors 0

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("old-nic", DMA_BIT_MASK(32), 0);
	struct device *io = dmart_device_create("iommu-nic", DMA_BIT_MASK(32), DMART_IOMMU);
	char *buf = kzalloc(64, GFP_KERNEL), got[8] = { 0 };
	dma_addr_t h;

	strcpy(buf, "payload");
	printf("buffer above 4G: %s\n", virt_to_phys(buf) > 0xffffffffULL ? "yes" : "no");
	h = dma_map_single(dev, buf, 64, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, h))
		return 3;
	printf("bus below 4G: %s, bounced: %s, need_sync: %d\n",
	       h + 63 <= 0xffffffffULL ? "yes" : "no",
	       h != virt_to_phys(buf) ? "yes" : "no", dma_need_sync(dev, h));
	dmart_dev_read(dev, h, got, 7);
	dmart_dev_write(dev, h, "reply", 6);
	dma_unmap_single(dev, h, 64, DMA_BIDIRECTIONAL);
	printf("device read '%s', cpu sees '%s' after unmap\n", got, buf);

	h = dma_map_single(io, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(io, h))
		return 3;
	printf("iommu bus below 4G: %s, need_sync: %d\n",
	       h + 63 <= 0xffffffffULL ? "yes" : "no", dma_need_sync(io, h));
	dma_unmap_single(io, h, 64, DMA_TO_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	dmart_device_destroy(io);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
