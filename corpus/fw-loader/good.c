// SPDX-License-Identifier: GPL-2.0
/*
 * FWL PCI accelerator: firmware download through the boot ROM's DMA engine.
 * The image comes from user space (flash update through the management
 * char device), is staged in vmalloc memory and fetched by the device from a
 * page list; the boot ROM is first given its init table, and small commands
 * and status reads go through a single-descriptor mailbox.
 *
 * Fixed twin of bad.c: the image is mapped page by page, the init table is
 * copied into kmalloc memory before it is mapped, mailbox commands live in
 * kmalloc memory, and the status read unmaps its buffer.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/mutex.h>

#define DRV_NAME		"fwl"

#define FWL_MAX_IMAGE		(8 * 1024 * 1024)
#define FWL_MAX_PAGES		(FWL_MAX_IMAGE / PAGE_SIZE)
#define FWL_POLL_US		100
#define FWL_TIMEOUT_US		(2 * 1000 * 1000)

/* Registers (BAR 0). */
#define FWL_REG_MBOX_ADDR	0x00
#define FWL_REG_MBOX_LEN	0x08
#define FWL_REG_MBOX_CTRL	0x0c
#define  FWL_MBOX_GO		BIT(0)
#define  FWL_MBOX_DIR_IN	BIT(1)
#define FWL_REG_MBOX_STATUS	0x10
#define  FWL_MBOX_DONE		BIT(0)
#define  FWL_MBOX_ERR		BIT(1)
#define FWL_REG_BOOT_STATE	0x20
#define  FWL_BOOT_ROM_READY	0x1
#define  FWL_BOOT_RUNNING	0x5

/* Mailbox opcodes. */
#define FWL_OP_BOOT_INIT	0x01
#define FWL_OP_DOWNLOAD		0x02
#define FWL_OP_START		0x03
#define FWL_OP_GET_STATUS	0x10

#define FWL_IMAGE_MAGIC		0x4c57461a

struct fwl_cmd {
	__le32 opcode;
	__le32 flags;
	__le64 addr;
	__le32 len;
	__le32 arg;
};

struct fwl_status {
	__le32 boot_state;
	__le32 fw_version;
	__le32 err_code;
	__le32 crc;
};

struct fwl_image_hdr {
	__le32 magic;
	__le32 version;
	__le32 size;
	__le32 crc;
};

struct fwl_dev {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;
	struct mutex fw_lock;
	u32 fw_version;
};

/* Called by the management char device (fwl_cdev.c). */
int fwl_load_user_image(struct fwl_dev *fdev, const void __user *ubuf,
			size_t size);

/*
 * Register init sequence the boot ROM needs before it accepts an image:
 * (register, value) pairs, fetched by its DMA engine.
 */
static const __le32 fwl_boot_init_tbl[] = {
	cpu_to_le32(0x0100), cpu_to_le32(0x00000001),	/* PLL enable */
	cpu_to_le32(0x0104), cpu_to_le32(0x0000a03c),	/* PLL divider */
	cpu_to_le32(0x0200), cpu_to_le32(0x00000003),	/* SRAM power up */
	cpu_to_le32(0x0300), cpu_to_le32(0x00ff0000),	/* DMA burst size */
};

static int fwl_mbox_wait(struct fwl_dev *fdev)
{
	unsigned int waited = 0;
	u32 status;

	for (;;) {
		status = readl(fdev->regs + FWL_REG_MBOX_STATUS);
		if (status & FWL_MBOX_DONE)
			break;
		if (waited >= FWL_TIMEOUT_US)
			return -ETIMEDOUT;
		usleep_range(FWL_POLL_US, 2 * FWL_POLL_US);
		waited += FWL_POLL_US;
	}
	writel(0, fdev->regs + FWL_REG_MBOX_STATUS);	/* ack: the register is RW */
	return (status & FWL_MBOX_ERR) ? -EIO : 0;
}

/* Hand one buffer to the mailbox and wait for the device to consume it. */
static int fwl_mbox_xfer(struct fwl_dev *fdev, dma_addr_t dma, u32 len,
			 bool in)
{
	lo_hi_writeq(dma, fdev->regs + FWL_REG_MBOX_ADDR);
	writel(len, fdev->regs + FWL_REG_MBOX_LEN);
	writel(FWL_MBOX_GO | (in ? FWL_MBOX_DIR_IN : 0),
	       fdev->regs + FWL_REG_MBOX_CTRL);
	return fwl_mbox_wait(fdev);
}

static int fwl_exec_cmd(struct fwl_dev *fdev, u32 opcode, dma_addr_t addr,
			u32 len, u32 arg)
{
	struct fwl_cmd *cmd;
	dma_addr_t dma;
	int ret;

	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	cmd->opcode = cpu_to_le32(opcode);
	cmd->addr = cpu_to_le64(addr);
	cmd->len = cpu_to_le32(len);
	cmd->arg = cpu_to_le32(arg);

	dma = dma_map_single(fdev->dev, cmd, sizeof(*cmd), DMA_TO_DEVICE);
	if (dma_mapping_error(fdev->dev, dma)) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = fwl_mbox_xfer(fdev, dma, sizeof(*cmd), false);
	dma_unmap_single(fdev->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
out_free:
	kfree(cmd);
	if (ret)
		dev_err(fdev->dev, "mailbox op 0x%02x failed: %d\n", opcode, ret);
	return ret;
}

static int fwl_get_status(struct fwl_dev *fdev, u32 *boot_state, u32 *version)
{
	struct fwl_status *st;
	dma_addr_t dma;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	dma = dma_map_single(fdev->dev, st, sizeof(*st), DMA_FROM_DEVICE);
	if (dma_mapping_error(fdev->dev, dma)) {
		ret = -ENOMEM;
		goto out_free;
	}

	ret = fwl_exec_cmd(fdev, FWL_OP_GET_STATUS, dma, sizeof(*st), 0);
	dma_unmap_single(fdev->dev, dma, sizeof(*st), DMA_FROM_DEVICE);
	if (ret)
		goto out_free;

	*boot_state = le32_to_cpu(st->boot_state);
	*version = le32_to_cpu(st->fw_version);
	if (le32_to_cpu(st->err_code))
		ret = -EIO;
out_free:
	kfree(st);
	return ret;
}

/* Give the boot ROM its register init table. */
static int fwl_boot_init(struct fwl_dev *fdev)
{
	struct scatterlist sg;
	void *tbl;
	int ret;

	tbl = kmemdup(fwl_boot_init_tbl, sizeof(fwl_boot_init_tbl), GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;

	sg_init_one(&sg, tbl, sizeof(fwl_boot_init_tbl));
	if (!dma_map_sg(fdev->dev, &sg, 1, DMA_TO_DEVICE)) {
		ret = -ENOMEM;
		goto out_free;
	}

	ret = fwl_exec_cmd(fdev, FWL_OP_BOOT_INIT, sg_dma_address(&sg),
			   sg_dma_len(&sg), ARRAY_SIZE(fwl_boot_init_tbl) / 2);

	dma_unmap_sg(fdev->dev, &sg, 1, DMA_TO_DEVICE);
out_free:
	kfree(tbl);
	return ret;
}

/*
 * The image is vmalloc memory: map it page by page and give the device a
 * page list (in coherent memory) to fetch it from.
 */
static int fwl_download(struct fwl_dev *fdev, void *image, size_t size)
{
	unsigned int npages = DIV_ROUND_UP(size, PAGE_SIZE);
	dma_addr_t *page_dma;
	dma_addr_t list_dma;
	__le64 *list;
	unsigned int i;
	int ret;

	page_dma = kcalloc(npages, sizeof(*page_dma), GFP_KERNEL);
	if (!page_dma)
		return -ENOMEM;

	list = dma_alloc_coherent(fdev->dev, npages * sizeof(*list), &list_dma,
				  GFP_KERNEL);
	if (!list) {
		ret = -ENOMEM;
		goto out_free_dma;
	}

	for (i = 0; i < npages; i++) {
		struct page *page = vmalloc_to_page(image + i * PAGE_SIZE);

		page_dma[i] = dma_map_page(fdev->dev, page, 0, PAGE_SIZE,
					   DMA_TO_DEVICE);
		if (dma_mapping_error(fdev->dev, page_dma[i])) {
			ret = -ENOMEM;
			goto out_unmap;
		}
		list[i] = cpu_to_le64(page_dma[i]);
	}

	ret = fwl_exec_cmd(fdev, FWL_OP_DOWNLOAD, list_dma, size, npages);

out_unmap:
	while (i--)
		dma_unmap_page(fdev->dev, page_dma[i], PAGE_SIZE, DMA_TO_DEVICE);
	dma_free_coherent(fdev->dev, npages * sizeof(*list), list, list_dma);
out_free_dma:
	kfree(page_dma);
	return ret;
}

/* Flash update from the management char device. */
int fwl_load_user_image(struct fwl_dev *fdev, const void __user *ubuf,
			size_t size)
{
	const struct fwl_image_hdr *hdr;
	u32 state, version;
	void *image;
	int ret;

	if (size < sizeof(*hdr) || size > FWL_MAX_IMAGE)
		return -EINVAL;

	image = vmalloc(size);
	if (!image)
		return -ENOMEM;
	if (copy_from_user(image, ubuf, size)) {
		ret = -EFAULT;
		goto out_free;
	}

	hdr = image;
	if (le32_to_cpu(hdr->magic) != FWL_IMAGE_MAGIC ||
	    le32_to_cpu(hdr->size) != size) {
		dev_err(fdev->dev, "bad firmware image header\n");
		ret = -EINVAL;
		goto out_free;
	}

	mutex_lock(&fdev->fw_lock);
	ret = fwl_get_status(fdev, &state, &version);
	if (ret)
		goto out_unlock;
	if (state != FWL_BOOT_ROM_READY) {
		dev_err(fdev->dev, "boot ROM not ready (state %u)\n", state);
		ret = -EBUSY;
		goto out_unlock;
	}

	ret = fwl_boot_init(fdev);
	if (ret)
		goto out_unlock;
	ret = fwl_download(fdev, image, size);
	if (ret)
		goto out_unlock;
	ret = fwl_exec_cmd(fdev, FWL_OP_START, 0, 0, 0);
	if (ret)
		goto out_unlock;

	msleep(100);
	ret = fwl_get_status(fdev, &state, &version);
	if (!ret && state != FWL_BOOT_RUNNING)
		ret = -EIO;
	if (!ret) {
		fdev->fw_version = version;
		dev_info(fdev->dev, "firmware %u.%u.%u running\n",
			 version >> 16, (version >> 8) & 0xff, version & 0xff);
	}
out_unlock:
	mutex_unlock(&fdev->fw_lock);
out_free:
	vfree(image);
	return ret;
}
EXPORT_SYMBOL_GPL(fwl_load_user_image);

static int fwl_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct fwl_dev *fdev;
	u32 state, version;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(48));
	if (ret)
		return ret;

	fdev = devm_kzalloc(&pdev->dev, sizeof(*fdev), GFP_KERNEL);
	if (!fdev)
		return -ENOMEM;
	fdev->pdev = pdev;
	fdev->dev = &pdev->dev;
	mutex_init(&fdev->fw_lock);

	fdev->regs = pcim_iomap(pdev, 0, 0);
	if (!fdev->regs)
		return -ENOMEM;

	ret = fwl_get_status(fdev, &state, &version);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "device not responding\n");
	if (state == FWL_BOOT_RUNNING)
		fdev->fw_version = version;

	pci_set_drvdata(pdev, fdev);
	return 0;
}

static const struct pci_device_id fwl_pci_tbl[] = {
	{ PCI_DEVICE(0x1d19, 0x0300) },
	{ }
};
MODULE_DEVICE_TABLE(pci, fwl_pci_tbl);

static struct pci_driver fwl_driver = {
	.name		= DRV_NAME,
	.id_table	= fwl_pci_tbl,
	.probe		= fwl_probe,
};
module_pci_driver(fwl_driver);

MODULE_DESCRIPTION("FWL accelerator firmware loader");
MODULE_LICENSE("GPL");
