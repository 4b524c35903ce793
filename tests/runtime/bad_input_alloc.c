// Bad input to the allocators gets a report (or the kernel's page allocator
// warning) and an error return, never a crash or a corrupted state:
// impossible sizes return NULL and record nothing; a release through the
// wrong family is dma-unmap-mismatch and changes nothing (the memory stays
// allocated, the mapping live: the right release afterwards is silent);
// dma_pool_free with a NULL pool, a foreign vaddr or a garbage dma address
// is dma-pool-misuse; an allocation with an invalid direction is
// dma-sync-direction and returns NULL.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/usb.h>

static struct device *dev;

static void sizes(size_t size)
{
	struct pci_dev *pdev = dmart_pci_device_create("pci0", DMA_BIT_MASK(64), 0);
	struct usb_device *udev = dmart_usb_device_create("usb0");
	dma_addr_t h = 0x1234;
	int bad = 0;

	bad += !!dma_alloc_coherent(dev, size, &h, GFP_KERNEL | __GFP_NOWARN);
	bad += !!dma_alloc_attrs(dev, size, &h, GFP_KERNEL | __GFP_NOWARN,
				 DMA_ATTR_WRITE_COMBINE);
	bad += !!dmam_alloc_coherent(dev, size, &h, GFP_KERNEL | __GFP_NOWARN);
	bad += !!dma_alloc_noncoherent(dev, size, &h, DMA_TO_DEVICE,
				       GFP_KERNEL | __GFP_NOWARN);
	bad += !!dma_alloc_pages(dev, size, &h, DMA_FROM_DEVICE,
				 GFP_KERNEL | __GFP_NOWARN);
	bad += !!dma_alloc_noncontiguous(dev, size, DMA_BIDIRECTIONAL,
					 GFP_KERNEL | __GFP_NOWARN, 0);
	bad += !!pci_alloc_consistent(pdev, size, &h);
	bad += !!usb_alloc_coherent(udev, size, GFP_KERNEL | __GFP_NOWARN, &h);
	printf("size %zu: %d allocations succeeded\n", size, bad);
	fflush(stdout);
	dmart_usb_device_destroy(udev);
	dmart_pci_device_destroy(pdev);
}

static void bad_sizes(void)
{
	dma_addr_t h;

	// pci_alloc_consistent() allocates with GFP_ATOMIC: no __GFP_NOWARN.
	// CHECK: dmart: pci0: warning: pci_alloc_consistent() of 18446744073709551615 bytes: no page order holds it
	// CHECK: size 18446744073709551615: 0 allocations succeeded
	sizes(SIZE_MAX);
	// CHECK: size 18446744073709547521: 0 allocations succeeded
	sizes(SIZE_MAX - 4094);
	// CHECK: size 1099511627776: 0 allocations succeeded
	sizes((size_t)1 << 40);
	// More than a zone of the simulated machine holds.
	// CHECK: size 209715200: 0 allocations succeeded
	sizes((size_t)200 << 20);
	// CHECK: size 0: 0 allocations succeeded
	sizes(0);
	// Without __GFP_NOWARN: the kernel's page allocator WARNs (not a finding).
	// CHECK: dmart: dev0: warning: dma_alloc_coherent() of 18446744073709551615 bytes: no page order holds it, returns NULL (the kernel's page allocator WARNs) at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	if (dma_alloc_coherent(dev, SIZE_MAX, &h, GFP_KERNEL))
		exit(3);
	// CHECK: dmart: dev0: warning: dma_alloc_coherent() of 0 bytes: {{.*}} at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	if (dma_alloc_coherent(dev, 0, &h, GFP_KERNEL))
		exit(3);
	printf("findings after sizes: %lu\n", dmart_error_count());
	// CHECK: findings after sizes: 0
	fflush(stdout);
}

static void wrong_family(void)
{
	struct dma_pool *pool = dma_pool_create("blk", dev, 64, 64, 0);
	void *kb = kmalloc(64, GFP_KERNEL), *cpu, *blk;
	struct sg_table *sgt;
	struct page *pg;
	dma_addr_t h, hc, hb, hp;

	h = dma_map_single(dev, kb, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		exit(3);
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function [device address={{.*}}] [size=64 bytes] [mapped as single] [unmapped as coherent] [dma_free_coherent] at {{.*}}bad_input_alloc.c:[[@LINE+1]] (mapped at {{.*}}bad_input_alloc.c:[[@LINE-3]] by dma_map_single)
	dma_free_coherent(dev, 64, kb, h);
	memset(kb, 0x5a, 64);	/* still allocated: ASan would see a poisoned block */
	dma_sync_single_for_device(dev, h, 64, DMA_TO_DEVICE);
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);	/* still mapped: silent */
	kfree(kb);

	blk = dma_pool_alloc(pool, GFP_KERNEL, &hb);
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function [device address={{.*}}] [mapped as pool] [unmapped as coherent] [dma_free_coherent] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_free_coherent(dev, 64, blk, hb);
	memset(blk, 0, 64);
	dma_pool_free(pool, blk, hb);
	dma_pool_destroy(pool);

	pg = dma_alloc_pages(dev, 8192, &hp, DMA_FROM_DEVICE, GFP_KERNEL);
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as pages] [unmapped as coherent] [dma_free_coherent] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_free_coherent(dev, 8192, page_address(pg), hp);
	memset(page_address(pg), 0, 8192);
	dma_free_pages(dev, 8192, pg, hp, DMA_FROM_DEVICE);

	cpu = dma_alloc_coherent(dev, 4096, &hc, GFP_KERNEL);
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as coherent] [unmapped as noncoherent] [dma_free_noncoherent] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_free_noncoherent(dev, 4096, cpu, hc, DMA_BIDIRECTIONAL);
	memset(cpu, 0, 4096);
	dma_free_coherent(dev, 4096, cpu, hc);

	sgt = dma_alloc_noncontiguous(dev, 16384, DMA_TO_DEVICE, GFP_KERNEL, 0);
	// CHECK: dmart: dev0: dma-unmap-mismatch: device driver frees DMA memory with wrong function {{.*}} [mapped as noncontiguous] [unmapped as pages] [dma_free_pages] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_free_pages(dev, 16384, sg_page(sgt->sgl), sg_dma_address(sgt->sgl), DMA_TO_DEVICE);
	memset(page_address(sg_page(sgt->sgl)), 0, 16384);
	dma_free_noncontiguous(dev, 16384, sgt, DMA_TO_DEVICE);
}

static void pools(void)
{
	struct dma_pool *pool = dma_pool_create("p", dev, 32, 32, 0);
	void *kb = kmalloc(32, GFP_KERNEL), *blk;
	dma_addr_t h;

	// CHECK: dmart: -: dma-pool-misuse: dma_pool_alloc() of a NULL pool [dma_pool_alloc] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	if (dma_pool_alloc(NULL, GFP_KERNEL, &h))
		exit(3);
	blk = dma_pool_alloc(pool, GFP_KERNEL, &h);
	// CHECK: dmart: -: dma-pool-misuse: dma_pool_free of a NULL pool, {{.*}} [dma_pool_free] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_pool_free(NULL, blk, h);
	// CHECK: dmart: dev0: dma-pool-misuse: dma_pool_free p, {{.*}} (bad vaddr) [dma_pool_free] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_pool_free(pool, kb, h);
	// CHECK: dmart: dev0: dma-pool-misuse: dma_pool_free p, {{.*}}/0xdeadbeef (bad dma: block is at {{.*}}) [dma_pool_free] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	dma_pool_free(pool, blk, 0xdeadbeef);
	dma_pool_destroy(NULL);		/* legal in the kernel: silent */
	dma_pool_free(pool, blk, h);	/* the block was still allocated */
	dma_pool_destroy(pool);
	kfree(kb);
}

static void directions(void)
{
	dma_addr_t h = 0;

	// CHECK: dmart: dev0: dma-sync-direction: device driver allocates DMA memory with invalid direction [dma_alloc_noncoherent] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	printf("dir 9: %p\n", dma_alloc_noncoherent(dev, 64, &h, 9, GFP_KERNEL));
	// CHECK: dir 9: (nil)
	fflush(stdout);
	// CHECK: dmart: dev0: dma-sync-direction: device driver allocates DMA memory with DMA_NONE [dma_alloc_noncoherent] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	printf("DMA_NONE: %p\n", dma_alloc_noncoherent(dev, 64, &h, DMA_NONE, GFP_KERNEL));
	// CHECK: DMA_NONE: (nil)
	fflush(stdout);
	// CHECK: dmart: dev0: dma-sync-direction: device driver allocates DMA memory with DMA_NONE [dma_alloc_pages] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	printf("pages: %p\n", (void *)dma_alloc_pages(dev, 64, &h, DMA_NONE, GFP_KERNEL));
	// CHECK: pages: (nil)
	fflush(stdout);
	// CHECK: dmart: dev0: dma-sync-direction: device driver allocates DMA memory with invalid direction [dma_alloc_noncontiguous] at {{.*}}bad_input_alloc.c:[[@LINE+1]]
	printf("noncontiguous: %p\n", (void *)dma_alloc_noncontiguous(dev, 64, 9, GFP_KERNEL, 0));
	// CHECK: noncontiguous: (nil)
	fflush(stdout);
}

int main(void)
{
	dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	bad_sizes();
	wrong_family();
	pools();
	directions();
	printf("findings: %lu\n", dmart_error_count());
	// CHECK: findings: 13
	fflush(stdout);
	dmart_device_destroy(dev);
	// Nothing was left allocated or mapped by the rejected calls.
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
