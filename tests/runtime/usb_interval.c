// Interrupt URBs honour their interval, encoded as usb_fill_int_urb()
// documents: 2^(interval-1) microframes at high speed (the simulated
// device's default), frames (ms) at full/low speed.  A completion handler
// that always resubmits completes once per period, not as fast as the
// worker thread can spin.  Illegal intervals fail as usb_submit_urb() does.
// The bounds are generous: this checks the rate, it is not a timing test.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: high speed: interval 8 -> 128 microframes
// CHECK: high speed: completions in 200 ms within [1, 30]: yes
// CHECK: full speed: interval 8 -> 8 frames
// CHECK: full speed: completions in 200 ms within [1, 30]: yes
// CHECK: interval 0: -22, full-speed interval 300: -22
// CHECK: high speed: interval 20 clamped to 32768 microframes
// CHECK: errors 0

#include <stdio.h>
#include <dmart.h>
#include <linux/usb.h>
#include <linux/slab.h>

static int count;

static void resubmit(struct urb *urb)
{
	__atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
	usb_submit_urb(urb, GFP_ATOMIC);
}

/* Completions of an always-resubmitting urb over 200 ms. */
static int run(struct urb *urb)
{
	int n;

	__atomic_store_n(&count, 0, __ATOMIC_SEQ_CST);
	if (usb_submit_urb(urb, GFP_KERNEL))
		return -1;
	msleep(200);
	n = __atomic_load_n(&count, __ATOMIC_SEQ_CST);
	usb_kill_urb(urb);
	return n;
}

int main(void)
{
	struct usb_device *udev = dmart_usb_device_create("kbd");
	struct urb *urb = usb_alloc_urb(0, GFP_KERNEL);
	char *buf = kzalloc(8, GFP_KERNEL);
	int n, r0, r300;

	usb_fill_int_urb(urb, udev, usb_rcvintpipe(udev, 1), buf, 8, resubmit,
			 NULL, 8);
	printf("high speed: interval 8 -> %d microframes\n", urb->interval);
	n = run(urb);
	/* 16 ms periods: about 12. */
	printf("high speed: completions in 200 ms within [1, 30]: %s (%d)\n",
	       n >= 1 && n <= 30 ? "yes" : "no", n);

	udev->speed = USB_SPEED_FULL;
	usb_fill_int_urb(urb, udev, usb_rcvintpipe(udev, 1), buf, 8, resubmit,
			 NULL, 8);
	printf("full speed: interval 8 -> %d frames\n", urb->interval);
	n = run(urb);
	/* 8 ms periods: about 25. */
	printf("full speed: completions in 200 ms within [1, 30]: %s (%d)\n",
	       n >= 1 && n <= 30 ? "yes" : "no", n);

	urb->interval = 0;
	r0 = usb_submit_urb(urb, GFP_KERNEL);
	urb->interval = 300;
	r300 = usb_submit_urb(urb, GFP_KERNEL);
	printf("interval 0: %d, full-speed interval 300: %d\n", r0, r300);

	udev->speed = USB_SPEED_HIGH;
	usb_fill_int_urb(urb, udev, usb_rcvintpipe(udev, 1), buf, 8, resubmit,
			 NULL, 20);
	printf("high speed: interval 20 clamped to %d microframes\n", urb->interval);

	usb_free_urb(urb);
	kfree(buf);
	dmart_usb_device_destroy(udev);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
