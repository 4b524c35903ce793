// usb_kill_urb() against a completion handler that always resubmits: as
// usbcore does (urb->reject), resubmission fails with -EPERM while the kill
// waits, so the kill returns (it used to wait for ever).  A queued urb is
// given back with -ENOENT.  usb_poison_urb() keeps the urb rejected until
// usb_unpoison_urb().  usb_kill_urb() may sleep: in atomic context it is
// dma-atomic-context and only unlinks.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/usb.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static int count, last_status, last_resubmit = 1;
static bool resubmit_always = true;

static void complete_fn(struct urb *urb)
{
	int ret = 0;

	if (resubmit_always)
		ret = usb_submit_urb(urb, GFP_ATOMIC);
	__atomic_store_n(&last_status, urb->status, __ATOMIC_SEQ_CST);
	__atomic_store_n(&last_resubmit, ret, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
}

static int completions(void)
{
	return __atomic_load_n(&count, __ATOMIC_SEQ_CST);
}

int main(void)
{
	struct usb_device *udev = dmart_usb_device_create("kbd");
	struct urb *urb = usb_alloc_urb(0, GFP_KERNEL);
	char *buf = kzalloc(8, GFP_KERNEL);
	DEFINE_SPINLOCK(lock);
	unsigned long flags;
	int n, ret;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	/* A: queued (512 ms period) when killed: given back with -ENOENT. */
	usb_fill_int_urb(urb, udev, usb_rcvintpipe(udev, 1), buf, 8, complete_fn,
			 NULL, 13);
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;
	usb_kill_urb(urb);
	msleep(20);
	// CHECK: A: completions 1, status -2, resubmit -1
	printf("A: completions %d, status %d, resubmit %d\n", completions(),
	       last_status, last_resubmit);

	/* B: a bulk urb resubmitted from every completion, killed mid-stream. */
	usb_fill_bulk_urb(urb, udev, usb_rcvbulkpipe(udev, 2), buf, 8, complete_fn,
			  NULL);
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;
	msleep(5);
	usb_kill_urb(urb);
	n = completions();
	msleep(20);
	// CHECK: B: kill returned, last resubmit -1, use_count 0, completions after kill 0
	printf("B: kill returned, last resubmit %d, use_count %d, completions after kill %d\n",
	       last_resubmit, atomic_read(&urb->use_count), completions() - n);
	// CHECK: B: resubmit after the kill returned: 0
	ret = usb_submit_urb(urb, GFP_KERNEL);
	printf("B: resubmit after the kill returned: %d\n", ret);
	usb_kill_urb(urb);

	/* C: poisoned, the urb cannot be submitted until unpoisoned. */
	resubmit_always = false;
	usb_poison_urb(urb);
	ret = usb_submit_urb(urb, GFP_KERNEL);
	usb_unpoison_urb(urb);
	n = completions();
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;
	while (completions() == n)
		msleep(1);
	// CHECK: C: poisoned submit -1, unpoisoned completion status 0
	printf("C: poisoned submit %d, unpoisoned completion status %d\n", ret,
	       last_status);

	/* D: killing under a spinlock would sleep in atomic context. */
	n = completions();
	usb_fill_int_urb(urb, udev, usb_rcvintpipe(udev, 1), buf, 8, complete_fn,
			 NULL, 13);
	if (usb_submit_urb(urb, GFP_KERNEL))
		return 3;
	spin_lock_irqsave(&lock, flags);
	// CHECK: dmart: kbd: dma-atomic-context: usb_kill_urb() sleeps but was called in atomic context {{.*}}[usb_kill_urb] at {{.*}}usb_kill.c:[[@LINE+1]]
	usb_kill_urb(urb);
	spin_unlock_irqrestore(&lock, flags);
	/* Unlinked, not waited for: the completion comes on its own thread. */
	while (completions() == n)
		msleep(1);
	// CHECK: D: status -2
	printf("D: status %d\n", last_status);

	usb_free_urb(urb);
	kfree(buf);
	dmart_usb_device_destroy(udev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
