// SPDX-License-Identifier: GPL-2.0
/*
 * NVH PCIe flash controller: an NVMe-style host interface with one I/O
 * submission/completion queue pair in coherent memory.  The block front end
 * hands each read or write over as an array of page vectors; the driver
 * builds a scatterlist over them, maps it with dma_map_sg() and describes it
 * to the controller with PRP entries: PRP1 and PRP2 for up to two controller
 * pages, else PRP2 points to a PRP list from one of two dma_pools, a
 * 256-byte pool for lists of up to 32 entries and a page pool for longer
 * ones, chained through the last entry of each page (as
 * drivers/nvme/host/pci.c does with prp_small_pool and prp_page_pool).  One
 * list of each size is kept back at probe so that writeback still makes
 * progress when a GFP_ATOMIC allocation fails (as nvme-pci keeps one iod
 * back in its iod_mempool).  The interrupt handler reaps the completion
 * queue, unmaps the data and gives the PRP lists back.
 *
 * Fixed twin of bad.c: every PRP list page is tested for NULL before it is
 * written, the request setup unwind unmaps the scatterlist before freeing
 * it, the completion no longer syncs a mapping it has released, and the
 * pool setup unwind gives the spare list page back before destroying its
 * pool.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define DRV_NAME		"nvh"

#define NVH_CTRL_PAGE_SHIFT	12
#define NVH_CTRL_PAGE_SIZE	(1 << NVH_CTRL_PAGE_SHIFT)
#define NVH_SMALL_POOL_SIZE	256
#define NVH_MAX_NR_ALLOCATIONS	5
#define NVH_MAX_SEGS		1024
#define NVH_MAX_XFER		(4 << 20)	/* max_hw_sectors */
#define NVH_Q_DEPTH		64
#define NVH_LBA_SHIFT		9

/* Registers (BAR 0). */
#define NVH_REG_CC		0x0014
#define  NVH_CC_ENABLE		BIT(0)
#define NVH_REG_INTMS		0x000c
#define NVH_REG_INTMC		0x0010
#define NVH_REG_QSIZE		0x0024
#define NVH_REG_SQ_BASE		0x0028
#define NVH_REG_CQ_BASE		0x0030
#define NVH_REG_DBS		0x1000	/* SQ tail, then CQ head doorbell */

#define nvh_cmd_read		0x02
#define nvh_cmd_write		0x01

/* Completion status: bit 0 is the phase tag, then the status code. */
#define NVH_SC_ABORT_REQ	0x07
#define NVH_SC_HOST_ABORTED	0x371

struct nvh_command {
	__u8 opcode;
	__u8 flags;
	__u16 command_id;
	__le32 nsid;
	__le64 rsvd2;
	__le64 metadata;
	__le64 prp1;
	__le64 prp2;
	__le64 slba;
	__le16 length;
	__le16 control;
	__le32 dsmgmt;
	__le32 reftag;
	__le16 apptag;
	__le16 appmask;
};

struct nvh_completion {
	__le64 result;
	__le16 sq_head;
	__le16 sq_id;
	__u16 command_id;
	__le16 status;
};

#define NVH_SQ_SIZE	(NVH_Q_DEPTH * sizeof(struct nvh_command))
#define NVH_CQ_SIZE	(NVH_Q_DEPTH * sizeof(struct nvh_completion))

/* One page vector of a request, as the block layer's bio_vec. */
struct nvh_bvec {
	struct page *page;
	unsigned int len;
	unsigned int offset;
};

struct nvh_request {
	/* Set by the block front end. */
	const struct nvh_bvec *bvec;
	unsigned int nr_bvec;
	unsigned int len;
	u64 slba;
	bool write;
	void (*end_io)(struct nvh_request *rq, int error);
	void *end_io_data;

	/* Driver private, as the iod of nvme-pci. */
	u16 cid;
	struct scatterlist *sgl;
	int nents;
	enum dma_data_direction dir;
	int nr_allocations;	/* PRP list blocks: -1 none, 0 small pool */
	unsigned int dma_len;	/* single segment mapped with dma_map_page() */
	dma_addr_t first_dma;
	__le64 *list[NVH_MAX_NR_ALLOCATIONS];
};

struct nvh_dev;

struct nvh_queue {
	struct nvh_dev *dev;
	spinlock_t sq_lock;
	spinlock_t cq_lock;
	struct nvh_command *sq_cmds;
	dma_addr_t sq_dma_addr;
	struct nvh_completion *cqes;
	dma_addr_t cq_dma_addr;
	u32 __iomem *q_db;
	u16 q_depth;
	u16 sq_tail;
	u16 cq_head;
	u8 cq_phase;
	unsigned long cid_map[BITS_TO_LONGS(NVH_Q_DEPTH)];
	struct nvh_request *rqs[NVH_Q_DEPTH];
};

struct nvh_dev {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *bar;
	struct dma_pool *prp_page_pool;
	struct dma_pool *prp_small_pool;
	/* Spare PRP lists: [0] from the small pool, [1] from the page pool. */
	__le64 *prp_spare[2];
	dma_addr_t prp_spare_dma[2];
	unsigned long prp_spare_busy;
	struct nvh_queue ioq;
	u32 db_stride;
};

/* Entry point for the block front end. */
int nvh_queue_rq(struct nvh_dev *ndev, struct nvh_request *rq);

/* The spare list of pool @idx, if no other request has it. */
static __le64 *nvh_get_spare(struct nvh_dev *ndev, int idx, dma_addr_t *dma)
{
	if (test_and_set_bit(idx, &ndev->prp_spare_busy))
		return NULL;
	*dma = ndev->prp_spare_dma[idx];
	return ndev->prp_spare[idx];
}

static void nvh_put_prp_list(struct nvh_dev *ndev, struct dma_pool *pool,
			     int idx, __le64 *prp_list, dma_addr_t dma_addr)
{
	if (prp_list == ndev->prp_spare[idx]) {
		clear_bit(idx, &ndev->prp_spare_busy);
		return;
	}
	dma_pool_free(pool, prp_list, dma_addr);
}

static void nvh_free_prps(struct nvh_dev *ndev, struct nvh_request *rq)
{
	const int last_prp = NVH_CTRL_PAGE_SIZE / sizeof(__le64) - 1;
	dma_addr_t dma_addr = rq->first_dma;
	int i;

	if (rq->nr_allocations == 0) {
		nvh_put_prp_list(ndev, ndev->prp_small_pool, 0, rq->list[0],
				 dma_addr);
		rq->nr_allocations = -1;
		return;
	}

	for (i = 0; i < rq->nr_allocations; i++) {
		__le64 *prp_list = rq->list[i];
		dma_addr_t next_dma_addr = le64_to_cpu(prp_list[last_prp]);

		nvh_put_prp_list(ndev, ndev->prp_page_pool, 1, prp_list,
				 dma_addr);
		dma_addr = next_dma_addr;
	}
	rq->nr_allocations = -1;
}

/*
 * Describe the mapped scatterlist with PRP entries.  Every segment but the
 * first must start on a controller page and every one but the last end on
 * one: the block layer's queue limits ask for that.
 */
static int nvh_setup_prps(struct nvh_dev *ndev, struct nvh_request *rq,
			  struct nvh_command *cmnd)
{
	struct scatterlist *sg = rq->sgl;
	int dma_len = sg_dma_len(sg);
	u64 dma_addr = sg_dma_address(sg);
	int length = rq->len;
	int offset = dma_addr & (NVH_CTRL_PAGE_SIZE - 1);
	struct dma_pool *pool;
	__le64 *prp_list;
	dma_addr_t prp_dma;
	int nprps, i;

	length -= (NVH_CTRL_PAGE_SIZE - offset);
	if (length <= 0) {
		rq->first_dma = 0;
		goto done;
	}

	dma_len -= (NVH_CTRL_PAGE_SIZE - offset);
	if (dma_len) {
		dma_addr += (NVH_CTRL_PAGE_SIZE - offset);
	} else {
		sg = sg_next(sg);
		dma_addr = sg_dma_address(sg);
		dma_len = sg_dma_len(sg);
	}

	if (length <= NVH_CTRL_PAGE_SIZE) {
		rq->first_dma = dma_addr;
		goto done;
	}

	nprps = DIV_ROUND_UP(length, NVH_CTRL_PAGE_SIZE);
	if (nprps <= (NVH_SMALL_POOL_SIZE / 8)) {
		pool = ndev->prp_small_pool;
		rq->nr_allocations = 0;
	} else {
		pool = ndev->prp_page_pool;
		rq->nr_allocations = 1;
	}

	prp_list = dma_pool_alloc(pool, GFP_ATOMIC, &prp_dma);
	if (!prp_list)
		prp_list = nvh_get_spare(ndev, rq->nr_allocations, &prp_dma);
	if (!prp_list) {
		rq->nr_allocations = -1;
		return -ENOMEM;
	}
	rq->list[0] = prp_list;
	rq->first_dma = prp_dma;
	i = 0;
	for (;;) {
		if (i == NVH_CTRL_PAGE_SIZE >> 3) {
			__le64 *old_prp_list = prp_list;

			prp_list = dma_pool_alloc(pool, GFP_ATOMIC, &prp_dma);
			if (!prp_list)
				goto free_prps;
			rq->list[rq->nr_allocations++] = prp_list;
			prp_list[0] = old_prp_list[i - 1];
			old_prp_list[i - 1] = cpu_to_le64(prp_dma);
			i = 1;
		}
		prp_list[i++] = cpu_to_le64(dma_addr);
		dma_len -= NVH_CTRL_PAGE_SIZE;
		dma_addr += NVH_CTRL_PAGE_SIZE;
		length -= NVH_CTRL_PAGE_SIZE;
		if (length <= 0)
			break;
		if (dma_len > 0)
			continue;
		if (unlikely(dma_len < 0))
			goto bad_sgl;
		sg = sg_next(sg);
		dma_addr = sg_dma_address(sg);
		dma_len = sg_dma_len(sg);
	}
done:
	cmnd->prp1 = cpu_to_le64(sg_dma_address(rq->sgl));
	cmnd->prp2 = cpu_to_le64(rq->first_dma);
	return 0;

free_prps:
	nvh_free_prps(ndev, rq);
	return -ENOMEM;
bad_sgl:
	dev_err_ratelimited(ndev->dev, "invalid SGL for payload %u nents %d\n",
			    rq->len, rq->nents);
	nvh_free_prps(ndev, rq);
	return -EIO;
}

/* One segment of at most two controller pages: no scatterlist, no list. */
static int nvh_setup_prp_simple(struct nvh_dev *ndev, struct nvh_request *rq,
				struct nvh_command *cmnd,
				const struct nvh_bvec *bv)
{
	unsigned int offset = bv->offset & (NVH_CTRL_PAGE_SIZE - 1);
	unsigned int first_prp_len = NVH_CTRL_PAGE_SIZE - offset;

	rq->first_dma = dma_map_page(ndev->dev, bv->page, bv->offset, bv->len,
				     rq->dir);
	if (dma_mapping_error(ndev->dev, rq->first_dma))
		return -ENOMEM;
	rq->dma_len = bv->len;

	cmnd->prp1 = cpu_to_le64(rq->first_dma);
	if (bv->len > first_prp_len)
		cmnd->prp2 = cpu_to_le64(rq->first_dma + first_prp_len);
	else
		cmnd->prp2 = 0;
	return 0;
}

static int nvh_map_data(struct nvh_dev *ndev, struct nvh_request *rq,
			struct nvh_command *cmnd)
{
	unsigned int i;
	int nr_mapped, ret;

	if (!rq->nr_bvec || rq->nr_bvec > NVH_MAX_SEGS)
		return -EINVAL;
	rq->dir = rq->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	rq->nr_allocations = -1;
	rq->dma_len = 0;

	if (rq->nr_bvec == 1) {
		const struct nvh_bvec *bv = &rq->bvec[0];

		if (bv->offset + bv->len <= NVH_CTRL_PAGE_SIZE * 2)
			return nvh_setup_prp_simple(ndev, rq, cmnd, bv);
	}

	rq->sgl = kmalloc_array(rq->nr_bvec, sizeof(*rq->sgl), GFP_ATOMIC);
	if (!rq->sgl)
		return -ENOMEM;
	sg_init_table(rq->sgl, rq->nr_bvec);
	for (i = 0; i < rq->nr_bvec; i++)
		sg_set_page(&rq->sgl[i], rq->bvec[i].page, rq->bvec[i].len,
			    rq->bvec[i].offset);
	rq->nents = rq->nr_bvec;

	nr_mapped = dma_map_sg(ndev->dev, rq->sgl, rq->nents, rq->dir);
	if (!nr_mapped) {
		ret = -ENOMEM;
		goto out_free_sg;
	}

	ret = nvh_setup_prps(ndev, rq, cmnd);
	if (ret)
		goto out_unmap_sg;
	return 0;

out_unmap_sg:
	dma_unmap_sg(ndev->dev, rq->sgl, rq->nents, rq->dir);
out_free_sg:
	kfree(rq->sgl);
	rq->sgl = NULL;
	return ret;
}

static int nvh_get_cid(struct nvh_queue *nvmeq)
{
	int cid;

	for (cid = 0; cid < nvmeq->q_depth; cid++)
		if (!test_and_set_bit(cid, nvmeq->cid_map))
			return cid;
	return -EBUSY;
}

static void nvh_put_cid(struct nvh_queue *nvmeq, u16 cid)
{
	nvmeq->rqs[cid] = NULL;
	clear_bit(cid, nvmeq->cid_map);
}

static void nvh_sq_copy_cmd(struct nvh_queue *nvmeq, struct nvh_command *cmd)
{
	memcpy(&nvmeq->sq_cmds[nvmeq->sq_tail], cmd, sizeof(*cmd));
	if (++nvmeq->sq_tail == nvmeq->q_depth)
		nvmeq->sq_tail = 0;
	writel(nvmeq->sq_tail, nvmeq->q_db);
}

int nvh_queue_rq(struct nvh_dev *ndev, struct nvh_request *rq)
{
	struct nvh_queue *nvmeq = &ndev->ioq;
	struct nvh_command cmnd = { };
	unsigned long flags;
	int cid, ret;

	if (!rq->len || rq->len > NVH_MAX_XFER ||
	    rq->len & ((1 << NVH_LBA_SHIFT) - 1))
		return -EINVAL;

	cid = nvh_get_cid(nvmeq);
	if (cid < 0)
		return cid;
	rq->cid = cid;

	ret = nvh_map_data(ndev, rq, &cmnd);
	if (ret) {
		nvh_put_cid(nvmeq, cid);
		return ret;
	}

	cmnd.opcode = rq->write ? nvh_cmd_write : nvh_cmd_read;
	cmnd.command_id = cid;
	cmnd.nsid = cpu_to_le32(1);
	cmnd.slba = cpu_to_le64(rq->slba);
	cmnd.length = cpu_to_le16((rq->len >> NVH_LBA_SHIFT) - 1);

	spin_lock_irqsave(&nvmeq->sq_lock, flags);
	nvmeq->rqs[cid] = rq;
	nvh_sq_copy_cmd(nvmeq, &cmnd);
	spin_unlock_irqrestore(&nvmeq->sq_lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(nvh_queue_rq);

static void nvh_unmap_data(struct nvh_dev *ndev, struct nvh_request *rq)
{
	if (rq->dma_len) {
		dma_unmap_page(ndev->dev, rq->first_dma, rq->dma_len, rq->dir);
		return;
	}

	dma_unmap_sg(ndev->dev, rq->sgl, rq->nents, rq->dir);
	if (rq->nr_allocations >= 0)
		nvh_free_prps(ndev, rq);
	kfree(rq->sgl);
	rq->sgl = NULL;
}

static void nvh_complete_rq(struct nvh_queue *nvmeq, struct nvh_request *rq,
			    u16 status)
{
	struct nvh_dev *ndev = nvmeq->dev;

	nvh_unmap_data(ndev, rq);

	rq->end_io(rq, status ? -EIO : 0);
}

static inline bool nvh_cqe_pending(struct nvh_queue *nvmeq)
{
	struct nvh_completion *hcqe = &nvmeq->cqes[nvmeq->cq_head];

	return (le16_to_cpu(READ_ONCE(hcqe->status)) & 1) == nvmeq->cq_phase;
}

static void nvh_handle_cqe(struct nvh_queue *nvmeq, u16 idx)
{
	struct nvh_completion *cqe = &nvmeq->cqes[idx];
	u16 cid = cqe->command_id;
	struct nvh_request *rq;

	if (cid >= nvmeq->q_depth || !nvmeq->rqs[cid]) {
		dev_warn(nvmeq->dev->dev, "invalid id %d completed\n", cid);
		return;
	}
	rq = nvmeq->rqs[cid];
	nvh_put_cid(nvmeq, cid);
	nvh_complete_rq(nvmeq, rq, le16_to_cpu(cqe->status) >> 1);
}

static irqreturn_t nvh_irq(int irq, void *data)
{
	struct nvh_queue *nvmeq = data;
	bool found = false;

	spin_lock(&nvmeq->cq_lock);
	while (nvh_cqe_pending(nvmeq)) {
		found = true;
		dma_rmb();
		nvh_handle_cqe(nvmeq, nvmeq->cq_head);
		if (++nvmeq->cq_head == nvmeq->q_depth) {
			nvmeq->cq_head = 0;
			nvmeq->cq_phase ^= 1;
		}
	}
	if (found)
		writel(nvmeq->cq_head, nvmeq->q_db + nvmeq->dev->db_stride);
	spin_unlock(&nvmeq->cq_lock);
	return found ? IRQ_HANDLED : IRQ_NONE;
}

/* The controller is disabled: give back what it will never complete. */
static void nvh_cancel_requests(struct nvh_queue *nvmeq)
{
	struct nvh_request *rq;
	int cid;

	for (cid = 0; cid < nvmeq->q_depth; cid++) {
		rq = nvmeq->rqs[cid];
		if (!rq)
			continue;
		nvh_put_cid(nvmeq, cid);
		nvh_complete_rq(nvmeq, rq, NVH_SC_HOST_ABORTED);
	}
}

static int nvh_setup_prp_pools(struct nvh_dev *ndev)
{
	struct dma_pool *page_pool, *small_pool;
	__le64 *page_spare, *small_spare;

	page_pool = dma_pool_create("prp list page", ndev->dev,
				    NVH_CTRL_PAGE_SIZE, NVH_CTRL_PAGE_SIZE, 0);
	if (!page_pool)
		return -ENOMEM;

	/* Optimisation for I/Os between 8k and 128k */
	small_pool = dma_pool_create("prp list 256", ndev->dev,
				     NVH_SMALL_POOL_SIZE, NVH_SMALL_POOL_SIZE, 0);
	if (!small_pool)
		goto destroy_page_pool;

	/* One list of each size kept back for when GFP_ATOMIC fails. */
	page_spare = dma_pool_alloc(page_pool, GFP_KERNEL,
				    &ndev->prp_spare_dma[1]);
	if (!page_spare)
		goto destroy_small_pool;
	small_spare = dma_pool_alloc(small_pool, GFP_KERNEL,
				     &ndev->prp_spare_dma[0]);
	if (!small_spare)
		goto free_page_spare;

	ndev->prp_page_pool = page_pool;
	ndev->prp_small_pool = small_pool;
	ndev->prp_spare[0] = small_spare;
	ndev->prp_spare[1] = page_spare;
	ndev->prp_spare_busy = 0;
	return 0;

free_page_spare:
	dma_pool_free(page_pool, page_spare, ndev->prp_spare_dma[1]);
destroy_small_pool:
	dma_pool_destroy(small_pool);
destroy_page_pool:
	dma_pool_destroy(page_pool);
	return -ENOMEM;
}

static void nvh_release_prp_pools(struct nvh_dev *ndev)
{
	dma_pool_free(ndev->prp_small_pool, ndev->prp_spare[0],
		      ndev->prp_spare_dma[0]);
	dma_pool_free(ndev->prp_page_pool, ndev->prp_spare[1],
		      ndev->prp_spare_dma[1]);
	dma_pool_destroy(ndev->prp_page_pool);
	dma_pool_destroy(ndev->prp_small_pool);
}

static int nvh_alloc_queue(struct nvh_dev *ndev)
{
	struct nvh_queue *nvmeq = &ndev->ioq;

	nvmeq->cqes = dma_alloc_coherent(ndev->dev, NVH_CQ_SIZE,
					 &nvmeq->cq_dma_addr, GFP_KERNEL);
	if (!nvmeq->cqes)
		return -ENOMEM;

	nvmeq->sq_cmds = dma_alloc_coherent(ndev->dev, NVH_SQ_SIZE,
					    &nvmeq->sq_dma_addr, GFP_KERNEL);
	if (!nvmeq->sq_cmds)
		goto free_cqdma;

	nvmeq->dev = ndev;
	spin_lock_init(&nvmeq->sq_lock);
	spin_lock_init(&nvmeq->cq_lock);
	nvmeq->q_depth = NVH_Q_DEPTH;
	nvmeq->q_db = ndev->bar + NVH_REG_DBS;
	nvmeq->sq_tail = 0;
	nvmeq->cq_head = 0;
	nvmeq->cq_phase = 1;
	return 0;

free_cqdma:
	dma_free_coherent(ndev->dev, NVH_CQ_SIZE, nvmeq->cqes,
			  nvmeq->cq_dma_addr);
	return -ENOMEM;
}

static void nvh_free_queue(struct nvh_dev *ndev)
{
	struct nvh_queue *nvmeq = &ndev->ioq;

	dma_free_coherent(ndev->dev, NVH_SQ_SIZE, nvmeq->sq_cmds,
			  nvmeq->sq_dma_addr);
	dma_free_coherent(ndev->dev, NVH_CQ_SIZE, nvmeq->cqes,
			  nvmeq->cq_dma_addr);
}

static void nvh_enable_ctrl(struct nvh_dev *ndev)
{
	struct nvh_queue *nvmeq = &ndev->ioq;

	writel(nvmeq->q_depth - 1, ndev->bar + NVH_REG_QSIZE);
	lo_hi_writeq(nvmeq->sq_dma_addr, ndev->bar + NVH_REG_SQ_BASE);
	lo_hi_writeq(nvmeq->cq_dma_addr, ndev->bar + NVH_REG_CQ_BASE);
	writel(NVH_CC_ENABLE, ndev->bar + NVH_REG_CC);
	writel(~0u, ndev->bar + NVH_REG_INTMC);
}

static void nvh_disable_ctrl(struct nvh_dev *ndev)
{
	writel(~0u, ndev->bar + NVH_REG_INTMS);
	writel(0, ndev->bar + NVH_REG_CC);
}

static int nvh_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvh_dev *ndev;
	int ret;

	ndev = devm_kzalloc(&pdev->dev, sizeof(*ndev), GFP_KERNEL);
	if (!ndev)
		return -ENOMEM;
	ndev->pdev = pdev;
	ndev->dev = &pdev->dev;
	ndev->db_stride = 1;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	dma_set_max_seg_size(&pdev->dev, 0xffffffff);

	ndev->bar = pcim_iomap(pdev, 0, 0);
	if (!ndev->bar)
		return -ENOMEM;
	writel(~0u, ndev->bar + NVH_REG_INTMS);

	ret = nvh_setup_prp_pools(ndev);
	if (ret)
		return ret;

	ret = nvh_alloc_queue(ndev);
	if (ret)
		goto release_pools;

	ret = request_irq(pdev->irq, nvh_irq, IRQF_SHARED, DRV_NAME,
			  &ndev->ioq);
	if (ret)
		goto free_queue;

	pci_set_drvdata(pdev, ndev);
	nvh_enable_ctrl(ndev);
	return 0;

free_queue:
	nvh_free_queue(ndev);
release_pools:
	nvh_release_prp_pools(ndev);
	return ret;
}

static void nvh_remove(struct pci_dev *pdev)
{
	struct nvh_dev *ndev = pci_get_drvdata(pdev);

	nvh_disable_ctrl(ndev);
	free_irq(pdev->irq, &ndev->ioq);
	nvh_cancel_requests(&ndev->ioq);
	nvh_free_queue(ndev);
	nvh_release_prp_pools(ndev);
}

static const struct pci_device_id nvh_id_table[] = {
	{ PCI_DEVICE(0x1d1d, 0x2807) },
	{ }
};
MODULE_DEVICE_TABLE(pci, nvh_id_table);

static struct pci_driver nvh_driver = {
	.name		= DRV_NAME,
	.id_table	= nvh_id_table,
	.probe		= nvh_probe,
	.remove		= nvh_remove,
};
module_pci_driver(nvh_driver);

MODULE_DESCRIPTION("NVH PCIe flash controller");
MODULE_LICENSE("GPL");
