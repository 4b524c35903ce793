/*
 * report.h - the HTML report (report.c).
 */
#ifndef DMACHECK_DB_REPORT_H
#define DMACHECK_DB_REPORT_H

#include "db/internal.h"

/* Where a finding's sources and verdicts are read: its database and run. */
struct report_source {
	dmadb *db;
	int64_t run;
	const char *root;	/* the run's source root */
};

/*
 * Writes the static site for fs into outdir (created when missing):
 * index.html, report.css, report.js and f/N.html per finding.  old is the
 * older run of a diff (its "resolved" findings are read from it), else
 * NULL.  db_path names the database in the triage commands shown.  0 on
 * success, else 1 and *err (malloc'ed, may be NULL: out of memory).
 */
int db_report_html(const char *outdir, const struct db_findings *fs,
		   const struct report_source *cur,
		   const struct report_source *old, const char *title,
		   const char *subtitle, const char *db_path, char **err);

#endif
