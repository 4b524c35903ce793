// Directions passed through the driver's own map/unmap wrappers.
// RUN: %not %dmacheck --rules='-*,dma-sync-direction' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>

struct foo { struct device *dev; };

static dma_addr_t foo_map(struct foo *f, void *p, size_t len,
			  enum dma_data_direction dir)
{
	return dma_map_single(f->dev, p, len, dir);
}

static void foo_unmap(struct foo *f, dma_addr_t d, size_t len,
		      enum dma_data_direction dir)
{
	dma_unmap_single(f->dev, d, len, dir);
}

int foo_xfer(struct foo *f, void *p, size_t len)
{
	dma_addr_t d = foo_map(f, p, len, DMA_TO_DEVICE);

	if (dma_mapping_error(f->dev, d))
		return -ENOMEM;
	// CHECK: wrapper-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given DMA_FROM_DEVICE; the mapping made by dma_map_single() at line 21 is DMA_TO_DEVICE
	foo_unmap(f, d, len, DMA_FROM_DEVICE);
	return 0;
}

/* The same wrapper with a matching direction: silent. */
int foo_xfer_ok(struct foo *f, void *p, size_t len)
{
	dma_addr_t d = foo_map(f, p, len, DMA_FROM_DEVICE);

	if (dma_mapping_error(f->dev, d))
		return -ENOMEM;
	foo_unmap(f, d, len, DMA_FROM_DEVICE);
	return 0;
}
