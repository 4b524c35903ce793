// USB class and vendor drivers that set a DMA mask on their own USB
// device or interface. usb/dma.rst: "Never use dma_set_mask() on any USB
// interface or device; that would potentially break all devices sharing
// that bus."
// RUN: %not %dmacheck --rules='-*,dma-mask-on-usb' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/usb.h>

#define CAM_BULK_EP	0x81
#define CAM_XFER_SIZE	(64 * 1024)

struct cam {
	struct usb_device *udev;
	struct usb_interface *intf;
	struct urb *urb;
	void *buf;
	dma_addr_t buf_dma;
};

int cam_start_streaming(struct cam *cam);

/* 1. A vendor webcam's probe sets the mask of its interface, as if the
 *    interface did the DMA, and fails the probe when the call fails (it
 *    does on 6.12: a USB interface has no DMA mask). */
int cam_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct cam *cam;
	int ret;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_set_mask_and_coherent() on the struct device of a struct usb_interface: USB devices do no DMA themselves; the host controller does, and the USB core maps for it (use usb_alloc_coherent() or let the core map the urb) [dma-mask-on-usb]
	ret = dma_set_mask_and_coherent(&intf->dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;
	cam = kzalloc(sizeof(*cam), GFP_KERNEL);
	if (!cam)
		return -ENOMEM;
	cam->intf = intf;
	cam->udev = interface_to_usbdev(intf);
	usb_set_intfdata(intf, cam);
	return 0;
}

/* 2. The same on the usb_device, reached through interface_to_usbdev(),
 *    so that dma_map_single(&udev->dev, ...) "works" later. */
int cam_setup_dma(struct usb_interface *intf, struct cam *cam)
{
	struct usb_device *udev = interface_to_usbdev(intf);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_set_mask() on the struct device of a struct usb_device: USB devices do no DMA themselves; the host controller does, and the USB core maps for it (use usb_alloc_coherent() or let the core map the urb) [dma-mask-on-usb]
	if (dma_set_mask(&udev->dev, DMA_BIT_MASK(64)))
		dev_warn(&intf->dev, "no 64-bit DMA\n");
	cam->udev = udev;
	return 0;
}

/* 3. The usb_device's struct device written inline. */
int sdr_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_coerce_mask_and_coherent() on the struct device of a struct usb_device: USB devices do no DMA themselves; the host controller does, and the USB core maps for it (use usb_alloc_coherent() or let the core map the urb) [dma-mask-on-usb]
	if (dma_coerce_mask_and_coherent(&interface_to_usbdev(intf)->dev,
					 DMA_BIT_MASK(32)))
		return -ENODEV;
	return 0;
}

/* 4. The interface's device kept in a local, as probes do for dev_err(),
 *    and the coherent mask set on it. */
int dongle_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct device *dev = &intf->dev;
	int ret;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_set_coherent_mask() on the struct device of a struct usb_interface: USB devices do no DMA themselves; the host controller does, and the USB core maps for it (use usb_alloc_coherent() or let the core map the urb) [dma-mask-on-usb]
	ret = dma_set_coherent_mask(dev, DMA_BIT_MASK(32));
	if (ret) {
		dev_err(dev, "cannot set coherent DMA mask\n");
		return ret;
	}
	return 0;
}

/* 5. The usb_device's struct device in a local initialised from the
 *    interface's parent device. */
int fpga_usb_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	struct device *ddev = &udev->dev;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_set_mask_and_coherent() on the struct device of a struct usb_device: USB devices do no DMA themselves; the host controller does, and the USB core maps for it (use usb_alloc_coherent() or let the core map the urb) [dma-mask-on-usb]
	if (dma_set_mask_and_coherent(ddev, DMA_BIT_MASK(64)))
		return -EIO;
	return 0;
}

/* 6. A driver that embeds the interface it emulates (a usbip-like
 *    virtual device) and sets its mask through the member: `&X.dev`. */
struct vusb {
	struct usb_interface iface;
	struct usb_device vdev;
};

int vusb_attach(struct vusb *v)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_set_mask() on the struct device of a struct usb_interface: USB devices do no DMA themselves; the host controller does, and the USB core maps for it (use usb_alloc_coherent() or let the core map the urb) [dma-mask-on-usb]
	if (dma_set_mask(&v->iface.dev, DMA_BIT_MASK(32)))
		return -EIO;
	return 0;
}
