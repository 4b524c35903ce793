// SPDX-License-Identifier: GPL-2.0
/*
 * SHB PCIe sensor hub: a microcontroller behind a PCIe function that owns
 * the accelerometer, gyroscope and ambient light sensors of a laptop.  The
 * host talks to its firmware through one 4 KiB mailbox in host memory,
 * kmalloc'ed and mapped DMA_BIDIRECTIONAL with dma_map_single() for the
 * life of the device: the host writes a command into it and syncs it for
 * the device, rings the doorbell, the hub answers in place (sample batches,
 * version records) and raises an interrupt, and the host syncs it for the
 * CPU before it reads the answer.  The sensor drivers (shb-accel, shb-als)
 * go through shb_exec() and the helpers exported below.
 *
 * Fixed twin of bad.c: shb_exec() takes the mailbox back with
 * dma_sync_single_for_cpu() before it reads the answer, the probe unwind
 * logs the mailbox header before it unmaps it, and shb_remove() unmaps with
 * the mapping's direction, DMA_BIDIRECTIONAL.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>

#define DRV_NAME		"shb"

#define SHB_FW_MAJOR		3
#define SHB_MAX_SENSORS		8
#define SHB_CMD_TIMEOUT_MS	500

/* Registers (BAR 0). */
#define SHB_REG_CTRL		0x00
#define  SHB_CTRL_ENABLE	BIT(0)
#define  SHB_CTRL_RESET		BIT(1)
#define SHB_REG_ISR		0x04
#define SHB_REG_IMR		0x08
#define  SHB_INT_MBOX		BIT(0)
#define SHB_REG_MBOX_ADDR	0x10	/* 64-bit, low word first */
#define SHB_REG_MBOX_SIZE	0x18
#define SHB_REG_DOORBELL	0x1c	/* sequence number of the new command */

/* Mailbox commands. */
#define SHB_OP_NONE		0
#define SHB_OP_HELLO		1
#define SHB_OP_SET_RATE		2
#define SHB_OP_READ_SAMPLES	3
#define SHB_OP_PARK		4

/* Mailbox status, written by the hub. */
#define SHB_STS_PENDING		0
#define SHB_STS_OK		1
#define SHB_STS_EINVAL		2
#define SHB_STS_EBUSY		3
#define SHB_STS_STALE		0xdead

struct shb_mbox_hdr {
	__le16 op;
	__le16 flags;
	__le32 seq;
	__le32 status;
	__le32 len;		/* payload bytes: command in, answer out */
};

#define SHB_MBOX_SIZE		4096
#define SHB_MBOX_DATA		(SHB_MBOX_SIZE - sizeof(struct shb_mbox_hdr))

struct shb_mbox {
	struct shb_mbox_hdr hdr;
	u8 data[SHB_MBOX_DATA];
};

struct shb_hello {
	__le16 fw_major;
	__le16 fw_minor;
	__le32 nr_sensors;
};

struct shb_rate_cmd {
	__le32 sensor;
	__le32 hz;
};

struct shb_read_cmd {
	__le32 sensor;
	__le32 max;
};

struct shb_sample {
	__le64 timestamp;
	__le32 val[3];
	__le32 rsvd;
};

struct shb_priv {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;

	struct mutex cmd_lock;		/* one command in the mailbox */
	struct completion cmd_done;
	u32 seq;

	struct shb_mbox *mbox;
	dma_addr_t mbox_dma;

	u16 fw_major;
	u16 fw_minor;
	unsigned int nr_sensors;
};

/* -------------------------------------------------------------- mailbox */

/*
 * Run one command: the mailbox is the CPU's between commands, the hub's
 * from the doorbell until the interrupt.  Returns the answer's length.
 */
int shb_exec(struct shb_priv *priv, u16 op, const void *in, size_t in_len,
	     void *out, size_t out_len)
{
	struct shb_mbox *mb = priv->mbox;
	dma_addr_t dma = priv->mbox_dma;
	unsigned long left;
	u32 status, len;
	int ret;

	if (in_len > SHB_MBOX_DATA)
		return -EINVAL;

	mutex_lock(&priv->cmd_lock);
	mb->hdr.op = cpu_to_le16(op);
	mb->hdr.flags = 0;
	mb->hdr.seq = cpu_to_le32(++priv->seq);
	mb->hdr.status = cpu_to_le32(SHB_STS_PENDING);
	mb->hdr.len = cpu_to_le32(in_len);
	if (in_len)
		memcpy(mb->data, in, in_len);
	reinit_completion(&priv->cmd_done);
	dma_sync_single_for_device(priv->dev, dma, SHB_MBOX_SIZE,
				   DMA_BIDIRECTIONAL);
	writel(priv->seq, priv->regs + SHB_REG_DOORBELL);

	left = wait_for_completion_timeout(&priv->cmd_done,
					   msecs_to_jiffies(SHB_CMD_TIMEOUT_MS));
	if (!left) {
		dev_err(priv->dev, "command %u timed out\n", op);
		/* Stop the hub's DMA before the CPU takes the mailbox back. */
		writel(SHB_CTRL_RESET, priv->regs + SHB_REG_CTRL);
		dma_sync_single_for_cpu(priv->dev, dma, SHB_MBOX_SIZE,
					DMA_BIDIRECTIONAL);
		lo_hi_writeq(dma, priv->regs + SHB_REG_MBOX_ADDR);
		writel(SHB_CTRL_ENABLE, priv->regs + SHB_REG_CTRL);
		ret = -ETIMEDOUT;
		goto out;
	}

	dma_sync_single_for_cpu(priv->dev, dma, SHB_MBOX_SIZE,
				DMA_BIDIRECTIONAL);
	status = le32_to_cpu(mb->hdr.status);
	len = le32_to_cpu(mb->hdr.len);
	if (status != SHB_STS_OK) {
		dev_dbg(priv->dev, "command %u failed: %u\n", op, status);
		ret = status == SHB_STS_EBUSY ? -EBUSY : -EIO;
	} else if (len > out_len || len > SHB_MBOX_DATA) {
		ret = -EOVERFLOW;
	} else {
		if (len)
			memcpy(out, mb->data, len);
		ret = len;
	}
	/* Never take an old answer for the next command's. */
	mb->hdr.status = cpu_to_le32(SHB_STS_STALE);
out:
	mutex_unlock(&priv->cmd_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(shb_exec);

int shb_set_rate(struct shb_priv *priv, unsigned int sensor, unsigned int hz)
{
	struct shb_rate_cmd cmd = {
		.sensor = cpu_to_le32(sensor),
		.hz = cpu_to_le32(hz),
	};
	int ret;

	if (sensor >= priv->nr_sensors)
		return -EINVAL;
	ret = shb_exec(priv, SHB_OP_SET_RATE, &cmd, sizeof(cmd), NULL, 0);
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(shb_set_rate);

/* Fetch up to @max queued samples of @sensor; returns how many came. */
int shb_read_samples(struct shb_priv *priv, unsigned int sensor,
		     struct shb_sample *out, unsigned int max)
{
	struct shb_read_cmd cmd = {
		.sensor = cpu_to_le32(sensor),
		.max = cpu_to_le32(max),
	};
	int ret;

	if (sensor >= priv->nr_sensors)
		return -EINVAL;
	ret = shb_exec(priv, SHB_OP_READ_SAMPLES, &cmd, sizeof(cmd), out,
		       max * sizeof(*out));
	if (ret < 0)
		return ret;
	return ret / sizeof(*out);
}
EXPORT_SYMBOL_GPL(shb_read_samples);

static int shb_hello(struct shb_priv *priv)
{
	struct shb_hello hello;
	int ret;

	ret = shb_exec(priv, SHB_OP_HELLO, NULL, 0, &hello, sizeof(hello));
	if (ret < 0)
		return ret;
	if (ret != sizeof(hello))
		return -EPROTO;

	priv->fw_major = le16_to_cpu(hello.fw_major);
	priv->fw_minor = le16_to_cpu(hello.fw_minor);
	priv->nr_sensors = min_t(u32, le32_to_cpu(hello.nr_sensors),
				 SHB_MAX_SENSORS);
	if (priv->fw_major != SHB_FW_MAJOR) {
		dev_err(priv->dev, "firmware %u.%u not supported\n",
			priv->fw_major, priv->fw_minor);
		return -ENODEV;
	}
	return 0;
}

/* The hub stops its sensors and forgets the mailbox address. */
static void shb_park(struct shb_priv *priv)
{
	if (shb_exec(priv, SHB_OP_PARK, NULL, 0, NULL, 0) < 0)
		dev_warn(priv->dev, "hub did not park\n");
	writel(0, priv->regs + SHB_REG_CTRL);
}

static irqreturn_t shb_interrupt(int irq, void *dev_id)
{
	struct shb_priv *priv = dev_id;
	u32 isr = readl(priv->regs + SHB_REG_ISR);

	if (!(isr & SHB_INT_MBOX))
		return IRQ_NONE;
	writel(isr, priv->regs + SHB_REG_ISR);
	complete(&priv->cmd_done);
	return IRQ_HANDLED;
}

/* ---------------------------------------------------------- probe, remove */

static int shb_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct shb_priv *priv;
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
		dev_err(&pdev->dev, "no usable DMA configuration\n");
		goto err_release;
	}

	priv = kzalloc(sizeof(*priv), GFP_KERNEL);
	if (!priv) {
		err = -ENOMEM;
		goto err_release;
	}
	priv->pdev = pdev;
	priv->dev = &pdev->dev;
	mutex_init(&priv->cmd_lock);
	init_completion(&priv->cmd_done);
	pci_set_drvdata(pdev, priv);

	priv->regs = pci_iomap(pdev, 0, 0);
	if (!priv->regs) {
		err = -ENOMEM;
		goto err_free_priv;
	}
	writel(SHB_CTRL_RESET, priv->regs + SHB_REG_CTRL);

	/* Masked until the mailbox is set up. */
	err = request_irq(pdev->irq, shb_interrupt, IRQF_SHARED, DRV_NAME, priv);
	if (err)
		goto err_iounmap;

	priv->mbox = kzalloc(SHB_MBOX_SIZE, GFP_KERNEL);
	if (!priv->mbox) {
		err = -ENOMEM;
		goto err_free_irq;
	}
	priv->mbox_dma = dma_map_single(&pdev->dev, priv->mbox, SHB_MBOX_SIZE,
					DMA_BIDIRECTIONAL);
	if (dma_mapping_error(&pdev->dev, priv->mbox_dma)) {
		err = -ENOMEM;
		goto err_free_mbox;
	}
	lo_hi_writeq(priv->mbox_dma, priv->regs + SHB_REG_MBOX_ADDR);
	writel(SHB_MBOX_SIZE, priv->regs + SHB_REG_MBOX_SIZE);

	writel(SHB_CTRL_ENABLE, priv->regs + SHB_REG_CTRL);
	writel(SHB_INT_MBOX, priv->regs + SHB_REG_IMR);

	err = shb_hello(priv);
	if (err) {
		/* Stop the hub, then log what it left in the mailbox. */
		writel(SHB_CTRL_RESET, priv->regs + SHB_REG_CTRL);
		dma_sync_single_for_cpu(&pdev->dev, priv->mbox_dma,
					sizeof(struct shb_mbox_hdr),
					DMA_BIDIRECTIONAL);
		dev_err(&pdev->dev,
			"hub handshake failed: %d (op %u seq %u len %u)\n",
			err, le16_to_cpu(priv->mbox->hdr.op),
			le32_to_cpu(priv->mbox->hdr.seq),
			le32_to_cpu(priv->mbox->hdr.len));
		dma_unmap_single(&pdev->dev, priv->mbox_dma, SHB_MBOX_SIZE,
				 DMA_BIDIRECTIONAL);
		goto err_free_mbox;
	}

	dev_info(&pdev->dev, "sensor hub firmware %u.%u, %u sensors\n",
		 priv->fw_major, priv->fw_minor, priv->nr_sensors);
	return 0;

err_free_mbox:
	kfree(priv->mbox);
err_free_irq:
	writel(0, priv->regs + SHB_REG_IMR);
	free_irq(pdev->irq, priv);
err_iounmap:
	pci_iounmap(pdev, priv->regs);
err_free_priv:
	kfree(priv);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

static void shb_remove(struct pci_dev *pdev)
{
	struct shb_priv *priv = pci_get_drvdata(pdev);

	shb_park(priv);
	writel(0, priv->regs + SHB_REG_IMR);
	free_irq(pdev->irq, priv);
	dma_unmap_single(&pdev->dev, priv->mbox_dma, SHB_MBOX_SIZE,
			 DMA_BIDIRECTIONAL);
	kfree(priv->mbox);
	pci_iounmap(pdev, priv->regs);
	kfree(priv);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id shb_pci_tbl[] = {
	{ PCI_DEVICE(0x1d17, 0x0420) },
	{ }
};
MODULE_DEVICE_TABLE(pci, shb_pci_tbl);

static struct pci_driver shb_driver = {
	.name		= DRV_NAME,
	.id_table	= shb_pci_tbl,
	.probe		= shb_probe,
	.remove		= shb_remove,
};
module_pci_driver(shb_driver);

MODULE_DESCRIPTION("SHB PCIe sensor hub mailbox driver");
MODULE_LICENSE("GPL");
