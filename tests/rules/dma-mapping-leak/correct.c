// Mappings whose ownership is clear: released, stored where they outlive the
// function, returned, handed to unknown code, or managed. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-mapping-leak' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/usb.h>

struct ring {
	struct device *dev;
	void __iomem *regs;
	dma_addr_t dma[64];
	void *cpu;
	dma_addr_t cpu_dma;
	struct dma_pool *pool;
};

int hw_start(struct ring *r);
void hw_queue(struct ring *r, dma_addr_t dma, size_t len);

/* 1. goto unwind releases on every error path. */
int send_cmd(struct ring *r, void *cmd, size_t len)
{
	dma_addr_t dma = dma_map_single(r->dev, cmd, len, DMA_TO_DEVICE);
	int ret;

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), r->regs);
	ret = hw_start(r);
	if (ret)
		goto err_unmap;
	dma_unmap_single(r->dev, dma, len, DMA_TO_DEVICE);
	return 0;
err_unmap:
	dma_unmap_single(r->dev, dma, len, DMA_TO_DEVICE);
	return ret;
}

/* 2. Stored in the ring: released later by the completion path. */
int rx_refill(struct ring *r, int i, void *buf)
{
	dma_addr_t dma = dma_map_single(r->dev, buf, 2048, DMA_FROM_DEVICE);

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	r->dma[i] = dma;
	return 0;
}

/* 3. Returned to the caller. */
dma_addr_t map_for_caller(struct ring *r, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(r->dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(r->dev, dma))
		return 0;
	return dma;
}

/* 4. Handed to a function whose body is unknown. */
int queue_buf(struct ring *r, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(r->dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	hw_queue(r, dma, len);
	return 0;
}

/* 5. Coherent ring kept in the device structure. */
int alloc_ring(struct ring *r)
{
	r->cpu = dma_alloc_coherent(r->dev, 8192, &r->cpu_dma, GFP_KERNEL);
	if (!r->cpu)
		return -ENOMEM;
	return 0;
}

/* 6. Managed allocation: released when the driver detaches. */
int alloc_managed(struct ring *r)
{
	dma_addr_t dma;
	void *buf = dmam_alloc_coherent(r->dev, 4096, &dma, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	if (hw_start(r))
		return -EIO;
	writel(lower_32_bits(dma), r->regs);
	return 0;
}

/* 7. Failed mapping needs no unmap; failed alloc needs no free. */
int try_map(struct ring *r, void *buf)
{
	dma_addr_t dma = dma_map_single(r->dev, buf, 64, DMA_TO_DEVICE);
	dma_addr_t d2;
	void *p;

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	dma_unmap_single(r->dev, dma, 64, DMA_TO_DEVICE);
	p = dma_pool_alloc(r->pool, GFP_KERNEL, &d2);
	if (!p)
		return -ENOMEM;
	dma_pool_free(r->pool, p, d2);
	return 0;
}

/* 8. Out parameter owns the handle. */
int map_out(struct ring *r, void *buf, dma_addr_t *out)
{
	dma_addr_t dma = dma_map_single(r->dev, buf, 128, DMA_TO_DEVICE);

	if (dma_mapping_error(r->dev, dma))
		return -ENOMEM;
	*out = dma;
	return 0;
}

/* 9. Pool block stored in a descriptor chain reachable from the device. */
int chain_desc(struct ring *r, int i)
{
	dma_addr_t d;
	u32 *desc = dma_pool_alloc(r->pool, GFP_KERNEL, &d);

	if (!desc)
		return -ENOMEM;
	r->dma[i] = d;
	return 0;
}

/* 10. USB coherent buffer freed on every path. */
int usb_read(struct usb_device *udev, u8 *out)
{
	dma_addr_t dma;
	u8 *buf = usb_alloc_coherent(udev, 64, GFP_KERNEL, &dma);
	int actual, ret;

	if (!buf)
		return -ENOMEM;
	ret = usb_bulk_msg(udev, usb_rcvbulkpipe(udev, 1), buf, 64, &actual, 1000);
	if (!ret)
		memcpy(out, buf, 64);
	usb_free_coherent(udev, 64, buf, dma);
	return ret;
}

/* 11. A path that ends in BUG() leaks nothing (skge xmit). */
int frag_with_bug_on(struct ring *r, struct page *pg, u32 *ctrl)
{
	dma_addr_t map = dma_map_page(r->dev, pg, 0, 256, DMA_TO_DEVICE);

	if (dma_mapping_error(r->dev, map))
		return -ENOMEM;
	BUG_ON(*ctrl & 1);
	r->dma[7] = map;
	return 0;
}
