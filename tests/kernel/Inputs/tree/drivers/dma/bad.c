// A stack buffer handed to dma_map_single(); KBUILD_MODNAME and GREETING
// only compile when kbuild's '"..."' quoting was undone correctly.
#include <linux/dma-mapping.h>

_Static_assert(sizeof(KBUILD_MODNAME) == 4, "KBUILD_MODNAME is \"bad\"");
_Static_assert(sizeof(GREETING) == 21, "GREETING kept its space and ';'");

int bad_map(struct device *dev)
{
	u8 buf[16];
	dma_addr_t d = dma_map_single(dev, buf, sizeof(buf), DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(buf), DMA_TO_DEVICE);
	return 0;
}
