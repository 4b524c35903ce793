/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_DMAPOOL_H
#define _LINUX_DMAPOOL_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/dmart-loc.h>
#include <linux/scatterlist.h>

struct dma_pool;

struct dma_pool *dma_pool_create(const char *name, struct device *dev, size_t size,
				 size_t align, size_t boundary);
struct dma_pool *dmam_pool_create(const char *name, struct device *dev, size_t size,
				  size_t align, size_t allocation);
void dma_pool_destroy(struct dma_pool *pool);
void *dma_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle);
void *dma_pool_zalloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle);
void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t addr);

#ifdef DMART_WRAP
#define dma_pool_create(...)	DMART_AT(dma_pool_create, (__VA_ARGS__))
#define dmam_pool_create(...)	DMART_AT(dmam_pool_create, (__VA_ARGS__))
#define dma_pool_destroy(...)	DMART_AT(dma_pool_destroy, (__VA_ARGS__))
#define dma_pool_alloc(...)	DMART_AT(dma_pool_alloc, (__VA_ARGS__))
#define dma_pool_zalloc(...)	DMART_AT(dma_pool_zalloc, (__VA_ARGS__))
#define dma_pool_free(...)	DMART_AT(dma_pool_free, (__VA_ARGS__))
#endif

#endif /* _LINUX_DMAPOOL_H */
