// drivers/gpu/amd/core/'s own file.
#include <linux/slab.h>
#include "core_sync.h"

int core_ring_size(void)
{
	return CORE_RING;
}
