// SPDX-License-Identifier: GPL-2.0
/* Its harness crashes before the seeded bug can show. */
#include <linux/device.h>
#include <linux/dma-mapping.h>

static void crashy_send(struct device *dev, void *buf)
{
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
}
