// What the allocators guarantee, checked numerically:
//  * dma-api-howto: the CPU and DMA addresses of dma_alloc_coherent() (and
//    of dma_alloc_noncoherent()/dma_alloc_pages()) are aligned to the
//    smallest page order holding the size: every power of two from 1 byte
//    to 4 MiB, without an IOMMU (high and low zone) and behind one (IOVA);
//  * dma_pool blocks are aligned to the pool's alignment (above PAGE_SIZE
//    too) and never cross its boundary, over many allocations; a
//    non-power-of-two alignment fails dma_pool_create();
//  * dma_alloc_noncontiguous() returns one DMA segment (nents 1) over
//    orig_nents CPU entries, and dma_vmap_noncontiguous() shows the same
//    bytes the device sees through that segment.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#define MAX_SHIFT	22	/* 4 MiB */

static size_t order_align(size_t size)
{
	size_t a = PAGE_SIZE;

	while (a < size)
		a <<= 1;
	return a;
}

static bool misaligned(const void *cpu, dma_addr_t h, size_t align)
{
	return ((uintptr_t)cpu | (uintptr_t)virt_to_phys(cpu) | h) & (align - 1);
}

/* Every power-of-two size, all kept live, with small kmallocs between. */
static void coherent(struct device *dev, const char *what)
{
	void *cpu[MAX_SHIFT + 1], *nc[MAX_SHIFT + 1], *junk[MAX_SHIFT + 1];
	dma_addr_t h[MAX_SHIFT + 1], hn[MAX_SHIFT + 1];
	int s, tried = 0, failed = 0, bad = 0;

	for (s = 0; s <= MAX_SHIFT; s++) {
		size_t size = (size_t)1 << s;

		junk[s] = kmalloc(64, GFP_KERNEL);
		cpu[s] = dma_alloc_coherent(dev, size, &h[s], GFP_KERNEL);
		nc[s] = dma_alloc_noncoherent(dev, size, &hn[s], DMA_FROM_DEVICE,
					      GFP_KERNEL);
		tried += 2;
		failed += !cpu[s] + !nc[s];
		bad += cpu[s] && misaligned(cpu[s], h[s], order_align(size));
		bad += nc[s] && misaligned(nc[s], hn[s], order_align(size));
	}
	printf("%s: %d allocations, %d failed, %d misaligned\n", what, tried,
	       failed, bad);
	for (s = 0; s <= MAX_SHIFT; s++) {
		if (cpu[s])
			dma_free_coherent(dev, (size_t)1 << s, cpu[s], h[s]);
		if (nc[s])
			dma_free_noncoherent(dev, (size_t)1 << s, nc[s], hn[s],
					     DMA_FROM_DEVICE);
		kfree(junk[s]);
	}
}

static void pages(struct device *dev)
{
	int s, bad = 0, failed = 0;

	for (s = 12; s <= 18; s++) {
		size_t size = ((size_t)1 << s) - 100;
		dma_addr_t h;
		struct page *pg = dma_alloc_pages(dev, size, &h, DMA_TO_DEVICE,
						  GFP_KERNEL);

		if (!pg) {
			failed++;
			continue;
		}
		bad += misaligned(page_address(pg), h, order_align(size));
		dma_free_pages(dev, size, pg, h, DMA_TO_DEVICE);
	}
	printf("pages: %d failed, %d misaligned\n", failed, bad);
}

#define NBLK 300

static void pool(struct device *dev, size_t size, size_t align, size_t boundary)
{
	struct dma_pool *p = dma_pool_create("g", dev, size, align, boundary);
	void *v[NBLK];
	dma_addr_t h[NBLK];
	int i, failed = 0, bad_align = 0, crossed = 0;

	for (i = 0; i < NBLK; i++) {
		v[i] = p ? dma_pool_alloc(p, GFP_KERNEL, &h[i]) : NULL;
		if (!v[i]) {
			failed++;
			continue;
		}
		bad_align += misaligned(v[i], h[i], align);
		if (boundary)
			crossed += h[i] / boundary != (h[i] + size - 1) / boundary ||
				   virt_to_phys(v[i]) / boundary !=
				   (virt_to_phys(v[i]) + size - 1) / boundary;
	}
	printf("pool %zu/%zu/%zu: %d failed, %d misaligned, %d cross the boundary\n",
	       size, align, boundary, failed, bad_align, crossed);
	for (i = 0; i < NBLK; i++)
		if (v[i])
			dma_pool_free(p, v[i], h[i]);
	dma_pool_destroy(p);
}

static void pools(struct device *dev)
{
	pool(dev, 48, 64, 256);
	pool(dev, 100, 128, 1024);
	pool(dev, 64, 8192, 0);
	pool(dev, 3000, 1024, 4096);
	pool(dev, 700, 16, 2048);
	pool(dev, 512, 16384, 0);
	pool(dev, 5000, 32, 8192);
	pool(dev, 24, 8, 64);
}

static void noncontiguous(struct device *dev, size_t size)
{
	struct sg_table *sgt = dma_alloc_noncontiguous(dev, size, DMA_BIDIRECTIONAL,
						       GFP_KERNEL, 0);
	unsigned int i, zero_len = 0;
	unsigned char *v, *seen;
	struct scatterlist *s;
	size_t total = 0, diff = 0, k;

	if (!sgt) {
		printf("noncontiguous: NULL\n");
		return;
	}
	for_each_sg(sgt->sgl, s, sgt->orig_nents, i) {
		total += s->length;
		zero_len += i > 0 && sg_dma_len(s) == 0;
	}
	v = dma_vmap_noncontiguous(dev, size, sgt);
	seen = calloc(1, size);
	if (!v || !seen)
		exit(3);
	for (k = 0; k < size; k++)
		v[k] = (unsigned char)(k * 7 + k / 4096);
	dma_sync_sgtable_for_device(dev, sgt, DMA_BIDIRECTIONAL);
	/* The device reads the whole buffer through its one segment. */
	if (dmart_dev_read(dev, sg_dma_address(sgt->sgl), seen, size))
		exit(4);
	for (k = 0; k < size; k++)
		diff += seen[k] != v[k];
	printf("%s: nents %u, orig_nents %u, dma_len %u, cpu bytes %zu, zero dma_len %u, dma aligned %d, device sees %zu bytes differ\n",
	       dev_name(dev), sgt->nents, sgt->orig_nents, sg_dma_len(sgt->sgl),
	       total, zero_len,
	       !(sg_dma_address(sgt->sgl) & (order_align(size) - 1)), diff);
	dma_sync_sgtable_for_cpu(dev, sgt, DMA_BIDIRECTIONAL);
	dma_vunmap_noncontiguous(dev, v);
	dma_free_noncontiguous(dev, size, sgt, DMA_BIDIRECTIONAL);
	free(seen);
}

int main(void)
{
	struct device *dev = dmart_device_create("direct", DMA_BIT_MASK(64), 0);
	struct device *low = dmart_device_create("dma32", DMA_BIT_MASK(32), 0);
	struct device *iommu = dmart_device_create("iommu", DMA_BIT_MASK(64), DMART_IOMMU);
	struct device *ncio = dmart_device_create("iommu-nc", DMA_BIT_MASK(64),
						  DMART_IOMMU | DMART_NONCOHERENT);

	// CHECK: direct: 46 allocations, 0 failed, 0 misaligned
	coherent(dev, "direct");
	// CHECK: dma32: 46 allocations, 0 failed, 0 misaligned
	coherent(low, "dma32");
	// CHECK: iommu: 46 allocations, 0 failed, 0 misaligned
	coherent(iommu, "iommu");
	// CHECK: pages: 0 failed, 0 misaligned
	pages(dev);
	// CHECK: pool 48/64/256: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 100/128/1024: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 64/8192/0: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 3000/1024/4096: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 700/16/2048: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 512/16384/0: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 5000/32/8192: 0 failed, 0 misaligned, 0 cross the boundary
	// CHECK: pool 24/8/64: 0 failed, 0 misaligned, 0 cross the boundary
	pools(dev);
	// The same behind an IOMMU: the IOVA keeps the page's alignment.
	// CHECK-COUNT-8: pool {{.*}}: 0 failed, 0 misaligned, 0 cross the boundary
	pools(iommu);
	fflush(stdout);
	// CHECK: dmart: direct: dma-pool-misuse: dma_pool_create bad: alignment 24 is not a power of two [dma_pool_create] at {{.*}}alloc_guarantees.c:[[@LINE+1]]
	if (dma_pool_create("bad", dev, 64, 24, 0))
		return 3;

	// One contiguous block without an IOMMU (alloc_single_sgt()): one
	// entry of PAGE_ALIGN(size).
	// CHECK: direct: nents 1, orig_nents 1, dma_len 200704, cpu bytes 200704, zero dma_len 0, dma aligned 1, device sees 0 bytes differ
	noncontiguous(dev, 3 * 65536 + 100);
	// Behind an IOMMU: scattered pages, one IOVA range of the exact size.
	// CHECK: iommu: nents 1, orig_nents 49, dma_len 196708, cpu bytes 196708, zero dma_len 48, dma aligned 1, device sees 0 bytes differ
	noncontiguous(iommu, 3 * 65536 + 100);
	// CHECK: iommu-nc: nents 1, orig_nents 2, dma_len 5000, cpu bytes 5000, zero dma_len 1, dma aligned 1, device sees 0 bytes differ
	noncontiguous(ncio, 5000);
	fflush(stdout);

	dmart_device_destroy(ncio);
	dmart_device_destroy(iommu);
	dmart_device_destroy(low);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
