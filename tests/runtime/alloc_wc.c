// dma_alloc_wc()/dma_free_wc() (linux 6.12 dma-mapping.h: dma_alloc_attrs()
// with DMA_ATTR_WRITE_COMBINE): coherent memory under its own names, so
// reports name them and where the memory came from.  Being coherent
// memory, dma_free_coherent() frees it too; a streaming mapping freed with
// dma_free_wc() is dma-unmap-mismatch and stays mapped.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("fb0", DMA_BIT_MASK(32), 0);
	char *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t h, hs, hl;
	char *fb, *leak;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	fb = dma_alloc_wc(dev, 8192, &h, GFP_KERNEL);
	// CHECK: wc: allocated 1, aligned 1, zeroed 1
	printf("wc: allocated %d, aligned %d, zeroed %d\n", fb != NULL,
	       !((unsigned long)fb & 8191) && !(h & 8191), fb && !fb[100]);
	strcpy(fb, "pixels");
	dma_free_wc(dev, 8192, fb, h);

	fb = dma_alloc_wc(dev, 64, &h, GFP_KERNEL);
	dma_free_coherent(dev, 64, fb, h);

	hs = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, hs))
		return 3;
	// CHECK: dmart: fb0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as single] [unmapped as coherent] [dma_free_wc] at {{.*}}alloc_wc.c:[[@LINE+1]]
	dma_free_wc(dev, 64, buf, hs);
	dma_unmap_single(dev, hs, 64, DMA_TO_DEVICE);

	leak = dma_alloc_wc(dev, 128, &hl, GFP_KERNEL);
	if (!leak)
		return 4;
	// CHECK-NEXT: dmart: fb0: dma-mapping-leak: device driver has pending DMA coherent allocation while released from device {{.*}} (mapped at {{.*}}alloc_wc.c:[[@LINE-3]] by dma_alloc_wc)
	dmart_device_destroy(dev);
	kfree(buf);
	// CHECK-NOT: dmart:
	// CHECK: errors 2
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
