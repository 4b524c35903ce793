// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart fault injection: make the Nth, every Nth or a random share of
 * the calls of one class fail the way the kernel's would, or the calls made
 * at one call site (file:line), which is what `dmacheck confirm` needs to
 * take the path a finding describes.  Every call site that can fail is
 * recorded, so a harness's failure points can be listed and walked.
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

/*
 * A site fault: the Nth call (or every call, nth 0) of @cls made at
 * file:line.  @file matches the call site's __FILE__ whole or as its last
 * path components ("bad.c" matches "/src/drv/bad.c").
 */
struct site_fault {
	int cls;
	char *file;
	int line;
	unsigned int nth;
	unsigned long hits;
	struct site_fault *next;
};

static struct site_fault *site_faults;

/* Failure points seen, for DMART_SITES and dmart_fail_sites(). */
struct site_seen {
	int cls;
	const char *file;		/* __FILE__: a string literal, kept as is */
	int line;
	unsigned long calls;
	struct site_seen *next;
};

static struct site_seen *sites_seen;
static FILE *sites_file;

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

static bool site_matches(const char *want, const char *file)
{
	size_t wn = strlen(want), fn = strlen(file);

	if (wn > fn || strcmp(file + fn - wn, want))
		return false;
	return wn == fn || want[0] == '/' || file[fn - wn - 1] == '/';
}

static int add_site_fault(int cls, const char *file, size_t len, int line,
			  unsigned int nth)
{
	struct site_fault *sf = calloc(1, sizeof(*sf));

	if (!sf || !(sf->file = strndup(file, len))) {
		free(sf);
		return -1;
	}
	sf->cls = cls;
	sf->line = line;
	sf->nth = nth;
	sf->next = site_faults;
	site_faults = sf;
	return 0;
}

/* "class@FILE:LINE" or "class@FILE:LINE:N" (N: the Nth call there, 0 every). */
static void site_env(int cls, const char *at, const char *end)
{
	const char *p = end, *c1 = NULL, *c2 = NULL;
	unsigned long line, nth = 1;
	char *stop;

	while (p > at && (!c1 || !c2)) {
		p--;
		if (*p == ':') {
			c2 = c1;
			c1 = p;
		}
	}
	/* With two colons the last field is N, unless FILE has a colon. */
	if (c2 && strspn(c1 + 1, "0123456789") == (size_t)(c2 - c1 - 1) &&
	    strspn(c2 + 1, "0123456789") == (size_t)(end - c2 - 1) &&
	    c2 + 1 < end && c1 + 1 < c2) {
		nth = strtoul(c2 + 1, NULL, 10);
	} else if (c2) {
		c1 = c2;
	}
	line = c1 ? strtoul(c1 + 1, &stop, 10) : 0;
	if (!c1 || c1 == at + 1 || !line || (stop != end && *stop != ':')) {
		fprintf(stderr, "dmart: bad DMART_FAIL site '%.*s'\n",
			(int)(end - at - 1), at + 1);
		return;
	}
	if (add_site_fault(cls, at + 1, c1 - at - 1, (int)line, (unsigned int)nth))
		fprintf(stderr, "dmart: out of memory for DMART_FAIL\n");
}

/*
 * DMART_FAIL=class:N[,class:N...]: N fails the Nth call; "*N" every Nth;
 * "P%" or "P%@SEED" a random P percent; class@FILE:LINE the first call made
 * at that call site (class@FILE:LINE:N the Nth there, :0 every one).
 * Called once from dmart_init().
 */
void dmart_fault_env(const char *spec)
{
	const char *p = spec;

	while (*p) {
		const char *colon = strchr(p, ':');
		const char *end = strchr(p, ',');
		const char *at = strchr(p, '@');
		unsigned int n = 0, seed = 1;
		int cls;

		if (!end)
			end = p + strlen(p);
		if (at && at < end && (!colon || at < colon)) {
			cls = class_of(p, at - p);
			if (cls < 0)
				fprintf(stderr, "dmart: unknown DMART_FAIL class '%.*s'\n",
					(int)(at - p), p);
			else
				site_env(cls, at, end);
			goto next;
		}
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

int dmart_fail_site(const char *class, const char *file, int line,
		    unsigned int nth)
{
	int i = class_arg(class), rc;

	if (i < 0 || !file || !*file || line <= 0)
		return -EINVAL;
	dmart_lock();
	rc = add_site_fault(i, file, strlen(file), line, nth);
	dmart_unlock();
	return rc ? -ENOMEM : 0;
}

void dmart_fail_clear(void)
{
	struct site_fault *sf;
	int i;

	dmart_lock();
	for (i = 0; i < FAULT_COUNT; i++)
		set_fault(i, MODE_OFF, 0, 0);
	while ((sf = site_faults)) {
		site_faults = sf->next;
		free(sf->file);
		free(sf);
	}
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

/* DMART_SITES=FILE: each failure point, once, as a DMART_FAIL entry. */
void dmart_sites_env(const char *path)
{
	sites_file = fopen(path, "a");
	if (!sites_file)
		fprintf(stderr, "dmart: cannot open DMART_SITES=%s\n", path);
}

static void note_site(enum dmart_fault f, const struct dmart_call *c)
{
	struct site_seen *s;

	for (s = sites_seen; s; s = s->next) {
		if (s->cls == (int)f && s->line == c->line &&
		    (s->file == c->file || !strcmp(s->file, c->file))) {
			s->calls++;
			return;
		}
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return;
	*s = (struct site_seen){ f, c->file, c->line, 1, sites_seen };
	sites_seen = s;
	/* Written at once: the run may crash later. */
	if (sites_file) {
		fprintf(sites_file, "%s@%s:%d\n", class_names[f], c->file, c->line);
		fflush(sites_file);
	}
}

static bool site_fails(enum dmart_fault f, const struct dmart_call *c)
{
	struct site_fault *sf;
	bool fail = false;

	for (sf = site_faults; sf; sf = sf->next) {
		if (sf->cls != (int)f || sf->line != c->line ||
		    !site_matches(sf->file, c->file))
			continue;
		sf->hits++;
		if (!sf->nth || sf->hits == sf->nth)
			fail = true;
	}
	return fail;
}

void dmart_fail_sites(FILE *out)
{
	struct site_seen *s;

	dmart_lock();
	for (s = sites_seen; s; s = s->next)
		fprintf(out, "%s@%s:%d %lu\n", class_names[s->cls], s->file,
			s->line, s->calls);
	dmart_unlock();
}

/*
 * Counts every call of the class, fault set or not, so harnesses can walk.
 * @c is the call site (NULL or without a file when the caller's header
 * recorded none: then no site fault applies).
 */
bool dmart_should_fail(enum dmart_fault f, const struct dmart_call *c)
{
	unsigned long since;
	bool fail = false;
	u64 x;

	dmart_lock();
	if (c && c->file) {
		note_site(f, c);
		fail = site_fails(f, c);
	}
	since = ++faults[f].calls - faults[f].base;
	switch (faults[f].mode) {
	case MODE_OFF:
		break;
	case MODE_NTH:
		fail |= since == faults[f].n;
		break;
	case MODE_EVERY:
		fail |= faults[f].n && since % faults[f].n == 0;
		break;
	case MODE_RANDOM:
		/* xorshift64: reproducible for a given seed. */
		x = faults[f].rng;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		faults[f].rng = x;
		fail |= x % 100 < faults[f].n;
		break;
	}
	dmart_unlock();
	return fail;
}
