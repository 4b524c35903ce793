// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart: the IOVA-based DMA API (core-api/dma-api.rst, Part Ie; linux
 * 6.17).  Only a DMART_IOMMU device has IOVA space: elsewhere
 * dma_iova_try_alloc() fails, as with dma-direct, and the driver falls back
 * to the streaming API.  Each linked range is a private mapping entry of
 * the device (the streaming API refuses it, as dma-debug knows no entry for
 * it), so device DMA through the IOVA is checked like any other; the
 * allocations and their links are tracked here, by struct dma_iova_state.
 */
#include <linux/dma-mapping.h>
#include "internal.h"

#define CALL(name) struct dmart_call c = dmart_call(name)

struct iova_link {
	size_t off;
	size_t size;
	dma_addr_t bus;
	int dir;
	struct dmart_call at;
};

/* One dma_iova_try_alloc() that succeeded and is not freed yet. */
struct iova_alloc {
	struct iova_alloc *next;
	struct dma_iova_state *state;	/* NULL once the driver reused it */
	dma_addr_t addr;
	size_t size;
	struct dmart_call at;
	struct iova_link *links;
	unsigned int nlinks;
	unsigned int cap;
};

/* A device's IOVA-API bookkeeping (dmart_dev.iovas). */
struct dmart_iova {
	struct iova_alloc *allocs;
};

/* What a report names as "mapped at": the allocation or one link. */
static struct dmart_map as_map(struct dmart_dev *d, const struct dmart_call *at,
			       dma_addr_t bus, size_t size, int dir)
{
	struct dmart_map m = { .dev = d, .api = at->api, .at = *at, .bus = bus,
			       .size = size, .dir = dir, .fam = FAM_PAGE };

	return m;
}

static struct iova_alloc *find_alloc(struct dmart_dev *d,
				     const struct dma_iova_state *state)
{
	struct iova_alloc *a;

	for (a = d->iovas ? d->iovas->allocs : NULL; a; a = a->next)
		if (state && a->state == state)
			return a;
	return NULL;
}

static void drop_link(struct dmart_dev *d, struct iova_alloc *a, unsigned int i,
		      const struct dmart_call *c, bool cpu_sync)
{
	struct dmart_map *m = dmart_find_bus(d, a->links[i].bus);

	if (m && m->internal) {
		/* Unlinking hands the memory back to the CPU (unless told not). */
		if (cpu_sync)
			dmart_sync_entry(c, m, 0, m->size, m->dir, true);
		dmart_unmap_entry(d, m, c, false);
	}
	a->links[i] = a->links[--a->nlinks];
}

static void free_alloc(struct dmart_dev *d, struct iova_alloc *a)
{
	struct iova_alloc **pp;

	for (pp = &d->iovas->allocs; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			break;
		}
	}
	free(a->links);
	free(a);
}

/* dma-debug's release check, for what the device still has in IOVA space. */
static void release_action(void *data)
{
	struct dmart_call c = { "device release", NULL, 0 };
	struct dmart_dev *d = dmart_dev_peek(data);
	struct iova_alloc *a;
	struct dmart_map m;
	unsigned int i;

	if (!d || !d->iovas)
		return;
	while ((a = d->iovas->allocs)) {
		for (i = 0; i < a->nlinks; i++) {
			m = as_map(d, &a->links[i].at, a->links[i].bus,
				   a->links[i].size, a->links[i].dir);
			dmart_report(RULE_DMC002, &c, d, &m,
				     "device driver has pending DMA IOVA link while released from device [device address=0x%016llx] [size=%zu bytes]",
				     (unsigned long long)m.bus, m.size);
		}
		m = as_map(d, &a->at, a->addr, a->size, DMA_BIDIRECTIONAL);
		dmart_report(RULE_DMC002, &c, d, &m,
			     "device driver has pending DMA IOVA allocation while released from device [device address=0x%016llx] [size=%zu bytes] [%u ranges linked]",
			     (unsigned long long)a->addr, a->size, a->nlinks);
		/* Device release already took the link entries down. */
		a->nlinks = 0;
		free_alloc(d, a);
	}
	free(d->iovas);
	d->iovas = NULL;
}

bool dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			phys_addr_t phys, size_t size)
{
	CALL("dma_iova_try_alloc");
	struct dmart_dev *d = dmart_dev_of(dev);
	unsigned long off = phys & ~PAGE_MASK;
	struct iova_alloc *a;
	struct dmart_map m;
	u64 len, base;
	bool ok = false;

	if (!state)
		return false;
	memset(state, 0, sizeof(*state));
	/* No IOMMU (dma-direct) or nothing to map: use the streaming API. */
	if (!d || !(d->flags & DMART_IOMMU) || !size)
		return false;
	dmart_lock();
	a = find_alloc(d, state);
	if (a) {
		m = as_map(d, &a->at, a->addr, a->size, DMA_BIDIRECTIONAL);
		dmart_report(RULE_DMC002, &c, d, &m,
			     "device driver reuses a dma_iova_state whose IOVA space is still allocated [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)a->addr, a->size);
		a->state = NULL;	/* leaked: reported again at release */
	}
	if (dmart_should_fail(FAULT_MAP, &c))
		goto out;
	len = PAGE_ALIGN(off + size);
	base = d->iova_next;
	if (base + len - 1 > d->mask)
		goto out;
	if (!d->iovas) {
		d->iovas = calloc(1, sizeof(*d->iovas));
		if (!d->iovas)
			goto out;
		devm_add_action_or_reset(dev, release_action, dev);
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		goto out;
	/* Never reused, plus a guard page, like the streaming IOVAs. */
	d->iova_next += len + PAGE_SIZE;
	a->state = state;
	a->addr = base + off;
	a->size = size;
	a->at = c;
	a->next = d->iovas->allocs;
	d->iovas->allocs = a;
	state->addr = a->addr;
	state->__size = size;
	ok = true;
out:
	dmart_unlock();
	return ok;
}

bool dma_use_iova(struct dma_iova_state *state)
{
	CALL("dma_use_iova");
	struct dmart_dev *d;
	bool live = false;

	if (!state || !dma_iova_size(state))
		return false;
	dmart_lock();
	for (d = dmart_dev_list(); d && !live; d = d->next)
		live = find_alloc(d, state) != NULL;
	if (!live)
		dmart_report(RULE_DMC009, &c, NULL, NULL,
			     "device driver uses a dma_iova_state whose IOVA space is freed or was never allocated [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)state->addr, dma_iova_size(state));
	dmart_unlock();
	return true;
}

static bool in_range(const struct iova_alloc *a, size_t off, size_t size)
{
	return size && off < a->size && size <= a->size - off;
}

static bool overlap(const struct iova_link *l, size_t off, size_t size)
{
	return off < l->off + l->size && l->off < off + size;
}

static int link_check(const struct dmart_call *c, struct dmart_dev *d,
		      struct iova_alloc *a, phys_addr_t phys, size_t off,
		      size_t size, int dir)
{
	dma_addr_t bus = a->addr + off;
	struct dmart_map m = as_map(d, &a->at, a->addr, a->size, DMA_BIDIRECTIONAL);
	unsigned int i;

	if (!valid_dma_direction(dir)) {
		dmart_report(RULE_DMC011, c, d, NULL,
			     "device driver links DMA memory with %s",
			     dmart_dir_name(dir));
		return -EINVAL;
	}
	if (!in_range(a, off, size)) {
		dmart_report(RULE_DMC007, c, d, &m,
			     "device driver links DMA memory outside the allocated IOVA range [device address=0x%016llx] [allocation size=%zu bytes] [link offset=%zu] [link size=%zu bytes]",
			     (unsigned long long)a->addr, a->size, off, size);
		return -EIO;
	}
	/* All but the first link start on the merge boundary (a page). */
	if (((bus ^ phys) & ~PAGE_MASK) || (off && (bus & ~PAGE_MASK))) {
		dmart_report(RULE_DMC007, c, d, &m,
			     "device driver links memory off the IOVA page alignment [device address=0x%016llx] [phys=0x%016llx] (dma_get_merge_boundary())",
			     (unsigned long long)bus, (unsigned long long)phys);
		return -EIO;
	}
	for (i = 0; i < a->nlinks; i++) {
		if (!overlap(&a->links[i], off, size))
			continue;
		m = as_map(d, &a->links[i].at, a->links[i].bus, a->links[i].size,
			   a->links[i].dir);
		dmart_report(RULE_DMC007, c, d, &m,
			     "device driver links an IOVA range that is already linked [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)bus, size);
		return -EEXIST;
	}
	return 0;
}

int dma_iova_link(struct device *dev, struct dma_iova_state *state,
		  phys_addr_t phys, size_t offset, size_t size,
		  enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_iova_link");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct iova_alloc *a;
	struct iova_link *l;
	struct dmart_map *m;
	char *cpu;
	int ret;

	if (!d)
		return -ENODEV;
	dmart_lock();
	a = find_alloc(d, state);
	if (!a) {
		dmart_report(RULE_DMC007, &c, d, NULL,
			     "device driver links into a dma_iova_state without IOVA space (dma_iova_try_alloc() failed or was not called) [phys=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)phys, size);
		ret = -EIO;
		goto out;
	}
	ret = link_check(&c, d, a, phys, offset, size, dir);
	if (ret)
		goto out;
	cpu = dmart_phys_to_virt(phys);
	if (!cpu || dmart_phys_to_virt(phys + size - 1) != cpu + size - 1) {
		dmart_report(RULE_DMC025, &c, d, NULL,
			     "device driver links physical memory outside RAM [phys=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)phys, size);
		ret = -EIO;
		goto out;
	}
	if (a->nlinks == a->cap) {
		unsigned int cap = a->cap ? 2 * a->cap : 4;

		l = realloc(a->links, cap * sizeof(*l));
		if (!l) {
			ret = -ENOMEM;
			goto out;
		}
		a->links = l;
		a->cap = cap;
	}
	m = dmart_map_range(&c, d, cpu, size, dir, FAM_PAGE, attrs, true,
			    (a->addr + offset) & PAGE_MASK);
	if (!m) {
		ret = -ENOMEM;
		goto out;
	}
	m->internal = true;
	m->checked = true;
	l = &a->links[a->nlinks++];
	*l = (struct iova_link){ offset, size, m->bus, dir, c };
out:
	dmart_unlock();
	return ret;
}

/* Bytes of [off, off + size) that live links cover (links never overlap). */
static size_t linked_bytes(const struct iova_alloc *a, size_t off, size_t size)
{
	size_t total = 0, lo, hi;
	unsigned int i;

	for (i = 0; i < a->nlinks; i++) {
		const struct iova_link *l = &a->links[i];

		if (!overlap(l, off, size))
			continue;
		lo = l->off > off ? l->off : off;
		hi = l->off + l->size < off + size ? l->off + l->size : off + size;
		total += hi - lo;
	}
	return total;
}

int dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		  size_t offset, size_t size)
{
	CALL("dma_iova_sync");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct iova_alloc *a;
	struct dmart_map m, *old;
	int ret = 0;

	if (!d)
		return -ENODEV;
	dmart_lock();
	a = find_alloc(d, state);
	if (!a) {
		dmart_report(RULE_DMC007, &c, d, NULL,
			     "device driver syncs a dma_iova_state without IOVA space [state=%p]",
			     (void *)state);
		ret = -EIO;
		goto out;
	}
	m = as_map(d, &a->at, a->addr, a->size, DMA_BIDIRECTIONAL);
	if (!in_range(a, offset, size)) {
		dmart_report(RULE_DMC007, &c, d, &m,
			     "device driver syncs outside the allocated IOVA range [device address=0x%016llx] [allocation size=%zu bytes] [sync offset=%zu] [sync size=%zu bytes]",
			     (unsigned long long)a->addr, a->size, offset, size);
		ret = -EINVAL;
		goto out;
	}
	if (linked_bytes(a, offset, size) == size)
		goto out;
	/* The IOMMU page tables hold nothing there to sync. */
	old = dmart_find_released(d, a->addr + offset, size);
	if (old && old->internal)
		dmart_report(RULE_DMC009, &c, d, old,
			     "device driver syncs an IOVA range it has already unlinked [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)(a->addr + offset), size);
	else
		dmart_report(RULE_DMC007, &c, d, &m,
			     "device driver syncs an IOVA range that is not linked [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)(a->addr + offset), size);
	ret = -EINVAL;
out:
	dmart_unlock();
	return ret;
}

static void unlink_range(const struct dmart_call *c, struct dmart_dev *d,
			 struct iova_alloc *a, size_t off, size_t size, int dir,
			 unsigned long attrs)
{
	struct dmart_map m = as_map(d, &a->at, a->addr, a->size, DMA_BIDIRECTIONAL);
	struct dmart_map *old;
	unsigned int i = 0, done = 0, partial = 0;

	if (!in_range(a, off, size)) {
		dmart_report(RULE_DMC007, c, d, &m,
			     "device driver unlinks outside the allocated IOVA range [device address=0x%016llx] [allocation size=%zu bytes] [unlink offset=%zu] [unlink size=%zu bytes]",
			     (unsigned long long)a->addr, a->size, off, size);
		return;
	}
	while (i < a->nlinks) {
		struct iova_link *l = &a->links[i];

		if (!overlap(l, off, size)) {
			i++;
			continue;
		}
		m = as_map(d, &l->at, l->bus, l->size, l->dir);
		if (l->off < off || l->off + l->size > off + size) {
			dmart_report(RULE_DMC007, c, d, &m,
				     "device driver unlinks part of a linked IOVA range [device address=0x%016llx] [link size=%zu bytes] [unlink offset=%zu] [unlink size=%zu bytes]",
				     (unsigned long long)l->bus, l->size, off, size);
			partial++;
			i++;
			continue;
		}
		if (l->dir != dir)
			dmart_report(RULE_DMC011, c, d, &m,
				     "device driver unlinks DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [linked with %s] [unlinked with %s]",
				     (unsigned long long)l->bus, l->size,
				     dmart_dir_name(l->dir), dmart_dir_name(dir));
		drop_link(d, a, i, c, !(attrs & DMA_ATTR_SKIP_CPU_SYNC));
		done++;
	}
	if (done || partial)
		return;
	old = dmart_find_released(d, a->addr + off, size);
	if (old && old->internal)
		dmart_report(RULE_DMC008, c, d, old,
			     "device driver unlinks an IOVA range it has already unlinked [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)(a->addr + off), size);
	else
		dmart_report(RULE_DMC008, c, d, NULL,
			     "device driver unlinks an IOVA range that is not linked [device address=0x%016llx] [size=%zu bytes]",
			     (unsigned long long)(a->addr + off), size);
}

static struct iova_alloc *owned_alloc(const struct dmart_call *c,
				      struct dmart_dev *d,
				      struct dma_iova_state *state,
				      const char *what)
{
	struct iova_alloc *a = find_alloc(d, state);

	if (!a)
		dmart_report(RULE_DMC008, c, d, NULL,
			     "device driver %s a dma_iova_state without IOVA space (never allocated or already freed) [state=%p]",
			     what, (void *)state);
	return a;
}

void dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
		     size_t offset, size_t size, enum dma_data_direction dir,
		     unsigned long attrs)
{
	CALL("dma_iova_unlink");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct iova_alloc *a;

	if (!d)
		return;
	dmart_lock();
	a = owned_alloc(&c, d, state, "unlinks from");
	if (a)
		unlink_range(&c, d, a, offset, size, dir, attrs);
	dmart_unlock();
}

/* All links must be gone before the space is freed (dma-api.rst). */
static void release_alloc(const struct dmart_call *c, struct dmart_dev *d,
			  struct iova_alloc *a)
{
	struct dmart_map m;

	if (a->nlinks) {
		m = as_map(d, &a->at, a->addr, a->size, DMA_BIDIRECTIONAL);
		dmart_report(RULE_DMC002, c, d, &m,
			     "device driver frees IOVA space with %u ranges still linked [device address=0x%016llx] [size=%zu bytes]",
			     a->nlinks, (unsigned long long)a->addr, a->size);
		while (a->nlinks)
			drop_link(d, a, 0, c, false);
	}
	free_alloc(d, a);
}

void dma_iova_free(struct device *dev, struct dma_iova_state *state)
{
	CALL("dma_iova_free");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct iova_alloc *a;

	if (!d)
		return;
	dmart_lock();
	a = owned_alloc(&c, d, state, "frees");
	if (a)
		release_alloc(&c, d, a);
	dmart_unlock();
}

void dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
		      size_t mapped_len, enum dma_data_direction dir,
		      unsigned long attrs)
{
	CALL("dma_iova_destroy");
	struct dmart_dev *d = dmart_dev_of(dev);
	struct iova_alloc *a;

	if (!d)
		return;
	dmart_lock();
	a = owned_alloc(&c, d, state, "destroys");
	if (a) {
		if (mapped_len)
			unlink_range(&c, d, a, 0, mapped_len, dir, attrs);
		release_alloc(&c, d, a);
	}
	dmart_unlock();
}
