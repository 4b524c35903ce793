// Names no DMA API function itself, only the driver's wrapper demo_map().
#include <helpers.h>

// kbuild's command says -DTAG='"#1 $HOME"': '#' and '$' survive the dry run
// and the .cmd file (where make writes them $(pound) and $$).
_Static_assert(sizeof(TAG) == 9, "TAG is \"#1 $HOME\"");

int user_map(struct device *dev)
{
	u8 buf[8];
	dma_addr_t d = demo_map(dev, buf, sizeof(buf));

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	return 0;
}
