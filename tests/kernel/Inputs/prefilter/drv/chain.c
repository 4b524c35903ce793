/* A wrapper of a wrapper: chain_map() -> drv_map_page() -> dma_map_page(),
 * both defined in a header of the driver that is reached with <...>. */
#include <drvlib.h>

int chain(struct device *dev, struct page *p)
{
	return chain_map(dev, p) != 0;
}
