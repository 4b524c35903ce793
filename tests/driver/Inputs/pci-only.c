/*
 * A PCI driver that includes only what many real ones do: the kernel's
 * <linux/pci.h> brings in <linux/io.h>, <linux/slab.h> and
 * <linux/dma-mapping.h> through its own includes.
 */
#include <linux/module.h>
#include <linux/pci.h>

#define FOO_RING	0x10
#define FOO_STATUS	0x18

struct foo {
	void __iomem *regs;
	u8 *buf;
};

static int foo_start(struct pci_dev *pdev, struct foo *foo)
{
	dma_addr_t d;

	foo->buf = kzalloc(256, GFP_KERNEL);
	if (!foo->buf)
		return -ENOMEM;
	d = dma_map_single(&pdev->dev, foo->buf, 256, DMA_TO_DEVICE);
	writel(lower_32_bits(d), foo->regs + FOO_RING);
	if (readl(foo->regs + FOO_STATUS) & 1)
		return -EIO;
	return 0;
}

static int foo_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct foo *foo = devm_kzalloc(&pdev->dev, sizeof(*foo), GFP_KERNEL);

	if (!foo)
		return -ENOMEM;
	foo->regs = pci_iomap(pdev, 0, 0);
	return foo_start(pdev, foo);
}

static struct pci_driver foo_driver = {
	.name = "foo",
	.probe = foo_probe,
};
module_pci_driver(foo_driver);
MODULE_LICENSE("GPL");
