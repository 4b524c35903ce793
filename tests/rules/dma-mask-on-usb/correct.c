// Masks set where they belong: host controller drivers on their own PCI
// or platform device, UDC drivers on their controller, and USB device
// drivers that set none and let the core map (usb_alloc_coherent(), the
// urb's own mapping). Must stay silent.
// RUN: %dmacheck --rules='-*,dma-mask-on-usb' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/usb.h>

#define VND_EP_OUT	0x02
#define VND_BUF_SIZE	512

struct xhci_hcd_priv {
	struct pci_dev *pdev;
	void __iomem *regs;
};

/* 1. xhci-pci: the host controller is the device that does the DMA, and
 *    its probe sets its PCI device's mask, 64 bits with a 32-bit
 *    fallback. */
int xhci_like_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	return ret;
}

/* 2. ehci-platform: a SoC host controller coerces the mask of its
 *    platform device, kept in a local `dev`. */
int ehci_like_platform_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	int err;

	err = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (err) {
		dev_err(dev, "Error: DMA mask configuration failed\n");
		return err;
	}
	return 0;
}

/* 3. A UDC (dwc3/musb style) sets the mask of the gadget controller's
 *    own device, which is not a usb_device or usb_interface. */
struct udc {
	struct device dev;		/* the controller's device */
	struct device *sysdev;
};

int udc_core_init(struct udc *udc)
{
	int ret;

	ret = dma_set_mask_and_coherent(&udc->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	return dma_set_mask(udc->sysdev, DMA_BIT_MASK(64));
}

/* 4. A USB vendor driver does no mask set-up at all: its transfer buffer
 *    comes from usb_alloc_coherent(), which allocates for the host
 *    controller, and the urb carries its DMA address. */
struct vnd {
	struct usb_device *udev;
	struct urb *urb;
	u8 *buf;
	dma_addr_t buf_dma;
};

void vnd_write_done(struct urb *urb);

int vnd_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	struct device *dev = &intf->dev;
	struct vnd *v;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->udev = udev;
	v->urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!v->urb)
		goto err_free;
	v->buf = usb_alloc_coherent(udev, VND_BUF_SIZE, GFP_KERNEL, &v->buf_dma);
	if (!v->buf) {
		dev_err(dev, "cannot allocate transfer buffer\n");
		goto err_urb;
	}
	usb_fill_bulk_urb(v->urb, udev, usb_sndbulkpipe(udev, VND_EP_OUT),
			  v->buf, VND_BUF_SIZE, vnd_write_done, v);
	v->urb->transfer_dma = v->buf_dma;
	v->urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	usb_set_intfdata(intf, v);
	return 0;

err_urb:
	usb_free_urb(v->urb);
err_free:
	kfree(v);
	return -ENOMEM;
}

/* 5. A USB driver that only asks what the host controller can reach
 *    (dma_get_mask() of the bus's sysdev), to size its buffers: a query,
 *    not a mask set-up. */
bool vnd_hc_can_dma64(struct usb_interface *intf)
{
	struct usb_device *udev = interface_to_usbdev(intf);

	return dma_get_mask(udev->bus->sysdev) == DMA_BIT_MASK(64);
}

/* 6. A combined PCI card (a TV tuner with its own DMA engine and a
 *    USB-attached companion chip): the mask goes on the PCI function,
 *    the usb_interface is only used for logging. */
int tuner_bridge_probe(struct pci_dev *pdev, struct usb_interface *companion)
{
	struct device *log = &companion->dev;

	if (dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32))) {
		dev_err(log, "bridge has no usable DMA\n");
		return -EIO;
	}
	return 0;
}
