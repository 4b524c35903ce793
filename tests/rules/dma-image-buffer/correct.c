// Pointers stored in globals, heap memory, and page-based mappings of
// image data. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-image-buffer' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/usb.h>

static u8 *rx_buf;                 /* the pointer is global, the memory is heap */
static const u8 init_seq[] = { 1, 2, 3, 4 };

struct ctx {
	struct device *dev;
	u8 *cmd;
};
static struct ctx global_ctx;

/* 1. A global pointer to kmalloc'ed memory. */
int rx_start(struct device *dev)
{
	dma_addr_t d;

	rx_buf = kmalloc(512, GFP_KERNEL);
	if (!rx_buf)
		return -ENOMEM;
	d = dma_map_single(dev, rx_buf, 512, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, 512, DMA_FROM_DEVICE);
	return 0;
}

/* 2. A const table copied into a heap buffer first. */
int send_init(struct usb_device *udev)
{
	u8 *buf = kmemdup(init_seq, sizeof(init_seq), GFP_KERNEL);
	int actual, ret;

	if (!buf)
		return -ENOMEM;
	ret = usb_bulk_msg(udev, usb_sndbulkpipe(udev, 1), buf, sizeof(init_seq), &actual, 1000);
	kfree(buf);
	return ret;
}

/* 3. usb_control_msg_send() copies its data: a literal is fine there. */
int send_magic(struct usb_device *udev)
{
	return usb_control_msg_send(udev, 0, 0x05, 0x40, 0, 0, "MAGIC", 5, 1000, GFP_KERNEL);
}

/* 4. A buffer whose pointer lives in a global struct. */
int map_global_ctx_cmd(void)
{
	dma_addr_t d = dma_map_single(global_ctx.dev, global_ctx.cmd, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(global_ctx.dev, d))
		return -ENOMEM;
	dma_unmap_single(global_ctx.dev, d, 64, DMA_TO_DEVICE);
	return 0;
}

/* 5. Coherent memory. */
int coherent(struct device *dev)
{
	dma_addr_t h;
	void *p = dma_alloc_coherent(dev, 128, &h, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	dma_free_coherent(dev, 128, p, h);
	return 0;
}

/* 6. Global data only read by the CPU next to a DMA. */
int fill_and_map(struct device *dev, u8 *buf)
{
	dma_addr_t d;

	memcpy(buf, init_seq, sizeof(init_seq));
	d = dma_map_single(dev, buf, sizeof(init_seq), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(init_seq), DMA_TO_DEVICE);
	return 0;
}

/* 7. A page allocated for the transfer. */
int page_sg(struct scatterlist *sg)
{
	struct page *p = alloc_page(GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	sg_set_page(sg, p, PAGE_SIZE, 0);
	return 0;
}

/* 8. A kzalloc'ed member of a structure. */
int member(struct device *dev)
{
	struct ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->cmd = kzalloc(64, GFP_KERNEL);
	if (c->cmd)
		sg_init_one(NULL, c->cmd, 64);
	kfree(c->cmd);
	kfree(c);
	return 0;
}
