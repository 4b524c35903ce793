// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart harness driver: runs a harness's scenarios by name, so that
 * `dmacheck confirm` can run each in its own process with one fault.
 */
#include "internal.h"
#include <dmart.h>

static const struct dmart_scenario *find(const struct dmart_scenario *s,
					 const char *name)
{
	for (; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static int run_one(const struct dmart_scenario *s)
{
	unsigned long before = dmart_error_count();
	int rc;

	fprintf(stderr, "dmart: scenario %s\n", s->name);
	rc = s->run();
	fprintf(stderr, "dmart: scenario %s: %s, %lu report(s)\n", s->name,
		rc ? "FAILED" : "done", dmart_error_count() - before);
	return rc;
}

/* 0: every scenario run returned 0; 1: one did not; 2: usage. */
int dmart_harness_main(int argc, char **argv,
		       const struct dmart_scenario *scenarios)
{
	const struct dmart_scenario *s;
	int i, failed = 0;

	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (s = scenarios; s->name; s++)
			printf("%s\n", s->name);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (!find(scenarios, argv[i])) {
			fprintf(stderr, "%s: no scenario '%s' (--list lists them)\n",
				argv[0], argv[i]);
			return 2;
		}
	}
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			failed |= run_one(find(scenarios, argv[i])) != 0;
	} else {
		for (s = scenarios; s->name; s++)
			failed |= run_one(s) != 0;
	}
	fflush(NULL);
	return failed;
}
