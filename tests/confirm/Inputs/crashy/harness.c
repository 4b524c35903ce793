// SPDX-License-Identifier: GPL-2.0
#include DMART_DRIVER
#include <dmart.h>
#include <linux/slab.h>
#include <signal.h>

static int scn_send(void)
{
	struct device *dev = dmart_device_create("crashy", DMA_BIT_MASK(32), 0);
	void *buf = kmalloc(64, GFP_KERNEL);

	raise(SIGSEGV);		/* the "driver" crashes first */
	crashy_send(dev, buf);
	return 0;
}

static const struct dmart_scenario scenarios[] = {
	{ "send", scn_send },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
