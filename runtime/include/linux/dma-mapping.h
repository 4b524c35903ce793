/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: the DMA mapping API (Documentation/core-api/dma-api.rst).
 * Every entry point is a real function with its kernel name; outside the
 * analyzer a same-named macro also records the caller's file:line.
 *
 * Two generations compile: linux 6.12's (plus the IOVA API of later
 * kernels) and 2.6's DMA-API.txt.  Where 2.6 spelled a name with another
 * argument count (dma_mapping_error(addr), the 4-argument non-coherent
 * allocator, the 5-argument dma_declare_coherent_memory()), the macro picks
 * the form by counting the arguments; the real function keeps the 6.12
 * signature, and the analyzer (__DMACHECK__) sees only that.
 */
#ifndef _LINUX_DMA_MAPPING_H
#define _LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/dma-direction.h>
#include <linux/scatterlist.h>
#include <linux/mm.h>
#include <linux/bug.h>
#include <linux/string.h>
#include <linux/dmart-loc.h>

#define DMA_ATTR_WEAK_ORDERING		(1UL << 1)
#define DMA_ATTR_WRITE_COMBINE		(1UL << 2)
#define DMA_ATTR_NO_KERNEL_MAPPING	(1UL << 4)
#define DMA_ATTR_SKIP_CPU_SYNC		(1UL << 5)
#define DMA_ATTR_FORCE_CONTIGUOUS	(1UL << 6)
#define DMA_ATTR_ALLOC_SINGLE_PAGES	(1UL << 7)
#define DMA_ATTR_NO_WARN		(1UL << 8)
#define DMA_ATTR_PRIVILEGED		(1UL << 9)

#define DMA_MAPPING_ERROR		(~(dma_addr_t)0)
#define DMA_BIT_MASK(n)			(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

/* dma_declare_coherent_memory() flags and results (2.6 DMA-API.txt). */
#define DMA_MEMORY_MAP			0x01
#define DMA_MEMORY_IO			0x02
#define DMA_MEMORY_INCLUDES_CHILDREN	0x04
#define DMA_MEMORY_EXCLUSIVE		0x08

/* One IOVA-based mapping transaction (dma_iova_try_alloc() .. _destroy()). */
struct dma_iova_state {
	dma_addr_t addr;
	u64 __size;
};

#define DMA_IOVA_USE_SWIOTLB		(1ULL << 63)

static inline size_t dma_iova_size(struct dma_iova_state *state)
{
	return (size_t)(state->__size & ~DMA_IOVA_USE_SWIOTLB);
}

#define DEFINE_DMA_UNMAP_ADDR(ADDR_NAME)	dma_addr_t ADDR_NAME
#define DEFINE_DMA_UNMAP_LEN(LEN_NAME)		__u32 LEN_NAME
#define dma_unmap_addr(PTR, ADDR_NAME)		((PTR)->ADDR_NAME)
#define dma_unmap_addr_set(PTR, ADDR_NAME, VAL)	(((PTR)->ADDR_NAME) = (VAL))
#define dma_unmap_len(PTR, LEN_NAME)		((PTR)->LEN_NAME)
#define dma_unmap_len_set(PTR, LEN_NAME, VAL)	(((PTR)->LEN_NAME) = (VAL))

/* Streaming mappings. */
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
			  enum dma_data_direction dir);
dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
				enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir);
void dma_unmap_single_attrs(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs);
dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset,
			size_t size, enum dma_data_direction dir);
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir,
			      unsigned long attrs);
void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir);
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
dma_addr_t dma_map_resource(struct device *dev, phys_addr_t phys_addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_resource(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir, unsigned long attrs);
int dma_mapping_error(struct device *dev, dma_addr_t dma_addr);

unsigned int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir);
unsigned int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			      enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
		  enum dma_data_direction dir);
void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs);
int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs);

/* Ownership transfers. */
void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir);
void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
				enum dma_data_direction dir);
void dma_sync_single_range_for_cpu(struct device *dev, dma_addr_t addr,
				   unsigned long offset, size_t size,
				   enum dma_data_direction dir);
void dma_sync_single_range_for_device(struct device *dev, dma_addr_t addr,
				      unsigned long offset, size_t size,
				      enum dma_data_direction dir);
void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nelems,
			 enum dma_data_direction dir);
void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg, int nelems,
			    enum dma_data_direction dir);
void dma_sync_sgtable_for_cpu(struct device *dev, struct sg_table *sgt,
			      enum dma_data_direction dir);
void dma_sync_sgtable_for_device(struct device *dev, struct sg_table *sgt,
				 enum dma_data_direction dir);
/* 2.6-era forms, removed from current kernels. */
void dma_sync_single(struct device *dev, dma_addr_t dma_handle, size_t size,
		     enum dma_data_direction dir);
void dma_sync_sg(struct device *dev, struct scatterlist *sg, int nelems,
		 enum dma_data_direction dir);
bool dma_need_sync(struct device *dev, dma_addr_t dma_addr);
void dma_sync_single_range(struct device *dev, dma_addr_t dma_handle,
			   unsigned long offset, size_t size,
			   enum dma_data_direction direction);
void dma_cache_sync(struct device *dev, void *vaddr, size_t size,
		    enum dma_data_direction direction);
int dma_is_consistent(struct device *dev, dma_addr_t dma_handle);

/* Declared per-device coherent memory (2.6; the 6.12 form in dma-map-ops.h). */
int dma_declare_coherent_memory(struct device *dev, phys_addr_t phys_addr,
				dma_addr_t device_addr, size_t size);
void dma_release_declared_memory(struct device *dev);
void *dma_mark_declared_memory_occupied(struct device *dev,
					dma_addr_t device_addr, size_t size);

/* IOVA-based mappings (dma-api.rst Part Ie, linux 6.17 and later). */
bool dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			phys_addr_t phys, size_t size);
void dma_iova_free(struct device *dev, struct dma_iova_state *state);
bool dma_use_iova(struct dma_iova_state *state);
int dma_iova_link(struct device *dev, struct dma_iova_state *state,
		  phys_addr_t phys, size_t offset, size_t size,
		  enum dma_data_direction dir, unsigned long attrs);
int dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		  size_t offset, size_t size);
void dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
		     size_t offset, size_t size, enum dma_data_direction dir,
		     unsigned long attrs);
void dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
		      size_t mapped_len, enum dma_data_direction dir,
		      unsigned long attrs);

/* Allocations. */
void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			 gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle);
void *dma_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle,
		      gfp_t flag, unsigned long attrs);
void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t dma_handle, unsigned long attrs);
/* 6.12: dma_alloc_attrs() with DMA_ATTR_WRITE_COMBINE, and its free. */
void *dma_alloc_wc(struct device *dev, size_t size, dma_addr_t *dma_addr,
		   gfp_t gfp);
void dma_free_wc(struct device *dev, size_t size, void *cpu_addr,
		 dma_addr_t dma_addr);
void *dmam_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			  gfp_t gfp);
void *dmam_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle,
		       gfp_t gfp, unsigned long attrs);
void dmam_free_coherent(struct device *dev, size_t size, void *vaddr,
			dma_addr_t dma_handle);
void *dma_alloc_noncoherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			    enum dma_data_direction dir, gfp_t gfp);
void dma_free_noncoherent(struct device *dev, size_t size, void *vaddr,
			  dma_addr_t dma_handle, enum dma_data_direction dir);
struct page *dma_alloc_pages(struct device *dev, size_t size, dma_addr_t *dma_handle,
			     enum dma_data_direction dir, gfp_t gfp);
void dma_free_pages(struct device *dev, size_t size, struct page *page,
		    dma_addr_t dma_handle, enum dma_data_direction dir);
struct sg_table *dma_alloc_noncontiguous(struct device *dev, size_t size,
					 enum dma_data_direction dir, gfp_t gfp,
					 unsigned long attrs);
void dma_free_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt,
			    enum dma_data_direction dir);
void *dma_vmap_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt);
void dma_vunmap_noncontiguous(struct device *dev, void *vaddr);
int dma_mmap_coherent(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		      dma_addr_t dma_addr, size_t size);
int dma_mmap_attrs(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		   dma_addr_t dma_addr, size_t size, unsigned long attrs);
/* 6.12: dma_mmap_attrs() with DMA_ATTR_WRITE_COMBINE, for dma_alloc_wc(). */
int dma_mmap_wc(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
		dma_addr_t dma_addr, size_t size);
int dma_mmap_pages(struct device *dev, struct vm_area_struct *vma, size_t size,
		   struct page *page);
int dma_mmap_noncontiguous(struct device *dev, struct vm_area_struct *vma,
			   size_t size, struct sg_table *sgt);
/*
 * A one-entry sg_table describing a coherent allocation (to export it,
 * e.g. as a dma-buf); the caller frees it with sg_free_table().  6.12's
 * dma_get_sgtable() is a macro passing attrs 0.
 */
int dma_get_sgtable_attrs(struct device *dev, struct sg_table *sgt,
			  void *cpu_addr, dma_addr_t dma_addr, size_t size,
			  unsigned long attrs);
int dma_get_sgtable(struct device *dev, struct sg_table *sgt, void *cpu_addr,
		    dma_addr_t dma_addr, size_t size);

/* Addressing limits and device properties. */
int dma_set_mask(struct device *dev, u64 mask);
int dma_set_coherent_mask(struct device *dev, u64 mask);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);
int dma_coerce_mask_and_coherent(struct device *dev, u64 mask);
int dma_supported(struct device *dev, u64 mask);
u64 dma_get_mask(struct device *dev);
u64 dma_get_required_mask(struct device *dev);
int dma_get_cache_alignment(void);
size_t dma_max_mapping_size(struct device *dev);
size_t dma_opt_mapping_size(struct device *dev);
unsigned long dma_get_merge_boundary(struct device *dev);
bool dma_can_mmap(struct device *dev);
int dma_set_max_seg_size(struct device *dev, unsigned int size);
unsigned int dma_get_max_seg_size(struct device *dev);
int dma_set_seg_boundary(struct device *dev, unsigned long mask);
unsigned long dma_get_seg_boundary(struct device *dev);
bool dma_addressing_limited(struct device *dev);

#ifdef DMART_WRAP
/* The 2.6 forms of names whose arguments changed since (see the top). */
int dmart_dma_mapping_error_26(dma_addr_t dma_addr);
void *dmart_dma_alloc_noncoherent_26(struct device *dev, size_t size,
				     dma_addr_t *dma_handle, gfp_t flag);
void dmart_dma_free_noncoherent_26(struct device *dev, size_t size,
				   void *cpu_addr, dma_addr_t dma_handle);
int dmart_dma_declare_coherent_memory_26(struct device *dev, dma_addr_t bus_addr,
					 dma_addr_t device_addr, size_t size,
					 int flags);

/* NAME(...) -> PREFIX<number of arguments>(...), for up to 9 arguments. */
#define DMART_NARGS(...)	DMART_NARGS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define DMART_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, n, ...) n
#define DMART_PASTE(a, b)	DMART_PASTE_(a, b)
#define DMART_PASTE_(a, b)	a##b
#define DMART_BY_NARGS(prefix, ...) \
	DMART_PASTE(prefix, DMART_NARGS(__VA_ARGS__))(__VA_ARGS__)
/* Like DMART_AT, for a form implemented by another function than NAME. */
#define DMART_AT_AS(name, fn, args) \
	(dmart_loc_push(#name, __FILE__, __LINE__), fn args)

#define dma_map_single(...)		DMART_AT(dma_map_single, (__VA_ARGS__))
#define dma_map_single_attrs(...)	DMART_AT(dma_map_single_attrs, (__VA_ARGS__))
#define dma_unmap_single(...)		DMART_AT(dma_unmap_single, (__VA_ARGS__))
#define dma_unmap_single_attrs(...)	DMART_AT(dma_unmap_single_attrs, (__VA_ARGS__))
#define dma_map_page(...)		DMART_AT(dma_map_page, (__VA_ARGS__))
#define dma_map_page_attrs(...)		DMART_AT(dma_map_page_attrs, (__VA_ARGS__))
#define dma_unmap_page(...)		DMART_AT(dma_unmap_page, (__VA_ARGS__))
#define dma_unmap_page_attrs(...)	DMART_AT(dma_unmap_page_attrs, (__VA_ARGS__))
#define dma_map_resource(...)		DMART_AT(dma_map_resource, (__VA_ARGS__))
#define dma_unmap_resource(...)		DMART_AT(dma_unmap_resource, (__VA_ARGS__))
#define dma_mapping_error(...) \
	DMART_BY_NARGS(dmart_dma_mapping_error_, __VA_ARGS__)
#define dmart_dma_mapping_error_1(addr) \
	DMART_AT_AS(dma_mapping_error, dmart_dma_mapping_error_26, (addr))
#define dmart_dma_mapping_error_2(...)	DMART_AT(dma_mapping_error, (__VA_ARGS__))
#define dma_map_sg(...)			DMART_AT(dma_map_sg, (__VA_ARGS__))
#define dma_map_sg_attrs(...)		DMART_AT(dma_map_sg_attrs, (__VA_ARGS__))
#define dma_unmap_sg(...)		DMART_AT(dma_unmap_sg, (__VA_ARGS__))
#define dma_unmap_sg_attrs(...)		DMART_AT(dma_unmap_sg_attrs, (__VA_ARGS__))
#define dma_map_sgtable(...)		DMART_AT(dma_map_sgtable, (__VA_ARGS__))
#define dma_unmap_sgtable(...)		DMART_AT(dma_unmap_sgtable, (__VA_ARGS__))
#define dma_sync_single_for_cpu(...)	DMART_AT(dma_sync_single_for_cpu, (__VA_ARGS__))
#define dma_sync_single_for_device(...)	DMART_AT(dma_sync_single_for_device, (__VA_ARGS__))
#define dma_sync_single_range_for_cpu(...) \
	DMART_AT(dma_sync_single_range_for_cpu, (__VA_ARGS__))
#define dma_sync_single_range_for_device(...) \
	DMART_AT(dma_sync_single_range_for_device, (__VA_ARGS__))
#define dma_sync_sg_for_cpu(...)	DMART_AT(dma_sync_sg_for_cpu, (__VA_ARGS__))
#define dma_sync_sg_for_device(...)	DMART_AT(dma_sync_sg_for_device, (__VA_ARGS__))
#define dma_sync_sgtable_for_cpu(...)	DMART_AT(dma_sync_sgtable_for_cpu, (__VA_ARGS__))
#define dma_sync_sgtable_for_device(...) \
	DMART_AT(dma_sync_sgtable_for_device, (__VA_ARGS__))
#define dma_sync_single(...)		DMART_AT(dma_sync_single, (__VA_ARGS__))
#define dma_sync_sg(...)		DMART_AT(dma_sync_sg, (__VA_ARGS__))
#define dma_need_sync(...)		DMART_AT(dma_need_sync, (__VA_ARGS__))
#define dma_sync_single_range(...)	DMART_AT(dma_sync_single_range, (__VA_ARGS__))
#define dma_cache_sync(...)		DMART_AT(dma_cache_sync, (__VA_ARGS__))
#define dma_is_consistent(...)		DMART_AT(dma_is_consistent, (__VA_ARGS__))
#define dma_declare_coherent_memory(...) \
	DMART_BY_NARGS(dmart_dma_declare_coherent_memory_, __VA_ARGS__)
#define dmart_dma_declare_coherent_memory_4(...) \
	DMART_AT(dma_declare_coherent_memory, (__VA_ARGS__))
#define dmart_dma_declare_coherent_memory_5(...) \
	DMART_AT_AS(dma_declare_coherent_memory, dmart_dma_declare_coherent_memory_26, \
		    (__VA_ARGS__))
#define dma_release_declared_memory(...) \
	DMART_AT(dma_release_declared_memory, (__VA_ARGS__))
#define dma_mark_declared_memory_occupied(...) \
	DMART_AT(dma_mark_declared_memory_occupied, (__VA_ARGS__))
#define dma_iova_try_alloc(...)		DMART_AT(dma_iova_try_alloc, (__VA_ARGS__))
#define dma_iova_free(...)		DMART_AT(dma_iova_free, (__VA_ARGS__))
#define dma_use_iova(...)		DMART_AT(dma_use_iova, (__VA_ARGS__))
#define dma_iova_link(...)		DMART_AT(dma_iova_link, (__VA_ARGS__))
#define dma_iova_sync(...)		DMART_AT(dma_iova_sync, (__VA_ARGS__))
#define dma_iova_unlink(...)		DMART_AT(dma_iova_unlink, (__VA_ARGS__))
#define dma_iova_destroy(...)		DMART_AT(dma_iova_destroy, (__VA_ARGS__))
#define dma_alloc_coherent(...)		DMART_AT(dma_alloc_coherent, (__VA_ARGS__))
#define dma_free_coherent(...)		DMART_AT(dma_free_coherent, (__VA_ARGS__))
#define dma_alloc_attrs(...)		DMART_AT(dma_alloc_attrs, (__VA_ARGS__))
#define dma_free_attrs(...)		DMART_AT(dma_free_attrs, (__VA_ARGS__))
#define dma_alloc_wc(...)		DMART_AT(dma_alloc_wc, (__VA_ARGS__))
#define dma_free_wc(...)		DMART_AT(dma_free_wc, (__VA_ARGS__))
#define dmam_alloc_coherent(...)	DMART_AT(dmam_alloc_coherent, (__VA_ARGS__))
#define dmam_alloc_attrs(...)		DMART_AT(dmam_alloc_attrs, (__VA_ARGS__))
#define dmam_free_coherent(...)		DMART_AT(dmam_free_coherent, (__VA_ARGS__))
#define dma_alloc_noncoherent(...) \
	DMART_BY_NARGS(dmart_dma_alloc_noncoherent_, __VA_ARGS__)
#define dmart_dma_alloc_noncoherent_4(...) \
	DMART_AT_AS(dma_alloc_noncoherent, dmart_dma_alloc_noncoherent_26, (__VA_ARGS__))
#define dmart_dma_alloc_noncoherent_5(...) \
	DMART_AT(dma_alloc_noncoherent, (__VA_ARGS__))
#define dma_free_noncoherent(...) \
	DMART_BY_NARGS(dmart_dma_free_noncoherent_, __VA_ARGS__)
#define dmart_dma_free_noncoherent_4(...) \
	DMART_AT_AS(dma_free_noncoherent, dmart_dma_free_noncoherent_26, (__VA_ARGS__))
#define dmart_dma_free_noncoherent_5(...) \
	DMART_AT(dma_free_noncoherent, (__VA_ARGS__))
#define dma_alloc_pages(...)		DMART_AT(dma_alloc_pages, (__VA_ARGS__))
#define dma_free_pages(...)		DMART_AT(dma_free_pages, (__VA_ARGS__))
#define dma_alloc_noncontiguous(...)	DMART_AT(dma_alloc_noncontiguous, (__VA_ARGS__))
#define dma_free_noncontiguous(...)	DMART_AT(dma_free_noncontiguous, (__VA_ARGS__))
#define dma_vmap_noncontiguous(...)	DMART_AT(dma_vmap_noncontiguous, (__VA_ARGS__))
#define dma_vunmap_noncontiguous(...)	DMART_AT(dma_vunmap_noncontiguous, (__VA_ARGS__))
#define dma_mmap_coherent(...)		DMART_AT(dma_mmap_coherent, (__VA_ARGS__))
#define dma_mmap_attrs(...)		DMART_AT(dma_mmap_attrs, (__VA_ARGS__))
#define dma_mmap_wc(...)		DMART_AT(dma_mmap_wc, (__VA_ARGS__))
#define dma_mmap_pages(...)		DMART_AT(dma_mmap_pages, (__VA_ARGS__))
#define dma_mmap_noncontiguous(...)	DMART_AT(dma_mmap_noncontiguous, (__VA_ARGS__))
#define dma_get_sgtable(...)		DMART_AT(dma_get_sgtable, (__VA_ARGS__))
#define dma_get_sgtable_attrs(...)	DMART_AT(dma_get_sgtable_attrs, (__VA_ARGS__))
#define dma_set_mask(...)		DMART_AT(dma_set_mask, (__VA_ARGS__))
#define dma_set_coherent_mask(...)	DMART_AT(dma_set_coherent_mask, (__VA_ARGS__))
#define dma_set_mask_and_coherent(...)	DMART_AT(dma_set_mask_and_coherent, (__VA_ARGS__))
#define dma_coerce_mask_and_coherent(...) \
	DMART_AT(dma_coerce_mask_and_coherent, (__VA_ARGS__))
#endif /* DMART_WRAP */

#endif /* _LINUX_DMA_MAPPING_H */
