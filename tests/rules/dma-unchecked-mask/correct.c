// Mask calls whose result is tested, returned or handed on, and the calls
// dma-api-howto.rst says cannot fail (a constant mask of 32 bits or more;
// a coherent mask no wider than a streaming mask already set). Must stay
// silent.
// RUN: %dmacheck --rules='-*,dma-unchecked-mask' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#define DRV_NAME	"nic_pci"

struct nic_priv {
	struct pci_dev *pdev;
	bool dac;
	bool playback_enabled;
	bool record_enabled;
};

int nic_hw_init(struct nic_priv *np);

/* 1. The classic PCI probe: 64-bit first, then a tested 32-bit fallback,
 *    the probe failing when neither is possible. */
int nic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nic_priv *np;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret) {
		ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
		if (ret) {
			dev_err(&pdev->dev, "No usable DMA configuration\n");
			return ret;
		}
	}
	np = devm_kzalloc(&pdev->dev, sizeof(*np), GFP_KERNEL);
	if (!np)
		return -ENOMEM;
	np->pdev = pdev;
	return nic_hw_init(np);
}

/* 2. The howto's 24-bit device: the call is the condition of the if, and
 *    the device is ignored when it fails. */
int isa_bridge_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	if (dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(24))) {
		dev_warn(&pdev->dev, "No suitable DMA available\n");
		return -EIO;
	}
	return pci_request_regions(pdev, DRV_NAME);
}

/* 3. A helper returning the result: its caller decides. */
static int nic_set_dma_mask(struct pci_dev *pdev)
{
	return dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(28));
}

/* 4. A platform driver reporting the failure with dev_err_probe(). */
int soc_eth_probe(struct platform_device *pdev)
{
	int ret;

	ret = dma_set_mask(&pdev->dev, DMA_BIT_MASK(30));
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cannot set DMA mask\n");
	return 0;
}

/* 5. The howto's "Recommended code": a constant mask of 32 bits or more
 *    cannot fail ("dma_set_mask_and_coherent() will never return failure
 *    when bigger than 32"), so leaving it unchecked is fine. */
int nic_setup_dma(struct nic_priv *np)
{
	if (np->dac)
		dma_set_mask_and_coherent(&np->pdev->dev, DMA_BIT_MASK(64));
	else
		dma_set_mask_and_coherent(&np->pdev->dev, DMA_BIT_MASK(32));
	return nic_hw_init(np);
}

/* 6. The same for platform devices: a 32-bit coerce call, and a 40-bit
 *    SoC bus master. */
int soc_usb_probe(struct platform_device *pdev)
{
	dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	return 0;
}

int soc_gpu_probe(struct platform_device *pdev)
{
	(void)dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(40));
	return 0;
}

/* 7. 64-bit streaming, 32-bit descriptors (the howto's example): the
 *    streaming mask is tested, and "the coherent mask will always be able
 *    to set the same or a smaller mask as the streaming mask". */
int nvme_like_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	if (dma_set_mask(&pdev->dev, DMA_BIT_MASK(64))) {
		dev_warn(&pdev->dev, "No suitable DMA available\n");
		return -EIO;
	}
	dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(32));
	return 0;
}

/* 8. A 24-bit device: the same holds below 32 bits, the coherent call
 *    asking no more than the tested streaming one. */
int isa_dma_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = dma_set_mask(&pdev->dev, DMA_BIT_MASK(24));
	if (ret)
		return ret;
	dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(24));
	return 0;
}

/* 9. The howto's sound card: each function's mask probed, the feature
 *    enabled only when its mask could be set. */
#define PLAYBACK_ADDRESS_BITS	DMA_BIT_MASK(32)
#define RECORD_ADDRESS_BITS	DMA_BIT_MASK(24)

int snd_card_probe_masks(struct nic_priv *card, struct device *dev)
{
	if (!dma_set_mask(dev, PLAYBACK_ADDRESS_BITS)) {
		card->playback_enabled = 1;
	} else {
		card->playback_enabled = 0;
		dev_warn(dev, "Playback disabled due to DMA limitations\n");
	}
	if (!dma_set_mask(dev, RECORD_ADDRESS_BITS)) {
		card->record_enabled = 1;
	} else {
		card->record_enabled = 0;
		dev_warn(dev, "Record disabled due to DMA limitations\n");
	}
	return 0;
}

/* 10. Legacy PCI calls (pre-5.18 drivers), both tested in one condition. */
int old_nic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	if (pci_set_dma_mask(pdev, DMA_BIT_MASK(28)) ||
	    pci_set_consistent_dma_mask(pdev, DMA_BIT_MASK(28))) {
		dev_err(&pdev->dev, "28-bit DMA not supported\n");
		return -EIO;
	}
	return nic_set_dma_mask(pdev);
}

/* 11. A variable mask searched downwards until one sticks: every call is
 *     tested, the last failure fails the probe. */
int fpga_probe(struct pci_dev *pdev, unsigned int max_bits)
{
	unsigned int bits;
	int ret = -EIO;

	for (bits = max_bits; bits >= 24; bits--) {
		ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(bits));
		if (!ret)
			break;
	}
	return ret;
}
