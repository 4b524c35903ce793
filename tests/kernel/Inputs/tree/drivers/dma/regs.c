// Includes a header the build generates (msm's *.xml.h style): a tree that
// was only prepared does not have it.
#include <linux/dma-mapping.h>
#include "regs.xml.h"

dma_addr_t regs_map(struct device *dev, void *buf)
{
	return dma_map_single(dev, buf, REGS_SIZE, DMA_TO_DEVICE);
}
