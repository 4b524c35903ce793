// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart speed: dma_map_single() + dma_mapping_error() + dma_unmap_single()
 * pairs per second with 0, 1k, 16k and 64k other mappings live on the same
 * device, on one thread and on 8 threads, next to a plain malloc()/free()
 * loop of the same count.  The pairs map DMA_FROM_DEVICE, so the cacheline
 * overlap check runs on every map too.  A second table: dma_map_sg() +
 * dma_unmap_sg() pairs of a SG_NENTS-entry list at 0, 1k and 16k live
 * mappings, on one thread.
 *
 * Build and run (not part of `all`):
 *   cmake --build build --target runtime_bench && build/bin/runtime_bench
 * Optional argument: seconds per measurement (default 1).
 *
 * A benchmark, never a test: it prints figures; it exits non-zero only when
 * the runtime reported a finding, which would make the figures meaningless.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#define BUF_SIZE	64
#define RING		256	/* buffers each thread cycles through */
#define THREADS		8
#define BATCH		1024
#define SG_NENTS	4

static struct device *dev;
static double budget = 1.0;

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* This thread's CPU time: one-thread rates hold on a busy machine. */
static double cpu_now(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* One map+unmap pair on buffer @buf; returns false if the map failed. */
static bool pair(void *buf)
{
	dma_addr_t h = dma_map_single(dev, buf, BUF_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(dev, h))
		return false;
	dma_unmap_single(dev, h, BUF_SIZE, DMA_FROM_DEVICE);
	return true;
}

struct worker {
	pthread_t tid;
	void *bufs[RING];
	unsigned long pairs;		/* to do (threaded) or done (timed) */
	bool failed;
};

static void ring_alloc(struct worker *w)
{
	int i;

	for (i = 0; i < RING; i++) {
		w->bufs[i] = kmalloc(BUF_SIZE, GFP_KERNEL);
		if (!w->bufs[i]) {
			fprintf(stderr, "runtime_bench: out of simulated memory\n");
			exit(2);
		}
	}
}

static void ring_free(struct worker *w)
{
	int i;

	for (i = 0; i < RING; i++)
		kfree(w->bufs[i]);
}

static void *run_fixed(void *arg)
{
	struct worker *w = arg;
	unsigned long i;

	for (i = 0; i < w->pairs; i++)
		if (!pair(w->bufs[i % RING]))
			w->failed = true;
	return NULL;
}

/* Pairs per CPU second on this thread, for about budget CPU seconds. */
static double one_thread(struct worker *w, unsigned long *count)
{
	double t0 = cpu_now(), t;
	unsigned long n = 0, i;

	do {
		for (i = 0; i < BATCH; i++, n++)
			if (!pair(w->bufs[n % RING]))
				w->failed = true;
		t = cpu_now() - t0;
	} while (t < budget);
	*count = n;
	return n / t;
}

/* Aggregate pairs per second of THREADS threads doing @per pairs each. */
static double many_threads(struct worker *ws, unsigned long per)
{
	double t0;
	int i;

	t0 = now();
	for (i = 0; i < THREADS; i++) {
		ws[i].pairs = per;
		if (pthread_create(&ws[i].tid, NULL, run_fixed, &ws[i])) {
			perror("pthread_create");
			exit(2);
		}
	}
	for (i = 0; i < THREADS; i++)
		pthread_join(ws[i].tid, NULL);
	return THREADS * per / (now() - t0);
}

/* Keeps the compiler from dropping the malloc()/free() pairs. */
void *volatile runtime_bench_sink;

/* The same number of plain malloc()/free() pairs, same size. */
static double malloc_rate(unsigned long count)
{
	double t0 = cpu_now();
	unsigned long i;

	for (i = 0; i < count; i++) {
		void *p = malloc(BUF_SIZE);

		runtime_bench_sink = p;
		free(p);
	}
	return count / (cpu_now() - t0);
}

static void grow_live(void **bufs, dma_addr_t *handles, unsigned long *live,
		      unsigned long want);

/* dma_map_sg() + dma_unmap_sg() pairs per CPU second, for about budget. */
static double sg_rate(struct scatterlist *sgl)
{
	double t0 = cpu_now(), t;
	unsigned long n = 0, i;

	do {
		for (i = 0; i < BATCH; i++, n++) {
			if (!dma_map_sg(dev, sgl, SG_NENTS, DMA_FROM_DEVICE)) {
				fprintf(stderr, "runtime_bench: dma_map_sg failed\n");
				exit(2);
			}
			dma_unmap_sg(dev, sgl, SG_NENTS, DMA_FROM_DEVICE);
		}
		t = cpu_now() - t0;
	} while (t < budget);
	return n / t;
}

/* The sg table: live counts up to 16k, the list's entries from ring 0. */
static void sg_table(struct worker *w, void **bufs, dma_addr_t *handles,
		     unsigned long *live)
{
	static const unsigned long sg_steps[] = { 0, 1024, 16384 };
	struct scatterlist sgl[SG_NENTS];
	unsigned int s;
	int i;

	sg_init_table(sgl, SG_NENTS);
	for (i = 0; i < SG_NENTS; i++)
		sg_set_buf(&sgl[i], w->bufs[i], BUF_SIZE);
	printf("# map_sg+unmap_sg pairs/s, %d entries of %d bytes, DMA_FROM_DEVICE,\n"
	       "# one device, 1 thread, per CPU second\n", SG_NENTS, BUF_SIZE);
	printf("%8s %14s\n", "live", "1 thread");
	for (s = 0; s < ARRAY_SIZE(sg_steps); s++) {
		grow_live(bufs, handles, live, sg_steps[s]);
		printf("%8lu %14.0f\n", *live, sg_rate(sgl));
		fflush(stdout);
	}
}

/* Grow the live set to @want mappings (TO_DEVICE and FROM_DEVICE mixed). */
static void grow_live(void **bufs, dma_addr_t *handles, unsigned long *live,
		      unsigned long want)
{
	for (; *live < want; (*live)++) {
		unsigned long i = *live;
		int dir = i & 1 ? DMA_TO_DEVICE : DMA_FROM_DEVICE;

		bufs[i] = kmalloc(BUF_SIZE, GFP_KERNEL);
		if (!bufs[i]) {
			fprintf(stderr, "runtime_bench: out of simulated memory\n");
			exit(2);
		}
		handles[i] = dma_map_single(dev, bufs[i], BUF_SIZE, dir);
		if (dma_mapping_error(dev, handles[i])) {
			fprintf(stderr, "runtime_bench: live mapping %lu failed\n", i);
			exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	static const unsigned long steps[] = { 0, 1024, 16384, 65536 };
	unsigned long max_live = steps[ARRAY_SIZE(steps) - 1], live = 0, count;
	struct worker *ws = calloc(THREADS, sizeof(*ws));
	void **bufs = calloc(max_live, sizeof(*bufs));
	dma_addr_t *handles = calloc(max_live, sizeof(*handles));
	double rate, mrate, trate;
	unsigned int s;
	int i;

	if (argc > 1)
		budget = atof(argv[1]) > 0 ? atof(argv[1]) : 1.0;
	if (!ws || !bufs || !handles)
		return 2;
	dev = dmart_device_create("bench0", DMA_BIT_MASK(64), 0);
	for (i = 0; i < THREADS; i++)
		ring_alloc(&ws[i]);

	printf("# map+unmap pairs/s, %d-byte DMA_FROM_DEVICE buffers, one device\n"
	       "# 1 thread and malloc/free: per CPU second of the thread; ratio:\n"
	       "# malloc/free over 1 thread; %d threads: wall clock, all together\n",
	       BUF_SIZE, THREADS);
	printf("%8s %14s %14s %8s %16s\n", "live", "1 thread", "malloc/free",
	       "ratio", "8 threads");
	for (s = 0; s < ARRAY_SIZE(steps); s++) {
		grow_live(bufs, handles, &live, steps[s]);
		rate = one_thread(&ws[0], &count);
		mrate = malloc_rate(count);
		/* About budget seconds for the threaded run too. */
		trate = many_threads(ws, (unsigned long)(rate * budget / THREADS) + 1);
		printf("%8lu %14.0f %14.0f %7.1fx %16.0f\n", live, rate, mrate,
		       mrate / rate, trate);
		fflush(stdout);
	}

	/* Back to no live mappings for the sg table. */
	while (live--) {
		dma_unmap_single(dev, handles[live], BUF_SIZE,
				 live & 1 ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
		kfree(bufs[live]);
	}
	live = 0;
	printf("\n");
	sg_table(&ws[0], bufs, handles, &live);

	for (i = 0; i < THREADS; i++)
		if (ws[i].failed)
			fprintf(stderr, "runtime_bench: a mapping failed\n");
	while (live--) {
		dma_unmap_single(dev, handles[live], BUF_SIZE,
				 live & 1 ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
		kfree(bufs[live]);
	}
	for (i = 0; i < THREADS; i++)
		ring_free(&ws[i]);
	dmart_device_destroy(dev);
	free(ws);
	free(bufs);
	free(handles);
	if (dmart_error_count()) {
		fprintf(stderr, "runtime_bench: %lu finding(s) reported: figures void\n",
			dmart_error_count());
		return 1;
	}
	return 0;
}
