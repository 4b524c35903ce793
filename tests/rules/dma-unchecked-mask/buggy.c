// Mask calls whose result is dropped, with a mask that can fail (narrower
// than 32 bits, or not a constant): dma-api-howto.rst, "DMA addressing
// capabilities": "You must not use DMA on this device unless the
// dma_set_mask family of functions has returned success."
// RUN: %not %dmacheck --rules='-*,dma-unchecked-mask' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#define DRV_NAME	"bt8xx_cap"

struct cap_info {
	u64 dma_mask;
	bool coherent_31bit;
};

struct cap_dev {
	struct pci_dev *pdev;
	void __iomem *mmio;
	const struct cap_info *info;
};

int cap_hw_init(struct cap_dev *cd);

/* 1. A capture card whose DMA engine drives 28 address bits: the probe
 *    sets the mask as a statement and goes on to use DMA. On a machine
 *    that cannot give 28-bit memory the call fails and the card keeps the
 *    32-bit default, beyond its reach. */
int cap_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct cap_dev *cd;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of dma_set_mask_and_coherent() ignored; with a 28-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
	dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(28));
	cd = devm_kzalloc(&pdev->dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->pdev = pdev;
	pci_set_drvdata(pdev, cd);
	return cap_hw_init(cd);
}

/* 2. An ISA sound chip behind a PCI bridge (16 MB reach), probed with the
 *    legacy call and its result thrown away with a (void) cast. */
int isa_bridge_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	int err;

	err = pci_enable_device(pci);
	if (err < 0)
		return err;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of pci_set_dma_mask() ignored; with a 24-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
	(void)pci_set_dma_mask(pci, DMA_BIT_MASK(24));
	if (pci_set_consistent_dma_mask(pci, DMA_BIT_MASK(24))) {
		pci_disable_device(pci);
		return -ENXIO;
	}
	return pci_request_regions(pci, DRV_NAME);
}

/* 3. The mask comes from the variant's match data: not a constant, so it
 *    may be anything, and the dropped result hides a failure. */
int cap_variant_setup(struct cap_dev *cd)
{
	// Not reported since the linux 6.12 triage (docs/rules/dma-unchecked-mask.md): only constant masks are judged.
	dma_set_mask(&cd->pdev->dev, cd->info->dma_mask);
	return cap_hw_init(cd);
}

/* 4. The result is stored, but the next thing done with ret is to write
 *    it again: the 30-bit failure is lost before anything reads it. */
int dvb_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of dma_set_mask_and_coherent() ignored; with a 30-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(30));
	ret = pci_request_regions(pdev, DRV_NAME);
	if (ret) {
		pci_disable_device(pdev);
		return ret;
	}
	return 0;
}

/* 5. A quirk: one revision can only address 31 bits for its descriptor
 *    rings. The narrower coherent mask is set as the unbraced body of the
 *    if, its failure ignored. */
int cap_apply_quirks(struct cap_dev *cd)
{
	if (cd->info->coherent_31bit)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of dma_set_coherent_mask() ignored; with a 31-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
		dma_set_coherent_mask(&cd->pdev->dev, DMA_BIT_MASK(31));
	return 0;
}

/* 6. A platform device (an old SoC's 30-bit bus master) that forces its
 *    mask with the deprecated coerce call, result dropped. */
int soc_dma_probe(struct platform_device *pdev)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of dma_coerce_mask_and_coherent() ignored; with a 30-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
	dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(30));
	return 0;
}

/* 7. A local initialised with the result and never read. */
int tuner_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of dma_set_mask() ignored; with a 31-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
	int err = dma_set_mask(&pdev->dev, DMA_BIT_MASK(31));

	pci_set_master(pdev);
	return pci_request_regions(pdev, DRV_NAME);
}

/* 8. A checked 28-bit streaming mask does not cover a wider coherent one:
 *    the howto's guarantee is for "the same or a smaller mask", so the
 *    ignored 30-bit coherent call can still fail. */
int cap_set_masks(struct pci_dev *pdev)
{
	if (dma_set_mask(&pdev->dev, DMA_BIT_MASK(28))) {
		dev_warn(&pdev->dev, "No suitable DMA available\n");
		return -EIO;
	}
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: result of dma_set_coherent_mask() ignored; with a 30-bit mask it can fail, and the device must not do DMA then [dma-unchecked-mask]
	dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(30));
	return 0;
}
