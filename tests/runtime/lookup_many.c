// Lookups among thousands of live mappings on two devices (one direct, one
// behind an IOMMU): addresses inside, at the end of and just past each
// mapping, big mappings, repeated bus addresses, sg lists, the cacheline
// check and the released ring.  Every call is checked against the JSON
// report it must (or must not) add: its rule, device and the mapping named.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && rm -f %t.json
// RUN: %t %t.json 2>&1 | %FileCheck %s
// CHECK: lookup_many: {{[0-9]+}} checks, 0 failures

#include <stdlib.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#define N	2000
#define NSG	200
#define SEGS	3
#define ANY	((dma_addr_t)-2)	/* some mapping, whichever */

static FILE *rep;
static int checks, failures;

static struct device *a, *b;
static void *buf[N], *bufb[N];
static size_t len[N];
static dma_addr_t bus_a[N], bus_b[N];
static unsigned char tmp[512 << 10];

/*
 * The reports since the last call: none when @rule is NULL, else exactly
 * one of @rule by @dev naming the mapping at @addr (none when 0, any
 * when ANY).
 */
static void expect(const char *what, int i, const char *rule, const char *dev,
		   dma_addr_t addr)
{
	char line[4096], want[128];
	int lines = 0;
	bool ok = true;

	checks++;
	clearerr(rep);
	while (fgets(line, sizeof(line), rep)) {
		lines++;
		if (!rule)
			continue;
		snprintf(want, sizeof(want), "\"rule\":\"%s\"", rule);
		ok &= strstr(line, want) != NULL;
		snprintf(want, sizeof(want), "\"device\":\"%s\"", dev);
		ok &= strstr(line, want) != NULL;
		snprintf(want, sizeof(want), "\"address\":\"0x%016llx\"",
			 (unsigned long long)addr);
		if (addr == ANY)
			ok &= strstr(line, "\"address\"") != NULL;
		else if (addr)
			ok &= strstr(line, want) != NULL;
		else
			ok &= strstr(line, "\"address\"") == NULL;
	}
	if (lines != (rule ? 1 : 0) || !ok) {
		failures++;
		printf("FAIL: %s [%d]: %d report(s), %s expected\n", what, i, lines,
		       rule ? rule : "none");
	}
}

static size_t size_of(int i)
{
	size_t n = 1 + (size_t)i * 37 % 5000;

	if (i % 97 == 5)
		n = (200 << 10) + i;		/* spans many pages */
	else if (i % 13 == 7)
		n = 9000 + i;			/* spans 3 pages */
	/* Keep the byte after each mapping out of every mapping. */
	return n % 64 ? n : n + 1;
}

static void map_all(void)
{
	int i;

	for (i = 0; i < N; i++) {
		len[i] = size_of(i);
		buf[i] = kmalloc(len[i], GFP_KERNEL);
		bufb[i] = kmalloc(len[i], GFP_KERNEL);
		if (!buf[i] || !bufb[i])
			exit(1);
		((unsigned char *)bufb[i])[len[i] - 1] = i ^ 0x5a;
		bus_a[i] = dma_map_single(a, buf[i], len[i], DMA_BIDIRECTIONAL);
		bus_b[i] = dma_map_single(b, bufb[i], len[i], DMA_TO_DEVICE);
		if (dma_mapping_error(a, bus_a[i]) ||
		    dma_mapping_error(b, bus_b[i])) {
			printf("FAIL: setup %d\n", i);
			exit(1);
		}
	}
	expect("map all", 0, NULL, NULL, 0);
}

/* Device accesses inside, at the end, past the end, across devices. */
static void access_all(void)
{
	unsigned char v;
	int i;

	for (i = 0; i < N; i++) {
		size_t mid = len[i] / 2, end = len[i] - 1;
		bool ok;

		v = (unsigned char)i;
		ok = !dmart_dev_write(a, bus_a[i], &v, 1) &&
		     !dmart_dev_write(a, bus_a[i] + mid, &v, 1) &&
		     !dmart_dev_write(a, bus_a[i] + end, &v, 1) &&
		     !dmart_dev_read(a, bus_a[i], tmp, len[i]);
		ok &= ((unsigned char *)buf[i])[0] == v &&
		      ((unsigned char *)buf[i])[mid] == v &&
		      ((unsigned char *)buf[i])[end] == v;
		v = 0;
		ok &= !dmart_dev_read(b, bus_b[i] + end, &v, 1) &&
		      v == (unsigned char)(i ^ 0x5a);
		if (!ok) {
			failures++;
			printf("FAIL: access inside %d\n", i);
		}
		expect("inside", i, NULL, NULL, 0);

		if (dmart_dev_read(a, bus_a[i] + len[i], &v, 1) != -EFAULT)
			failures++;
		expect("past end (a)", i, "dma-device-access-violation", "nicA", 0);
		if (dmart_dev_read(b, bus_b[i] + len[i], &v, 1) != -EFAULT)
			failures++;
		expect("past end (b)", i, "dma-device-access-violation", "nicB", 0);
		if (dmart_dev_read(a, bus_a[i] + end, tmp, 2) != -EFAULT)
			failures++;
		expect("across end", i, "dma-device-access-violation", "nicA", bus_a[i]);
		if (dmart_dev_read(b, bus_a[i] + mid, &v, 1) != -EFAULT)
			failures++;
		expect("other device", i, "dma-device-access-violation", "nicB",
		       bus_a[i]);
	}
}

/* Frees with an address inside a mapping name that mapping. */
static void unmap_inside(void)
{
	int i;

	for (i = 0; i < N; i++) {
		if (len[i] < 2)
			continue;
		dma_unmap_single(a, bus_a[i] + len[i] - 1, len[i], DMA_BIDIRECTIONAL);
		expect("unmap inside", i, "dma-unmap-mismatch", "nicA", bus_a[i]);
	}
}

/* One buffer mapped twice more: one dma_mapping_error() checks both. */
static void same_bus(void)
{
	dma_addr_t h1 = dma_map_single(a, buf[1], len[1], DMA_TO_DEVICE);
	dma_addr_t h2 = dma_map_single(a, buf[1], len[1], DMA_TO_DEVICE);

	if (h1 != bus_a[1] || h2 != bus_a[1] || dma_mapping_error(a, h2))
		failures++;
	dma_unmap_single(a, h2, len[1], DMA_TO_DEVICE);
	dma_unmap_single(a, h1, len[1], DMA_TO_DEVICE);
	expect("same bus twice", 1, NULL, NULL, 0);
}

/* The cacheline check finds the mapping, small or big, among all. */
static void cachelines(void)
{
	char *small = kmalloc(128, GFP_KERNEL);
	char *big = kmalloc(300 << 10, GFP_KERNEL);
	dma_addr_t s1, s2, b1, b2;

	s1 = dma_map_single(a, small, 32, DMA_FROM_DEVICE);
	dma_mapping_error(a, s1);
	expect("cacheline first", 0, NULL, NULL, 0);
	s2 = dma_map_single(a, small + 32, 32, DMA_FROM_DEVICE);
	dma_mapping_error(a, s2);
	expect("cacheline shared", 0, "dma-overlapping-mapping", "nicA", s1);
	b1 = dma_map_single(b, big, 300 << 10, DMA_FROM_DEVICE);
	dma_mapping_error(b, b1);
	expect("big", 0, NULL, NULL, 0);
	b2 = dma_map_single(a, big + (300 << 10) - 16, 8, DMA_FROM_DEVICE);
	dma_mapping_error(a, b2);
	expect("big's last line", 0, "dma-overlapping-mapping", "nicA", b1);
	dma_unmap_single(a, s2, 32, DMA_FROM_DEVICE);
	dma_unmap_single(a, s1, 32, DMA_FROM_DEVICE);
	dma_unmap_single(a, b2, 8, DMA_FROM_DEVICE);
	dma_unmap_single(b, b1, 300 << 10, DMA_FROM_DEVICE);
	expect("cacheline unmaps", 0, NULL, NULL, 0);
	kfree(small);
	kfree(big);
}

static void sg_lists(void)
{
	static struct scatterlist sga[NSG][SEGS], sgb[NSG][SEGS];
	static void *sbuf[NSG][SEGS];
	int k, j;

	for (k = 0; k < NSG; k++) {
		sg_init_table(sga[k], SEGS);
		sg_init_table(sgb[k], SEGS);
		for (j = 0; j < SEGS; j++) {
			sbuf[k][j] = kmalloc(100 + j, GFP_KERNEL);
			sg_set_buf(&sga[k][j], sbuf[k][j], 100 + j);
			sg_set_buf(&sgb[k][j], sbuf[k][j], 100 + j);
		}
		if (dma_map_sg(a, sga[k], SEGS, DMA_TO_DEVICE) != SEGS ||
		    !dma_map_sg(b, sgb[k], SEGS, DMA_TO_DEVICE))
			failures++;
	}
	expect("sg maps", 0, NULL, NULL, 0);
	for (k = 0; k < NSG; k++) {
		dma_sync_sg_for_cpu(a, sga[k], SEGS, DMA_TO_DEVICE);
		dma_sync_sg_for_device(b, sgb[k], SEGS, DMA_TO_DEVICE);
		expect("sg sync", k, NULL, NULL, 0);
		/* nicB never mapped nicA's list. */
		dma_unmap_sg(b, sga[k], SEGS, DMA_TO_DEVICE);
		expect("sg other device", k, "dma-double-unmap", "nicB", 0);
		/* The newest segment stands for the list. */
		dma_unmap_sg(a, sga[k], SEGS - 1, DMA_TO_DEVICE);
		expect("sg nents", k, "dma-sg-nents-mismatch", "nicA",
		       sg_dma_address(&sga[k][SEGS - 1]));
		dma_sync_sg_for_cpu(a, sga[k], SEGS, DMA_TO_DEVICE);
		expect("sg sync after unmap", k, "dma-use-after-unmap", "nicA", ANY);
		dma_unmap_sg(b, sgb[k], SEGS, DMA_TO_DEVICE);
		expect("sg unmap (b)", k, NULL, NULL, 0);
	}
	for (k = 0; k < NSG; k++)
		for (j = 0; j < SEGS; j++)
			kfree(sbuf[k][j]);
}

/* Released handles: the newest 64 are remembered, older ones are not. */
static void released(void)
{
	int i;

	for (i = 0; i < N; i++)
		dma_unmap_single(a, bus_a[i], len[i], DMA_BIDIRECTIONAL);
	expect("unmap all (a)", 0, NULL, NULL, 0);
	for (i = N - 1; i >= N - 64; i--) {
		dma_sync_single_for_cpu(a, bus_a[i], len[i], DMA_BIDIRECTIONAL);
		expect("sync released", i, "dma-use-after-unmap", "nicA", bus_a[i]);
		dma_unmap_single(a, bus_a[i], len[i], DMA_BIDIRECTIONAL);
		expect("unmap released", i, "dma-double-unmap", "nicA", bus_a[i]);
	}
	for (; i >= N - 80; i--) {
		dma_sync_single_for_cpu(a, bus_a[i], len[i], DMA_BIDIRECTIONAL);
		expect("sync forgotten", i, "dma-unmap-mismatch", "nicA", 0);
	}
	if (dmart_dev_read(a, bus_a[N - 1] + 1, tmp, 1) != -EFAULT)
		failures++;
	expect("device read released", N - 1, "dma-use-after-unmap", "nicA",
	       bus_a[N - 1]);
	for (i = 0; i < N; i++)
		dma_unmap_single(b, bus_b[i], len[i], DMA_TO_DEVICE);
	expect("unmap all (b)", 0, NULL, NULL, 0);
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 2;
	dmart_set_report_file(argv[1]);
	rep = fopen(argv[1], "r");
	if (!rep)
		return 2;
	a = dmart_device_create("nicA", DMA_BIT_MASK(64), 0);
	b = dmart_device_create("nicB", DMA_BIT_MASK(64), DMART_IOMMU);
	map_all();
	access_all();
	unmap_inside();
	same_bus();
	cachelines();
	sg_lists();
	released();
	dmart_device_destroy(a);
	dmart_device_destroy(b);
	expect("destroy", 0, NULL, NULL, 0);
	for (i = 0; i < N; i++) {
		kfree(buf[i]);
		kfree(bufb[i]);
	}
	printf("lookup_many: %d checks, %d failures\n", checks, failures);
	return failures != 0;
}
