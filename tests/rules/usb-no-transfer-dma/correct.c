// URB_NO_TRANSFER_DMA_MAP with urb->transfer_dma filled in on the path (by
// usb_alloc_coherent(), a store, the driver's own mapping or a helper the
// analyzer enters, before or after the flag), urbs without the flag, and
// urbs set up where the path cannot see. Must stay silent.
// RUN: %dmacheck --rules='-*,usb-no-transfer-dma' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb.h>

#define VND_IRQ_LEN	16
#define VND_BULK_LEN	512
#define VND_RX_URBS	4

/* A USB vendor driver with an interrupt endpoint, bulk endpoints and
 * coherent URB buffers. */
struct vnd {
	struct usb_device *udev;
	struct device *hcd_dev;
	unsigned int irq_ep, bulk_out_ep, bulk_in_ep;
	int irq_interval;
	struct urb *irq_urb;
	u8 *irq_buf;
	dma_addr_t irq_dma;
	struct urb *bulk_urb;
	u8 *bulk_buf;
	struct urb *rx_urb[VND_RX_URBS];
	u8 *rx_buf[VND_RX_URBS];
};

void vnd_setup_bulk_urb(struct vnd *v, struct urb *urb);

static void vnd_irq_complete(struct urb *urb)
{
}

static void vnd_bulk_complete(struct urb *urb)
{
}

/* 1. usb/dma.rst's pattern (usbhid, usbtouchscreen): the buffer from
 *    usb_alloc_coherent() with its handle written straight into
 *    urb->transfer_dma, then the flag. */
int vnd_start_irq(struct vnd *v)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	v->irq_buf = usb_alloc_coherent(v->udev, VND_IRQ_LEN, GFP_KERNEL,
					&urb->transfer_dma);
	if (!v->irq_buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_int_urb(urb, v->udev, usb_rcvintpipe(v->udev, v->irq_ep),
			 v->irq_buf, VND_IRQ_LEN, vnd_irq_complete, v,
			 v->irq_interval);
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	v->irq_urb = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 2. The handle kept in the driver's struct and copied into the urb after
 *    the flag is set, before the submission: order does not matter. */
int vnd_open(struct vnd *v)
{
	struct urb *urb;
	int ret;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	v->irq_buf = usb_alloc_coherent(v->udev, VND_IRQ_LEN, GFP_KERNEL,
					&v->irq_dma);
	if (!v->irq_buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_int_urb(urb, v->udev, usb_rcvintpipe(v->udev, v->irq_ep),
			 v->irq_buf, VND_IRQ_LEN, vnd_irq_complete, v,
			 v->irq_interval);
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	urb->transfer_dma = v->irq_dma;
	v->irq_urb = urb;
	ret = usb_submit_urb(urb, GFP_KERNEL);
	if (ret) {
		usb_free_coherent(v->udev, VND_IRQ_LEN, v->irq_buf, v->irq_dma);
		usb_free_urb(urb);
	}
	return ret;
}

/* 3. A kmalloc()ed bulk-out copy without the flag: usbcore maps it. */
int vnd_write(struct vnd *v, const void *data, size_t len)
{
	struct urb *urb;
	u8 *buf;
	int ret;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	buf = kmalloc(len, GFP_KERNEL);
	if (!buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	memcpy(buf, data, len);
	usb_fill_bulk_urb(urb, v->udev, usb_sndbulkpipe(v->udev, v->bulk_out_ep),
			  buf, len, vnd_bulk_complete, v);
	urb->transfer_flags |= URB_FREE_BUFFER | URB_ZERO_PACKET;
	ret = usb_submit_urb(urb, GFP_KERNEL);
	usb_free_urb(urb);
	return ret;
}

/* 4. The urb set up by the driver's transport layer (another file), which
 *    may fill transfer_dma; the flag is set after it came back. */
int vnd_start_bulk(struct vnd *v)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	vnd_setup_bulk_urb(v, urb);
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	v->bulk_urb = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 5. The driver maps its own buffer (against the host controller's
 *    device) and gives the urb the mapping. */
int vnd_send_mapped(struct vnd *v, void *buf, size_t len)
{
	struct urb *urb;
	dma_addr_t dma;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	dma = dma_map_single(v->hcd_dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(v->hcd_dev, dma)) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_bulk_urb(urb, v->udev, usb_sndbulkpipe(v->udev, v->bulk_out_ep),
			  buf, len, vnd_bulk_complete, v);
	urb->transfer_dma = dma;
	urb->transfer_flags = URB_NO_TRANSFER_DMA_MAP | URB_ZERO_PACKET;
	v->bulk_urb = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 6. The driver's own buffer helper (entered by the analyzer) allocates
 *    into &urb->transfer_dma; the caller sets the flag. */
static int vnd_alloc_rx_buf(struct vnd *v, struct urb *urb, unsigned int i)
{
	v->rx_buf[i] = usb_alloc_coherent(v->udev, VND_BULK_LEN, GFP_KERNEL,
					  &urb->transfer_dma);
	return v->rx_buf[i] ? 0 : -ENOMEM;
}

int vnd_start_rx(struct vnd *v, unsigned int i)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	if (vnd_alloc_rx_buf(v, urb, i)) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_bulk_urb(urb, v->udev, usb_rcvbulkpipe(v->udev, v->bulk_in_ep),
			  v->rx_buf[i], VND_BULK_LEN, vnd_bulk_complete, v);
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	v->rx_urb[i] = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 7. Resume resubmits the interrupt urb that open() set up (flag and
 *    transfer_dma together): an urb this path did not allocate is left
 *    alone, setting the flag again is harmless. */
int vnd_resume(struct vnd *v)
{
	v->irq_urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	return usb_submit_urb(v->irq_urb, GFP_NOIO);
}

/* 8. usbnet-style rx queue: every urb of the loop gets its coherent buffer
 *    and handle, then the flag. */
int vnd_fill_rx_queue(struct vnd *v)
{
	unsigned int i;
	int ret;

	for (i = 0; i < VND_RX_URBS; i++) {
		struct urb *urb = usb_alloc_urb(0, GFP_KERNEL);

		if (!urb)
			return -ENOMEM;
		v->rx_buf[i] = usb_alloc_coherent(v->udev, VND_BULK_LEN,
						  GFP_KERNEL, &urb->transfer_dma);
		if (!v->rx_buf[i]) {
			usb_free_urb(urb);
			return -ENOMEM;
		}
		usb_fill_bulk_urb(urb, v->udev,
				  usb_rcvbulkpipe(v->udev, v->bulk_in_ep),
				  v->rx_buf[i], VND_BULK_LEN, vnd_bulk_complete, v);
		urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
		v->rx_urb[i] = urb;
		ret = usb_submit_urb(urb, GFP_KERNEL);
		if (ret)
			return ret;
	}
	return 0;
}
