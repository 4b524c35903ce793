// dmart_usb_device_destroy() keeps a registry of live devices: destroying
// one twice, or NULL, is harness misuse, reported as dmart_device_destroy()
// reports it (a "misuse" line, counted by dmart_misuse_count(), not a
// finding), and returns without touching freed memory (it used to be a
// double free).
// On destroy, an in-flight urb completes with -ESHUTDOWN and cannot be
// resubmitted (-ENODEV), as after a disconnect.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/usb.h>
#include <linux/slab.h>

static int status = 1, resubmit = 1;

static void complete_fn(struct urb *urb)
{
	status = urb->status;
	resubmit = usb_submit_urb(urb, GFP_ATOMIC);
}

int main(void)
{
	struct usb_device *a = dmart_usb_device_create("usba");
	struct usb_device *b = dmart_usb_device_create("usbb");
	struct urb *urb = usb_alloc_urb(0, GFP_KERNEL);
	char *buf = kzalloc(8, GFP_KERNEL);

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	/* A 512 ms period: still queued when the device goes away. */
	usb_fill_int_urb(urb, b, usb_rcvintpipe(b, 1), buf, 8, complete_fn, NULL, 13);
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;

	dmart_usb_device_destroy(a);
	// CHECK: dmart: usba: misuse: device already released [dev=0x{{[0-9a-f]+}}] [dmart_usb_device_destroy]
	dmart_usb_device_destroy(a);
	// CHECK: dmart: -: misuse: NULL device [dmart_usb_device_destroy]
	dmart_usb_device_destroy(NULL);

	dmart_usb_device_destroy(b);
	// CHECK: in flight at destroy: status -108, resubmit -19
	printf("in flight at destroy: status %d, resubmit %d\n", status, resubmit);
	// CHECK: errors 0 misuse 2
	printf("errors %lu misuse %lu\n", dmart_error_count(), dmart_misuse_count());
	usb_free_urb(urb);
	kfree(buf);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0 || dmart_misuse_count() != 2;
}
