// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart scatterlist mappings: dma_map_sg() and its unmap and sync
 * calls, with dma-debug's checks (check_sg_segment(), the sg side of
 * check_unmap() and check_sync()).  An IOMMU device gets one IOVA range per
 * list, merging neighbours within its segment limits.
 */
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include "internal.h"

#define CALL(name) struct dmart_call c = dmart_call(name)

static struct device *pdev_dev(struct pci_dev *pdev)
{
	return pdev ? &pdev->dev : NULL;
}

static void *sg_cpu(struct scatterlist *s)
{
	if (s->dmart_virt)
		return s->dmart_virt;
	if (!sg_page(s))
		return NULL;
	return (char *)page_address(sg_page(s)) + s->offset;
}

/* The list holds @nents entries, each within its buffer: before any IOVA. */
static bool sg_list_ok(const struct dmart_call *c, struct dmart_dev *d,
		       struct scatterlist *sg, int nents)
{
	struct scatterlist *s;
	int i;

	for (i = 0, s = sg; s && i < nents; i++, s = sg_next(s))
		if (!dmart_check_room(c, d, sg_cpu(s), s->length))
			return false;
	if (i == nents)
		return true;
	dmart_report(RULE_DMC003, c, d, NULL,
		     "device driver maps a scatterlist with more entries than it holds [nents=%d] [entries=%d] [sg=%p]",
		     nents, i, (void *)sg);
	return false;
}

static bool crosses(u64 start, u64 len, unsigned long boundary)
{
	return len && ((start ^ (start + len - 1)) & ~(u64)boundary);
}

/* An IOMMU merges contiguous neighbours within the device's limits. */
static bool merges(struct dmart_dev *d, struct scatterlist *out,
		   dma_addr_t bus, unsigned int len)
{
	u64 start = sg_dma_address(out), merged = (u64)sg_dma_len(out) + len;

	return (d->flags & DMART_IOMMU) && start + sg_dma_len(out) == bus &&
		merged <= d->max_seg_size && !crosses(start, merged, d->seg_boundary);
}

/* One IOVA range for the whole list, as an IOMMU maps it. */
static u64 reserve_list(struct dmart_dev *d, struct scatterlist *sg, int nents)
{
	struct scatterlist *s;
	size_t total = 0;
	int i;

	for_each_sg(sg, s, nents, i)
		total += PAGE_ALIGN((s->offset & ~PAGE_MASK) + s->length);
	return dmart_iova_reserve(d, total);
}

/* Map every entry and fill the DMA side of the list; 0 undoes it all. */
static int map_entries(const struct dmart_call *c, struct dmart_dev *d,
		       struct scatterlist *sg, int nents, int dir,
		       unsigned long attrs, enum dmart_family fam)
{
	u64 next_iova = d->flags & DMART_IOMMU ? reserve_list(d, sg, nents) : 0;
	struct scatterlist *s, *out = NULL;
	struct dmart_map *m;
	int i, count = 0;

	for_each_sg(sg, s, nents, i) {
		struct dmart_call set_at = { s->dmart_set_api, s->dmart_set_file,
					     s->dmart_set_line };

		dmart_set_kind_origin(&set_at);
		m = dmart_map_range(c, d, sg_cpu(s), s->length, dir, fam, attrs,
				    true, next_iova);
		dmart_set_kind_origin(NULL);
		if (!m)
			goto unwind;
		m->sg = sg;
		m->sg_nents = nents;
		if (next_iova)
			next_iova += PAGE_ALIGN((m->bus & ~PAGE_MASK) + s->length);
		if (out && merges(d, out, m->bus, s->length)) {
			sg_dma_len(out) += s->length;
		} else {
			out = out ? sg_next(out) : sg;
			sg_dma_address(out) = m->bus;
			sg_dma_len(out) = s->length;
			count++;
		}
	}
	for (s = sg_next(out), i = count; s && i < nents; s = sg_next(s), i++)
		sg_dma_len(s) = 0;
	for (m = dmart_find_sg(d, sg); m; m = dmart_next_sg(m))
		if (m->fam == fam)
			m->sg_mapped = count;
	return count;
unwind:
	while ((m = dmart_find_sg(d, sg)))
		dmart_unmap_entry(d, m, NULL, false);
	return 0;
}

/*
 * dma-debug's check_sg_segment(): each DMA segment within the device's
 * max_seg_size and seg_boundary.  The driver's own lists only: usbcore's
 * host controllers take any segment (xhci sets UINT_MAX).
 */
static void check_segments(const struct dmart_call *c, struct dmart_dev *d,
			   struct scatterlist *sg, int count)
{
	struct scatterlist *s;
	int i;

	if (!strncmp(c->api, "usb_", 4))
		return;
	for_each_sg(sg, s, count, i) {
		u64 start = sg_dma_address(s), len = sg_dma_len(s);

		if (len > d->max_seg_size)
			dmart_report(RULE_DMC025, c, d, NULL,
				     "device driver maps sg segment longer than device claims to support [len=%llu] [max=%u]",
				     (unsigned long long)len, d->max_seg_size);
		if (crosses(start, len, d->seg_boundary))
			dmart_report(RULE_DMC025, c, d, NULL,
				     "device driver maps sg segment across boundary [start=0x%016llx] [end=0x%016llx] [boundary=0x%016llx]",
				     (unsigned long long)start,
				     (unsigned long long)(start + len - 1),
				     (unsigned long long)d->seg_boundary);
	}
}

int dmart_map_sg(const struct dmart_call *c, struct device *dev,
		 struct scatterlist *sg, int nents, int dir, unsigned long attrs,
		 enum dmart_family fam)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	int count = 0;

	/* No dma-debug check: the kernel itself oopses on a NULL device. */
	if (!d || nents <= 0)
		return 0;
	dmart_lock();
	if (dmart_bad_dir(c, d, "maps a scatterlist", dir) ||
	    !sg_list_ok(c, d, sg, nents))
		goto out;
	if (fam == FAM_SG && dmart_should_fail(FAULT_MAP_SG, c))
		goto out;
	count = map_entries(c, d, sg, nents, dir, attrs, fam);
	if (count && fam == FAM_SG)
		check_segments(c, d, sg, count);
out:
	if (!count && fam == FAM_SG && c->file) {
		d->failed_sg = sg;
		d->failed_sg_at = *c;
	}
	dmart_unlock();
	return count;
}

static bool released_sg(struct dmart_dev *d, struct scatterlist *sg,
			struct dmart_map **out)
{
	unsigned int i;

	for (i = 0; i < DMART_RELEASED_RING; i++) {
		struct dmart_map *m = d->released[i];

		if (m && m->sg == sg) {
			*out = m;
			return true;
		}
	}
	return false;
}

static void report_sg_missing(const struct dmart_call *c, struct dmart_dev *d,
			      struct scatterlist *sg, bool sync)
{
	const char *verb = sync ? "syncs" : "frees";
	struct dmart_map *old;

	if (d && released_sg(d, sg, &old)) {
		dmart_report(sync ? RULE_DMC009 : RULE_DMC008, c, d, old,
			     "device driver %s DMA sg list it has already unmapped [sg=%p]",
			     verb, (void *)sg);
	} else if (d && d->failed_sg == sg) {
		dmart_report_from(RULE_DMC001, c, d, &d->failed_sg_at,
			     "device driver %s DMA sg list whose dma_map_sg() failed: the 0 it returned was used as a count [sg=%p]",
			     verb, (void *)sg);
	} else
		dmart_report(sync ? RULE_DMC007 : RULE_DMC008, c, d, NULL,
			     "device driver %s DMA sg list it has not mapped [sg=%p]",
			     verb, (void *)sg);
}

/* The sg side of check_unmap() and check_sync(); @d may be NULL. */
static struct dmart_map *check_sg(const struct dmart_call *c, struct dmart_dev *d,
				  struct scatterlist *sg, int nents, int dir,
				  bool accept_mapped, bool sync)
{
	struct dmart_map *m = d ? dmart_find_sg(d, sg) : NULL;
	bool dir_ok;

	if (!m) {
		report_sg_missing(c, d, sg, sync);
		return NULL;
	}
	if (!sync && m->fam != FAM_SG) {
		/* A noncontiguous allocation's list: its memory stays allocated. */
		dmart_report(RULE_DMC007, c, d, m,
			     "device driver frees DMA sg list with wrong function [sg=%p] [mapped as %s] [unmapped as %s]",
			     (void *)sg, dmart_family_name(m->fam),
			     dmart_family_name(FAM_SG));
		return NULL;
	}
	if (nents != m->sg_nents && !(accept_mapped && nents == m->sg_mapped))
		dmart_report(RULE_DMC003, c, d, m,
			     "device driver %s DMA sg list with different entry count [map count=%d] [%s count=%d] [dma_map_sg returned %d]",
			     sync ? "syncs" : "frees", m->sg_nents,
			     sync ? "sync" : "unmap", nents, m->sg_mapped);
	dir_ok = sync ? dmart_sync_dir_ok(m->dir, dir) : dir == (int)m->dir;
	if (valid_dma_direction(dir) && !dir_ok)
		dmart_report(RULE_DMC011, c, d, m,
			     "device driver %s DMA sg list with different direction [mapped with %s] [%s with %s]",
			     sync ? "syncs" : "frees", dmart_dir_name(m->dir),
			     sync ? "synced" : "unmapped", dmart_dir_name(dir));
	return m;
}

void dmart_unmap_sg(const struct dmart_call *c, struct device *dev,
		    struct scatterlist *sg, int nents, int dir, unsigned long attrs,
		    bool accept_mapped)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m, *next;

	dmart_lock();
	dmart_bad_dir(c, d, "frees DMA sg list", dir);
	if (check_sg(c, d, sg, nents, dir, accept_mapped, false)) {
		for (m = dmart_find_sg(d, sg); m; m = next) {
			next = dmart_next_sg(m);
			if (m->fam != FAM_SG)
				continue;
			dmart_check_cpu_write(c, m);
			dmart_unmap_entry(d, m, c, !(attrs & DMA_ATTR_SKIP_CPU_SYNC));
		}
	}
	dmart_unlock();
}

void dmart_sync_sg(const struct dmart_call *c, struct device *dev,
		   struct scatterlist *sg, int nents, int dir, bool for_cpu)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_map *m;

	dmart_lock();
	if (!dmart_bad_dir(c, d, "syncs DMA sg list", dir) &&
	    check_sg(c, d, sg, nents, dir, false, true))
		for (m = dmart_find_sg(d, sg); m; m = dmart_next_sg(m))
			dmart_sync_entry(c, m, 0, m->size, dir, for_cpu);
	dmart_unlock();
}

unsigned long dma_get_seg_boundary(struct device *dev)
{
	struct dmart_dev *d = dmart_dev_of(dev);

	return d ? d->seg_boundary : ULONG_MAX;
}

unsigned int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			      enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_map_sg_attrs");
	return dmart_map_sg(&c, dev, sg, nents, dir, attrs, FAM_SG);
}

unsigned int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir)
{
	CALL("dma_map_sg");
	return dmart_map_sg(&c, dev, sg, nents, dir, 0, FAM_SG);
}

void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_unmap_sg_attrs");
	dmart_unmap_sg(&c, dev, sg, nents, dir, attrs, false);
}

void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
		  enum dma_data_direction dir)
{
	CALL("dma_unmap_sg");
	dmart_unmap_sg(&c, dev, sg, nents, dir, 0, false);
}

int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_map_sgtable");
	int n = dmart_map_sg(&c, dev, sgt->sgl, sgt->orig_nents, dir, attrs, FAM_SG);

	if (n <= 0)
		return -ENOMEM;
	sgt->nents = n;
	return 0;
}

void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs)
{
	CALL("dma_unmap_sgtable");
	dmart_unmap_sg(&c, dev, sgt->sgl, sgt->orig_nents, dir, attrs, false);
}

void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nelems,
			 enum dma_data_direction dir)
{
	CALL("dma_sync_sg_for_cpu");
	dmart_sync_sg(&c, dev, sg, nelems, dir, true);
}

void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg, int nelems,
			    enum dma_data_direction dir)
{
	CALL("dma_sync_sg_for_device");
	dmart_sync_sg(&c, dev, sg, nelems, dir, false);
}

void dma_sync_sgtable_for_cpu(struct device *dev, struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	CALL("dma_sync_sgtable_for_cpu");
	dmart_sync_sg(&c, dev, sgt->sgl, sgt->orig_nents, dir, true);
}

void dma_sync_sgtable_for_device(struct device *dev, struct sg_table *sgt,
				 enum dma_data_direction dir)
{
	CALL("dma_sync_sgtable_for_device");
	dmart_sync_sg(&c, dev, sgt->sgl, sgt->orig_nents, dir, false);
}

int pci_map_sg(struct pci_dev *hwdev, struct scatterlist *sg, int nents,
	       int direction)
{
	CALL("pci_map_sg");
	return dmart_map_sg(&c, pdev_dev(hwdev), sg, nents, direction, 0, FAM_SG);
}

void pci_unmap_sg(struct pci_dev *hwdev, struct scatterlist *sg, int nents,
		  int direction)
{
	CALL("pci_unmap_sg");
	dmart_unmap_sg(&c, pdev_dev(hwdev), sg, nents, direction, 0, false);
}

void pci_dma_sync_sg_for_cpu(struct pci_dev *hwdev, struct scatterlist *sg,
			     int nelems, int direction)
{
	CALL("pci_dma_sync_sg_for_cpu");
	dmart_sync_sg(&c, pdev_dev(hwdev), sg, nelems, direction, true);
}

void pci_dma_sync_sg_for_device(struct pci_dev *hwdev, struct scatterlist *sg,
				int nelems, int direction)
{
	CALL("pci_dma_sync_sg_for_device");
	dmart_sync_sg(&c, pdev_dev(hwdev), sg, nelems, direction, false);
}
