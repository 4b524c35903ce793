// dma-debug parity: a DMA_BIDIRECTIONAL mapping may be synced with either
// narrower direction (check_sync()); each unmap mistake is reported under
// one rule (direction: dma-sync-direction; size or function:
// dma-unmap-mismatch, with no direction report for another family);
// DMA_NONE reaching unmap or sync is dma-sync-direction (and the unmap
// still happens: no leak follows); a sync of a
// size-0 mapping is no "not allocated"; check_sg_segment() reports DMA
// segments beyond the device's max_seg_size or across its seg_boundary,
// and an IOMMU never merges past them.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#define SAY(...) fprintf(stderr, __VA_ARGS__)

static struct device *dev;

static void bidirectional(char *buf)
{
	struct scatterlist sg;
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_BIDIRECTIONAL);

	if (dma_mapping_error(dev, h))
		return;
	dma_sync_single_for_cpu(dev, h, 64, DMA_FROM_DEVICE);
	dma_sync_single_for_device(dev, h, 64, DMA_TO_DEVICE);
	dma_sync_single_for_cpu(dev, h, 64, DMA_TO_DEVICE);
	dma_sync_single_for_device(dev, h, 64, DMA_FROM_DEVICE);
	dma_sync_single_for_cpu(dev, h, 64, DMA_BIDIRECTIONAL);
	dma_unmap_single(dev, h, 64, DMA_BIDIRECTIONAL);
	sg_init_one(&sg, buf, 64);
	if (!dma_map_sg(dev, &sg, 1, DMA_BIDIRECTIONAL))
		return;
	dma_sync_sg_for_cpu(dev, &sg, 1, DMA_FROM_DEVICE);
	dma_sync_sg_for_device(dev, &sg, 1, DMA_TO_DEVICE);
	dma_unmap_sg(dev, &sg, 1, DMA_BIDIRECTIONAL);
	// CHECK-NOT: dmart:
	// CHECK: bidirectional: 0 reports
	SAY("bidirectional: %lu reports\n", dmart_error_count());

	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return;
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver syncs DMA memory with different direction {{.*}} [mapped with DMA_TO_DEVICE] [synced with DMA_BIDIRECTIONAL] [dma_sync_single_for_device] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_sync_single_for_device(dev, h, 64, DMA_BIDIRECTIONAL);
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
}

/* One mistake, one rule. */
static void unmap_owners(char *buf)
{
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, h))
		return;
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver frees DMA memory with different direction {{.*}} [mapped with DMA_TO_DEVICE] [unmapped with DMA_FROM_DEVICE] [dma_unmap_single] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_FROM_DEVICE);
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return;
	// Single and page are one family (dma-debug's "single"): the
	// direction is what is wrong.
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver frees DMA memory with different direction {{.*}} [mapped with DMA_TO_DEVICE] [unmapped with DMA_FROM_DEVICE] [dma_unmap_page] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_unmap_page(dev, h, 64, DMA_FROM_DEVICE);
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return;
	// CHECK-NEXT: dmart: d0: dma-unmap-mismatch: device driver frees DMA memory with different size {{.*}} [map size=64 bytes] [unmap size=32 bytes] [dma_unmap_single] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 32, DMA_TO_DEVICE);
	// CHECK-NEXT: owners: dma-sync-direction 3, dma-unmap-mismatch 1
	SAY("owners: dma-sync-direction %lu, dma-unmap-mismatch %lu\n",
	    dmart_rule_count("dma-sync-direction"), dmart_rule_count("dma-unmap-mismatch"));
}

static void dma_none(char *buf)
{
	struct scatterlist sg;
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_BIDIRECTIONAL);

	if (dma_mapping_error(dev, h))
		return;
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver syncs DMA memory with DMA_NONE [dma_sync_single_for_cpu] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, h, 64, DMA_NONE);
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver frees DMA memory with DMA_NONE [dma_unmap_single] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_unmap_single(dev, h, 64, DMA_NONE);
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver maps a scatterlist with DMA_NONE [dma_map_sg] at {{.*}}sync_parity.c:[[@LINE+3]]
	// CHECK-NEXT: DMA_NONE: dma_map_sg 0
	sg_init_one(&sg, buf, 64);
	SAY("DMA_NONE: dma_map_sg %u\n", dma_map_sg(dev, &sg, 1, DMA_NONE));
	if (!dma_map_sg(dev, &sg, 1, DMA_FROM_DEVICE))
		return;
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver syncs DMA sg list with DMA_NONE [dma_sync_sg_for_device] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_sync_sg_for_device(dev, &sg, 1, DMA_NONE);
	// CHECK-NEXT: dmart: d0: dma-sync-direction: device driver frees DMA sg list with DMA_NONE [dma_unmap_sg] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_unmap_sg(dev, &sg, 1, DMA_NONE);
}

static void size_zero(char *buf)
{
	dma_addr_t h = dma_map_single(dev, buf, 0, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, h))
		return;
	dma_sync_single_for_device(dev, h, 0, DMA_TO_DEVICE);
	// CHECK-NEXT: dmart: d0: dma-unmap-mismatch: device driver syncs DMA memory outside allocated range [device address=0x{{[0-9a-f]+}}] [allocation size=0 bytes] [sync offset+size=1] [dma_sync_single_for_cpu] at {{.*}}sync_parity.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, h, 1, DMA_TO_DEVICE);
	dma_unmap_single(dev, h, 0, DMA_TO_DEVICE);
}

static void segments(void)
{
	struct device *iommu = dmart_device_create("io0", DMA_BIT_MASK(32), DMART_IOMMU);
	struct page *pages = alloc_pages(GFP_KERNEL, 2);
	struct scatterlist sg[4];
	int i, n;

	dma_set_max_seg_size(dev, 4096);
	sg_init_one(&sg[0], page_address(pages), 8192);
	// CHECK-NEXT: dmart: d0: dma-device-access-violation: device driver maps sg segment longer than device claims to support [len=8192] [max=4096] [dma_map_sg] at {{.*}}sync_parity.c:[[@LINE+1]]
	n = dma_map_sg(dev, sg, 1, DMA_TO_DEVICE);
	dma_unmap_sg(dev, sg, 1, DMA_TO_DEVICE);
	dma_set_max_seg_size(dev, 65536);
	dma_set_seg_boundary(dev, 0xfff);
	sg_init_one(&sg[0], (char *)page_address(pages) + 4000, 200);
	// CHECK-NEXT: dmart: d0: dma-device-access-violation: device driver maps sg segment across boundary [start=0x{{[0-9a-f]+}}fa0] [end=0x{{[0-9a-f]+}}067] [boundary=0x0000000000000fff] [dma_map_sg] at {{.*}}sync_parity.c:[[@LINE+1]]
	n = dma_map_sg(dev, sg, 1, DMA_TO_DEVICE);
	dma_unmap_sg(dev, sg, 1, DMA_TO_DEVICE);
	// CHECK-NEXT: seg boundary 0xfff, mapped 1
	SAY("seg boundary %#lx, mapped %d\n", dma_get_seg_boundary(dev), n);

	/* Four contiguous pages: merged up to 8 KiB, never across 8 KiB. */
	dma_set_max_seg_size(iommu, 8192);
	sg_init_table(sg, 4);
	for (i = 0; i < 4; i++)
		sg_set_page(&sg[i], pages + i, PAGE_SIZE, 0);
	n = dma_map_sg(iommu, sg, 4, DMA_TO_DEVICE);
	// CHECK-NEXT: iommu, max 8192: 2 segments of 8192 8192
	SAY("iommu, max 8192: %d segments of %u %u\n", n, sg_dma_len(&sg[0]),
	    sg_dma_len(&sg[1]));
	dma_unmap_sg(iommu, sg, 4, DMA_TO_DEVICE);
	dma_set_max_seg_size(iommu, 65536);
	dma_set_seg_boundary(iommu, 0x1fff);
	sg_set_page(&sg[0], pages, PAGE_SIZE - 512, 512);
	n = dma_map_sg(iommu, sg, 4, DMA_TO_DEVICE);
	// CHECK-NEXT: iommu, boundary 0x1fff: 3 segments
	SAY("iommu, boundary 0x1fff: %d segments\n", n);
	dma_unmap_sg(iommu, sg, 4, DMA_TO_DEVICE);
	__free_pages(pages, 2);
	dmart_device_destroy(iommu);
}

int main(void)
{
	char *buf = kmalloc(64, GFP_KERNEL);

	dev = dmart_device_create("d0", DMA_BIT_MASK(64), 0);
	bidirectional(buf);
	unmap_owners(buf);
	dma_none(buf);
	size_zero(buf);
	segments();
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NEXT: errors 12
	SAY("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
