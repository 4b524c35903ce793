/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: USB core API (Documentation/driver-api/usb/dma.rst).  Each
 * usb_device sits on a simulated host controller whose struct device does
 * the DMA; transfers map their buffers on it as usbcore does.
 */
#ifndef _LINUX_USB_H
#define _LINUX_USB_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/scatterlist.h>
#include <linux/module.h>
#include <linux/usb/ch9.h>
#include <linux/dmart-loc.h>
#include <linux/delay.h>
#include <linux/interrupt.h>

struct usb_bus {
	struct device *controller;
	struct device *sysdev;
	int busnum;
	const char *bus_name;
};

struct usb_host_endpoint {
	struct usb_endpoint_descriptor desc;
};

struct usb_host_interface {
	struct usb_interface_descriptor desc;
	struct usb_host_endpoint *endpoint;
};

struct usb_device {
	int devnum;
	char devpath[16];
	enum usb_device_state state;
	enum usb_device_speed speed;
	struct usb_device *parent;
	struct usb_bus *bus;
	struct usb_device_descriptor descriptor;
	struct device dev;
	char *product;
	char *manufacturer;
	char *serial;
};

struct usb_interface {
	struct usb_host_interface *altsetting;
	struct usb_host_interface *cur_altsetting;
	unsigned int num_altsetting;
	int minor;
	struct device dev;
};

#define to_usb_device(d)	container_of(d, struct usb_device, dev)
#define to_usb_interface(d)	container_of(d, struct usb_interface, dev)
#define interface_to_usbdev(intf) \
	container_of((intf)->dev.parent, struct usb_device, dev)

static inline void *usb_get_intfdata(struct usb_interface *intf)
{
	return dev_get_drvdata(&intf->dev);
}

static inline void usb_set_intfdata(struct usb_interface *intf, void *data)
{
	dev_set_drvdata(&intf->dev, data);
}

struct usb_device *usb_get_dev(struct usb_device *dev);
void usb_put_dev(struct usb_device *dev);

struct usb_device_id {
	__u16 match_flags;
	__u16 idVendor;
	__u16 idProduct;
	__u16 bcdDevice_lo;
	__u16 bcdDevice_hi;
	__u8 bDeviceClass;
	__u8 bDeviceSubClass;
	__u8 bDeviceProtocol;
	__u8 bInterfaceClass;
	__u8 bInterfaceSubClass;
	__u8 bInterfaceProtocol;
	__u8 bInterfaceNumber;
	kernel_ulong_t driver_info;
};

#define USB_DEVICE_ID_MATCH_VENDOR	0x0001
#define USB_DEVICE_ID_MATCH_PRODUCT	0x0002
#define USB_DEVICE_ID_MATCH_DEVICE \
	(USB_DEVICE_ID_MATCH_VENDOR | USB_DEVICE_ID_MATCH_PRODUCT)
#define USB_DEVICE(vend, prod) \
	.match_flags = USB_DEVICE_ID_MATCH_DEVICE, \
	.idVendor = (vend), .idProduct = (prod)

struct usb_driver {
	const char *name;
	int (*probe)(struct usb_interface *intf, const struct usb_device_id *id);
	void (*disconnect)(struct usb_interface *intf);
	int (*suspend)(struct usb_interface *intf, int message);
	int (*resume)(struct usb_interface *intf);
	const struct usb_device_id *id_table;
	unsigned int supports_autosuspend:1;
	unsigned int disable_hub_initiated_lpm:1;
	unsigned int soft_unbind:1;
};

int usb_register(struct usb_driver *driver);
void usb_deregister(struct usb_driver *driver);
#define module_usb_driver(__usb_driver) \
	module_driver(__usb_driver, usb_register, usb_deregister)

/* Pipes, encoded as usbcore does. */
#define PIPE_ISOCHRONOUS	0U
#define PIPE_INTERRUPT		1U
#define PIPE_CONTROL		2U
#define PIPE_BULK		3U

static inline unsigned int __create_pipe(struct usb_device *dev, unsigned int endpoint)
{
	return ((unsigned int)dev->devnum << 8) | (endpoint << 15);
}

#define usb_sndctrlpipe(dev, ep)	((PIPE_CONTROL << 30) | __create_pipe(dev, ep))
#define usb_rcvctrlpipe(dev, ep)	((PIPE_CONTROL << 30) | __create_pipe(dev, ep) | USB_DIR_IN)
#define usb_sndisocpipe(dev, ep)	((PIPE_ISOCHRONOUS << 30) | __create_pipe(dev, ep))
#define usb_rcvisocpipe(dev, ep)	((PIPE_ISOCHRONOUS << 30) | __create_pipe(dev, ep) | USB_DIR_IN)
#define usb_sndbulkpipe(dev, ep)	((PIPE_BULK << 30) | __create_pipe(dev, ep))
#define usb_rcvbulkpipe(dev, ep)	((PIPE_BULK << 30) | __create_pipe(dev, ep) | USB_DIR_IN)
#define usb_sndintpipe(dev, ep)		((PIPE_INTERRUPT << 30) | __create_pipe(dev, ep))
#define usb_rcvintpipe(dev, ep)		((PIPE_INTERRUPT << 30) | __create_pipe(dev, ep) | USB_DIR_IN)
#define usb_pipein(pipe)		((pipe) & USB_DIR_IN)
#define usb_pipeout(pipe)		(!usb_pipein(pipe))
#define usb_pipeendpoint(pipe)		(((pipe) >> 15) & 0xf)
#define usb_pipetype(pipe)		(((pipe) >> 30) & 3)

#define USB_CTRL_GET_TIMEOUT	5000
#define USB_CTRL_SET_TIMEOUT	5000

/* urb->transfer_flags */
#define URB_SHORT_NOT_OK	0x0001
#define URB_ISO_ASAP		0x0002
#define URB_NO_TRANSFER_DMA_MAP	0x0004
#define URB_ZERO_PACKET		0x0040
#define URB_NO_INTERRUPT	0x0080
#define URB_FREE_BUFFER		0x0100
#define URB_DIR_IN		0x0200
#define URB_DIR_OUT		0
#define URB_DIR_MASK		URB_DIR_IN
#define URB_DMA_MAP_SINGLE	0x00010000
#define URB_MAP_LOCAL		0x00040000
#define URB_SETUP_MAP_SINGLE	0x00100000

struct urb;
typedef void (*usb_complete_t)(struct urb *urb);

struct usb_iso_packet_descriptor {
	unsigned int offset;
	unsigned int length;
	unsigned int actual_length;
	int status;
};

struct usb_anchor {
	struct list_head urb_list;
};

struct urb {
	struct list_head urb_list;
	struct list_head anchor_list;
	struct usb_anchor *anchor;
	struct usb_device *dev;
	struct usb_host_endpoint *ep;
	unsigned int pipe;
	unsigned int stream_id;
	int status;
	unsigned int transfer_flags;
	void *transfer_buffer;
	dma_addr_t transfer_dma;
	struct scatterlist *sg;
	int num_mapped_sgs;
	int num_sgs;
	u32 transfer_buffer_length;
	u32 actual_length;
	unsigned char *setup_packet;
	dma_addr_t setup_dma;
	int start_frame;
	int number_of_packets;
	int interval;
	int error_count;
	void *context;
	usb_complete_t complete;
	atomic_t use_count;		/* submitted and not yet given back */
	atomic_t reject;		/* submissions fail with -EPERM */
	/* libdmart: in-flight bookkeeping. */
	int dmart_state;
	/* Where usb_fill_*_urb() gave it its buffer. */
	const char *dmart_fill_api, *dmart_fill_file;
	int dmart_fill_line;
	struct usb_iso_packet_descriptor iso_frame_desc[];
};

struct urb *usb_alloc_urb(int iso_packets, gfp_t mem_flags);
void usb_free_urb(struct urb *urb);
void usb_init_urb(struct urb *urb);
struct urb *usb_get_urb(struct urb *urb);
int usb_submit_urb(struct urb *urb, gfp_t mem_flags);
int usb_unlink_urb(struct urb *urb);
void usb_kill_urb(struct urb *urb);
void usb_poison_urb(struct urb *urb);
void usb_unpoison_urb(struct urb *urb);
void usb_block_urb(struct urb *urb);
void init_usb_anchor(struct usb_anchor *anchor);
void usb_anchor_urb(struct urb *urb, struct usb_anchor *anchor);
void usb_unanchor_urb(struct urb *urb);
void usb_kill_anchored_urbs(struct usb_anchor *anchor);
int usb_wait_anchor_empty_timeout(struct usb_anchor *anchor, unsigned int timeout);

void usb_fill_control_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe,
			  unsigned char *setup_packet, void *transfer_buffer,
			  int buffer_length, usb_complete_t complete_fn,
			  void *context);
void usb_fill_bulk_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe,
		       void *transfer_buffer, int buffer_length,
		       usb_complete_t complete_fn, void *context);
/*
 * @interval is encoded like the endpoint's bInterval: frames (ms) at low and
 * full speed; at high speed and above 2^(interval-1) microframes (125 us).
 */
void usb_fill_int_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe,
		      void *transfer_buffer, int buffer_length,
		      usb_complete_t complete_fn, void *context, int interval);

int usb_control_msg(struct usb_device *dev, unsigned int pipe, __u8 request,
		    __u8 requesttype, __u16 value, __u16 index, void *data,
		    __u16 size, int timeout);
int usb_bulk_msg(struct usb_device *usb_dev, unsigned int pipe, void *data,
		 int len, int *actual_length, int timeout);
/* These copy the data to a kmalloc'ed bounce, so any buffer is fine. */
int usb_control_msg_send(struct usb_device *dev, __u8 endpoint, __u8 request,
			 __u8 requesttype, __u16 value, __u16 index,
			 const void *data, __u16 size, int timeout,
			 gfp_t memflags);
int usb_control_msg_recv(struct usb_device *dev, __u8 endpoint, __u8 request,
			 __u8 requesttype, __u16 value, __u16 index,
			 void *data, __u16 size, int timeout, gfp_t memflags);
int usb_interrupt_msg(struct usb_device *usb_dev, unsigned int pipe, void *data,
		      int len, int *actual_length, int timeout);

void *usb_alloc_coherent(struct usb_device *dev, size_t size, gfp_t mem_flags,
			 dma_addr_t *dma);
void usb_free_coherent(struct usb_device *dev, size_t size, void *addr,
		       dma_addr_t dma);

/*
 * Legacy helpers (removed from current kernels), as driver-api/usb/dma.rst
 * documents them: the pipe gives the direction (usb_pipein()).
 */
struct urb *usb_buffer_map(struct urb *urb);
void usb_buffer_dmasync(struct urb *urb);
void usb_buffer_unmap(struct urb *urb);
int usb_buffer_map_sg(const struct usb_device *dev, unsigned pipe,
		      struct scatterlist *sg, int nents);
void usb_buffer_dmasync_sg(const struct usb_device *dev, unsigned pipe,
			   struct scatterlist *sg, int n_hw_ents);
void usb_buffer_unmap_sg(const struct usb_device *dev, unsigned pipe,
			 struct scatterlist *sg, int n_hw_ents);

struct usb_sg_request {
	int status;
	size_t bytes;
	spinlock_t lock;
	struct usb_device *dev;
	int pipe;
	int entries;
	struct urb **urbs;
	int count;
	struct completion complete;
	/* libdmart: the scatterlist and the mapping made by usb_sg_init(). */
	struct scatterlist *dmart_sg;
	int dmart_nents;
	int dmart_mapped;
};

int usb_sg_init(struct usb_sg_request *io, struct usb_device *dev, unsigned pipe,
		unsigned period, struct scatterlist *sg, int nents, size_t length,
		gfp_t mem_flags);
void usb_sg_cancel(struct usb_sg_request *io);
void usb_sg_wait(struct usb_sg_request *io);

#ifdef DMART_WRAP
#define usb_submit_urb(...)		DMART_AT(usb_submit_urb, (__VA_ARGS__))
#define usb_kill_urb(...)		DMART_AT(usb_kill_urb, (__VA_ARGS__))
#define usb_poison_urb(...)		DMART_AT(usb_poison_urb, (__VA_ARGS__))
#define usb_fill_control_urb(...)	DMART_AT(usb_fill_control_urb, (__VA_ARGS__))
#define usb_fill_bulk_urb(...)		DMART_AT(usb_fill_bulk_urb, (__VA_ARGS__))
#define usb_fill_int_urb(...)		DMART_AT(usb_fill_int_urb, (__VA_ARGS__))
#define usb_control_msg(...)		DMART_AT(usb_control_msg, (__VA_ARGS__))
#define usb_bulk_msg(...)		DMART_AT(usb_bulk_msg, (__VA_ARGS__))
#define usb_interrupt_msg(...)		DMART_AT(usb_interrupt_msg, (__VA_ARGS__))
#define usb_alloc_coherent(...)		DMART_AT(usb_alloc_coherent, (__VA_ARGS__))
#define usb_free_coherent(...)		DMART_AT(usb_free_coherent, (__VA_ARGS__))
#define usb_buffer_map(...)		DMART_AT(usb_buffer_map, (__VA_ARGS__))
#define usb_buffer_dmasync(...)		DMART_AT(usb_buffer_dmasync, (__VA_ARGS__))
#define usb_buffer_unmap(...)		DMART_AT(usb_buffer_unmap, (__VA_ARGS__))
#define usb_buffer_map_sg(...)		DMART_AT(usb_buffer_map_sg, (__VA_ARGS__))
#define usb_buffer_dmasync_sg(...)	DMART_AT(usb_buffer_dmasync_sg, (__VA_ARGS__))
#define usb_buffer_unmap_sg(...)	DMART_AT(usb_buffer_unmap_sg, (__VA_ARGS__))
#define usb_sg_init(...)		DMART_AT(usb_sg_init, (__VA_ARGS__))
#define usb_sg_wait(...)		DMART_AT(usb_sg_wait, (__VA_ARGS__))
#define usb_sg_cancel(...)		DMART_AT(usb_sg_cancel, (__VA_ARGS__))
#endif

#endif /* _LINUX_USB_H */
