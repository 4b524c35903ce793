#include <shared.h>
#include <extra.h>

int post_note(struct device *dev, void *buf, void __iomem *reg)
{
	dma_addr_t d = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	shared_post(reg, d);
	return extra_fn(0);
}
