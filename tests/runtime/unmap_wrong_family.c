// An unmap with the wrong function is dma-unmap-mismatch and changes
// nothing: the mapping or allocation stays with its owner, whose own
// release later is clean and leaves nothing pending.  Only dma_unmap_single()
// and dma_unmap_page() stand in for each other (the kernel's
// dma_unmap_single_attrs() is dma_unmap_page_attrs()): reported, and the
// mapping is gone, so the owner's own unmap afterwards is a double unmap.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

static struct device *dev;

static void coherent(void)
{
	dma_addr_t h;
	void *p = dma_alloc_coherent(dev, 64, &h, GFP_KERNEL);

	if (!p)
		return;
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as coherent] [unmapped as single] [dma_unmap_single] at {{.*}}unmap_wrong_family.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_BIDIRECTIONAL);
	// CHECK-NEXT: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as coherent] [unmapped as page] [dma_unmap_page] at {{.*}}unmap_wrong_family.c:[[@LINE+1]]
	dma_unmap_page(dev, h, 64, DMA_BIDIRECTIONAL);
	dma_free_coherent(dev, 64, p, h);
}

static void scatter(void)
{
	char *a = kzalloc(64, GFP_KERNEL), *b = kzalloc(64, GFP_KERNEL);
	struct scatterlist sg[2];

	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], a, 64);
	sg_set_buf(&sg[1], b, 64);
	if (dma_map_sg(dev, sg, 2, DMA_TO_DEVICE) != 2)
		return;
	// CHECK-NEXT: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as scatter-gather] [unmapped as single] [dma_unmap_single] at {{.*}}unmap_wrong_family.c:[[@LINE+1]]
	dma_unmap_single(dev, sg_dma_address(&sg[1]), 64, DMA_TO_DEVICE);
	dma_unmap_sg(dev, sg, 2, DMA_TO_DEVICE);
	kfree(a);
	kfree(b);
}

static void resource(void)
{
	dma_addr_t h = dma_map_resource(dev, 0xfe000000, 256, DMA_TO_DEVICE, 0);

	if (dma_mapping_error(dev, h))
		return;
	// CHECK-NEXT: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as resource] [unmapped as page] [dma_unmap_page] at {{.*}}unmap_wrong_family.c:[[@LINE+1]]
	dma_unmap_page(dev, h, 256, DMA_TO_DEVICE);
	dma_unmap_resource(dev, h, 256, DMA_TO_DEVICE, 0);
}

static void noncontiguous(void)
{
	struct sg_table *sgt = dma_alloc_noncontiguous(dev, 8192, DMA_FROM_DEVICE,
						       GFP_KERNEL, 0);

	if (!sgt)
		return;
	// CHECK-NEXT: dmart: dev0: dma-unmap-mismatch: device driver frees DMA sg list with wrong function [sg=0x{{[0-9a-f]+}}] [mapped as noncontiguous] [unmapped as scatter-gather] [dma_unmap_sgtable] at {{.*}}unmap_wrong_family.c:[[@LINE+1]]
	dma_unmap_sgtable(dev, sgt, DMA_FROM_DEVICE, 0);
	// Syncing a noncontiguous allocation is its documented use.
	dma_sync_sgtable_for_cpu(dev, sgt, DMA_FROM_DEVICE);
	dma_free_noncontiguous(dev, 8192, sgt, DMA_FROM_DEVICE);
}

static void single_page(void)
{
	char *buf = kzalloc(64, GFP_KERNEL);
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, h))
		return;
	dma_unmap_page(dev, h, 64, DMA_TO_DEVICE);
	// CHECK-NEXT: dmart: dev0: dma-double-unmap: device driver frees DMA memory it has already freed {{.*}} [dma_unmap_single] at {{.*}}unmap_wrong_family.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	kfree(buf);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	coherent();
	scatter();
	resource();
	noncontiguous();
	single_page();
	// Each owner's own release was clean: nothing is pending.
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	// CHECK: errors 6
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
