// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for corpus/nvme-host: a simulated NVH controller on a PCI
 * device.  The block front end's part (building requests over pages,
 * end_io) and the controller's part (fetching commands from the submission
 * queue, moving the data through the PRP entries and PRP lists with
 * dmart_dev_read/write, posting completions and raising the interrupt) are
 * played here; the driver is the variant included below.
 */
#include DMART_DRIVER
#include <dmart.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H_PAGE			NVH_CTRL_PAGE_SIZE
#define H_MEDIA_SIZE		(8u << 20)
#define H_MAX_SEGS		1024
#define H_SC_DATA_XFER_ERROR	0x04
#define H_SC_INTERNAL		0x06

/* The controller: its own queue pointers and the namespace's media. */
struct sim {
	struct pci_dev *pdev;
	struct nvh_dev *ndev;
	u16 sq_head;
	u16 cq_tail;
	u8 phase;
	u16 fail_status;	/* status for the next commands, 0: success */
	int xfer_errors;	/* device DMA the runtime refused */
	u8 *media;
};

/* A request as the block front end builds it. */
struct hreq {
	struct nvh_request rq;
	struct nvh_bvec bv[H_MAX_SEGS];
	unsigned int order[H_MAX_SEGS];
	unsigned int nseg;
	bool done;
	int error;
	struct hreq *next;	/* kept until the scenario ends */
};

static void h_end_io(struct nvh_request *rq, int error);

/* Requests whose pages may still be mapped (a driver that leaked them). */
static struct hreq *deferred;

static void *sim_reg(struct sim *s, unsigned int off)
{
	return (char *)s->ndev->bar + off;
}

static u64 sim_readq(struct sim *s, unsigned int off)
{
	u64 v;

	memcpy(&v, sim_reg(s, off), sizeof(v));
	return v;
}

static u32 sim_readl(struct sim *s, unsigned int off)
{
	u32 v;

	memcpy(&v, sim_reg(s, off), sizeof(v));
	return v;
}

/*
 * Device DMA between host memory and the media.  PRP entries that follow
 * each other on the bus within one segment of the request go out as one
 * burst, as a controller's DMA engine would merge them (a page at a time
 * makes the runtime rehash a large mapping for every page written).
 */
struct xfer_run {
	struct sim *s;
	bool write;
	u64 addr;
	u32 len;
	u8 *media;
	const struct hreq *h;	/* the request's segments, if known */
	unsigned int seg;
	u32 seg_end;		/* request offset where segment @seg ends */
};

static int run_flush(struct xfer_run *r)
{
	struct device *dev = &r->s->pdev->dev;
	int ret = 0;

	if (!r->len)
		return 0;
	if (r->write)
		ret = dmart_dev_read(dev, r->addr, r->media, r->len);
	else
		ret = dmart_dev_write(dev, r->addr, r->media, r->len);
	r->media += r->len;
	r->len = 0;
	return ret;
}

/* Add @len bytes at bus @addr, @pos bytes into the request. */
static int run_add(struct xfer_run *r, u64 addr, u32 len, u32 pos)
{
	bool same_seg = r->h != NULL;

	if (r->h) {
		while (r->seg < r->h->nseg && pos >= r->seg_end) {
			same_seg = false;
			if (++r->seg < r->h->nseg)
				r->seg_end += r->h->bv[r->seg].len;
		}
	}
	if (same_seg && r->len && r->addr + r->len == addr) {
		r->len += len;
		return 0;
	}
	if (run_flush(r))
		return -EFAULT;
	r->addr = addr;
	r->len = len;
	return 0;
}

/* Walk PRP1, PRP2 and the PRP lists (chained through their last entry). */
static int sim_prp_xfer(struct sim *s, const struct nvh_command *c,
			u8 *media, u32 len, bool write)
{
	struct device *dev = &s->pdev->dev;
	struct nvh_request *rq = c->command_id < NVH_Q_DEPTH ?
				 s->ndev->ioq.rqs[c->command_id] : NULL;
	struct xfer_run r = { s, write, 0, 0, media };
	u64 prp1 = le64_to_cpu(c->prp1), prp2 = le64_to_cpu(c->prp2);
	u32 chunk = H_PAGE - (prp1 & (H_PAGE - 1));
	u32 done;
	u64 list;

	if (rq && rq->end_io == h_end_io) {
		r.h = rq->end_io_data;
		r.seg_end = r.h->bv[0].len;
	}
	if (chunk > len)
		chunk = len;
	if (run_add(&r, prp1, chunk, 0))
		return -EFAULT;
	done = chunk;
	if (done == len)
		return run_flush(&r);
	if (len - done <= H_PAGE) {
		if (run_add(&r, prp2, len - done, done))
			return -EFAULT;
		return run_flush(&r);
	}

	list = prp2;
	if (list & 7)
		return -EINVAL;
	while (done < len) {
		u32 nent = (H_PAGE - (list & (H_PAGE - 1))) / 8, i;
		u64 next = 0;

		for (i = 0; i < nent && done < len; i++) {
			__le64 e;

			if (dmart_dev_read(dev, list + i * 8, &e, sizeof(e)))
				return -EFAULT;
			if (i == nent - 1 && len - done > H_PAGE) {
				next = le64_to_cpu(e);
				break;
			}
			chunk = len - done < H_PAGE ? len - done : H_PAGE;
			if (run_add(&r, le64_to_cpu(e), chunk, done))
				return -EFAULT;
			done += chunk;
		}
		if (done < len) {
			if (!next)
				return -EINVAL;
			list = next;
		}
	}
	return run_flush(&r);
}

static void sim_post_cqe(struct sim *s, u16 cid, u16 status)
{
	struct nvh_completion cqe = { };
	u64 cq = sim_readq(s, NVH_REG_CQ_BASE);

	cqe.sq_head = cpu_to_le16(s->sq_head);
	cqe.command_id = cid;
	cqe.status = cpu_to_le16(status << 1 | s->phase);
	if (dmart_dev_write(&s->pdev->dev, cq + s->cq_tail * sizeof(cqe), &cqe,
			    sizeof(cqe)))
		s->xfer_errors++;
	if (++s->cq_tail == NVH_Q_DEPTH) {
		s->cq_tail = 0;
		s->phase ^= 1;
	}
}

/*
 * Run every command the driver rang the doorbell for, post their
 * completions and raise the interrupt.  Returns the number of commands.
 */
static int sim_process(struct sim *s)
{
	u32 tail = sim_readl(s, NVH_REG_DBS);
	u64 sq = sim_readq(s, NVH_REG_SQ_BASE);
	int n = 0;

	if (!(sim_readl(s, NVH_REG_CC) & NVH_CC_ENABLE) || tail >= NVH_Q_DEPTH)
		return 0;
	while (s->sq_head != tail) {
		struct nvh_command c;
		u16 status = s->fail_status;

		if (dmart_dev_read(&s->pdev->dev, sq + s->sq_head * sizeof(c),
				   &c, sizeof(c))) {
			s->xfer_errors++;
			return n;
		}
		if (++s->sq_head == NVH_Q_DEPTH)
			s->sq_head = 0;
		if (!status) {
			u64 off = le64_to_cpu(c.slba) << NVH_LBA_SHIFT;
			u32 len = (le16_to_cpu(c.length) + 1u) << NVH_LBA_SHIFT;

			if ((c.opcode != nvh_cmd_read &&
			     c.opcode != nvh_cmd_write) ||
			    off + len > H_MEDIA_SIZE)
				status = H_SC_INTERNAL;
			else if (sim_prp_xfer(s, &c, s->media + off, len,
					      c.opcode == nvh_cmd_write)) {
				s->xfer_errors++;
				status = H_SC_DATA_XFER_ERROR;
			}
		}
		sim_post_cqe(s, c.command_id, status);
		n++;
	}
	if (n)
		dmart_irq_raise(s->pdev->irq);
	return n;
}

static void h_end_io(struct nvh_request *rq, int error)
{
	struct hreq *h = rq->end_io_data;

	h->done = true;
	h->error = error;
}

static void h_free(struct hreq *h)
{
	unsigned int i;

	for (i = 0; i < h->nseg; i++)
		if (h->bv[i].page)
			__free_pages(h->bv[i].page, h->order[i]);
	free(h);
}

static void h_defer(struct hreq *h)
{
	h->next = deferred;
	deferred = h;
}

static void h_free_deferred(void)
{
	while (deferred) {
		struct hreq *h = deferred;

		deferred = h->next;
		h_free(h);
	}
}

static u8 h_pattern(u64 slba, u32 off, unsigned int seed)
{
	return (u8)((slba * 131) ^ (off * 7) ^ (off >> 9) ^ seed);
}

/*
 * A request over @nseg segments of @seg_len[i] bytes each, the first one
 * starting @first_off bytes into its page.
 */
static struct hreq *h_build(bool write, u64 slba, const unsigned int *seg_len,
			    unsigned int nseg, unsigned int first_off,
			    unsigned int seed)
{
	struct hreq *h = calloc(1, sizeof(*h));
	unsigned int i, pos = 0;

	if (!h || nseg > H_MAX_SEGS) {
		free(h);
		return NULL;
	}
	h->nseg = nseg;
	for (i = 0; i < nseg; i++) {
		unsigned int off = i ? 0 : first_off;
		struct page *pg;

		h->order[i] = get_order(off + seg_len[i]);
		pg = alloc_pages(GFP_KERNEL, h->order[i]);
		if (!pg) {
			h_free(h);
			return NULL;
		}
		h->bv[i].page = pg;
		h->bv[i].offset = off;
		h->bv[i].len = seg_len[i];
		if (write) {
			u8 *p = (u8 *)page_address(pg) + off;
			unsigned int j;

			for (j = 0; j < seg_len[i]; j++)
				p[j] = h_pattern(slba, pos + j, seed);
		} else {
			memset((u8 *)page_address(pg) + off, 0x5a, seg_len[i]);
		}
		pos += seg_len[i];
	}
	h->rq.bvec = h->bv;
	h->rq.nr_bvec = nseg;
	h->rq.len = pos;
	h->rq.slba = slba;
	h->rq.write = write;
	h->rq.end_io = h_end_io;
	h->rq.end_io_data = h;
	return h;
}

/* Compare what a read brought in with the media. */
static int h_check_read(struct sim *s, struct hreq *h)
{
	const u8 *m = s->media + (h->rq.slba << NVH_LBA_SHIFT);
	unsigned int i, pos = 0;

	for (i = 0; i < h->nseg; i++) {
		const u8 *p = (u8 *)page_address(h->bv[i].page) + h->bv[i].offset;

		if (memcmp(p, m + pos, h->bv[i].len)) {
			fprintf(stderr, "harness: read of lba %llu: data differs in segment %u\n",
				(unsigned long long)h->rq.slba, i);
			return 1;
		}
		pos += h->bv[i].len;
	}
	return 0;
}

static int h_check_write(struct sim *s, struct hreq *h, unsigned int seed)
{
	const u8 *m = s->media + (h->rq.slba << NVH_LBA_SHIFT);
	unsigned int j;

	for (j = 0; j < h->rq.len; j++) {
		if (m[j] != h_pattern(h->rq.slba, j, seed)) {
			fprintf(stderr, "harness: write of lba %llu: media differs at %u\n",
				(unsigned long long)h->rq.slba, j);
			return 1;
		}
	}
	return 0;
}

/* Submission failures the driver may have under an injected fault. */
static bool h_tolerated(int ret)
{
	return ret == -ENOMEM;
}

/*
 * Submit a batch, let the device run it, check the results.  A request
 * the driver refused is kept until the end of the scenario (its pages may
 * still be mapped by a leaky driver).
 */
static int h_run_batch(struct sim *s, struct hreq **hs, unsigned int n,
		       const unsigned int *seeds)
{
	unsigned int i;
	bool queued[16] = { };
	int bad = 0, ret;

	if (n > ARRAY_SIZE(queued))
		return 1;
	for (i = 0; i < n; i++) {
		if (!hs[i])
			continue;
		ret = nvh_queue_rq(s->ndev, &hs[i]->rq);
		if (ret) {
			if (!h_tolerated(ret)) {
				fprintf(stderr, "harness: nvh_queue_rq: %d\n", ret);
				bad = 1;
			}
			h_defer(hs[i]);
			hs[i] = NULL;
			continue;
		}
		queued[i] = true;
	}
	sim_process(s);
	for (i = 0; i < n; i++) {
		struct hreq *h = hs[i];

		if (!queued[i])
			continue;
		if (!h->done) {
			fprintf(stderr, "harness: request %u never completed\n", i);
			bad = 1;
			h_defer(h);
			continue;
		}
		if (h->error && !s->fail_status) {
			fprintf(stderr, "harness: request %u failed: %d\n", i,
				h->error);
			bad = 1;
		} else if (!h->error) {
			if (h->rq.write)
				bad |= h_check_write(s, h, seeds[i]);
			else
				bad |= h_check_read(s, h);
		}
		h_free(h);
	}
	return bad;
}

static int sim_start(struct sim *s, const char *name, unsigned int flags)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->phase = 1;
	s->media = calloc(1, H_MEDIA_SIZE);
	if (!s->media)
		return -ENOMEM;
	s->pdev = dmart_pci_device_create(name, DMA_BIT_MASK(64), flags);
	if (!s->pdev) {
		free(s->media);
		return -ENODEV;
	}
	s->pdev->vendor = 0x1d1d;
	s->pdev->device = 0x2807;
	s->pdev->resource[0].start = 0xfe000000;
	s->pdev->resource[0].end = 0xfe000000 + 0x2000 - 1;
	ret = nvh_driver.probe(s->pdev, &nvh_id_table[0]);
	if (ret) {
		dmart_pci_device_destroy(s->pdev);
		free(s->media);
		return ret;
	}
	s->ndev = pci_get_drvdata(s->pdev);
	return 0;
}

/* Remove and destroy; nonzero when the device's DMA was ever refused. */
static int sim_stop(struct sim *s)
{
	nvh_driver.remove(s->pdev);
	dmart_pci_device_destroy(s->pdev);
	h_free_deferred();
	free(s->media);
	if (s->xfer_errors)
		fprintf(stderr, "harness: %d device DMA transfer(s) refused\n",
			s->xfer_errors);
	return s->xfer_errors != 0;
}

/* Segment layouts, in bytes. */
static const unsigned int seg_4k[] = { 4096 };
static const unsigned int seg_8k[] = { 8192 };
static const unsigned int seg_2x4k[] = { 4096, 4096 };
static const unsigned int seg_16x4k[] = {
	4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096,
	4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096,
};
static const unsigned int seg_128k[] = { 128 << 10 };
static const unsigned int seg_mixed[] = {
	3072, 8192, 65536, 4096, 16384, 32768, 131072, 4096, 262144, 1024,
};
static const unsigned int seg_4x64k[] = { 65536, 65536, 65536, 65536 };
static const unsigned int seg_1m[] = { 1 << 20 };

struct layout {
	const unsigned int *seg;
	unsigned int nseg;
	unsigned int first_off;
};

#define L(a, off) { a, ARRAY_SIZE(a), off }

/*
 * PRP1 only, PRP1 + PRP2, PRP lists from the 256-byte pool (up to 32
 * entries) and from the page pool.
 */
static const struct layout traffic_layouts[] = {
	L(seg_4k, 0),		/* single segment, PRP1 */
	L(seg_4k, 512),		/* single segment across two pages */
	L(seg_8k, 0),		/* single segment, PRP1 + PRP2 */
	L(seg_2x4k, 0),		/* two segments, PRP1 + PRP2 */
	L(seg_16x4k, 0),	/* small pool list */
	L(seg_128k, 0),		/* 31 entries: small pool */
	L(seg_4x64k, 0),	/* 63 entries: page pool */
	L(seg_mixed, 1024),	/* page pool, mixed segments */
	L(seg_1m, 0),		/* 255 entries */
};

static unsigned int layout_len(const struct layout *l)
{
	unsigned int i, len = 0;

	for (i = 0; i < l->nseg; i++)
		len += l->seg[i];
	return len;
}

/*
 * Write each layout at its own LBA, then read it back (batches of up to
 * eight commands, several rounds so the queues wrap).
 */
static int h_traffic(struct sim *s, const struct layout *ls, unsigned int nl,
		     unsigned int rounds)
{
	struct hreq *hs[16];
	unsigned int seeds[16];
	u64 slba[16];
	unsigned int r, i, n;
	int bad = 0;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nl; i += n) {
			unsigned int k, pos = r * 8 * 1024;

			n = nl - i < 8 ? nl - i : 8;
			for (k = 0; k < n; k++) {
				const struct layout *l = &ls[i + k];

				/* Each request of a batch on its own LBAs. */
				if (pos + layout_len(l) > H_MEDIA_SIZE)
					pos = 0;
				slba[k] = pos >> NVH_LBA_SHIFT;
				pos += ALIGN(layout_len(l), H_PAGE);
				seeds[k] = r * 37 + i + k;
				hs[k] = h_build(true, slba[k], l->seg, l->nseg,
						l->first_off, seeds[k]);
				if (!hs[k])
					return 1;
			}
			bad |= h_run_batch(s, hs, n, seeds);
			for (k = 0; k < n; k++) {
				const struct layout *l = &ls[i + k];

				hs[k] = h_build(false, slba[k], l->seg, l->nseg,
						l->first_off, 0);
				if (!hs[k])
					return 1;
			}
			bad |= h_run_batch(s, hs, n, seeds);
		}
	}
	return bad;
}

static int scn_probe_remove(void)
{
	struct sim s;

	if (sim_start(&s, "nvh0", 0))
		return 0;
	return sim_stop(&s);
}

static int scn_traffic(void)
{
	struct sim s;
	int bad;

	if (sim_start(&s, "nvh0", 0))
		return 0;
	bad = h_traffic(&s, traffic_layouts, ARRAY_SIZE(traffic_layouts), 8);
	bad |= sim_stop(&s);
	return bad;
}

/* Transfers over 2 MiB: PRP list pages chained through their last entry. */
static int scn_long(void)
{
	static unsigned int seg_4k_x768[768];
	static const unsigned int seg_48x64k[48] = {
		[0] = 65536 - 2048,	/* starts 2048 bytes into its page */
		[1 ... 47] = 65536,
	};
	const struct layout ls[] = {
		{ seg_4k_x768, ARRAY_SIZE(seg_4k_x768), 0 },
		{ seg_48x64k, ARRAY_SIZE(seg_48x64k), 2048 },
	};
	struct sim s;
	unsigned int i;
	int bad;

	for (i = 0; i < ARRAY_SIZE(seg_4k_x768); i++)
		seg_4k_x768[i] = 4096;
	if (sim_start(&s, "nvh0", 0))
		return 0;
	bad = h_traffic(&s, ls, ARRAY_SIZE(ls), 1);
	bad |= sim_stop(&s);
	return bad;
}

/* Behind an IOMMU dma_map_sg() merges page-aligned segments. */
static int scn_iommu(void)
{
	struct sim s;
	int bad;

	if (sim_start(&s, "nvh0", DMART_IOMMU))
		return 0;
	bad = h_traffic(&s, traffic_layouts, ARRAY_SIZE(traffic_layouts), 2);
	bad |= sim_stop(&s);
	return bad;
}

/* A non-coherent platform: stale data shows without the unmap's sync. */
static int scn_noncoherent(void)
{
	struct sim s;
	int bad;

	if (sim_start(&s, "nvh0", DMART_NONCOHERENT))
		return 0;
	bad = h_traffic(&s, traffic_layouts, ARRAY_SIZE(traffic_layouts), 2);
	bad |= sim_stop(&s);
	return bad;
}

/*
 * A segment that ends inside a page in the middle of the request: the
 * PRP format cannot describe it and the driver fails the request.
 */
static int scn_misaligned(void)
{
	static const unsigned int seg_bad[] = { 6144, 4096, 8192 };
	struct sim s;
	struct hreq *h;
	int ret, bad = 0;

	if (sim_start(&s, "nvh0", 0))
		return 0;
	h = h_build(true, 64, seg_bad, ARRAY_SIZE(seg_bad), 0, 1);
	if (!h) {
		sim_stop(&s);
		return 1;
	}
	ret = nvh_queue_rq(s.ndev, &h->rq);
	if (ret != -EIO && !h_tolerated(ret)) {
		fprintf(stderr, "harness: misaligned request: %d\n", ret);
		bad = 1;
		sim_process(&s);	/* accepted: let it complete */
	}
	h_defer(h);
	/* The queue still works. */
	bad |= h_traffic(&s, traffic_layouts, 6, 1);
	bad |= sim_stop(&s);
	return bad;
}

/* The controller fails commands: the driver still unmaps and frees. */
static int scn_device_error(void)
{
	struct sim s;
	struct hreq *hs[16];
	unsigned int seeds[16] = { };
	unsigned int i, n = ARRAY_SIZE(traffic_layouts);
	int bad;

	if (sim_start(&s, "nvh0", 0))
		return 0;
	s.fail_status = NVH_SC_ABORT_REQ;
	for (i = 0; i < n; i++) {
		const struct layout *l = &traffic_layouts[i];

		hs[i] = h_build(i & 1, 128 * i, l->seg, l->nseg, l->first_off,
				0);
		if (!hs[i]) {
			sim_stop(&s);
			return 1;
		}
	}
	bad = h_run_batch(&s, hs, n, seeds);
	s.fail_status = 0;
	bad |= h_traffic(&s, traffic_layouts, 4, 1);
	bad |= sim_stop(&s);
	return bad;
}

/* Remove with commands the controller never ran: they are cancelled. */
static int scn_remove_busy(void)
{
	struct sim s;
	struct hreq *hs[ARRAY_SIZE(traffic_layouts)];
	unsigned int i;
	int ret, bad = 0;

	if (sim_start(&s, "nvh0", 0))
		return 0;
	for (i = 0; i < ARRAY_SIZE(traffic_layouts); i++) {
		const struct layout *l = &traffic_layouts[i];

		hs[i] = h_build(!(i & 1), 256 * i, l->seg, l->nseg,
				l->first_off, 3);
		if (!hs[i])
			continue;
		ret = nvh_queue_rq(s.ndev, &hs[i]->rq);
		if (ret && !h_tolerated(ret))
			bad = 1;
		if (ret) {
			h_defer(hs[i]);
			hs[i] = NULL;
		}
	}
	nvh_driver.remove(s.pdev);
	for (i = 0; i < ARRAY_SIZE(traffic_layouts); i++) {
		if (!hs[i])
			continue;
		if (!hs[i]->done || hs[i]->error != -EIO) {
			fprintf(stderr, "harness: in-flight request %u not cancelled\n",
				i);
			bad = 1;
		}
		h_defer(hs[i]);
	}
	dmart_pci_device_destroy(s.pdev);
	h_free_deferred();
	free(s.media);
	return bad;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "traffic", scn_traffic },
	{ "long", scn_long },
	{ "iommu", scn_iommu },
	{ "noncoherent", scn_noncoherent },
	{ "misaligned", scn_misaligned },
	{ "device-error", scn_device_error },
	{ "remove-busy", scn_remove_busy },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
