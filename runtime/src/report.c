// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart reporting, in the spirit of dma-debug's err_printk(): one
 * function prints every finding (stderr text plus optional JSON lines),
 * counts it, and honours the stop-on-error and device filter controls.
 */
#include <unistd.h>
#include "internal.h"

struct rule_info {
	const char *id;
	const char *name;
	const char *severity;
	int runtime;
};

/* The findings database's severity words (analyzer/db/util.c). */
#define SEV_ERROR "error"
#define SEV_WARNING "warning"
#define SEV_NOTE "note"

static const struct rule_info rules[RULE_COUNT] = {
#define DMA_CHECK(ID, NAME, SEVERITY, STATIC, RUNTIME, CHECKER, SUMMARY) \
	[RULE_##ID] = { #ID, NAME, SEV_##SEVERITY, RUNTIME },
#include "rules/checks.def"
#undef DMA_CHECK
};

static pthread_mutex_t big_lock;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static unsigned long error_count;
static unsigned long misuse_count;
static unsigned long rule_counts[RULE_COUNT];
static int stop_on_error;
static char *filter;
static FILE *report_file;
/*
 * dma-debug's all_errors, num_errors and disabled.  Unlike dma-debug
 * (num_errors starts at 1) every finding is shown by default: a test run
 * wants them all, and each is one line, not a WARN() with a stack dump.
 */
static int all_errors = 1;
static unsigned long num_errors = 1;
static int disabled;

void dmart_lock(void)
{
	dmart_init();
	pthread_mutex_lock(&big_lock);
}

void dmart_unlock(void)
{
	pthread_mutex_unlock(&big_lock);
}

static void close_report(void)
{
	if (report_file)
		fclose(report_file);
	report_file = NULL;
	free(filter);
	filter = NULL;
}

static bool env_flag(const char *name, int *flag)
{
	const char *env = getenv(name);

	if (!env || !*env)
		return false;
	*flag = strcmp(env, "0") != 0;
	return true;
}

/* DMART_NUM_ERRORS=N alone shows N; DMART_ALL_ERRORS=1 overrides it. */
static void env_controls(void)
{
	const char *env = getenv("DMART_NUM_ERRORS");

	if (env && *env) {
		num_errors = strtoul(env, NULL, 0);
		all_errors = 0;
	}
	env_flag("DMART_ALL_ERRORS", &all_errors);
	env_flag("DMART_DISABLED", &disabled);
}

static void do_init(void)
{
	pthread_mutexattr_t attr;
	const char *env;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&big_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	dmart_mem_init();
	env = getenv("DMART_STOP");
	if (env && *env && strcmp(env, "0"))
		stop_on_error = 1;
	env_controls();
	env = getenv("DMART_FILTER");
	if (env && *env)
		filter = strdup(env);
	env = getenv("DMART_REPORT");
	if (env && *env) {
		report_file = fopen(env, "a");
		if (!report_file)
			fprintf(stderr, "dmart: cannot open DMART_REPORT=%s\n", env);
	}
	env = getenv("DMART_FAIL");
	if (env && *env)
		dmart_fault_env(env);
	env = getenv("DMART_SITES");
	if (env && *env)
		dmart_sites_env(env);
	atexit(close_report);
}

void dmart_init(void)
{
	pthread_once(&init_once, do_init);
}

/* Call-site stack: pushed by the header wrappers, popped by the callee. */
#define LOC_DEPTH 16
static __thread struct dmart_call loc_stack[LOC_DEPTH];
static __thread int loc_depth;

void dmart_loc_push(const char *api, const char *file, int line)
{
	if (loc_depth < LOC_DEPTH)
		loc_stack[loc_depth] = (struct dmart_call){ api, file, line };
	loc_depth++;
}

struct dmart_call dmart_call(const char *api)
{
	int i = loc_depth < LOC_DEPTH ? loc_depth : LOC_DEPTH;

	/* A call through a function pointer pushed nothing: match by name. */
	while (--i >= 0) {
		if (!strcmp(loc_stack[i].api, api)) {
			struct dmart_call c = loc_stack[i];

			loc_depth = i;
			return c;
		}
	}
	if (loc_depth > LOC_DEPTH)
		loc_depth = LOC_DEPTH;
	return (struct dmart_call){ api, NULL, 0 };
}

const char *dmart_dir_name(int dir)
{
	switch (dir) {
	case DMA_BIDIRECTIONAL: return "DMA_BIDIRECTIONAL";
	case DMA_TO_DEVICE: return "DMA_TO_DEVICE";
	case DMA_FROM_DEVICE: return "DMA_FROM_DEVICE";
	case DMA_NONE: return "DMA_NONE";
	}
	return "invalid direction";
}

/*
 * Length of the well-formed UTF-8 sequence (RFC 3629: no overlong form, no
 * surrogate, nothing above U+10FFFF) that starts at @s, or 0 when it is
 * ill-formed; *@bad is then the length of its maximal subpart (Unicode
 * chapter 3.9), which is replaced by one U+FFFD, as Python's and ICU's
 * decoders do.  The NUL terminator is never a continuation byte.
 */
static size_t utf8_seq(const unsigned char *s, size_t *bad)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		n = 0;
	if (s[0] == 0xe0)
		lo = 0xa0;			/* overlong */
	else if (s[0] == 0xed)
		hi = 0x9f;			/* UTF-16 surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;			/* overlong */
	else if (s[0] == 0xf4)
		hi = 0x8f;			/* above U+10FFFF */
	*bad = 1;
	if (!n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

static void json_ascii(FILE *f, unsigned char ch)
{
	switch (ch) {
	case '"':
		fputs("\\\"", f);
		break;
	case '\\':
		fputs("\\\\", f);
		break;
	case '\b':
		fputs("\\b", f);
		break;
	case '\f':
		fputs("\\f", f);
		break;
	case '\n':
		fputs("\\n", f);
		break;
	case '\r':
		fputs("\\r", f);
		break;
	case '\t':
		fputs("\\t", f);
		break;
	default:
		if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
}

/*
 * A JSON string of @str, whatever bytes it holds: ASCII controls and DEL
 * are escaped, well-formed UTF-8 is copied, ill-formed bytes become U+FFFD.
 * U+0085, U+2028 and U+2029 are escaped too: line splitters that follow
 * Unicode (Python's str.splitlines(), JavaScript before ES2019) would
 * otherwise cut a report in two.
 */
static void json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n, bad;

	fputc('"', f);
	while (*s) {
		if (*s < 0x80) {
			json_ascii(f, *s++);
			continue;
		}
		n = utf8_seq(s, &bad);
		if (!n) {
			fputs("\\ufffd", f);
			s += bad;
		} else if (n == 2 && s[0] == 0xc2 && s[1] == 0x85) {
			fputs("\\u0085", f);
			s += n;
		} else if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
			   (s[2] == 0xa8 || s[2] == 0xa9)) {
			fprintf(f, "\\u%04x", 0x2000 + s[2] - 0x80);
			s += n;
		} else {
			fwrite(s, 1, n, f);
			s += n;
		}
	}
	fputc('"', f);
}

static void json_report(enum dmart_rule rule, const struct dmart_call *c,
			const char *device, const struct dmart_map *m,
			const char *msg)
{
	FILE *f = report_file;

	fputs("{\"rule\":", f);
	json_string(f, rules[rule].name);
	fputs(",\"id\":", f);
	json_string(f, rules[rule].id);
	fputs(",\"severity\":", f);
	json_string(f, rules[rule].severity);
	fputs(",\"message\":", f);
	json_string(f, msg);
	fputs(",\"api\":", f);
	json_string(f, c ? c->api : "");
	fputs(",\"device\":", f);
	json_string(f, device);
	fputs(",\"file\":", f);
	json_string(f, c && c->file ? c->file : "");
	fprintf(f, ",\"line\":%d", c ? c->line : 0);
	if (m && m->at.file) {
		fputs(",\"map_file\":", f);
		json_string(f, m->at.file);
		fprintf(f, ",\"map_line\":%d", m->at.line);
		fputs(",\"map_api\":", f);
		json_string(f, m->api);
	}
	if (m)
		fprintf(f, ",\"address\":\"0x%016llx\",\"size\":%zu",
			(unsigned long long)m->bus, m->size);
	fputs("}\n", f);
	fflush(f);
}

static bool passes_filter(const char *device)
{
	const char *p = filter;
	size_t n = strlen(device);

	if (!filter || !*device)
		return true;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, device, n))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

bool dmart_filtered(const struct dmart_dev *d)
{
	return d && !passes_filter(d->name);
}

/* dma-debug's err_printk(): counted always, printed while allowed. */
static bool shown(void)
{
	if (all_errors)
		return true;
	if (!num_errors)
		return false;
	num_errors--;
	return true;
}

static void print_report(enum dmart_rule rule, const struct dmart_call *c,
			 const char *device, const struct dmart_map *m,
			 const char *msg)
{
	fprintf(stderr, "dmart: %s: %s: %s [%s]", *device ? device : "-",
		rules[rule].name, msg, c ? c->api : "?");
	if (c && c->file)
		fprintf(stderr, " at %s:%d", c->file, c->line);
	if (m && m->at.file)
		fprintf(stderr, " (mapped at %s:%d by %s)", m->at.file, m->at.line,
			m->api);
	fputc('\n', stderr);
	if (report_file)
		json_report(rule, c, device, m, msg);
}

static void vreport(enum dmart_rule rule, const struct dmart_call *c,
		    const struct dmart_dev *d, const struct dmart_map *m,
		    const char *fmt, va_list ap)
{
	const char *device = d ? d->name : "";
	char msg[512];

	dmart_init();
	if (disabled || !passes_filter(device))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);

	dmart_lock();
	error_count++;
	rule_counts[rule]++;
	if (shown())
		print_report(rule, c, device, m, msg);
	dmart_unlock();
	if (stop_on_error) {
		fprintf(stderr, "dmart: stopping on first error (DMART_STOP)\n");
		fflush(NULL);
		_exit(2);
	}
}

void dmart_report(enum dmart_rule rule, const struct dmart_call *c,
		  const struct dmart_dev *d, const struct dmart_map *m,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(rule, c, d, m, fmt, ap);
	va_end(ap);
}

void dmart_report_from(enum dmart_rule rule, const struct dmart_call *c,
		       const struct dmart_dev *d,
		       const struct dmart_call *origin, const char *fmt, ...)
{
	struct dmart_map o = { 0 };
	va_list ap;

	if (origin && origin->file) {
		o.api = origin->api;
		o.at = *origin;
	}
	va_start(ap, fmt);
	vreport(rule, c, d, o.at.file ? &o : NULL, fmt, ap);
	va_end(ap);
}

/*
 * Misuse of the harness API itself (a device destroyed twice...): no DMA
 * rule, so not a finding, but printed in the report's shape with "misuse"
 * for the rule and counted apart, whatever the report controls say.
 */
void dmart_misuse(const char *device, const char *api, const char *fmt, ...)
{
	va_list ap;

	dmart_lock();
	misuse_count++;
	fprintf(stderr, "dmart: %s: misuse: ", device && *device ? device : "-");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " [%s]\n", api);
	dmart_unlock();
}

unsigned long dmart_misuse_count(void)
{
	unsigned long n;

	dmart_lock();
	n = misuse_count;
	dmart_unlock();
	return n;
}

unsigned long dmart_error_count(void)
{
	unsigned long n;

	dmart_lock();
	n = error_count;
	dmart_unlock();
	return n;
}

unsigned long dmart_rule_count(const char *rule)
{
	unsigned long n = 0;
	int i;

	dmart_lock();
	for (i = 0; i < RULE_COUNT; i++)
		if (!strcmp(rules[i].name, rule))
			n = rule_counts[i];
	dmart_unlock();
	return n;
}

void dmart_set_stop_on_error(int stop)
{
	dmart_lock();
	stop_on_error = stop;
	dmart_unlock();
}

void dmart_set_filter(const char *device_names)
{
	dmart_lock();
	free(filter);
	filter = device_names && *device_names ? strdup(device_names) : NULL;
	dmart_unlock();
}

void dmart_set_all_errors(int all)
{
	dmart_lock();
	all_errors = all;
	dmart_unlock();
}

void dmart_set_num_errors(unsigned long n)
{
	dmart_lock();
	num_errors = n;
	all_errors = 0;
	dmart_unlock();
}

void dmart_set_disabled(int off)
{
	dmart_lock();
	disabled = off;
	dmart_unlock();
}

int dmart_disabled(void)
{
	int off;

	dmart_lock();
	off = disabled;
	dmart_unlock();
	return off;
}

void dmart_set_report_file(const char *path)
{
	dmart_lock();
	if (report_file)
		fclose(report_file);
	report_file = path ? fopen(path, "a") : NULL;
	dmart_unlock();
}

void dmart_dump(FILE *out)
{
	struct dmart_dev *d;

	dmart_lock();
	fprintf(out, "dmart: %lu error(s) reported\n", error_count);
	for (d = dmart_dev_list(); d; d = d->next)
		dmart_dump_dev(out, d);
	dmart_unlock();
}
