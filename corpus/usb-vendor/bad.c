// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor USB sensor bridge: register access over control transfers, a bulk
 * firmware upload and an interrupt status endpoint.
 *
 * Seeded bugs (see expect.txt): a register read and the firmware upload use stack
 * buffers, the pattern behind many "don't use stack buffer for USB transfers"
 * fixes (the HCD maps the buffer for DMA; with VMAP_STACK it is vmalloc'ed).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/usb.h>

#define VND_REQ_READ	0x01
#define VND_REQ_WRITE	0x02
#define VND_EP_FW	0x02
#define VND_EP_STATUS	0x81
#define VND_FW_CHUNK	64

struct vnd_dev {
	struct usb_device *udev;
	struct urb *status_urb;
	u8 *status_buf;
	u32 last_status;
};

static int vnd_read_reg(struct vnd_dev *vd, u16 reg, u32 *val)
{
	__le32 buf;
	int ret;

	ret = usb_control_msg(vd->udev, usb_rcvctrlpipe(vd->udev, 0),
			      VND_REQ_READ, USB_DIR_IN | USB_TYPE_VENDOR,
			      0, reg, &buf, sizeof(buf), 1000);
	if (ret < 0)
		return ret;
	if (ret != sizeof(buf))
		return -EIO;
	*val = le32_to_cpu(buf);
	return 0;
}

static int vnd_write_reg(struct vnd_dev *vd, u16 reg, u32 val)
{
	__le32 *buf;
	int ret;

	buf = kmalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	*buf = cpu_to_le32(val);
	ret = usb_control_msg(vd->udev, usb_sndctrlpipe(vd->udev, 0),
			      VND_REQ_WRITE, USB_DIR_OUT | USB_TYPE_VENDOR,
			      0, reg, buf, sizeof(*buf), 1000);
	kfree(buf);
	return ret < 0 ? ret : 0;
}

static int vnd_upload_fw(struct vnd_dev *vd, const u8 *fw, size_t len)
{
	u8 chunk[VND_FW_CHUNK];
	size_t off;
	int actual, ret;

	for (off = 0; off < len; off += VND_FW_CHUNK) {
		size_t n = min_t(size_t, len - off, VND_FW_CHUNK);

		memcpy(chunk, fw + off, n);
		ret = usb_bulk_msg(vd->udev, usb_sndbulkpipe(vd->udev, VND_EP_FW),
				   chunk, n, &actual, 5000);
		if (ret)
			return ret;
	}
	return 0;
}

static void vnd_status_complete(struct urb *urb)
{
	struct vnd_dev *vd = urb->context;

	if (urb->status)
		return;
	vd->last_status = vd->status_buf[0];
	usb_submit_urb(urb, GFP_ATOMIC);
}

static int vnd_start_status(struct vnd_dev *vd)
{
	vd->status_urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!vd->status_urb)
		return -ENOMEM;
	vd->status_buf = kzalloc(8, GFP_KERNEL);
	if (!vd->status_buf) {
		usb_free_urb(vd->status_urb);
		return -ENOMEM;
	}
	usb_fill_int_urb(vd->status_urb, vd->udev,
			 usb_rcvintpipe(vd->udev, VND_EP_STATUS),
			 vd->status_buf, 8, vnd_status_complete, vd, 8);
	return usb_submit_urb(vd->status_urb, GFP_KERNEL);
}

static int vnd_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct vnd_dev *vd;
	u32 chip;
	int ret;

	vd = kzalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	vd->udev = interface_to_usbdev(intf);
	ret = vnd_read_reg(vd, 0x0000, &chip);
	if (ret)
		goto err_free;
	ret = vnd_write_reg(vd, 0x0004, 1);
	if (ret)
		goto err_free;
	ret = vnd_start_status(vd);
	if (ret)
		goto err_free;
	usb_set_intfdata(intf, vd);
	return 0;

err_free:
	kfree(vd);
	return ret;
}
