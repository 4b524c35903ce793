// Mappings that are not provably lost, in the idioms of linux 6.12 drivers
// where dma-mapping-leak used to report them: the handle encoded into a
// descriptor word by a helper (hfi1 make_tx_sdma_desc), stored through a
// `dma_addr_t **` cursor in a loop (ttm_pool_map), kept by a helper that
// returns the mapped buffer and NULL only when the mapping failed
// (mlx5r_umr_create_xlt), rebuilt from the CPU address by a dma == phys
// driver (omap-iommu iopte_alloc), an allocation stored in every ring entry
// (rt2x00mmio_alloc_queue_dma). Must stay silent.
// RUN: %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/device.h>
#include <linux/bug.h>
#include <linux/io.h>
#include <linux/mm.h>

#define DESC0_ADDR_SHIFT 0
#define DESC0_ADDR_MASK 0x0000ffffffffffffULL
#define DESC0_LEN_SHIFT 48

struct sdesc {
	u64 qw[2];
};

struct txreq {
	struct sdesc descp[8];
	u16 num_desc;
	u16 tlen;
};

static inline void make_desc(struct txreq *tx, dma_addr_t addr, size_t len)
{
	struct sdesc *desc = &tx->descp[tx->num_desc];

	desc->qw[0] |= (((u64)addr & DESC0_ADDR_MASK) << DESC0_ADDR_SHIFT) |
		       ((u64)len << DESC0_LEN_SHIFT);
}

static inline int txadd_daddr(struct txreq *tx, dma_addr_t addr, u16 len)
{
	make_desc(tx, addr, len);
	tx->num_desc++;
	tx->tlen -= len;
	return 0;
}

int pad_descs(struct txreq *tx);

int txadd_kvaddr(struct device *dev, struct txreq *tx, void *kvaddr, u16 len)
{
	dma_addr_t addr;

	addr = dma_map_single(dev, kvaddr, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, addr))
		return -ENOSPC;
	txadd_daddr(tx, addr, len);
	if (!tx->tlen && pad_descs(tx))
		return -ENOMEM;
	return 0;
}

int pool_map(struct device *dev, unsigned int order, struct page *p,
	     dma_addr_t **dma_addr)
{
	dma_addr_t addr;
	unsigned int i;

	addr = dma_map_page(dev, p, 0, PAGE_SIZE << order, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, addr))
		return -EFAULT;
	for (i = 1 << order; i; --i) {
		*(*dma_addr)++ = addr;
		addr += PAGE_SIZE;
	}
	return 0;
}

struct sge {
	u64 addr;
	u32 length;
};

static void *create_xlt(struct device *dev, struct sge *sg, size_t len)
{
	void *xlt = (void *)__get_free_pages(GFP_KERNEL, get_order(len));
	dma_addr_t dma;

	sg->length = len;
	dma = dma_map_single(dev, xlt, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma)) {
		free_pages((unsigned long)xlt, get_order(len));
		return NULL;
	}
	sg->addr = dma;
	return xlt;
}

static void unmap_free_xlt(struct device *dev, void *xlt, struct sge *sg)
{
	dma_unmap_single(dev, sg->addr, sg->length, DMA_TO_DEVICE);
	free_pages((unsigned long)xlt, get_order(sg->length));
}

int post_send(struct device *dev, struct sge *sg);

int update_xlt(struct device *dev, size_t len)
{
	struct sge sg;
	void *entry;
	int err;

	entry = create_xlt(dev, &sg, len);
	if (!entry)
		return -ENOMEM;
	err = post_send(dev, &sg);
	unmap_free_xlt(dev, entry, &sg);
	return err;
}

struct iommu {
	struct device *dev;
};

u32 *iopte_alloc(struct iommu *obj, u32 *iopgd, dma_addr_t *pt_dma)
{
	u32 *iopte = kzalloc(1024, GFP_KERNEL);

	if (!iopte)
		return ERR_PTR(-ENOMEM);
	*pt_dma = dma_map_single(obj->dev, iopte, 1024, DMA_TO_DEVICE);
	if (dma_mapping_error(obj->dev, *pt_dma)) {
		kfree(iopte);
		return ERR_PTR(-ENOMEM);
	}
	/* the driver relies on dma == phys for its page tables */
	if (WARN_ON(*pt_dma != virt_to_phys(iopte))) {
		dma_unmap_single(obj->dev, *pt_dma, 1024, DMA_TO_DEVICE);
		kfree(iopte);
		return ERR_PTR(-ENOMEM);
	}
	*iopgd = virt_to_phys(iopte) | 1;
	*pt_dma = *iopgd & ~0x3ffU;
	return iopte;
}

struct entry_priv {
	void *desc;
	dma_addr_t desc_dma;
};

struct queue {
	struct device *dev;
	unsigned int limit;
	unsigned int desc_size;
	struct entry_priv *entries;
};

int alloc_queue_dma(struct queue *q)
{
	dma_addr_t dma;
	void *addr;
	unsigned int i;

	addr = dma_alloc_coherent(q->dev, q->limit * q->desc_size, &dma,
				  GFP_KERNEL);
	if (!addr)
		return -ENOMEM;
	for (i = 0; i < q->limit; i++) {
		q->entries[i].desc = addr + i * q->desc_size;
		q->entries[i].desc_dma = dma + i * q->desc_size;
	}
	return 0;
}
