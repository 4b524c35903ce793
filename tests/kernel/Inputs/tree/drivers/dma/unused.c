// No Makefile builds this file (its CONFIG_ is off): kbuild has no command
// for it, so it cannot be analysed.
#include <linux/dma-mapping.h>

dma_addr_t unused_map(struct device *dev, void *buf)
{
	return dma_map_single(dev, buf, 8, DMA_TO_DEVICE);
}
