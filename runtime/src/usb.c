// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart USB: each usb_device hangs off a simulated host controller
 * whose struct device does the DMA.  As usbcore does, transfers map their
 * buffers for the controller at submit time (so stack, vmalloc and image
 * buffers are caught there), the "hardware" moves the data, and URB
 * completions run on the deferred-work thread.
 */
#include <linux/usb.h>
#include <linux/slab.h>
#include <linux/atomic.h>
#include <time.h>
#include "internal.h"

#define MAX_INTF 8

struct dmart_usb {
	struct dmart_usb *next;		/* live devices, see usb_devs */
	struct usb_device udev;
	struct usb_bus bus;
	struct device *hcd;
	struct usb_interface *intf[MAX_INTF];
	unsigned char *in_data;
	size_t in_len;
};

struct urb_pending {
	struct urb_pending *next;
	struct urb *urb;
	struct dmart_map *m;
	struct dmart_map *setup;
	struct dmart_call c;
	bool sg;
	int unlinked;			/* status to give back instead, or 0 */
};

static struct urb_pending *pendings;
/* Devices from dmart_usb_device_create() not yet destroyed. */
static struct dmart_usb *usb_devs;

#define CALL(name) struct dmart_call c = dmart_call(name)

static struct dmart_usb *to_dmart_usb(const struct usb_device *udev)
{
	return container_of(udev, struct dmart_usb, udev);
}

static struct dmart_dev *hcd_of(const struct usb_device *udev)
{
	return dmart_dev_of(to_dmart_usb(udev)->hcd);
}

struct usb_device *dmart_usb_device_create(const char *name)
{
	static int devnum = 2;
	struct dmart_usb *u = calloc(1, sizeof(*u));
	char hcd_name[80];

	if (!u)
		return NULL;
	snprintf(hcd_name, sizeof(hcd_name), "%s-hcd", name);
	/* A typical EHCI-class controller: 32-bit DMA. */
	u->hcd = dmart_device_create(hcd_name, DMA_BIT_MASK(32), 0);
	u->bus.controller = u->hcd;
	u->bus.sysdev = u->hcd;
	u->bus.busnum = 1;
	u->bus.bus_name = dev_name(u->hcd);
	u->udev.bus = &u->bus;
	u->udev.devnum = devnum++;
	u->udev.state = USB_STATE_CONFIGURED;
	u->udev.speed = USB_SPEED_HIGH;
	u->udev.dev.parent = u->hcd;
	dmart_device_init(&u->udev.dev, name, DMA_BIT_MASK(32), 0);
	u->udev.dev.dmart->is_usb = true;
	dmart_lock();
	u->next = usb_devs;
	usb_devs = u;
	dmart_unlock();
	return &u->udev;
}

struct usb_interface *dmart_usb_interface(struct usb_device *udev, int n)
{
	struct dmart_usb *u = to_dmart_usb(udev);
	struct usb_interface *intf;
	char name[96];

	if (n < 0 || n >= MAX_INTF)
		return NULL;
	if (u->intf[n])
		return u->intf[n];
	intf = calloc(1, sizeof(*intf));
	if (!intf)
		return NULL;
	snprintf(name, sizeof(name), "%s:1.%d", dev_name(&udev->dev), n);
	intf->dev.parent = &udev->dev;
	dmart_device_init(&intf->dev, name, DMA_BIT_MASK(32), 0);
	intf->dev.dmart->is_usb = true;
	u->intf[n] = intf;
	return intf;
}

void dmart_usb_set_in_data(struct usb_device *udev, const void *data, size_t len)
{
	struct dmart_usb *u = to_dmart_usb(udev);

	dmart_lock();
	free(u->in_data);
	u->in_data = len ? malloc(len) : NULL;
	if (u->in_data)
		memcpy(u->in_data, data, len);
	u->in_len = u->in_data ? len : 0;
	dmart_unlock();
}

/* The device's side of one transfer segment. */
static int move_data(const struct dmart_call *c, struct dmart_usb *u,
		     dma_addr_t bus, size_t len, bool is_in)
{
	unsigned char *tmp = calloc(1, len ? len : 1);
	size_t i;
	int ret;

	if (!tmp)
		return -ENOMEM;
	if (is_in && u->in_len)
		for (i = 0; i < len; i++)
			tmp[i] = u->in_data[i % u->in_len];
	ret = dmart_dev_access(c, dmart_dev_of(u->hcd), bus, tmp, len, is_in);
	free(tmp);
	return ret;
}

static struct dmart_map *map_buffer(const struct dmart_call *c, struct dmart_dev *hcd,
				    void *buf, size_t len, bool is_in)
{
	struct dmart_map *m;

	if (dmart_should_fail(FAULT_MAP, c))
		return NULL;
	m = dmart_map_range(c, hcd, buf, len, is_in ? DMA_FROM_DEVICE : DMA_TO_DEVICE,
			    FAM_SINGLE, 0, true, 0);
	if (m)
		m->checked = true;
	return m;
}

/* A synchronous transfer: map, let the device move the data, unmap. */
static int sync_xfer(const struct dmart_call *c, struct usb_device *udev,
		     unsigned int pipe, void *data, size_t len)
{
	struct dmart_usb *u = to_dmart_usb(udev);
	struct dmart_dev *hcd = hcd_of(udev);
	bool is_in = usb_pipein(pipe);
	struct dmart_map *m;
	int ret = 0;

	if (dmart_irq_depth() || dmart_spin_depth())
		dmart_report(RULE_DMC012, c, dmart_dev_of(&udev->dev), NULL,
			     "%s() sleeps but was called in atomic context", c->api);
	if (!len)
		return 0;
	dmart_lock();
	m = map_buffer(c, hcd, data, len, is_in);
	if (!m) {
		dmart_unlock();
		return -ENOMEM;
	}
	ret = move_data(c, u, m->bus, len, is_in);
	dmart_unmap_entry(hcd, m, c, true);
	dmart_unlock();
	return ret;
}

int usb_control_msg(struct usb_device *dev, unsigned int pipe, __u8 request,
		    __u8 requesttype, __u16 value, __u16 index, void *data,
		    __u16 size, int timeout)
{
	CALL("usb_control_msg");
	int ret = sync_xfer(&c, dev, pipe, data, size);

	return ret < 0 ? ret : size;
}

int usb_control_msg_send(struct usb_device *dev, __u8 endpoint, __u8 request,
			 __u8 requesttype, __u16 value, __u16 index,
			 const void *data, __u16 size, int timeout,
			 gfp_t memflags)
{
	void *buf = kmemdup(data, size, memflags);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = usb_control_msg(dev, usb_sndctrlpipe(dev, endpoint), request,
			      requesttype, value, index, buf, size, timeout);
	kfree(buf);
	if (ret < 0)
		return ret;
	return ret == size ? 0 : -EREMOTEIO;
}

int usb_control_msg_recv(struct usb_device *dev, __u8 endpoint, __u8 request,
			 __u8 requesttype, __u16 value, __u16 index,
			 void *data, __u16 size, int timeout, gfp_t memflags)
{
	void *buf = kmalloc(size, memflags);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = usb_control_msg(dev, usb_rcvctrlpipe(dev, endpoint), request,
			      requesttype, value, index, buf, size, timeout);
	if (ret == size)
		memcpy(data, buf, size);
	kfree(buf);
	if (ret < 0)
		return ret;
	return ret == size ? 0 : -EREMOTEIO;
}

static int bulk(const struct dmart_call *c, struct usb_device *udev,
		unsigned int pipe, void *data, int len, int *actual_length)
{
	int ret = sync_xfer(c, udev, pipe, data, len);

	if (actual_length)
		*actual_length = ret < 0 ? 0 : len;
	return ret < 0 ? ret : 0;
}

int usb_bulk_msg(struct usb_device *usb_dev, unsigned int pipe, void *data,
		 int len, int *actual_length, int timeout)
{
	CALL("usb_bulk_msg");
	return bulk(&c, usb_dev, pipe, data, len, actual_length);
}

int usb_interrupt_msg(struct usb_device *usb_dev, unsigned int pipe, void *data,
		      int len, int *actual_length, int timeout)
{
	CALL("usb_interrupt_msg");
	return bulk(&c, usb_dev, pipe, data, len, actual_length);
}

/* --- URBs --- */

struct urb *usb_alloc_urb(int iso_packets, gfp_t mem_flags)
{
	return kzalloc(sizeof(struct urb) +
		       iso_packets * sizeof(struct usb_iso_packet_descriptor),
		       mem_flags);
}

void usb_init_urb(struct urb *urb)
{
	memset(urb, 0, sizeof(*urb));
}

void usb_free_urb(struct urb *urb)
{
	kfree(urb);
}

struct urb *usb_get_urb(struct urb *urb)
{
	return urb;
}

/* @c: the usb_fill_*_urb() call, the origin of a report about the buffer. */
static void fill(const struct dmart_call *c, struct urb *urb,
		 struct usb_device *dev, unsigned int pipe, void *buf, int len,
		 usb_complete_t fn, void *context)
{
	urb->dmart_fill_api = c->api;
	urb->dmart_fill_file = c->file;
	urb->dmart_fill_line = c->line;
	urb->dev = dev;
	urb->pipe = pipe;
	urb->transfer_buffer = buf;
	urb->transfer_buffer_length = len;
	urb->complete = fn;
	urb->context = context;
}

void usb_fill_control_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe,
			  unsigned char *setup_packet, void *transfer_buffer,
			  int buffer_length, usb_complete_t complete_fn,
			  void *context)
{
	struct dmart_call c = dmart_call("usb_fill_control_urb");

	fill(&c, urb, dev, pipe, transfer_buffer, buffer_length, complete_fn, context);
	urb->setup_packet = setup_packet;
}

void usb_fill_bulk_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe,
		       void *transfer_buffer, int buffer_length,
		       usb_complete_t complete_fn, void *context)
{
	struct dmart_call c = dmart_call("usb_fill_bulk_urb");

	fill(&c, urb, dev, pipe, transfer_buffer, buffer_length, complete_fn, context);
}

void usb_fill_int_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe,
		      void *transfer_buffer, int buffer_length,
		      usb_complete_t complete_fn, void *context, int interval)
{
	struct dmart_call c = dmart_call("usb_fill_int_urb");

	fill(&c, urb, dev, pipe, transfer_buffer, buffer_length, complete_fn, context);
	/* As usbcore: high speed and up use the exponent form. */
	if (dev && dev->speed >= USB_SPEED_HIGH && dev->speed != USB_SPEED_WIRELESS)
		urb->interval = 1 << (clamp(interval, 1, 16) - 1);
	else
		urb->interval = interval;
	urb->start_frame = -1;
}

static void unlink_pending(struct urb_pending *p)
{
	struct urb_pending **pp;

	for (pp = &pendings; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
}

static struct urb_pending *find_pending(struct urb *urb)
{
	struct urb_pending *p;

	for (p = pendings; p; p = p->next)
		if (p->urb == urb)
			return p;
	return NULL;
}

/* Unmap what submit mapped; the caller holds dmart_lock. */
static void urb_unmap(struct urb_pending *p)
{
	struct urb *urb = p->urb;
	struct dmart_dev *hcd = hcd_of(urb->dev);
	struct dmart_map *m;

	if (p->sg) {
		while ((m = dmart_find_sg(hcd, urb->sg)))
			dmart_unmap_entry(hcd, m, &p->c, true);
	} else if (p->m) {
		dmart_unmap_entry(hcd, p->m, &p->c, true);
	}
	if (p->setup)
		dmart_unmap_entry(hcd, p->setup, &p->c, false);
}

static void urb_giveback(struct urb_pending *p, int status)
{
	struct urb *urb = p->urb;

	urb->status = status;
	urb->dmart_state = 0;
	free(p);
	if (urb->anchor) {
		list_del_init(&urb->anchor_list);
		urb->anchor = NULL;
	}
	/* Completion handlers run in interrupt context. */
	dmart_atomic_enter();
	if (urb->complete)
		urb->complete(urb);
	dmart_atomic_exit();
	/* Only now is the urb idle: usb_kill_urb() waits for this. */
	atomic_dec(&urb->use_count);
}

static void urb_run(void *arg)
{
	struct urb_pending *p = arg;
	struct urb *urb = p->urb;
	struct dmart_usb *u = to_dmart_usb(urb->dev);
	bool is_in = usb_pipein(urb->pipe);
	struct scatterlist *s;
	int i, ret = 0, status;

	dmart_lock();
	unlink_pending(p);
	if (p->unlinked) {
		/* Unlinked or killed before the controller got to it. */
		status = p->unlinked;
		urb->actual_length = 0;
		urb_unmap(p);
		dmart_unlock();
		urb_giveback(p, status);
		return;
	}
	if (p->sg) {
		for_each_sg(urb->sg, s, urb->num_mapped_sgs, i)
			if (!ret)
				ret = move_data(&p->c, u, sg_dma_address(s),
						sg_dma_len(s), is_in);
	} else if (urb->transfer_buffer_length) {
		ret = move_data(&p->c, u, p->m ? p->m->bus : urb->transfer_dma,
				urb->transfer_buffer_length, is_in);
	}
	urb->actual_length = ret ? 0 : urb->transfer_buffer_length;
	status = ret ? -EPROTO : 0;
	urb_unmap(p);
	dmart_unlock();
	urb_giveback(p, status);
}

static int ilog2_int(int v)
{
	return 31 - __builtin_clz((unsigned int)v);
}

/*
 * usbcore's rules for periodic (interrupt, isochronous) urbs: the interval
 * counts frames (1 ms) at low/full speed and microframes (125 us) at high
 * speed and up, and is rounded down to a power of two.  Returns the period
 * in microframes, 0 for other pipes, -EINVAL for an illegal interval.
 */
static int urb_period(struct urb *urb)
{
	unsigned int type = usb_pipetype(urb->pipe);
	int max;

	if (type != PIPE_INTERRUPT && type != PIPE_ISOCHRONOUS)
		return 0;
	if (urb->interval <= 0)
		return -EINVAL;
	switch (urb->dev->speed) {
	case USB_SPEED_SUPER_PLUS:
	case USB_SPEED_SUPER:
		if (urb->interval > 1 << 15)
			return -EINVAL;
		max = 1 << 15;
		break;
	case USB_SPEED_HIGH:
		max = 1024 * 8;
		break;
	case USB_SPEED_FULL:
	case USB_SPEED_LOW:
		if (type == PIPE_INTERRUPT && urb->interval > 255)
			return -EINVAL;
		max = type == PIPE_INTERRUPT ? 128 : 1024;
		break;
	default:
		return -EINVAL;
	}
	urb->interval = min(max, 1 << ilog2_int(urb->interval));
	if (urb->dev->speed <= USB_SPEED_FULL)
		return urb->interval * 8;
	return urb->interval;
}

int usb_submit_urb(struct urb *urb, gfp_t mem_flags)
{
	CALL("usb_submit_urb");
	bool is_in;
	struct dmart_dev *hcd, *d;
	struct urb_pending *p;
	int ret = 0, period;

	if (!urb || !urb->dev || !urb->complete)
		return -EINVAL;
	if (urb->dev->state == USB_STATE_NOTATTACHED)
		return -ENODEV;
	is_in = usb_pipein(urb->pipe);
	hcd = hcd_of(urb->dev);
	d = dmart_dev_of(&urb->dev->dev);
	dmart_lock();
	dmart_atomic_gfp_check(&c, d, mem_flags);
	if (urb->dmart_state) {
		ret = -EBUSY;
		goto out;
	}
	/* usb_kill_urb() or usb_poison_urb() in progress. */
	if (atomic_read(&urb->reject)) {
		ret = -EPERM;
		goto out;
	}
	period = urb_period(urb);
	if (period < 0) {
		ret = period;
		goto out;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	p->urb = urb;
	p->c = c;
	if (urb->num_sgs && urb->sg) {
		urb->num_mapped_sgs = dmart_map_sg(&c, hcd->dev, urb->sg,
						   urb->num_sgs,
						   is_in ? DMA_FROM_DEVICE : DMA_TO_DEVICE,
						   0, FAM_SG);
		p->sg = true;
		if (!urb->num_mapped_sgs)
			ret = -EAGAIN;
	} else if (urb->transfer_flags & URB_NO_TRANSFER_DMA_MAP) {
		if (urb->transfer_buffer_length && !urb->transfer_dma) {
			struct dmart_call fill = { urb->dmart_fill_api,
						   urb->dmart_fill_file,
						   urb->dmart_fill_line };

			dmart_report_from(RULE_DMC023, &c, d, &fill,
				     "URB_NO_TRANSFER_DMA_MAP set but urb->transfer_dma was never set [length=%u]",
				     urb->transfer_buffer_length);
			ret = -EINVAL;
		}
	} else if (urb->transfer_buffer_length) {
		p->m = map_buffer(&c, hcd, urb->transfer_buffer,
				  urb->transfer_buffer_length, is_in);
		if (!p->m)
			ret = -EAGAIN;
	}
	if (!ret && usb_pipetype(urb->pipe) == PIPE_CONTROL && urb->setup_packet) {
		p->setup = map_buffer(&c, hcd, urb->setup_packet, 8, false);
		if (!p->setup)
			ret = -EAGAIN;
	}
	if (ret) {
		urb_unmap(p);
		free(p);
		goto out;
	}
	urb->dmart_state = 1;
	urb->status = -EINPROGRESS;
	urb->actual_length = 0;
	atomic_inc(&urb->use_count);
	p->next = pendings;
	pendings = p;
	/*
	 * A periodic urb completes one period after submission (the queue
	 * counts whole milliseconds, so at most one completion per ms).
	 */
	dmart_work_queue(urb_run, p, urb, (period + 7) / 8);
out:
	dmart_unlock();
	return ret;
}

/*
 * Unlink @urb: it completes with @status, on the completion thread as every
 * completion does (so one urb's handler never runs twice at once).  False
 * when it is not in flight or already unlinked.  Caller holds dmart_lock.
 */
static bool unlink_urb(struct urb *urb, int status)
{
	struct urb_pending *p = find_pending(urb);

	if (!p || p->unlinked)
		return false;
	p->unlinked = status;
	/* Still waiting for its period: give it back now.  Else it runs now. */
	if (dmart_work_cancel(urb))
		dmart_work_queue(urb_run, p, urb, 0);
	return true;
}

/*
 * Unlink @urb until it is idle: submitted and not yet through its
 * completion handler.  Resubmission must fail meanwhile (urb->reject, or
 * a disconnected device), or this never ends.  Never with dmart_lock held.
 */
static void wait_urb_idle(struct urb *urb, int status)
{
	const struct timespec tick = { 0, 100000 };

	for (;;) {
		struct urb_pending *p = NULL;
		int busy;

		dmart_lock();
		busy = atomic_read(&urb->use_count);
		if (busy) {
			unlink_urb(urb, status);
			if (dmart_in_worker() && dmart_work_cancel(urb))
				p = find_pending(urb);
		}
		dmart_unlock();
		if (!busy)
			break;
		if (dmart_in_worker()) {
			/* A work item on the completion thread: complete it here. */
			if (!p)
				break;
			urb_run(p);
			continue;
		}
		dmart_work_wait_idle(urb);
		nanosleep(&tick, NULL);
	}
}

/*
 * usbcore's usb_kill_urb() with urb->reject raised: a completion handler
 * that resubmits gets -EPERM, so the wait for the urb to go idle ends.
 */
static void kill_urb(const struct dmart_call *c, struct urb *urb)
{
	if (dmart_irq_depth() || dmart_spin_depth()) {
		dmart_report(RULE_DMC012, c, dmart_dev_of(&urb->dev->dev), NULL,
			     "%s() sleeps but was called in atomic context (use usb_unlink_urb())",
			     c->api);
		/* Waiting here could wait for ourselves: unlink only. */
		dmart_lock();
		unlink_urb(urb, -ENOENT);
		dmart_unlock();
		return;
	}
	wait_urb_idle(urb, -ENOENT);
}

void usb_kill_urb(struct urb *urb)
{
	CALL("usb_kill_urb");

	if (!urb || !urb->dev)
		return;
	atomic_inc(&urb->reject);
	kill_urb(&c, urb);
	atomic_dec(&urb->reject);
}

/* Like usb_kill_urb(), but the urb stays rejected until unpoisoned. */
void usb_poison_urb(struct urb *urb)
{
	CALL("usb_poison_urb");

	if (!urb)
		return;
	atomic_inc(&urb->reject);
	if (urb->dev)
		kill_urb(&c, urb);
}

void usb_unpoison_urb(struct urb *urb)
{
	if (!urb)
		return;
	atomic_dec(&urb->reject);
}

void usb_block_urb(struct urb *urb)
{
	if (!urb)
		return;
	atomic_inc(&urb->reject);
}

int usb_unlink_urb(struct urb *urb)
{
	bool done;

	if (!urb)
		return -EINVAL;
	dmart_lock();
	done = unlink_urb(urb, -ECONNRESET);
	dmart_unlock();
	return done ? -EINPROGRESS : -EBUSY;
}

void init_usb_anchor(struct usb_anchor *anchor)
{
	INIT_LIST_HEAD(&anchor->urb_list);
}

void usb_anchor_urb(struct urb *urb, struct usb_anchor *anchor)
{
	dmart_lock();
	list_add_tail(&urb->anchor_list, &anchor->urb_list);
	urb->anchor = anchor;
	dmart_unlock();
}

void usb_unanchor_urb(struct urb *urb)
{
	dmart_lock();
	if (urb->anchor) {
		list_del_init(&urb->anchor_list);
		urb->anchor = NULL;
	}
	dmart_unlock();
}

void usb_kill_anchored_urbs(struct usb_anchor *anchor)
{
	for (;;) {
		struct urb *urb = NULL;

		dmart_lock();
		if (!list_empty(&anchor->urb_list))
			urb = list_first_entry(&anchor->urb_list, struct urb, anchor_list);
		dmart_unlock();
		if (!urb)
			break;
		usb_kill_urb(urb);
		usb_unanchor_urb(urb);
	}
}

int usb_wait_anchor_empty_timeout(struct usb_anchor *anchor, unsigned int timeout)
{
	unsigned long end = dmart_jiffies() + timeout;


	while (!list_empty(&anchor->urb_list)) {
		if (dmart_jiffies() > end)
			return 0;
		dmart_work_flush();
	}
	return 1;
}

/* --- coherent buffers and the legacy mapping helpers --- */

void *usb_alloc_coherent(struct usb_device *dev, size_t size, gfp_t mem_flags,
			 dma_addr_t *dma)
{
	CALL("usb_alloc_coherent");
	if (!dev || !size)
		return NULL;
	return dmart_alloc_coherent(&c, to_dmart_usb(dev)->hcd, size, dma, mem_flags,
				    FAM_USB_COHERENT, false, true);
}

void usb_free_coherent(struct usb_device *dev, size_t size, void *addr,
		       dma_addr_t dma)
{
	CALL("usb_free_coherent");
	if (!dev || !addr)
		return;
	dmart_free_coherent(&c, to_dmart_usb(dev)->hcd, size, addr, dma,
			    FAM_USB_COHERENT, false, DMA_BIDIRECTIONAL);
}

struct urb *usb_buffer_map(struct urb *urb)
{
	CALL("usb_buffer_map");
	struct dmart_map *m;

	if (!urb || !urb->dev)
		return NULL;
	dmart_lock();
	m = map_buffer(&c, hcd_of(urb->dev), urb->transfer_buffer,
		       urb->transfer_buffer_length, usb_pipein(urb->pipe));
	if (m) {
		urb->transfer_dma = m->bus;
		urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	}
	dmart_unlock();
	return m ? urb : NULL;
}

void usb_buffer_dmasync(struct urb *urb)
{
	CALL("usb_buffer_dmasync");
	bool in;

	if (!urb || !(urb->transfer_flags & URB_NO_TRANSFER_DMA_MAP))
		return;
	in = usb_pipein(urb->pipe);
	dmart_sync_single(&c, to_dmart_usb(urb->dev)->hcd, urb->transfer_dma,
			  urb->transfer_buffer_length,
			  in ? DMA_FROM_DEVICE : DMA_TO_DEVICE, in);
}

void usb_buffer_unmap(struct urb *urb)
{
	CALL("usb_buffer_unmap");
	bool in;

	if (!urb || !(urb->transfer_flags & URB_NO_TRANSFER_DMA_MAP))
		return;
	in = usb_pipein(urb->pipe);
	dmart_unmap_single(&c, to_dmart_usb(urb->dev)->hcd, urb->transfer_dma,
			   urb->transfer_buffer_length,
			   in ? DMA_FROM_DEVICE : DMA_TO_DEVICE, 0, FAM_SINGLE);
	urb->transfer_flags &= ~URB_NO_TRANSFER_DMA_MAP;
}

/*
 * The direction comes from the pipe (driver-api/usb/dma.rst).  Some 2.6
 * kernels took an "int is_in" there instead; a real pipe always carries a
 * device number, so a bare 1 is read as that flag.
 */
static enum dma_data_direction pipe_dir(unsigned int pipe)
{
	return pipe == 1 || usb_pipein(pipe) ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
}

int usb_buffer_map_sg(const struct usb_device *dev, unsigned pipe,
		      struct scatterlist *sg, int nents)
{
	CALL("usb_buffer_map_sg");
	int n;

	if (!dev)
		return -EINVAL;
	n = dmart_map_sg(&c, to_dmart_usb(dev)->hcd, sg, nents, pipe_dir(pipe), 0,
			 FAM_SG);
	return n ? n : -ENOMEM;
}

/* The 2.6 API took the mapped count here, so either count is accepted. */
static int orig_nents(const struct usb_device *dev, struct scatterlist *sg, int n)
{
	struct dmart_map *m;

	dmart_lock();
	m = dmart_find_sg(hcd_of(dev), sg);
	if (m && n == m->sg_mapped)
		n = m->sg_nents;
	dmart_unlock();
	return n;
}

void usb_buffer_dmasync_sg(const struct usb_device *dev, unsigned pipe,
			   struct scatterlist *sg, int n_hw_ents)
{
	CALL("usb_buffer_dmasync_sg");
	if (!dev)
		return;
	dmart_sync_sg(&c, to_dmart_usb(dev)->hcd, sg, orig_nents(dev, sg, n_hw_ents),
		      pipe_dir(pipe), true);
}

void usb_buffer_unmap_sg(const struct usb_device *dev, unsigned pipe,
			 struct scatterlist *sg, int n_hw_ents)
{
	CALL("usb_buffer_unmap_sg");
	if (!dev)
		return;
	dmart_unmap_sg(&c, to_dmart_usb(dev)->hcd, sg, n_hw_ents, pipe_dir(pipe), 0,
		       true);
}

/* --- scatter-gather requests --- */

int usb_sg_init(struct usb_sg_request *io, struct usb_device *dev, unsigned pipe,
		unsigned period, struct scatterlist *sg, int nents, size_t length,
		gfp_t mem_flags)
{
	CALL("usb_sg_init");
	int n;

	if (!io || !dev || !sg || nents <= 0)
		return -EINVAL;
	memset(io, 0, sizeof(*io));
	dmart_atomic_gfp_check(&c, dmart_dev_of(&dev->dev), mem_flags);
	n = dmart_map_sg(&c, to_dmart_usb(dev)->hcd, sg, nents,
			 usb_pipein(pipe) ? DMA_FROM_DEVICE : DMA_TO_DEVICE, 0, FAM_SG);
	if (!n)
		return -ENOMEM;
	io->dev = dev;
	io->pipe = pipe;
	io->entries = n;
	io->count = n;
	io->bytes = 0;
	io->dmart_sg = sg;
	io->dmart_nents = nents;
	io->dmart_mapped = n;
	init_completion(&io->complete);
	return 0;
}

static void sg_finish(const struct dmart_call *c, struct usb_sg_request *io)
{
	if (!io->dmart_sg)
		return;
	dmart_unmap_sg(c, to_dmart_usb(io->dev)->hcd, io->dmart_sg, io->dmart_nents,
		       usb_pipein(io->pipe) ? DMA_FROM_DEVICE : DMA_TO_DEVICE, 0, false);
	io->dmart_sg = NULL;
	complete_all(&io->complete);
}

void usb_sg_wait(struct usb_sg_request *io)
{
	CALL("usb_sg_wait");
	struct scatterlist *s;
	int i, ret = 0;

	if (!io || !io->dmart_sg)
		return;
	dmart_lock();
	for_each_sg(io->dmart_sg, s, io->dmart_mapped, i) {
		if (!ret)
			ret = move_data(&c, to_dmart_usb(io->dev), sg_dma_address(s),
					sg_dma_len(s), usb_pipein(io->pipe));
		if (!ret)
			io->bytes += sg_dma_len(s);
	}
	io->status = ret ? -EPROTO : 0;
	sg_finish(&c, io);
	dmart_unlock();
}

void usb_sg_cancel(struct usb_sg_request *io)
{
	CALL("usb_sg_cancel");
	if (!io || !io->dmart_sg)
		return;
	dmart_lock();
	io->status = -ECONNRESET;
	sg_finish(&c, io);
	dmart_unlock();
}

/* --- driver registration and device lifetime --- */

int usb_register(struct usb_driver *driver)
{
	return 0;
}

void usb_deregister(struct usb_driver *driver)
{
}

struct usb_device *usb_get_dev(struct usb_device *dev)
{
	return dev;
}

void usb_put_dev(struct usb_device *dev)
{
}

/* Unlinks @udev from the live devices; false when it is not one. */
static bool usb_dev_forget(struct usb_device *udev)
{
	struct dmart_usb **pp;

	for (pp = &usb_devs; *pp; pp = &(*pp)->next) {
		if (&(*pp)->udev == udev) {
			*pp = (*pp)->next;
			return true;
		}
	}
	return false;
}

void dmart_usb_device_destroy(struct usb_device *udev)
{
	struct dmart_usb *u;
	struct urb_pending *p;
	bool live;
	int i;

	dmart_lock();
	live = udev && usb_dev_forget(udev);
	/* As dmart_device_destroy() says it: the usb_device's own device was
	 * released (and named) with it; its address alone is used. */
	if (!udev)
		dmart_misuse(NULL, "dmart_usb_device_destroy", "NULL device");
	else if (!live)
		dmart_not_live("dmart_usb_device_destroy", &udev->dev);
	dmart_unlock();
	if (!live)
		return;
	u = to_dmart_usb(udev);
	/* Disconnect: in-flight URBs complete with -ESHUTDOWN, resubmits fail. */
	udev->state = USB_STATE_NOTATTACHED;
	for (;;) {
		struct urb *urb = NULL;

		dmart_lock();
		for (p = pendings; p; p = p->next)
			if (p->urb->dev == udev)
				urb = p->urb;
		dmart_unlock();
		if (!urb)
			break;
		wait_urb_idle(urb, -ESHUTDOWN);
	}
	for (i = 0; i < MAX_INTF; i++) {
		if (u->intf[i]) {
			dmart_device_exit(&u->intf[i]->dev);
			free(u->intf[i]);
		}
	}
	dmart_device_exit(&udev->dev);
	dmart_device_destroy(u->hcd);
	free(u->in_data);
	free(u);
}
