/* Its local header defines a macro the common header tests. */
#include "debug_local.h"
#include <shared.h>

int map_local_debug(struct device *dev, void *heap)
{
#if SHARED_STACK_MAP
	u8 buf[16];
	void *p = buf;
#else
	void *p = heap;
#endif
	dma_addr_t d = dma_map_single(dev, p, shared_len(), DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, 16, DMA_TO_DEVICE);
	return 0;
}
