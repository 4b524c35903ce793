#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include "good.h"

_Static_assert(sizeof(GREETING) == 21, "GREETING kept its space and ';'");

int good_map(struct device *dev)
{
	u8 *buf = kmalloc(GOOD_LEN, GFP_KERNEL);
	dma_addr_t d;

	if (!buf)
		return -ENOMEM;
	d = dma_map_single(dev, buf, GOOD_LEN, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d)) {
		kfree(buf);
		return -ENOMEM;
	}
	dma_unmap_single(dev, d, GOOD_LEN, DMA_TO_DEVICE);
	kfree(buf);
	return 0;
}
