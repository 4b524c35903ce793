// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the SBH storage host adapter (bad.c / good.c, whichever
 * DMART_DRIVER names).  A device thread plays the controller's firmware:
 * when the driver rings the doorbell it fetches the command frame from the
 * dma_pool chunk at CMD_ADDR, moves the data through the SG elements the
 * driver built, posts the status and tag, and raises the interrupt (the
 * handler runs on that thread, as a hard interrupt).  Synchronous commands
 * (INQUIRY at probe, pass-through) wait for it on their completion.
 *
 * Generation 1 controllers (revision < 2) check that no element crosses
 * 4 GiB; with an IOMMU (DMART_IOMMU) dma_map_sg() merges the page-aligned
 * entries of a list into fewer DMA segments.
 */
#include DMART_DRIVER
#include <dmart.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define H_DOORBELL_IDLE	0xffffffffu	/* DOORBELL value while no command waits */
#define H_OP_FAIL	0xee		/* cdb[0] the firmware fails */
#define H_MAX_PAGES	160

struct sbh_h {
	struct pci_dev *pdev;
	struct sbh_host *host;
	void __iomem *regs;
	pthread_t thread;
	bool running;
	int stop;
	unsigned int fw_cmds;	/* frames the firmware executed */
	unsigned int fw_bad;	/* DMA the firmware could not do */
	u8 pattern;		/* data the firmware returns on reads */
};

static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

/* ------------------------------------------------- the firmware's side */

/* Execute one frame: move the data its elements describe. */
static u32 h_fw_exec(struct sbh_h *h, dma_addr_t frame_dma)
{
	struct device *dev = &h->pdev->dev;
	static u8 data[PAGE_SIZE];
	struct sbh_frame f;
	unsigned int i, nsge, moved = 0;
	u32 status = SBH_STATUS_DONE;

	if (dmart_dev_read(dev, frame_dma, &f, sizeof(f))) {
		h->fw_bad++;
		return status | SBH_STATUS_ERR;
	}
	h->fw_cmds++;
	nsge = le16_to_cpu(f.nsge);
	if (nsge > SBH_MAX_SGE)
		return status | SBH_STATUS_ERR;
	for (i = 0; i < nsge; i++) {
		dma_addr_t addr = le64_to_cpu(f.sge[i].addr);
		u32 lf = le32_to_cpu(f.sge[i].len_flags);
		unsigned int len = lf & SBH_SGE_LEN_MASK, off, n;

		/*
		 * Page by page: an IOMMU-merged segment spans several
		 * mappings, and dmart_dev_read/write check one at a time.
		 */
		for (off = 0; off < len; off += n) {
			n = min_t(unsigned int, len - off,
				  PAGE_SIZE - ((addr + off) & ~PAGE_MASK));
			if (f.dir == SBH_DIR_READ) {
				memset(data, h->pattern, n);
				if (f.cdb[0] == 0x12 && !off && !moved && n >= 32) {
					memcpy(data + 8, "DMART   ", 8);
					memcpy(data + 16, "SBH SIM DISK    ", 16);
				}
				if (dmart_dev_write(dev, addr + off, data, n))
					h->fw_bad++;
			} else if (f.dir == SBH_DIR_WRITE) {
				if (dmart_dev_read(dev, addr + off, data, n))
					h->fw_bad++;
			}
		}
		moved += len;
		if (lf & SBH_SGE_LAST)
			break;
	}
	if (f.cdb[0] == H_OP_FAIL || moved != le32_to_cpu(f.xfer_len))
		status |= SBH_STATUS_ERR;
	return status;
}

static void *h_fw_thread(void *arg)
{
	struct sbh_h *h = arg;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
		u32 tag = readl(h->regs + SBH_REG_DOORBELL);
		u32 status;

		if (tag == H_DOORBELL_IDLE) {
			usleep(20);
			continue;
		}
		writel(H_DOORBELL_IDLE, h->regs + SBH_REG_DOORBELL);
		status = h_fw_exec(h, lo_hi_readq(h->regs + SBH_REG_CMD_ADDR));
		writel(tag, h->regs + SBH_REG_DONE_TAG);
		writel(status, h->regs + SBH_REG_STATUS);
		if (readl(h->regs + SBH_REG_IRQ_MASK))
			dmart_irq_raise(h->pdev->irq);
		writel(0, h->regs + SBH_REG_STATUS);
	}
	return NULL;
}

/* ------------------------------------------------------ the host side */

static int h_probe(struct sbh_h *h, u8 revision, unsigned int flags)
{
	int err;

	memset(h, 0, sizeof(*h));
	h->pattern = 0xa5;
	h->pdev = dmart_pci_device_create("sbh0", DMA_BIT_MASK(64), flags);
	if (!h->pdev)
		return -ENODEV;
	h->pdev->vendor = 0x1d18;
	h->pdev->device = 0x0200;
	h->pdev->revision = revision;
	/* BAR 0, which the driver's pcim_iomap() will return. */
	h->regs = pci_iomap(h->pdev, 0, 0);
	writel(H_DOORBELL_IDLE, h->regs + SBH_REG_DOORBELL);
	if (pthread_create(&h->thread, NULL, h_fw_thread, h)) {
		dmart_pci_device_destroy(h->pdev);
		h->pdev = NULL;
		return -EAGAIN;
	}
	h->running = true;
	err = sbh_driver.probe(h->pdev, &sbh_pci_tbl[0]);
	if (err)
		return err;
	h->host = pci_get_drvdata(h->pdev);
	return 0;
}

static void h_destroy(struct sbh_h *h)
{
	if (h->running) {
		__atomic_store_n(&h->stop, 1, __ATOMIC_RELEASE);
		pthread_join(h->thread, NULL);
		h->running = false;
	}
	if (h->pdev)
		dmart_pci_device_destroy(h->pdev);
	h->pdev = NULL;
}

static int h_remove(struct sbh_h *h)
{
	if (h->host)
		sbh_driver.remove(h->pdev);
	h->host = NULL;
	h_destroy(h);
	return 0;
}

static int h_probe_failed(struct sbh_h *h, int err)
{
	h_destroy(h);
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: probe failed (%d) without a fault\n", err);
	return 1;
}

/* A data buffer of @npages pages, as the block layer hands one over. */
static int h_sgt(struct sg_table *sgt, unsigned int npages, unsigned int len)
{
	struct scatterlist *sg;
	unsigned int i;

	memset(sgt, 0, sizeof(*sgt));
	if (sg_alloc_table(sgt, npages, GFP_KERNEL))
		return -ENOMEM;
	for_each_sg(sgt->sgl, sg, npages, i) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			return -ENOMEM;
		memset(page_address(page), 0x11 * (i + 1), PAGE_SIZE);
		sg_set_page(sg, page, min_t(unsigned int, len, PAGE_SIZE), 0);
		len -= min_t(unsigned int, len, PAGE_SIZE);
	}
	return 0;
}

static void h_sgt_free(struct sg_table *sgt)
{
	struct scatterlist *sg;
	unsigned int i;

	if (!sgt->sgl)
		return;
	for_each_sg(sgt->sgl, sg, sgt->orig_nents, i)
		if (sg_page(sg))
			__free_page(sg_page(sg));
	sg_free_table(sgt);
}

/* Did the read land in every byte of the list? */
static bool h_sgt_holds(struct sg_table *sgt, u8 pattern)
{
	struct scatterlist *sg;
	unsigned int i, j;

	for_each_sg(sgt->sgl, sg, sgt->orig_nents, i) {
		const u8 *p = sg_virt(sg);

		for (j = 0; j < sg->length; j++)
			if (p[j] != pattern)
				return false;
	}
	return true;
}

struct h_req {
	struct sbh_cmd cmd;
	struct sg_table sgt;
	int done;
};

static void h_req_done(struct sbh_cmd *cmd)
{
	struct h_req *r = container_of(cmd, struct h_req, cmd);

	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

/*
 * One block command through sbh_queue_cmd(), completed from the interrupt:
 * 0 and the command's result in *result, or the error queueing returned.
 */
static int h_block_io(struct sbh_h *h, u8 op, unsigned int npages,
		      unsigned int len, enum dma_data_direction dir, int *result)
{
	struct h_req r;
	int ret, waited;

	memset(&r, 0, sizeof(r));
	if (npages && h_sgt(&r.sgt, npages, len)) {
		h_sgt_free(&r.sgt);
		return -ENOMEM;
	}
	r.cmd.cdb[0] = op;
	r.cmd.cdb_len = 10;
	r.cmd.sgl = r.sgt.sgl;
	r.cmd.nents = npages;
	r.cmd.dir = dir;
	r.cmd.xfer_len = len;
	r.cmd.complete = h_req_done;
	ret = sbh_queue_cmd(h->host, &r.cmd);
	if (!ret) {
		for (waited = 0; !__atomic_load_n(&r.done, __ATOMIC_ACQUIRE); waited++) {
			if (waited > 200000) {	/* 4 s */
				fprintf(stderr, "harness: command never completed\n");
				abort();
			}
			usleep(20);
		}
		*result = r.cmd.result;
		if (!r.cmd.result && dir == DMA_FROM_DEVICE &&
		    !h_sgt_holds(&r.sgt, h->pattern)) {
			fprintf(stderr, "harness: read data lost\n");
			ret = -EIO;
		}
	}
	if (npages)
		h_sgt_free(&r.sgt);
	return ret;
}

/* The management pass-through with a page list of @npages pages. */
static int h_passthru(struct sbh_h *h, u8 op, unsigned int npages,
		      unsigned int len, enum dma_data_direction dir)
{
	struct sg_table sgt;
	u8 cdb[10] = { op };
	int ret;

	if (h_sgt(&sgt, npages, len)) {
		h_sgt_free(&sgt);
		return -ENOMEM;
	}
	ret = sbh_passthru(h->host, cdb, sizeof(cdb), &sgt, len, dir);
	h_sgt_free(&sgt);
	return ret;
}

/* ------------------------------------------------------------ scenarios */

/* Probe (INQUIRY through the internal command path), remove. */
static int scn_probe_remove(void)
{
	struct sbh_h h;
	int err;

	err = h_probe(&h, 2, 0);
	if (err)
		return h_probe_failed(&h, err);
	h_remove(&h);
	return h.fw_bad ? 1 : 0;
}

/* Reads, writes and a no-data command, block path and pass-through. */
static int h_io(u8 revision, unsigned int flags)
{
	static const struct {
		u8 op;
		unsigned int npages, len;
		enum dma_data_direction dir;
	} io[] = {
		{ 0x28, 4, 4 * PAGE_SIZE, DMA_FROM_DEVICE },	/* READ(10) */
		{ 0x2a, 8, 8 * PAGE_SIZE, DMA_TO_DEVICE },	/* WRITE(10) */
		{ 0x28, 1, 512, DMA_FROM_DEVICE },
		{ 0x2a, 3, 2 * PAGE_SIZE + 512, DMA_TO_DEVICE },
		{ 0x00, 0, 0, DMA_NONE },			/* TEST UNIT READY */
	};
	struct sbh_h h;
	unsigned int i;
	int err, ret = 0, res;

	err = h_probe(&h, revision, flags);
	if (err)
		return h_probe_failed(&h, err);
	for (i = 0; i < ARRAY_SIZE(io); i++) {
		res = -1;
		err = h_block_io(&h, io[i].op, io[i].npages, io[i].len,
				 io[i].dir, &res);
		if (!h_faulting() && (err || res)) {
			fprintf(stderr, "harness: block op 0x%02x: %d, result %d\n",
				io[i].op, err, res);
			ret = 1;
		}
		if (!io[i].npages)
			continue;
		err = h_passthru(&h, io[i].op, io[i].npages, io[i].len,
				 io[i].dir);
		if (!h_faulting() && err) {
			fprintf(stderr, "harness: pass-through 0x%02x: %d\n",
				io[i].op, err);
			ret = 1;
		}
	}
	h_remove(&h);
	return ret | (h.fw_bad ? 1 : 0);
}

/* Generation 2, direct mapping: every entry is its own segment. */
static int scn_io(void)
{
	return h_io(2, 0);
}

/* Generation 2 behind an IOMMU: page-aligned entries merge. */
static int scn_io_iommu(void)
{
	return h_io(2, DMART_IOMMU);
}

/* Generation 1 (4 GiB crossing check) behind an IOMMU. */
static int scn_gen1_iommu(void)
{
	return h_io(1, DMART_IOMMU);
}

/*
 * Error paths reachable from the API: commands the firmware fails, a list
 * with more segments than a frame holds, an oversized pass-through.
 */
static int scn_errors(void)
{
	struct sbh_h h;
	struct sg_table sgt;
	int err, ret = 0, res = 0;

	err = h_probe(&h, 2, 0);
	if (err)
		return h_probe_failed(&h, err);

	err = h_block_io(&h, H_OP_FAIL, 2, 2 * PAGE_SIZE, DMA_FROM_DEVICE, &res);
	if (!h_faulting() && (err || res != -EIO))
		ret = 1;
	err = h_passthru(&h, H_OP_FAIL, 2, 2 * PAGE_SIZE, DMA_TO_DEVICE);
	if (!h_faulting() && err != -EIO)
		ret = 1;

	/* 129 pages that do not merge: mapped, then refused. */
	err = h_block_io(&h, 0x28, SBH_MAX_SGE + 1, (SBH_MAX_SGE + 1) * PAGE_SIZE,
			 DMA_FROM_DEVICE, &res);
	if (!h_faulting() && err != -EINVAL)
		ret = 1;

	/* The pass-through refuses a list longer than a frame before mapping. */
	if (!h_sgt(&sgt, SBH_MAX_SGE + 1, (SBH_MAX_SGE + 1) * PAGE_SIZE)) {
		u8 cdb[10] = { 0x28 };

		if (sbh_passthru(h.host, cdb, sizeof(cdb), &sgt, 4096,
				 DMA_FROM_DEVICE) != -EINVAL)
			ret = 1;
	}
	h_sgt_free(&sgt);

	h_remove(&h);
	if (!h_faulting() && h.fw_cmds != 3)	/* INQUIRY and two failed */
		ret = 1;
	return ret | (h.fw_bad ? 1 : 0);
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "io", scn_io },
	{ "io-iommu", scn_io_iommu },
	{ "gen1-iommu", scn_gen1_iommu },
	{ "errors", scn_errors },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
