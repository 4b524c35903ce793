#include <linux/io.h>
#include <linux/dma-mapping.h>
#include <hdr.h>

/* The same wrapper, its result checked and released: silent. */
int drv_send_checked(struct device *dev, void *buf, size_t len)
{
	dma_addr_t h = hdr_map(dev, buf, len);

	if (dma_mapping_error(dev, h))
		return -ENOMEM;
	writel((u32)h, (void *)0x1000);
	dma_unmap_single(dev, h, len, DMA_TO_DEVICE);
	return 0;
}
