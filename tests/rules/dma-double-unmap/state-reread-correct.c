// Handles mapped and unmapped under the same test of a driver field, with
// calls the analyzer does not enter in between (reduced from i2c-mt65xx's
// mtk_i2c_do_transfer()): the path may take the other branch the second
// time, the driver cannot. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-double-unmap' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>

enum { I2C_MASTER_WR = 1, I2C_MASTER_RD, I2C_MASTER_WRRD };

struct mtk_i2c {
	struct device *dev;
	void __iomem *pdmabase;
	struct completion msg_complete;
	int op;
};

int mtk_i2c_wait(struct mtk_i2c *i2c);

int mtk_i2c_do_transfer(struct mtk_i2c *i2c, u8 *wbuf, u8 *rbuf, size_t len)
{
	dma_addr_t rpaddr = 0, wpaddr = 0;
	int ret;

	if (i2c->op == I2C_MASTER_RD) {
		rpaddr = dma_map_single(i2c->dev, rbuf, len, DMA_FROM_DEVICE);
		if (dma_mapping_error(i2c->dev, rpaddr))
			return -ENOMEM;
		writel((u32)rpaddr, i2c->pdmabase + 0x1c);
	} else {
		wpaddr = dma_map_single(i2c->dev, wbuf, len, DMA_TO_DEVICE);
		if (dma_mapping_error(i2c->dev, wpaddr))
			return -ENOMEM;
		writel((u32)wpaddr, i2c->pdmabase + 0x18);
	}
	ret = mtk_i2c_wait(i2c);
	if (i2c->op == I2C_MASTER_RD)
		dma_unmap_single(i2c->dev, rpaddr, len, DMA_FROM_DEVICE);
	else
		dma_unmap_single(i2c->dev, wpaddr, len, DMA_TO_DEVICE);
	return ret;
}
