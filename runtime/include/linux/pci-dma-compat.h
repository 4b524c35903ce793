/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: the legacy pci_* DMA API (removed in linux 5.18), kept so old
 * drivers compile; each forwards to the DMA API on &pdev->dev.
 */
#ifndef _LINUX_PCI_DMA_COMPAT_H
#define _LINUX_PCI_DMA_COMPAT_H

#include <linux/dma-mapping.h>
#include <linux/dmapool.h>

struct pci_dev;

#define PCI_DMA_BIDIRECTIONAL	DMA_BIDIRECTIONAL
#define PCI_DMA_TODEVICE	DMA_TO_DEVICE
#define PCI_DMA_FROMDEVICE	DMA_FROM_DEVICE
#define PCI_DMA_NONE		DMA_NONE

#define pci_pool		dma_pool

dma_addr_t pci_map_single(struct pci_dev *hwdev, void *ptr, size_t size,
			  int direction);
void pci_unmap_single(struct pci_dev *hwdev, dma_addr_t dma_addr, size_t size,
		      int direction);
dma_addr_t pci_map_page(struct pci_dev *hwdev, struct page *page,
			unsigned long offset, size_t size, int direction);
void pci_unmap_page(struct pci_dev *hwdev, dma_addr_t dma_address, size_t size,
		    int direction);
int pci_map_sg(struct pci_dev *hwdev, struct scatterlist *sg, int nents,
	       int direction);
void pci_unmap_sg(struct pci_dev *hwdev, struct scatterlist *sg, int nents,
		  int direction);
int pci_dma_mapping_error(struct pci_dev *pdev, dma_addr_t dma_addr);
void pci_dma_sync_single_for_cpu(struct pci_dev *hwdev, dma_addr_t dma_handle,
				 size_t size, int direction);
void pci_dma_sync_single_for_device(struct pci_dev *hwdev, dma_addr_t dma_handle,
				    size_t size, int direction);
void pci_dma_sync_sg_for_cpu(struct pci_dev *hwdev, struct scatterlist *sg,
			     int nelems, int direction);
void pci_dma_sync_sg_for_device(struct pci_dev *hwdev, struct scatterlist *sg,
				int nelems, int direction);
void *pci_alloc_consistent(struct pci_dev *hwdev, size_t size,
			   dma_addr_t *dma_handle);
void *pci_zalloc_consistent(struct pci_dev *hwdev, size_t size,
			    dma_addr_t *dma_handle);
void pci_free_consistent(struct pci_dev *hwdev, size_t size, void *vaddr,
			 dma_addr_t dma_handle);
/* 2.6 names: the old syncs (the direction says who gets the buffer, as
 * in DMA-API.txt) and the mask query. */
void pci_dma_sync_single(struct pci_dev *hwdev, dma_addr_t dma_handle,
			 size_t size, int direction);
void pci_dma_sync_sg(struct pci_dev *hwdev, struct scatterlist *sg, int nelems,
		     int direction);
int pci_dma_supported(struct pci_dev *hwdev, u64 mask);
int pci_set_dma_mask(struct pci_dev *dev, u64 mask);
int pci_set_consistent_dma_mask(struct pci_dev *dev, u64 mask);
struct dma_pool *pci_pool_create(const char *name, struct pci_dev *pdev,
				 size_t size, size_t align, size_t allocation);
void pci_pool_destroy(struct dma_pool *pool);
void *pci_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle);
void *pci_pool_zalloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle);
void pci_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t addr);

#ifdef DMART_WRAP
#define pci_map_single(...)		DMART_AT(pci_map_single, (__VA_ARGS__))
#define pci_unmap_single(...)		DMART_AT(pci_unmap_single, (__VA_ARGS__))
#define pci_map_page(...)		DMART_AT(pci_map_page, (__VA_ARGS__))
#define pci_unmap_page(...)		DMART_AT(pci_unmap_page, (__VA_ARGS__))
#define pci_map_sg(...)			DMART_AT(pci_map_sg, (__VA_ARGS__))
#define pci_unmap_sg(...)		DMART_AT(pci_unmap_sg, (__VA_ARGS__))
/* 2.6's pci_dma_mapping_error(addr) beside the later (pdev, addr). */
int dmart_pci_dma_mapping_error_26(dma_addr_t dma_addr);
#define pci_dma_mapping_error(...) \
	DMART_BY_NARGS(dmart_pci_dma_mapping_error_, __VA_ARGS__)
#define dmart_pci_dma_mapping_error_1(addr) \
	DMART_AT_AS(pci_dma_mapping_error, dmart_pci_dma_mapping_error_26, (addr))
#define dmart_pci_dma_mapping_error_2(...) \
	DMART_AT(pci_dma_mapping_error, (__VA_ARGS__))
#define pci_dma_sync_single(...)	DMART_AT(pci_dma_sync_single, (__VA_ARGS__))
#define pci_dma_sync_sg(...)		DMART_AT(pci_dma_sync_sg, (__VA_ARGS__))
#define pci_dma_supported(...)		DMART_AT(pci_dma_supported, (__VA_ARGS__))
#define pci_dma_sync_single_for_cpu(...) \
	DMART_AT(pci_dma_sync_single_for_cpu, (__VA_ARGS__))
#define pci_dma_sync_single_for_device(...) \
	DMART_AT(pci_dma_sync_single_for_device, (__VA_ARGS__))
#define pci_dma_sync_sg_for_cpu(...)	DMART_AT(pci_dma_sync_sg_for_cpu, (__VA_ARGS__))
#define pci_dma_sync_sg_for_device(...)	DMART_AT(pci_dma_sync_sg_for_device, (__VA_ARGS__))
#define pci_alloc_consistent(...)	DMART_AT(pci_alloc_consistent, (__VA_ARGS__))
#define pci_zalloc_consistent(...)	DMART_AT(pci_zalloc_consistent, (__VA_ARGS__))
#define pci_free_consistent(...)	DMART_AT(pci_free_consistent, (__VA_ARGS__))
#define pci_set_dma_mask(...)		DMART_AT(pci_set_dma_mask, (__VA_ARGS__))
#define pci_set_consistent_dma_mask(...) \
	DMART_AT(pci_set_consistent_dma_mask, (__VA_ARGS__))
#define pci_pool_create(...)		DMART_AT(pci_pool_create, (__VA_ARGS__))
#define pci_pool_destroy(...)		DMART_AT(pci_pool_destroy, (__VA_ARGS__))
#define pci_pool_alloc(...)		DMART_AT(pci_pool_alloc, (__VA_ARGS__))
#define pci_pool_zalloc(...)		DMART_AT(pci_pool_zalloc, (__VA_ARGS__))
#define pci_pool_free(...)		DMART_AT(pci_pool_free, (__VA_ARGS__))
#endif

#endif /* _LINUX_PCI_DMA_COMPAT_H */
