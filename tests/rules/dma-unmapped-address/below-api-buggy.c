// A header's extern declaration of a DMA API implementation's ops
// (dma-map-ops.h declares dma_dummy_ops, io-pgtable.h the io-pgtable
// formats) does not put its includer below the DMA API: the physical
// address written to the device is reported. below-api-correct.c is the
// same code in a unit that defines such ops.
// RUN: %not %dmacheck --rules='-*,dma-unmapped-address' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
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
	// CHECK: below-api-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is written to the device by writeq()
	writeq(virt_to_phys(iommu->root_table), iommu->regs + 0x20);
	return 0;
}
