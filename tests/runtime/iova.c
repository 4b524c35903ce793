// The IOVA-based API (dma-api.rst Part Ie): dma_iova_try_alloc() fails on a
// dma-direct device and the driver falls back; behind an IOMMU the linked
// ranges are what the device may reach, and misuse is reported: a link
// outside the allocation, a sync or unlink of a range that is not linked,
// use of a freed state, links left at dma_iova_free(), and IOVA space and
// links still held when the device goes away.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <stdio.h>

#define BIDI	DMA_BIDIRECTIONAL

static struct device *dev;

/* What a driver's map path does: IOVA when it can, streaming otherwise. */
static int map_buf(struct device *d, struct dma_iova_state *st, char *buf,
		   size_t len, dma_addr_t *addr)
{
	phys_addr_t phys = virt_to_phys(buf);

	if (dma_iova_try_alloc(d, st, phys, len)) {
		if (dma_iova_link(d, st, phys, 0, len, DMA_BIDIRECTIONAL, 0))
			return -1;
		if (dma_iova_sync(d, st, 0, len))
			return -1;
		*addr = st->addr;
		return 1;
	}
	*addr = dma_map_single(d, buf, len, DMA_BIDIRECTIONAL);
	return dma_mapping_error(d, *addr) ? -1 : 0;
}

static void fallback(void)
{
	struct device *direct = dmart_device_create("direct0", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(256, GFP_KERNEL);
	struct dma_iova_state st;
	dma_addr_t addr;
	int how = map_buf(direct, &st, buf, 256, &addr);

	// CHECK: direct: iova 0 use 0 dev-read 0
	printf("direct: iova %d use %d dev-read %d\n", how, dma_use_iova(&st),
	       dmart_dev_read(direct, addr, buf, 16));
	dma_unmap_single(direct, addr, 256, DMA_BIDIRECTIONAL);
	kfree(buf);
	dmart_device_destroy(direct);
}

int main(void)
{
	struct dma_iova_state st, st2, st3;
	struct page *pg;
	char *buf, *one;
	size_t two = 2 * PAGE_SIZE;
	phys_addr_t phys;
	dma_addr_t a;
	int ret;

	setvbuf(stdout, NULL, _IONBF, 0);
	fallback();
	dev = dmart_device_create("iommu0", DMA_BIT_MASK(64), DMART_IOMMU);
	pg = alloc_pages(GFP_KERNEL, 2);
	buf = page_address(pg);
	phys = page_to_phys(pg);

	/* Three pages of IOVA, the first two linked. */
	if (!dma_iova_try_alloc(dev, &st, phys, 3 * PAGE_SIZE))
		return 3;
	a = st.addr;
	ret = dma_iova_link(dev, &st, phys, 0, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	ret |= dma_iova_link(dev, &st, phys + PAGE_SIZE, PAGE_SIZE, PAGE_SIZE, BIDI, 0);
	ret |= dma_iova_sync(dev, &st, 0, 2 * PAGE_SIZE);
	ret |= dmart_dev_write(dev, a + PAGE_SIZE + 8, "iova", 5);
	// CHECK-NOT: dmart:
	// CHECK: iommu: use 1 size 12288 links 0 cpu iova
	printf("iommu: use %d size %zu links %d cpu %s\n", dma_use_iova(&st),
	       dma_iova_size(&st), ret, buf + PAGE_SIZE + 8);

	// CHECK: dmart: iommu0: dma-unmap-mismatch: device driver links DMA memory outside the allocated IOVA range {{.*}}[link offset=8192] [link size=8192 bytes] [dma_iova_link] at {{.*}}iova.c:[[@LINE+1]] (mapped at {{.*}}iova.c:[[@LINE-12]] by dma_iova_try_alloc)
	ret = dma_iova_link(dev, &st, phys + two, two, two, DMA_BIDIRECTIONAL, 0);
	// CHECK: outside -5
	printf("outside %d\n", ret);
	// CHECK: dmart: iommu0: dma-unmap-mismatch: device driver links an IOVA range that is already linked {{.*}}[dma_iova_link] at {{.*}}iova.c:[[@LINE+1]] (mapped at {{.*}}iova.c:[[@LINE-13]] by dma_iova_link)
	dma_iova_link(dev, &st, phys, 0, 64, DMA_BIDIRECTIONAL, 0);

	/* The third page was never linked: nothing there to sync or reach. */
	// CHECK: dmart: iommu0: dma-unmap-mismatch: device driver syncs an IOVA range that is not linked {{.*}}[dma_iova_sync] at {{.*}}iova.c:[[@LINE+1]]
	ret = dma_iova_sync(dev, &st, 2 * PAGE_SIZE, PAGE_SIZE) != -EINVAL;
	// CHECK: dmart: iommu0: dma-device-access-violation: device read memory that is not mapped for it
	ret |= dmart_dev_read(dev, a + 2 * PAGE_SIZE, buf, 8) != -EFAULT;
	// CHECK: dmart: iommu0: dma-double-unmap: device driver unlinks an IOVA range that is not linked {{.*}}[dma_iova_unlink] at {{.*}}iova.c:[[@LINE+1]]
	dma_iova_unlink(dev, &st, 2 * PAGE_SIZE, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);

	/* Unlink the second page: the device loses it, the CPU keeps the data. */
	dma_iova_unlink(dev, &st, PAGE_SIZE, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	// CHECK: dmart: iommu0: dma-use-after-unmap: device wrote DMA memory that was already unmapped {{.*}}(mapped at {{.*}}iova.c:[[@LINE-25]] by dma_iova_link)
	ret |= dmart_dev_write(dev, a + PAGE_SIZE, "late", 5) != -EFAULT;
	// CHECK: dmart: iommu0: dma-use-after-unmap: device driver syncs an IOVA range it has already unlinked {{.*}}[dma_iova_sync] at {{.*}}iova.c:[[@LINE+1]]
	ret |= dma_iova_sync(dev, &st, PAGE_SIZE, PAGE_SIZE) != -EINVAL;
	// CHECK: dmart: iommu0: dma-double-unmap: device driver unlinks an IOVA range it has already unlinked {{.*}}[dma_iova_unlink] at {{.*}}iova.c:[[@LINE+1]]
	dma_iova_unlink(dev, &st, PAGE_SIZE, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	// CHECK: dmart: iommu0: dma-sync-direction: device driver unlinks DMA memory with different direction {{.*}}[linked with DMA_BIDIRECTIONAL] [unlinked with DMA_TO_DEVICE] [dma_iova_destroy] at {{.*}}iova.c:[[@LINE+1]]
	dma_iova_destroy(dev, &st, PAGE_SIZE, DMA_TO_DEVICE, 0);
	// CHECK: misuse 0 cpu iova
	printf("misuse %d cpu %s\n", ret, buf + PAGE_SIZE + 8);

	/* The state is gone: freeing it again, or asking about it, is a bug. */
	// CHECK: dmart: iommu0: dma-double-unmap: device driver frees a dma_iova_state without IOVA space (never allocated or already freed) {{.*}}[dma_iova_free] at {{.*}}iova.c:[[@LINE+1]]
	dma_iova_free(dev, &st);
	// CHECK: dmart: -: dma-use-after-unmap: device driver uses a dma_iova_state whose IOVA space is freed or was never allocated {{.*}}[dma_use_iova] at {{.*}}iova.c:[[@LINE+1]]
	ret = dma_use_iova(&st);

	/* dma_iova_free() with a range still linked. */
	one = kmalloc(128, GFP_KERNEL);
	if (!dma_iova_try_alloc(dev, &st3, virt_to_phys(one), 128) ||
	    dma_iova_link(dev, &st3, virt_to_phys(one), 0, 128, DMA_TO_DEVICE, 0))
		return 3;
	// CHECK: dmart: iommu0: dma-mapping-leak: device driver frees IOVA space with 1 ranges still linked {{.*}}[dma_iova_free] at {{.*}}iova.c:[[@LINE+1]]
	dma_iova_free(dev, &st3);

	/* Left linked when the device goes away. */
	if (!dma_iova_try_alloc(dev, &st2, phys, PAGE_SIZE) ||
	    dma_iova_link(dev, &st2, phys, 0, 256, DMA_FROM_DEVICE, 0))
		return 3;
	// CHECK: dmart: iommu0: dma-mapping-leak: device driver has pending DMA IOVA link while released from device {{.*}}[size=256 bytes] [device release] (mapped at {{.*}}iova.c:[[@LINE-2]] by dma_iova_link)
	// CHECK: dmart: iommu0: dma-mapping-leak: device driver has pending DMA IOVA allocation while released from device {{.*}}[size=4096 bytes] [1 ranges linked] [device release] (mapped at {{.*}}iova.c:[[@LINE-4]] by dma_iova_try_alloc)
	dmart_device_destroy(dev);
	__free_pages(pg, 2);
	kfree(one);
	// CHECK-NOT: dmart:
	// CHECK: errors 14
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
