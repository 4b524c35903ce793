// Two active mappings sharing a cacheline (dma-debug's cacheline tracking):
// dma-overlapping-mapping.  Device-read-only mappings may share.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

struct desc {
	u32 rx_status;
	u32 tx_status;
};

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	struct desc *d = kzalloc(sizeof(*d), GFP_KERNEL);
	dma_addr_t a, b, t1, t2;

	t1 = dma_map_single(dev, &d->rx_status, 4, DMA_TO_DEVICE);
	t2 = dma_map_single(dev, &d->tx_status, 4, DMA_TO_DEVICE);
	a = dma_map_single(dev, &d->rx_status, 4, DMA_FROM_DEVICE);
	// CHECK-NOT: dmart:
	// CHECK: dmart: dev0: dma-overlapping-mapping: device driver maps memory sharing a cacheline with an active mapping {{.*}} [dma_map_single] at {{.*}}overlap.c:[[@LINE+1]] (mapped at {{.*}}overlap.c:[[@LINE-2]] by dma_map_single)
	b = dma_map_single(dev, &d->tx_status, 4, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, a) || dma_mapping_error(dev, b) ||
	    dma_mapping_error(dev, t1) || dma_mapping_error(dev, t2))
		return 3;
	dma_unmap_single(dev, a, 4, DMA_FROM_DEVICE);
	dma_unmap_single(dev, b, 4, DMA_FROM_DEVICE);
	dma_unmap_single(dev, t1, 4, DMA_TO_DEVICE);
	dma_unmap_single(dev, t2, 4, DMA_TO_DEVICE);
	kfree(d);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
