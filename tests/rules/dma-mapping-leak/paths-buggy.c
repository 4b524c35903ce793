// Leaks on paths that test a field consistently, which the infeasible-path
// guards of paths-correct.c must not hide: the timeout return skips the
// unmap that the same field test selects.
// RUN: %not %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/completion.h>
#include <linux/io.h>

enum { OP_WR = 1, OP_RD };

struct i2c {
	struct device *dev;
	void __iomem *base;
	int op;
	struct completion done;
};

int i2c_xfer(struct i2c *i2c, u8 *buf, u16 len)
{
	dma_addr_t paddr;

	if (i2c->op == OP_RD) {
		paddr = dma_map_single(i2c->dev, buf, len, DMA_FROM_DEVICE);
		if (dma_mapping_error(i2c->dev, paddr))
			return -ENOMEM;
		writel((u32)paddr, i2c->base + 0x10);
	} else {
		paddr = dma_map_single(i2c->dev, buf, len, DMA_TO_DEVICE);
		if (dma_mapping_error(i2c->dev, paddr))
			return -ENOMEM;
		writel((u32)paddr, i2c->base + 0x14);
	}
	writel(1, i2c->base);
	if (!wait_for_completion_timeout(&i2c->done, 100))
		return -ETIMEDOUT;
	// One report per mapping (the read one, the write one):
	// CHECK: :[[@LINE-2]]:11: warning: mapping made by dma_map_single() is leaked: its handle is lost without dma_unmap_single() [dma-mapping-leak]
	// CHECK: :[[@LINE-3]]:11: warning: mapping made by dma_map_single() is leaked: its handle is lost without dma_unmap_single() [dma-mapping-leak]
	if (i2c->op == OP_RD)
		dma_unmap_single(i2c->dev, paddr, len, DMA_FROM_DEVICE);
	else
		dma_unmap_single(i2c->dev, paddr, len, DMA_TO_DEVICE);
	return 0;
}
