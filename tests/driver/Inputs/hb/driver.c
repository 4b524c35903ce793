#include <linux/io.h>
#include <linux/dma-mapping.h>
#include <hdr.h>

int drv_send(struct device *dev, void *buf, size_t len)
{
	dma_addr_t h = hdr_map(dev, buf, len);

	/* the wrapper's result is used unchecked */
	writel((u32)h, (void *)0x1000);
	return 0;
}
