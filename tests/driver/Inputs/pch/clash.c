/* Does not include extra.h, and has its own extra_fn(): with the PCH the
 * two clash, so the file is parsed alone. */
#include <shared.h>

static int extra_fn(void)
{
	return 0;
}

int map_clash(struct device *dev)
{
	u8 buf[16];
	dma_addr_t d = dma_map_single(dev, buf, 16, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, 16, DMA_TO_DEVICE);
	return extra_fn();
}
