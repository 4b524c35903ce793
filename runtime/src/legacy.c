// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart: the 2.6 DMA-API.txt forms and names that later kernels changed
 * or dropped: dma_mapping_error(addr), the 4-argument non-coherent
 * allocator, partial and cache syncs, dma_is_consistent(), per-device
 * declared coherent memory, and the old pci_* syncs and mask query.
 * Each keeps dma-debug's checks; the headers pick the 2.6 form of a name by
 * its argument count (linux/dma-mapping.h).
 */
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/err.h>
#include "internal.h"

#define CALL(name) struct dmart_call c = dmart_call(name)

static struct device *pdev_dev(struct pci_dev *pdev)
{
	return pdev ? &pdev->dev : NULL;
}

/* --- dma_mapping_error(addr): 2.6 named no device --- */

static int mapping_error_any(const struct dmart_call *c, dma_addr_t addr)
{
	struct dmart_dev *d;
	struct dmart_map *m;

	(void)c;
	if (addr == DMA_MAPPING_ERROR)
		return -ENOMEM;
	/* Without a device, any device's mapping at @addr counts as checked. */
	dmart_lock();
	for (d = dmart_dev_list(); d; d = d->next)
		for (m = d->maps; m; m = m->next)
			if (m->bus == addr)
				m->checked = true;
	dmart_unlock();
	return 0;
}

int dmart_dma_mapping_error_26(dma_addr_t dma_addr)
{
	CALL("dma_mapping_error");
	return mapping_error_any(&c, dma_addr);
}

int dmart_pci_dma_mapping_error_26(dma_addr_t dma_addr)
{
	CALL("pci_dma_mapping_error");
	return mapping_error_any(&c, dma_addr);
}

/* --- 2.6 non-coherent memory: dma_alloc_noncoherent() without direction --- */

void *dmart_dma_alloc_noncoherent_26(struct device *dev, size_t size,
				     dma_addr_t *dma_handle, gfp_t flag)
{
	CALL("dma_alloc_noncoherent");
	/* The entry keeps DMA_BIDIRECTIONAL: 2.6 had no direction here. */
	return dmart_alloc_coherent(&c, dev, size, dma_handle, flag,
				    FAM_NONCOHERENT, false, true);
}

void dmart_dma_free_noncoherent_26(struct device *dev, size_t size,
				   void *cpu_addr, dma_addr_t dma_handle)
{
	CALL("dma_free_noncoherent");
	dmart_free_coherent(&c, dev, size, cpu_addr, dma_handle, FAM_NONCOHERENT,
			    false, DMA_BIDIRECTIONAL);
}

/*
 * 2.6 syncs take their meaning from the direction (DMA-API.txt, Part Id):
 * TO_DEVICE after the CPU wrote, FROM_DEVICE before it reads, and
 * BIDIRECTIONAL both ways -- here toward the device when the CPU changed
 * the buffer since the device got it, toward the CPU otherwise.
 */
static bool sync_for_cpu_26(struct dmart_map *m, int dir)
{
	if (dir == DMA_TO_DEVICE)
		return false;
	if (dir != DMA_BIDIRECTIONAL || !m || !m->cpu)
		return true;
	return !(m->dev_owns && dmart_hash(m->cpu, m->size) != m->cpu_hash);
}

static void sync_single_26(const struct dmart_call *c, struct device *dev,
			   dma_addr_t addr, size_t size, int dir)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	bool for_cpu;

	/* A NULL device goes on: dmart_sync_single() reports it. */
	dmart_lock();
	for_cpu = sync_for_cpu_26(d ? dmart_find_containing(d, addr, size) : NULL,
				  dir);
	dmart_sync_single(c, dev, addr, size, dir, for_cpu);
	dmart_unlock();
}

static void sync_sg_26(const struct dmart_call *c, struct device *dev,
		       struct scatterlist *sg, int nelems, int dir)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	bool for_cpu;

	dmart_lock();
	for_cpu = sync_for_cpu_26(d && sg ? dmart_find_sg(d, sg) : NULL, dir);
	dmart_sync_sg(c, dev, sg, nelems, dir, for_cpu);
	dmart_unlock();
}

void dma_sync_single(struct device *dev, dma_addr_t dma_handle, size_t size,
		     enum dma_data_direction direction)
{
	CALL("dma_sync_single");
	sync_single_26(&c, dev, dma_handle, size, direction);
}

void dma_sync_sg(struct device *dev, struct scatterlist *sg, int nelems,
		 enum dma_data_direction direction)
{
	CALL("dma_sync_sg");
	sync_sg_26(&c, dev, sg, nelems, direction);
}

void dma_sync_single_range(struct device *dev, dma_addr_t dma_handle,
			   unsigned long offset, size_t size,
			   enum dma_data_direction direction)
{
	CALL("dma_sync_single_range");
	sync_single_26(&c, dev, dma_handle + offset, size, direction);
}

void pci_dma_sync_single(struct pci_dev *hwdev, dma_addr_t dma_handle,
			 size_t size, int direction)
{
	CALL("pci_dma_sync_single");
	sync_single_26(&c, pdev_dev(hwdev), dma_handle, size, direction);
}

void pci_dma_sync_sg(struct pci_dev *hwdev, struct scatterlist *sg, int nelems,
		     int direction)
{
	CALL("pci_dma_sync_sg");
	sync_sg_26(&c, pdev_dev(hwdev), sg, nelems, direction);
}

int pci_dma_supported(struct pci_dev *hwdev, u64 mask)
{
	CALL("pci_dma_supported");
	(void)c;
	return hwdev ? dma_supported(&hwdev->dev, mask) : 0;
}

/* --- dma_cache_sync(): partial sync of non-coherent memory by CPU address --- */

static struct dmart_map *find_cpu(struct dmart_dev *d, const char *p, size_t len,
				  bool *partial)
{
	struct dmart_map *m;

	*partial = false;
	for (m = d->maps; m; m = m->next) {
		const char *cpu = m->cpu;

		if (!cpu || m->internal || p < cpu || p >= cpu + m->size)
			continue;
		*partial = len > m->size - (size_t)(p - cpu);
		return m;
	}
	return NULL;
}

void dma_cache_sync(struct device *dev, void *vaddr, size_t size,
		    enum dma_data_direction direction)
{
	CALL("dma_cache_sync");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	bool partial;
	size_t off;

	if (!d)
		return;
	dmart_lock();
	m = find_cpu(d, vaddr, size, &partial);
	if (!m) {
		dmart_report(RULE_DMC007, &c, d, NULL,
			     "device driver syncs memory it has not allocated [cpu addr=%p] [size=%zu bytes]",
			     vaddr, size);
		goto out;
	}
	if (m->fam != FAM_NONCOHERENT) {
		dmart_report(RULE_DMC007, &c, d, m,
			     "device driver syncs DMA memory with wrong function [device address=0x%016llx] [allocated as %s] [synced as noncoherent]",
			     (unsigned long long)m->bus, dmart_family_name(m->fam));
		goto out;
	}
	off = (size_t)((char *)vaddr - (char *)m->cpu);
	if (partial) {
		dmart_report(RULE_DMC007, &c, d, m,
			     "device driver syncs DMA memory outside allocated range [device address=0x%016llx] [allocation size=%zu bytes] [sync offset+size=%zu]",
			     (unsigned long long)m->bus, m->size, off + size);
		size = m->size - off;
	}
	if (!valid_dma_direction(direction) ||
	    (m->dir != DMA_BIDIRECTIONAL && (int)m->dir != (int)direction)) {
		dmart_report(RULE_DMC011, &c, d, m,
			     "device driver syncs DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [synced with %s]",
			     (unsigned long long)m->bus, m->size,
			     dmart_dir_name(m->dir), dmart_dir_name(direction));
		if (!valid_dma_direction(direction))
			goto out;
	}
	/* Write back for the device, invalidate for the CPU; both write back. */
	dmart_sync_entry(&c, m, off, size, direction,
			 direction == DMA_FROM_DEVICE);
out:
	dmart_unlock();
}

int dma_is_consistent(struct device *dev, dma_addr_t dma_handle)
{
	CALL("dma_is_consistent");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	int ret = 0;

	if (!d)
		return 0;
	dmart_lock();
	m = dmart_find_containing(d, dma_handle, 1);
	if (!m) {
		m = dmart_find_released(d, dma_handle, 1);
		if (m)
			dmart_report(RULE_DMC009, &c, d, m,
				     "device driver asks about DMA memory it has already freed [device address=0x%016llx]",
				     (unsigned long long)dma_handle);
		else
			dmart_report(RULE_DMC007, &c, d, NULL,
				     "device driver asks about DMA memory it has not allocated [device address=0x%016llx]",
				     (unsigned long long)dma_handle);
	} else {
		/* Consistent unless a separate device copy must be synced. */
		ret = !m->shadow && !m->bounce;
	}
	dmart_unlock();
	return ret;
}

/* --- declared coherent memory (2.6 DMA-API.txt Part II, dma-map-ops.h) --- */

enum { PAGE_FREE, PAGE_ALLOCATED, PAGE_OCCUPIED };

struct dmart_region {
	char *virt;			/* the CPU's view */
	bool own_backing;		/* device-local memory we provide */
	bool has_phys;
	phys_addr_t phys;
	dma_addr_t dev_base;
	size_t pages;
	unsigned char *state;		/* PAGE_* of each page */
	int flags;
};

static void region_free(struct dmart_region *r)
{
	if (r->own_backing)
		free(r->virt);
	free(r->state);
	free(r);
}

/* Device release: the region goes with the device, like devres would. */
static void region_release_action(void *data)
{
	struct dmart_dev *d = dmart_dev_peek(data);

	if (d && d->declared) {
		region_free(d->declared);
		d->declared = NULL;
	}
}

static bool region_has(const struct dmart_region *r, const void *p)
{
	return (const char *)p >= r->virt &&
		(const char *)p < r->virt + r->pages * PAGE_SIZE;
}

static int declare(const struct dmart_call *c, struct device *dev,
		   phys_addr_t phys, dma_addr_t dev_addr, size_t size, int flags)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_region *r;
	char *ram;

	if (!d)
		return -ENODEV;
	if (!size || size % PAGE_SIZE || !(flags & (DMA_MEMORY_MAP | DMA_MEMORY_IO)))
		return -EINVAL;
	dmart_lock();
	if (d->declared) {
		/* Only one region per device (DMA-API.txt). */
		dmart_unlock();
		return -EBUSY;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->state = calloc(size / PAGE_SIZE, 1)))
		goto nomem;
	ram = dmart_phys_to_virt(phys);
	if (ram && dmart_phys_to_virt(phys + size - 1) == ram + size - 1) {
		/* Memory the driver set aside: the CPU sees it where it is. */
		r->virt = ram;
		r->has_phys = true;
		r->phys = phys;
	} else {
		/* Device-local memory (a BAR): host memory stands in for it. */
		r->virt = aligned_alloc(PAGE_SIZE, size);
		if (!r->virt)
			goto nomem;
		memset(r->virt, 0, size);
		r->own_backing = true;
	}
	r->dev_base = dev_addr;
	r->pages = size / PAGE_SIZE;
	r->flags = flags;
	d->declared = r;
	devm_add_action_or_reset(dev, region_release_action, dev);
	dmart_unlock();
	(void)c;
	return 0;
nomem:
	if (r)
		free(r->state);
	free(r);
	dmart_unlock();
	return -ENOMEM;
}

int dma_declare_coherent_memory(struct device *dev, phys_addr_t phys_addr,
				dma_addr_t device_addr, size_t size)
{
	CALL("dma_declare_coherent_memory");
	/* Since 2.6.39 allocations never fall back from a declared region. */
	return declare(&c, dev, phys_addr, device_addr, size,
		       DMA_MEMORY_MAP | DMA_MEMORY_EXCLUSIVE);
}

int dmart_dma_declare_coherent_memory_26(struct device *dev, dma_addr_t bus_addr,
					 dma_addr_t device_addr, size_t size,
					 int flags)
{
	CALL("dma_declare_coherent_memory");
	if (declare(&c, dev, bus_addr, device_addr, size, flags))
		return 0;
	return flags & DMA_MEMORY_MAP ? DMA_MEMORY_MAP : DMA_MEMORY_IO;
}

/* The region @dev allocates from: its own, or an ancestor's shared one. */
static struct dmart_region *region_of(struct device *dev)
{
	struct device *p;

	for (p = dev; p; p = p->parent) {
		struct dmart_dev *d = dmart_dev_peek(p);

		if (d && d->declared &&
		    (p == dev || (d->declared->flags & DMA_MEMORY_INCLUDES_CHILDREN)))
			return d->declared;
	}
	return NULL;
}

static size_t region_find(struct dmart_region *r, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < r->pages; i++) {
		run = r->state[i] == PAGE_FREE ? run + 1 : 0;
		if (run == n)
			return i + 1 - n;
	}
	return SIZE_MAX;
}

static struct dmart_map *region_entry(const struct dmart_call *c,
				      struct dmart_dev *d, struct dmart_region *r,
				      size_t first, size_t size, enum dmart_family fam)
{
	struct dmart_map *m = calloc(1, sizeof(*m));
	size_t off = first * PAGE_SIZE;

	if (!m)
		return NULL;
	m->fam = fam;
	m->api = c->api;
	m->at = *c;
	m->size = size;
	m->dir = DMA_BIDIRECTIONAL;
	m->cpu = m->devmem = r->virt + off;
	m->has_phys = r->has_phys;
	m->phys = r->phys + off;
	m->bus = r->dev_base + off;
	m->checked = true;
	dmart_dev_add_map(d, m);
	return m;
}

void *dmart_declared_alloc(const struct dmart_call *c, struct device *dev,
			   size_t size, dma_addr_t *handle, enum dmart_family fam,
			   bool managed, bool *exclusive)
{
	struct dmart_region *r;
	struct dmart_map *m;
	size_t n, first;

	*exclusive = false;
	/* Only dma_alloc_coherent() & co. (their frees come back here). */
	if (fam != FAM_COHERENT || !size || !(r = region_of(dev)))
		return NULL;
	n = PAGE_ALIGN(size) / PAGE_SIZE;
	first = region_find(r, n);
	if (first == SIZE_MAX || !(m = region_entry(c, dmart_dev_of(dev), r,
						       first, size, fam))) {
		*exclusive = r->flags & DMA_MEMORY_EXCLUSIVE;
		return NULL;
	}
	memset(r->state + first, PAGE_ALLOCATED, n);
	memset(m->cpu, 0, size);
	m->managed = managed;
	*handle = m->bus;
	return m->cpu;
}

bool dmart_declared_free(const struct dmart_call *c, struct dmart_dev *d,
			 struct dmart_map *m)
{
	struct dmart_region *r = region_of(d->dev);
	size_t first;

	if (!r || m->internal || !m->cpu || !region_has(r, m->cpu))
		return false;
	first = (size_t)((char *)m->cpu - r->virt) / PAGE_SIZE;
	memset(r->state + first, PAGE_FREE, PAGE_ALIGN(m->size) / PAGE_SIZE);
	dmart_unmap_entry(d, m, c, false);
	return true;
}

void dma_release_declared_memory(struct device *dev)
{
	CALL("dma_release_declared_memory");
	struct dmart_dev *d = dmart_dev_of(dev), *o;
	struct dmart_region *r;
	struct dmart_map *m, *next;

	if (!d)
		return;
	dmart_lock();
	r = d->declared;
	if (!r) {
		dmart_report(RULE_DMC008, &c, d, NULL,
			     "device driver releases declared coherent memory it has not declared");
		goto out;
	}
	/* No in-use checking in the kernel: the memory just goes away. */
	for (o = dmart_dev_list(); o; o = o->next) {
		for (m = o->maps; m; m = next) {
			next = m->next;
			if (!m->cpu || !region_has(r, m->cpu))
				continue;
			if (!m->internal)
				dmart_report(RULE_DMC002, &c, o, m,
					     "device driver releases declared coherent memory with an allocation in use [device address=0x%016llx] [size=%zu bytes]",
					     (unsigned long long)m->bus, m->size);
			dmart_unmap_entry(o, m, &c, false);
		}
	}
	d->declared = NULL;
	region_free(r);
out:
	dmart_unlock();
}

void *dma_mark_declared_memory_occupied(struct device *dev,
					dma_addr_t device_addr, size_t size)
{
	CALL("dma_mark_declared_memory_occupied");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_region *r;
	struct dmart_map *m;
	size_t first, n, i;
	void *ret;

	if (!d)
		return ERR_PTR(-ENODEV);
	dmart_lock();
	r = d->declared;
	if (!r || !size || device_addr < r->dev_base ||
	    device_addr - r->dev_base >= r->pages * PAGE_SIZE ||
	    size > r->pages * PAGE_SIZE - (device_addr - r->dev_base)) {
		dmart_report(RULE_DMC007, &c, d, NULL,
			     r ? "device driver marks memory outside its declared region occupied [device address=0x%016llx] [size=%zu bytes]"
			       : "device driver marks declared memory occupied without a declared region [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)device_addr, size);
		ret = ERR_PTR(-EINVAL);
		goto out;
	}
	first = (device_addr - r->dev_base) / PAGE_SIZE;
	n = PAGE_ALIGN((device_addr - r->dev_base) % PAGE_SIZE + size) / PAGE_SIZE;
	for (i = first; i < first + n; i++) {
		if (r->state[i] != PAGE_FREE) {
			ret = ERR_PTR(-EBUSY);
			goto out;
		}
	}
	/* The device may use it from now on: an entry the driver cannot free. */
	m = region_entry(&c, d, r, first, n * PAGE_SIZE, FAM_COHERENT);
	if (!m) {
		ret = ERR_PTR(-ENOMEM);
		goto out;
	}
	m->internal = true;
	memset(r->state + first, PAGE_OCCUPIED, n);
	ret = r->virt + first * PAGE_SIZE;
out:
	dmart_unlock();
	return ret;
}
