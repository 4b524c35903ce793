#include <linux/dma-mapping.h>
#include <linux/usb.h>

int a(struct device *dev)
{
	u8 buf[8];
	dma_addr_t d = dma_map_single(dev, buf, 8, DMA_TO_DEVICE); // NOLINT(dma-stack-buffer)

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, 8, DMA_TO_DEVICE);
	return 0;
}

int b(struct usb_device *udev)
{
	u8 v[2];

	/* NOLINTNEXTLINE(dma-stack-buffer) */
	return usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 1, 0xc0, 0, 0, v, 2, 100);
}

int c(struct usb_device *udev)
{
	u8 v[2];

	return usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 1, 0xc0, 0, 0, v, 2, 100); // NOLINT(dma-unchecked-mapping)
}

int d(struct usb_device *udev)
{
	u8 v[2];

	return usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 1, 0xc0, 0, 0, v, 2, 100); // NOLINT
}

int e(struct usb_device *udev)
{
	u8 v[2];

	return usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 1, 0xc0, 0, 0, v, 2, 100); /* NOLINT(dma-*) */
}
