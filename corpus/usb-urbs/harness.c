// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the IMS PCU port (bad.c / good.c, whichever DMART_DRIVER
 * names).  The simulated device is a full-speed PCU with one interface:
 * interrupt IN 0x81 (16 bytes), bulk IN 0x82 and bulk OUT 0x02 (64 bytes).
 * Its IN endpoints return the data set by dmart_usb_set_in_data(), over
 * and over: the harness puts one framed PCU packet there (a command
 * response, or a button event) padded with zeroes to the bulk IN size, so
 * every completion of the bulk IN urb carries exactly that packet.  The
 * interrupt urb gets the first 16 bytes and ignores them, as the driver's
 * pcu_irq() does.  Probe runs through the usb_driver (pcu_driver.probe with
 * the id table's entry), suspend/resume stop and restart the urbs, and
 * disconnect tears everything down before the device is destroyed.
 */
#include DMART_DRIVER
#include <dmart.h>
#include <stdlib.h>

#define H_IN_LEN	64
#define H_BUTTONS	0x01100203u	/* needs DLE escapes on the wire */

struct pcu_h {
	struct usb_device *udev;
	struct usb_interface *intf;
	struct pcu_dev *pcu;
};

static struct usb_host_endpoint h_eps[3] = {
	{ .desc = { .bLength = 7, .bDescriptorType = 5,
		    .bEndpointAddress = 0x81, .bmAttributes = 3,
		    .wMaxPacketSize = 16, .bInterval = 4 } },
	{ .desc = { .bLength = 7, .bDescriptorType = 5,
		    .bEndpointAddress = 0x82, .bmAttributes = 2,
		    .wMaxPacketSize = 64 } },
	{ .desc = { .bLength = 7, .bDescriptorType = 5,
		    .bEndpointAddress = 0x02, .bmAttributes = 2,
		    .wMaxPacketSize = 64 } },
};

static struct usb_host_interface h_alt = {
	.desc = { .bLength = 9, .bDescriptorType = 4, .bInterfaceNumber = 0,
		  .bNumEndpoints = 3, .bInterfaceClass = 2,
		  .bInterfaceSubClass = 2, .bInterfaceProtocol = 1 },
	.endpoint = h_eps,
};

static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static size_t h_put(u8 *frame, size_t n, u8 b)
{
	if (b == PCU_PROTOCOL_STX || b == PCU_PROTOCOL_ETX ||
	    b == PCU_PROTOCOL_DLE)
		frame[n++] = PCU_PROTOCOL_DLE;
	frame[n++] = b;
	return n;
}

/* What the device sends on bulk IN: STX rsp ack data... csum ETX, padded. */
static void h_set_packet(struct usb_device *udev, u8 rsp, u8 ack,
			 const u8 *data, size_t len)
{
	u8 frame[H_IN_LEN] = { 0 };
	u8 csum = rsp + ack;
	size_t n = 0, i;

	frame[n++] = PCU_PROTOCOL_STX;
	n = h_put(frame, n, rsp);
	n = h_put(frame, n, ack);
	for (i = 0; i < len; i++) {
		n = h_put(frame, n, data[i]);
		csum += data[i];
	}
	n = h_put(frame, n, (u8)-csum);
	frame[n++] = PCU_PROTOCOL_ETX;
	dmart_usb_set_in_data(udev, frame, sizeof(frame));
}

/* The GET_INFO answer to the first command (ack id 0). */
static void h_set_info_reply(struct usb_device *udev)
{
	u8 info[PCU_SET_INFO_SIZE];
	size_t i;

	memset(info, 'x', sizeof(info));
	memcpy(info, "PN-4711-ABCDEFG", PCU_PART_NUMBER_LEN);
	memcpy(&info[PCU_INFO_DOM_OFFSET - PCU_DATA_OFFSET], "20240101",
	       PCU_DOM_LEN);
	memcpy(&info[PCU_INFO_SERIAL_OFFSET - PCU_DATA_OFFSET], "SN123456",
	       PCU_SERIAL_NUMBER_LEN);
	for (i = PCU_INFO_SERIAL_OFFSET - PCU_DATA_OFFSET + PCU_SERIAL_NUMBER_LEN;
	     i < sizeof(info); i++)
		info[i] = 0x20;
	h_set_packet(udev, PCU_RSP_GET_INFO, 0, info, sizeof(info));
}

static void h_set_buttons(struct usb_device *udev, u32 buttons)
{
	u8 ev[5] = { 0x00, buttons >> 24, buttons >> 16, buttons >> 8, buttons };

	h_set_packet(udev, PCU_RSP_EVNT_BUTTONS, 0x42, ev, sizeof(ev));
}

/*
 * Create the device, point its interface at @nr_eps of the endpoints and
 * probe.  @answer: the device answers GET_INFO.
 */
static int h_probe(struct pcu_h *h, int nr_eps, bool answer)
{
	int err;

	memset(h, 0, sizeof(*h));
	h->udev = dmart_usb_device_create("pcu0");
	if (!h->udev)
		return -ENODEV;
	/* Before any urb is filled: interrupt intervals count frames. */
	h->udev->speed = USB_SPEED_FULL;
	h->intf = dmart_usb_interface(h->udev, 0);
	if (!h->intf)
		return -ENODEV;
	h_alt.desc.bNumEndpoints = nr_eps;
	h->intf->altsetting = &h_alt;
	h->intf->cur_altsetting = &h_alt;
	h->intf->num_altsetting = 1;
	if (answer)
		h_set_info_reply(h->udev);
	err = pcu_driver.probe(h->intf, &pcu_id_table[0]);
	if (err)
		return err;
	h->pcu = usb_get_intfdata(h->intf);
	return h->pcu ? 0 : -EINVAL;
}

static void h_destroy(struct pcu_h *h)
{
	if (h->pcu) {
		pcu_driver.disconnect(h->intf);
		h->pcu = NULL;
	}
	if (h->udev)
		dmart_usb_device_destroy(h->udev);
	h->udev = NULL;
}

static int h_probe_failed(struct pcu_h *h, int err)
{
	h_destroy(h);
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: probe failed (%d) without a fault\n", err);
	return 1;
}

/* Wait for the bulk IN urb to deliver a button event with @want. */
static bool h_wait_buttons(struct pcu_h *h, u32 want)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (READ_ONCE(h->pcu->button_events) &&
		    READ_ONCE(h->pcu->buttons) == want)
			return true;
		msleep(2);
	}
	return false;
}

/* The ack id the next command will carry (pcu_send_command() skips 0xff). */
static u8 h_next_ack(struct pcu_h *h)
{
	u8 ack = h->pcu->ack_id;

	return ack == 0xff ? 0 : ack;
}

/* ------------------------------------------------------------ scenarios */

/* Probe (line setup, urbs started, GET_INFO answered), disconnect. */
static int scn_probe_remove(void)
{
	struct pcu_h h;
	int err, ret = 0;

	err = h_probe(&h, 3, true);
	if (err)
		return h_probe_failed(&h, err);
	if (memcmp(h.pcu->serial_number, "SN123456", PCU_SERIAL_NUMBER_LEN)) {
		fprintf(stderr, "harness: GET_INFO data not taken\n");
		ret = 1;
	}
	h_destroy(&h);
	return ret;
}

/*
 * Button events on the bulk IN urb, then brightness commands on the bulk
 * OUT urb, each answered on bulk IN.
 */
static int scn_traffic(void)
{
	struct pcu_h h;
	int err, ret = 0, i;

	err = h_probe(&h, 3, true);
	if (err)
		return h_probe_failed(&h, err);
	h_set_buttons(h.udev, H_BUTTONS);
	if (!h_wait_buttons(&h, H_BUTTONS) && !h_faulting()) {
		fprintf(stderr, "harness: no button event (0x%08x)\n",
			h.pcu->buttons);
		ret = 1;
	}
	for (i = 0; i < 3; i++) {
		h_set_packet(h.udev, PCU_RSP_SET_BRIGHTNESS, h_next_ack(&h),
			     NULL, 0);
		err = pcu_set_brightness(h.pcu, 0x40 * (i + 1));
		if (err && !h_faulting()) {
			fprintf(stderr, "harness: set brightness: %d\n", err);
			ret = 1;
		}
	}
	h_destroy(&h);
	return ret;
}

/* Suspend kills the urbs, resume restarts them and redoes the line setup. */
static int scn_suspend_resume(void)
{
	struct pcu_h h;
	int err, ret = 0;

	err = h_probe(&h, 3, true);
	if (err)
		return h_probe_failed(&h, err);
	pcu_driver.suspend(h.intf, 0);
	h_set_buttons(h.udev, H_BUTTONS);
	err = pcu_driver.resume(h.intf);
	if (err && !h_faulting()) {
		fprintf(stderr, "harness: resume: %d\n", err);
		ret = 1;
	}
	if (!err && !h_wait_buttons(&h, H_BUTTONS) && !h_faulting()) {
		fprintf(stderr, "harness: no button event after resume\n");
		ret = 1;
	}
	h_destroy(&h);
	return ret;
}

/* The device never answers GET_INFO: probe times out and unwinds. */
static int scn_no_answer(void)
{
	struct pcu_h h;
	int err, ret = 0;

	err = h_probe(&h, 3, false);
	if (!err) {
		fprintf(stderr, "harness: probe succeeded without GET_INFO\n");
		ret = 1;
	}
	h_destroy(&h);
	return ret;
}

/* An interface without the bulk OUT endpoint is refused. */
static int scn_no_endpoint(void)
{
	struct pcu_h h;
	int err, ret = 0;

	err = h_probe(&h, 2, true);
	if (err != -ENODEV) {
		fprintf(stderr, "harness: probe without bulk OUT: %d\n", err);
		ret = 1;
	}
	h_destroy(&h);
	return ret;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "traffic", scn_traffic },
	{ "suspend-resume", scn_suspend_resume },
	{ "no-answer", scn_no_answer },
	{ "no-endpoint", scn_no_endpoint },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
