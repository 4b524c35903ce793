// SPDX-License-Identifier: GPL-2.0
/*
 * OFL PCIe CRC/fill offload engine: the host posts 32-byte commands into a
 * ring in coherent memory and rings a doorbell; the engine fetches them,
 * reads and writes host memory by DMA and reports each completion in a
 * status block (coherent too), then interrupts.  The engine does 64-bit DMA;
 * probe falls back to a 32-bit mask, and rev A0 silicon, which drops address
 * bit 31, is limited to 31 bits.  Storage and network drivers use
 * ofl_crc32() and ofl_fill() on their own buffers, which are mapped here for
 * the length of one command.
 *
 * Seeded bugs (see expect.txt), each modelled on a common kind of kernel fix:
 * - ofl_identify(): the identify page is given to the engine by
 *   virt_to_phys() ("use dma_map_single instead of virt_to_phys")
 *   [dma-unmapped-address];
 * - ofl_fill(): the fill pattern buffer is allocated on first use with
 *   GFP_KERNEL under the ring lock, with interrupts off ("use GFP_ATOMIC
 *   under spinlock" / "allocate the buffer outside the lock")
 *   [dma-atomic-context];
 * - ofl_probe(): the status block allocation failure path returns without
 *   freeing the command ring ("fix DMA leak on error path")
 *   [dma-mapping-leak];
 * - ofl_probe(): the rev A0 31-bit mask is set and its result ignored
 *   ("check return value of dma_set_mask_and_coherent")
 *   [dma-unchecked-mask];
 * - ofl_probe(): the status block is cleared after dma_alloc_coherent(),
 *   which already zeroes it ("remove redundant memset")
 *   [dma-redundant-memset].
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>

#define DRV_NAME		"ofl"

#define OFL_RING_ENTRIES	64
#define OFL_RING_BYTES		(OFL_RING_ENTRIES * sizeof(struct ofl_cmd))
#define OFL_NEXT(i)		(((i) + 1) & (OFL_RING_ENTRIES - 1))
#define OFL_IDENT_LEN		256
#define OFL_PATTERN_LEN		64
#define OFL_MAX_XFER		(1024 * 1024)
#define OFL_CMD_TIMEOUT_MS	500
#define OFL_REV_A0		0x01

/* Registers (BAR 0). */
#define OFL_REG_CTRL		0x00
#define  OFL_CTRL_ENABLE	BIT(0)
#define  OFL_CTRL_RESET		BIT(1)
#define OFL_REG_ISR		0x04
#define OFL_REG_IMR		0x08
#define  OFL_INT_DONE		BIT(0)
#define OFL_REG_RING_BASE	0x10	/* 64-bit, low word first */
#define OFL_REG_RING_SIZE	0x18
#define OFL_REG_STATUS_ADDR	0x20	/* 64-bit, low word first */
#define OFL_REG_TAIL		0x28	/* doorbell: next free ring entry */

/* Commands. */
#define OFL_OP_IDENTIFY		1	/* dst: identify page */
#define OFL_OP_CRC32		2	/* src: data; CRC in the status block */
#define OFL_OP_FILL		3	/* src: pattern, repeated over dst */

/* Status block error codes. */
#define OFL_ERR_NONE		0
#define OFL_ERR_BUS		1
#define OFL_ERR_INVAL		2

struct ofl_cmd {
	__le16 opcode;
	__le16 flags;
	__le32 len;
	__le64 src;
	__le64 dst;
	__le32 tag;
	__le32 rsvd;
};

/* Written by the engine after each command. */
struct ofl_status {
	__le32 head;		/* next ring entry it fetches */
	__le32 done_tag;
	__le32 error;
	__le32 crc;
};

struct ofl_ident {
	char serial[16];
	__le16 fw_major;
	__le16 fw_minor;
	__le32 caps;
	u8 rsvd[OFL_IDENT_LEN - 24];
};

struct ofl_dev {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;

	struct mutex cmd_mutex;		/* one command in flight */
	spinlock_t lock;		/* ring tail, status block, pattern */
	struct completion done;
	u32 next_tag;
	u32 wait_tag;
	u32 result_err;
	u32 result_crc;

	struct ofl_cmd *ring;
	dma_addr_t ring_dma;
	unsigned int tail;

	struct ofl_status *status;
	dma_addr_t status_dma;

	u8 *pattern;			/* fill pattern, allocated on first use */
	dma_addr_t pattern_dma;

	char serial[17];
	u16 fw_major;
	u16 fw_minor;
};

/* ------------------------------------------------------------- commands */

/* Queue one command and ring the doorbell; od->lock held.  Returns its tag. */
static u32 ofl_post(struct ofl_dev *od, u16 op, dma_addr_t src, dma_addr_t dst,
		    u32 len)
{
	struct ofl_cmd *cmd = &od->ring[od->tail];
	u32 tag = ++od->next_tag;

	cmd->opcode = cpu_to_le16(op);
	cmd->flags = 0;
	cmd->len = cpu_to_le32(len);
	cmd->src = cpu_to_le64(src);
	cmd->dst = cpu_to_le64(dst);
	cmd->tag = cpu_to_le32(tag);
	od->tail = OFL_NEXT(od->tail);
	od->wait_tag = tag;
	reinit_completion(&od->done);
	wmb();
	writel(od->tail, od->regs + OFL_REG_TAIL);
	return tag;
}

static int ofl_wait(struct ofl_dev *od)
{
	if (!wait_for_completion_timeout(&od->done,
					 msecs_to_jiffies(OFL_CMD_TIMEOUT_MS))) {
		dev_err(od->dev, "command %u timed out\n", od->wait_tag);
		return -ETIMEDOUT;
	}
	return od->result_err == OFL_ERR_NONE ? 0 : -EIO;
}

/* Run one command and wait for it; od->cmd_mutex held. */
static int ofl_run(struct ofl_dev *od, u16 op, dma_addr_t src, dma_addr_t dst,
		   u32 len)
{
	unsigned long flags;

	spin_lock_irqsave(&od->lock, flags);
	ofl_post(od, op, src, dst, len);
	spin_unlock_irqrestore(&od->lock, flags);
	return ofl_wait(od);
}

/* Read the engine's identify page: serial number and firmware version. */
static int ofl_identify(struct ofl_dev *od)
{
	struct ofl_ident *id;
	int ret;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;

	mutex_lock(&od->cmd_mutex);
	ret = ofl_run(od, OFL_OP_IDENTIFY, 0, virt_to_phys(id), sizeof(*id));
	mutex_unlock(&od->cmd_mutex);
	if (!ret) {
		memcpy(od->serial, id->serial, sizeof(id->serial));
		od->serial[sizeof(id->serial)] = '\0';
		od->fw_major = le16_to_cpu(id->fw_major);
		od->fw_minor = le16_to_cpu(id->fw_minor);
	}
	kfree(id);
	return ret;
}

/* CRC32 of @len bytes at @buf, computed by the engine. */
int ofl_crc32(struct ofl_dev *od, const void *buf, u32 len, u32 *crc)
{
	dma_addr_t dma;
	int ret;

	if (!len || len > OFL_MAX_XFER)
		return -EINVAL;
	dma = dma_map_single(od->dev, (void *)buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(od->dev, dma))
		return -ENOMEM;

	mutex_lock(&od->cmd_mutex);
	ret = ofl_run(od, OFL_OP_CRC32, dma, 0, len);
	if (!ret)
		*crc = od->result_crc;
	mutex_unlock(&od->cmd_mutex);

	dma_unmap_single(od->dev, dma, len, DMA_TO_DEVICE);
	return ret;
}
EXPORT_SYMBOL_GPL(ofl_crc32);

/* Fill @len bytes at @buf with @value. */
int ofl_fill(struct ofl_dev *od, void *buf, u32 len, u8 value)
{
	unsigned long flags;
	dma_addr_t dma;
	int ret;

	if (!len || len > OFL_MAX_XFER)
		return -EINVAL;
	dma = dma_map_single(od->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(od->dev, dma))
		return -ENOMEM;

	mutex_lock(&od->cmd_mutex);
	spin_lock_irqsave(&od->lock, flags);
	if (!od->pattern) {
		od->pattern = dma_alloc_coherent(od->dev, OFL_PATTERN_LEN,
						 &od->pattern_dma, GFP_KERNEL);
		if (!od->pattern) {
			spin_unlock_irqrestore(&od->lock, flags);
			ret = -ENOMEM;
			goto out;
		}
	}
	memset(od->pattern, value, OFL_PATTERN_LEN);
	ofl_post(od, OFL_OP_FILL, od->pattern_dma, dma, len);
	spin_unlock_irqrestore(&od->lock, flags);
	ret = ofl_wait(od);
out:
	mutex_unlock(&od->cmd_mutex);
	dma_unmap_single(od->dev, dma, len, DMA_FROM_DEVICE);
	return ret;
}
EXPORT_SYMBOL_GPL(ofl_fill);

static irqreturn_t ofl_interrupt(int irq, void *dev_id)
{
	struct ofl_dev *od = dev_id;
	u32 isr = readl(od->regs + OFL_REG_ISR);

	if (!(isr & OFL_INT_DONE))
		return IRQ_NONE;
	writel(isr, od->regs + OFL_REG_ISR);

	spin_lock(&od->lock);
	rmb();
	if (od->wait_tag &&
	    le32_to_cpu(od->status->done_tag) == od->wait_tag) {
		od->result_err = le32_to_cpu(od->status->error);
		od->result_crc = le32_to_cpu(od->status->crc);
		od->wait_tag = 0;
		complete(&od->done);
	}
	spin_unlock(&od->lock);
	return IRQ_HANDLED;
}

/* ---------------------------------------------------------- probe, remove */

static void ofl_hw_start(struct ofl_dev *od)
{
	writel(OFL_CTRL_RESET, od->regs + OFL_REG_CTRL);
	lo_hi_writeq(od->ring_dma, od->regs + OFL_REG_RING_BASE);
	writel(OFL_RING_ENTRIES, od->regs + OFL_REG_RING_SIZE);
	lo_hi_writeq(od->status_dma, od->regs + OFL_REG_STATUS_ADDR);
	od->tail = 0;
	writel(0, od->regs + OFL_REG_TAIL);
	writel(OFL_CTRL_ENABLE, od->regs + OFL_REG_CTRL);
	writel(OFL_INT_DONE, od->regs + OFL_REG_IMR);
}

static void ofl_hw_stop(struct ofl_dev *od)
{
	writel(0, od->regs + OFL_REG_IMR);
	writel(OFL_CTRL_RESET, od->regs + OFL_REG_CTRL);
}

static int ofl_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ofl_status *status;
	struct ofl_cmd *ring;
	dma_addr_t ring_dma, status_dma;
	struct ofl_dev *od;
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;

	err = pci_request_regions(pdev, DRV_NAME);
	if (err)
		goto err_disable;
	pci_set_master(pdev);

	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
		if (err) {
			dev_err(&pdev->dev, "no usable DMA configuration\n");
			goto err_release;
		}
	}
	/* Erratum A0-7: the rev A0 engine drops address bit 31. */
	if (pdev->revision == OFL_REV_A0)
		dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(31));

	od = kzalloc(sizeof(*od), GFP_KERNEL);
	if (!od) {
		err = -ENOMEM;
		goto err_release;
	}
	od->pdev = pdev;
	od->dev = &pdev->dev;
	mutex_init(&od->cmd_mutex);
	spin_lock_init(&od->lock);
	init_completion(&od->done);

	od->regs = pci_iomap(pdev, 0, 0);
	if (!od->regs) {
		err = -ENOMEM;
		goto err_free_od;
	}

	ring = dma_alloc_coherent(&pdev->dev, OFL_RING_BYTES, &ring_dma,
				  GFP_KERNEL);
	if (!ring) {
		err = -ENOMEM;
		goto err_iounmap;
	}
	status = dma_alloc_coherent(&pdev->dev, sizeof(*status), &status_dma,
				    GFP_KERNEL);
	if (!status) {
		err = -ENOMEM;
		goto err_iounmap;
	}
	memset(status, 0, sizeof(*status));
	od->ring = ring;
	od->ring_dma = ring_dma;
	od->status = status;
	od->status_dma = status_dma;

	pci_set_drvdata(pdev, od);
	ofl_hw_stop(od);
	err = request_irq(pdev->irq, ofl_interrupt, IRQF_SHARED, DRV_NAME, od);
	if (err)
		goto err_free_status;
	ofl_hw_start(od);

	/* Older firmware has no identify page: not fatal. */
	if (ofl_identify(od))
		dev_warn(&pdev->dev, "identify failed, serial unknown\n");

	dev_info(&pdev->dev, "offload engine rev %u, firmware %u.%u, serial %s\n",
		 pdev->revision, od->fw_major, od->fw_minor,
		 od->serial[0] ? od->serial : "?");
	return 0;

err_free_status:
	dma_free_coherent(&pdev->dev, sizeof(*status), status, status_dma);
	dma_free_coherent(&pdev->dev, OFL_RING_BYTES, ring, ring_dma);
err_iounmap:
	pci_iounmap(pdev, od->regs);
err_free_od:
	kfree(od);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

static void ofl_remove(struct pci_dev *pdev)
{
	struct ofl_dev *od = pci_get_drvdata(pdev);

	ofl_hw_stop(od);
	free_irq(pdev->irq, od);
	if (od->pattern)
		dma_free_coherent(&pdev->dev, OFL_PATTERN_LEN, od->pattern,
				  od->pattern_dma);
	dma_free_coherent(&pdev->dev, sizeof(*od->status), od->status,
			  od->status_dma);
	dma_free_coherent(&pdev->dev, OFL_RING_BYTES, od->ring, od->ring_dma);
	pci_iounmap(pdev, od->regs);
	kfree(od);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id ofl_pci_tbl[] = {
	{ PCI_DEVICE(0x1d17, 0x0b10) },
	{ }
};
MODULE_DEVICE_TABLE(pci, ofl_pci_tbl);

static struct pci_driver ofl_driver = {
	.name		= DRV_NAME,
	.id_table	= ofl_pci_tbl,
	.probe		= ofl_probe,
	.remove		= ofl_remove,
};
module_pci_driver(ofl_driver);

MODULE_DESCRIPTION("OFL PCIe CRC/fill offload engine driver");
MODULE_LICENSE("GPL");
