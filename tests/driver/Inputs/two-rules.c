#include <linux/dma-mapping.h>
#include <linux/io.h>

/* One stack buffer and one unchecked mapping: two rules, two checkers. */
void two_rules(struct device *dev, void __iomem *regs, void *buf)
{
	u8 cmd[16];
	dma_addr_t a = dma_map_single(dev, cmd, sizeof(cmd), DMA_TO_DEVICE);
	dma_addr_t b = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, a))
		return;
	writel(lower_32_bits(a), regs);
	writel(lower_32_bits(b), regs + 4);
}
