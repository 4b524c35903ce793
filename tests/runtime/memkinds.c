// Memory that must never be mapped, detected for real: the thread's stack,
// vmalloc space, kmap aliases and the program image.  The mapping still
// works (through a bounce buffer) so the program runs on.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>

static char global_buf[64];
static const char rodata_buf[64] = "constant";

static void map_unmap(struct device *dev, void *p)
{
	dma_addr_t h = dma_map_single(dev, p, 64, DMA_TO_DEVICE);

	if (!dma_mapping_error(dev, h))
		dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
}

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	struct scatterlist sg;
	char stack_buf[64] = "on the stack";
	char *v = vmalloc(8192);
	struct page *pg = alloc_page(GFP_KERNEL);
	char *k = kmap(pg);

	// CHECK: dmart: dev0: dma-stack-buffer: device driver maps memory from stack [addr={{.*}}] [dma_map_single] at {{.*}}memkinds.c:{{[0-9]+}}
	map_unmap(dev, stack_buf);
	// CHECK: dmart: dev0: dma-vmalloc-buffer: device driver maps memory from vmalloc area
	map_unmap(dev, v);
	// CHECK: dmart: dev0: dma-vmalloc-buffer: device driver maps memory from kmap area
	map_unmap(dev, k);
	// CHECK: dmart: dev0: dma-image-buffer: device driver maps memory from the program image
	map_unmap(dev, global_buf);
	// CHECK: dmart: dev0: dma-image-buffer: device driver maps memory from the program image
	map_unmap(dev, (void *)rodata_buf);
	sg_init_one(&sg, stack_buf, sizeof(stack_buf));
	// CHECK: dmart: dev0: dma-stack-buffer: {{.*}} [dma_map_sg] at {{.*}}memkinds.c:[[@LINE+1]]
	if (dma_map_sg(dev, &sg, 1, DMA_TO_DEVICE))
		dma_unmap_sg(dev, &sg, 1, DMA_TO_DEVICE);
	kunmap(pg);
	__free_page(pg);
	vfree(v);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
