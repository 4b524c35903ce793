// SPDX-License-Identifier: GPL-2.0
#include DMART_DRIVER
#include <dmart.h>

static struct toy t;

static int start(void)
{
	t.dev = dmart_device_create("toy", DMA_BIT_MASK(32), 0);
	t.buf = kmalloc(64, GFP_KERNEL);
	return t.dev && t.buf ? 0 : -1;
}

static void stop(void)
{
	kfree(t.buf);
	dmart_device_destroy(t.dev);
}

static int scn_probe(void)
{
	if (start())
		return 1;
	if (!toy_alloc(&t))
		toy_free(&t);
	stop();
	return 0;
}

static int scn_send(void)
{
	u32 reg;

	if (start())
		return 1;
	toy_send(&t, &reg);
	stop();
	return 0;
}

static int scn_prime(void)
{
	if (start())
		return 1;
	t.ops = &toy_dma_ops;
	toy_prime(&t);
	stop();
	return 0;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe", scn_probe },
	{ "send", scn_send },
	{ "prime", scn_prime },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
