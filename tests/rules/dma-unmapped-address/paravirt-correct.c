// Physical addresses given by design to something that is not a DMA bus
// master behind the DMA API: a paravirtual device of the emulator that reads
// guest-physical addresses (reduced from goldfish_pipe), in a driver that
// never maps or allocates DMA memory. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-unmapped-address' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>

#define PIPE_REG_SIGNAL_BUFFER		0x20
#define PIPE_REG_SIGNAL_BUFFER_HIGH	0x1c
#define PIPE_REG_OPEN_BUFFER		0x28
#define PIPE_REG_OPEN_BUFFER_HIGH	0x24

struct goldfish_pipe_dev {
	void __iomem *base;
	void *buffers;
	void *open_params;
};

static void write_pa_addr(void *addr, void __iomem *portl, void __iomem *porth)
{
	const unsigned long paddr = __pa(addr);

	writel(upper_32_bits(paddr), porth);
	writel(lower_32_bits(paddr), portl);
}

int goldfish_pipe_device_init(struct goldfish_pipe_dev *dev)
{
	dev->buffers = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!dev->buffers)
		return -ENOMEM;
	write_pa_addr(dev->buffers, dev->base + PIPE_REG_SIGNAL_BUFFER,
		      dev->base + PIPE_REG_SIGNAL_BUFFER_HIGH);
	write_pa_addr(dev->open_params, dev->base + PIPE_REG_OPEN_BUFFER,
		      dev->base + PIPE_REG_OPEN_BUFFER_HIGH);
	return 0;
}
