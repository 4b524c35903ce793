// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart fault injection: make the Nth, every Nth or a random share of
 * the calls of one class fail the way the kernel's would.
 */
#include "internal.h"

static const char *const class_names[FAULT_COUNT] = {
	[FAULT_MAP] = "map",
	[FAULT_MAP_SG] = "map_sg",
	[FAULT_ALLOC] = "alloc",
	[FAULT_POOL_ALLOC] = "pool_alloc",
	[FAULT_PREP] = "prep",
	[FAULT_REQUEST_CHAN] = "request_chan",
};

enum fault_mode { MODE_OFF, MODE_NTH, MODE_EVERY, MODE_RANDOM };

static struct {
	enum fault_mode mode;
	unsigned int n;
	unsigned long calls;		/* every call of the class, ever */
	unsigned long base;		/* calls when the fault was set */
	u64 rng;
} faults[FAULT_COUNT];

static int class_of(const char *name, size_t len)
{
	int i;

	for (i = 0; i < FAULT_COUNT; i++)
		if (strlen(class_names[i]) == len && !strncmp(class_names[i], name, len))
			return i;
	return -1;
}

static void set_fault(int cls, enum fault_mode mode, unsigned int n, unsigned int seed)
{
	faults[cls].mode = mode;
	faults[cls].n = n;
	/* Keep counting (dmart_fail_calls()); N and every-N count from here. */
	faults[cls].base = faults[cls].calls;
	faults[cls].rng = seed ? seed : 0x2545f4914f6cdd1dULL;
}

/*
 * DMART_FAIL=class:N[,class:N...]: N fails the Nth call; "*N" every Nth;
 * "P%" or "P%@SEED" a random P percent.  Called once from dmart_init().
 */
void dmart_fault_env(const char *spec)
{
	const char *p = spec;

	while (*p) {
		const char *colon = strchr(p, ':');
		const char *end = strchr(p, ',');
		unsigned int n = 0, seed = 1;
		int cls;

		if (!end)
			end = p + strlen(p);
		if (!colon || colon > end) {
			fprintf(stderr, "dmart: bad DMART_FAIL entry '%.*s'\n",
				(int)(end - p), p);
			goto next;
		}
		cls = class_of(p, colon - p);
		if (cls < 0) {
			fprintf(stderr, "dmart: unknown DMART_FAIL class '%.*s'\n",
				(int)(colon - p), p);
			goto next;
		}
		if (colon[1] == '*') {
			n = strtoul(colon + 2, NULL, 10);
			set_fault(cls, MODE_EVERY, n, 0);
		} else if (sscanf(colon + 1, "%u%%@%u", &n, &seed) >= 1 &&
			   memchr(colon, '%', end - colon)) {
			set_fault(cls, MODE_RANDOM, n, seed);
		} else {
			set_fault(cls, MODE_NTH, strtoul(colon + 1, NULL, 10), 0);
		}
next:
		p = *end ? end + 1 : end;
	}
}

static int class_arg(const char *cls)
{
	int i = cls ? class_of(cls, strlen(cls)) : -1;

	if (i < 0)
		fprintf(stderr, "dmart: unknown fault class '%s'\n", cls ? cls : "(null)");
	return i;
}

void dmart_fail_nth(const char *class, unsigned int n)
{
	int i = class_arg(class);

	if (i >= 0) {
		dmart_lock();
		set_fault(i, MODE_NTH, n, 0);
		dmart_unlock();
	}
}

void dmart_fail_every(const char *class, unsigned int n)
{
	int i = class_arg(class);

	if (i >= 0) {
		dmart_lock();
		set_fault(i, MODE_EVERY, n, 0);
		dmart_unlock();
	}
}

void dmart_fail_random(const char *class, unsigned int percent, unsigned int seed)
{
	int i = class_arg(class);

	if (i >= 0) {
		dmart_lock();
		set_fault(i, MODE_RANDOM, percent, seed);
		dmart_unlock();
	}
}

void dmart_fail_clear(void)
{
	int i;

	dmart_lock();
	for (i = 0; i < FAULT_COUNT; i++)
		set_fault(i, MODE_OFF, 0, 0);
	dmart_unlock();
}

unsigned long dmart_fail_calls(const char *class)
{
	int i = class_arg(class);
	unsigned long n;

	if (i < 0)
		return 0;
	dmart_lock();
	n = faults[i].calls;
	dmart_unlock();
	return n;
}

/* Counts every call of the class, fault set or not, so harnesses can walk. */
bool dmart_should_fail(enum dmart_fault f)
{
	unsigned long since;
	bool fail = false;
	u64 x;

	dmart_lock();
	since = ++faults[f].calls - faults[f].base;
	switch (faults[f].mode) {
	case MODE_OFF:
		break;
	case MODE_NTH:
		fail = since == faults[f].n;
		break;
	case MODE_EVERY:
		fail = faults[f].n && since % faults[f].n == 0;
		break;
	case MODE_RANDOM:
		/* xorshift64: reproducible for a given seed. */
		x = faults[f].rng;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		faults[f].rng = x;
		fail = x % 100 < faults[f].n;
		break;
	}
	dmart_unlock();
	return fail;
}
