// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart simulated devices: one struct dmart_dev behind each struct
 * device, holding its masks, live mappings, recently released mappings
 * (to tell a double unmap from a never-mapped address), managed resources
 * and pools.  Destroying a device runs dma-debug's release checks.
 */
#include <linux/pci.h>
#include <linux/slab.h>
#include "internal.h"

static struct dmart_dev *devices;
static u64 dev_seq, map_seq;

struct dmart_dev *dmart_dev_list(void)
{
	return devices;
}

/*
 * Lookup indexes, after dma-debug's hash buckets (kernel/dma/debug.c), so
 * that a lookup costs the same with 10 or 100k live mappings.  All are
 * global (one lookup can search every device), guarded by dmart_lock:
 *
 *  - exact: bus address -> mappings (dma_unmap_*, dma_mapping_error);
 *  - bus and phys ranges: "which mapping contains or overlaps X".  A
 *    mapping goes into the granules it spans at the smallest level where
 *    that is at most two; level k has granules of PAGE_SIZE << 4k.  A
 *    lookup probes one bucket per level in use, and a mapping of any size
 *    costs two links at most;
 *  - sg: scatterlist pointer -> its segments' mappings (filed lazily).
 *
 * Chains are newest first, as the per-device list always was.
 */
#define HASH_BITS	16
#define HASH_SIZE	(1U << HASH_BITS)
#define LEVELS		14	/* PAGE_SHIFT + 4 * 13 >= 64: one granule */
#define PROBE_MAX	4096	/* granules per level; wider queries walk lists */

enum { HN_BUS, HN_RANGE, HN_PHYS = HN_RANGE + 2, HN_SG = HN_PHYS + 2 };

struct range_index {
	struct dmart_hnode *bucket[HASH_SIZE];
	unsigned long at_level[LEVELS];
};

static struct dmart_hnode *bus_bucket[HASH_SIZE], *sg_bucket[HASH_SIZE], *sg_pending;
static struct range_index bus_index, phys_index;

static unsigned int hash_key(u64 key)
{
	return (key * 0x9e3779b97f4a7c15ULL) >> (64 - HASH_BITS);
}

static u64 granule(u64 addr, unsigned int level)
{
	unsigned int shift = PAGE_SHIFT + 4 * level;

	return shift >= 64 ? 0 : addr >> shift;
}

static struct dmart_hnode **range_bucket(struct range_index *ix, u64 g,
					 unsigned int level)
{
	return &ix->bucket[hash_key(g ^ ((u64)level << 60))];
}

static void hn_link(struct dmart_hnode **head, struct dmart_hnode *n,
		    struct dmart_map *m)
{
	n->m = m;
	n->next = *head;
	if (n->next)
		n->next->pprev = &n->next;
	n->pprev = head;
	*head = n;
}

static void hn_unlink(struct dmart_hnode *n)
{
	if (!n->pprev)
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	n->next = NULL;
	n->pprev = NULL;
}

/* Last byte of [start, start + size), saturating; a size 0 covers start. */
static u64 last_byte(u64 start, size_t size)
{
	u64 last;

	if (!size)
		return start;
	return __builtin_add_overflow(start, size - 1, &last) ? ~0ULL : last;
}

static void range_add(struct range_index *ix, struct dmart_hnode *n,
		      struct dmart_map *m, u64 start, size_t size)
{
	u64 last = last_byte(start, size), g0, g1;
	unsigned int level = 0;

	while (granule(last, level) - granule(start, level) > 1)
		level++;
	g0 = granule(start, level);
	g1 = granule(last, level);
	n[0].level = n[1].level = level;
	hn_link(range_bucket(ix, g0, level), &n[0], m);
	if (g1 != g0)
		hn_link(range_bucket(ix, g1, level), &n[1], m);
	ix->at_level[level]++;
}

static void range_del(struct range_index *ix, struct dmart_hnode *n)
{
	if (!n[0].pprev)
		return;
	ix->at_level[n[0].level]--;
	hn_unlink(&n[0]);
	hn_unlink(&n[1]);
}

/* The order the old list walks had: newer device, then newer mapping. */
static bool newer(const struct dmart_map *a, const struct dmart_map *b)
{
	if (!b)
		return true;
	if (a->dev != b->dev)
		return a->dev->seq > b->dev->seq;
	return a->seq > b->seq;
}

typedef bool (*match_fn)(const struct dmart_map *m, const void *arg);

/*
 * The newest mapping of @ix matching @match whose indexed span touches
 * [lo, hi]; *@wide when the range is too wide to probe (caller walks).
 */
static struct dmart_map *range_find(struct range_index *ix, u64 lo, u64 hi,
				    match_fn match, const void *arg, bool *wide)
{
	struct dmart_map *best = NULL;
	struct dmart_hnode *n;
	unsigned int level;
	u64 g, g_end;

	*wide = false;
	for (level = 0; level < LEVELS; level++) {
		if (!ix->at_level[level])
			continue;
		g_end = granule(hi, level);
		if (g_end - granule(lo, level) >= PROBE_MAX) {
			*wide = true;
			return NULL;
		}
		for (g = granule(lo, level);; g++) {
			for (n = *range_bucket(ix, g, level); n; n = n->next)
				if (n->level == level && match(n->m, arg) &&
				    newer(n->m, best))
					best = n->m;
			if (g == g_end)
				break;
		}
	}
	return best;
}

void dmart_dev_add_map(struct dmart_dev *d, struct dmart_map *m)
{
	m->dev = d;
	m->seq = ++map_seq;
	m->next = d->maps;
	if (m->next)
		m->next->pprev = &m->next;
	m->pprev = &d->maps;
	d->maps = m;
	hn_link(&bus_bucket[hash_key(m->bus)], &m->hn[HN_BUS], m);
	range_add(&bus_index, &m->hn[HN_RANGE], m, m->bus, m->size);
	if (m->has_phys)
		range_add(&phys_index, &m->hn[HN_PHYS], m, m->phys, m->size);
	hn_link(&sg_pending, &m->hn[HN_SG], m);
}

/* Unlink @m and keep it a while, so later misuse can name its origin. */
void dmart_dev_remove_map(struct dmart_dev *d, struct dmart_map *m,
			  const struct dmart_call *c)
{
	if (m->pprev) {
		*m->pprev = m->next;
		if (m->next)
			m->next->pprev = m->pprev;
		m->pprev = NULL;
	}
	m->next = NULL;
	hn_unlink(&m->hn[HN_BUS]);
	range_del(&bus_index, &m->hn[HN_RANGE]);
	range_del(&phys_index, &m->hn[HN_PHYS]);
	hn_unlink(&m->hn[HN_SG]);
	if (c)
		m->released_at = *c;
	free(d->released[d->released_pos]);
	d->released[d->released_pos] = m;
	d->released_pos = (d->released_pos + 1) % DMART_RELEASED_RING;
}

/* From node @n of an exact-bus chain: the first mapping of @d at @bus. */
static struct dmart_map *bus_from(struct dmart_hnode *n, struct dmart_dev *d,
				  dma_addr_t bus)
{
	for (; n; n = n->next)
		if (n->m->dev == d && n->m->bus == bus)
			return n->m;
	return NULL;
}

struct dmart_map *dmart_find_bus(struct dmart_dev *d, dma_addr_t bus)
{
	return bus_from(bus_bucket[hash_key(bus)], d, bus);
}

/* The next older live mapping of the same device at the same address. */
struct dmart_map *dmart_next_bus(struct dmart_map *m)
{
	return bus_from(m->hn[HN_BUS].next, m->dev, m->bus);
}

static bool contains(const struct dmart_map *m, dma_addr_t bus, size_t len)
{
	return bus >= m->bus && bus - m->bus < m->size &&
		len <= m->size - (bus - m->bus);
}

/* By last bytes, not ends: bus + len may run past the top and wrap. */
static bool overlaps(const struct dmart_map *m, dma_addr_t bus, size_t len)
{
	return m->size && bus <= last_byte(m->bus, m->size) &&
		m->bus <= last_byte(bus, len);
}

struct bus_query {
	const struct dmart_dev *dev;	/* this device only, or ... */
	const struct dmart_dev *except;	/* ... any device but this one */
	dma_addr_t bus;
	size_t len;
};

static bool query_dev(const struct dmart_map *m, const struct bus_query *q)
{
	return q->dev ? m->dev == q->dev : m->dev != q->except;
}

static bool match_contains(const struct dmart_map *m, const void *arg)
{
	const struct bus_query *q = arg;

	return query_dev(m, q) && contains(m, q->bus, q->len);
}

static bool match_overlaps(const struct dmart_map *m, const void *arg)
{
	const struct bus_query *q = arg;

	return query_dev(m, q) && overlaps(m, q->bus, q->len);
}

/* A mapping that contains [bus, bus + len), else one that overlaps it. */
struct dmart_map *dmart_find_containing(struct dmart_dev *d, dma_addr_t bus,
					size_t len)
{
	struct bus_query q = { d, NULL, bus, len };
	struct dmart_map *m;
	bool wide;

	/* Whatever contains the range contains its first byte. */
	m = range_find(&bus_index, bus, bus, match_contains, &q, &wide);
	if (m)
		return m;
	m = range_find(&bus_index, bus, last_byte(bus, len), match_overlaps, &q,
		       &wide);
	if (!wide)
		return m;
	/* A range of many granules and nothing containing it: walk. */
	for (m = d->maps; m; m = m->next)
		if (overlaps(m, bus, len))
			return m;
	return NULL;
}

struct dmart_map *dmart_find_released(struct dmart_dev *d, dma_addr_t bus,
				      size_t len)
{
	unsigned int i, k;

	/* Newest first: the most recent release is the likeliest culprit. */
	for (i = 0; i < DMART_RELEASED_RING; i++) {
		k = (d->released_pos + DMART_RELEASED_RING - 1 - i) % DMART_RELEASED_RING;
		if (d->released[k] && overlaps(d->released[k], bus, len))
			return d->released[k];
	}
	return NULL;
}

/*
 * A segment's list is set after dmart_map_range() added it: every new
 * mapping waits here, and the first sg lookup files the ones that have a
 * list by then (each mapping once: O(1) amortized).
 */
static void sg_file_pending(void)
{
	struct dmart_hnode *n, *oldest = NULL;

	/* Reverse first, so that the chains stay newest first. */
	while ((n = sg_pending)) {
		hn_unlink(n);
		n->next = oldest;
		oldest = n;
	}
	while ((n = oldest)) {
		oldest = n->next;
		n->next = NULL;
		if (n->m->sg)
			hn_link(&sg_bucket[hash_key((uintptr_t)n->m->sg)], n, n->m);
	}
}

static struct dmart_map *sg_from(struct dmart_hnode *n, struct dmart_dev *d,
				 struct scatterlist *sg)
{
	for (; n; n = n->next)
		if (n->m->dev == d && n->m->sg == sg &&
		    (n->m->fam == FAM_SG || n->m->fam == FAM_NONCONTIG))
			return n->m;
	return NULL;
}

struct dmart_map *dmart_find_sg(struct dmart_dev *d, struct scatterlist *sg)
{
	sg_file_pending();
	return sg_from(sg_bucket[hash_key((uintptr_t)sg)], d, sg);
}

/* The next older live segment of the same device and list. */
struct dmart_map *dmart_next_sg(struct dmart_map *m)
{
	return sg_from(m->hn[HN_SG].next, m->dev, m->sg);
}

struct dmart_map *dmart_find_any_device(dma_addr_t bus, size_t len,
					struct dmart_dev *except)
{
	struct bus_query q = { NULL, except, bus, len };
	bool wide;

	return range_find(&bus_index, bus, bus, match_contains, &q, &wide);
}

struct phys_query {
	phys_addr_t lo, hi;
	bool (*want)(const struct dmart_map *m);
};

static bool match_phys(const struct dmart_map *m, const void *arg)
{
	const struct phys_query *q = arg;

	return m->has_phys && m->phys < q->hi && q->lo < m->phys + m->size &&
		q->want(m);
}

/* A live mapping @want accepts overlapping physical [lo, hi), newest first. */
struct dmart_map *dmart_find_phys(phys_addr_t lo, phys_addr_t hi,
				  bool (*want)(const struct dmart_map *m))
{
	struct phys_query q = { lo, hi, want };
	struct dmart_map *m, *best = NULL;
	struct dmart_dev *d;
	bool wide;

	if (hi <= lo)
		return NULL;
	m = range_find(&phys_index, lo, hi - 1, match_phys, &q, &wide);
	if (!wide)
		return m;
	for (d = devices; d && !best; d = d->next)
		for (m = d->maps; m && !best; m = m->next)
			if (match_phys(m, &q))
				best = m;
	return best;
}

/* --- device lifecycle --- */

/*
 * Released devices, newest last: a second destroy passes a pointer that
 * may be freed memory, so it is recognised by value, never dereferenced.
 */
#define GRAVES 64
static struct {
	const struct device *dev;
	char name[64];
} graves[GRAVES];
static unsigned int grave_pos;

/* The live state of @dev, found by pointer value alone. */
static struct dmart_dev *live_dev(const struct device *dev)
{
	struct dmart_dev *d;

	for (d = devices; d; d = d->next)
		if (d->dev == dev)
			return d;
	return NULL;
}

static const char *grave_name(const struct device *dev)
{
	unsigned int i, k;

	for (i = 0; i < GRAVES; i++) {
		k = (grave_pos + GRAVES - 1 - i) % GRAVES;
		if (graves[k].dev == dev)
			return graves[k].name;
	}
	return NULL;
}

static void bury(struct dmart_dev *d)
{
	graves[grave_pos].dev = d->dev;
	memcpy(graves[grave_pos].name, d->name, sizeof(d->name));
	grave_pos = (grave_pos + 1) % GRAVES;
}

static void unbury(const struct device *dev)
{
	unsigned int i;

	for (i = 0; i < GRAVES; i++)
		if (graves[i].dev == dev)
			graves[i].dev = NULL;
}

/* @dev is not live: say whether it was released or never set up. */
void dmart_not_live(const char *api, const struct device *dev)
{
	const char *name;

	dmart_lock();
	name = grave_name(dev);
	if (name)
		dmart_misuse(name, api, "device already released [dev=%p]", (void *)dev);
	else
		dmart_misuse(NULL, api, "not a device of the runtime (never set up, or released long ago) [dev=%p]",
		       (void *)dev);
	dmart_unlock();
}

static struct dmart_dev *attach(struct device *dev, const char *name, u64 mask,
				unsigned int flags)
{
	struct dmart_dev *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->dev = dev;
	snprintf(d->name, sizeof(d->name), "%s", name ? name : "device");
	d->seq = ++dev_seq;
	d->flags = flags;
	d->mask = mask;
	d->coherent_mask = mask;
	d->iova_next = 0x10000000ULL;
	d->max_seg_size = 65536;
	/* dma_get_seg_boundary() of a device without dma_parms. */
	d->seg_boundary = ULONG_MAX;
	dev->dmart = d;
	if (!dev->dma_mask)
		dev->dma_mask = &dev->coherent_dma_mask;
	*dev->dma_mask = mask;
	dev->coherent_dma_mask = mask;
	if (!dev->init_name)
		dev->init_name = d->name;
	d->next = devices;
	devices = d;
	/* The address is in use again: no longer a released device. */
	unbury(dev);
	return d;
}

/* The state of @dev, attaching a default one to a device we never saw. */
struct dmart_dev *dmart_dev_of(struct device *dev)
{
	struct dmart_dev *d;
	u64 mask;

	if (!dev)
		return NULL;
	if (dev->dmart)
		return dev->dmart;
	dmart_lock();
	mask = dev->dma_mask && *dev->dma_mask ? *dev->dma_mask : DMA_BIT_MASK(32);
	d = dev->dmart ? dev->dmart : attach(dev, dev->init_name, mask, 0);
	dmart_unlock();
	return d;
}

struct dmart_dev *dmart_dev_peek(const struct device *dev)
{
	return dev ? dev->dmart : NULL;
}

int dmart_device_init(struct device *dev, const char *name, u64 dma_mask,
		      unsigned int flags)
{
	struct dmart_dev *d;

	if (!dev) {
		dmart_misuse(name, "dmart_device_init", "NULL device");
		return -EINVAL;
	}
	dmart_lock();
	d = live_dev(dev);
	if (d) {
		/* A second state would orphan the first and its mappings. */
		dmart_misuse(d->name, "dmart_device_init", "device already set up [dev=%p]",
		       (void *)dev);
		dmart_unlock();
		return -EBUSY;
	}
	d = attach(dev, name, dma_mask, flags);
	dmart_unlock();
	return d ? 0 : -ENOMEM;
}

struct device *dmart_device_create(const char *name, u64 dma_mask,
				   unsigned int flags)
{
	struct device *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return NULL;
	if (dmart_device_init(dev, name, dma_mask, flags)) {
		free(dev);
		return NULL;
	}
	dev->dmart->owned = true;
	return dev;
}

const char *dmart_family_name(enum dmart_family fam)
{
	static const char *const names[] = {
		[FAM_SINGLE] = "single",
		[FAM_PAGE] = "page",
		[FAM_RESOURCE] = "resource",
		[FAM_SG] = "scatter-gather",
		[FAM_COHERENT] = "coherent",
		[FAM_NONCOHERENT] = "noncoherent",
		[FAM_PAGES] = "pages",
		[FAM_NONCONTIG] = "noncontiguous",
		[FAM_POOL] = "pool",
		[FAM_USB_COHERENT] = "usb-coherent",
	};

	return names[fam];
}

void dmart_dump_dev(FILE *out, struct dmart_dev *d)
{
	struct dmart_map *m;

	fprintf(out, "dmart: device %s mask=0x%llx%s%s\n", d->name,
		(unsigned long long)d->mask,
		d->flags & DMART_IOMMU ? " iommu" : "",
		d->flags & DMART_NONCOHERENT ? " noncoherent" : "");
	for (m = d->maps; m; m = m->next) {
		if (m->internal)
			continue;
		fprintf(out, "dmart:   %s idx %d P=0x%llx D=0x%llx L=%zu %s %s",
			dmart_family_name(m->fam), m->sg ? (int)(m->sg_nents) : 0,
			(unsigned long long)m->phys, (unsigned long long)m->bus,
			m->size, dmart_dir_name(m->dir),
			m->bounce ? "bounced" : (m->shadow ? "noncoherent" : "direct"));
		if (m->at.file)
			fprintf(out, " mapped at %s:%d by %s", m->at.file,
				m->at.line, m->api);
		fputc('\n', out);
	}
}

static void release_devres(struct dmart_dev *d)
{
	while (d->devres) {
		struct dmart_devres *r = d->devres;

		d->devres = r->next;
		if (r->action)
			r->action(r->ptr);
		else
			kfree(r->ptr);
		free(r);
	}
}

/* dma-debug's dma_debug_device_change(): report what is still pending. */
static void release_checks(struct dmart_dev *d)
{
	struct dmart_call c = { "device release", NULL, 0 };
	struct dmart_map *m, *next;

	dmart_pools_release(d);
	for (m = d->maps; m; m = next) {
		next = m->next;
		if (!m->managed && !m->internal)
			dmart_report(RULE_DMC002, &c, d, m,
				     "device driver has pending DMA %s %s while released from device [device address=0x%016llx] [size=%zu bytes]",
				     dmart_family_name(m->fam),
				     m->fam >= FAM_COHERENT ? "allocation" : "mapping",
				     (unsigned long long)m->bus, m->size);
		dmart_unmap_entry(d, m, NULL, false);
	}
}

static void detach(struct dmart_dev *d)
{
	struct dmart_dev **pp;
	unsigned int i;

	for (pp = &devices; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	for (i = 0; i < DMART_RELEASED_RING; i++)
		free(d->released[i]);
	bury(d);
	d->dev->dmart = NULL;
	free(d);
}

static void release(struct dmart_dev *d)
{
	/* Channels first: stopping them waits for callbacks, unlocked. */
	dmart_dmaengine_release_dev(d);
	dmart_lock();
	release_checks(d);
	release_devres(d);
	detach(d);
	dmart_unlock();
}

/* The live state of @dev for @api, or NULL after reporting the misuse. */
static struct dmart_dev *live_for(const char *api, const struct device *dev)
{
	struct dmart_dev *d;

	if (!dev) {
		dmart_misuse(NULL, api, "NULL device");
		return NULL;
	}
	dmart_lock();
	d = live_dev(dev);
	dmart_unlock();
	if (!d)
		dmart_not_live(api, dev);
	return d;
}

void dmart_device_exit(struct device *dev)
{
	struct dmart_dev *d = live_for("dmart_device_exit", dev);

	if (d)
		release(d);
}

void dmart_device_destroy(struct device *dev)
{
	struct dmart_dev *d = live_for("dmart_device_destroy", dev);
	bool owned;

	if (!d)
		return;
	owned = d->owned;
	release(d);
	if (owned)
		free(dev);
}

struct pci_dev *dmart_pci_device_create(const char *name, u64 dma_mask,
					unsigned int flags)
{
	struct pci_dev *pdev = calloc(1, sizeof(*pdev));
	static struct pci_bus bus0;

	if (!pdev)
		return NULL;
	pdev->bus = &bus0;
	pdev->dev.dma_mask = &pdev->dma_mask;
	pdev->irq = 16;
	if (dmart_device_init(&pdev->dev, name, dma_mask, flags)) {
		free(pdev);
		return NULL;
	}
	pdev->dev.dmart->is_pci = true;
	return pdev;
}

void dmart_pci_device_destroy(struct pci_dev *pdev)
{
	const char *api = "dmart_pci_device_destroy";
	struct dmart_dev *d;
	int i;

	/* &pdev->dev of a NULL pdev would be undefined: check first. */
	if (!pdev) {
		dmart_misuse(NULL, api, "NULL device");
		return;
	}
	d = live_for(api, &pdev->dev);
	if (!d)
		return;
	if (!d->is_pci) {
		dmart_misuse(d->name, api, "device not made by dmart_pci_device_create() [dev=%p]",
		       (void *)&pdev->dev);
		return;
	}
	release(d);
	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		free(pdev->dmart_bars[i]);
	free(pdev);
}

const char *dev_name(const struct device *dev)
{
	const struct dmart_dev *d = dmart_dev_peek(dev);

	if (d)
		return d->name;
	return dev && dev->init_name ? dev->init_name : "(null)";
}

struct device *get_device(struct device *dev)
{
	return dev;
}

void put_device(struct device *dev)
{
}

/* --- devres --- */

static void *devres_add(struct device *dev, void *ptr, void (*action)(void *))
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_devres *r;

	if ((!ptr && !action) || !d)
		return ptr;
	r = calloc(1, sizeof(*r));
	if (!r)
		return ptr;
	r->ptr = ptr;
	r->action = action;
	dmart_lock();
	r->next = d->devres;
	d->devres = r;
	dmart_unlock();
	return ptr;
}

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devres_add(dev, kmalloc(size, gfp), NULL);
}

void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}

void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	return __builtin_mul_overflow(n, size, &bytes) ? NULL :
		devm_kmalloc(dev, bytes, gfp);
}

void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	return devm_kmalloc_array(dev, n, size, gfp | __GFP_ZERO);
}

char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	return devres_add(dev, kstrdup(s, gfp), NULL);
}

void devm_kfree(struct device *dev, const void *p)
{
	struct dmart_dev *d = dmart_dev_peek(dev);
	struct dmart_devres **pp;

	if (!d)
		return;
	dmart_lock();
	for (pp = &d->devres; *pp; pp = &(*pp)->next) {
		if ((*pp)->ptr == p && !(*pp)->action) {
			struct dmart_devres *r = *pp;

			*pp = r->next;
			kfree(r->ptr);
			free(r);
			break;
		}
	}
	dmart_unlock();
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	devres_add(dev, data, action);
	return 0;
}
