// 2.6 declared coherent memory: once a device declared a region,
// dma_alloc_coherent() for it (and, with DMA_MEMORY_INCLUDES_CHILDREN, for
// its children) hands out the region's pages at the declared device
// addresses; DMA_MEMORY_EXCLUSIVE forbids falling back to system memory;
// a free gives the pages back; releasing the region with an allocation in
// use is reported and the allocation is gone.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <stdio.h>

#define REGION_BUS	0xd0000000ULL
#define REGION_DEV	0x40000000ULL

int main(void)
{
	struct device *bridge = dmart_device_create("bridge", DMA_BIT_MASK(32), 0);
	struct device *child = dmart_device_create("child", DMA_BIT_MASK(32), 0);
	dma_addr_t h1, h2, h3, hc;
	char *a, *b, *c, *k, out[4] = "";

	setvbuf(stdout, NULL, _IONBF, 0);
	child->parent = bridge;
	if (dma_declare_coherent_memory(bridge, REGION_BUS, REGION_DEV, 2 * PAGE_SIZE,
					DMA_MEMORY_MAP | DMA_MEMORY_EXCLUSIVE |
					DMA_MEMORY_INCLUDES_CHILDREN) != DMA_MEMORY_MAP)
		return 3;
	a = dma_alloc_coherent(bridge, 100, &h1, GFP_KERNEL);
	k = dma_alloc_coherent(child, 100, &hc, GFP_KERNEL);
	c = dma_alloc_coherent(bridge, 100, &h3, GFP_KERNEL);
	// CHECK: bridge 0x40000000 child 0x40001000 full 1
	printf("bridge 0x%llx child 0x%llx full %d\n", (unsigned long long)h1,
	       (unsigned long long)hc, c == NULL);
	strcpy(a, "hi");
	dmart_dev_read(bridge, REGION_DEV, out, 3);
	dma_free_coherent(bridge, 100, a, h1);
	b = dma_alloc_coherent(bridge, 100, &h2, GFP_KERNEL);
	// CHECK: device hi, reused 0x40000000
	printf("device %s, reused 0x%llx\n", out, (unsigned long long)h2);
	dma_free_coherent(bridge, 100, b, h2);
	// CHECK: dmart: child: dma-mapping-leak: device driver releases declared coherent memory with an allocation in use [device address=0x0000000040001000] {{.*}}[dma_release_declared_memory] at {{.*}}sig_declared_alloc.c:[[@LINE+1]]
	dma_release_declared_memory(bridge);
	// CHECK: dmart: child: dma-double-unmap: device driver frees DMA memory it has already freed {{.*}}[dma_free_coherent] at {{.*}}sig_declared_alloc.c:[[@LINE+1]]
	dma_free_coherent(child, 100, k, hc);
	dmart_device_destroy(child);
	dmart_device_destroy(bridge);
	// CHECK-NOT: dmart:
	// CHECK: errors 2
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
