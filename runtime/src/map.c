// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart streaming mappings: map/unmap/sync of single buffers, pages,
 * resources and scatterlists, with dma-debug's checks (kernel/dma/debug.c
 * check_unmap(), check_sync(), check_for_stack(), cacheline tracking) and
 * the simulated device side: IOMMU addresses, swiotlb bouncing and
 * non-coherent device copies.
 */
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/pci.h>
#include "internal.h"

u64 dmart_hash(const void *p, size_t len)
{
	const unsigned char *b = p;
	u64 h = 0xcbf29ce484222325ULL;

	while (len--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static bool streaming(enum dmart_family fam)
{
	return fam == FAM_SINGLE || fam == FAM_PAGE || fam == FAM_SG;
}

/* Memory with its own CPU/device ownership protocol (dma_sync_*). */
static bool synced(enum dmart_family fam)
{
	return streaming(fam) || fam == FAM_NONCOHERENT || fam == FAM_PAGES ||
		fam == FAM_NONCONTIG;
}

/* Where an sg entry was given its buffer, while map_sg() maps it. */
static const struct dmart_call *kind_origin;

void dmart_set_kind_origin(const struct dmart_call *at)
{
	kind_origin = at && at->file ? at : NULL;
}

static void check_kind(const struct dmart_call *c, struct dmart_dev *d,
		       const void *cpu, enum dmart_kind kind)
{
	switch (kind) {
	case KIND_STACK:
		dmart_report_from(RULE_DMC004, c, d, kind_origin,
			     "device driver maps memory from stack [addr=%p]", cpu);
		break;
	case KIND_VMALLOC:
		dmart_report_from(RULE_DMC005, c, d, kind_origin,
			     "device driver maps memory from vmalloc area [addr=%p]", cpu);
		break;
	case KIND_KMAP:
		dmart_report_from(RULE_DMC005, c, d, kind_origin,
			     "device driver maps memory from kmap area [addr=%p]", cpu);
		break;
	case KIND_IMAGE:
		dmart_report_from(RULE_DMC006, c, d, kind_origin,
			     "device driver maps memory from the program image (kernel text, rodata or data) [addr=%p]",
			     cpu);
		break;
	default:
		break;
	}
}

static bool cacheline_tracked(const struct dmart_map *m)
{
	return streaming(m->fam) && m->dir != DMA_TO_DEVICE;
}

/* dma-debug's active cacheline tracking, by physical address. */
static void check_overlap(const struct dmart_call *c, struct dmart_dev *d,
			  phys_addr_t phys, size_t size, int dir)
{
	phys_addr_t lo = phys & ~(phys_addr_t)(L1_CACHE_BYTES - 1);
	phys_addr_t hi = (phys + size + L1_CACHE_BYTES - 1) &
			 ~(phys_addr_t)(L1_CACHE_BYTES - 1);
	struct dmart_map *m;

	if (dir == DMA_TO_DEVICE)
		return;
	m = dmart_find_phys(lo, hi, cacheline_tracked);
	if (m)
		dmart_report(RULE_DMC024, c, d, m,
			     "device driver maps memory sharing a cacheline with an active mapping [phys=0x%016llx] [size=%zu bytes] [other phys=0x%016llx]",
			     (unsigned long long)phys, size,
			     (unsigned long long)m->phys);
}

/*
 * The buffer must hold the @size bytes mapped from @cpu: mapping past its
 * end, or memory that holds nothing, would let the device at other data
 * (dma-debug's "maps memory from invalid area").  Pointers into the first
 * 64 KiB are never memory (mmap_min_addr).
 */
bool dmart_check_room(const struct dmart_call *c, struct dmart_dev *d,
		      const void *cpu, size_t size)
{
	size_t room = (uintptr_t)cpu < 0x10000 ? 0 : dmart_room(cpu);

	if (room && size <= room)
		return true;
	if (!room)
		dmart_report(RULE_DMC025, c, d, NULL,
			     "device driver maps memory from invalid area [addr=%p] [len=%zu]",
			     cpu, size);
	else
		dmart_report(RULE_DMC025, c, d, NULL,
			     "device driver maps memory past the end of its buffer [addr=%p] [len=%zu] [buffer holds %zu bytes from addr]",
			     cpu, size, room);
	return false;
}

u64 dmart_iova_reserve(struct dmart_dev *d, size_t len)
{
	u64 base = d->iova_next;

	/* Never reused, plus a guard page: stale handles stay detectable. */
	d->iova_next += PAGE_ALIGN(len) + PAGE_SIZE;
	return base;
}

struct dmart_map *dmart_map_range(const struct dmart_call *c, struct dmart_dev *d,
				  void *cpu, size_t size, int dir,
				  enum dmart_family fam, unsigned long attrs,
				  bool check, u64 iova)
{
	enum dmart_kind kind = cpu ? dmart_kind_of(cpu, size) : KIND_LINEAR;
	bool iommu = d->flags & DMART_IOMMU;
	u64 limit = fam >= FAM_COHERENT ? d->coherent_mask : d->mask;
	struct dmart_map *m;
	phys_addr_t phys = 0, bus_phys;
	unsigned long off;

	if (check) {
		check_kind(c, d, cpu, kind);
		if (!dmart_check_room(c, d, cpu, size))
			return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->fam = fam;
	m->api = c->api;
	m->at = *c;
	m->size = size;
	m->dir = dir;
	m->cpu = cpu;
	m->attrs = attrs;
	if (fam == FAM_RESOURCE) {
		phys = (phys_addr_t)(uintptr_t)cpu;
		m->cpu = NULL;
		m->has_phys = true;
	} else if (kind == KIND_LINEAR) {
		m->has_phys = dmart_virt_to_phys(cpu, &phys);
	}
	m->phys = phys;
	off = m->has_phys ? phys & ~PAGE_MASK : (uintptr_t)cpu & ~PAGE_MASK;
	bus_phys = phys;
	m->devmem = m->cpu;

	if (streaming(fam) && m->has_phys && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		check_overlap(c, d, phys, size, dir);

	if (fam != FAM_RESOURCE &&
	    (!m->has_phys || (!iommu && phys + size - 1 > limit))) {
		/* swiotlb: a slot in low memory, with real copies. */
		char *slot = size < SIZE_MAX - off ?
			dmart_linear_alloc(size + off, PAGE_SIZE, true, false) : NULL;

		if (!slot)
			goto fail;
		m->bounce = slot;
		m->devmem = slot + off;
		dmart_virt_to_phys(m->devmem, &bus_phys);
		if (!iommu && bus_phys + size - 1 > limit)
			goto fail;
	} else if ((d->flags & DMART_NONCOHERENT) && synced(fam)) {
		/* The device's view until the next sync: what its cache holds. */
		m->shadow = malloc(size ? size : 1);
		if (!m->shadow)
			goto fail;
		m->devmem = m->shadow;
	}
	if (m->devmem != m->cpu && m->cpu)
		memcpy(m->devmem, m->cpu, size);

	if (iommu) {
		m->iova_len = PAGE_ALIGN(off + size);
		m->iova = iova ? iova : dmart_iova_reserve(d, m->iova_len);
		m->bus = m->iova + off;
		if (m->bus + size - 1 > limit)
			goto fail;
	} else {
		m->bus = bus_phys;
	}
	m->dev_owns = true;
	if (streaming(fam) && m->cpu)
		m->cpu_hash = dmart_hash(m->cpu, size);
	dmart_dev_add_map(d, m);
	return m;
fail:
	dmart_entry_free_resources(m);
	free(m);
	return NULL;
}

void dmart_entry_free_resources(struct dmart_map *m)
{
	if (m->bounce)
		dmart_linear_free(m->bounce);
	free(m->shadow);
	m->bounce = NULL;
	m->shadow = NULL;
	m->devmem = NULL;
}

/* Did the CPU write the buffer while the device owned it? */
void dmart_check_cpu_write(const struct dmart_call *c, struct dmart_map *m)
{
	if (!streaming(m->fam) || !m->dev_owns || !m->cpu)
		return;
	if (dmart_hash(m->cpu, m->size) != m->cpu_hash)
		dmart_report(RULE_DMC010, c, m->dev, m,
			     "CPU wrote to a streaming DMA buffer while the device owned it [device address=0x%016llx] [size=%zu bytes] [%s]",
			     (unsigned long long)m->bus, m->size, dmart_dir_name(m->dir));
}

void dmart_unmap_entry(struct dmart_dev *d, struct dmart_map *m,
		       const struct dmart_call *c, bool copy_back)
{
	if (c)
		dmart_dmaengine_check_unmap(c, m);
	if (copy_back && m->cpu && m->devmem && m->devmem != m->cpu &&
	    (m->dir == DMA_FROM_DEVICE || m->dir == DMA_BIDIRECTIONAL) &&
	    synced(m->fam))
		memcpy(m->cpu, m->devmem, m->size);
	dmart_entry_free_resources(m);
	dmart_dev_remove_map(d, m, c);
}

dma_addr_t dmart_map_single(const struct dmart_call *c, struct device *dev,
			    void *ptr, size_t size, int dir, unsigned long attrs,
			    enum dmart_family fam)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	dma_addr_t bus = DMA_MAPPING_ERROR;

	/* No dma-debug check: the kernel itself oopses on a NULL device. */
	if (!d)
		return DMA_MAPPING_ERROR;
	dmart_lock();
	if (dmart_bad_dir(c, d, "maps memory", dir))
		goto out;
	if (dmart_should_fail(FAULT_MAP, c))
		goto out;
	m = dmart_map_range(c, d, ptr, size, dir, fam, attrs, fam != FAM_RESOURCE, 0);
	if (m)
		bus = m->bus;
out:
	if (bus == DMA_MAPPING_ERROR && c->file)
		d->failed_map = *c;
	dmart_unlock();
	return bus;
}

/* DMA_NONE or garbage reaching map, unmap or sync: whatever else is wrong. */
bool dmart_bad_dir(const struct dmart_call *c, struct dmart_dev *d,
		   const char *what, int dir)
{
	if (valid_dma_direction(dir))
		return false;
	dmart_report(RULE_DMC011, c, d, NULL, "device driver %s with %s", what,
		     dmart_dir_name(dir));
	return true;
}

/* dma-debug's check_sync(): a bidirectional mapping syncs either way. */
bool dmart_sync_dir_ok(int map_dir, int dir)
{
	return map_dir == DMA_BIDIRECTIONAL || dir == map_dir;
}

/* @addr is no live mapping of @d: is it inside one, or released? */
static bool report_own(const struct dmart_call *c, struct dmart_dev *d,
		       dma_addr_t addr, size_t size, bool sync)
{
	struct dmart_map *m;

	m = dmart_find_containing(d, addr, 1);
	if (m && !sync) {
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA memory with an address inside a mapping [device address=0x%016llx] [mapping starts at 0x%016llx]",
			     (unsigned long long)addr, (unsigned long long)m->bus);
		return true;
	}
	/* As dma-debug: the mapping the address starts in, whatever the size. */
	m = dmart_find_released(d, addr, 1);
	if (m && sync) {
		dmart_report(RULE_DMC009, c, d, m,
			     "device driver syncs DMA memory it has already unmapped [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)addr, size);
		return true;
	}
	if (m && m->bus == addr) {
		dmart_report(RULE_DMC008, c, d, m,
			     "device driver frees DMA memory it has already freed [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)addr, size);
		return true;
	}
	return false;
}

/* @d may be NULL (a NULL device): no mapping is its own then. */
bool dmart_report_missing(const struct dmart_call *c, struct dmart_dev *d,
			  dma_addr_t addr, size_t size, bool sync)
{
	struct dmart_map *m;

	if (d && report_own(c, d, addr, size, sync))
		return true;
	m = dmart_find_any_device(addr, size ? size : 1, d);
	if (m) {
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver %s DMA memory mapped for another device (%s) [device address=0x%016llx]",
			     sync ? "syncs" : "frees", m->dev->name,
			     (unsigned long long)addr);
		return true;
	}
	if (sync)
		dmart_report(RULE_DMC007, c, d, NULL,
			     "device driver tries to sync DMA memory it has not allocated [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)addr, size);
	else
		dmart_report(RULE_DMC008, c, d, NULL,
			     "device driver tries to free DMA memory it has not allocated [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)addr, size);
	return true;
}

/*
 * dma-debug files dma_map_page() under its "single" type (6.12
 * debug_dma_map_page()), so either unmap releases the other's mapping
 * without a report: drivers map fragments with skb_frag_dma_map() and
 * release them with dma_unmap_single().
 */
static bool single_type(enum dmart_family a, enum dmart_family b)
{
	return (a == FAM_SINGLE || a == FAM_PAGE) &&
	       (b == FAM_SINGLE || b == FAM_PAGE);
}

/*
 * dma-debug's check_unmap(), one rule per mistake: a direction is only
 * compared within the right family (and not at all after DMA_NONE).
 */
static void check_unmap(const struct dmart_call *c, struct dmart_map *m,
			size_t size, int dir, bool dir_valid,
			enum dmart_family fam)
{
	if (m->size != size)
		dmart_report(RULE_DMC007, c, m->dev, m,
			     "device driver frees DMA memory with different size [device address=0x%016llx] [map size=%zu bytes] [unmap size=%zu bytes]",
			     (unsigned long long)m->bus, m->size, size);
	if (m->fam != fam && !single_type(m->fam, fam))
		dmart_report(RULE_DMC007, c, m->dev, m,
			     "device driver frees DMA memory with wrong function [device address=0x%016llx] [size=%zu bytes] [mapped as %s] [unmapped as %s]",
			     (unsigned long long)m->bus, m->size,
			     dmart_family_name(m->fam), dmart_family_name(fam));
	else if (dir_valid && (int)m->dir != dir)
		dmart_report(RULE_DMC011, c, m->dev, m,
			     "device driver frees DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [unmapped with %s]",
			     (unsigned long long)m->bus, m->size,
			     dmart_dir_name(m->dir), dmart_dir_name(dir));
	if (!m->checked && (m->fam == FAM_SINGLE || m->fam == FAM_PAGE ||
			    m->fam == FAM_RESOURCE))
		dmart_report(RULE_DMC001, c, m->dev, m,
			     "device driver failed to check map error [device address=0x%016llx] [size=%zu bytes] [mapped as %s]",
			     (unsigned long long)m->bus, m->size,
			     dmart_family_name(m->fam));
}

/*
 * The kernel's dma_unmap_single_attrs() is dma_unmap_page_attrs(): either
 * really releases the other's mapping.  Any other wrong function would free
 * or strand what its owner still holds, so it only reports.
 */
static bool releases(enum dmart_family mapped, enum dmart_family unmapped)
{
	bool a = mapped == FAM_SINGLE || mapped == FAM_PAGE;
	bool b = unmapped == FAM_SINGLE || unmapped == FAM_PAGE;

	return mapped == unmapped || (a && b);
}

void dmart_unmap_single(const struct dmart_call *c, struct device *dev,
			dma_addr_t addr, size_t size, int dir, unsigned long attrs,
			enum dmart_family fam)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	bool dir_valid;

	dmart_lock();
	dir_valid = !dmart_bad_dir(c, d, "frees DMA memory", dir);
	if (addr == DMA_MAPPING_ERROR) {
		dmart_report_from(RULE_DMC001, c, d, d ? &d->failed_map : NULL,
			     "device driver unmaps DMA_MAPPING_ERROR: the failed mapping was used without dma_mapping_error() [size=%zu bytes]",
			     size);
		goto out;
	}
	m = d ? dmart_find_bus(d, addr) : NULL;
	if (!m || m->internal) {
		dmart_report_missing(c, d, addr, size, false);
		goto out;
	}
	check_unmap(c, m, size, dir, dir_valid, fam);
	if (!releases(m->fam, fam))
		goto out;
	dmart_check_cpu_write(c, m);
	dmart_unmap_entry(d, m, c, !(attrs & DMA_ATTR_SKIP_CPU_SYNC));
out:
	dmart_unlock();
}

int dmart_mapping_error(const struct dmart_call *c, struct device *dev,
			dma_addr_t addr)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;

	if (addr == DMA_MAPPING_ERROR)
		return -ENOMEM;
	if (!d)
		return 0;
	dmart_lock();
	for (m = dmart_find_bus(d, addr); m; m = dmart_next_bus(m))
		m->checked = true;
	dmart_unlock();
	return 0;
}

void dmart_sync_entry(const struct dmart_call *c, struct dmart_map *m, size_t off,
		      size_t len, int dir, bool for_cpu)
{
	bool copies = m->cpu && m->devmem && m->devmem != m->cpu;

	if (!synced(m->fam))
		return;
	if (for_cpu) {
		dmart_check_cpu_write(c, m);
		if (copies && (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL))
			memcpy((char *)m->cpu + off, (char *)m->devmem + off, len);
		m->dev_owns = false;
	} else {
		if (copies && (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL))
			memcpy((char *)m->devmem + off, (char *)m->cpu + off, len);
		m->dev_owns = true;
		if (m->cpu)
			m->cpu_hash = dmart_hash(m->cpu, m->size);
	}
}

/* The mapping a sync or device access at @addr is about (size-0 ones too). */
static struct dmart_map *target_of(struct dmart_dev *d, dma_addr_t addr,
				     size_t size)
{
	struct dmart_map *m = dmart_find_containing(d, addr, size);

	return m ? m : dmart_find_bus(d, addr);
}

void dmart_sync_single(const struct dmart_call *c, struct device *dev,
		       dma_addr_t addr, size_t size, int dir, bool for_cpu)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	size_t off;

	dmart_lock();
	if (dmart_bad_dir(c, d, "syncs DMA memory", dir))
		goto out;
	m = d ? target_of(d, addr, size) : NULL;
	if (!m || m->internal) {
		dmart_report_missing(c, d, addr, size, true);
		goto out;
	}
	off = addr >= m->bus ? addr - m->bus : 0;
	if (addr < m->bus || size > m->size - off) {
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver syncs DMA memory outside allocated range [device address=0x%016llx] [allocation size=%zu bytes] [sync offset+size=%llu]",
			     (unsigned long long)m->bus, m->size,
			     (unsigned long long)(addr - m->bus + size));
		if (addr < m->bus)
			goto out;
		size = m->size - off;
	}
	if (!dmart_sync_dir_ok(m->dir, dir))
		dmart_report(RULE_DMC011, c, d, m,
			     "device driver syncs DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [synced with %s]",
			     (unsigned long long)m->bus, m->size,
			     dmart_dir_name(m->dir), dmart_dir_name(dir));
	dmart_sync_entry(c, m, off, size, dir, for_cpu);
out:
	dmart_unlock();
}

/* An address no mapping made; virt_to_phys() may have (its call site is
 * then the report's origin). */
static void report_unmapped(const struct dmart_call *c, struct dmart_dev *d,
			    dma_addr_t addr, size_t len, bool write)
{
	struct dmart_call origin;

	if (dmart_v2p_origin(addr, &origin)) {
		dmart_report_from(RULE_DMC025, c, d, &origin,
			     "device %s memory that is not mapped for it, at an address virt_to_phys() made [device address=0x%016llx] [size=%zu bytes]",
			     write ? "wrote" : "read", (unsigned long long)addr, len);
		return;
	}
	dmart_report(RULE_DMC025, c, d, NULL,
		     "device %s memory that is not mapped for it [device address=0x%016llx] [size=%zu bytes]",
		     write ? "wrote" : "read", (unsigned long long)addr, len);
}

/* Device-side DMA, checked against the device's live mappings. */
int dmart_dev_access(const struct dmart_call *c, struct dmart_dev *d,
		     dma_addr_t addr, void *buf, size_t len, bool write)
{
	struct dmart_map *m;
	size_t off;

	m = target_of(d, addr, len);
	if (!m) {
		m = dmart_find_released(d, addr, 1);
		if (m) {
			dmart_report(RULE_DMC009, c, d, m,
				     "device %s DMA memory that was already unmapped [device address=0x%016llx] [size=%zu bytes]",
				     write ? "wrote" : "read", (unsigned long long)addr, len);
			return -EFAULT;
		}
		m = dmart_find_any_device(addr, len, d);
		if (m)
			dmart_report(RULE_DMC025, c, d, m,
				     "device %s memory mapped for another device (%s) [device address=0x%016llx] [size=%zu bytes]",
				     write ? "wrote" : "read", m->dev->name,
				     (unsigned long long)addr, len);
		else
			report_unmapped(c, d, addr, len, write);
		return -EFAULT;
	}
	/* One DMA segment of an IOMMU-merged list spans several entries'
	 * mappings, back to back in IOVA space: follow them. */
	if (m->sg && len > 1) {
		struct dmart_map *first = dmart_find_containing(d, addr, 1);
		size_t chunk = first ? first->size - (addr - first->bus) : 0;
		struct dmart_map *next = first && len > chunk ?
			dmart_find_containing(d, addr + chunk, 1) : NULL;

		if (next && first->sg == m->sg && next->sg == m->sg &&
		    next->bus == addr + chunk) {
			int ret = dmart_dev_access(c, d, addr, buf, chunk, write);

			return ret ? ret : dmart_dev_access(c, d, addr + chunk,
							    (char *)buf + chunk,
							    len - chunk, write);
		}
	}
	if (addr < m->bus || len > m->size - (addr - m->bus)) {
		dmart_report(RULE_DMC025, c, d, m,
			     "device %s beyond the mapping [device address=0x%016llx] [size=%zu bytes] [mapping size=%zu bytes]",
			     write ? "wrote" : "read", (unsigned long long)addr, len,
			     m->size);
		return -EFAULT;
	}
	if ((write && m->dir == DMA_TO_DEVICE) || (!write && m->dir == DMA_FROM_DEVICE)) {
		dmart_report(RULE_DMC025, c, d, m,
			     "device %s a %s mapping [device address=0x%016llx] [size=%zu bytes]",
			     write ? "wrote to" : "read from", dmart_dir_name(m->dir),
			     (unsigned long long)addr, len);
		return -EFAULT;
	}
	off = addr - m->bus;
	if (!m->devmem) {
		if (!write)
			memset(buf, 0, len);
		return 0;
	}
	if (write) {
		memcpy((char *)m->devmem + off, buf, len);
		if (m->devmem == m->cpu && streaming(m->fam))
			m->cpu_hash = dmart_hash(m->cpu, m->size);
	} else {
		memcpy(buf, (char *)m->devmem + off, len);
	}
	return 0;
}

int dmart_dev_read(struct device *dev, dma_addr_t addr, void *buf, size_t len)
{
	struct dmart_call c = { "dmart_dev_read", NULL, 0 };
	struct dmart_dev *d = dmart_dev_of(dev);
	int ret;

	if (!d)
		return -ENODEV;
	if (!len)
		return 0;
	if (!buf)
		return -EINVAL;
	dmart_lock();
	ret = dmart_dev_access(&c, d, addr, buf, len, false);
	dmart_unlock();
	return ret;
}

int dmart_dev_write(struct device *dev, dma_addr_t addr, const void *buf, size_t len)
{
	struct dmart_call c = { "dmart_dev_write", NULL, 0 };
	struct dmart_dev *d = dmart_dev_of(dev);
	int ret;

	if (!d)
		return -ENODEV;
	if (!len)
		return 0;
	if (!buf)
		return -EINVAL;
	dmart_lock();
	ret = dmart_dev_access(&c, d, addr, (void *)buf, len, true);
	dmart_unlock();
	return ret;
}

/* --- the public streaming API --- */

#define CALL(name) struct dmart_call c = dmart_call(name)

dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
				enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_map_single_attrs");
	return dmart_map_single(&c, dev, ptr, size, dir, attrs, FAM_SINGLE);
}

dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
			  enum dma_data_direction dir)
{
	CALL("dma_map_single");
	return dmart_map_single(&c, dev, ptr, size, dir, 0, FAM_SINGLE);
}

void dma_unmap_single_attrs(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_unmap_single_attrs");
	dmart_unmap_single(&c, dev, addr, size, dir, attrs, FAM_SINGLE);
}

void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir)
{
	CALL("dma_unmap_single");
	dmart_unmap_single(&c, dev, addr, size, dir, 0, FAM_SINGLE);
}

static dma_addr_t map_page(const struct dmart_call *c, struct device *dev,
			   struct page *page, size_t offset, size_t size, int dir,
			   unsigned long attrs)
{
	char *va = page_address(page);

	if (!va) {
		dmart_report(RULE_DMC007, c, dmart_dev_of(dev), NULL,
			     "device driver maps a page outside memory [page=%p]",
			     (void *)page);
		return DMA_MAPPING_ERROR;
	}
	return dmart_map_single(c, dev, va + offset, size, dir, attrs, FAM_PAGE);
}

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir,
			      unsigned long attrs)
{
	CALL("dma_map_page_attrs");
	return map_page(&c, dev, page, offset, size, dir, attrs);
}

dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset,
			size_t size, enum dma_data_direction dir)
{
	CALL("dma_map_page");
	return map_page(&c, dev, page, offset, size, dir, 0);
}

dma_addr_t skb_frag_dma_map(struct device *dev, const skb_frag_t *frag,
			    size_t offset, size_t size, enum dma_data_direction dir)
{
	CALL("skb_frag_dma_map");
	return map_page(&c, dev, skb_frag_page(frag), skb_frag_off(frag) + offset,
			size, dir, 0);
}

void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_unmap_page_attrs");
	dmart_unmap_single(&c, dev, addr, size, dir, attrs, FAM_PAGE);
}

void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir)
{
	CALL("dma_unmap_page");
	dmart_unmap_single(&c, dev, addr, size, dir, 0, FAM_PAGE);
}

dma_addr_t dma_map_resource(struct device *dev, phys_addr_t phys_addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_map_resource");
	return dmart_map_single(&c, dev, (void *)(uintptr_t)phys_addr, size, dir,
				attrs, FAM_RESOURCE);
}

void dma_unmap_resource(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_unmap_resource");
	dmart_unmap_single(&c, dev, addr, size, dir, attrs, FAM_RESOURCE);
}

int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	CALL("dma_mapping_error");
	return dmart_mapping_error(&c, dev, dma_addr);
}

void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir)
{
	CALL("dma_sync_single_for_cpu");
	dmart_sync_single(&c, dev, addr, size, dir, true);
}

void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
				enum dma_data_direction dir)
{
	CALL("dma_sync_single_for_device");
	dmart_sync_single(&c, dev, addr, size, dir, false);
}

void dma_sync_single_range_for_cpu(struct device *dev, dma_addr_t addr,
				   unsigned long offset, size_t size,
				   enum dma_data_direction dir)
{
	CALL("dma_sync_single_range_for_cpu");
	dmart_sync_single(&c, dev, addr + offset, size, dir, true);
}

void dma_sync_single_range_for_device(struct device *dev, dma_addr_t addr,
				      unsigned long offset, size_t size,
				      enum dma_data_direction dir)
{
	CALL("dma_sync_single_range_for_device");
	dmart_sync_single(&c, dev, addr + offset, size, dir, false);
}

bool dma_need_sync(struct device *dev, dma_addr_t dma_addr)
{
	CALL("dma_need_sync");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;
	bool need;

	(void)c;
	if (!d)
		return false;
	dmart_lock();
	m = dmart_find_containing(d, dma_addr, 1);
	need = (d->flags & DMART_NONCOHERENT) || (m && m->bounce);
	dmart_unlock();
	return need;
}

/* --- legacy pci_* streaming wrappers --- */

static struct device *pdev_dev(struct pci_dev *pdev)
{
	return pdev ? &pdev->dev : NULL;
}

dma_addr_t pci_map_single(struct pci_dev *hwdev, void *ptr, size_t size,
			  int direction)
{
	CALL("pci_map_single");
	return dmart_map_single(&c, pdev_dev(hwdev), ptr, size, direction, 0,
				FAM_SINGLE);
}

void pci_unmap_single(struct pci_dev *hwdev, dma_addr_t dma_addr, size_t size,
		      int direction)
{
	CALL("pci_unmap_single");
	dmart_unmap_single(&c, pdev_dev(hwdev), dma_addr, size, direction, 0,
			   FAM_SINGLE);
}

dma_addr_t pci_map_page(struct pci_dev *hwdev, struct page *page,
			unsigned long offset, size_t size, int direction)
{
	CALL("pci_map_page");
	return map_page(&c, pdev_dev(hwdev), page, offset, size, direction, 0);
}

void pci_unmap_page(struct pci_dev *hwdev, dma_addr_t dma_address, size_t size,
		    int direction)
{
	CALL("pci_unmap_page");
	dmart_unmap_single(&c, pdev_dev(hwdev), dma_address, size, direction, 0,
			   FAM_PAGE);
}

int pci_dma_mapping_error(struct pci_dev *pdev, dma_addr_t dma_addr)
{
	CALL("pci_dma_mapping_error");
	return dmart_mapping_error(&c, pdev_dev(pdev), dma_addr);
}

void pci_dma_sync_single_for_cpu(struct pci_dev *hwdev, dma_addr_t dma_handle,
				 size_t size, int direction)
{
	CALL("pci_dma_sync_single_for_cpu");
	dmart_sync_single(&c, pdev_dev(hwdev), dma_handle, size, direction, true);
}

void pci_dma_sync_single_for_device(struct pci_dev *hwdev, dma_addr_t dma_handle,
				    size_t size, int direction)
{
	CALL("pci_dma_sync_single_for_device");
	dmart_sync_single(&c, pdev_dev(hwdev), dma_handle, size, direction, false);
}
