// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart dma_pool: small blocks carved from coherent pages, with the
 * kernel's alignment and boundary guarantees (mm/dmapool.c) and its
 * debug checks: bad vaddr/dma on free, double free, busy destroy.
 */
#include <linux/dmapool.h>
#include <linux/pci.h>
#include "internal.h"

#define POOL_POISON_FREED	0xa7
#define POOL_POISON_ALLOCATED	0xa9

struct pool_page {
	struct pool_page *next;
	char *cpu;
	dma_addr_t bus;
	unsigned int nblocks;
	size_t *offs;
	unsigned char *inuse;
};

struct dma_pool {
	char name[32];
	struct device *dev;
	struct dmart_dev *d;
	size_t size;
	size_t align;
	size_t boundary;
	size_t alloc_size;
	bool managed;
	struct dmart_call at;
	struct pool_page *pages;
	unsigned int busy;
	struct dma_pool *next;
};

#define CALL(name) struct dmart_call c = dmart_call(name)

struct dma_pool *dmart_pool_create(const struct dmart_call *c, const char *name,
				   struct device *dev, size_t size, size_t align,
				   size_t boundary, bool managed)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dma_pool *pool;

	if (!d)
		return NULL;
	if (align == 0)
		align = 1;
	if (align & (align - 1)) {
		dmart_report(RULE_DMC016, c, d, NULL,
			     "dma_pool_create %s: alignment %zu is not a power of two",
			     name, align);
		return NULL;
	}
	if (size == 0 || size > INT_MAX)
		return NULL;
	size = ALIGN(size, align);
	if (boundary && (boundary < size || (boundary & (boundary - 1)))) {
		dmart_report(RULE_DMC016, c, d, NULL,
			     "dma_pool_create %s: boundary %zu is not a power of two at least the block size %zu",
			     name, boundary, size);
		return NULL;
	}
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	snprintf(pool->name, sizeof(pool->name), "%s", name);
	pool->dev = dev;
	pool->d = d;
	pool->size = size;
	pool->align = align;
	pool->alloc_size = size > PAGE_SIZE ? size : PAGE_SIZE;
	/*
	 * As mm/dmapool.c: a boundary past the page changes nothing.  Pages
	 * are aligned to their size's page order (dmart_alloc_coherent()),
	 * so offsets in the page align the CPU, DMA and IOVA addresses alike.
	 */
	pool->boundary = boundary && boundary < pool->alloc_size ?
			 boundary : pool->alloc_size;
	pool->managed = managed;
	pool->at = *c;
	dmart_lock();
	pool->next = d->pools;
	d->pools = pool;
	dmart_unlock();
	return pool;
}

static struct pool_page *page_create(struct dma_pool *pool)
{
	struct dmart_call c = { "dma_pool_alloc", pool->at.file, pool->at.line };
	struct pool_page *pg = calloc(1, sizeof(*pg));
	size_t off = 0, next_boundary = pool->boundary, n = 0;
	struct dmart_map *m;

	if (!pg)
		return NULL;
	pg->cpu = dmart_alloc_coherent(&c, pool->dev, pool->alloc_size, &pg->bus,
				       GFP_ATOMIC, FAM_POOL, false, false);
	if (!pg->cpu) {
		free(pg);
		return NULL;
	}
	m = dmart_find_bus(pool->d, pg->bus);
	m->internal = true;
	pg->offs = calloc(pool->alloc_size / pool->size, sizeof(size_t));
	pg->inuse = calloc(pool->alloc_size / pool->size, 1);
	/* Like mm/dmapool.c: no block may straddle a boundary. */
	while (off + pool->size <= pool->alloc_size) {
		if (off + pool->size > next_boundary) {
			off = next_boundary;
			next_boundary += pool->boundary;
			continue;
		}
		pg->offs[n++] = off;
		off += pool->size;
	}
	pg->nblocks = n;
	memset(pg->cpu, POOL_POISON_FREED, pool->alloc_size);
	pg->next = pool->pages;
	pool->pages = pg;
	return pg;
}

static void page_destroy(struct dma_pool *pool, struct pool_page *pg)
{
	struct dmart_map *m = dmart_find_bus(pool->d, pg->bus);

	if (m)
		dmart_unmap_entry(pool->d, m, NULL, false);
	dmart_linear_free(pg->cpu);
	free(pg->offs);
	free(pg->inuse);
	free(pg);
}

void *dmart_pool_alloc(const struct dmart_call *c, struct dma_pool *pool,
		       gfp_t gfp, dma_addr_t *handle, bool zero)
{
	struct pool_page *pg;
	unsigned int i;
	void *p = NULL;

	if (!pool) {
		dmart_report(RULE_DMC016, c, NULL, NULL, "%s() of a NULL pool",
			     c->api);
		return NULL;
	}
	dmart_lock();
	dmart_atomic_gfp_check(c, pool->d, gfp);
	if (dmart_should_fail(FAULT_POOL_ALLOC, c))
		goto out;
	for (pg = pool->pages; pg; pg = pg->next)
		for (i = 0; i < pg->nblocks; i++)
			if (!pg->inuse[i])
				goto found;
	pg = page_create(pool);
	if (!pg || !pg->nblocks)
		goto out;
	i = 0;
found:
	pg->inuse[i] = 1;
	pool->busy++;
	p = pg->cpu + pg->offs[i];
	*handle = pg->bus + pg->offs[i];
	memset(p, zero ? 0 : POOL_POISON_ALLOCATED, pool->size);
out:
	dmart_unlock();
	return p;
}

static struct pool_page *page_of(struct dma_pool *pool, const void *vaddr)
{
	struct pool_page *pg;

	for (pg = pool->pages; pg; pg = pg->next)
		if ((const char *)vaddr >= pg->cpu &&
		    (const char *)vaddr < pg->cpu + pool->alloc_size)
			return pg;
	return NULL;
}

static struct dma_pool *owner_pool(const void *vaddr)
{
	struct dmart_dev *d;
	struct dma_pool *p;

	for (d = dmart_dev_list(); d; d = d->next)
		for (p = d->pools; p; p = p->next)
			if (page_of(p, vaddr))
				return p;
	return NULL;
}

void dmart_pool_free(const struct dmart_call *c, struct dma_pool *pool,
		     void *vaddr, dma_addr_t addr)
{
	struct pool_page *pg;
	struct dma_pool *other;
	unsigned int i;
	size_t off;

	if (!pool) {
		dmart_report(RULE_DMC016, c, NULL, NULL,
			     "dma_pool_free of a NULL pool, %p/0x%llx",
			     vaddr, (unsigned long long)addr);
		return;
	}
	dmart_lock();
	pg = page_of(pool, vaddr);
	if (!pg) {
		other = owner_pool(vaddr);
		if (other)
			dmart_report(RULE_DMC016, c, pool->d, NULL,
				     "dma_pool_free %s, %p: block belongs to pool %s",
				     pool->name, vaddr, other->name);
		else
			dmart_report(RULE_DMC016, c, pool->d, NULL,
				     "dma_pool_free %s, %p/0x%llx (bad vaddr)",
				     pool->name, vaddr, (unsigned long long)addr);
		goto out;
	}
	off = (char *)vaddr - pg->cpu;
	for (i = 0; i < pg->nblocks && pg->offs[i] != off; i++)
		;
	if (i == pg->nblocks) {
		dmart_report(RULE_DMC016, c, pool->d, NULL,
			     "dma_pool_free %s, %p/0x%llx (bad vaddr: not a block start)",
			     pool->name, vaddr, (unsigned long long)addr);
		goto out;
	}
	if (addr != pg->bus + off) {
		dmart_report(RULE_DMC016, c, pool->d, NULL,
			     "dma_pool_free %s, %p/0x%llx (bad dma: block is at 0x%llx)",
			     pool->name, vaddr, (unsigned long long)addr,
			     (unsigned long long)(pg->bus + off));
		goto out;
	}
	if (!pg->inuse[i]) {
		dmart_report(RULE_DMC008, c, pool->d, NULL,
			     "dma_pool_free %s, dma 0x%llx already free",
			     pool->name, (unsigned long long)addr);
		goto out;
	}
	pg->inuse[i] = 0;
	pool->busy--;
	memset(vaddr, POOL_POISON_FREED, pool->size);
out:
	dmart_unlock();
}

static void pool_free_all(struct dma_pool *pool)
{
	struct dma_pool **pp;

	for (pp = &pool->d->pools; *pp; pp = &(*pp)->next) {
		if (*pp == pool) {
			*pp = pool->next;
			break;
		}
	}
	while (pool->pages) {
		struct pool_page *pg = pool->pages;

		pool->pages = pg->next;
		page_destroy(pool, pg);
	}
	free(pool);
}

void dmart_pool_destroy(const struct dmart_call *c, struct dma_pool *pool)
{
	if (!pool)
		return;
	dmart_lock();
	if (pool->busy)
		dmart_report(RULE_DMC016, c, pool->d, NULL,
			     "dma_pool_destroy %s, %u block(s) busy",
			     pool->name, pool->busy);
	pool_free_all(pool);
	dmart_unlock();
}

/* Device release: unmanaged pools still alive are leaks. */
void dmart_pools_release(struct dmart_dev *d)
{
	struct dmart_call c = { "device release", NULL, 0 };

	while (d->pools) {
		struct dma_pool *pool = d->pools;

		if (!pool->managed)
			dmart_report(RULE_DMC002, &c, d, NULL,
				     "dma_pool %s created at %s:%d was not destroyed before device release [%u block(s) busy]",
				     pool->name, pool->at.file ? pool->at.file : "?",
				     pool->at.line, pool->busy);
		pool_free_all(pool);
	}
}

struct dma_pool *dma_pool_create(const char *name, struct device *dev, size_t size,
				 size_t align, size_t boundary)
{
	CALL("dma_pool_create");
	return dmart_pool_create(&c, name, dev, size, align, boundary, false);
}

struct dma_pool *dmam_pool_create(const char *name, struct device *dev, size_t size,
				  size_t align, size_t allocation)
{
	CALL("dmam_pool_create");
	return dmart_pool_create(&c, name, dev, size, align, allocation, true);
}

void dma_pool_destroy(struct dma_pool *pool)
{
	CALL("dma_pool_destroy");
	dmart_pool_destroy(&c, pool);
}

void *dma_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	CALL("dma_pool_alloc");
	return dmart_pool_alloc(&c, pool, mem_flags, handle, false);
}

void *dma_pool_zalloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	CALL("dma_pool_zalloc");
	return dmart_pool_alloc(&c, pool, mem_flags, handle, true);
}

void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t addr)
{
	CALL("dma_pool_free");
	dmart_pool_free(&c, pool, vaddr, addr);
}

struct dma_pool *pci_pool_create(const char *name, struct pci_dev *pdev,
				 size_t size, size_t align, size_t allocation)
{
	CALL("pci_pool_create");
	return dmart_pool_create(&c, name, pdev ? &pdev->dev : NULL, size, align,
				 allocation, false);
}

void pci_pool_destroy(struct dma_pool *pool)
{
	CALL("pci_pool_destroy");
	dmart_pool_destroy(&c, pool);
}

void *pci_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	CALL("pci_pool_alloc");
	return dmart_pool_alloc(&c, pool, mem_flags, handle, false);
}

void *pci_pool_zalloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	CALL("pci_pool_zalloc");
	return dmart_pool_alloc(&c, pool, mem_flags, handle, true);
}

void pci_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t addr)
{
	CALL("pci_pool_free");
	dmart_pool_free(&c, pool, vaddr, addr);
}
