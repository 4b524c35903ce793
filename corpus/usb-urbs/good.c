// SPDX-License-Identifier: GPL-2.0-only
/*
 * IMS Passenger Control Unit (PCU): the seat-side keypad and backlight
 * controller of in-flight entertainment systems.  It talks a framed
 * STX/DLE/ETX protocol: commands go out on a bulk OUT endpoint, responses
 * and unsolicited button events come back on a bulk IN endpoint, and a
 * CDC-style interrupt IN endpoint carries line-state notifications.  Each
 * endpoint has one urb on a buffer from usb_alloc_coherent().
 *
 * A reduced port of drivers/input/misc/ims-pcu.c (Linux 6.12), written
 * anew.  It keeps that driver's function structure: ims_pcu_irq(),
 * ims_pcu_reset_packet(), ims_pcu_process_data(), ims_pcu_handle_response(),
 * ims_pcu_send_cmd_chunk(), ims_pcu_send_command(),
 * __ims_pcu_execute_command(), ims_pcu_get_info(),
 * ims_pcu_backlight_set_brightness(), ims_pcu_buffers_alloc(),
 * ims_pcu_buffers_free(), ims_pcu_start_io(), ims_pcu_stop_io(),
 * ims_pcu_line_setup(), ims_pcu_init_application_mode(), ims_pcu_probe(),
 * ims_pcu_disconnect(), ims_pcu_suspend() and ims_pcu_resume().
 * Differences: ims-pcu sends commands with usb_bulk_msg() from a kmalloc()
 * buffer; here they go out on a bulk OUT urb that pcu_send_cmd_chunk()
 * submits and waits for.  pcu_buffers_alloc() allocates into locals and
 * publishes them at the end, as ipheth_alloc_urbs() does in
 * drivers/net/usb/ipheth.c.  Probe sets the line coding before it starts
 * the urbs.  Left out: the input, LED, sysfs and bootloader parts (the
 * button state is kept in the device structure), and the CDC union
 * parsing: one interface carries all three endpoints here
 * (pcu_find_endpoints()).
 *
 * Fixed twin of bad.c: the command urb runs on a coherent buffer whose
 * handle goes into its transfer_dma, the allocation unwind frees the control
 * buffer, probe leaves the DMA mask alone (the host controller's is the one
 * that counts), and the CDC line coding is sent from kmalloc'ed memory.
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/usb.h>

#define PCU_PROTOCOL_STX		0x02
#define PCU_PROTOCOL_ETX		0x03
#define PCU_PROTOCOL_DLE		0x10

#define PCU_CMD_GET_INFO		0xa5
#define PCU_CMD_SET_BRIGHTNESS		0xa6
#define PCU_RSP_GET_INFO		0xc5
#define PCU_RSP_SET_BRIGHTNESS		0xc6
#define PCU_RSP_EVNT_BUTTONS		0xe0	/* unsolicited button state */

#define PCU_BUF_SIZE			128
#define PCU_MIN_PACKET_LEN		3
#define PCU_DATA_OFFSET			2

#define PCU_CMD_WRITE_TIMEOUT		100	/* msec */
#define PCU_CMD_RESPONSE_TIMEOUT	500	/* msec */

#define PCU_PART_NUMBER_LEN		15
#define PCU_SERIAL_NUMBER_LEN		8
#define PCU_DOM_LEN			8
#define PCU_INFO_PART_OFFSET		2
#define PCU_INFO_DOM_OFFSET		17
#define PCU_INFO_SERIAL_OFFSET		25
#define PCU_SET_INFO_SIZE		31

/* CDC ACM requests and line coding, as in <linux/usb/cdc.h> */
#define PCU_CDC_REQ_SET_LINE_CODING		0x20
#define PCU_CDC_REQ_SET_CONTROL_LINE_STATE	0x22

struct pcu_line_coding {
	__le32 dwDTERate;
	u8 bCharFormat;
	u8 bParityType;
	u8 bDataBits;
} __packed;

struct pcu_dev {
	struct usb_device *udev;
	struct usb_interface *intf;
	struct device *dev;		/* the interface's, for messages */

	char part_number[PCU_PART_NUMBER_LEN];
	char serial_number[PCU_SERIAL_NUMBER_LEN];
	char date_of_manufacturing[PCU_DOM_LEN];

	struct usb_endpoint_descriptor *ep_ctrl;
	struct urb *urb_ctrl;
	u8 *urb_ctrl_buf;
	size_t max_ctrl_size;

	struct usb_endpoint_descriptor *ep_in;
	struct urb *urb_in;
	u8 *urb_in_buf;
	size_t max_in_size;

	struct usb_endpoint_descriptor *ep_out;
	struct urb *urb_out;
	u8 *urb_out_buf;
	size_t max_out_size;
	struct completion out_done;

	u8 read_buf[PCU_BUF_SIZE];
	u8 read_pos;
	u8 check_sum;
	bool have_stx;
	bool have_dle;

	u8 cmd_buf[PCU_BUF_SIZE];
	u8 ack_id;
	u8 expected_response;
	u8 cmd_buf_len;
	struct completion cmd_done;
	struct mutex cmd_mutex;

	u32 buttons;			/* last reported button state */
	unsigned int button_events;
	bool setup_complete;
};

static u32 pcu_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void pcu_report_events(struct pcu_dev *pcu)
{
	/* axis setting (1 byte), the button word and the checksum */
	if (pcu->read_pos < PCU_DATA_OFFSET + 1 + 4 + 1) {
		dev_warn(pcu->dev, "short buttons report: %d bytes\n",
			 pcu->read_pos);
		return;
	}

	pcu->buttons = pcu_get_be32(&pcu->read_buf[PCU_DATA_OFFSET + 1]);
	pcu->button_events++;
}

static void pcu_handle_response(struct pcu_dev *pcu)
{
	if (pcu->read_buf[0] == PCU_RSP_EVNT_BUTTONS) {
		if (pcu->setup_complete)
			pcu_report_events(pcu);
		return;
	}

	/* a command is done when both the response and its sequence match */
	if (pcu->read_buf[0] == pcu->expected_response &&
	    pcu->read_buf[1] == (u8)(pcu->ack_id - 1)) {
		memcpy(pcu->cmd_buf, pcu->read_buf, pcu->read_pos);
		pcu->cmd_buf_len = pcu->read_pos;
		complete(&pcu->cmd_done);
	}
}

static void pcu_reset_packet(struct pcu_dev *pcu)
{
	pcu->have_stx = false;
	pcu->have_dle = false;
	pcu->read_pos = 0;
	pcu->check_sum = 0;
}

static void pcu_store_byte(struct pcu_dev *pcu, u8 data)
{
	if (pcu->read_pos >= PCU_BUF_SIZE) {
		dev_warn(pcu->dev, "packet too long (%d bytes), dropped\n",
			 pcu->read_pos);
		pcu_reset_packet(pcu);
		return;
	}

	pcu->read_buf[pcu->read_pos++] = data;
	pcu->check_sum += data;
}

static void pcu_process_data(struct pcu_dev *pcu, struct urb *urb)
{
	unsigned int i;

	for (i = 0; i < urb->actual_length; i++) {
		u8 data = pcu->urb_in_buf[i];

		/* nothing counts before a start of frame */
		if (!pcu->have_stx && data != PCU_PROTOCOL_STX)
			continue;

		if (pcu->have_dle) {
			pcu->have_dle = false;
			pcu_store_byte(pcu, data);
			continue;
		}

		switch (data) {
		case PCU_PROTOCOL_STX:
			if (pcu->have_stx)
				dev_warn(pcu->dev, "STX inside a frame at byte %d\n",
					 pcu->read_pos);
			pcu_reset_packet(pcu);
			pcu->have_stx = true;
			break;

		case PCU_PROTOCOL_DLE:
			pcu->have_dle = true;
			break;

		case PCU_PROTOCOL_ETX:
			if (pcu->read_pos < PCU_MIN_PACKET_LEN)
				dev_warn(pcu->dev, "short packet (%d bytes)\n",
					 pcu->read_pos);
			else if (pcu->check_sum)
				dev_warn(pcu->dev, "bad checksum (%d bytes)\n",
					 pcu->read_pos);
			else
				pcu_handle_response(pcu);
			pcu_reset_packet(pcu);
			break;

		default:
			pcu_store_byte(pcu, data);
			break;
		}
	}
}

static bool pcu_byte_needs_escape(u8 byte)
{
	return byte == PCU_PROTOCOL_STX || byte == PCU_PROTOCOL_ETX ||
	       byte == PCU_PROTOCOL_DLE;
}

static void pcu_out_complete(struct urb *urb)
{
	struct pcu_dev *pcu = urb->context;

	if (urb->status)
		dev_dbg(pcu->dev, "command urb status %d\n", urb->status);
	complete(&pcu->out_done);
}

static int pcu_send_cmd_chunk(struct pcu_dev *pcu, u8 command, int chunk,
			      int len)
{
	int error;

	pcu->urb_out->transfer_buffer_length = len;
	reinit_completion(&pcu->out_done);

	error = usb_submit_urb(pcu->urb_out, GFP_KERNEL);
	if (error) {
		dev_dbg(pcu->dev, "command 0x%02x failed at chunk %d: %d\n",
			command, chunk, error);
		return error;
	}

	if (!wait_for_completion_timeout(&pcu->out_done,
					 msecs_to_jiffies(PCU_CMD_WRITE_TIMEOUT))) {
		usb_kill_urb(pcu->urb_out);
		return -ETIMEDOUT;
	}

	return pcu->urb_out->status;
}

static int pcu_send_command(struct pcu_dev *pcu, u8 command, const u8 *data,
			    int len)
{
	int count = 0, chunk = 0, delta, error, i;
	u8 csum = 0;
	u8 ack_id;

	pcu->urb_out_buf[count++] = PCU_PROTOCOL_STX;

	/* command codes never need escaping */
	pcu->urb_out_buf[count++] = command;
	csum += command;

	ack_id = pcu->ack_id++;
	if (ack_id == 0xff)
		ack_id = pcu->ack_id++;
	if (pcu_byte_needs_escape(ack_id))
		pcu->urb_out_buf[count++] = PCU_PROTOCOL_DLE;
	pcu->urb_out_buf[count++] = ack_id;
	csum += ack_id;

	for (i = 0; i < len; i++) {
		delta = pcu_byte_needs_escape(data[i]) ? 2 : 1;
		if (count + delta >= pcu->max_out_size) {
			error = pcu_send_cmd_chunk(pcu, command, ++chunk, count);
			if (error)
				return error;
			count = 0;
		}
		if (delta == 2)
			pcu->urb_out_buf[count++] = PCU_PROTOCOL_DLE;
		pcu->urb_out_buf[count++] = data[i];
		csum += data[i];
	}

	csum = 1 + ~csum;

	delta = pcu_byte_needs_escape(csum) ? 3 : 2;
	if (count + delta >= pcu->max_out_size) {
		error = pcu_send_cmd_chunk(pcu, command, ++chunk, count);
		if (error)
			return error;
		count = 0;
	}
	if (delta == 3)
		pcu->urb_out_buf[count++] = PCU_PROTOCOL_DLE;
	pcu->urb_out_buf[count++] = csum;
	pcu->urb_out_buf[count++] = PCU_PROTOCOL_ETX;

	return pcu_send_cmd_chunk(pcu, command, ++chunk, count);
}

static int __pcu_execute_command(struct pcu_dev *pcu, u8 command,
				 const void *data, size_t len,
				 u8 expected_response, int response_time)
{
	int error;

	pcu->expected_response = expected_response;
	init_completion(&pcu->cmd_done);

	error = pcu_send_command(pcu, command, data, len);
	if (error)
		return error;

	if (expected_response &&
	    !wait_for_completion_timeout(&pcu->cmd_done,
					 msecs_to_jiffies(response_time))) {
		dev_dbg(pcu->dev, "command 0x%02x timed out\n", command);
		return -ETIMEDOUT;
	}

	return 0;
}

#define pcu_execute_command(pcu, code, data, len)			\
	__pcu_execute_command(pcu, PCU_CMD_##code, data, len,		\
			      PCU_RSP_##code, PCU_CMD_RESPONSE_TIMEOUT)

#define pcu_execute_query(pcu, code)					\
	pcu_execute_command(pcu, code, NULL, 0)

static int pcu_get_info(struct pcu_dev *pcu)
{
	int error;

	error = pcu_execute_query(pcu, GET_INFO);
	if (error) {
		dev_err(pcu->dev, "GET_INFO failed: %d\n", error);
		return error;
	}

	if (pcu->cmd_buf_len < PCU_DATA_OFFSET + PCU_SET_INFO_SIZE + 1) {
		dev_err(pcu->dev, "short GET_INFO response: %d bytes\n",
			pcu->cmd_buf_len);
		return -EIO;
	}

	memcpy(pcu->part_number, &pcu->cmd_buf[PCU_INFO_PART_OFFSET],
	       sizeof(pcu->part_number));
	memcpy(pcu->date_of_manufacturing, &pcu->cmd_buf[PCU_INFO_DOM_OFFSET],
	       sizeof(pcu->date_of_manufacturing));
	memcpy(pcu->serial_number, &pcu->cmd_buf[PCU_INFO_SERIAL_OFFSET],
	       sizeof(pcu->serial_number));

	return 0;
}

static int pcu_set_brightness(struct pcu_dev *pcu, u16 value)
{
	__le16 br_val = cpu_to_le16(value);
	int error;

	mutex_lock(&pcu->cmd_mutex);
	error = pcu_execute_command(pcu, SET_BRIGHTNESS, &br_val,
				    sizeof(br_val));
	mutex_unlock(&pcu->cmd_mutex);
	if (error)
		dev_warn(pcu->dev, "cannot set brightness to %u: %d\n",
			 value, error);

	return error;
}

static void pcu_irq(struct urb *urb)
{
	struct pcu_dev *pcu = urb->context;
	int retval;

	switch (urb->status) {
	case 0:
		break;
	case -ECONNRESET:
	case -ENOENT:
	case -ESHUTDOWN:
		/* the urb was killed or the device is gone */
		dev_dbg(pcu->dev, "urb shutting down: %d\n", urb->status);
		return;
	default:
		dev_dbg(pcu->dev, "urb status %d\n", urb->status);
		goto resubmit;
	}

	if (urb == pcu->urb_in)
		pcu_process_data(pcu, urb);

resubmit:
	retval = usb_submit_urb(urb, GFP_ATOMIC);
	if (retval && retval != -ENODEV && retval != -EPERM)
		dev_err(pcu->dev, "resubmit failed: %d\n", retval);
}

static int pcu_buffers_alloc(struct pcu_dev *pcu)
{
	struct urb *urb_ctrl, *urb_in, *urb_out;
	dma_addr_t ctrl_dma, in_dma, out_dma;
	u8 *ctrl_buf, *in_buf, *out_buf;

	urb_ctrl = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb_ctrl)
		goto err_nomem;

	urb_in = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb_in)
		goto err_free_ctrl_urb;

	urb_out = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb_out)
		goto err_free_in_urb;

	ctrl_buf = usb_alloc_coherent(pcu->udev, pcu->max_ctrl_size,
				      GFP_KERNEL, &ctrl_dma);
	if (!ctrl_buf)
		goto err_free_out_urb;

	in_buf = usb_alloc_coherent(pcu->udev, pcu->max_in_size,
				    GFP_KERNEL, &in_dma);
	if (!in_buf)
		goto err_free_ctrl_buf;

	out_buf = usb_alloc_coherent(pcu->udev, pcu->max_out_size,
				     GFP_KERNEL, &out_dma);
	if (!out_buf)
		goto err_free_in_buf;

	usb_fill_int_urb(urb_ctrl, pcu->udev,
			 usb_rcvintpipe(pcu->udev,
					pcu->ep_ctrl->bEndpointAddress),
			 ctrl_buf, pcu->max_ctrl_size, pcu_irq, pcu,
			 pcu->ep_ctrl->bInterval);
	urb_ctrl->transfer_dma = ctrl_dma;
	urb_ctrl->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;

	usb_fill_bulk_urb(urb_in, pcu->udev,
			  usb_rcvbulkpipe(pcu->udev,
					  pcu->ep_in->bEndpointAddress),
			  in_buf, pcu->max_in_size, pcu_irq, pcu);
	urb_in->transfer_dma = in_dma;
	urb_in->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;

	usb_fill_bulk_urb(urb_out, pcu->udev,
			  usb_sndbulkpipe(pcu->udev,
					  pcu->ep_out->bEndpointAddress),
			  out_buf, pcu->max_out_size, pcu_out_complete, pcu);
	urb_out->transfer_dma = out_dma;
	urb_out->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;

	pcu->urb_ctrl = urb_ctrl;
	pcu->urb_ctrl_buf = ctrl_buf;
	pcu->urb_in = urb_in;
	pcu->urb_in_buf = in_buf;
	pcu->urb_out = urb_out;
	pcu->urb_out_buf = out_buf;

	return 0;

err_free_in_buf:
	usb_free_coherent(pcu->udev, pcu->max_in_size, in_buf, in_dma);
err_free_ctrl_buf:
	usb_free_coherent(pcu->udev, pcu->max_ctrl_size, ctrl_buf, ctrl_dma);
err_free_out_urb:
	usb_free_urb(urb_out);
err_free_in_urb:
	usb_free_urb(urb_in);
err_free_ctrl_urb:
	usb_free_urb(urb_ctrl);
err_nomem:
	dev_err(pcu->dev, "cannot allocate urbs and buffers\n");
	return -ENOMEM;
}

static void pcu_buffers_free(struct pcu_dev *pcu)
{
	usb_kill_urb(pcu->urb_out);
	usb_free_coherent(pcu->udev, pcu->max_out_size, pcu->urb_out_buf,
			  pcu->urb_out->transfer_dma);
	usb_free_urb(pcu->urb_out);

	usb_kill_urb(pcu->urb_in);
	usb_free_coherent(pcu->udev, pcu->max_in_size, pcu->urb_in_buf,
			  pcu->urb_in->transfer_dma);
	usb_free_urb(pcu->urb_in);

	usb_kill_urb(pcu->urb_ctrl);
	usb_free_coherent(pcu->udev, pcu->max_ctrl_size, pcu->urb_ctrl_buf,
			  pcu->urb_ctrl->transfer_dma);
	usb_free_urb(pcu->urb_ctrl);
}

static int pcu_find_endpoints(struct usb_interface *intf, struct pcu_dev *pcu)
{
	struct usb_host_interface *alt = intf->cur_altsetting;
	struct usb_endpoint_descriptor *ep;
	int i;

	for (i = 0; i < alt->desc.bNumEndpoints; i++) {
		ep = &alt->endpoint[i].desc;
		if (!pcu->ep_ctrl && usb_endpoint_is_int_in(ep))
			pcu->ep_ctrl = ep;
		else if (!pcu->ep_in && usb_endpoint_is_bulk_in(ep))
			pcu->ep_in = ep;
		else if (!pcu->ep_out && usb_endpoint_is_bulk_out(ep))
			pcu->ep_out = ep;
	}

	if (!pcu->ep_ctrl || !pcu->ep_in || !pcu->ep_out) {
		dev_err(&intf->dev, "control or data endpoints missing\n");
		return -ENODEV;
	}

	pcu->max_ctrl_size = usb_endpoint_maxp(pcu->ep_ctrl);
	pcu->max_in_size = usb_endpoint_maxp(pcu->ep_in);
	pcu->max_out_size = usb_endpoint_maxp(pcu->ep_out);

	return 0;
}

static int pcu_start_io(struct pcu_dev *pcu)
{
	int error;

	error = usb_submit_urb(pcu->urb_ctrl, GFP_KERNEL);
	if (error) {
		dev_err(pcu->dev, "cannot start control IO: %d\n", error);
		return -EIO;
	}

	error = usb_submit_urb(pcu->urb_in, GFP_KERNEL);
	if (error) {
		dev_err(pcu->dev, "cannot start data IO: %d\n", error);
		usb_kill_urb(pcu->urb_ctrl);
		return -EIO;
	}

	return 0;
}

static void pcu_stop_io(struct pcu_dev *pcu)
{
	usb_kill_urb(pcu->urb_in);
	usb_kill_urb(pcu->urb_ctrl);
}

static int pcu_line_setup(struct pcu_dev *pcu)
{
	struct usb_host_interface *interface = pcu->intf->cur_altsetting;
	struct pcu_line_coding *line;
	int error;

	line = kmalloc(sizeof(*line), GFP_KERNEL);
	if (!line)
		return -ENOMEM;

	line->dwDTERate = cpu_to_le32(57600);
	line->bCharFormat = 0;		/* 1 stop bit */
	line->bParityType = 0;		/* no parity */
	line->bDataBits = 8;

	error = usb_control_msg(pcu->udev, usb_sndctrlpipe(pcu->udev, 0),
				PCU_CDC_REQ_SET_LINE_CODING,
				USB_TYPE_CLASS | USB_RECIP_INTERFACE, 0,
				interface->desc.bInterfaceNumber,
				line, sizeof(*line), 5000);
	kfree(line);
	if (error < 0) {
		dev_err(pcu->dev, "cannot set line coding: %d\n", error);
		return error;
	}

	error = usb_control_msg(pcu->udev, usb_sndctrlpipe(pcu->udev, 0),
				PCU_CDC_REQ_SET_CONTROL_LINE_STATE,
				USB_TYPE_CLASS | USB_RECIP_INTERFACE, 0x03,
				interface->desc.bInterfaceNumber,
				NULL, 0, 5000);
	if (error < 0) {
		dev_err(pcu->dev, "cannot set line state: %d\n", error);
		return error;
	}

	return 0;
}

static int pcu_init_application_mode(struct pcu_dev *pcu)
{
	int error;

	/* a PCU that does not answer basic queries is hopeless */
	error = pcu_get_info(pcu);
	if (error)
		return error;

	dev_info(pcu->dev, "PCU part %.*s serial %.*s\n",
		 PCU_PART_NUMBER_LEN, pcu->part_number,
		 PCU_SERIAL_NUMBER_LEN, pcu->serial_number);
	pcu->setup_complete = true;

	return 0;
}

static int pcu_probe(struct usb_interface *intf,
		     const struct usb_device_id *id)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	struct pcu_dev *pcu;
	int error;

	pcu = kzalloc(sizeof(*pcu), GFP_KERNEL);
	if (!pcu)
		return -ENOMEM;

	pcu->dev = &intf->dev;
	pcu->udev = udev;
	pcu->intf = intf;
	mutex_init(&pcu->cmd_mutex);
	init_completion(&pcu->cmd_done);
	init_completion(&pcu->out_done);

	error = pcu_find_endpoints(intf, pcu);
	if (error)
		goto err_free_mem;

	usb_set_intfdata(intf, pcu);

	error = pcu_buffers_alloc(pcu);
	if (error)
		goto err_clear_intfdata;

	error = pcu_line_setup(pcu);
	if (error)
		goto err_free_buffers;

	error = pcu_start_io(pcu);
	if (error)
		goto err_free_buffers;

	error = pcu_init_application_mode(pcu);
	if (error)
		goto err_stop_io;

	return 0;

err_stop_io:
	pcu_stop_io(pcu);
err_free_buffers:
	pcu_buffers_free(pcu);
err_clear_intfdata:
	usb_set_intfdata(intf, NULL);
err_free_mem:
	kfree(pcu);
	return error;
}

static void pcu_disconnect(struct usb_interface *intf)
{
	struct pcu_dev *pcu = usb_get_intfdata(intf);

	usb_set_intfdata(intf, NULL);
	if (!pcu)
		return;

	pcu_stop_io(pcu);
	pcu->setup_complete = false;
	pcu_buffers_free(pcu);
	kfree(pcu);
}

static int pcu_suspend(struct usb_interface *intf, int message)
{
	struct pcu_dev *pcu = usb_get_intfdata(intf);

	pcu_stop_io(pcu);

	return 0;
}

static int pcu_resume(struct usb_interface *intf)
{
	struct pcu_dev *pcu = usb_get_intfdata(intf);
	int retval;

	retval = pcu_start_io(pcu);
	if (retval == 0)
		retval = pcu_line_setup(pcu);

	return retval;
}

static const struct usb_device_id pcu_id_table[] = {
	{ USB_DEVICE(0x04d8, 0x0082) },
	{ }
};
MODULE_DEVICE_TABLE(usb, pcu_id_table);

static struct usb_driver pcu_driver = {
	.name		= "ims_pcu",
	.id_table	= pcu_id_table,
	.probe		= pcu_probe,
	.disconnect	= pcu_disconnect,
	.suspend	= pcu_suspend,
	.resume		= pcu_resume,
};

module_usb_driver(pcu_driver);

MODULE_DESCRIPTION("IMS Passenger Control Unit driver (reduced)");
MODULE_LICENSE("GPL");
