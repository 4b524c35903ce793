// Exporting coherent memory (linux 6.12): dma_mmap_wc() (dma_mmap_attrs()
// with DMA_ATTR_WRITE_COMBINE), dma_get_sgtable() / dma_get_sgtable_attrs()
// and dma_can_mmap().  The sg_table is real: one entry over the
// allocation's pages, PAGE_ALIGN(size) long, that another device can map
// and sg_free_table() releases.  A vma reaching past the allocation is
// -ENXIO, as in dma_direct_mmap(), and no finding.  A handle that is no
// live coherent allocation of the device (never allocated, freed, another
// device's, a streaming mapping), a size beyond the allocation or another
// CPU address is reported as a bad dma_mmap_coherent() is, and fails with
// -ENXIO; the sleeping sg_table allocation is dma-atomic-context.
//
// RUN: rm -f %t.json
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t
// RUN: env DMART_REPORT=%t.json %not %t 2>&1 | %FileCheck %s
// RUN: %FileCheck --check-prefix=JSON %s < %t.json

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(lock);

static struct vm_area_struct vma_of(unsigned long pages, unsigned long pgoff)
{
	struct vm_area_struct vma = { .vm_start = 0x10000000UL };

	vma.vm_end = vma.vm_start + pages * PAGE_SIZE;
	vma.vm_pgoff = pgoff;
	return vma;
}

/* The importer's side of a dma-buf: map the exported table, unmap it. */
static int import(struct device *dev, struct sg_table *sgt)
{
	if (dma_map_sgtable(dev, sgt, DMA_BIDIRECTIONAL, 0))
		return -1;
	dma_unmap_sgtable(dev, sgt, DMA_BIDIRECTIONAL, 0);
	return 0;
}

int main(void)
{
	struct device *dev = dmart_device_create("gpu0", DMA_BIT_MASK(32), 0);
	struct device *imp = dmart_device_create("imp0", DMA_BIT_MASK(64),
						 DMART_IOMMU);
	struct vm_area_struct two = vma_of(2, 0), three = vma_of(3, 0);
	struct vm_area_struct tail = vma_of(1, 1);
	char *buf = kmalloc(256, GFP_KERNEL);
	dma_addr_t h, h2, hs, hi;
	struct sg_table sgt;
	unsigned long flags;
	char *fb, *fb2, *other;
	int ret, enxio;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	// CHECK: can_mmap 1
	printf("can_mmap %d\n", dma_can_mmap(dev));

	fb = dma_alloc_wc(dev, 8192, &h, GFP_KERNEL);
	if (!fb)
		return 3;
	strcpy(fb, "pixels");
	// CHECK-NEXT: mmap_wc 0 0 -6 -6
	printf("mmap_wc %d %d %d %d\n", dma_mmap_wc(dev, &two, fb, h, 8192),
	       dma_mmap_wc(dev, &tail, fb, h, 8192),
	       dma_mmap_wc(dev, &three, fb, h, 8192),
	       dma_mmap_wc(dev, &tail, fb, h, 4096));

	if (dma_get_sgtable(dev, &sgt, fb, h, 8000))
		return 4;
	// CHECK-NEXT: sgtable: nents 1/1, last 1, page 1, length 8192, offset 0, virt 1, "pixels"
	printf("sgtable: nents %u/%u, last %d, page %d, length %u, offset %u, virt %d, \"%s\"\n",
	       sgt.nents, sgt.orig_nents, !!sg_is_last(sgt.sgl),
	       sg_page(sgt.sgl) == virt_to_page(fb), sgt.sgl->length,
	       sgt.sgl->offset, sg_virt(sgt.sgl) == fb,
	       (char *)sg_virt(sgt.sgl));
	// CHECK-NEXT: import 0
	printf("import %d\n", import(imp, &sgt));
	sg_free_table(&sgt);
	// CHECK-NEXT: freed 1
	printf("freed %d\n", !sgt.sgl && !sgt.nents && !sgt.orig_nents);

	fb2 = dma_alloc_coherent(dev, 100, &h2, GFP_KERNEL);
	if (!fb2 || dma_get_sgtable_attrs(dev, &sgt, fb2, h2, 100,
					  DMA_ATTR_WRITE_COMBINE))
		return 5;
	// CHECK-NEXT: sgtable_attrs: nents 1, length 4096
	printf("sgtable_attrs: nents %u, length %u\n", sgt.nents,
	       sgt.sgl->length);
	sg_free_table(&sgt);
	// CHECK-NEXT: mmap_coherent 0 0
	printf("mmap_coherent %d %d\n", dma_mmap_coherent(dev, &tail, fb, h, 8192),
	       dma_mmap_attrs(dev, NULL, fb2, h2, 100, DMA_ATTR_WRITE_COMBINE));

	/* Misuse: each call reports and fails with -ENXIO. */
	// CHECK-NOT: dmart:
	// CHECK: dmart: gpu0: dma-unmap-mismatch: device driver tries to sync DMA memory it has not allocated [device address=0x00000000deadb000] [size=4096 bytes] [dma_mmap_wc] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio = dma_mmap_wc(dev, &tail, fb, 0xdeadb000, 4096) == -ENXIO;
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver exports DMA memory outside allocated range [device address=0x{{[0-9a-f]+}}] [allocation size=8192 bytes] [export size=12288 bytes] [dma_mmap_wc] at {{.*}}mmap_sgtable.c:[[@LINE+1]] (mapped at {{.*}}mmap_sgtable.c:{{[0-9]+}} by dma_alloc_wc)
	enxio += dma_mmap_wc(dev, &three, fb, h, 12288) == -ENXIO;
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver exports DMA memory with different CPU address [device address=0x{{[0-9a-f]+}}] [cpu addr=0x{{[0-9a-f]+}}] [allocated cpu addr=0x{{[0-9a-f]+}}] [dma_mmap_wc] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_mmap_wc(dev, &two, fb + 64, h, 8192) == -ENXIO;
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver exports DMA memory outside allocated range {{.*}} [allocation size=100 bytes] [export size=4096 bytes] [dma_mmap_coherent] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_mmap_coherent(dev, &tail, fb2, h2, 4096) == -ENXIO;

	hs = dma_map_single(dev, buf, 256, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, hs))
		return 6;
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver exports DMA memory with wrong function [device address=0x{{[0-9a-f]+}}] [size=256 bytes] [mapped as single] [exported as coherent] [dma_get_sgtable] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_get_sgtable(dev, &sgt, buf, hs, 256) == -ENXIO;
	dma_unmap_single(dev, hs, 256, DMA_TO_DEVICE);
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver exports DMA memory outside allocated range {{.*}} [allocation size=8192 bytes] [export size=8193 bytes] [dma_get_sgtable] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_get_sgtable(dev, &sgt, fb, h, 8193) == -ENXIO;
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver exports DMA memory with different CPU address {{.*}} [dma_get_sgtable_attrs] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_get_sgtable_attrs(dev, &sgt, fb2, h, 100, 0) == -ENXIO;

	other = dma_alloc_coherent(imp, 4096, &hi, GFP_KERNEL);
	if (!other)
		return 7;
	// CHECK-NEXT: dmart: gpu0: dma-unmap-mismatch: device driver syncs DMA memory mapped for another device (imp0) [device address=0x{{[0-9a-f]+}}] [dma_get_sgtable_attrs] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_get_sgtable_attrs(dev, &sgt, other, hi, 4096, 0) == -ENXIO;
	dma_free_coherent(imp, 4096, other, hi);

	dma_free_coherent(dev, 100, fb2, h2);
	// CHECK-NEXT: dmart: gpu0: dma-use-after-unmap: device driver syncs DMA memory it has already unmapped [device address=0x{{[0-9a-f]+}}] [size=100 bytes] [dma_mmap_wc] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_mmap_wc(dev, &tail, fb2, h2, 100) == -ENXIO;
	// CHECK-NEXT: dmart: gpu0: dma-use-after-unmap: device driver syncs DMA memory it has already unmapped {{.*}} [dma_get_sgtable] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	enxio += dma_get_sgtable(dev, &sgt, fb2, h2, 100) == -ENXIO;
	// CHECK-NEXT: -ENXIO 10 of 10
	printf("-ENXIO %d of 10\n", enxio);

	/* The sg_table's allocation sleeps: not under a spinlock. */
	spin_lock_irqsave(&lock, flags);
	// CHECK-NEXT: dmart: gpu0: dma-atomic-context: sleeping allocation (GFP_KERNEL) in atomic context [interrupts disabled] [dma_get_sgtable] at {{.*}}mmap_sgtable.c:[[@LINE+1]]
	ret = dma_get_sgtable(dev, &sgt, fb, h, 8192);
	spin_unlock_irqrestore(&lock, flags);
	if (!ret)
		sg_free_table(&sgt);

	dma_free_wc(dev, 8192, fb, h);
	kfree(buf);
	dmart_device_destroy(imp);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	// CHECK: errors 11
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}

// JSON: {"rule":"dma-unmap-mismatch","id":"DMC007","severity":"error","message":"device driver tries to sync DMA memory it has not allocated [device address=0x00000000deadb000] [size=4096 bytes]","api":"dma_mmap_wc","device":"gpu0",{{.*}}
// JSON-NEXT: {"rule":"dma-unmap-mismatch","id":"DMC007",{{.*}}"message":"device driver exports DMA memory outside allocated range {{.*}}","api":"dma_mmap_wc",{{.*}}"map_api":"dma_alloc_wc",{{.*}}
// JSON-NEXT: "api":"dma_mmap_wc"
// JSON-NEXT: "api":"dma_mmap_coherent"
// JSON-NEXT: "message":"device driver exports DMA memory with wrong function {{.*}}","api":"dma_get_sgtable",{{.*}}"map_api":"dma_map_single"
// JSON-NEXT: "api":"dma_get_sgtable"
// JSON-NEXT: "api":"dma_get_sgtable_attrs"
// JSON-NEXT: "api":"dma_get_sgtable_attrs"
// JSON-NEXT: {"rule":"dma-use-after-unmap","id":"DMC009",{{.*}}"api":"dma_mmap_wc",{{.*}}"map_api":"dma_alloc_coherent"
// JSON-NEXT: {"rule":"dma-use-after-unmap","id":"DMC009",{{.*}}"api":"dma_get_sgtable",
// JSON-NEXT: {"rule":"dma-atomic-context","id":"DMC012",{{.*}}"api":"dma_get_sgtable",
// JSON-NOT: rule
