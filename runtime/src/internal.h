/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart internals shared by the runtime's sources.  One big recursive
 * lock (dmart_lock) guards all simulated state; the deferred-work thread
 * takes it too, and drops it around driver callbacks.
 */
#ifndef DMART_INTERNAL_H
#define DMART_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <dmart.h>

/* Rules, by their stable id, straight from rules/checks.def. */
enum dmart_rule {
#define DMA_CHECK(ID, NAME, SEVERITY, STATIC, RUNTIME, CHECKER, SUMMARY) RULE_##ID,
#include "rules/checks.def"
#undef DMA_CHECK
	RULE_COUNT
};

/* Where and through which entry point a call was made. */
struct dmart_call {
	const char *api;
	const char *file;
	int line;
};

struct dmart_call dmart_call(const char *api);

/* Mapping families; a release must match the family of its creation. */
enum dmart_family {
	FAM_SINGLE,
	FAM_PAGE,
	FAM_RESOURCE,
	FAM_SG,
	FAM_COHERENT,
	FAM_NONCOHERENT,
	FAM_PAGES,
	FAM_NONCONTIG,
	FAM_POOL,
	FAM_USB_COHERENT,
};

const char *dmart_family_name(enum dmart_family fam);

/* What kind of memory an address is. */
enum dmart_kind {
	KIND_LINEAR,
	KIND_VMALLOC,
	KIND_KMAP,
	KIND_STACK,
	KIND_IMAGE,
	KIND_FOREIGN,
};

/* A mapping's link in one of device.c's lookup indexes. */
struct dmart_hnode {
	struct dmart_hnode *next, **pprev;
	struct dmart_map *m;
	unsigned int level;		/* range indexes: granule level */
};

/* Index links: exact bus, bus range (2), phys range (2), scatterlist. */
#define DMART_HNODES 6

/* One live (or recently released) mapping or allocation of a device. */
struct dmart_map {
	struct dmart_map *next;
	struct dmart_map **pprev;	/* in dev->maps, for O(1) unlink */
	u64 seq;			/* creation order: lookups prefer newest */
	struct dmart_hnode hn[DMART_HNODES];
	struct dmart_dev *dev;
	enum dmart_family fam;
	const char *api;
	struct dmart_call at;		/* where it was made */
	struct dmart_call released_at;
	dma_addr_t bus;
	size_t size;
	enum dma_data_direction dir;
	phys_addr_t phys;
	bool has_phys;
	void *cpu;			/* the CPU's copy */
	void *devmem;			/* what the device reads and writes */
	void *bounce;			/* swiotlb slot (low zone) or NULL */
	void *shadow;			/* non-coherent device copy or NULL */
	u64 iova;
	size_t iova_len;
	bool managed;
	bool checked;			/* dma_mapping_error() seen */
	bool dev_owns;
	bool internal;			/* runtime-owned, e.g. pool pages */
	u64 cpu_hash;
	struct scatterlist *sg;		/* first entry of an sg mapping */
	int sg_nents;
	int sg_mapped;
	void *tag;			/* sg_table, urb, pool page... */
	unsigned long attrs;
};

#define DMART_RELEASED_RING 64

struct dmart_dev {
	struct device *dev;
	char name[64];
	unsigned int flags;
	bool owned;			/* struct device allocated by us */
	bool is_usb;
	bool is_pci;			/* made by dmart_pci_device_create() */
	u64 seq;			/* creation order of devices */
	u64 mask;
	u64 coherent_mask;
	u64 iova_next;
	struct dmart_map *maps;
	struct dmart_map *released[DMART_RELEASED_RING];
	unsigned int released_pos;
	struct dmart_devres *devres;
	struct dma_pool *pools;
	struct dmart_provided *provided;	/* dmaengine channel names */
	struct dmart_chan *chans;
	struct dmart_dev *next;
	unsigned int max_seg_size;
	unsigned long seg_boundary;
	struct dmart_region *declared;	/* legacy.c: declared coherent memory */
	struct dmart_iova *iovas;	/* iova.c: live dma_iova_try_alloc()s */
	/* The last streaming map and dma_map_sg() that failed: the origin a
	 * later use of their result is reported with. */
	struct dmart_call failed_map;
	struct scatterlist *failed_sg;
	struct dmart_call failed_sg_at;
};

void dmart_lock(void);
void dmart_unlock(void);
void dmart_init(void);

/* report.c */
void dmart_report(enum dmart_rule rule, const struct dmart_call *c,
		  const struct dmart_dev *d, const struct dmart_map *m,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/*
 * A report about a value no mapping stands for: @origin (NULL or without
 * a file: none) is where it was made, shown as the "mapped at" site.
 */
void dmart_report_from(enum dmart_rule rule, const struct dmart_call *c,
		       const struct dmart_dev *d,
		       const struct dmart_call *origin, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
const char *dmart_dir_name(int dir);
void dmart_misuse(const char *device, const char *api, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* mem.c: simulated physical memory */
void dmart_mem_init(void);
void *dmart_linear_alloc(size_t size, size_t align, bool low, bool zero);
void dmart_linear_free(const void *p);
size_t dmart_linear_size(const void *p);
bool dmart_is_linear(const void *p);
bool dmart_is_allocated(const void *p, size_t size);
enum dmart_kind dmart_kind_of(const void *p, size_t size);
size_t dmart_room(const void *p);
const char *dmart_kind_name(enum dmart_kind k);
bool dmart_virt_to_phys(const void *p, phys_addr_t *phys);
void *dmart_phys_to_virt(phys_addr_t phys);
u64 dmart_low_zone_end(void);
u64 dmart_high_zone_end(void);
size_t dmart_zone_size(bool low);
void *dmart_vmap_pages(struct page **pages, unsigned int count, int kind);
void dmart_vunmap_area(const void *addr);
void dmart_unpoison(const void *p, size_t size);
void dmart_poison(const void *p, size_t size);

/* device.c */
struct dmart_dev *dmart_dev_of(struct device *dev);
struct dmart_dev *dmart_dev_peek(const struct device *dev);
void dmart_dev_add_map(struct dmart_dev *d, struct dmart_map *m);
void dmart_dev_remove_map(struct dmart_dev *d, struct dmart_map *m,
			  const struct dmart_call *c);
struct dmart_map *dmart_find_bus(struct dmart_dev *d, dma_addr_t bus);
struct dmart_map *dmart_find_containing(struct dmart_dev *d, dma_addr_t bus,
					size_t len);
struct dmart_map *dmart_find_released(struct dmart_dev *d, dma_addr_t bus,
				      size_t len);
struct dmart_map *dmart_find_sg(struct dmart_dev *d, struct scatterlist *sg);
struct dmart_map *dmart_find_any_device(dma_addr_t bus, size_t len,
					struct dmart_dev *except);
struct dmart_map *dmart_next_bus(struct dmart_map *m);
struct dmart_map *dmart_next_sg(struct dmart_map *m);
struct dmart_map *dmart_find_phys(phys_addr_t lo, phys_addr_t hi,
				  bool (*want)(const struct dmart_map *m));
void dmart_dump_dev(FILE *out, struct dmart_dev *d);
bool dmart_filtered(const struct dmart_dev *d);
struct dmart_dev *dmart_dev_list(void);
/* The misuse line for a device not live: released (named) or never known. */
void dmart_not_live(const char *api, const struct device *dev);

/* map.c */
struct dmart_map *dmart_map_range(const struct dmart_call *c, struct dmart_dev *d,
				  void *cpu, size_t size, int dir,
				  enum dmart_family fam, unsigned long attrs,
				  bool check_kind, u64 iova);
void dmart_unmap_entry(struct dmart_dev *d, struct dmart_map *m,
		       const struct dmart_call *c, bool copy_back);
dma_addr_t dmart_map_single(const struct dmart_call *c, struct device *dev,
			    void *ptr, size_t size, int dir, unsigned long attrs,
			    enum dmart_family fam);
void dmart_unmap_single(const struct dmart_call *c, struct device *dev,
			dma_addr_t addr, size_t size, int dir, unsigned long attrs,
			enum dmart_family fam);
void dmart_sync_single(const struct dmart_call *c, struct device *dev,
		       dma_addr_t addr, size_t size, int dir, bool for_cpu);
int dmart_map_sg(const struct dmart_call *c, struct device *dev,
		 struct scatterlist *sg, int nents, int dir, unsigned long attrs,
		 enum dmart_family fam);
void dmart_unmap_sg(const struct dmart_call *c, struct device *dev,
		    struct scatterlist *sg, int nents, int dir, unsigned long attrs,
		    bool accept_mapped_count);
void dmart_sync_sg(const struct dmart_call *c, struct device *dev,
		   struct scatterlist *sg, int nents, int dir, bool for_cpu);
int dmart_mapping_error(const struct dmart_call *c, struct device *dev,
			dma_addr_t addr);
void dmart_sync_entry(const struct dmart_call *c, struct dmart_map *m, size_t off,
		      size_t len, int dir, bool for_cpu);
int dmart_dev_access(const struct dmart_call *c, struct dmart_dev *d,
		     dma_addr_t addr, void *buf, size_t len, bool write);
void dmart_entry_free_resources(struct dmart_map *m);
u64 dmart_hash(const void *p, size_t len);
bool dmart_report_missing(const struct dmart_call *c, struct dmart_dev *d,
			  dma_addr_t addr, size_t size, bool sync);
bool dmart_bad_dir(const struct dmart_call *c, struct dmart_dev *d,
		   const char *what, int dir);
bool dmart_sync_dir_ok(int map_dir, int dir);
bool dmart_check_room(const struct dmart_call *c, struct dmart_dev *d,
		      const void *cpu, size_t size);
u64 dmart_iova_reserve(struct dmart_dev *d, size_t len);
void dmart_check_cpu_write(const struct dmart_call *c, struct dmart_map *m);
bool dmart_atomic_gfp_check(const struct dmart_call *c, struct dmart_dev *d,
			    gfp_t gfp);

/* alloc.c */
void *dmart_alloc_coherent(const struct dmart_call *c, struct device *dev,
			   size_t size, dma_addr_t *handle, gfp_t gfp,
			   enum dmart_family fam, bool managed, bool fault);
void dmart_free_coherent(const struct dmart_call *c, struct device *dev,
			 size_t size, void *cpu, dma_addr_t handle,
			 enum dmart_family fam, bool managed, int dir);
int dmart_set_mask(const struct dmart_call *c, struct device *dev, u64 mask,
		   bool streaming, bool coherent);

/* legacy.c: the region of dma_declare_coherent_memory().  With the lock
 * held, dmart_alloc_coherent() asks it first: a non-NULL return is a
 * finished allocation (entry added, *handle set); NULL with *exclusive set
 * means the region is full and must not fall back to system memory.
 * dmart_free_coherent() offers each entry to dmart_declared_free() before
 * its own release: true means the block went back to the region. */
void *dmart_declared_alloc(const struct dmart_call *c, struct device *dev,
			   size_t size, dma_addr_t *handle, enum dmart_family fam,
			   bool managed, bool *exclusive);
bool dmart_declared_free(const struct dmart_call *c, struct dmart_dev *d,
			 struct dmart_map *m);

/* pool.c */
struct dma_pool;
void dmart_pools_release(struct dmart_dev *d);
struct dma_pool *dmart_pool_create(const struct dmart_call *c, const char *name,
				   struct device *dev, size_t size, size_t align,
				   size_t boundary, bool managed);
void dmart_pool_destroy(const struct dmart_call *c, struct dma_pool *pool);
void *dmart_pool_alloc(const struct dmart_call *c, struct dma_pool *pool,
		       gfp_t gfp, dma_addr_t *handle, bool zero);
void dmart_pool_free(const struct dmart_call *c, struct dma_pool *pool,
		     void *vaddr, dma_addr_t addr);

/* fault.c */
enum dmart_fault {
	FAULT_MAP,
	FAULT_MAP_SG,
	FAULT_ALLOC,
	FAULT_POOL_ALLOC,
	FAULT_PREP,
	FAULT_REQUEST_CHAN,
	FAULT_COUNT,
};
bool dmart_should_fail(enum dmart_fault f, const struct dmart_call *c);
/* The origin of an address virt_to_phys() made (mem.c), for reports of a
 * device reaching it: true and *at set when @addr lies in such a buffer. */
bool dmart_v2p_origin(dma_addr_t addr, struct dmart_call *at);
/* The sg entry whose memory the next map checks (map_sg.c), or NULL. */
void dmart_set_kind_origin(const struct dmart_call *at);
void dmart_sites_env(const char *path);
void dmart_fault_env(const char *spec);

/* work.c: the deferred-work ("tasklet") thread */
typedef void (*dmart_work_fn)(void *arg);
void dmart_work_queue(dmart_work_fn fn, void *arg, void *tag, unsigned int delay_ms);
int dmart_work_cancel(void *tag);
void dmart_work_wait_idle(void *tag);
void dmart_work_drain(void *tag);
bool dmart_in_worker(void);
void dmart_work_flush(void);

/* kernel.c: context tracking */
int dmart_irq_depth(void);
int dmart_spin_depth(void);
void dmart_atomic_enter(void);
void dmart_atomic_exit(void);

/* dmaengine.c / usb.c release hooks */
void dmart_dmaengine_release_dev(struct dmart_dev *d);
void dmart_dmaengine_check_unmap(const struct dmart_call *c, struct dmart_map *m);

/* devres */
struct dmart_devres {
	struct dmart_devres *next;
	void *ptr;
	void (*action)(void *);
};

#endif /* DMART_INTERNAL_H */
