// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the OFL offload engine (bad.c / good.c, whichever
 * DMART_DRIVER names).  The harness is the engine: a thread that watches the
 * ring tail register in BAR 0, fetches each command by DMA from the ring the
 * driver programmed (RING_BASE), reads and writes the buffers the command
 * names by DMA, writes the status block (STATUS_ADDR) and raises the
 * interrupt, so that ofl_run(), which waits for it, runs as it would against
 * the hardware.  Each scenario probes, exercises and removes the driver, then
 * destroys the device (which reports what is still allocated or mapped).
 */
#include DMART_DRIVER
#include <dmart.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define H_SERIAL	"OFL-0042-7731-A"
#define H_FW_MAJOR	2
#define H_FW_MINOR	9

struct ofl_h {
	struct pci_dev *pdev;
	struct ofl_dev *od;
	void __iomem *bar;
	pthread_t thread;
	bool running;
	int stop;		/* __atomic */
	int fail_next;		/* __atomic: error code for the next command */
	unsigned int head;	/* next ring entry the engine fetches */
	unsigned int done;	/* commands completed */
	unsigned int bus_err;	/* DMA the runtime refused */
};

/* A fault was injected: the driver may fail probe or a command. */
static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static u32 h_crc32(const u8 *p, size_t len)
{
	u32 crc = ~0u;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* -------------------------------------------------- the device's side */

static u32 h_execute(struct ofl_h *h, const struct ofl_cmd *cmd, u32 *crc)
{
	static u8 data[OFL_MAX_XFER];
	struct device *dev = &h->pdev->dev;
	u32 len = le32_to_cpu(cmd->len);
	dma_addr_t src = le64_to_cpu(cmd->src), dst = le64_to_cpu(cmd->dst);
	u32 err = __atomic_exchange_n(&h->fail_next, 0, __ATOMIC_ACQ_REL);
	u8 pattern[OFL_PATTERN_LEN];
	u32 i;

	if (err)
		return err;
	if (!len || len > OFL_MAX_XFER)
		return OFL_ERR_INVAL;
	switch (le16_to_cpu(cmd->opcode)) {
	case OFL_OP_IDENTIFY: {
		struct ofl_ident id;

		memset(&id, 0, sizeof(id));
		memcpy(id.serial, H_SERIAL, sizeof(H_SERIAL));
		id.fw_major = cpu_to_le16(H_FW_MAJOR);
		id.fw_minor = cpu_to_le16(H_FW_MINOR);
		id.caps = cpu_to_le32(0x3);
		if (dmart_dev_write(dev, dst, &id, min_t(u32, len, sizeof(id))))
			goto bus_err;
		return OFL_ERR_NONE;
	}
	case OFL_OP_CRC32:
		if (dmart_dev_read(dev, src, data, len))
			goto bus_err;
		*crc = h_crc32(data, len);
		return OFL_ERR_NONE;
	case OFL_OP_FILL:
		if (dmart_dev_read(dev, src, pattern, sizeof(pattern)))
			goto bus_err;
		for (i = 0; i < len; i++)
			data[i] = pattern[i % sizeof(pattern)];
		if (dmart_dev_write(dev, dst, data, len))
			goto bus_err;
		return OFL_ERR_NONE;
	}
	return OFL_ERR_INVAL;

bus_err:
	/* The runtime refused the access (an IOMMU fault on real hardware). */
	h->bus_err++;
	return OFL_ERR_BUS;
}

/* Fetch and run the commands up to the tail, report each, interrupt. */
static void h_serve(struct ofl_h *h, unsigned int tail)
{
	struct device *dev = &h->pdev->dev;
	dma_addr_t ring = lo_hi_readq(h->bar + OFL_REG_RING_BASE);
	dma_addr_t status = lo_hi_readq(h->bar + OFL_REG_STATUS_ADDR);

	while (h->head != tail) {
		struct ofl_status st;
		struct ofl_cmd cmd;
		u32 crc = 0, err;

		if (dmart_dev_read(dev, ring + h->head * sizeof(cmd), &cmd,
				   sizeof(cmd))) {
			h->bus_err++;
			return;
		}
		err = h_execute(h, &cmd, &crc);
		h->head = OFL_NEXT(h->head);
		st.head = cpu_to_le32(h->head);
		st.done_tag = cmd.tag;
		st.error = cpu_to_le32(err);
		st.crc = cpu_to_le32(crc);
		if (dmart_dev_write(dev, status, &st, sizeof(st))) {
			h->bus_err++;
			return;
		}
		h->done++;
		if (readl(h->bar + OFL_REG_IMR) & OFL_INT_DONE) {
			writel(OFL_INT_DONE, h->bar + OFL_REG_ISR);
			dmart_irq_raise(h->pdev->irq);
			writel(0, h->bar + OFL_REG_ISR);	/* write-1-to-clear */
		}
	}
}

static void *h_engine_thread(void *arg)
{
	struct ofl_h *h = arg;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
		unsigned int tail;

		if (!(readl(h->bar + OFL_REG_CTRL) & OFL_CTRL_ENABLE)) {
			h->head = 0;		/* held in reset */
			usleep(50);
			continue;
		}
		tail = readl(h->bar + OFL_REG_TAIL) & (OFL_RING_ENTRIES - 1);
		if (tail != h->head)
			h_serve(h, tail);
		else
			usleep(50);
	}
	return NULL;
}

/* ------------------------------------------------------ the host side */

static void h_destroy(struct ofl_h *h)
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

static int h_probe(struct ofl_h *h, const char *name, u8 revision)
{
	int err;

	memset(h, 0, sizeof(*h));
	h->pdev = dmart_pci_device_create(name, DMA_BIT_MASK(64), 0);
	if (!h->pdev)
		return -ENODEV;
	h->pdev->vendor = 0x1d17;
	h->pdev->device = 0x0b10;
	h->pdev->revision = revision;
	/* BAR 0 exists before the driver maps it: the engine thread watches it. */
	h->bar = pci_iomap(h->pdev, 0, 0);
	if (!h->bar || pthread_create(&h->thread, NULL, h_engine_thread, h)) {
		h_destroy(h);
		return -ENOMEM;
	}
	h->running = true;
	err = ofl_driver.probe(h->pdev, &ofl_pci_tbl[0]);
	if (err) {
		h_destroy(h);
		return err;
	}
	h->od = pci_get_drvdata(h->pdev);
	return 0;
}

static int h_teardown(struct ofl_h *h)
{
	int ret = 0;

	if (!h->pdev)
		return 0;
	ofl_driver.remove(h->pdev);
	if (h->bus_err) {
		fprintf(stderr, "harness: engine DMA refused %u time(s)\n",
			h->bus_err);
		ret = 1;
	}
	h_destroy(h);
	return ret;
}

/* Probe failed: expected only when a fault was injected. */
static int h_probe_failed(int err)
{
	if (h_faulting())
		return 0;
	fprintf(stderr, "harness: probe failed (%d) without a fault\n", err);
	return 1;
}

/* The identify page made it to the driver. */
static int h_check_identify(struct ofl_h *h)
{
	if (strcmp(h->od->serial, H_SERIAL) || h->od->fw_major != H_FW_MAJOR ||
	    h->od->fw_minor != H_FW_MINOR) {
		fprintf(stderr, "harness: identify gave '%s' %u.%u\n",
			h->od->serial, h->od->fw_major, h->od->fw_minor);
		return 1;
	}
	return 0;
}

/* CRC of @len bytes by the engine; 0 when it matches, -1 if it failed. */
static int h_crc(struct ofl_h *h, size_t len, u8 seed)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);
	u32 crc = 0;
	size_t i;
	int err;

	if (!buf)
		return 1;
	for (i = 0; i < len; i++)
		buf[i] = (u8)(seed + i * 7);
	err = ofl_crc32(h->od, buf, len, &crc);
	if (!err && crc != h_crc32(buf, len)) {
		fprintf(stderr, "harness: crc of %zu bytes %08x, want %08x\n",
			len, crc, h_crc32(buf, len));
		err = 1;
	}
	kfree(buf);
	return err;
}

/* Fill of @len bytes by the engine; 0 when the buffer holds @value. */
static int h_fill(struct ofl_h *h, size_t len, u8 value)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);
	size_t i;
	int err;

	if (!buf)
		return 1;
	memset(buf, ~value, len);
	err = ofl_fill(h->od, buf, len, value);
	for (i = 0; !err && i < len; i++) {
		if (buf[i] != value) {
			fprintf(stderr, "harness: fill byte %zu is %02x, want %02x\n",
				i, buf[i], value);
			err = 1;
		}
	}
	kfree(buf);
	return err;
}

/* An expected failure of a command is one a fault explains. */
static int h_result(int err)
{
	if (!err)
		return 0;
	if (err == -ENOMEM && h_faulting())
		return 0;
	fprintf(stderr, "harness: command failed (%d)\n", err);
	return 1;
}

/* ------------------------------------------------------------ scenarios */

/* Probe (identify), remove. */
static int scn_probe_remove(void)
{
	struct ofl_h h;
	int err, ret;

	err = h_probe(&h, "ofl0", 0x02);
	if (err)
		return h_probe_failed(err);
	ret = h_faulting() ? 0 : h_check_identify(&h);
	ret |= h_teardown(&h);
	return ret;
}

static int h_commands(const char *name, u8 revision)
{
	static const size_t sizes[] = { 4, 60, 512, 4096, 65536 };
	struct ofl_h h;
	unsigned int i;
	int err, ret = 0;

	err = h_probe(&h, name, revision);
	if (err)
		return h_probe_failed(err);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ret |= h_result(h_crc(&h, sizes[i], (u8)i));
		ret |= h_result(h_fill(&h, sizes[i], (u8)(0xa0 + i)));
	}
	ret |= h_teardown(&h);
	return ret;
}

/* CRC and fill commands through the ring. */
static int scn_commands(void)
{
	return h_commands("ofl0", 0x02);
}

/* The same on rev A0 silicon, limited to a 31-bit DMA mask. */
static int scn_rev_a0(void)
{
	return h_commands("ofl0", OFL_REV_A0);
}

/* Bad arguments, and commands the engine fails with a bus error. */
static int scn_errors(void)
{
	struct ofl_h h;
	u8 *buf;
	u32 crc;
	int err, ret = 0;

	err = h_probe(&h, "ofl0", 0x02);
	if (err)
		return h_probe_failed(err);
	buf = kzalloc(64, GFP_KERNEL);
	if (!buf) {
		h_teardown(&h);
		return 1;
	}
	if (ofl_crc32(h.od, buf, 0, &crc) != -EINVAL ||
	    ofl_fill(h.od, buf, OFL_MAX_XFER + 1, 0) != -EINVAL)
		ret = 1;
	__atomic_store_n(&h.fail_next, OFL_ERR_BUS, __ATOMIC_RELEASE);
	err = ofl_crc32(h.od, buf, 64, &crc);
	if (err != -EIO && !(err == -ENOMEM && h_faulting()))
		ret = 1;
	__atomic_store_n(&h.fail_next, OFL_ERR_BUS, __ATOMIC_RELEASE);
	err = ofl_fill(h.od, buf, 64, 0x11);
	if (err != -EIO && !(err == -ENOMEM && h_faulting()))
		ret = 1;
	__atomic_store_n(&h.fail_next, 0, __ATOMIC_RELEASE);
	if (ret)
		fprintf(stderr, "harness: failed commands not reported\n");
	ret |= h_result(h_crc(&h, 128, 3));
	kfree(buf);
	ret |= h_teardown(&h);
	return ret;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "commands", scn_commands },
	{ "rev-a0", scn_rev_a0 },
	{ "errors", scn_errors },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
