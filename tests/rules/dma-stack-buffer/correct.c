// Correct buffers: heap, members of heap structs, kmemdup copies, pages,
// buffers a caller passes in. None may be reported.
// RUN: %dmacheck %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=dma-stack-buffer
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/usb.h>

struct priv {
	struct usb_device *udev;
	u8 *buf;
	u8 inline_buf[64];
};

int read_reg_heap(struct usb_device *udev, u16 reg, u8 *val)
{
	u8 *buf = kmalloc(4, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 0x01, 0xc0, 0, reg, buf, 4, 1000);
	*val = buf[0];
	kfree(buf);
	return ret;
}

int write_copy(struct usb_device *udev, const u8 *data, int len)
{
	u8 local[8] = { 1, 2, 3 };
	u8 *copy = kmemdup(local, sizeof(local), GFP_KERNEL);
	int actual, ret;

	if (!copy)
		return -ENOMEM;
	ret = usb_bulk_msg(udev, usb_sndbulkpipe(udev, 2), copy, sizeof(local), &actual, 1000);
	kfree(copy);
	return ret;
}

int map_member(struct device *dev, struct priv *p)
{
	dma_addr_t d = dma_map_single(dev, p->inline_buf, sizeof(p->inline_buf), DMA_FROM_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(p->inline_buf), DMA_FROM_DEVICE);
	return 0;
}

int map_zalloc(struct device *dev)
{
	struct priv *p = kzalloc(sizeof(*p), GFP_KERNEL);
	dma_addr_t d;

	if (!p)
		return -ENOMEM;
	d = dma_map_single(dev, p->inline_buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d)) {
		kfree(p);
		return -ENOMEM;
	}
	dma_unmap_single(dev, d, 64, DMA_TO_DEVICE);
	kfree(p);
	return 0;
}

int map_param(struct device *dev, void *buf, size_t len)
{
	dma_addr_t d = dma_map_single(dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, len, DMA_TO_DEVICE);
	return 0;
}

int sg_heap(struct scatterlist *sg, struct priv *p)
{
	sg_init_one(sg, p->buf, 64);
	return 0;
}

int map_page_of_local_pointer(struct device *dev, struct page *page)
{
	void *va = page_address(page);
	dma_addr_t d = dma_map_single(dev, va, PAGE_SIZE, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, PAGE_SIZE, DMA_TO_DEVICE);
	return 0;
}

/* Stack data copied by the USB core (usb_control_msg_send uses kmemdup). */
int send_stack_copy(struct usb_device *udev)
{
	u8 val[2] = { 0, 1 };

	return usb_control_msg_send(udev, 0, 0x02, 0x40, 0, 0, val, sizeof(val), 1000, GFP_KERNEL);
}

/* The stack holds only the pointer; the buffer is the heap. */
int pointer_on_stack(struct priv *p)
{
	u8 *buf = p->buf;
	int actual;

	return usb_bulk_msg(p->udev, usb_rcvbulkpipe(p->udev, 1), buf, 64, &actual, 1000);
}
