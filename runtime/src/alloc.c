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

/*
 * dma-api-howto: CPU and DMA address are aligned to the smallest page
 * order holding the size.  Capped at MAX_PAGE_ORDER (4 MiB), the buddy
 * allocator's largest block; bigger kernel allocations come from CMA,
 * whose alignment is capped too.
 */
#define DMART_MAX_ORDER	10

static size_t alloc_align(size_t size)
{
	unsigned int order = get_order(size);

	return PAGE_SIZE << (order < DMART_MAX_ORDER ? order : DMART_MAX_ORDER);
}

/* IOVA space for an allocation, aligned like its CPU address. */
static u64 iova_reserve_aligned(struct dmart_dev *d, size_t size, size_t align)
{
	u64 base = ALIGN(d->iova_next, (u64)align);

	/* Never reused, plus a guard page, as for streaming mappings. */
	d->iova_next = base + PAGE_ALIGN(size) + PAGE_SIZE;
	return base;
}

/*
 * Size 0, or more than a zone of the machine holds (SIZE_MAX included,
 * whose PAGE_ALIGN wraps to 0): the kernel's page allocator finds no
 * order for it, WARNs unless __GFP_NOWARN, and the allocation returns
 * NULL.  dma-debug says nothing, so this is a warning, not a finding.
 */
static bool impossible_size(const struct dmart_call *c, struct dmart_dev *d,
			    size_t size, bool low, gfp_t gfp)
{
	if (size && size <= dmart_zone_size(low))
		return false;
	if (!(gfp & __GFP_NOWARN)) {
		fprintf(stderr, "dmart: %s: warning: %s() of %zu bytes: no page order holds it, returns NULL (the kernel's page allocator WARNs)",
			d->name, c->api, size);
		if (c->file)
			fprintf(stderr, " at %s:%d", c->file, c->line);
		fputc('\n', stderr);
	}
	return true;
}

/* Page-order aligned memory for @d, mapped as @fam; NULL on failure. */
static struct dmart_map *alloc_mapped(const struct dmart_call *c,
				      struct dmart_dev *d, size_t size, gfp_t gfp,
				      enum dmart_family fam)
{
	bool low = use_low_zone(d, gfp);
	size_t align;
	struct dmart_map *m;
	u64 iova = 0;
	char *cpu;

	align = alloc_align(size);
	cpu = dmart_linear_alloc(PAGE_ALIGN(size), align, low, true);
	if (!cpu)
		return NULL;
	if (d->flags & DMART_IOMMU)
		iova = iova_reserve_aligned(d, size, align);
	m = dmart_map_range(c, d, cpu, size, DMA_BIDIRECTIONAL, fam, 0, false, iova);
	if (!m || m->bounce) {
		/* Coherent memory must be reachable without bouncing. */
		if (m)
			dmart_unmap_entry(d, m, NULL, false);
		dmart_linear_free(cpu);
		return NULL;
	}
	m->checked = true;
	m->dev_owns = false;
	return m;
}

void *dmart_alloc_coherent(const struct dmart_call *c, struct device *dev,
			   size_t size, dma_addr_t *handle, gfp_t gfp,
			   enum dmart_family fam, bool managed, bool fault)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	void *cpu = NULL;
	bool exclusive;

	if (!d)
		return NULL;
	dmart_lock();
	dmart_atomic_gfp_check(c, d, gfp);
	if (impossible_size(c, d, size, use_low_zone(d, gfp), gfp) ||
	    (fault && dmart_should_fail(FAULT_ALLOC, c)))
		goto out;
	cpu = dmart_declared_alloc(c, dev, size, handle, fam, managed, &exclusive);
	if (cpu || exclusive)
		goto out;
	m = alloc_mapped(c, d, size, gfp, fam);
	if (!m)
		goto out;
	m->managed = managed;
	cpu = m->cpu;
	*handle = m->bus;
out:
	dmart_unlock();
	return cpu;
}

/* A pool block handed to a non-pool release: name the pool's family. */
static bool report_pool_block(const struct dmart_call *c, struct dmart_dev *d,
			      dma_addr_t handle, enum dmart_family fam)
{
	struct dmart_map *pm = dmart_find_containing(d, handle, 1);

	if (!pm || !pm->internal)
		return false;
	dmart_report(RULE_DMC007, c, d, NULL,
		     "device driver frees DMA memory with wrong function [device address=0x%016llx] [mapped as %s] [unmapped as %s]",
		     (unsigned long long)handle, dmart_family_name(pm->fam),
		     dmart_family_name(fam));
	return true;
}

/*
 * @dir: what the driver passes (dma_free_pages(), dma_free_noncoherent()),
 * DMA_BIDIRECTIONAL for the calls without one, as dma-debug records them.
 */
void dmart_free_coherent(const struct dmart_call *c, struct device *dev,
			 size_t size, void *cpu, dma_addr_t handle,
			 enum dmart_family fam, bool managed, int dir)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	bool dir_valid;
	void *base;

	if (!d)
		return;
	dmart_lock();
	if (dmart_irq_depth())
		dmart_report(RULE_DMC012, c, d, NULL,
			     "%s() called with interrupts disabled [device address=0x%016llx]",
			     c->api, (unsigned long long)handle);
	dir_valid = !dmart_bad_dir(c, d, "frees DMA memory", dir);
	if (!cpu)
		goto out;
	m = dmart_find_bus(d, handle);
	if (!m || m->internal) {
		if (!report_pool_block(c, d, handle, fam))
			dmart_report_missing(c, d, handle, size, false);
		goto out;
	}
	if (m->fam != fam) {
		/*
		 * Another family's memory (a streaming mapping, pages...):
		 * releasing it here would free what its owner still uses.
		 */
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with wrong function [device address=0x%016llx] [size=%zu bytes] [mapped as %s] [unmapped as %s]",
			     (unsigned long long)handle, m->size,
			     dmart_family_name(m->fam), dmart_family_name(fam));
		goto out;
	}
	if (m->size != size)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with different size [device address=0x%016llx] [map size=%zu bytes] [unmap size=%zu bytes]",
			     (unsigned long long)handle, m->size, size);
	if (m->cpu != cpu)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with different CPU address [device address=0x%016llx] [cpu addr=%p] [allocated cpu addr=%p]",
			     (unsigned long long)handle, cpu, m->cpu);
	/* dma-debug's check_unmap() compares it, as for dma_unmap_*(). */
	if (dir_valid && (int)m->dir != dir)
		dmart_report(RULE_DMC011, c, d, m,
			     "device driver frees DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [unmapped with %s]",
			     (unsigned long long)handle, m->size,
			     dmart_dir_name(m->dir), dmart_dir_name(dir));
	if (m->managed != managed)
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees %s DMA memory with %s [device address=0x%016llx]",
			     m->managed ? "managed (dmam_*)" : "unmanaged",
			     c->api, (unsigned long long)handle);
	if (!dmart_declared_free(c, d, m)) {
		base = m->cpu;
		dmart_unmap_entry(d, m, c, false);
		dmart_linear_free(base);
	}
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
	dmart_free_coherent(&c, dev, size, cpu_addr, dma_handle, FAM_COHERENT, false,
			    DMA_BIDIRECTIONAL);
}

void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t dma_handle, unsigned long attrs)
{
	CALL("dma_free_attrs");
	dmart_free_coherent(&c, dev, size, cpu_addr, dma_handle, FAM_COHERENT, false,
			    DMA_BIDIRECTIONAL);
}

/* Write-combining is a CPU mapping attribute: the memory is coherent. */
void *dma_alloc_wc(struct device *dev, size_t size, dma_addr_t *dma_addr,
		   gfp_t gfp)
{
	CALL("dma_alloc_wc");
	return dmart_alloc_coherent(&c, dev, size, dma_addr, gfp, FAM_COHERENT,
				    false, true);
}

void dma_free_wc(struct device *dev, size_t size, void *cpu_addr,
		 dma_addr_t dma_addr)
{
	CALL("dma_free_wc");
	dmart_free_coherent(&c, dev, size, cpu_addr, dma_addr, FAM_COHERENT, false,
			    DMA_BIDIRECTIONAL);
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
	dmart_free_coherent(&c, dev, size, vaddr, dma_handle, FAM_COHERENT, true,
			    DMA_BIDIRECTIONAL);
}

/* The direction is what later syncs must use: DMA_NONE or junk is refused. */
static bool bad_alloc_direction(const struct dmart_call *c, struct device *dev,
				int dir)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	if (!d || valid_dma_direction(dir))
		return false;
	dmart_report(RULE_DMC011, c, d, NULL,
		     "device driver allocates DMA memory with %s", dmart_dir_name(dir));
	return true;
}

static void *alloc_streaming(const struct dmart_call *c, struct device *dev,
			     size_t size, dma_addr_t *handle, int dir, gfp_t gfp,
			     enum dmart_family fam)
{
	void *cpu;
	struct dmart_map *m;

	if (bad_alloc_direction(c, dev, dir))
		return NULL;
	cpu = dmart_alloc_coherent(c, dev, size, handle, gfp, fam, false, true);
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
	dmart_free_coherent(&c, dev, size, vaddr, dma_handle, FAM_NONCOHERENT, false,
			    dir);
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
			    false, dir);
}

/*
 * dma_alloc_noncontiguous(): one DMA-contiguous range (nents = 1), as
 * kernel/dma/mapping.c sets it.  Without an IOMMU the pages are one
 * contiguous block and one sg entry (alloc_single_sgt()).  Behind an
 * IOMMU the pages are taken one by one and used in reverse address
 * order, so the CPU view really is scattered (orig_nents = pages): a
 * driver that uses page_address(sg_page(sgl)) instead of
 * dma_vmap_noncontiguous() goes wrong here as it would on such a system.
 */
struct noncontig {
	struct sg_table sgt;		/* first: what the driver gets */
	struct page **pages;		/* IOMMU case, else NULL */
	unsigned int count;
	void *alias;			/* contiguous view the device uses */
};

static struct noncontig *noncontig_of(struct dmart_dev *d, struct sg_table *sgt,
				      struct dmart_map **mp)
{
	struct dmart_map *m = sgt ? dmart_find_sg(d, sgt->sgl) : NULL;

	if (!m || m->fam != FAM_NONCONTIG || !m->tag)
		return NULL;
	if (mp)
		*mp = m;
	return m->tag;
}

static void noncontig_free(struct noncontig *nc)
{
	unsigned int i;

	if (nc->alias)
		dmart_vunmap_area(nc->alias);
	if (nc->pages) {
		for (i = 0; i < nc->count; i++)
			if (nc->pages[i])
				__free_page(nc->pages[i]);
	} else if (nc->sgt.sgl && sg_page(nc->sgt.sgl)) {
		dmart_linear_free(page_address(sg_page(nc->sgt.sgl)));
	}
	free(nc->pages);
	sg_free_table(&nc->sgt);
	free(nc);
}

/* No IOMMU: one block, mapped like a coherent allocation. */
static struct dmart_map *noncontig_direct(const struct dmart_call *c,
					  struct dmart_dev *d,
					  struct noncontig *nc, size_t size,
					  gfp_t gfp)
{
	struct dmart_map *m;

	if (sg_alloc_table(&nc->sgt, 1, GFP_ATOMIC))
		return NULL;
	m = alloc_mapped(c, d, PAGE_ALIGN(size), gfp, FAM_NONCONTIG);
	if (!m)
		return NULL;
	sg_set_page(nc->sgt.sgl, virt_to_page(m->cpu), PAGE_ALIGN(size), 0);
	return m;
}

/* The IOMMU's single IOVA range over scattered pages. */
static struct dmart_map *noncontig_iommu(const struct dmart_call *c,
					 struct dmart_dev *d,
					 struct noncontig *nc, size_t size)
{
	unsigned int n = DIV_ROUND_UP(size, PAGE_SIZE), i;
	bool noncoherent = d->flags & DMART_NONCOHERENT;
	struct dmart_map *m;

	nc->pages = calloc(n, sizeof(*nc->pages));
	if (!nc->pages)
		return NULL;
	nc->count = n;
	/* Pages come at rising addresses: the last index gets the first. */
	for (i = n; i-- > 0;) {
		nc->pages[i] = alloc_page(GFP_ATOMIC | __GFP_ZERO);
		if (!nc->pages[i])
			return NULL;
	}
	if (sg_alloc_table_from_pages(&nc->sgt, nc->pages, n, 0, size, GFP_ATOMIC))
		return NULL;
	nc->alias = dmart_vmap_pages(nc->pages, n, KIND_VMALLOC);
	m = nc->alias ? calloc(1, sizeof(*m)) : NULL;
	if (!m)
		return NULL;
	m->shadow = noncoherent ? calloc(1, size) : NULL;
	m->iova = iova_reserve_aligned(d, size, alloc_align(size));
	if ((noncoherent && !m->shadow) || m->iova + size - 1 > d->coherent_mask) {
		free(m->shadow);
		free(m);
		return NULL;
	}
	m->fam = FAM_NONCONTIG;
	m->api = c->api;
	m->at = *c;
	m->size = size;
	/* No one physical range: stays out of the physical index. */
	m->has_phys = false;
	m->cpu = nc->alias;
	m->devmem = m->shadow ? m->shadow : m->cpu;
	m->iova_len = PAGE_ALIGN(size);
	m->bus = m->iova;
	m->checked = true;
	dmart_dev_add_map(d, m);
	return m;
}

struct sg_table *dma_alloc_noncontiguous(struct device *dev, size_t size,
					 enum dma_data_direction dir, gfp_t gfp,
					 unsigned long attrs)
{
	CALL("dma_alloc_noncontiguous");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m = NULL;
	struct noncontig *nc;

	if (!d || bad_alloc_direction(&c, dev, dir))
		return NULL;
	dmart_lock();
	dmart_atomic_gfp_check(&c, d, gfp);
	if (impossible_size(&c, d, size, use_low_zone(d, gfp), gfp) ||
	    dmart_should_fail(FAULT_ALLOC, &c))
		goto out;
	nc = calloc(1, sizeof(*nc));
	if (!nc)
		goto out;
	if (d->flags & DMART_IOMMU)
		m = noncontig_iommu(&c, d, nc, size);
	else
		m = noncontig_direct(&c, d, nc, size, gfp);
	if (!m) {
		noncontig_free(nc);
		goto out;
	}
	m->dir = dir;
	m->attrs = attrs;
	m->dev_owns = false;
	m->sg = nc->sgt.sgl;
	m->sg_nents = nc->sgt.orig_nents;
	m->sg_mapped = 1;
	m->tag = nc;
	/* Every entry but the first has sg_dma_len 0 (sg_alloc_table zeroes). */
	sg_dma_address(nc->sgt.sgl) = m->bus;
	sg_dma_len(nc->sgt.sgl) = m->size;
	nc->sgt.nents = 1;
out:
	dmart_unlock();
	return m ? &nc->sgt : NULL;
}

void dma_free_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt,
			    enum dma_data_direction dir)
{
	CALL("dma_free_noncontiguous");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m = NULL;
	struct noncontig *nc;

	if (!d || !sgt)
		return;
	dmart_lock();
	nc = noncontig_of(d, sgt, &m);
	if (!nc) {
		m = sgt->sgl ? dmart_find_sg(d, sgt->sgl) : NULL;
		if (m)
			dmart_report(RULE_DMC007, &c, d, m,
				     "device driver frees DMA memory with wrong function [mapped as %s] [unmapped as noncontiguous]",
				     dmart_family_name(m->fam));
		else
			dmart_report(RULE_DMC008, &c, d, NULL,
				     "device driver frees a noncontiguous allocation it does not own [sgt=%p]",
				     (void *)sgt);
		goto out;
	}
	if ((int)m->dir != (int)dir)
		dmart_report(RULE_DMC011, &c, d, m,
			     "device driver frees DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [unmapped with %s]",
			     (unsigned long long)m->bus, m->size,
			     dmart_dir_name(m->dir), dmart_dir_name(dir));
	dmart_unmap_entry(d, m, &c, false);
	noncontig_free(nc);
out:
	dmart_unlock();
}

void *dma_vmap_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt)
{
	CALL("dma_vmap_noncontiguous");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct noncontig *nc;
	void *vaddr = NULL;

	if (!d)
		return NULL;
	dmart_lock();
	nc = noncontig_of(d, sgt, NULL);
	if (!nc)
		dmart_report(RULE_DMC007, &c, d, NULL,
			     "device driver vmaps a noncontiguous allocation it does not own [sgt=%p]",
			     (void *)sgt);
	else if (!nc->pages)
		vaddr = page_address(sg_page(sgt->sgl));	/* as dma-direct */
	else
		vaddr = dmart_vmap_pages(nc->pages, DIV_ROUND_UP(size, PAGE_SIZE),
					 KIND_VMALLOC);
	dmart_unlock();
	return vaddr;
}

void dma_vunmap_noncontiguous(struct device *dev, void *vaddr)
{
	CALL("dma_vunmap_noncontiguous");
	(void)c;
	/* dma-direct's vaddr is the linear address: nothing to undo. */
	if (is_vmalloc_addr(vaddr))
		dmart_vunmap_area(vaddr);
}

/*
 * dma_mmap_*() and dma_get_sgtable*() export a coherent allocation: @handle
 * must be one of @d's, given with the CPU address it came with, and @size
 * may not exceed it (the kernel would map or describe the pages after it).
 * Returns the allocation, or NULL once the misuse is reported.
 */
static struct dmart_map *export_target(const struct dmart_call *c,
				       struct dmart_dev *d, void *cpu,
				       dma_addr_t handle, size_t size)
{
	struct dmart_map *m = dmart_find_bus(d, handle);

	if (!m) {
		dmart_report_missing(c, d, handle, size, true);
		return NULL;
	}
	if (m->fam != FAM_COHERENT) {
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver exports DMA memory with wrong function [device address=0x%016llx] [size=%zu bytes] [mapped as %s] [exported as coherent]",
			     (unsigned long long)handle, m->size,
			     dmart_family_name(m->fam));
		return NULL;
	}
	if (size > m->size) {
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver exports DMA memory outside allocated range [device address=0x%016llx] [allocation size=%zu bytes] [export size=%zu bytes]",
			     (unsigned long long)handle, m->size, size);
		return NULL;
	}
	if (m->cpu != cpu) {
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver exports DMA memory with different CPU address [device address=0x%016llx] [cpu addr=%p] [allocated cpu addr=%p]",
			     (unsigned long long)handle, cpu, m->cpu);
		return NULL;
	}
	return m;
}

/* dma_direct_mmap(): a vma reaching past the allocation is -ENXIO. */
static bool vma_fits(const struct vm_area_struct *vma, size_t size)
{
	unsigned long count = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned long user_count;

	if (!vma)
		return true;
	user_count = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	return vma->vm_pgoff < count && user_count <= count - vma->vm_pgoff;
}

static int mmap_check(const struct dmart_call *c, struct device *dev,
		      struct vm_area_struct *vma, void *cpu, dma_addr_t handle,
		      size_t size)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	int ret = 0;

	if (!d)
		return -ENXIO;
	dmart_lock();
	if (!export_target(c, d, cpu, handle, size) || !vma_fits(vma, size))
		ret = -ENXIO;
	dmart_unlock();
	return ret;
}

int dma_mmap_coherent(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		      dma_addr_t dma_addr, size_t size)
{
	CALL("dma_mmap_coherent");
	return mmap_check(&c, dev, vma, cpu_addr, dma_addr, size);
}

int dma_mmap_attrs(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		   dma_addr_t dma_addr, size_t size, unsigned long attrs)
{
	CALL("dma_mmap_attrs");
	return mmap_check(&c, dev, vma, cpu_addr, dma_addr, size);
}

int dma_mmap_wc(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		dma_addr_t dma_addr, size_t size)
{
	CALL("dma_mmap_wc");
	return mmap_check(&c, dev, vma, cpu_addr, dma_addr, size);
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

/*
 * As dma_direct_get_sgtable(): one entry over the allocation's pages,
 * PAGE_ALIGN(size) long, no DMA address (the importer maps it).  Its
 * sg_alloc_table() is GFP_KERNEL: reported in atomic context as the
 * allocations are.
 */
static int get_sgtable(const struct dmart_call *c, struct device *dev,
		       struct sg_table *sgt, void *cpu, dma_addr_t handle,
		       size_t size)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	struct page *page;
	int ret = -ENXIO;

	if (!d || !sgt)
		return -ENXIO;
	dmart_lock();
	dmart_atomic_gfp_check(c, d, GFP_KERNEL);
	m = export_target(c, d, cpu, handle, size);
	/* Declared memory outside RAM has no struct page to describe. */
	page = m ? virt_to_page(m->cpu) : NULL;
	if (page) {
		ret = sg_alloc_table(sgt, 1, GFP_ATOMIC);
		if (!ret)
			sg_set_page(sgt->sgl, page, PAGE_ALIGN(size), 0);
	}
	dmart_unlock();
	return ret;
}

int dma_get_sgtable_attrs(struct device *dev, struct sg_table *sgt,
			  void *cpu_addr, dma_addr_t dma_addr, size_t size,
			  unsigned long attrs)
{
	CALL("dma_get_sgtable_attrs");
	return get_sgtable(&c, dev, sgt, cpu_addr, dma_addr, size);
}

int dma_get_sgtable(struct device *dev, struct sg_table *sgt, void *cpu_addr,
		    dma_addr_t dma_addr, size_t size)
{
	CALL("dma_get_sgtable");
	return get_sgtable(&c, dev, sgt, cpu_addr, dma_addr, size);
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

/* dma-direct on a coherent device, or an IOMMU: both can (6.12 mapping.c). */
bool dma_can_mmap(struct device *dev)
{
	return true;
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
			    FAM_COHERENT, false, DMA_BIDIRECTIONAL);
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
