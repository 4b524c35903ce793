// A project-local wrapper, reached through -I and <...> (not a quoted
// include): the prefilter learns it from the headers of the driver.
#include <linux/dma-mapping.h>

static inline dma_addr_t demo_map(struct device *dev, void *buf, size_t len)
{
	return dma_map_single(dev, buf, len, DMA_TO_DEVICE);
}
