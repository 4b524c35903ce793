// Site-targeted fault injection: class@FILE:LINE fails the calls made at
// that call site only (the first by default, the Nth with :N, every one
// with :0), from DMART_FAIL and from dmart_fail_site(); DMART_SITES lists
// each failure point once, as a DMART_FAIL entry; a harness's scenarios run
// by name through dmart_harness_main().
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t
// RUN: %t --list | %FileCheck --check-prefix=LIST %s
// RUN: %t api 2>&1 | %FileCheck --check-prefix=API %s
// RUN: env DMART_FAIL=map@fault_site.c:$(grep -n "line_b \*/" %s | cut -d: -f1) %t env 2>&1 | %FileCheck --check-prefix=ENV1 %s
// RUN: env DMART_FAIL=map@fault_site.c:$(grep -n "line_b \*/" %s | cut -d: -f1):2 %t env 2>&1 | %FileCheck --check-prefix=ENV2 %s
// RUN: env DMART_FAIL=map@fault_site.c:$(grep -n "line_a \*/" %s | cut -d: -f1):0,alloc@fault_site.c:$(grep -n "line_c \*/" %s | cut -d: -f1) %t env 2>&1 | %FileCheck --check-prefix=ENV3 %s
// RUN: env DMART_FAIL=map@other.c:$(grep -n "line_b \*/" %s | cut -d: -f1) %t env 2>&1 | %FileCheck --check-prefix=NONE %s
// RUN: rm -f %t.sites && env DMART_SITES=%t.sites %t env && sort %t.sites | %FileCheck --check-prefix=SITES %s
// RUN: %not %t nosuch 2>&1 | %FileCheck --check-prefix=UNKNOWN %s
// RUN: env DMART_FAIL=map@fault_site.c,map@:3,map@x.c:0 %t env 2>&1 | %FileCheck --check-prefix=BAD %s
// LIST: api
// LIST-NEXT: env
// API: site b, 2nd call: ok FAIL ok
// API: site a untouched: ok ok ok
// API: every call at a: FAIL FAIL FAIL
// API: cleared: ok
// API: bad arguments: -22 -22
// ENV1: a: ok ok ok
// ENV1-NEXT: b: FAIL ok ok
// ENV1-NEXT: c: ok
// ENV2: b: ok FAIL ok
// ENV3: a: FAIL FAIL FAIL
// ENV3-NEXT: b: ok ok ok
// ENV3-NEXT: c: NULL
// NONE: a: ok ok ok
// NONE-NEXT: b: ok ok ok
// SITES: alloc@{{.*}}fault_site.c:[[#]]
// SITES-NEXT: map@{{.*}}fault_site.c:[[#]]
// SITES-NEXT: map@{{.*}}fault_site.c:[[#]]
// SITES-NOT: map
// UNKNOWN: no scenario 'nosuch'
// BAD: bad DMART_FAIL site 'fault_site.c'
// BAD: bad DMART_FAIL site ':3'
// BAD: bad DMART_FAIL site 'x.c:0'

#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

static struct device *dev;
static char *buf;

/* With @line set: only say which line maps. */
static const char *map_a(int *line)
{
	dma_addr_t h;

	if (line) {
		*line = __LINE__ + 3;
		return NULL;
	}
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE); /* line_a */

	if (dma_mapping_error(dev, h))
		return "FAIL";
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	return "ok";
}

/* With @line set: only say which line maps. */
static const char *map_b(int *line)
{
	dma_addr_t h;

	if (line) {
		*line = __LINE__ + 3;
		return NULL;
	}
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE); /* line_b */

	if (dma_mapping_error(dev, h))
		return "FAIL";
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	return "ok";
}

static const char *alloc_c(void)
{
	dma_addr_t h;
	void *p = dma_alloc_coherent(dev, 64, &h, GFP_KERNEL); /* line_c */

	if (!p)
		return "NULL";
	dma_free_coherent(dev, 64, p, h);
	return "ok";
}

static void three(const char *name, const char *(*fn)(int *))
{
	const char *x = fn(NULL), *y = fn(NULL), *z = fn(NULL);

	printf("%s: %s %s %s\n", name, x, y, z);
}

static void setup(void)
{
	dev = dmart_device_create("site", DMA_BIT_MASK(64), 0);
	buf = kmalloc(64, GFP_KERNEL);
}

static void teardown(void)
{
	kfree(buf);
	dmart_device_destroy(dev);
}

static int env_run(void)
{
	setup();
	three("a", map_a);
	three("b", map_b);
	printf("c: %s\n", alloc_c());
	teardown();
	return 0;
}

static int api_run(void)
{
	int line_a, line_b;

	map_a(&line_a);
	map_b(&line_b);

	setup();
	dmart_fail_site("map", __FILE__, line_b, 2);
	three("site b, 2nd call", map_b);
	three("site a untouched", map_a);
	dmart_fail_site("map", "fault_site.c", line_a, 0);
	three("every call at a", map_a);
	dmart_fail_clear();
	printf("cleared: %s\n", map_a(NULL));
	printf("bad arguments: %d %d\n", dmart_fail_site("nosuch", "x.c", 1, 1),
	       dmart_fail_site("map", "x.c", 0, 1));
	teardown();
	return 0;
}

static const struct dmart_scenario scenarios[] = {
	{ "api", api_run },
	{ "env", env_run },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
