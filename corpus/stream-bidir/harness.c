// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for the SHB sensor hub (bad.c / good.c, whichever DMART_DRIVER
 * names).  The harness is the hub: a thread that watches the doorbell
 * register in BAR 0, reads the command from the mailbox by DMA at the bus
 * address the driver programmed (MBOX_ADDR), answers in place by DMA and
 * raises the interrupt, so that shb_exec(), which waits for it, runs as it
 * would against the hardware.  Each scenario probes, exercises and removes
 * the driver, then destroys the device (which reports what is still mapped).
 */
#include DMART_DRIVER
#include <dmart.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define H_NR_SENSORS	3
#define H_FIFO_DEPTH	6	/* samples queued per sensor per read */

struct shb_h {
	struct pci_dev *pdev;
	struct shb_priv *priv;
	void __iomem *bar;
	pthread_t thread;
	bool running;
	int stop;		/* __atomic */
	int mute;		/* __atomic: ignore doorbells (a hung hub) */
	u16 fw_major;		/* what HELLO answers */
	u32 last_seq;
	u32 rate[SHB_MAX_SENSORS];
	u64 clock;
	unsigned int served;	/* commands answered */
	unsigned int parked;
	unsigned int bus_err;	/* mailbox DMA the runtime refused */
};

/* A fault was injected: the driver may fail probe. */
static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

/* -------------------------------------------------- the device's side */

static u32 h_answer(struct shb_h *h, u16 op, const u8 *in, u32 in_len,
		    u8 *out, u32 *out_len)
{
	*out_len = 0;
	switch (op) {
	case SHB_OP_HELLO: {
		struct shb_hello hello = {
			.fw_major = cpu_to_le16(h->fw_major),
			.fw_minor = cpu_to_le16(7),
			.nr_sensors = cpu_to_le32(H_NR_SENSORS),
		};

		memcpy(out, &hello, sizeof(hello));
		*out_len = sizeof(hello);
		return SHB_STS_OK;
	}
	case SHB_OP_SET_RATE: {
		struct shb_rate_cmd cmd;

		if (in_len != sizeof(cmd))
			return SHB_STS_EINVAL;
		memcpy(&cmd, in, sizeof(cmd));
		if (le32_to_cpu(cmd.sensor) >= H_NR_SENSORS ||
		    !le32_to_cpu(cmd.hz) || le32_to_cpu(cmd.hz) > 1000)
			return SHB_STS_EINVAL;
		h->rate[le32_to_cpu(cmd.sensor)] = le32_to_cpu(cmd.hz);
		return SHB_STS_OK;
	}
	case SHB_OP_READ_SAMPLES: {
		struct shb_read_cmd cmd;
		struct shb_sample s;
		u32 sensor, i, n;

		if (in_len != sizeof(cmd))
			return SHB_STS_EINVAL;
		memcpy(&cmd, in, sizeof(cmd));
		sensor = le32_to_cpu(cmd.sensor);
		if (sensor >= H_NR_SENSORS)
			return SHB_STS_EINVAL;
		if (!h->rate[sensor])
			return SHB_STS_EBUSY;	/* sensor not started */
		n = min_t(u32, le32_to_cpu(cmd.max), H_FIFO_DEPTH);
		for (i = 0; i < n; i++) {
			memset(&s, 0, sizeof(s));
			s.timestamp = cpu_to_le64(++h->clock);
			s.val[0] = cpu_to_le32(sensor * 1000 + i);
			s.val[1] = cpu_to_le32(h->rate[sensor]);
			s.val[2] = cpu_to_le32(0x5a5a0000 | i);
			memcpy(out + i * sizeof(s), &s, sizeof(s));
		}
		*out_len = n * sizeof(s);
		return SHB_STS_OK;
	}
	case SHB_OP_PARK:
		h->parked++;
		memset(h->rate, 0, sizeof(h->rate));
		return SHB_STS_OK;
	}
	return SHB_STS_EINVAL;
}

/* One doorbell: fetch the command, answer it in place, interrupt. */
static void h_serve(struct shb_h *h)
{
	static u8 in[SHB_MBOX_DATA], out[SHB_MBOX_DATA];
	struct device *dev = &h->pdev->dev;
	dma_addr_t mbox = lo_hi_readq(h->bar + SHB_REG_MBOX_ADDR);
	struct shb_mbox_hdr hdr;
	u32 in_len, out_len = 0, status;

	if (!(readl(h->bar + SHB_REG_CTRL) & SHB_CTRL_ENABLE))
		return;
	if (dmart_dev_read(dev, mbox, &hdr, sizeof(hdr))) {
		h->bus_err++;
		return;
	}
	in_len = le32_to_cpu(hdr.len);
	if (in_len > SHB_MBOX_DATA) {
		status = SHB_STS_EINVAL;
	} else if (in_len && dmart_dev_read(dev, mbox + sizeof(hdr), in, in_len)) {
		h->bus_err++;
		return;
	} else {
		status = h_answer(h, le16_to_cpu(hdr.op), in, in_len, out, &out_len);
	}
	if (out_len && dmart_dev_write(dev, mbox + sizeof(hdr), out, out_len)) {
		h->bus_err++;
		return;
	}
	hdr.status = cpu_to_le32(status);
	hdr.len = cpu_to_le32(out_len);
	if (dmart_dev_write(dev, mbox, &hdr, sizeof(hdr))) {
		h->bus_err++;
		return;
	}
	h->served++;
	if (readl(h->bar + SHB_REG_IMR) & SHB_INT_MBOX) {
		writel(SHB_INT_MBOX, h->bar + SHB_REG_ISR);
		dmart_irq_raise(h->pdev->irq);
		writel(0, h->bar + SHB_REG_ISR);	/* write-1-to-clear */
	}
}

static void *h_hub_thread(void *arg)
{
	struct shb_h *h = arg;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
		u32 seq = readl(h->bar + SHB_REG_DOORBELL);

		if (seq != h->last_seq) {
			h->last_seq = seq;
			if (!__atomic_load_n(&h->mute, __ATOMIC_ACQUIRE))
				h_serve(h);
			continue;
		}
		usleep(50);
	}
	return NULL;
}

/* ------------------------------------------------------ the host side */

static int h_start(struct shb_h *h, const char *name, unsigned int flags,
		   u16 fw_major)
{
	memset(h, 0, sizeof(*h));
	h->fw_major = fw_major;
	h->pdev = dmart_pci_device_create(name, DMA_BIT_MASK(64), flags);
	if (!h->pdev)
		return -ENODEV;
	h->pdev->vendor = 0x1d17;
	h->pdev->device = 0x0420;
	/* BAR 0 exists before the driver maps it: the hub thread watches it. */
	h->bar = pci_iomap(h->pdev, 0, 0);
	if (!h->bar || pthread_create(&h->thread, NULL, h_hub_thread, h)) {
		dmart_pci_device_destroy(h->pdev);
		h->pdev = NULL;
		return -ENOMEM;
	}
	h->running = true;
	return 0;
}

static void h_stop_hub(struct shb_h *h)
{
	if (!h->running)
		return;
	__atomic_store_n(&h->stop, 1, __ATOMIC_RELEASE);
	pthread_join(h->thread, NULL);
	h->running = false;
}

static void h_destroy(struct shb_h *h)
{
	h_stop_hub(h);
	if (h->pdev)
		dmart_pci_device_destroy(h->pdev);
	h->pdev = NULL;
}

static int h_probe(struct shb_h *h, const char *name, unsigned int flags)
{
	int err = h_start(h, name, flags, SHB_FW_MAJOR);

	if (err)
		return err;
	err = shb_driver.probe(h->pdev, &shb_pci_tbl[0]);
	if (err) {
		h_destroy(h);
		return err;
	}
	h->priv = pci_get_drvdata(h->pdev);
	return 0;
}

/* Remove (the driver parks the hub), then destroy the device. */
static int h_teardown(struct shb_h *h)
{
	int ret = 0;

	if (!h->pdev)
		return 0;
	shb_driver.remove(h->pdev);
	if (!h->parked) {
		fprintf(stderr, "harness: the hub was not parked\n");
		ret = 1;
	}
	if (h->bus_err) {
		fprintf(stderr, "harness: %u mailbox accesses refused\n",
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

/* Start @sensor and read a batch; 0 when the samples are the hub's. */
static int h_read_sensor(struct shb_h *h, unsigned int sensor, unsigned int hz,
			 unsigned int max)
{
	struct shb_sample s[H_FIFO_DEPTH + 2];
	unsigned int want = min_t(unsigned int, max, H_FIFO_DEPTH);
	int n, i, err;

	err = shb_set_rate(h->priv, sensor, hz);
	if (err) {
		fprintf(stderr, "harness: set_rate(%u, %u): %d\n", sensor, hz, err);
		return 1;
	}
	memset(s, 0, sizeof(s));
	n = shb_read_samples(h->priv, sensor, s, max);
	if (n != (int)want) {
		fprintf(stderr, "harness: sensor %u: %d samples, expected %u\n",
			sensor, n, want);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (le32_to_cpu(s[i].val[0]) != sensor * 1000 + i ||
		    le32_to_cpu(s[i].val[1]) != hz ||
		    le32_to_cpu(s[i].val[2]) != (0x5a5a0000u | i)) {
			fprintf(stderr, "harness: sensor %u sample %d is wrong\n",
				sensor, i);
			return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ scenarios */

/* Probe (handshake with the hub), remove (park). */
static int scn_probe_remove(void)
{
	struct shb_h h;
	int err, ret = 0;

	err = h_probe(&h, "shb0", 0);
	if (err)
		return h_probe_failed(err);
	if (h.priv->fw_major != SHB_FW_MAJOR ||
	    h.priv->nr_sensors != H_NR_SENSORS) {
		fprintf(stderr, "harness: hello gave %u.%u, %u sensors\n",
			h.priv->fw_major, h.priv->fw_minor, h.priv->nr_sensors);
		ret = 1;
	}
	ret |= h_teardown(&h);
	return ret;
}

static int h_sensor_traffic(const char *name, unsigned int flags)
{
	struct shb_h h;
	unsigned int round, sensor;
	int err, ret = 0;

	err = h_probe(&h, name, flags);
	if (err)
		return h_probe_failed(err);
	for (round = 0; round < 4 && !ret; round++)
		for (sensor = 0; sensor < H_NR_SENSORS && !ret; sensor++)
			ret |= h_read_sensor(&h, sensor, 50 + 10 * round,
					     round + 3);
	ret |= h_teardown(&h);
	return ret;
}

/* Commands and answers back and forth through the one mailbox. */
static int scn_sensors(void)
{
	return h_sensor_traffic("shb0", 0);
}

/*
 * The same on a non-coherent device: the hub sees the mailbox only after
 * dma_sync_single_for_device(), the CPU its answer only after
 * dma_sync_single_for_cpu().
 */
static int scn_noncoherent(void)
{
	return h_sensor_traffic("shb0", DMART_NONCOHERENT);
}

/* Commands the hub refuses: bad rate (EINVAL), sensor not started (EBUSY). */
static int scn_hub_errors(void)
{
	struct shb_sample s[4];
	struct shb_h h;
	int err, ret = 0;

	err = h_probe(&h, "shb0", 0);
	if (err)
		return h_probe_failed(err);
	if (shb_set_rate(h.priv, 1, 0) != -EIO)
		ret = 1;
	if (shb_read_samples(h.priv, 2, s, 4) != -EBUSY)
		ret = 1;
	if (shb_read_samples(h.priv, SHB_MAX_SENSORS, s, 4) != -EINVAL)
		ret = 1;
	ret |= h_read_sensor(&h, 2, 100, 4);
	if (ret)
		fprintf(stderr, "harness: refused commands not reported\n");
	ret |= h_teardown(&h);
	return ret;
}

/* The hub stops answering: the command times out, the driver resets it. */
static int scn_timeout(void)
{
	struct shb_sample s[4];
	struct shb_h h;
	int err, ret = 0;

	err = h_probe(&h, "shb0", 0);
	if (err)
		return h_probe_failed(err);
	ret |= h_read_sensor(&h, 0, 100, 2);
	__atomic_store_n(&h.mute, 1, __ATOMIC_RELEASE);
	err = shb_read_samples(h.priv, 0, s, 4);
	__atomic_store_n(&h.mute, 0, __ATOMIC_RELEASE);
	if (err != -ETIMEDOUT) {
		fprintf(stderr, "harness: hung hub gave %d\n", err);
		ret = 1;
	}
	/* The hub came back from its reset with its sensors stopped. */
	memset(h.rate, 0, sizeof(h.rate));
	ret |= h_read_sensor(&h, 0, 100, 4);
	ret |= h_teardown(&h);
	return ret;
}

/* The hub runs firmware of another major version: probe must fail cleanly. */
static int scn_bad_firmware(void)
{
	struct shb_h h;
	int err, ret = 0;

	err = h_start(&h, "shb0", 0, SHB_FW_MAJOR - 1);
	if (err)
		return 1;
	err = shb_driver.probe(h.pdev, &shb_pci_tbl[0]);
	if (!err) {
		fprintf(stderr, "harness: probe accepted firmware %u\n",
			SHB_FW_MAJOR - 1);
		h.priv = pci_get_drvdata(h.pdev);
		return h_teardown(&h) | 1;
	}
	if (err != -ENODEV && !h_faulting()) {
		fprintf(stderr, "harness: probe failed with %d, not -ENODEV\n",
			err);
		ret = 1;
	}
	h_destroy(&h);
	return ret;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "sensors", scn_sensors },
	{ "noncoherent", scn_noncoherent },
	{ "hub-errors", scn_hub_errors },
	{ "timeout", scn_timeout },
	{ "bad-firmware", scn_bad_firmware },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
