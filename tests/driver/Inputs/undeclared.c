/*
 * Calls functions no bundled header declares, uses the int such a call is
 * taken to return as a pointer, and hands over a callback of the old
 * timer API: clang 19 makes each an error in C99 and later; in
 * bundled-header mode the file is still analysed.
 */
#include <linux/dma-mapping.h>
#include <linux/timer.h>

struct bar_ring;

static void bar_timeout(unsigned long data)
{
}

int map_local(struct device *dev, struct timer_list *t)
{
	struct bar_ring *ring = bar_ring_get_undeclared(dev);
	u8 buf[16];
	dma_addr_t d;

	foo_bar_undeclared(dev, ring);
	timer_setup(t, bar_timeout, 0);
	d = dma_map_single(dev, buf, sizeof(buf), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(buf), DMA_TO_DEVICE);
	return 0;
}
