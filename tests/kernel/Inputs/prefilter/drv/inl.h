#include <linux/dma-mapping.h>

static inline dma_addr_t inl_map(struct device *dev, void *buf)
{
	return dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
}
