// Stack memory handed to calls that map it for DMA, in real driver idioms.
// RUN: %not %dmacheck %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/usb.h>

struct cmd {
	u8 opcode;
	u8 data[16];
};

/* USB vendor register read into a local: "don't use stack buffer for USB". */
int vendor_read_reg(struct usb_device *udev, u16 reg, u8 *val)
{
	u8 buf[4];
	int ret;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_control_msg() is given stack memory 'buf'; DMA to the stack is not allowed (use kmalloc'ed memory) [dma-stack-buffer]
	ret = usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 0x01, 0xc0, 0, reg, buf, sizeof(buf), 1000);
	// CHECK: buggy.c:16:5: note: 'buf' is a local variable on the stack
	*val = buf[0];
	return ret;
}

/* Address of a scalar local. */
int vendor_write_u32(struct usb_device *udev, u32 value)
{
	__le32 v = cpu_to_le32(value);
	int actual;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_bulk_msg() is given stack memory 'v'
	return usb_bulk_msg(udev, usb_sndbulkpipe(udev, 2), &v, sizeof(v), &actual, 1000);
}

/* A member of a local struct, mapped for a device command. */
int send_cmd(struct device *dev)
{
	struct cmd c = { .opcode = 0x12 };
	dma_addr_t dma;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given stack memory 'c.data'
	dma = dma_map_single(dev, c.data, sizeof(c.data), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	dma_unmap_single(dev, dma, sizeof(c.data), DMA_TO_DEVICE);
	return 0;
}

/* A pointer derived from a local array. */
int fill_sg(struct scatterlist *sg)
{
	u8 hdr[32];
	u8 *p = hdr + 8;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: sg_init_one() is given stack memory 'hdr'
	sg_init_one(sg, p, 16);
	return 0;
}

/* Through an inlined helper: the helper is fine, its caller is not. */
static void setup_sg(struct scatterlist *sg, void *buf, unsigned int len)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: sg_set_buf() is given stack memory 'iv'
	sg_set_buf(sg, buf, len);
}

int crypto_iv(struct scatterlist *sg)
{
	u8 iv[16];

	setup_sg(sg, iv, sizeof(iv));
	return 0;
}

/* Attributes form, as drivers that skip the CPU sync write it. */
int map_attrs(struct device *dev)
{
	u32 status;
	dma_addr_t d;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single_attrs() is given stack memory 'status'
	d = dma_map_single_attrs(dev, &status, sizeof(status), DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single_attrs(dev, d, sizeof(status), DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	return status;
}

/* Interrupt urb set up on a stack buffer. */
static void irq_complete(struct urb *urb) { }

int start_irq(struct usb_device *udev, struct urb *urb)
{
	u8 irqbuf[8];

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_fill_int_urb() is given stack memory 'irqbuf'
	usb_fill_int_urb(urb, udev, usb_rcvintpipe(udev, 1), irqbuf, sizeof(irqbuf), irq_complete, NULL, 4);
	return usb_submit_urb(urb, GFP_KERNEL);
}

/* usb_interrupt_msg with a stack status word. */
int poll_status(struct usb_device *udev)
{
	u16 st;
	int len;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_interrupt_msg() is given stack memory 'st'
	return usb_interrupt_msg(udev, usb_rcvintpipe(udev, 1), &st, sizeof(st), &len, 100);
}

/* Control urb whose transfer buffer is a local. */
int ctrl_urb(struct usb_device *udev, struct urb *urb, struct usb_ctrlrequest *req)
{
	u8 data[2];

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_fill_control_urb() is given stack memory 'data'
	usb_fill_control_urb(urb, udev, usb_sndctrlpipe(udev, 0), (unsigned char *)req, data, 2, irq_complete, NULL);
	return usb_submit_urb(urb, GFP_KERNEL);
}
