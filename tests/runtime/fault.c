// Fault injection at every class, as the kernel fails: map ->
// DMA_MAPPING_ERROR, map_sg -> 0, alloc/pool_alloc/prep -> NULL,
// request_chan -> ERR_PTR; nth, every-nth and seeded random modes, and the
// DMART_FAIL environment variable.  Setting or clearing a fault keeps the
// class's call count; N counts from the call after the setting.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// RUN: env DMART_FAIL=map:2,alloc:1 %t env 2>&1 | %FileCheck --check-prefix=ENV %s
// CHECK: map: ok FAIL ok
// CHECK: map_sg: 0
// CHECK: alloc: NULL
// CHECK: pool_alloc: NULL
// CHECK: request_chan: ERR_PTR -19
// CHECK: prep: NULL
// CHECK: every 2: ok FAIL ok FAIL
// CHECK: random 50% seed 7 twice the same: yes, some fail: yes, some pass: yes
// CHECK: map calls 67, nth 2 from here: ok FAIL ok, map calls 70
// CHECK: cleared: map calls 70, next call 71
// CHECK: errors 0
// ENV: env: map ok FAIL alloc NULL
// ENV: errors 0

#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/dmaengine.h>
#include <linux/slab.h>

static struct device *dev;
static char *buf;

static int map_once(void)
{
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, h))
		return 0;
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	return 1;
}

static void env_mode(void)
{
	dma_addr_t h;
	void *p;
	int a = map_once(), b = map_once();

	p = dma_alloc_coherent(dev, 64, &h, GFP_KERNEL);
	printf("env: map %s %s alloc %s\n", a ? "ok" : "FAIL", b ? "ok" : "FAIL",
	       p ? "ok" : "NULL");
}

int main(int argc, char **argv)
{
	struct scatterlist sg;
	struct dma_pool *pool;
	struct dma_chan *chan;
	char seq1[32], seq2[32];
	unsigned long n;
	dma_addr_t h;
	int i, a, b, c, d;

	dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	buf = kmalloc(64, GFP_KERNEL);
	if (argc > 1) {
		env_mode();
		goto out;
	}
	dmart_fail_nth("map", 2);
	a = map_once(), b = map_once(), c = map_once();
	printf("map: %s %s %s\n", a ? "ok" : "FAIL", b ? "ok" : "FAIL", c ? "ok" : "FAIL");

	dmart_fail_nth("map_sg", 1);
	sg_init_one(&sg, buf, 64);
	printf("map_sg: %u\n", dma_map_sg(dev, &sg, 1, DMA_TO_DEVICE));

	dmart_fail_nth("alloc", 1);
	printf("alloc: %s\n", dma_alloc_coherent(dev, 64, &h, GFP_KERNEL) ? "ptr" : "NULL");

	pool = dma_pool_create("p", dev, 32, 8, 0);
	dmart_fail_nth("pool_alloc", 1);
	printf("pool_alloc: %s\n", dma_pool_alloc(pool, GFP_KERNEL, &h) ? "ptr" : "NULL");
	dma_pool_destroy(pool);

	dmart_dmaengine_provide(dev, "tx");
	dmart_fail_nth("request_chan", 1);
	chan = dma_request_chan(dev, "tx");
	printf("request_chan: %s %ld\n", IS_ERR(chan) ? "ERR_PTR" : "chan", PTR_ERR(chan));
	chan = dma_request_chan(dev, "tx");
	dmart_fail_nth("prep", 1);
	printf("prep: %s\n", dmaengine_prep_dma_memcpy(chan, 0, 0, 0, 0) ? "desc" : "NULL");
	dma_release_channel(chan);

	dmart_fail_clear();
	dmart_fail_every("map", 2);
	a = map_once(), b = map_once(), c = map_once(), d = map_once();
	printf("every 2: %s %s %s %s\n", a ? "ok" : "FAIL", b ? "ok" : "FAIL",
	       c ? "ok" : "FAIL", d ? "ok" : "FAIL");

	dmart_fail_random("map", 50, 7);
	for (i = 0; i < 30; i++)
		seq1[i] = '0' + map_once();
	dmart_fail_random("map", 50, 7);
	for (i = 0; i < 30; i++)
		seq2[i] = '0' + map_once();
	seq1[30] = seq2[30] = 0;
	printf("random 50%% seed 7 twice the same: %s, some fail: %s, some pass: %s\n",
	       strcmp(seq1, seq2) ? "no" : "yes", strchr(seq1, '0') ? "yes" : "no",
	       strchr(seq1, '1') ? "yes" : "no");
	n = dmart_fail_calls("map");
	dmart_fail_nth("map", 2);
	a = map_once(), b = map_once(), c = map_once();
	printf("map calls %lu, nth 2 from here: %s %s %s, map calls %lu\n", n,
	       a ? "ok" : "FAIL", b ? "ok" : "FAIL", c ? "ok" : "FAIL",
	       dmart_fail_calls("map"));
	dmart_fail_clear();
	n = dmart_fail_calls("map");
	map_once();
	printf("cleared: map calls %lu, next call %lu\n", n, dmart_fail_calls("map"));
out:
	kfree(buf);
	dmart_device_destroy(dev);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
