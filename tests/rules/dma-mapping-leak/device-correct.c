// Handles the device keeps: written to a buffer-manager register (mvpp2
// mvpp2_bm_pool_put style) by a function that never unmaps; the driver reads
// them back from the device and unmaps them elsewhere. Must stay silent.
// RUN: %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/device.h>

struct bm_pool {
	struct device *dev;
	void __iomem *regs;
	int id;
};

static void bm_pool_put(struct bm_pool *p, dma_addr_t buf_dma)
{
	writel(upper_32_bits(buf_dma), p->regs + 0x6400);
	writel(lower_32_bits(buf_dma), p->regs + 0x6440 + 4 * p->id);
}

int bm_bufs_add(struct bm_pool *p, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		void *data = kmalloc(2048, GFP_KERNEL);
		dma_addr_t dma;

		if (!data)
			return -ENOMEM;
		dma = dma_map_single(p->dev, data, 2048, DMA_FROM_DEVICE);
		if (dma_mapping_error(p->dev, dma)) {
			kfree(data);
			return -ENOMEM;
		}
		bm_pool_put(p, dma);
	}
	return 0;
}

/* Printed with its address taken, then unmapped (i2c-ismt style): the print
 * neither loses nor keeps the handle. */
int ismt_xfer(struct bm_pool *p, void *buf, size_t len)
{
	dma_addr_t dma_addr = dma_map_single(p->dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(p->dev, dma_addr))
		return -EIO;
	dev_info(p->dev, "dma_addr %pad\n", &dma_addr);
	writel(lower_32_bits(dma_addr), p->regs + 0x10);
	dma_unmap_single(p->dev, dma_addr, len, DMA_TO_DEVICE);
	return 0;
}
