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

struct dmart_dev *dmart_dev_list(void)
{
	return devices;
}

static struct dmart_dev *attach(struct device *dev, const char *name, u64 mask,
				unsigned int flags)
{
	struct dmart_dev *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->dev = dev;
	snprintf(d->name, sizeof(d->name), "%s", name ? name : "device");
	d->flags = flags;
	d->mask = mask;
	d->coherent_mask = mask;
	d->iova_next = 0x10000000ULL;
	d->max_seg_size = 65536;
	d->seg_boundary = 0xffffffffUL;
	dev->dmart = d;
	if (!dev->dma_mask)
		dev->dma_mask = &dev->coherent_dma_mask;
	*dev->dma_mask = mask;
	dev->coherent_dma_mask = mask;
	if (!dev->init_name)
		dev->init_name = d->name;
	d->next = devices;
	devices = d;
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

	dmart_lock();
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

void dmart_dev_add_map(struct dmart_dev *d, struct dmart_map *m)
{
	m->dev = d;
	m->next = d->maps;
	d->maps = m;
}

/* Unlink @m and keep it a while, so later misuse can name its origin. */
void dmart_dev_remove_map(struct dmart_dev *d, struct dmart_map *m,
			  const struct dmart_call *c)
{
	struct dmart_map **pp;

	for (pp = &d->maps; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	}
	m->next = NULL;
	if (c)
		m->released_at = *c;
	free(d->released[d->released_pos]);
	d->released[d->released_pos] = m;
	d->released_pos = (d->released_pos + 1) % DMART_RELEASED_RING;
}

struct dmart_map *dmart_find_bus(struct dmart_dev *d, dma_addr_t bus)
{
	struct dmart_map *m;

	for (m = d->maps; m; m = m->next)
		if (m->bus == bus)
			return m;
	return NULL;
}

static bool contains(const struct dmart_map *m, dma_addr_t bus, size_t len)
{
	return bus >= m->bus && bus - m->bus < m->size &&
		len <= m->size - (bus - m->bus);
}

static bool overlaps(const struct dmart_map *m, dma_addr_t bus, size_t len)
{
	return bus < m->bus + m->size && m->bus < bus + (len ? len : 1);
}

struct dmart_map *dmart_find_containing(struct dmart_dev *d, dma_addr_t bus,
					size_t len)
{
	struct dmart_map *m, *part = NULL;

	for (m = d->maps; m; m = m->next) {
		if (contains(m, bus, len))
			return m;
		if (!part && overlaps(m, bus, len))
			part = m;
	}
	return part;
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

struct dmart_map *dmart_find_sg(struct dmart_dev *d, struct scatterlist *sg)
{
	struct dmart_map *m;

	for (m = d->maps; m; m = m->next)
		if ((m->fam == FAM_SG || m->fam == FAM_NONCONTIG) && m->sg == sg)
			return m;
	return NULL;
}

struct dmart_map *dmart_find_any_device(dma_addr_t bus, size_t len,
					struct dmart_dev *except)
{
	struct dmart_dev *d;
	struct dmart_map *m;

	for (d = devices; d; d = d->next) {
		if (d == except)
			continue;
		for (m = d->maps; m; m = m->next)
			if (contains(m, bus, len))
				return m;
	}
	return NULL;
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
	d->dev->dmart = NULL;
	free(d);
}

void dmart_device_exit(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_peek(dev);

	if (!d)
		return;
	/* Channels first: stopping them waits for callbacks, unlocked. */
	dmart_dmaengine_release_dev(d);
	dmart_lock();
	release_checks(d);
	release_devres(d);
	detach(d);
	dmart_unlock();
}

void dmart_device_destroy(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_peek(dev);
	bool owned = d && d->owned;

	dmart_device_exit(dev);
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
	return pdev;
}

void dmart_pci_device_destroy(struct pci_dev *pdev)
{
	int i;

	if (!pdev)
		return;
	dmart_device_exit(&pdev->dev);
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
