/* Its wrapper lives outside the driver (another -I tree): not local. */
#include <linux/dma-mapping.h>
#include "farwrap.h"

int far(struct device *dev, void *buf)
{
	return far_map(dev, buf) != 0;
}
