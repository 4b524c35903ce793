// Code behind a header's config-off stub (`return -ENODEV;`) is live in the
// configs that have the option: the stub is an opaque call, not a proof that
// the DMA path is dead (spi-cadence-quadspi's versal path on x86).
// RUN: %not %dmacheck --rules=dma-unchecked-mapping %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/io.h>
#include "Inputs/fw-stub.h"

int spi_read_dma(struct device *dev, void __iomem *regs, void *buf, size_t n)
{
	dma_addr_t dma;
	int ret;

	ret = fw_mux_select(1, 2);
	if (ret)
		return ret;
	dma = dma_map_single(dev, buf, n, DMA_FROM_DEVICE);
	// CHECK: config-stub.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is written to the device by writel() without a dma_mapping_error() check
	writel(lower_32_bits(dma), regs + 0x10);
	return 0;
}

int spi_read_table(struct device *dev, void __iomem *regs, size_t n)
{
	void *t = fw_get_table(3);
	dma_addr_t dma;

	if (IS_ERR(t))
		return PTR_ERR(t);
	dma = dma_map_single(dev, t, n, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), regs + 0x20);
	return 0;
}
