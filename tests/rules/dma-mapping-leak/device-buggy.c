// A handle written to a device register is not a leak when the device keeps
// it (device-correct.c), but it is when the function that mapped it owns
// its end: it unmaps on another path, or frees the mapped memory.
// RUN: %not %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>

struct ctl {
	struct device *dev;
	void __iomem *regs;
};

int ctl_wait(struct ctl *c);

/* The timeout path skips the unmap the success path does. */
int ctl_run_cmd(struct ctl *c, void *cmd, size_t len)
{
	dma_addr_t dma = dma_map_single(c->dev, cmd, len, DMA_TO_DEVICE);

	if (dma_mapping_error(c->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), c->regs + 0x10);
	if (ctl_wait(c))
		// CHECK: device-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked: its handle is lost without dma_unmap_single()
		return -ETIMEDOUT;
	dma_unmap_single(c->dev, dma, len, DMA_TO_DEVICE);
	return 0;
}
