#include <linux/dma-mapping.h>
#include <linux/slab.h>

int map_heap(struct device *dev)
{
	u8 *buf = kmalloc(16, GFP_KERNEL);
	dma_addr_t d;

	if (!buf)
		return -ENOMEM;
	d = dma_map_single(dev, buf, 16, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d)) {
		kfree(buf);
		return -ENOMEM;
	}
	dma_unmap_single(dev, d, 16, DMA_TO_DEVICE);
	kfree(buf);
	return 0;
}
