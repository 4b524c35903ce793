// Setting a DMA mask on a USB device or interface: dma-mask-on-usb.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/usb.h>
#include <linux/dma-mapping.h>

int main(void)
{
	struct usb_device *udev = dmart_usb_device_create("usb1");
	struct usb_interface *intf = dmart_usb_interface(udev, 0);

	// CHECK: dmart: usb1:1.0: dma-mask-on-usb: DMA mask set on a USB device or interface [mask=0xffffffff]{{.*}} [dma_set_mask_and_coherent] at {{.*}}mask_usb.c:[[@LINE+1]]
	if (!dma_set_mask_and_coherent(&intf->dev, DMA_BIT_MASK(32)))
		return 3;
	// CHECK: dmart: usb1: dma-mask-on-usb: {{.*}} [dma_set_mask] at {{.*}}mask_usb.c:[[@LINE+1]]
	dma_set_mask(&interface_to_usbdev(intf)->dev, DMA_BIT_MASK(64));
	dmart_usb_device_destroy(udev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
