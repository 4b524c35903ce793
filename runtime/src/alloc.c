// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart allocations: coherent, non-coherent, page and non-contiguous
 * DMA memory (managed dmam_* ones are released with the device), masks
 * and device properties, and the legacy pci_*_consistent wrappers.
 */
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "internal.h"

#define CALL(name) struct dmart_call c = dmart_call(name)

bool dmart_atomic_gfp_check(const struct dmart_call *c, struct dmart_dev *d,
			    gfp_t gfp)
{
	struct dmart_call k = { "kmalloc", NULL, 0 };

	if (!gfpflags_allow_blocking(gfp) || (!dmart_irq_depth() && !dmart_spin_depth()))
		return false;
	dmart_report(RULE_DMC012, c ? c : &k, d, NULL,
		     "sleeping allocation (GFP_KERNEL) in atomic context [%s]",
		     dmart_irq_depth() ? "interrupts disabled" : "spinlock held");
	return true;
}

static bool use_low_zone(struct dmart_dev *d, gfp_t gfp)
{
	if (gfp & (__GFP_DMA | __GFP_DMA32))
		return true;
	return !(d->flags & DMART_IOMMU) && d->coherent_mask < dmart_high_zone_end();
}

void *dmart_alloc_coherent(const struct dmart_call *c, struct device *dev,
			   size_t size, dma_addr_t *handle, gfp_t gfp,
			   enum dmart_family fam, bool managed, bool fault)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	int dir = DMA_BIDIRECTIONAL;
	struct dmart_map *m;
	char *cpu = NULL;

	if (!d)
		return NULL;
	dmart_lock();
	dmart_atomic_gfp_check(c, d, gfp);
	if (!size || (fault && dmart_should_fail(FAULT_ALLOC)))
		goto out;
	cpu = dmart_linear_alloc(PAGE_ALIGN(size), PAGE_SIZE, use_low_zone(d, gfp), true);
	if (!cpu)
		goto out;
	m = dmart_map_range(c, d, cpu, size, dir, fam, 0, false, 0);
	if (!m || m->bounce) {
		/* Coherent memory must be reachable without bouncing. */
		if (m)
			dmart_unmap_entry(d, m, NULL, false);
		dmart_linear_free(cpu);
		cpu = NULL;
		goto out;
	}
	m->managed = managed;
	m->checked = true;
	m->dev_owns = false;
	*handle = m->bus;
out:
	dmart_unlock();
	return cpu;
}

void dmart_free_coherent(const struct dmart_call *c, struct device *dev,
			 size_t size, void *cpu, dma_addr_t handle,
			 enum dmart_family fam, bool managed)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	void *base;

	if (!d)
		return;
	dmart_lock();
	if (dmart_irq_depth())
		dmart_report(RULE_DMC012, c, d, NULL,
			     "%s() called with interrupts disabled [device address=0x%016llx]",
			     c->api, (unsigned long long)handle);
	if (!cpu)
		goto out;
	m = dmart_find_bus(d, handle);
	if (!m || m->internal) {
		dmart_report_missing(c, d, handle, size, false);
		goto out;
	}
	if (m->size != size)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with different size [device address=0x%016llx] [map size=%zu bytes] [unmap size=%zu bytes]",
			     (unsigned long long)handle, m->size, size);
	if (m->fam != fam)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with wrong function [device address=0x%016llx] [size=%zu bytes] [mapped as %s] [unmapped as %s]",
			     (unsigned long long)handle, m->size,
			     dmart_family_name(m->fam), dmart_family_name(fam));
	if (m->cpu != cpu)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with different CPU address [device address=0x%016llx] [cpu addr=%p] [allocated cpu addr=%p]",
			     (unsigned long long)handle, cpu, m->cpu);
	if (m->managed != managed)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees %s DMA memory with %s [device address=0x%016llx]",
			     m->managed ? "managed (dmam_*)" : "unmanaged",
			     c->api, (unsigned long long)handle);
	base = m->cpu;
	dmart_unmap_entry(d, m, c, false);
	dmart_linear_free(base);
out:
	dmart_unlock();
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			 gfp_t gfp)
{
	CALL("dma_alloc_coherent");
	return dmart_alloc_coherent(&c, dev, size, dma_handle, gfp, FAM_COHERENT,
				    false, true);
}

void *dma_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle,
		      gfp_t flag, unsigned long attrs)
{
	CALL("dma_alloc_attrs");
	return dmart_alloc_coherent(&c, dev, size, dma_handle, flag, FAM_COHERENT,
				    false, true);
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle)
{
	CALL("dma_free_coherent");
	dmart_free_coherent(&c, dev, size, cpu_addr, dma_handle, FAM_COHERENT, false);
}

void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t dma_handle, unsigned long attrs)
{
	CALL("dma_free_attrs");
	dmart_free_coherent(&c, dev, size, cpu_addr, dma_handle, FAM_COHERENT, false);
}

void *dmam_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			  gfp_t gfp)
{
	CALL("dmam_alloc_coherent");
	return dmart_alloc_coherent(&c, dev, size, dma_handle, gfp, FAM_COHERENT,
				    true, true);
}

void *dmam_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle,
		       gfp_t gfp, unsigned long attrs)
{
	CALL("dmam_alloc_attrs");
	return dmart_alloc_coherent(&c, dev, size, dma_handle, gfp, FAM_COHERENT,
				    true, true);
}

void dmam_free_coherent(struct device *dev, size_t size, void *vaddr,
			dma_addr_t dma_handle)
{
	CALL("dmam_free_coherent");
	dmart_free_coherent(&c, dev, size, vaddr, dma_handle, FAM_COHERENT, true);
}

static void *alloc_streaming(const struct dmart_call *c, struct device *dev,
			     size_t size, dma_addr_t *handle, int dir, gfp_t gfp,
			     enum dmart_family fam)
{
	void *cpu = dmart_alloc_coherent(c, dev, size, handle, gfp, fam, false, true);
	struct dmart_map *m;

	if (cpu) {
		dmart_lock();
		m = dmart_find_bus(dmart_dev_of(dev), *handle);
		m->dir = dir;
		dmart_unlock();
	}
	return cpu;
}

void *dma_alloc_noncoherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			    enum dma_data_direction dir, gfp_t gfp)
{
	CALL("dma_alloc_noncoherent");
	return alloc_streaming(&c, dev, size, dma_handle, dir, gfp, FAM_NONCOHERENT);
}

void dma_free_noncoherent(struct device *dev, size_t size, void *vaddr,
			  dma_addr_t dma_handle, enum dma_data_direction dir)
{
	CALL("dma_free_noncoherent");
	dmart_free_coherent(&c, dev, size, vaddr, dma_handle, FAM_NONCOHERENT, false);
}

struct page *dma_alloc_pages(struct device *dev, size_t size, dma_addr_t *dma_handle,
			     enum dma_data_direction dir, gfp_t gfp)
{
	CALL("dma_alloc_pages");
	void *cpu = alloc_streaming(&c, dev, size, dma_handle, dir, gfp, FAM_PAGES);

	return cpu ? virt_to_page(cpu) : NULL;
}

void dma_free_pages(struct device *dev, size_t size, struct page *page,
		    dma_addr_t dma_handle, enum dma_data_direction dir)
{
	CALL("dma_free_pages");
	dmart_free_coherent(&c, dev, size, page_address(page), dma_handle, FAM_PAGES,
			    false);
}

struct sg_table *dma_alloc_noncontiguous(struct device *dev, size_t size,
					 enum dma_data_direction dir, gfp_t gfp,
					 unsigned long attrs)
{
	CALL("dma_alloc_noncontiguous");
	unsigned int n = DIV_ROUND_UP(size, PAGE_SIZE), i;
	struct scatterlist *s;
	struct sg_table *sgt;

	dmart_atomic_gfp_check(&c, dmart_dev_of(dev), gfp);
	if (!size || dmart_should_fail(FAULT_ALLOC))
		return NULL;
	sgt = kzalloc(sizeof(*sgt), GFP_ATOMIC);
	if (!sgt || sg_alloc_table(sgt, n, GFP_ATOMIC))
		goto fail_sgt;
	for_each_sg(sgt->sgl, s, n, i) {
		struct page *pg = alloc_page(GFP_ATOMIC | __GFP_ZERO);

		if (!pg)
			goto fail_pages;
		sg_set_page(s, pg, i == n - 1 ? size - (size_t)i * PAGE_SIZE : PAGE_SIZE, 0);
	}
	i = dmart_map_sg(&c, dev, sgt->sgl, n, dir, attrs, FAM_NONCONTIG);
	if (!i)
		goto fail_pages;
	sgt->nents = i;
	return sgt;
fail_pages:
	for_each_sg(sgt->sgl, s, n, i)
		if (sg_page(s))
			__free_page(sg_page(s));
	sg_free_table(sgt);
fail_sgt:
	kfree(sgt);
	return NULL;
}

void dma_free_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt,
			    enum dma_data_direction dir)
{
	CALL("dma_free_noncontiguous");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct scatterlist *s;
	struct dmart_map *m;
	unsigned int i;

	if (!d || !sgt)
		return;
	dmart_lock();
	m = dmart_find_sg(d, sgt->sgl);
	if (!m || m->fam != FAM_NONCONTIG) {
		if (m)
			dmart_report(RULE_DMC007, &c, d, m,
				     "device driver frees DMA memory with wrong function [mapped as %s] [unmapped as noncontiguous]",
				     dmart_family_name(m->fam));
		else
			dmart_report(RULE_DMC008, &c, d, NULL,
				     "device driver frees a noncontiguous allocation it does not own [sgt=%p]",
				     (void *)sgt);
		dmart_unlock();
		return;
	}
	while ((m = dmart_find_sg(d, sgt->sgl)))
		dmart_unmap_entry(d, m, &c, false);
	dmart_unlock();
	for_each_sg(sgt->sgl, s, sgt->orig_nents, i)
		__free_page(sg_page(s));
	sg_free_table(sgt);
	kfree(sgt);
}

void *dma_vmap_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt)
{
	CALL("dma_vmap_noncontiguous");
	unsigned int n = DIV_ROUND_UP(size, PAGE_SIZE), i;
	struct scatterlist *s;
	struct page **pages;
	void *vaddr;

	(void)c;
	pages = calloc(n, sizeof(*pages));
	if (!pages)
		return NULL;
	for_each_sg(sgt->sgl, s, n, i)
		pages[i] = sg_page(s);
	vaddr = dmart_vmap_pages(pages, n, KIND_VMALLOC);
	free(pages);
	return vaddr;
}

void dma_vunmap_noncontiguous(struct device *dev, void *vaddr)
{
	CALL("dma_vunmap_noncontiguous");
	(void)c;
	dmart_vunmap_area(vaddr);
}

static int mmap_check(const struct dmart_call *c, struct device *dev,
		      dma_addr_t handle)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	int ret = 0;

	if (!d)
		return -ENXIO;
	dmart_lock();
	if (!dmart_find_bus(d, handle)) {
		dmart_report_missing(c, d, handle, 0, true);
		ret = -ENXIO;
	}
	dmart_unlock();
	return ret;
}

int dma_mmap_coherent(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		      dma_addr_t dma_addr, size_t size)
{
	CALL("dma_mmap_coherent");
	return mmap_check(&c, dev, dma_addr);
}

int dma_mmap_attrs(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		   dma_addr_t dma_addr, size_t size, unsigned long attrs)
{
	CALL("dma_mmap_attrs");
	return mmap_check(&c, dev, dma_addr);
}

int dma_mmap_pages(struct device *dev, struct vm_area_struct *vma, size_t size,
		   struct page *page)
{
	CALL("dma_mmap_pages");
	(void)c;
	return page_address(page) ? 0 : -ENXIO;
}

int dma_mmap_noncontiguous(struct device *dev, struct vm_area_struct *vma,
			   size_t size, struct sg_table *sgt)
{
	CALL("dma_mmap_noncontiguous");
	(void)c;
	return sgt && sgt->sgl ? 0 : -ENXIO;
}

/* --- masks and properties --- */

static bool mask_supported(struct dmart_dev *d, u64 mask)
{
	if (d && (d->flags & DMART_IOMMU))
		return mask >= DMA_BIT_MASK(24);
	return mask >= dmart_low_zone_end();
}

int dmart_set_mask(const struct dmart_call *c, struct device *dev, u64 mask,
		   bool streaming, bool coherent)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	int ret = 0;

	if (!d)
		return -EIO;
	dmart_lock();
	if (d->is_usb) {
		dmart_report(RULE_DMC014, c, d, NULL,
			     "DMA mask set on a USB device or interface [mask=0x%llx]; usbcore maps for the host controller",
			     (unsigned long long)mask);
		ret = -EIO;
	} else if (!mask_supported(d, mask)) {
		ret = -EIO;
	} else {
		if (streaming) {
			d->mask = mask;
			if (dev->dma_mask)
				*dev->dma_mask = mask;
		}
		if (coherent) {
			d->coherent_mask = mask;
			dev->coherent_dma_mask = mask;
		}
	}
	dmart_unlock();
	return ret;
}

int dma_set_mask(struct device *dev, u64 mask)
{
	CALL("dma_set_mask");
	return dmart_set_mask(&c, dev, mask, true, false);
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	CALL("dma_set_coherent_mask");
	return dmart_set_mask(&c, dev, mask, false, true);
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	CALL("dma_set_mask_and_coherent");
	return dmart_set_mask(&c, dev, mask, true, true);
}

int dma_coerce_mask_and_coherent(struct device *dev, u64 mask)
{
	CALL("dma_coerce_mask_and_coherent");
	return dmart_set_mask(&c, dev, mask, true, true);
}

int dma_supported(struct device *dev, u64 mask)
{
	return mask_supported(dmart_dev_of(dev), mask);
}

u64 dma_get_mask(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	return d ? d->mask : DMA_BIT_MASK(32);
}

u64 dma_get_required_mask(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	if (d && (d->flags & DMART_IOMMU))
		return DMA_BIT_MASK(32);
	return DMA_BIT_MASK(64 - __builtin_clzll(dmart_high_zone_end()));
}

int dma_get_cache_alignment(void)
{
	return L1_CACHE_BYTES;
}

size_t dma_max_mapping_size(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	/* A device that may need bouncing is limited by swiotlb's slots. */
	if (d && !(d->flags & DMART_IOMMU) && d->mask < dmart_high_zone_end())
		return 256 * 1024;
	return SIZE_MAX;
}

size_t dma_opt_mapping_size(struct device *dev)
{
	size_t max = dma_max_mapping_size(dev);

	return max < 128 * 1024 ? max : 128 * 1024;
}

unsigned long dma_get_merge_boundary(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	return d && (d->flags & DMART_IOMMU) ? PAGE_SIZE - 1 : 0;
}

int dma_set_max_seg_size(struct device *dev, unsigned int size)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	if (!d)
		return -EIO;
	d->max_seg_size = size;
	return 0;
}

unsigned int dma_get_max_seg_size(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	return d ? d->max_seg_size : 65536;
}

int dma_set_seg_boundary(struct device *dev, unsigned long mask)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	if (!d)
		return -EIO;
	d->seg_boundary = mask;
	return 0;
}

bool dma_addressing_limited(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	return d && !(d->flags & DMART_IOMMU) && d->mask < dmart_high_zone_end();
}

/* --- legacy pci_* consistent memory and masks --- */

static struct device *pdev_dev(struct pci_dev *pdev)
{
	return pdev ? &pdev->dev : NULL;
}

void *pci_alloc_consistent(struct pci_dev *hwdev, size_t size,
			   dma_addr_t *dma_handle)
{
	CALL("pci_alloc_consistent");
	return dmart_alloc_coherent(&c, pdev_dev(hwdev), size, dma_handle,
				    GFP_ATOMIC, FAM_COHERENT, false, true);
}

void *pci_zalloc_consistent(struct pci_dev *hwdev, size_t size,
			    dma_addr_t *dma_handle)
{
	CALL("pci_zalloc_consistent");
	return dmart_alloc_coherent(&c, pdev_dev(hwdev), size, dma_handle,
				    GFP_ATOMIC, FAM_COHERENT, false, true);
}

void pci_free_consistent(struct pci_dev *hwdev, size_t size, void *vaddr,
			 dma_addr_t dma_handle)
{
	CALL("pci_free_consistent");
	dmart_free_coherent(&c, pdev_dev(hwdev), size, vaddr, dma_handle,
			    FAM_COHERENT, false);
}

int pci_set_dma_mask(struct pci_dev *dev, u64 mask)
{
	CALL("pci_set_dma_mask");
	return dmart_set_mask(&c, pdev_dev(dev), mask, true, false);
}

int pci_set_consistent_dma_mask(struct pci_dev *dev, u64 mask)
{
	CALL("pci_set_consistent_dma_mask");
	return dmart_set_mask(&c, pdev_dev(dev), mask, false, true);
}
