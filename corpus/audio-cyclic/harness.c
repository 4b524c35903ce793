// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for corpus/audio-cyclic: a ZI2S platform device with "tx" and
 * "rx" dmaengine channels.  The harness plays the ALSA core's part: it
 * calls the driver's PCM ops in ALSA's order (hw_params, prepare, trigger
 * START, ..., trigger STOP, hw_free; STOP also after a failed START, as
 * snd_pcm_undo_start() does), fills the ring as an application would, and
 * checks what the simulated DMA controller moved through the I2S FIFOs.
 * Periods complete on libdmart's work thread (one per millisecond).
 */
#include DMART_DRIVER
#include <dmart.h>
#include <linux/delay.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RIG_BASE	0x40010000u
#define RIG_TXFIFO	(RIG_BASE + ZI2S_REG_TXFIFO)
#define RIG_RXFIFO	(RIG_BASE + ZI2S_REG_RXFIFO)
#define WAIT_MS		500

struct rig {
	struct resource res;
	struct platform_device pdev;
	struct zi2s *i2s;
	bool up;
};

static struct rig rig;

static const struct zi2s_hw_params pb_params = {
	.rate = 48000, .channels = 2, .sample_bits = 16,
	.period_bytes = 256, .periods = 4,
};

static const struct zi2s_hw_params cap_params = {
	.rate = 48000, .channels = 2, .sample_bits = 32,
	.period_bytes = 512, .periods = 4,
};

/* Under an injected fault a failing call is expected, not a driver bug. */
static bool faulted(void)
{
	return getenv("DMART_FAIL") != NULL;
}

static int fail(const char *what, int ret)
{
	if (faulted())
		return 0;
	fprintf(stderr, "harness: %s failed: %d\n", what, ret);
	return 1;
}

static int rig_up(void)
{
	memset(&rig, 0, sizeof(rig));
	rig.res.start = RIG_BASE;
	rig.res.end = RIG_BASE + 0xfff;
	rig.res.name = "zi2s-regs";
	rig.res.flags = IORESOURCE_MEM;
	rig.pdev.name = "zi2s";
	rig.pdev.id = -1;
	rig.pdev.num_resources = 1;
	rig.pdev.resource = &rig.res;
	if (dmart_device_init(&rig.pdev.dev, "zi2s0", DMA_BIT_MASK(32), 0))
		return -1;
	rig.up = true;
	if (dmart_dmaengine_provide(&rig.pdev.dev, "tx") ||
	    dmart_dmaengine_provide(&rig.pdev.dev, "rx"))
		return -1;
	return 0;
}

static int rig_probe(void)
{
	int ret = zi2s_driver.probe(&rig.pdev);

	if (!ret)
		rig.i2s = platform_get_drvdata(&rig.pdev);
	return ret;
}

static void rig_remove(void)
{
	if (rig.i2s)
		zi2s_driver.remove_new(&rig.pdev);
	rig.i2s = NULL;
}

static int rig_down(int status)
{
	rig_remove();
	if (rig.up)
		dmart_device_exit(&rig.pdev.dev);
	rig.up = false;
	if (dmart_misuse_count()) {
		fprintf(stderr, "harness: dmart API misused\n");
		return 1;
	}
	return status;
}

static unsigned long periods(struct zi2s_stream *s)
{
	unsigned long flags, n;

	spin_lock_irqsave(&s->lock, flags);
	n = s->elapsed;
	spin_unlock_irqrestore(&s->lock, flags);
	return n;
}

static bool wait_periods(struct zi2s_stream *s, unsigned long n)
{
	int ms;

	for (ms = 0; ms < WAIT_MS; ms++) {
		if (periods(s) >= n)
			return true;
		msleep(1);
	}
	return periods(s) >= n;
}

static unsigned char pattern(size_t i, unsigned int seed)
{
	return (unsigned char)((i * 7 + seed) ^ (i >> 8));
}

/* trigger START; on failure STOP, as snd_pcm_undo_start() does. */
static int pcm_start(struct zi2s_stream *s)
{
	int ret = zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_START);

	if (ret)
		zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_STOP);
	return ret;
}

/* The application writes the whole ring before starting playback. */
static void fill_ring(struct zi2s_stream *s, unsigned int seed)
{
	unsigned char *p = s->area;
	size_t i;

	for (i = 0; i < s->buffer_bytes; i++)
		p[i] = pattern(i, seed);
}

/* What came out of the TX FIFO: the silence prime, then the ring. */
static int check_tx_fifo(struct zi2s_stream *s, unsigned int seed)
{
	size_t len = 64 * 1024, i;
	unsigned char *out = malloc(len);
	ssize_t n;
	int bad = 0;

	if (!out)
		return 1;
	n = dmart_dmaengine_fifo_read(&rig.pdev.dev, RIG_TXFIFO, out, len);
	if (n < (ssize_t)(ZI2S_PRIME_BYTES + s->buffer_bytes)) {
		fprintf(stderr, "harness: TX FIFO got %zd bytes\n", n);
		bad = 1;
	}
	for (i = 0; !bad && i < ZI2S_PRIME_BYTES; i++)
		if (out[i])
			bad = 1;
	for (i = 0; !bad && i < s->buffer_bytes; i++)
		if (out[ZI2S_PRIME_BYTES + i] != pattern(i, seed))
			bad = 1;
	if (bad)
		fprintf(stderr, "harness: TX FIFO does not hold silence + ring\n");
	/* Drop the rest, so that the next run starts on an empty FIFO. */
	while (n > 0)
		n = dmart_dmaengine_fifo_read(&rig.pdev.dev, RIG_TXFIFO, out, len);
	free(out);
	return bad;
}

/*
 * One playback run on a probed rig: hw_params, prepare, START, some
 * periods, pause and release, STOP, hw_free.  @keep leaves the ring
 * allocated (no hw_free) for a second hw_params.
 */
static int playback_run(const struct zi2s_hw_params *params, unsigned int seed,
			bool pause, bool keep)
{
	struct zi2s_stream *s = &rig.i2s->playback;
	unsigned long n;
	size_t pos;
	int ret, status = 0;

	ret = zi2s_pcm_ops.hw_params(s, params);
	if (ret)
		return fail("playback hw_params", ret);
	fill_ring(s, seed);
	ret = zi2s_pcm_ops.prepare(s);
	if (ret) {
		status = fail("playback prepare", ret);
		goto out;
	}
	ret = pcm_start(s);
	if (ret) {
		status = fail("playback START", ret);
		goto out;
	}
	if (!wait_periods(s, 2 * params->periods)) {
		fprintf(stderr, "harness: playback: %lu periods\n", periods(s));
		status = 1;
	}
	pos = zi2s_pcm_ops.pointer(s);
	if (pos >= s->buffer_bytes || pos % params->period_bytes) {
		fprintf(stderr, "harness: playback pointer %zu\n", pos);
		status = 1;
	}
	if (pause && !status) {
		zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_PAUSE_PUSH);
		msleep(2);
		n = periods(s);
		msleep(10);
		if (periods(s) > n + 1) {
			fprintf(stderr, "harness: periods ran while paused\n");
			status = 1;
		}
		zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_PAUSE_RELEASE);
		if (!wait_periods(s, periods(s) + 2)) {
			fprintf(stderr, "harness: no periods after pause release\n");
			status = 1;
		}
	}
	zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_STOP);
	if (!status)
		status = check_tx_fifo(s, seed);
out:
	if (!keep)
		zi2s_pcm_ops.hw_free(s);
	return status;
}

static int capture_run(void)
{
	struct zi2s_stream *s = &rig.i2s->capture;
	size_t ring = cap_params.period_bytes * cap_params.periods, i;
	unsigned char *in = malloc(64 * ring);
	unsigned char *p;
	int ret, status = 0;

	if (!in)
		return 1;
	/* The codec's samples: the same ring's worth, 64 times over. */
	for (i = 0; i < 64 * ring; i++)
		in[i] = pattern(i % ring, 3);
	dmart_dmaengine_fifo_write(&rig.pdev.dev, RIG_RXFIFO, in, 64 * ring);
	free(in);

	ret = zi2s_pcm_ops.hw_params(s, &cap_params);
	if (ret)
		return fail("capture hw_params", ret);
	ret = zi2s_pcm_ops.prepare(s);
	if (ret) {
		status = fail("capture prepare", ret);
		goto out;
	}
	ret = pcm_start(s);
	if (ret) {
		status = fail("capture START", ret);
		goto out;
	}
	if (!wait_periods(s, cap_params.periods + 1)) {
		/* What ALSA reports as "capture read error (DMA or IRQ trouble?)". */
		fprintf(stderr, "harness: capture: %lu periods in %d ms\n",
			periods(s), WAIT_MS);
		status = 1;
	}
	/* A read() updates the hardware pointer first, as ALSA does. */
	zi2s_pcm_ops.pointer(s);
	zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_STOP);
	p = s->area;
	for (i = 0; !status && i < ring; i++) {
		if (p[i] != pattern(i, 3)) {
			fprintf(stderr, "harness: capture ring differs at %zu\n", i);
			status = 1;
		}
	}
out:
	zi2s_pcm_ops.hw_free(s);
	return status;
}

/* ------------------------------------------------------------ scenarios */

static int scn_probe_remove(void)
{
	int ret;

	if (rig_up())
		return rig_down(1);
	ret = rig_probe();
	if (ret)
		return rig_down(fail("probe", ret));
	return rig_down(0);
}

static int scn_playback(void)
{
	int ret;

	if (rig_up())
		return rig_down(1);
	ret = rig_probe();
	if (ret)
		return rig_down(fail("probe", ret));
	return rig_down(playback_run(&pb_params, 1, true, false));
}

static int scn_capture(void)
{
	int ret;

	if (rig_up())
		return rig_down(1);
	ret = rig_probe();
	if (ret)
		return rig_down(fail("probe", ret));
	return rig_down(capture_run());
}

/*
 * Two runs back to back with a new hw_params in between (the ring is
 * reallocated with another geometry), then a full-duplex run.
 */
static int scn_restart_duplex(void)
{
	static const struct zi2s_hw_params big = {
		.rate = 96000, .channels = 2, .sample_bits = 32,
		.period_bytes = 1024, .periods = 3,
	};
	int ret, status;

	if (rig_up())
		return rig_down(1);
	ret = rig_probe();
	if (ret)
		return rig_down(fail("probe", ret));
	status = playback_run(&pb_params, 5, false, true);
	status |= playback_run(&big, 9, false, false);
	if (!status) {
		struct zi2s_stream *s = &rig.i2s->playback;

		ret = zi2s_pcm_ops.hw_params(s, &pb_params);
		if (ret)
			return rig_down(fail("playback hw_params", ret));
		fill_ring(s, 11);
		zi2s_pcm_ops.prepare(s);
		ret = pcm_start(s);
		if (ret) {
			zi2s_pcm_ops.hw_free(s);
			return rig_down(fail("playback START", ret));
		}
		status = capture_run();
		zi2s_pcm_ops.trigger(s, ZI2S_TRIGGER_STOP);
		if (!status)
			status = check_tx_fifo(s, 11);
		zi2s_pcm_ops.hw_free(s);
	}
	return rig_down(status);
}

/* hw_params the driver must refuse, and trigger commands it does not know. */
static int scn_bad_params(void)
{
	static const struct zi2s_hw_params bad[] = {
		{ 48000, 3, 16, 256, 4 },		/* channels */
		{ 48000, 2, 24, 256, 4 },		/* sample size */
		{ 44100, 2, 16, 256, 4 },		/* no clock divider for it */
		{ 48000, 2, 16, 256, 1 },		/* one period */
		{ 48000, 2, 16, 250, 4 },		/* period not whole frames */
		{ 48000, 2, 16, 32768, 4 },		/* ring too large */
	};
	struct zi2s_stream *s;
	unsigned int i;
	int ret, status = 0;

	if (rig_up())
		return rig_down(1);
	ret = rig_probe();
	if (ret)
		return rig_down(fail("probe", ret));
	s = &rig.i2s->playback;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (zi2s_pcm_ops.hw_params(s, &bad[i]) != -EINVAL) {
			fprintf(stderr, "harness: bad hw_params %u accepted\n", i);
			status = 1;
		}
	}
	if (zi2s_pcm_ops.prepare(s) != -EINVAL) {
		fprintf(stderr, "harness: prepare without a ring accepted\n");
		status = 1;
	}
	if (zi2s_pcm_ops.trigger(s, 42) != -EINVAL) {
		fprintf(stderr, "harness: unknown trigger accepted\n");
		status = 1;
	}
	zi2s_pcm_ops.hw_free(s);
	return rig_down(status);
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "playback", scn_playback },
	{ "capture", scn_capture },
	{ "restart-duplex", scn_restart_duplex },
	{ "bad-params", scn_bad_params },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
