// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the FWL accelerator's firmware loader (bad.c / good.c,
 * whichever DMART_DRIVER names).  A device thread plays the boot ROM: when
 * the driver sets GO in MBOX_CTRL it fetches the command at MBOX_ADDR by
 * DMA, carries it out (status block written back, init table and image
 * fetched, the image either directly at the command's address or through
 * the page list it points at), and posts DONE (or ERR) in MBOX_STATUS,
 * which the driver polls.  The flash update comes in through
 * fwl_load_user_image(), as from the management char device.
 */
#include DMART_DRIVER
#include <dmart.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define H_FW_VERSION	0x00020103

struct fwl_h {
	struct pci_dev *pdev;
	struct fwl_dev *fdev;
	void __iomem *regs;
	pthread_t thread;
	bool running;
	int stop;
	/* boot ROM state */
	u32 boot_state;
	bool init_done;
	u32 image_crc;		/* sum of the image bytes it fetched */
	size_t image_len;
	u32 fail_op;		/* opcode it fails (0: none) */
	unsigned int bad_dma;	/* transfers it could not do */
	unsigned int cmds;
};

static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static u32 h_sum(const u8 *p, size_t len)
{
	u32 s = 0;

	while (len--)
		s += *p++;
	return s;
}

/* ------------------------------------------------ the boot ROM's side */

/* Fetch @len bytes at @addr page by page, adding them to the image sum. */
static int h_fetch(struct fwl_h *h, dma_addr_t addr, size_t len)
{
	static u8 page[PAGE_SIZE];
	size_t n;

	for (; len; len -= n, addr += n) {
		n = min_t(size_t, len, PAGE_SIZE - (addr & ~PAGE_MASK));
		if (dmart_dev_read(&h->pdev->dev, addr, page, n))
			return -EFAULT;
		h->image_crc += h_sum(page, n);
		h->image_len += n;
	}
	return 0;
}

static int h_rom_exec(struct fwl_h *h, const struct fwl_cmd *cmd)
{
	struct device *dev = &h->pdev->dev;
	u32 op = le32_to_cpu(cmd->opcode), len = le32_to_cpu(cmd->len);
	u32 arg = le32_to_cpu(cmd->arg);
	dma_addr_t addr = le64_to_cpu(cmd->addr);

	if (op == h->fail_op)
		return -EIO;
	switch (op) {
	case FWL_OP_GET_STATUS: {
		struct fwl_status st = {
			.boot_state = cpu_to_le32(h->boot_state),
			.fw_version = cpu_to_le32(h->boot_state == FWL_BOOT_RUNNING ?
						  H_FW_VERSION : 0),
		};

		if (len < sizeof(st))
			return -EINVAL;
		return dmart_dev_write(dev, addr, &st, sizeof(st));
	}
	case FWL_OP_BOOT_INIT: {
		__le32 tbl[2 * 16];

		if (h->boot_state != FWL_BOOT_ROM_READY || !arg ||
		    arg * 8 != len || len > sizeof(tbl))
			return -EINVAL;
		if (dmart_dev_read(dev, addr, tbl, len))
			return -EFAULT;
		if (memcmp(tbl, fwl_boot_init_tbl, len))
			return -EINVAL;
		h->init_done = true;
		return 0;
	}
	case FWL_OP_DOWNLOAD: {
		u32 i;

		if (!h->init_done)
			return -EINVAL;
		h->image_crc = 0;
		h->image_len = 0;
		if (!arg)	/* the address is the image itself */
			return h_fetch(h, addr, len);
		for (i = 0; i < arg; i++) {	/* a list of @arg pages */
			__le64 pa;
			size_t n = min_t(size_t, len - i * PAGE_SIZE, PAGE_SIZE);

			if (dmart_dev_read(dev, addr + i * sizeof(pa), &pa, sizeof(pa)) ||
			    h_fetch(h, le64_to_cpu(pa), n))
				return -EFAULT;
		}
		return 0;
	}
	case FWL_OP_START:
		if (!h->image_len)
			return -EINVAL;
		h->boot_state = FWL_BOOT_RUNNING;
		return 0;
	}
	return -EINVAL;
}

static void *h_rom_thread(void *arg)
{
	struct fwl_h *h = arg;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
		u32 ctrl = readl(h->regs + FWL_REG_MBOX_CTRL);
		struct fwl_cmd cmd;
		dma_addr_t addr;
		u32 len;
		int err;

		if (!(ctrl & FWL_MBOX_GO)) {
			usleep(10);
			continue;
		}
		addr = lo_hi_readq(h->regs + FWL_REG_MBOX_ADDR);
		len = readl(h->regs + FWL_REG_MBOX_LEN);
		h->cmds++;
		if (len != sizeof(cmd) || dmart_dev_read(&h->pdev->dev, addr, &cmd, len)) {
			h->bad_dma++;
			err = -EFAULT;
		} else {
			err = h_rom_exec(h, &cmd);
			if (err == -EFAULT)
				h->bad_dma++;
		}
		writel(0, h->regs + FWL_REG_MBOX_CTRL);
		writel(FWL_MBOX_DONE | (err ? FWL_MBOX_ERR : 0),
		       h->regs + FWL_REG_MBOX_STATUS);
	}
	return NULL;
}

/* ------------------------------------------------------ the host side */

static int h_probe(struct fwl_h *h, u32 boot_state, u32 fail_op)
{
	int err;

	memset(h, 0, sizeof(*h));
	h->boot_state = boot_state;
	h->fail_op = fail_op;
	h->pdev = dmart_pci_device_create("fwl0", DMA_BIT_MASK(64), 0);
	if (!h->pdev)
		return -ENODEV;
	h->pdev->vendor = 0x1d19;
	h->pdev->device = 0x0300;
	/* BAR 0, which the driver's pcim_iomap() will return. */
	h->regs = pci_iomap(h->pdev, 0, 0);
	if (pthread_create(&h->thread, NULL, h_rom_thread, h)) {
		dmart_pci_device_destroy(h->pdev);
		h->pdev = NULL;
		return -EAGAIN;
	}
	h->running = true;
	err = fwl_driver.probe(h->pdev, &fwl_pci_tbl[0]);
	if (err)
		return err;
	h->fdev = pci_get_drvdata(h->pdev);
	return 0;
}

/* The driver has no remove: everything it holds is device-managed. */
static void h_destroy(struct fwl_h *h)
{
	if (h->running) {
		__atomic_store_n(&h->stop, 1, __ATOMIC_RELEASE);
		pthread_join(h->thread, NULL);
		h->running = false;
	}
	if (h->pdev)
		dmart_pci_device_destroy(h->pdev);
	h->pdev = NULL;
	h->fdev = NULL;
}

static int h_probe_failed(struct fwl_h *h, int err)
{
	h_destroy(h);
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: probe failed (%d) without a fault\n", err);
	return 1;
}

/* A firmware image of @size bytes in "user" memory, header filled in. */
static u8 *h_image(size_t size, u32 magic, u32 *sum)
{
	u8 *img = malloc(size);
	struct fwl_image_hdr hdr = {
		.magic = cpu_to_le32(magic),
		.version = cpu_to_le32(H_FW_VERSION),
		.size = cpu_to_le32(size),
	};
	size_t i;

	if (!img)
		return NULL;
	for (i = 0; i < size; i++)
		img[i] = (u8)(i * 7 + 3);
	memcpy(img, &hdr, min(size, sizeof(hdr)));
	*sum = h_sum(img, size);
	return img;
}

/* Flash update through the char device's entry point. */
static int h_load(struct fwl_h *h, size_t size, u32 magic, u32 *sum)
{
	u8 *img = h_image(size, magic, sum);
	int ret;

	if (!img)
		return -ENOMEM;
	ret = fwl_load_user_image(h->fdev, (const void __user *)img, size);
	free(img);
	return ret;
}

/* ------------------------------------------------------------ scenarios */

/* Probe (a status read through the mailbox); the device goes away. */
static int scn_probe_remove(void)
{
	struct fwl_h h;
	int err;

	err = h_probe(&h, FWL_BOOT_ROM_READY, 0);
	if (err)
		return h_probe_failed(&h, err);
	h_destroy(&h);
	return h.bad_dma ? 1 : 0;
}

/* A whole flash update: status, init table, image download, start, status. */
static int scn_flash(void)
{
	struct fwl_h h;
	size_t size = 3 * PAGE_SIZE + 100;
	u32 sum;
	int err, ret = 0;

	err = h_probe(&h, FWL_BOOT_ROM_READY, 0);
	if (err)
		return h_probe_failed(&h, err);
	err = h_load(&h, size, FWL_IMAGE_MAGIC, &sum);
	if (!h_faulting() &&
	    (err || h.boot_state != FWL_BOOT_RUNNING || h.image_len != size ||
	     h.image_crc != sum || h.fdev->fw_version != H_FW_VERSION)) {
		fprintf(stderr, "harness: flash: %d, state %u, %zu bytes, sum %s, version 0x%x\n",
			err, h.boot_state, h.image_len,
			h.image_crc == sum ? "ok" : "bad", h.fdev->fw_version);
		ret = 1;
	}
	h_destroy(&h);
	return ret | (h.bad_dma ? 1 : 0);
}

/*
 * Error paths: a bad header and a short image (refused before any DMA),
 * a boot ROM that is not ready, and one that fails the download.
 */
static int scn_errors(void)
{
	struct fwl_h h;
	u32 sum;
	int err, ret = 0;

	err = h_probe(&h, FWL_BOOT_ROM_READY, 0);
	if (err)
		return h_probe_failed(&h, err);
	if (h_load(&h, 2 * PAGE_SIZE, 0xdeadbeef, &sum) != -EINVAL)
		ret = 1;
	if (h_load(&h, 8, FWL_IMAGE_MAGIC, &sum) != -EINVAL)
		ret = 1;

	h.fail_op = FWL_OP_DOWNLOAD;
	err = h_load(&h, PAGE_SIZE + 512, FWL_IMAGE_MAGIC, &sum);
	if (!h_faulting() && err != -EIO)
		ret = 1;
	h.fail_op = FWL_OP_BOOT_INIT;
	err = h_load(&h, PAGE_SIZE, FWL_IMAGE_MAGIC, &sum);
	if (!h_faulting() && err != -EIO)
		ret = 1;
	h.fail_op = 0;

	/* Firmware already running: the boot ROM is not there to load. */
	h.boot_state = FWL_BOOT_RUNNING;
	err = h_load(&h, PAGE_SIZE, FWL_IMAGE_MAGIC, &sum);
	if (!h_faulting() && err != -EBUSY)
		ret = 1;
	h_destroy(&h);
	return ret | (h.bad_dma ? 1 : 0);
}

/* Probe of a device whose boot ROM fails the status read. */
static int scn_probe_fail(void)
{
	struct fwl_h h;
	int err;

	err = h_probe(&h, FWL_BOOT_ROM_READY, FWL_OP_GET_STATUS);
	h_destroy(&h);
	if (err == -EIO || h_faulting())
		return 0;
	fprintf(stderr, "harness: probe returned %d, not -EIO\n", err);
	return 1;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "flash", scn_flash },
	{ "errors", scn_errors },
	{ "probe-fail", scn_probe_fail },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
