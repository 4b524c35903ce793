#include "../good.h"
#include <linux/dma-mapping.h>

int nested_map(struct device *dev, void *buf)
{
	dma_addr_t d = dma_map_single(dev, buf, GOOD_LEN, DMA_FROM_DEVICE);

	return d != 0; /* handle used without dma_mapping_error() */
}
