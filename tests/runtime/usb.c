// USB: a stack buffer handed to usb_control_msg() is dma-stack-buffer; an
// urb with URB_NO_TRANSFER_DMA_MAP but no transfer_dma is
// usb-no-transfer-dma; a correct bulk urb completes on another thread with
// the device's data, and usb_alloc_coherent() buffers work with the flag.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <pthread.h>
#include <dmart.h>
#include <linux/usb.h>
#include <linux/slab.h>

static struct completion done;
static pthread_t completer;

static void rx_complete(struct urb *urb)
{
	completer = pthread_self();
	complete(&done);
}

int main(void)
{
	struct usb_device *udev = dmart_usb_device_create("usb1");
	char stack_buf[8];
	struct urb *urb = usb_alloc_urb(0, GFP_KERNEL);
	char *buf = kzalloc(16, GFP_KERNEL);
	dma_addr_t dma;
	void *cbuf;

	// CHECK: dmart: usb1-hcd: dma-stack-buffer: device driver maps memory from stack {{.*}} [usb_control_msg] at {{.*}}usb.c:[[@LINE+1]]
	usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 1, USB_DIR_IN, 0, 0, stack_buf, 8, 1000);

	init_completion(&done);
	dmart_usb_set_in_data(udev, "data", 4);
	usb_fill_bulk_urb(urb, udev, usb_rcvbulkpipe(udev, 1), buf, 16, rx_complete, NULL);
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;
	wait_for_completion(&done);
	// CHECK: urb status 0 actual 16 data 'datadata' other thread: yes
	fprintf(stderr, "urb status %d actual %u data '%.8s' other thread: %s\n",
		urb->status, urb->actual_length, buf,
		pthread_equal(completer, pthread_self()) ? "no" : "yes");

	cbuf = usb_alloc_coherent(udev, 64, GFP_KERNEL, &dma);
	usb_fill_bulk_urb(urb, udev, usb_sndbulkpipe(udev, 2), cbuf, 64, rx_complete, NULL);
	urb->transfer_dma = dma;
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;
	wait_for_completion(&done);
	usb_free_coherent(udev, 64, cbuf, dma);

	usb_fill_bulk_urb(urb, udev, usb_sndbulkpipe(udev, 2), buf, 16, rx_complete, NULL);
	urb->transfer_dma = 0;
	// CHECK-NOT: dmart:
	// CHECK: dmart: usb1: usb-no-transfer-dma: URB_NO_TRANSFER_DMA_MAP set but urb->transfer_dma was never set [length=16] [usb_submit_urb] at {{.*}}usb.c:[[@LINE+1]]
	if (usb_submit_urb(urb, GFP_KERNEL) != -EINVAL)
		return 3;
	usb_free_urb(urb);
	kfree(buf);
	dmart_usb_device_destroy(udev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
