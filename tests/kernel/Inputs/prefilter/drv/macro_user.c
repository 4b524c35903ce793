/* Names only DRV_MAP(); its quoted header (via -Ihdr) names the API. */
#include <linux/dma-mapping.h>
#include "wrap.h"

int macro_user(struct device *dev)
{
	u8 buf[4];

	return DRV_MAP(dev, buf, sizeof(buf)) != 0;
}
