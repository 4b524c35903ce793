// dma_free_pages() and dma_free_noncoherent() take the direction of the
// allocation, and dma-debug checks it (debug_dma_free_pages() and the
// non-coherent free go through check_unmap()): a different direction is
// dma-sync-direction, as for dma_unmap_*().  The memory is freed all the
// same, so nothing leaks.  The coherent calls have no direction: they are
// never reported for one.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	struct page *pg;
	dma_addr_t h;
	void *p;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	pg = dma_alloc_pages(dev, PAGE_SIZE, &h, DMA_TO_DEVICE, GFP_KERNEL);
	if (!pg)
		return 3;
	// CHECK: dmart: dev0: dma-sync-direction: device driver frees DMA memory with different direction [device address=0x{{[0-9a-f]+}}] [size=4096 bytes] [mapped with DMA_TO_DEVICE] [unmapped with DMA_FROM_DEVICE] [dma_free_pages] at {{.*}}free_direction.c:[[@LINE+1]]
	dma_free_pages(dev, PAGE_SIZE, pg, h, DMA_FROM_DEVICE);

	p = dma_alloc_noncoherent(dev, 256, &h, DMA_FROM_DEVICE, GFP_KERNEL);
	if (!p)
		return 4;
	// CHECK-NEXT: dmart: dev0: dma-sync-direction: device driver frees DMA memory with different direction {{.*}} [mapped with DMA_FROM_DEVICE] [unmapped with DMA_BIDIRECTIONAL] [dma_free_noncoherent] at {{.*}}free_direction.c:[[@LINE+1]]
	dma_free_noncoherent(dev, 256, p, h, DMA_BIDIRECTIONAL);

	p = dma_alloc_noncoherent(dev, 256, &h, DMA_TO_DEVICE, GFP_KERNEL);
	if (!p)
		return 5;
	// CHECK-NEXT: dmart: dev0: dma-sync-direction: device driver frees DMA memory with DMA_NONE [dma_free_noncoherent] at {{.*}}free_direction.c:[[@LINE+1]]
	dma_free_noncoherent(dev, 256, p, h, DMA_NONE);

	/* The right direction, and the coherent calls: nothing to say. */
	pg = dma_alloc_pages(dev, PAGE_SIZE, &h, DMA_BIDIRECTIONAL, GFP_KERNEL);
	if (!pg)
		return 6;
	dma_free_pages(dev, PAGE_SIZE, pg, h, DMA_BIDIRECTIONAL);
	p = dma_alloc_coherent(dev, 64, &h, GFP_KERNEL);
	if (!p)
		return 7;
	dma_free_coherent(dev, 64, p, h);

	// Every allocation was freed: the device has nothing pending.
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	// CHECK: errors 3
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
