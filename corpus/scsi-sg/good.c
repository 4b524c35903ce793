// SPDX-License-Identifier: GPL-2.0
/*
 * SBH PCI storage host adapter: commands carry a scatterlist of data pages
 * that is mapped with dma_map_sg(), turned into the controller's SG element
 * list (in a dma_pool chunk per command) and unmapped on completion.  Internal
 * commands (INQUIRY, cache flush) run synchronously on a kmalloc'ed buffer;
 * a pass-through path maps user pages handed over by the char device.
 *
 * Fixed twin of bad.c: every dma_map_sg() count is tested for 0, the mapped
 * list is walked with the count dma_map_sg() returned, and dma_unmap_sg() is
 * given the nents that was passed to dma_map_sg().
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/spinlock.h>

#define DRV_NAME		"sbh"

#define SBH_MAX_TAGS		64
#define SBH_MAX_SGE		128
#define SBH_CMD_TIMEOUT		(30 * HZ)

/* Registers (BAR 0). */
#define SBH_REG_DOORBELL	0x00
#define SBH_REG_CMD_ADDR	0x08
#define SBH_REG_STATUS		0x10
#define SBH_REG_DONE_TAG	0x14
#define SBH_REG_IRQ_MASK	0x18
#define SBH_REG_ABORT		0x1c
#define  SBH_STATUS_DONE	BIT(0)
#define  SBH_STATUS_ERR		BIT(1)

/* SG element flags. */
#define SBH_SGE_LAST		BIT(31)
#define SBH_SGE_SYSTEM		BIT(30)	/* gen2: host memory, not on-chip */
#define SBH_SGE_LEN_MASK	GENMASK(23, 0)

#define SBH_DIR_NONE		0
#define SBH_DIR_READ		1
#define SBH_DIR_WRITE		2

struct sbh_sge {
	__le64 addr;
	__le32 len_flags;
	__le32 rsvd;
};

/* Command frame, the head of each dma_pool chunk, followed by its SGEs. */
struct sbh_frame {
	u8 cdb[16];
	__le16 tag;
	u8 dir;
	u8 cdb_len;
	__le32 xfer_len;
	__le16 nsge;
	__le16 rsvd[3];
	struct sbh_sge sge[SBH_MAX_SGE];
};

struct sbh_cmd {
	unsigned int tag;
	u8 cdb[16];
	unsigned int cdb_len;
	struct scatterlist *sgl;
	int nents;		/* CPU entries in sgl */
	int nseg;		/* DMA segments dma_map_sg() produced */
	enum dma_data_direction dir;
	unsigned int xfer_len;
	struct sbh_frame *frame;
	dma_addr_t frame_dma;
	int result;
	struct completion done;
	void (*complete)(struct sbh_cmd *cmd);
};

/* Generation specific parts of the firmware interface. */
struct sbh_hw_ops {
	void (*build_sgl)(struct sbh_frame *frame, struct scatterlist *sgl,
			  int nseg);
};

struct sbh_host {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;
	const struct sbh_hw_ops *ops;
	bool no_4g_cross;	/* gen1: an element must not cross 4 GiB */
	struct dma_pool *frame_pool;
	spinlock_t lock;
	struct sbh_cmd *active[SBH_MAX_TAGS];
	unsigned long tag_map;
};

/* Entry points for the block front end and the management char device. */
int sbh_queue_cmd(struct sbh_host *host, struct sbh_cmd *cmd);
int sbh_passthru(struct sbh_host *host, const u8 *cdb, unsigned int cdb_len,
		 struct sg_table *sgt, unsigned int len,
		 enum dma_data_direction dir);

static int sbh_get_tag(struct sbh_host *host)
{
	unsigned int tag;

	for (tag = 0; tag < SBH_MAX_TAGS; tag++) {
		if (!(host->tag_map & BIT(tag))) {
			host->tag_map |= BIT(tag);
			return tag;
		}
	}
	return -EBUSY;
}

static void sbh_put_tag(struct sbh_host *host, unsigned int tag)
{
	host->tag_map &= ~BIT(tag);
	host->active[tag] = NULL;
}

static u8 sbh_hw_dir(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_TO_DEVICE:
		return SBH_DIR_WRITE;
	case DMA_FROM_DEVICE:
		return SBH_DIR_READ;
	default:
		return SBH_DIR_NONE;
	}
}

static void sbh_gen1_build_sgl(struct sbh_frame *frame,
			       struct scatterlist *sgl, int nseg)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nseg, i) {
		frame->sge[i].addr = cpu_to_le64(sg_dma_address(sg));
		frame->sge[i].len_flags = cpu_to_le32(sg_dma_len(sg) &
						      SBH_SGE_LEN_MASK);
	}
	frame->sge[nseg - 1].len_flags |= cpu_to_le32(SBH_SGE_LAST);
	frame->nsge = cpu_to_le16(nseg);
}

static void sbh_gen2_build_sgl(struct sbh_frame *frame,
			       struct scatterlist *sgl, int nseg)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nseg, i) {
		frame->sge[i].addr = cpu_to_le64(sg_dma_address(sg));
		frame->sge[i].len_flags = cpu_to_le32(SBH_SGE_SYSTEM |
						      (sg_dma_len(sg) &
						       SBH_SGE_LEN_MASK));
	}
	frame->sge[nseg - 1].len_flags |= cpu_to_le32(SBH_SGE_LAST);
	frame->nsge = cpu_to_le16(nseg);
}

static const struct sbh_hw_ops sbh_gen1_ops = {
	.build_sgl	= sbh_gen1_build_sgl,
};

static const struct sbh_hw_ops sbh_gen2_ops = {
	.build_sgl	= sbh_gen2_build_sgl,
};

/*
 * Map the data of @cmd and build its SG element list.  Only the first
 * dma_map_sg() entries carry a DMA address: an IOMMU may have merged some.
 */
static int sbh_map_data(struct sbh_host *host, struct sbh_cmd *cmd)
{
	struct scatterlist *sg;
	int nseg, i;

	if (!cmd->nents) {
		cmd->frame->nsge = 0;
		return 0;
	}

	nseg = dma_map_sg(host->dev, cmd->sgl, cmd->nents, cmd->dir);
	if (!nseg)
		return -ENOMEM;
	if (nseg > SBH_MAX_SGE)
		goto err_unmap;

	if (host->no_4g_cross) {
		for_each_sg(cmd->sgl, sg, nseg, i) {
			dma_addr_t start = sg_dma_address(sg);
			dma_addr_t end = start + sg_dma_len(sg) - 1;

			if (upper_32_bits(start) != upper_32_bits(end)) {
				dev_err(host->dev, "segment %d crosses 4G\n", i);
				goto err_unmap;
			}
		}
	}

	host->ops->build_sgl(cmd->frame, cmd->sgl, nseg);
	cmd->nseg = nseg;
	return 0;

err_unmap:
	dma_unmap_sg(host->dev, cmd->sgl, cmd->nents, cmd->dir);
	return -EINVAL;
}

static void sbh_unmap_data(struct sbh_host *host, struct sbh_cmd *cmd)
{
	if (cmd->nseg)
		dma_unmap_sg(host->dev, cmd->sgl, cmd->nents, cmd->dir);
	cmd->nseg = 0;
}

int sbh_queue_cmd(struct sbh_host *host, struct sbh_cmd *cmd)
{
	struct sbh_frame *frame;
	unsigned long flags;
	int tag, ret;

	frame = dma_pool_zalloc(host->frame_pool, GFP_ATOMIC, &cmd->frame_dma);
	if (!frame)
		return -ENOMEM;
	cmd->frame = frame;
	cmd->nseg = 0;

	ret = sbh_map_data(host, cmd);
	if (ret)
		goto err_free_frame;

	spin_lock_irqsave(&host->lock, flags);
	tag = sbh_get_tag(host);
	if (tag < 0) {
		spin_unlock_irqrestore(&host->lock, flags);
		ret = tag;
		goto err_unmap;
	}
	cmd->tag = tag;
	host->active[tag] = cmd;

	memcpy(frame->cdb, cmd->cdb, sizeof(frame->cdb));
	frame->cdb_len = cmd->cdb_len;
	frame->tag = cpu_to_le16(tag);
	frame->dir = sbh_hw_dir(cmd->dir);
	frame->xfer_len = cpu_to_le32(cmd->xfer_len);
	wmb();
	lo_hi_writeq(cmd->frame_dma, host->regs + SBH_REG_CMD_ADDR);
	writel(tag, host->regs + SBH_REG_DOORBELL);
	spin_unlock_irqrestore(&host->lock, flags);
	return 0;

err_unmap:
	sbh_unmap_data(host, cmd);
err_free_frame:
	dma_pool_free(host->frame_pool, frame, cmd->frame_dma);
	cmd->frame = NULL;
	return ret;
}
EXPORT_SYMBOL_GPL(sbh_queue_cmd);

static void sbh_complete_cmd(struct sbh_host *host, struct sbh_cmd *cmd,
			     u32 status)
{
	sbh_unmap_data(host, cmd);
	if (cmd->complete)	/* a sync command's issuer frees its frame */
		dma_pool_free(host->frame_pool, cmd->frame, cmd->frame_dma);
	cmd->result = (status & SBH_STATUS_ERR) ? -EIO : 0;
	if (cmd->complete)
		cmd->complete(cmd);
	else
		complete(&cmd->done);
}

static irqreturn_t sbh_interrupt(int irq, void *dev_id)
{
	struct sbh_host *host = dev_id;
	struct sbh_cmd *cmd;
	u32 status, tag;

	status = readl(host->regs + SBH_REG_STATUS);
	if (!(status & SBH_STATUS_DONE))
		return IRQ_NONE;

	spin_lock(&host->lock);
	tag = readl(host->regs + SBH_REG_DONE_TAG);
	writel(status, host->regs + SBH_REG_STATUS);
	cmd = tag < SBH_MAX_TAGS ? host->active[tag] : NULL;
	if (!cmd) {
		spin_unlock(&host->lock);
		dev_warn(host->dev, "completion for idle tag %u\n", tag);
		return IRQ_HANDLED;
	}
	sbh_put_tag(host, tag);
	spin_unlock(&host->lock);

	sbh_complete_cmd(host, cmd, status);
	return IRQ_HANDLED;
}

/*
 * Issue a prepared frame and wait for its interrupt: internal commands and
 * the management pass-through, which have no block request behind them.
 */
static int sbh_issue_sync(struct sbh_host *host, struct sbh_cmd *cmd)
{
	struct sbh_frame *frame = cmd->frame;
	unsigned long flags;
	int tag, ret;

	init_completion(&cmd->done);
	cmd->complete = NULL;

	spin_lock_irqsave(&host->lock, flags);
	tag = sbh_get_tag(host);
	if (tag < 0) {
		spin_unlock_irqrestore(&host->lock, flags);
		return tag;
	}
	cmd->tag = tag;
	host->active[tag] = cmd;
	memcpy(frame->cdb, cmd->cdb, sizeof(frame->cdb));
	frame->cdb_len = cmd->cdb_len;
	frame->tag = cpu_to_le16(tag);
	frame->dir = sbh_hw_dir(cmd->dir);
	frame->xfer_len = cpu_to_le32(cmd->xfer_len);
	wmb();
	lo_hi_writeq(cmd->frame_dma, host->regs + SBH_REG_CMD_ADDR);
	writel(tag, host->regs + SBH_REG_DOORBELL);
	spin_unlock_irqrestore(&host->lock, flags);

	if (wait_for_completion_timeout(&cmd->done, SBH_CMD_TIMEOUT))
		return cmd->result;

	dev_err(host->dev, "command 0x%02x timed out\n", cmd->cdb[0]);
	ret = -ETIMEDOUT;
	spin_lock_irqsave(&host->lock, flags);
	sbh_put_tag(host, tag);
	/* The firmware drops a tag it is told to abort; the frame is ours. */
	writel(tag, host->regs + SBH_REG_ABORT);
	spin_unlock_irqrestore(&host->lock, flags);
	return ret;
}

/*
 * Internal commands (INQUIRY at probe, SYNCHRONIZE CACHE at shutdown): a
 * one-entry list on the caller's kmalloc'ed buffer.
 */
static int sbh_exec_internal(struct sbh_host *host, const u8 *cdb,
			     unsigned int cdb_len, void *buf, unsigned int len,
			     enum dma_data_direction dir)
{
	struct scatterlist sg;
	struct sbh_frame *frame;
	struct sbh_cmd *cmd;
	int count, ret;

	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	memcpy(cmd->cdb, cdb, cdb_len);
	cmd->cdb_len = cdb_len;
	cmd->dir = dir;
	cmd->xfer_len = len;

	frame = dma_pool_zalloc(host->frame_pool, GFP_KERNEL, &cmd->frame_dma);
	if (!frame) {
		ret = -ENOMEM;
		goto out_free_cmd;
	}
	cmd->frame = frame;

	sg_init_one(&sg, buf, len);
	count = dma_map_sg(host->dev, &sg, 1, dir);
	if (count != 1) {
		ret = -ENOMEM;
		goto out_free_frame;
	}
	host->ops->build_sgl(frame, &sg, count);

	ret = sbh_issue_sync(host, cmd);

	dma_unmap_sg(host->dev, &sg, 1, dir);
out_free_frame:
	dma_pool_free(host->frame_pool, frame, cmd->frame_dma);
out_free_cmd:
	kfree(cmd);
	return ret;
}

static int sbh_inquiry(struct sbh_host *host)
{
	static const u8 inquiry[6] = { 0x12, 0, 0, 0, 96, 0 };
	u8 *buf;
	int ret;

	buf = kzalloc(96, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = sbh_exec_internal(host, inquiry, sizeof(inquiry), buf, 96,
				DMA_FROM_DEVICE);
	if (!ret)
		dev_info(host->dev, "%.8s %.16s\n", buf + 8, buf + 16);
	kfree(buf);
	return ret;
}

/*
 * Management pass-through: the char device pinned the user pages and built
 * @sgt over them.  The firmware takes the SG list inline in the frame.
 */
int sbh_passthru(struct sbh_host *host, const u8 *cdb,
			unsigned int cdb_len, struct sg_table *sgt,
			unsigned int len, enum dma_data_direction dir)
{
	struct sbh_frame *frame;
	struct sbh_cmd *cmd;
	int count, ret;

	if (cdb_len > sizeof(cmd->cdb) || sgt->orig_nents > SBH_MAX_SGE)
		return -EINVAL;

	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	memcpy(cmd->cdb, cdb, cdb_len);
	cmd->cdb_len = cdb_len;
	cmd->dir = dir;
	cmd->xfer_len = len;

	frame = dma_pool_zalloc(host->frame_pool, GFP_KERNEL, &cmd->frame_dma);
	if (!frame) {
		ret = -ENOMEM;
		goto out_free_cmd;
	}
	cmd->frame = frame;

	count = dma_map_sg(host->dev, sgt->sgl, sgt->orig_nents, dir);
	if (!count) {
		ret = -ENOMEM;
		goto out_free_frame;
	}

	host->ops->build_sgl(frame, sgt->sgl, count);

	ret = sbh_issue_sync(host, cmd);

	dma_unmap_sg(host->dev, sgt->sgl, sgt->orig_nents, dir);
out_free_frame:
	dma_pool_free(host->frame_pool, frame, cmd->frame_dma);
out_free_cmd:
	kfree(cmd);
	return ret;
}
EXPORT_SYMBOL_GPL(sbh_passthru);

static int sbh_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sbh_host *host;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	dma_set_max_seg_size(&pdev->dev, SBH_SGE_LEN_MASK);

	host = devm_kzalloc(&pdev->dev, sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->pdev = pdev;
	host->dev = &pdev->dev;
	if (pdev->revision >= 2) {
		host->ops = &sbh_gen2_ops;
	} else {
		host->ops = &sbh_gen1_ops;
		host->no_4g_cross = true;
	}
	spin_lock_init(&host->lock);

	host->regs = pcim_iomap(pdev, 0, 0);
	if (!host->regs)
		return -ENOMEM;
	writel(0, host->regs + SBH_REG_IRQ_MASK);

	host->frame_pool = dma_pool_create(DRV_NAME, &pdev->dev,
					   sizeof(struct sbh_frame), 64, 0);
	if (!host->frame_pool)
		return -ENOMEM;

	ret = request_irq(pdev->irq, sbh_interrupt, IRQF_SHARED, DRV_NAME, host);
	if (ret)
		goto err_pool;
	writel(~0u, host->regs + SBH_REG_IRQ_MASK);

	ret = sbh_inquiry(host);
	if (ret)
		goto err_irq;

	pci_set_drvdata(pdev, host);
	return 0;

err_irq:
	writel(0, host->regs + SBH_REG_IRQ_MASK);
	free_irq(pdev->irq, host);
err_pool:
	dma_pool_destroy(host->frame_pool);
	return ret;
}

static void sbh_remove(struct pci_dev *pdev)
{
	struct sbh_host *host = pci_get_drvdata(pdev);

	writel(0, host->regs + SBH_REG_IRQ_MASK);
	free_irq(pdev->irq, host);
	dma_pool_destroy(host->frame_pool);
}

static const struct pci_device_id sbh_pci_tbl[] = {
	{ PCI_DEVICE(0x1d18, 0x0200) },
	{ }
};
MODULE_DEVICE_TABLE(pci, sbh_pci_tbl);

static struct pci_driver sbh_driver = {
	.name		= DRV_NAME,
	.id_table	= sbh_pci_tbl,
	.probe		= sbh_probe,
	.remove		= sbh_remove,
};
module_pci_driver(sbh_driver);

MODULE_DESCRIPTION("SBH PCI storage host adapter");
MODULE_LICENSE("GPL");
