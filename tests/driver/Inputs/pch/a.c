#include <shared.h>
#include <extra.h>

int map_a(struct device *dev)
{
	u8 buf[16];
	dma_addr_t d = dma_map_single(dev, buf, shared_len(), DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(buf), DMA_TO_DEVICE);
	return extra_fn(0);
}
