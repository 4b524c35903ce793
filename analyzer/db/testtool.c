/*
 * testtool.c - dmadb-testtool: drives the findings database's C API for the
 * lit tests (tests/db), without the analyzer.
 *
 *   dmadb-testtool record DB SPEC   records runs described by SPEC ("-": stdin)
 *   dmadb-testtool sha256 TEXT      SHA-256 of TEXT, hex
 *   dmadb-testtool normalize TEXT   the fingerprint's token normalisation
 *   dmadb-testtool cache-put DB KEY PATH DEPS RESULT
 *                                   stores a file_cache entry (DEPS: a file
 *                                   holding the dependency list)
 *   dmadb-testtool cache-get DB KEY prints the entry's dependency list and
 *                                   then "result: RESULT", or "miss"
 *
 * SPEC: one record per line, fields separated by tabs:
 *   run      FIRST_INPUT              starts a run (source root from it)
 *   file     PATH STATUS SECONDS [ERROR]
 *   finding  RULE SEVERITY PATH LINE COL FUNCTION MESSAGE SNIPPET
 *   event    PATH LINE COL MESSAGE    (of the last finding)
 *   end      complete|interrupted|-   ('-' leaves the run running)
 *   batch                             the next files (up to 8) wait ...
 *   commit                            ... and are recorded in one transaction
 * A file's results are recorded (one transaction) at the next file/end.
 * Fields take the escapes \\ \t \n \r and \xHH (not \x00), so that tests
 * can store tabs, line breaks and bytes that are not UTF-8.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF 64
#define MAXE 16
#define MAXB 8

struct fbuf {
	struct dmadb_finding f[MAXF];
	struct dmadb_event e[MAXF][MAXE];
	char *owned[MAXF * (MAXE + 1) * 8 + 8];
	size_t nowned, nf;
	struct dmadb_file_result r;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the escapes of a spec field in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		int hi, lo;

		if (*s != '\\' || !s[1]) {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case 't':
			*o++ = '\t';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'x':
			hi = hexval(s[1]);
			lo = hi >= 0 ? hexval(s[2]) : -1;
			if (lo >= 0 && (hi || lo)) {
				*o++ = (char)(hi << 4 | lo);
				s += 2;
			} else {
				*o++ = '\\';
				*o++ = 'x';
			}
			break;
		default:
			*o++ = *s; /* \\ and anything else: the character */
		}
	}
	*o = 0;
}

static char *keep(struct fbuf *b, const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d || b->nowned == sizeof(b->owned) / sizeof(b->owned[0])) {
		fprintf(stderr, "dmadb-testtool: too much data\n");
		exit(2);
	}
	b->owned[b->nowned++] = d;
	unescape(d);
	return d;
}

/* Records the files of bufs[0..*nb) in one transaction and empties them. */
static int flush(dmadb *db, int64_t run, struct fbuf *bufs, size_t *nb)
{
	const struct dmadb_file_result *r[MAXB];
	size_t i, j;
	int rc = 0;

	for (i = 0; i < *nb; i++) {
		bufs[i].r.findings = bufs[i].f;
		bufs[i].r.nfindings = bufs[i].nf;
		r[i] = &bufs[i].r;
	}
	if (*nb) {
		rc = dmadb_run_record_batch(db, run, r, *nb);
		if (rc)
			fprintf(stderr, "dmadb-testtool: %s\n", dmadb_errmsg(db));
	}
	for (i = 0; i < *nb; i++) {
		for (j = 0; j < bufs[i].nowned; j++)
			free(bufs[i].owned[j]);
		memset(&bufs[i], 0, sizeof(bufs[i]));
	}
	*nb = 0;
	return rc;
}

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line, *t;

	while (n < max) {
		f[n++] = p;
		t = strchr(p, '\t');
		if (!t)
			break;
		*t = 0;
		p = t + 1;
	}
	return n;
}

static int record(const char *path, const char *spec)
{
	static struct fbuf bufs[MAXB];
	struct fbuf *b = NULL;
	size_t nb = 0;
	int batch = 0;
	FILE *in = strcmp(spec, "-") ? fopen(spec, "r") : stdin;
	char *line = NULL, *f[12], *err = NULL;
	size_t cap = 0;
	ssize_t len;
	int64_t run = 0;
	dmadb *db;
	int n, rc = 0;

	if (!in) {
		perror(spec);
		return 2;
	}
	db = dmadb_open(path, DMADB_CREATE, &err);
	if (!db) {
		fprintf(stderr, "dmadb-testtool: %s\n", err);
		free(err);
		return 2;
	}
	while (!rc && (len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (!len || line[0] == '#')
			continue;
		n = split(line, f, 12);
		if (!strcmp(f[0], "run") && n == 2) {
			char *argv[] = {"dmadb-testtool", f[1], NULL};
			struct dmadb_run_info info = {"test", 2, argv, "all", f[1],
						      NULL};
			run = dmadb_run_begin(db, &info);
			if (!run) {
				fprintf(stderr, "dmadb-testtool: %s\n", dmadb_errmsg(db));
				rc = 2;
			} else {
				printf("run %lld\n", (long long)run);
			}
		} else if (!strcmp(f[0], "batch") && n == 1 && run) {
			rc = flush(db, run, bufs, &nb) ? 2 : 0;
			batch = 1;
		} else if (!strcmp(f[0], "commit") && n == 1 && run) {
			rc = flush(db, run, bufs, &nb) ? 2 : 0;
			batch = 0;
		} else if (!strcmp(f[0], "file") && (n == 4 || n == 5) && run &&
			   (!batch || nb < MAXB)) {
			if (!batch)
				rc = flush(db, run, bufs, &nb) ? 2 : 0;
			b = &bufs[nb++];
			b->r.file = keep(b, f[1]);
			b->r.status = keep(b, f[2]);
			b->r.seconds = atof(f[3]);
			b->r.error = n == 5 ? keep(b, f[4]) : NULL;
		} else if (!strcmp(f[0], "finding") && n == 9 && nb &&
			   b->nf < MAXF) {
			struct dmadb_finding *x = &b->f[b->nf];
			x->rule = keep(b, f[1]);
			x->severity = keep(b, f[2]);
			x->file = keep(b, f[3]);
			x->line = (unsigned)atoi(f[4]);
			x->col = (unsigned)atoi(f[5]);
			x->function = keep(b, f[6]);
			x->message = keep(b, f[7]);
			x->snippet = keep(b, f[8]);
			x->events = b->e[b->nf];
			x->nevents = 0;
			b->nf++;
		} else if (!strcmp(f[0], "event") && n == 5 && nb && b->nf &&
			   b->f[b->nf - 1].nevents < MAXE) {
			struct dmadb_finding *x = &b->f[b->nf - 1];
			struct dmadb_event *e = &b->e[b->nf - 1][x->nevents++];
			e->file = keep(b, f[1]);
			e->line = (unsigned)atoi(f[2]);
			e->col = (unsigned)atoi(f[3]);
			e->message = keep(b, f[4]);
		} else if (!strcmp(f[0], "end") && n == 2 && run) {
			rc = flush(db, run, bufs, &nb) ? 2 : 0;
			batch = 0;
			if (!rc && strcmp(f[1], "-") &&
			    dmadb_run_finish(db, run, f[1])) {
				fprintf(stderr, "dmadb-testtool: %s\n", dmadb_errmsg(db));
				rc = 2;
			}
			run = 0;
		} else {
			fprintf(stderr, "dmadb-testtool: bad spec line: %s\n", f[0]);
			rc = 2;
		}
	}
	if (!rc && run)
		rc = flush(db, run, bufs, &nb) ? 2 : 0;
	free(line);
	if (in != stdin)
		fclose(in);
	dmadb_close(db);
	if (fflush(stdout))
		rc = 2;
	return rc;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *p = realloc(buf, cap = (n + 4096 + 1) * 2);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = 0;
	return buf;
}

static int cache_cmd(int argc, char **argv)
{
	char *err = NULL, *deps = NULL, *result = NULL;
	dmadb *db = dmadb_open(argv[2], DMADB_CREATE, &err);
	int rc = 0;

	if (!db) {
		fprintf(stderr, "dmadb-testtool: %s\n", err);
		free(err);
		return 2;
	}
	if (!strcmp(argv[1], "cache-put")) {
		deps = slurp(argv[5]);
		if (!deps) {
			perror(argv[5]);
			rc = 2;
		} else if (dmadb_cache_put(db, argv[3], argv[4], deps, argv[6],
					   1.5)) {
			fprintf(stderr, "dmadb-testtool: %s\n", dmadb_errmsg(db));
			rc = 2;
		}
	} else if (dmadb_cache_get(db, argv[3], &deps, &result)) {
		fprintf(stderr, "dmadb-testtool: %s\n", dmadb_errmsg(db));
		rc = 2;
	} else if (!deps) {
		printf("miss\n");
	} else {
		printf("%sresult: %s\n", deps, result);
	}
	free(deps);
	free(result);
	dmadb_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "cache-put"))
		return cache_cmd(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "cache-get"))
		return cache_cmd(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "record"))
		return record(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "sha256")) {
		char hex[65];
		dmadb_sha256_hex(argv[2], strlen(argv[2]), hex);
		printf("%s\n", hex);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "normalize")) {
		char *n = dmadb_normalize_tokens(argv[2]);
		if (!n)
			return 2;
		printf("%s\n", n);
		free(n);
		return 0;
	}
	fprintf(stderr, "usage: dmadb-testtool record DB SPEC | sha256 TEXT | "
			"normalize TEXT | cache-put DB KEY PATH DEPS RESULT | "
			"cache-get DB KEY\n");
	return 2;
}
