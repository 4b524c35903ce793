// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the vendor USB sensor bridge (bad.c / good.c, whichever
 * DMART_DRIVER names).  The simulated USB device answers IN transfers with
 * the data set by dmart_usb_set_in_data() (the chip id register, then the
 * status endpoint's reports); its host controller maps every transfer
 * buffer for DMA, as usbcore does.  The driver has no usb_driver and no
 * disconnect: the harness calls vnd_probe() and vnd_upload_fw() as the
 * rest of the driver would, and tears down what probe set up itself.
 */
#include DMART_DRIVER
#include <dmart.h>
#include <stdlib.h>

struct vnd_h {
	struct usb_device *udev;
	struct usb_interface *intf;
	struct vnd_dev *vd;
};

static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static int h_probe(struct vnd_h *h)
{
	static const u8 reply[8] = { 0x42, 0x10, 0x00, 0x00, 0x42, 0x10, 0x00, 0x00 };
	int err;

	memset(h, 0, sizeof(*h));
	h->udev = dmart_usb_device_create("vnd0");
	if (!h->udev)
		return -ENODEV;
	h->intf = dmart_usb_interface(h->udev, 0);
	/* Register reads return 0x00001042; status reports start 0x42. */
	dmart_usb_set_in_data(h->udev, reply, sizeof(reply));
	err = vnd_probe(h->intf, NULL);
	if (err)
		return err;
	h->vd = usb_get_intfdata(h->intf);
	return 0;
}

/* What a disconnect would do: stop the status urb, free probe's state. */
static void h_disconnect(struct vnd_h *h)
{
	struct vnd_dev *vd = h->vd;

	if (!vd)
		return;
	usb_set_intfdata(h->intf, NULL);
	usb_kill_urb(vd->status_urb);
	usb_free_urb(vd->status_urb);
	kfree(vd->status_buf);
	kfree(vd);
	h->vd = NULL;
}

static void h_destroy(struct vnd_h *h)
{
	h_disconnect(h);
	if (h->udev)
		dmart_usb_device_destroy(h->udev);
	h->udev = NULL;
}

static int h_probe_failed(struct vnd_h *h, int err)
{
	h_destroy(h);
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: probe failed (%d) without a fault\n", err);
	return 1;
}

/* ------------------------------------------------------------ scenarios */

/*
 * Probe (chip id read, enable write, status urb), let the status endpoint
 * report a few times, disconnect.
 */
static int scn_probe_remove(void)
{
	struct vnd_h h;
	int err, ret = 0, i;

	err = h_probe(&h);
	if (err)
		return h_probe_failed(&h, err);
	/* The status urb completes every 16 ms (interval 8, high speed). */
	for (i = 0; i < 100 && READ_ONCE(h.vd->last_status) != 0x42; i++)
		msleep(5);
	if (!h_faulting() && h.vd->last_status != 0x42) {
		fprintf(stderr, "harness: no status report (0x%x)\n",
			h.vd->last_status);
		ret = 1;
	}
	h_destroy(&h);
	return ret;
}

/* Register traffic and a firmware upload in bulk chunks (the last short). */
static int scn_traffic(void)
{
	struct vnd_h h;
	u8 *fw;
	u32 val = 0;
	int err, ret = 0, i;

	err = h_probe(&h);
	if (err)
		return h_probe_failed(&h, err);
	for (i = 0; i < 4; i++) {
		err = vnd_read_reg(h.vd, 0x0010 + 4 * i, &val);
		if (!h_faulting() && (err || val != 0x1042))
			ret = 1;
		err = vnd_write_reg(h.vd, 0x0020 + 4 * i, 0x1000 + i);
		if (!h_faulting() && err)
			ret = 1;
	}
	fw = kmalloc(3 * VND_FW_CHUNK + 17, GFP_KERNEL);
	if (fw) {
		memset(fw, 0x5a, 3 * VND_FW_CHUNK + 17);
		err = vnd_upload_fw(h.vd, fw, 3 * VND_FW_CHUNK + 17);
		if (!h_faulting() && err) {
			fprintf(stderr, "harness: firmware upload: %d\n", err);
			ret = 1;
		}
		kfree(fw);
	}
	h_destroy(&h);
	return ret;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "traffic", scn_traffic },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
