#include <linux/dma-mapping.h>
int offsets = sizeof(dma_addr_t);
