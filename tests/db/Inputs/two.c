#include <linux/dma-mapping.h>
#include <linux/slab.h>

int map_local(struct device *dev)
{
	u8 buf[16];
	dma_addr_t d = dma_map_single(dev, buf, sizeof(buf), DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(buf), DMA_TO_DEVICE);
	return 0;
}

int map_unchecked(struct device *dev, u32 *reg)
{
	u8 *buf = kmalloc(16, GFP_KERNEL);
	dma_addr_t d;

	if (!buf)
		return -ENOMEM;
	d = dma_map_single(dev, buf, 16, DMA_TO_DEVICE);
	*reg = (u32)d;
	dma_unmap_single(dev, d, 16, DMA_TO_DEVICE);
	kfree(buf);
	return 0;
}
