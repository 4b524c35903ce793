// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart dmaengine: a simulated slave DMA controller.  Each requested
 * channel has its own controller struct device (buffers must be mapped for
 * it, see dmaengine_get_dma_device()) and runs issued descriptors in cookie
 * order on the deferred-work thread, calling completion callbacks there,
 * never on the caller's thread.  The peripheral side is a set of FIFOs of
 * the client device, one per peripheral address (the slave config's
 * dst_addr/src_addr): what MEM_TO_DEV writes to an address, DEV_TO_MEM
 * reads back from it, and the harness can drain or fill each one.
 */
#include <linux/dmaengine.h>
#include <linux/slab.h>
#include "internal.h"

#define FIFO_SIZE 65536

enum desc_state { D_PREPARED, D_SUBMITTED, D_ISSUED, D_DONE, D_ABORTED };

/* One contiguous piece: memory at @addr (the destination for MEM_TO_MEM). */
struct seg {
	dma_addr_t addr;
	size_t len;
	dma_addr_t src;			/* MEM_TO_MEM: where it comes from */
};

struct dmart_desc {
	struct dma_async_tx_descriptor tx;
	struct dmart_desc *next;
	struct dmart_chan *ch;
	enum dma_transfer_direction dir;
	struct seg *segs;
	int nsegs;
	phys_addr_t dev_addr;		/* peripheral FIFO of a slave transfer */
	bool cyclic;
	size_t period;
	size_t total;
	size_t done_bytes;
	enum desc_state state;
	bool dirty;			/* active when terminated asynchronously */
	bool unissued_reported;		/* dmaengine-missing-issue-pending said */
	struct dmart_call at;
	struct dmart_call submit_at;
	void *metadata;
};

struct dmart_provided {
	struct dmart_provided *next;
	char name[32];
};

struct dmart_chan {
	struct dma_chan chan;
	struct dma_device ddev;
	struct device *ctrl;
	struct dmart_dev *client;
	struct dmart_chan *next;
	char name[32];
	bool released;
	bool paused;
	bool needs_sync;
	bool stopping;			/* quiesced: nothing runs any more */
	struct dmart_call release_at;
	struct dma_slave_config cfg;
	struct dmart_desc *descs;
	struct dmart_desc *cb_desc;	/* whose callback runs now */
};

/* A peripheral FIFO: a ring of FIFO_SIZE bytes, oldest dropped on overflow. */
struct dmart_fifo {
	struct dmart_fifo *next;
	struct dmart_dev *owner;	/* the client (peripheral) device */
	phys_addr_t addr;
	unsigned char *data;
	size_t head, len;
};

static struct dmart_fifo *fifos;

#define CALL(name) struct dmart_call c = dmart_call(name)

static struct device *anon_client;

/* The FIFO of @owner at @addr; the caller holds dmart_lock. */
static struct dmart_fifo *fifo_of(struct dmart_dev *owner, phys_addr_t addr,
				  bool create)
{
	struct dmart_fifo *f;

	for (f = fifos; f; f = f->next)
		if (f->owner == owner && f->addr == addr)
			return f;
	if (!create)
		return NULL;
	f = calloc(1, sizeof(*f));
	if (f)
		f->data = malloc(FIFO_SIZE);
	if (!f || !f->data) {
		free(f);
		return NULL;
	}
	f->owner = owner;
	f->addr = addr;
	f->next = fifos;
	fifos = f;
	return f;
}

static void fifo_push(struct dmart_fifo *f, const unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		f->data[(f->head + f->len) % FIFO_SIZE] = buf[i];
		if (f->len < FIFO_SIZE)
			f->len++;
		else
			f->head = (f->head + 1) % FIFO_SIZE;
	}
}

static size_t fifo_pop(struct dmart_fifo *f, unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; f && i < len && f->len; i++, f->len--) {
		buf[i] = f->data[f->head];
		f->head = (f->head + 1) % FIFO_SIZE;
	}
	return i;
}

static void fifos_release(struct dmart_dev *owner)
{
	struct dmart_fifo **pp = &fifos, *f;

	while ((f = *pp)) {
		if (f->owner == owner) {
			*pp = f->next;
			free(f->data);
			free(f);
		} else {
			pp = &f->next;
		}
	}
}

ssize_t dmart_dmaengine_fifo_read(struct device *client, phys_addr_t addr,
				  void *buf, size_t len)
{
	struct dmart_dev *d = dmart_dev_peek(client);
	size_t n;

	if (!d || (!buf && len))
		return -EINVAL;
	dmart_lock();
	n = fifo_pop(fifo_of(d, addr, false), buf, len);
	dmart_unlock();
	return n;
}

ssize_t dmart_dmaengine_fifo_write(struct device *client, phys_addr_t addr,
				   const void *buf, size_t len)
{
	struct dmart_dev *d = dmart_dev_peek(client);
	struct dmart_fifo *f;

	if (!d || (!buf && len))
		return -EINVAL;
	dmart_lock();
	f = fifo_of(d, addr, true);
	if (f)
		fifo_push(f, buf, len);
	dmart_unlock();
	return f ? (ssize_t)len : -ENOMEM;
}

int dmart_dmaengine_provide(struct device *client, const char *chan_name)
{
	struct dmart_dev *d = dmart_dev_of(client);
	struct dmart_provided *p;

	if (!d || !chan_name)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->name, sizeof(p->name), "%s", chan_name);
	dmart_lock();
	p->next = d->provided;
	d->provided = p;
	dmart_unlock();
	return 0;
}

static struct dmart_chan *chan_create(struct dmart_dev *client, const char *name)
{
	static int chan_id;
	struct dmart_chan *ch = calloc(1, sizeof(*ch));
	char ctrl_name[128];

	if (!ch)
		return NULL;
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	snprintf(ctrl_name, sizeof(ctrl_name), "dma%dchan-%s", chan_id, name);
	ch->ctrl = dmart_device_create(ctrl_name, DMA_BIT_MASK(32), 0);
	ch->client = client;
	ch->ddev.dev = ch->ctrl;
	ch->ddev.chancnt = 1;
	dma_cap_set(DMA_SLAVE, ch->ddev.cap_mask);
	dma_cap_set(DMA_MEMCPY, ch->ddev.cap_mask);
	dma_cap_set(DMA_CYCLIC, ch->ddev.cap_mask);
	dma_cap_set(DMA_INTERLEAVE, ch->ddev.cap_mask);
	/* What a typical slave controller offers; a harness may narrow it. */
	ch->ddev.directions = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM) |
			      BIT(DMA_MEM_TO_MEM);
	ch->ddev.src_addr_widths = ch->ddev.dst_addr_widths =
		BIT(DMA_SLAVE_BUSWIDTH_1_BYTE) | BIT(DMA_SLAVE_BUSWIDTH_2_BYTES) |
		BIT(DMA_SLAVE_BUSWIDTH_3_BYTES) | BIT(DMA_SLAVE_BUSWIDTH_4_BYTES) |
		BIT(DMA_SLAVE_BUSWIDTH_8_BYTES) | BIT(DMA_SLAVE_BUSWIDTH_16_BYTES);
	ch->ddev.max_burst = 256;
	ch->ddev.desc_metadata_modes = DESC_METADATA_CLIENT;
	ch->chan.device = &ch->ddev;
	ch->chan.slave = client->dev;
	ch->chan.chan_id = chan_id++;
	ch->chan.name = ch->name;
	ch->chan.cookie = DMA_MIN_COOKIE - 1;
	ch->chan.completed_cookie = DMA_MIN_COOKIE - 1;
	ch->chan.dmart = ch;
	ch->next = client->chans;
	client->chans = ch;
	return ch;
}

/* The last channel request that failed: the origin of an ERR_PTR use. */
static struct dmart_call failed_request;

static struct dmart_chan *chan_check(const struct dmart_call *c, struct dma_chan *chan)
{
	struct dmart_chan *ch;

	if (!chan || IS_ERR(chan)) {
		dmart_report_from(RULE_DMC018, c, NULL,
				  IS_ERR(chan) ? &failed_request : NULL,
			     "dmaengine channel is %s (error %ld): the dma_request_chan() result was not checked with IS_ERR()",
			     chan ? "an ERR_PTR" : "NULL", chan ? PTR_ERR(chan) : 0L);
		return NULL;
	}
	ch = chan->dmart;
	if (ch->released) {
		dmart_report(RULE_DMC026, c, ch->client, NULL,
			     "dmaengine channel %s used after dma_release_channel() at %s:%d",
			     ch->name, ch->release_at.file ? ch->release_at.file : "?",
			     ch->release_at.line);
		return NULL;
	}
	return ch;
}

static struct dma_chan *request(const struct dmart_call *c, struct device *dev,
				const char *name)
{
	struct dmart_dev *d = dmart_dev_of(dev);
	struct dmart_provided *p;
	struct dmart_chan *ch = NULL;

	if (d && !dmart_should_fail(FAULT_REQUEST_CHAN, c)) {
		dmart_lock();
		for (p = d->provided; p; p = p->next)
			if (name && !strcmp(p->name, name))
				ch = chan_create(d, name);
		dmart_unlock();
	}
	if (ch)
		return &ch->chan;
	dmart_lock();
	failed_request = *c;
	dmart_unlock();
	return ERR_PTR(-ENODEV);
}

struct dma_chan *dma_request_chan(struct device *dev, const char *name)
{
	CALL("dma_request_chan");
	return request(&c, dev, name);
}

struct dma_chan *dma_request_slave_channel(struct device *dev, const char *name)
{
	CALL("dma_request_slave_channel");
	struct dma_chan *chan = request(&c, dev, name);

	return IS_ERR(chan) ? NULL : chan;
}

/* Memory-to-memory channels belong to a runtime-owned client. */
static struct dma_chan *request_any(const struct dmart_call *c)
{
	struct dmart_chan *ch;

	if (dmart_should_fail(FAULT_REQUEST_CHAN, c))
		return NULL;
	dmart_lock();
	if (!anon_client)
		anon_client = dmart_device_create("dmaengine", DMA_BIT_MASK(64), 0);
	ch = chan_create(dmart_dev_of(anon_client), "memcpy");
	dmart_unlock();
	return ch ? &ch->chan : NULL;
}

struct dma_chan *dma_request_chan_by_mask(const dma_cap_mask_t *mask)
{
	CALL("dma_request_chan_by_mask");
	struct dma_chan *chan = request_any(&c);

	return chan ? chan : ERR_PTR(-ENODEV);
}

struct dma_chan *dma_request_channel(dma_cap_mask_t mask, dma_filter_fn fn,
				    void *fn_param)
{
	CALL("dma_request_channel");
	struct dma_chan *chan = request_any(&c);

	if (chan && fn && !fn(chan, fn_param)) {
		chan->dmart->released = true;
		return NULL;
	}
	return chan;
}

/*
 * The descriptor's submit site is the report's origin ("mapped at"), so a
 * report made at the release or at a status query still names it.
 */
static void report_unissued(const struct dmart_call *c, struct dmart_chan *ch,
			    struct dmart_desc *dd, const char *when)
{
	if (dd->unissued_reported)
		return;
	dd->unissued_reported = true;
	dmart_report_from(RULE_DMC020, c, ch->client, &dd->submit_at,
		     "descriptor submitted on channel %s (cookie %d, at %s:%d) %s, but dma_async_issue_pending() was never called",
		     ch->name, dd->tx.cookie,
		     dd->submit_at.file ? dd->submit_at.file : "?",
		     dd->submit_at.line, when);
}

static void check_unissued(const struct dmart_call *c, struct dmart_chan *ch)
{
	struct dmart_desc *dd;

	for (dd = ch->descs; dd; dd = dd->next) {
		if (dd->state != D_SUBMITTED)
			continue;
		report_unissued(c, ch, dd, "is still pending");
		return;
	}
}

static void abort_all(struct dmart_chan *ch, bool mark_dirty)
{
	struct dmart_desc *dd;

	for (dd = ch->descs; dd; dd = dd->next) {
		if (dd->state == D_SUBMITTED || dd->state == D_ISSUED) {
			dd->state = D_ABORTED;
			dd->dirty = mark_dirty;
		}
	}
	if (ch->cb_desc && mark_dirty)
		ch->cb_desc->dirty = true;
}

/*
 * Stop the channel for good and wait for its callbacks; dmart_lock not
 * held.  A callback may submit and issue more meanwhile: stopping keeps
 * that from running or queueing a run, so the drain ends and no run of
 * the channel is left when its device frees it.
 */
static void stop(struct dmart_chan *ch)
{
	dmart_lock();
	ch->stopping = true;
	dmart_unlock();
	dmart_work_drain(ch);
}

static void quiesce(struct dmart_chan *ch)
{
	stop(ch);
	dmart_lock();
	abort_all(ch, false);
	dmart_unlock();
}

void dma_release_channel(struct dma_chan *chan)
{
	CALL("dma_release_channel");
	struct dmart_chan *ch;

	dmart_lock();
	ch = chan_check(&c, chan);
	if (!ch) {
		dmart_unlock();
		return;
	}
	check_unissued(&c, ch);
	if (ch->needs_sync)
		dmart_report(RULE_DMC021, &c, ch->client, NULL,
			     "channel %s released after dmaengine_terminate_async() without dmaengine_synchronize()",
			     ch->name);
	ch->released = true;
	ch->release_at = c;
	dmart_unlock();
	quiesce(ch);
}

struct device *dmaengine_get_dma_device(struct dma_chan *chan)
{
	CALL("dmaengine_get_dma_device");
	struct dmart_chan *ch = chan_check(&c, chan);

	return ch ? ch->ctrl : NULL;
}

static const char *xfer_dir_name(unsigned int dir)
{
	static const char *const names[] = {
		"DMA_MEM_TO_MEM", "DMA_MEM_TO_DEV", "DMA_DEV_TO_MEM",
		"DMA_DEV_TO_DEV", "DMA_TRANS_NONE",
	};

	return dir < ARRAY_SIZE(names) ? names[dir] : "an invalid direction";
}

/*
 * The direction of a transfer must be a dma_transfer_direction the channel
 * supports (dma_device.directions); a slave transfer must be MEM_TO_DEV or
 * DEV_TO_MEM and agree with the (deprecated) direction of the slave config
 * when one was set.  The caller holds dmart_lock.
 */
static bool dir_ok(const struct dmart_call *c, struct dmart_chan *ch,
		   enum dma_transfer_direction dir, bool slave)
{
	unsigned int d = (unsigned int)dir;
	unsigned int cfg = (unsigned int)ch->cfg.direction;

	if (d >= DMA_TRANS_NONE) {
		dmart_report(RULE_DMC011, c, ch->client, NULL,
			     "%s() on channel %s with %s (%u): not a valid enum dma_transfer_direction",
			     c->api, ch->name, xfer_dir_name(d), d);
		return false;
	}
	if (!(ch->ddev.directions & BIT(d)) ||
	    (slave && d != DMA_MEM_TO_DEV && d != DMA_DEV_TO_MEM)) {
		dmart_report(RULE_DMC011, c, ch->client, NULL,
			     "%s() on channel %s with %s: the channel does not do that direction%s",
			     c->api, ch->name, xfer_dir_name(d),
			     slave && d == DMA_MEM_TO_MEM ? " as a slave transfer" : "");
		return false;
	}
	if (slave && cfg != DMA_MEM_TO_MEM && cfg != d) {
		dmart_report(RULE_DMC011, c, ch->client, NULL,
			     "%s() on channel %s with %s, but dmaengine_slave_config() set direction %s",
			     c->api, ch->name, xfer_dir_name(d), xfer_dir_name(cfg));
		return false;
	}
	return true;
}

/* A DMA_SLAVE_BUSWIDTH_* value the channel's dma_device lists. */
static bool width_ok(struct dmart_chan *ch, const char *side,
		     enum dma_slave_buswidth w, u32 allowed)
{
	unsigned int v = (unsigned int)w;
	bool known = v == 3 || (v && v <= 128 && !(v & (v - 1)));

	if (v == DMA_SLAVE_BUSWIDTH_UNDEFINED)
		return true;
	/* The u32 capability masks cannot name widths of 32 bytes and up. */
	if (known && (v >= 32 || (allowed & BIT(v))))
		return true;
	dev_err(ch->ctrl, "%s_addr_width %u is %s\n", side, v,
		known ? "not supported by the channel" :
			"not a DMA_SLAVE_BUSWIDTH_* value");
	return false;
}

static bool burst_ok(struct dmart_chan *ch, const char *side, u32 burst)
{
	/* 0 means the controller's default, as most controller drivers take it. */
	if (burst <= ch->ddev.max_burst)
		return true;
	dev_err(ch->ctrl, "%s_maxburst %u exceeds the channel's max_burst %u\n",
		side, burst, ch->ddev.max_burst);
	return false;
}

/*
 * Validates as a controller driver's device_config() would.  The
 * (deprecated) direction, when set, must be MEM_TO_DEV or DEV_TO_MEM.
 */
static int config_check(const struct dmart_call *c, struct dmart_chan *ch,
			const struct dma_slave_config *cfg)
{
	unsigned int d = (unsigned int)cfg->direction;

	if (d != DMA_MEM_TO_MEM && d != DMA_MEM_TO_DEV && d != DMA_DEV_TO_MEM) {
		dmart_report(RULE_DMC011, c, ch->client, NULL,
			     "dmaengine_slave_config() on channel %s with %s (%u) as direction: only DMA_MEM_TO_DEV and DMA_DEV_TO_MEM are legal",
			     ch->name, xfer_dir_name(d), d);
		return -EINVAL;
	}
	if (d != DMA_MEM_TO_MEM && !(ch->ddev.directions & BIT(d))) {
		dmart_report(RULE_DMC011, c, ch->client, NULL,
			     "dmaengine_slave_config() on channel %s with direction %s: the channel does not do that direction",
			     ch->name, xfer_dir_name(d));
		return -EINVAL;
	}
	if (!width_ok(ch, "src", cfg->src_addr_width, ch->ddev.src_addr_widths) ||
	    !width_ok(ch, "dst", cfg->dst_addr_width, ch->ddev.dst_addr_widths) ||
	    !burst_ok(ch, "src", cfg->src_maxburst) ||
	    !burst_ok(ch, "dst", cfg->dst_maxburst))
		return -EINVAL;
	return 0;
}

int dmaengine_slave_config(struct dma_chan *chan, struct dma_slave_config *config)
{
	CALL("dmaengine_slave_config");
	struct dmart_chan *ch;
	int ret = -EINVAL;

	dmart_lock();
	ch = chan_check(&c, chan);
	if (ch && config) {
		ret = config_check(&c, ch, config);
		if (!ret)
			ch->cfg = *config;
	}
	dmart_unlock();
	return ret;
}


/* The buffer must be mapped for the channel's device, not the client's. */
static void check_map_device(const struct dmart_call *c, struct dmart_chan *ch,
			     dma_addr_t addr, size_t len)
{
	struct dmart_dev *ctrl = dmart_dev_of(ch->ctrl);
	struct dmart_map *m;

	if (dmart_find_containing(ctrl, addr, len))
		return;
	m = dmart_find_any_device(addr, len, ctrl);
	if (m)
		dmart_report(RULE_DMC022, c, ch->client, m,
			     "buffer handed to channel %s was mapped for %s, not for the channel's DMA device %s [device address=0x%016llx]",
			     ch->name, m->dev->name, dmart_dev_of(ch->ctrl)->name,
			     (unsigned long long)addr);
}

static dma_cookie_t tx_submit_hook(struct dma_async_tx_descriptor *tx);

/* @slave: a dmaengine_prep_slave_*() / cyclic / dma_vec transfer. */
static struct dma_async_tx_descriptor *
prep(const struct dmart_call *c, struct dma_chan *chan, enum dma_transfer_direction dir,
     bool slave, const struct seg *segs, int nsegs, unsigned long flags)
{
	struct dmart_chan *ch;
	struct dmart_desc *dd = NULL;
	int i;

	dmart_lock();
	ch = chan_check(c, chan);
	if (!ch || !dir_ok(c, ch, dir, slave) || nsegs <= 0 ||
	    dmart_should_fail(FAULT_PREP, c))
		goto out;
	for (i = 0; i < nsegs; i++) {
		check_map_device(c, ch, segs[i].addr, segs[i].len);
		if (dir == DMA_MEM_TO_MEM)
			check_map_device(c, ch, segs[i].src, segs[i].len);
	}
	dd = calloc(1, sizeof(*dd));
	if (!dd)
		goto out;
	dd->segs = malloc(nsegs * sizeof(*segs));
	if (!dd->segs) {
		free(dd);
		dd = NULL;
		goto out;
	}
	memcpy(dd->segs, segs, nsegs * sizeof(*segs));
	/* Controllers latch the peripheral address at prep time. */
	dd->dev_addr = dir == DMA_MEM_TO_DEV ? ch->cfg.dst_addr : ch->cfg.src_addr;
	dd->nsegs = nsegs;
	for (i = 0; i < nsegs; i++)
		dd->total += segs[i].len;
	dd->ch = ch;
	dd->dir = dir;
	dd->at = *c;
	dd->tx.chan = chan;
	dd->tx.flags = flags;
	dd->tx.tx_submit = tx_submit_hook;
	dd->tx.dmart = dd;
	dd->next = ch->descs;
	ch->descs = dd;
out:
	dmart_unlock();
	return dd ? &dd->tx : NULL;
}

struct dma_async_tx_descriptor *
dmaengine_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
			unsigned int sg_len, enum dma_transfer_direction dir,
			unsigned long flags)
{
	CALL("dmaengine_prep_slave_sg");
	struct dma_async_tx_descriptor *tx;
	struct scatterlist *s;
	struct seg *segs = calloc(sg_len ? sg_len : 1, sizeof(*segs));
	unsigned int i;

	if (!segs)
		return NULL;
	for_each_sg(sgl, s, sg_len, i) {
		segs[i].addr = sg_dma_address(s);
		segs[i].len = sg_dma_len(s);
	}
	tx = prep(&c, chan, dir, true, segs, sg_len, flags);
	free(segs);
	return tx;
}

struct dma_async_tx_descriptor *
dmaengine_prep_slave_single(struct dma_chan *chan, dma_addr_t buf, size_t len,
			    enum dma_transfer_direction dir, unsigned long flags)
{
	CALL("dmaengine_prep_slave_single");
	struct seg s = { buf, len, 0 };

	return prep(&c, chan, dir, true, &s, 1, flags);
}

struct dma_async_tx_descriptor *
dmaengine_prep_dma_cyclic(struct dma_chan *chan, dma_addr_t buf_addr,
			  size_t buf_len, size_t period_len,
			  enum dma_transfer_direction dir, unsigned long flags)
{
	CALL("dmaengine_prep_dma_cyclic");
	struct seg s = { buf_addr, buf_len, 0 };
	struct dma_async_tx_descriptor *tx;

	if (!period_len || buf_len % period_len)
		return NULL;
	tx = prep(&c, chan, dir, true, &s, 1, flags);
	if (tx) {
		tx->dmart->cyclic = true;
		tx->dmart->period = period_len;
	}
	return tx;
}

/*
 * The gap after a chunk on one side (the kernel's dmaengine_get_*_icg()):
 * none when that side does not increment; else the side's own icg, or the
 * common icg when the side is scattered (src_sgl / dst_sgl).
 */
static size_t side_icg(bool inc, bool sgl, size_t icg, size_t own_icg)
{
	if (!inc)
		return 0;
	if (own_icg)
		return own_icg;
	return sgl ? icg : 0;
}

/* Caps what one template may expand to. */
#define MAX_CHUNKS 65536

struct dma_async_tx_descriptor *
dmaengine_prep_interleaved_dma(struct dma_chan *chan,
			       struct dma_interleaved_template *xt,
			       unsigned long flags)
{
	CALL("dmaengine_prep_interleaved_dma");
	struct dma_async_tx_descriptor *tx;
	dma_addr_t src, dst;
	struct seg *segs;
	size_t f, i, n = 0;
	bool mem_dst;

	if (!xt)
		return NULL;
	if (!xt->numf || !xt->frame_size ||
	    xt->numf > MAX_CHUNKS / xt->frame_size) {
		struct dmart_chan *ch = chan && !IS_ERR(chan) ? chan->dmart : NULL;

		if (ch)
			dev_err(ch->ctrl, "interleaved template of %zu frames of %zu chunks refused\n",
				xt->numf, xt->frame_size);
		return NULL;
	}
	segs = calloc(xt->numf * xt->frame_size, sizeof(*segs));
	if (!segs)
		return NULL;
	/* The device side of a slave template is a FIFO: no addresses to walk. */
	mem_dst = xt->dir != DMA_MEM_TO_DEV;
	src = xt->src_start;
	dst = xt->dst_start;
	for (f = 0; f < xt->numf; f++) {
		for (i = 0; i < xt->frame_size; i++, n++) {
			const struct data_chunk *ck = &xt->sgl[i];

			segs[n].len = ck->size;
			segs[n].addr = mem_dst ? dst : src;
			segs[n].src = src;
			if (xt->src_inc)
				src += ck->size + side_icg(true, xt->src_sgl,
							   ck->icg, ck->src_icg);
			if (xt->dst_inc)
				dst += ck->size + side_icg(true, xt->dst_sgl,
							   ck->icg, ck->dst_icg);
		}
	}
	tx = prep(&c, chan, xt->dir, false, segs, n, flags);
	free(segs);
	/* A slave template names its FIFO by the device side's start address. */
	if (tx && xt->dir != DMA_MEM_TO_MEM)
		tx->dmart->dev_addr = xt->dir == DMA_MEM_TO_DEV ? xt->dst_start :
				      xt->src_start;
	return tx;
}

struct dma_async_tx_descriptor *
dmaengine_prep_peripheral_dma_vec(struct dma_chan *chan, const struct dma_vec *vecs,
				  size_t nents, enum dma_transfer_direction dir,
				  unsigned long flags)
{
	CALL("dmaengine_prep_peripheral_dma_vec");
	struct dma_async_tx_descriptor *tx;
	struct seg *segs = calloc(nents ? nents : 1, sizeof(*segs));
	size_t i;

	if (!segs)
		return NULL;
	for (i = 0; i < nents; i++) {
		segs[i].addr = vecs[i].addr;
		segs[i].len = vecs[i].len;
	}
	tx = prep(&c, chan, dir, true, segs, nents, flags);
	free(segs);
	return tx;
}

struct dma_async_tx_descriptor *
dmaengine_prep_dma_memcpy(struct dma_chan *chan, dma_addr_t dest, dma_addr_t src,
			  size_t len, unsigned long flags)
{
	CALL("dmaengine_prep_dma_memcpy");
	struct seg s = { dest, len, src };

	return prep(&c, chan, DMA_MEM_TO_MEM, false, &s, 1, flags);
}

static struct dmart_desc *desc_check(const struct dmart_call *c,
				     struct dma_async_tx_descriptor *desc)
{
	if (!desc) {
		dmart_report(RULE_DMC019, c, NULL, NULL,
			     "NULL descriptor: the dmaengine_prep_*() result was not checked");
		return NULL;
	}
	return desc->dmart;
}

int dmaengine_desc_attach_metadata(struct dma_async_tx_descriptor *desc,
				   void *data, size_t len)
{
	CALL("dmaengine_desc_attach_metadata");
	struct dmart_desc *dd = desc_check(&c, desc);

	if (!dd)
		return -EINVAL;
	dd->metadata = data;
	return 0;
}

void *dmaengine_desc_get_metadata_ptr(struct dma_async_tx_descriptor *desc,
				      size_t *payload_len, size_t *max_len)
{
	CALL("dmaengine_desc_get_metadata_ptr");
	/* The simulated engine supports client metadata only. */
	if (!desc_check(&c, desc))
		return ERR_PTR(-EINVAL);
	return ERR_PTR(-ENOTSUPP);
}

int dmaengine_desc_set_metadata_len(struct dma_async_tx_descriptor *desc,
				    size_t payload_len)
{
	CALL("dmaengine_desc_set_metadata_len");
	if (!desc_check(&c, desc))
		return -EINVAL;
	return -ENOTSUPP;
}

bool dmaengine_is_metadata_mode_supported(struct dma_chan *chan,
					  enum dma_desc_metadata_mode mode)
{
	return chan && !IS_ERR(chan) && mode == DESC_METADATA_CLIENT;
}

static dma_cookie_t submit(const struct dmart_call *c,
			   struct dma_async_tx_descriptor *desc)
{
	struct dmart_desc *dd = desc_check(c, desc);
	struct dmart_chan *ch;
	dma_cookie_t cookie = -EINVAL;

	if (!dd)
		return -EINVAL;
	dmart_lock();
	ch = chan_check(c, &dd->ch->chan);
	if (!ch)
		goto out;
	if (dd->state != D_PREPARED &&
	    !(dd->state == D_DONE && (desc->flags & DMA_CTRL_REUSE))) {
		dmart_report(RULE_DMC026, c, ch->client, NULL,
			     "descriptor (prepared at %s:%d) submitted again after it was %s",
			     dd->at.file ? dd->at.file : "?", dd->at.line,
			     dd->state == D_ABORTED ? "terminated" :
			     dd->state == D_DONE ? "completed and freed" : "submitted");
		goto out;
	}
	cookie = ++ch->chan.cookie;
	if (cookie < DMA_MIN_COOKIE)
		cookie = ch->chan.cookie = DMA_MIN_COOKIE;
	desc->cookie = cookie;
	dd->state = D_SUBMITTED;
	dd->done_bytes = 0;
	dd->submit_at = *c;
out:
	dmart_unlock();
	return cookie;
}

dma_cookie_t dmaengine_submit(struct dma_async_tx_descriptor *desc)
{
	CALL("dmaengine_submit");
	return submit(&c, desc);
}

static dma_cookie_t tx_submit_hook(struct dma_async_tx_descriptor *tx)
{
	struct dmart_call c = { "tx_submit", NULL, 0 };

	return submit(&c, tx);
}

int dma_submit_error(dma_cookie_t cookie)
{
	return cookie < 0 ? cookie : 0;
}

/* Move @len bytes of segment @sg, from offset @off, as the controller would. */
static int transfer(struct dmart_desc *dd, const struct seg *sg, size_t off,
		    size_t len)
{
	struct dmart_chan *ch = dd->ch;
	struct dmart_dev *ctrl = dmart_dev_of(ch->ctrl);
	unsigned char *tmp = calloc(1, len ? len : 1);
	struct dmart_fifo *f;
	int ret = 0;

	if (!tmp)
		return -ENOMEM;
	switch (dd->dir) {
	case DMA_MEM_TO_DEV:
		ret = dmart_dev_access(&dd->at, ctrl, sg->addr + off, tmp, len, false);
		f = ret ? NULL : fifo_of(ch->client, dd->dev_addr, true);
		if (f)
			fifo_push(f, tmp, len);
		break;
	case DMA_DEV_TO_MEM:
		/* What was written to this address comes back, then zeroes. */
		fifo_pop(fifo_of(ch->client, dd->dev_addr, false), tmp, len);
		ret = dmart_dev_access(&dd->at, ctrl, sg->addr + off, tmp, len, true);
		break;
	case DMA_MEM_TO_MEM:
		ret = dmart_dev_access(&dd->at, ctrl, sg->src + off, tmp, len, false);
		if (!ret)
			ret = dmart_dev_access(&dd->at, ctrl, sg->addr + off, tmp, len,
					       true);
		break;
	default:
		break;
	}
	free(tmp);
	return ret;
}

static struct dmart_desc *next_issued(struct dmart_chan *ch)
{
	struct dmart_desc *dd, *best = NULL;

	for (dd = ch->descs; dd; dd = dd->next)
		if (dd->state == D_ISSUED && (!best || dd->tx.cookie < best->tx.cookie))
			best = dd;
	return best;
}

static void run_callback(struct dmart_chan *ch, struct dmart_desc *dd, int err)
{
	struct dmaengine_result res = {
		err ? (dd->dir == DMA_DEV_TO_MEM ? DMA_TRANS_WRITE_FAILED :
		       DMA_TRANS_READ_FAILED) : DMA_TRANS_NOERROR,
		(u32)(dd->total - dd->done_bytes) };
	dma_async_tx_callback cb = dd->tx.callback;
	dma_async_tx_callback_result cbr = dd->tx.callback_result;
	void *param = dd->tx.callback_param;

	if (!cb && !cbr)
		return;
	ch->cb_desc = dd;
	dmart_unlock();
	/* Completion callbacks run in tasklet (softirq) context. */
	dmart_atomic_enter();
	if (cbr)
		cbr(param, &res);
	else
		cb(param);
	dmart_atomic_exit();
	dmart_lock();
	ch->cb_desc = NULL;
}

static void chan_run(void *arg)
{
	struct dmart_chan *ch = arg;
	struct dmart_desc *dd;
	int err, i;

	dmart_lock();
	while (!ch->paused && !ch->released && !ch->stopping &&
	       (dd = next_issued(ch))) {
		if (dd->cyclic) {
			size_t off = dd->done_bytes % dd->total;

			err = transfer(dd, &dd->segs[0], off, dd->period);
			dd->done_bytes += dd->period;
			run_callback(ch, dd, err);
			if (dd->state == D_ISSUED && !err)
				dmart_work_queue(chan_run, ch, ch, 1);
			break;
		}
		err = 0;
		for (i = 0; i < dd->nsegs && !err; i++) {
			err = transfer(dd, &dd->segs[i], 0, dd->segs[i].len);
			if (!err)
				dd->done_bytes += dd->segs[i].len;
		}
		dd->state = D_DONE;
		if (dd->tx.cookie > ch->chan.completed_cookie)
			ch->chan.completed_cookie = dd->tx.cookie;
		run_callback(ch, dd, err);
	}
	dmart_unlock();
}

void dma_async_issue_pending(struct dma_chan *chan)
{
	CALL("dma_async_issue_pending");
	struct dmart_chan *ch;
	struct dmart_desc *dd;
	bool any = false;

	dmart_lock();
	ch = chan_check(&c, chan);
	if (ch) {
		for (dd = ch->descs; dd; dd = dd->next) {
			if (dd->state == D_SUBMITTED) {
				dd->state = D_ISSUED;
				any = true;
			}
		}
		if (any && !ch->paused && !ch->stopping)
			dmart_work_queue(chan_run, ch, ch, 0);
	}
	dmart_unlock();
}

static int terminate_async(const struct dmart_call *c, struct dma_chan *chan)
{
	struct dmart_chan *ch;

	dmart_lock();
	ch = chan_check(c, chan);
	if (ch) {
		abort_all(ch, true);
		ch->needs_sync = true;
	}
	dmart_unlock();
	if (!ch)
		return -EINVAL;
	dmart_work_cancel(ch);
	return 0;
}

static void synchronize(const struct dmart_call *c, struct dma_chan *chan)
{
	struct dmart_chan *ch;
	struct dmart_desc *dd;

	dmart_lock();
	ch = chan_check(c, chan);
	if (ch && dmart_in_worker() && ch->cb_desc) {
		dmart_report(RULE_DMC012, c, ch->client, NULL,
			     "%s() called from the channel's own completion callback (would deadlock)",
			     c->api);
		ch = NULL;
	}
	dmart_unlock();
	if (!ch)
		return;
	dmart_work_wait_idle(ch);
	dmart_work_cancel(ch);
	dmart_lock();
	ch->needs_sync = false;
	for (dd = ch->descs; dd; dd = dd->next)
		dd->dirty = false;
	dmart_unlock();
}

int dmaengine_terminate_async(struct dma_chan *chan)
{
	CALL("dmaengine_terminate_async");
	return terminate_async(&c, chan);
}

int dmaengine_terminate_sync(struct dma_chan *chan)
{
	CALL("dmaengine_terminate_sync");
	int ret = terminate_async(&c, chan);

	if (!ret)
		synchronize(&c, chan);
	return ret;
}

int dmaengine_terminate_all(struct dma_chan *chan)
{
	CALL("dmaengine_terminate_all");
	struct dmart_chan *ch = chan && !IS_ERR(chan) ? chan->dmart : NULL;

	dmart_report(RULE_DMC021, &c, ch ? ch->client : NULL, NULL,
		     "dmaengine_terminate_all() is deprecated: use dmaengine_terminate_sync(), or dmaengine_terminate_async() then dmaengine_synchronize()");
	return terminate_async(&c, chan);
}

void dmaengine_synchronize(struct dma_chan *chan)
{
	CALL("dmaengine_synchronize");
	synchronize(&c, chan);
}

int dmaengine_pause(struct dma_chan *chan)
{
	CALL("dmaengine_pause");
	struct dmart_chan *ch;

	dmart_lock();
	ch = chan_check(&c, chan);
	if (ch)
		ch->paused = true;
	dmart_unlock();
	return ch ? 0 : -EINVAL;
}

int dmaengine_resume(struct dma_chan *chan)
{
	CALL("dmaengine_resume");
	struct dmart_chan *ch;

	dmart_lock();
	ch = chan_check(&c, chan);
	if (ch) {
		ch->paused = false;
		if (next_issued(ch) && !ch->stopping)
			dmart_work_queue(chan_run, ch, ch, 0);
	}
	dmart_unlock();
	return ch ? 0 : -EINVAL;
}

static enum dma_status status_of(const struct dmart_call *c, struct dma_chan *chan,
				 dma_cookie_t cookie, struct dma_tx_state *state)
{
	enum dma_status st = DMA_IN_PROGRESS;
	struct dmart_desc *dd, *found = NULL;
	struct dmart_chan *ch;
	u32 residue = 0;

	dmart_lock();
	ch = chan_check(c, chan);
	if (!ch) {
		dmart_unlock();
		return DMA_ERROR;
	}
	for (dd = ch->descs; dd; dd = dd->next)
		if (dd->tx.cookie == cookie && dd->state != D_PREPARED)
			found = dd;
	/* Polling a transfer that was never started: it never will be. */
	if (found && found->state == D_SUBMITTED)
		report_unissued(c, ch, found, "is polled for its status");
	if (found) {
		switch (found->state) {
		case D_DONE:
			st = DMA_COMPLETE;
			break;
		case D_ABORTED:
			st = DMA_ERROR;
			residue = found->total - found->done_bytes % (found->total + 1);
			break;
		default:
			st = ch->paused ? DMA_PAUSED : DMA_IN_PROGRESS;
			residue = found->cyclic ?
				found->total - found->done_bytes % found->total :
				found->total - found->done_bytes;
			break;
		}
	} else if (cookie <= ch->chan.completed_cookie) {
		st = DMA_COMPLETE;
	}
	if (state) {
		state->last = ch->chan.completed_cookie;
		state->used = ch->chan.cookie;
		state->residue = residue;
		state->in_flight_bytes = 0;
	}
	dmart_unlock();
	return st;
}

enum dma_status dmaengine_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
				    struct dma_tx_state *state)
{
	CALL("dmaengine_tx_status");
	return status_of(&c, chan, cookie, state);
}

enum dma_status dma_async_is_tx_complete(struct dma_chan *chan, dma_cookie_t cookie,
					 dma_cookie_t *last, dma_cookie_t *used)
{
	CALL("dma_async_is_tx_complete");
	struct dma_tx_state state = { 0 };
	enum dma_status st = status_of(&c, chan, cookie, &state);

	if (last)
		*last = state.last;
	if (used)
		*used = state.used;
	return st;
}

enum dma_status dma_async_is_complete(dma_cookie_t cookie,
				      dma_cookie_t last_complete,
				      dma_cookie_t last_used)
{
	if (last_complete <= last_used) {
		if (cookie <= last_complete || cookie > last_used)
			return DMA_COMPLETE;
	} else if (cookie <= last_complete && cookie > last_used) {
		return DMA_COMPLETE;
	}
	return DMA_IN_PROGRESS;
}

enum dma_status dma_sync_wait(struct dma_chan *chan, dma_cookie_t cookie)
{
	struct dmart_call c = { "dma_sync_wait", NULL, 0 };
	unsigned long end = dmart_jiffies() + 5000;
	enum dma_status st;

	dma_async_issue_pending(chan);
	while ((st = status_of(&c, chan, cookie, NULL)) == DMA_IN_PROGRESS &&
	       dmart_jiffies() < end)
		dmart_work_flush();
	return st;
}

static bool range_hits(dma_addr_t a, size_t len, const struct dmart_map *m)
{
	return a < m->bus + m->size && m->bus < a + len;
}

static bool seg_hits(const struct seg *sg, enum dma_transfer_direction dir,
		     const struct dmart_map *m)
{
	return range_hits(sg->addr, sg->len, m) ||
	       (dir == DMA_MEM_TO_MEM && range_hits(sg->src, sg->len, m));
}

/* An unmap while a terminated channel may still touch the buffer. */
void dmart_dmaengine_check_unmap(const struct dmart_call *c, struct dmart_map *m)
{
	struct dmart_dev *d;
	struct dmart_chan *ch;
	struct dmart_desc *dd;
	int i;

	for (d = dmart_dev_list(); d; d = d->next) {
		for (ch = d->chans; ch; ch = ch->next) {
			if (!ch->needs_sync || dmart_dev_of(ch->ctrl) != m->dev)
				continue;
			for (dd = ch->descs; dd; dd = dd->next) {
				if (!dd->dirty)
					continue;
				for (i = 0; i < dd->nsegs; i++) {
					if (seg_hits(&dd->segs[i], dd->dir, m)) {
						dmart_report(RULE_DMC021, c, ch->client, m,
							     "buffer of channel %s released after dmaengine_terminate_async() without dmaengine_synchronize() [device address=0x%016llx]",
							     ch->name, (unsigned long long)m->bus);
						dd->dirty = false;
						return;
					}
				}
			}
		}
	}
}

/* Client device release: check and free its channels and controllers. */
void dmart_dmaengine_release_dev(struct dmart_dev *d)
{
	struct dmart_call c = { "device release", NULL, 0 };
	struct dmart_chan *ch;

	/* Callbacks finish first: one may be between submit and issue. */
	for (ch = d->chans; ch; ch = ch->next)
		stop(ch);
	dmart_lock();
	for (ch = d->chans; ch; ch = ch->next)
		if (!ch->released)
			check_unissued(&c, ch);
	while (d->chans) {
		ch = d->chans;
		d->chans = ch->next;
		while (ch->descs) {
			struct dmart_desc *dd = ch->descs;

			ch->descs = dd->next;
			free(dd->segs);
			free(dd);
		}
		dmart_device_destroy(ch->ctrl);
		free(ch);
	}
	fifos_release(d);
	while (d->provided) {
		struct dmart_provided *p = d->provided;

		d->provided = p->next;
		free(p);
	}
	dmart_unlock();
}
