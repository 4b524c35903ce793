/*
 * confirm.h - internals of `dmacheck confirm` (confirm.c, harness.c).
 */
#ifndef DMACHECK_DB_CONFIRM_H
#define DMACHECK_DB_CONFIRM_H

#include "db/internal.h"

/* How harnesses are built: the compiler the project was built with. */
struct confirm_cfg {
	const char *cc, *include_dir, *libdmart;
	char **cflags;
	int ncflags;
	double build_timeout, run_timeout;
	int jobs;
};

enum hr_status { HR_OK, HR_FAILED, HR_CRASHED, HR_TIMED_OUT, HR_NOT_RUN };

/* One harness process: a scenario, with one fault (or none). */
struct hrun {
	const char *scenario;
	char *fault;		/* a DMART_FAIL entry; NULL: no fault */
	int walked;		/* from the walk of every failure point */
	enum hr_status status;
	int code;		/* exit status, or the signal that killed it */
	json_t *reports;	/* libdmart's JSON reports */
	char **sites;		/* failure points reached: class@file:line */
	size_t nsites;
	char *output;		/* the tail of its output, when not HR_OK */
};

/* Builds harness.c with DMART_DRIVER=variant into bin (compiler output in
 * log).  0 on success; else *output is the tail of the log. */
int hr_build(const struct confirm_cfg *cfg, const char *harness,
	     const char *variant, const char *bin, const char *log,
	     char **output);
/* The harness's scenario names (`bin --list`).  0 on success. */
int hr_list(const char *bin, const char *tmp, double timeout, char ***names,
	    size_t *n, char **output);
/* Runs runs[0..n) with up to `jobs` processes at a time, each killed after
 * `timeout` seconds; tmp holds their report files. */
void hr_run_batch(const char *bin, const char *tmp, struct hrun *runs,
		  size_t n, int jobs, double timeout);
void hr_free(struct hrun *r);

#endif
