/* A USB transfer of a stack buffer: only the memory-kind rules look. */
#include <linux/usb.h>

int usb_xfer(struct usb_device *udev)
{
	u8 buf[8];
	int actual;

	return usb_bulk_msg(udev, usb_sndbulkpipe(udev, 1), buf, sizeof(buf),
			    &actual, 1000);
}
