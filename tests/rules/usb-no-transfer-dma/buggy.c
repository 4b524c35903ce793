// URB_NO_TRANSFER_DMA_MAP set on a fresh urb whose transfer_dma the path
// never assigns: usbcore then maps nothing and the host controller DMAs to
// address 0 (usb_alloc_urb() zeroes the urb). driver-api/usb/dma.rst:
// "usbcore" will map this DMA address, if a DMA-aware driver didn't do it
// first and set URB_NO_TRANSFER_DMA_MAP.
// RUN: %not %dmacheck --rules='-*,usb-no-transfer-dma' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb.h>

#define VND_IRQ_LEN	16
#define VND_BULK_LEN	512
#define VND_CMD_LEN	64

/* A USB vendor driver (input/misc style) with an interrupt endpoint, a
 * bulk-out endpoint and coherent URB buffers. */
struct vnd {
	struct usb_device *udev;
	unsigned int irq_ep, bulk_out_ep, bulk_in_ep;
	int irq_interval;
	struct urb *irq_urb;
	u8 *irq_buf;
	dma_addr_t irq_dma;
	struct urb *bulk_urb;
	u8 *bulk_buf;
	struct urb *cmd_urb;
	u8 *cmd_buf;
	dma_addr_t cmd_dma;
};

static void vnd_irq_complete(struct urb *urb)
{
}

static void vnd_bulk_complete(struct urb *urb)
{
}

/* 1. The interrupt endpoint moved from usb_alloc_coherent() to kmalloc()
 *    and the flag kept (the example of the rule's page). */
int vnd_start_irq(struct vnd *v)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	v->irq_buf = kmalloc(VND_IRQ_LEN, GFP_KERNEL);
	if (!v->irq_buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_int_urb(urb, v->udev, usb_rcvintpipe(v->udev, v->irq_ep),
			 v->irq_buf, VND_IRQ_LEN, vnd_irq_complete, v,
			 v->irq_interval);
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never set; the USB core will not map the buffer and the host controller is given DMA address 0 (submitted at line 61) [usb-no-transfer-dma]
	// CHECK-NEXT: buggy.c:[[@LINE-4]]:2: note: the urb is given its buffer here by usb_fill_int_urb()
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	v->irq_urb = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 2. The coherent buffer's DMA address kept in the driver's struct
 *    (v->irq_dma) and never copied into urb->transfer_dma. */
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
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never set; the USB core will not map the buffer and the host controller is given DMA address 0 (submitted at line 86) [usb-no-transfer-dma]
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	v->irq_urb = urb;
	ret = usb_submit_urb(urb, GFP_KERNEL);
	if (ret) {
		usb_free_coherent(v->udev, VND_IRQ_LEN, v->irq_buf, v->irq_dma);
		usb_free_urb(urb);
	}
	return ret;
}

/* 3. A bulk-out write whose flags are assigned as a whole, with the
 *    zero-packet flag and the no-map flag, for a kmalloc()ed copy. */
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
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never set; the USB core will not map the buffer and the host controller is given DMA address 0 (submitted at line 115) [usb-no-transfer-dma]
	urb->transfer_flags = URB_NO_TRANSFER_DMA_MAP | URB_ZERO_PACKET;
	ret = usb_submit_urb(urb, GFP_KERNEL);
	usb_free_urb(urb);
	return ret;
}

/* 4. Probe prepares the command urb for later submission and ends: the
 *    coherent buffer's handle went to v->cmd_dma, the urb's transfer_dma
 *    stays 0 (reported where the flag is set, with no submit line). */
int vnd_probe_cmd(struct vnd *v)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	v->cmd_buf = usb_alloc_coherent(v->udev, VND_CMD_LEN, GFP_KERNEL,
					&v->cmd_dma);
	if (!v->cmd_buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_bulk_urb(urb, v->udev, usb_sndbulkpipe(v->udev, v->bulk_out_ep),
			  v->cmd_buf, VND_CMD_LEN, vnd_bulk_complete, v);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never set; the USB core will not map the buffer and the host controller is given DMA address 0 [usb-no-transfer-dma]
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	v->cmd_urb = urb;
	return 0;
}

/* 5. The driver's own fill helper (entered by the analyzer) sets the flag
 *    for every bulk-in urb; this caller gives it a kmalloc() buffer. The
 *    finding is at the flag, in the helper. */
static void vnd_fill_rx_urb(struct vnd *v, struct urb *urb, void *buf,
			    size_t len)
{
	usb_fill_bulk_urb(urb, v->udev, usb_rcvbulkpipe(v->udev, v->bulk_in_ep),
			  buf, len, vnd_bulk_complete, v);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never set; the USB core will not map the buffer and the host controller is given DMA address 0 (submitted at line 170) [usb-no-transfer-dma]
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
}

int vnd_start_rx(struct vnd *v)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	v->bulk_buf = kmalloc(VND_BULK_LEN, GFP_KERNEL);
	if (!v->bulk_buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	vnd_fill_rx_urb(v, urb, v->bulk_buf, VND_BULK_LEN);
	v->bulk_urb = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* 6. The buffer's handle put into the wrong urb: the status urb gets the
 *    data urb's transfer_dma, the data urb keeps 0. */
int vnd_start_pair(struct vnd *v, struct urb *status_urb)
{
	struct urb *urb;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	v->bulk_buf = usb_alloc_coherent(v->udev, VND_BULK_LEN, GFP_KERNEL,
					 &status_urb->transfer_dma);
	if (!v->bulk_buf) {
		usb_free_urb(urb);
		return -ENOMEM;
	}
	usb_fill_bulk_urb(urb, v->udev, usb_rcvbulkpipe(v->udev, v->bulk_in_ep),
			  v->bulk_buf, VND_BULK_LEN, vnd_bulk_complete, v);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: URB_NO_TRANSFER_DMA_MAP set on an urb whose transfer_dma was never set; the USB core will not map the buffer and the host controller is given DMA address 0 (submitted at line 193) [usb-no-transfer-dma]
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP | URB_SHORT_NOT_OK;
	v->bulk_urb = urb;
	return usb_submit_urb(urb, GFP_KERNEL);
}
