// Built by drivers/gpu/amd/core/'s Makefile, as core/../shared/shared.o
// (amdgpu builds amdkfd's files so): "core_sync.h" and CORE_BUILD come from
// its flags only; "shared.h" is found next to this file.
#include <linux/dma-mapping.h>
#include "core_sync.h"
#include "shared.h"

_Static_assert(CORE_BUILD == 1, "built with drivers/gpu/amd/core/'s flags");

int shared_map(struct device *dev, void *buf)
{
	dma_addr_t d = dma_map_single(dev, buf, SHARED_LEN, DMA_TO_DEVICE);

	return d != 0; /* used without dma_mapping_error() */
}
