// Below the DMA API: a unit that defines the ops of a DMA API
// implementation (or of an IOMMU) gives its own tables' physical addresses
// to the hardware by design (reduced from an IOMMU driver's page-table
// setup). Must stay silent.
// RUN: %dmacheck --rules='-*,dma-unmapped-address' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct dma_map_ops {
	void *(*alloc)(struct device *dev, size_t size, dma_addr_t *handle,
		       gfp_t gfp);
};

/* As include/linux/dma-map-ops.h declares it. */
extern const struct dma_map_ops dma_dummy_ops;

struct foo_iommu {
	struct device *dev;
	void __iomem *regs;
	u64 *root_table;
	void *scratch;
	dma_addr_t scratch_dma;
};

int foo_iommu_init(struct foo_iommu *iommu)
{
	iommu->root_table = kzalloc(4096, GFP_KERNEL);
	if (!iommu->root_table)
		return -ENOMEM;
	/* The unit maps memory too: the rule looks at it. */
	iommu->scratch = kmalloc(64, GFP_KERNEL);
	iommu->scratch_dma = dma_map_single(iommu->dev, iommu->scratch, 64,
					    DMA_TO_DEVICE);
	if (dma_mapping_error(iommu->dev, iommu->scratch_dma))
		return -ENOMEM;
	writeq(virt_to_phys(iommu->root_table), iommu->regs + 0x20);
	return 0;
}

static void *foo_dma_alloc(struct device *dev, size_t size, dma_addr_t *handle,
			   gfp_t gfp)
{
	return NULL;
}

static const struct dma_map_ops foo_dma_ops = {
	.alloc = foo_dma_alloc,
};

const struct dma_map_ops *foo_get_ops(void)
{
	return &foo_dma_ops;
}
