/*
 * internal.h - shared internals of the findings database (not installed).
 */
#ifndef DMACHECK_DB_INTERNAL_H
#define DMACHECK_DB_INTERNAL_H

#include "db/dmadb.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>

/* How many statements one connection keeps prepared (db_cached()). */
#define DB_STMT_CACHE 16

struct dmadb {
	sqlite3 *h;
	char *path;
	enum dmadb_mode mode;
	char *err; /* sqlite3_malloc'ed; the last error */
	struct {
		const char *sql; /* the caller's literal: keyed by address */
		sqlite3_stmt *st;
	} stmts[DB_STMT_CACHE];
	size_t nstmts;
};

/* Records an error message on db (printf-style); returns 1. */
int db_fail(dmadb *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Records "what: <sqlite error>" for the last failed call; returns 1. */
int db_fail_sql(dmadb *db, const char *what);

/* Runs fn(db, arg) inside BEGIN IMMEDIATE ... COMMIT.  On SQLITE_BUSY or
 * SQLITE_LOCKED anywhere in it, rolls back and starts over (fn must be
 * repeatable) until the retry deadline; any other failure rolls back and is
 * returned.  fn returns 0 or a nonzero SQLite code after db_fail*(). */
int db_write_txn(dmadb *db, int (*fn)(dmadb *db, void *arg), void *arg);

/* Prepares sql; on failure records the error and returns NULL. */
sqlite3_stmt *db_prepare(dmadb *db, const char *sql);
/* The same for a statement of a per-file path, which the connection keeps
 * prepared: sql must be a string literal (it is keyed by its address).
 * Give it back with db_done(), never sqlite3_finalize(). */
sqlite3_stmt *db_cached(dmadb *db, const char *sql);
/* Resets and unbinds a statement of db_cached() (finalizes any other). */
void db_done(dmadb *db, sqlite3_stmt *st);
/* sqlite3_exec with error recording; returns the SQLite code. */
int db_exec(dmadb *db, const char *sql);
int db_is_busy(int rc);

/* PRAGMA user_version: what a database opened read-only (a baseline) has
 * may be older than DMADB_SCHEMA_VERSION.  0, or 1 after db_fail(). */
int db_schema_version(dmadb *db, long long *version);
/* The run that `spec` names: a number, or "latest" (the newest complete
 * run, else the newest run).  Returns 0 after db_fail() when there is none. */
int64_t db_resolve_run(dmadb *db, const char *spec);
/* The run's source root (malloc'ed), or NULL. */
char *db_run_source_root(dmadb *db, int64_t run);

/* --- growing strings ----------------------------------------------------- */

typedef struct {
	char *p;
	size_t n, cap;
	int oom;
} sbuf;

void sb_init(sbuf *b);
void sb_free(sbuf *b);
void sb_putn(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_putc(sbuf *b, char c);
void sb_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A CSV field (RFC 4180): quoted when needed. */
void sb_csv(sbuf *b, const char *s);
/* Percent-encodes a path for a URI (keeps '/' and unreserved chars). */
void sb_uri_path(sbuf *b, const char *s);
/* Returns the string (never NULL; "" when empty) and keeps ownership. */
const char *sb_str(sbuf *b);

/* --- misc ------------------------------------------------------------------ */

/* Current UTC time as ISO 8601 with milliseconds, into buf (>= 32 bytes). */
void now_iso8601(char buf[32]);
/* Runs argv (PATH lookup), returns its first output line (malloc'ed), or NULL
 * when it could not run or failed. */
char *run_capture(char *const argv[]);
/* Canonical absolute path of `path` (relative to dir, or the cwd when dir
 * is NULL/empty): realpath when the file exists, else lexically cleaned.
 * malloc'ed, NULL when out of memory. */
char *abs_path(const char *path, const char *dir);
/* path relative to root when inside it, else path itself (malloc'ed). */
char *rel_path(const char *path, const char *root);
/* Shell-quoted command line (malloc'ed). */
char *shell_join(int argc, char *const *argv);
/* Identity of a live process: "<boot id>:<start time>", or NULL. */
char *process_token(long pid);
/* Host name (static buffer). */
const char *host_name(void);

/* The rule table compiled in from rules/checks.def. */
struct db_rule {
	const char *id, *name, *severity, *analyzer, *summary;
	int runtime;
};
extern const struct db_rule db_rules[];
extern const size_t db_nrules;
const struct db_rule *db_rule_lookup(const char *name_or_id);
/*
 * Where the project's documentation is published over https, ending in '/'
 * (README.md and docs/rules/<rule>.md beneath it).  Empty while there is
 * none: SARIF then carries no informationUri/helpUri, and each rule's page
 * travels as its help text instead.  Set it here, once, when there is one.
 */
#define DMADB_DOCS_URI ""
/* The documentation of a rule (malloc'ed): DMADB_DOCS_URI
 * "docs/rules/<name>.md", a path relative to the source tree while
 * DMADB_DOCS_URI is empty. */
char *rule_help_uri(const char *name);
/* The rule pages docs/rules/<name>.md, compiled in (rule_pages.c, generated
 * by rule_pages.cmake). */
struct db_rule_page {
	const char *name, *markdown;
};
extern const struct db_rule_page db_rule_pages[];
extern const size_t db_nrule_pages;
/* The page of a rule, or NULL. */
const char *db_rule_page(const char *name);
int severity_rank(const char *sev); /* note 0, warning 1, error 2, else -1 */
/* SHA-256 of a file's content as 64 hex digits; 0, or 1 when unreadable. */
int db_file_sha256(const char *path, char out[65]);
/* Full SHA-256 of data as 64 hex digits (for the self-test). */
void dmadb_sha256_hex(const void *data, size_t n, char out[65]);

/* Schema 3 (cache.c): file_cache entries that hold their dependency list
 * whole get it split into shared dep_sets chunks.  Inside the migration's
 * transaction; returns an SQLite code after db_fail*(). */
int db_cache_split_whole_lists(dmadb *db);

/* --- reading findings ---------------------------------------------------- */

struct db_event_row {
	char *path, *message;
	long line, col;
};

struct db_finding_row {
	int64_t id, run;
	char *fingerprint, *rule, *rule_id, *severity, *path, *function;
	char *message, *snippet;
	long line, col;
	char *triage, *comment, *triage_at; /* triage is "new" when none */
	long confirmations; /* runtime confirmations (outcome confirmed) */
	char *confirmation; /* the latest confirm verdict; NULL: never tried */
	struct db_event_row *events;
	size_t nevents;
	const char *change; /* diff: "new", "resolved" or "persisting" */
};

struct db_findings {
	struct db_finding_row *v;
	size_t n, cap;
};

struct db_filter {
	const char *rule;   /* name, id or glob; NULL: all */
	const char *path;   /* glob on the path relative to the source root */
	const char *status; /* comma-separated triage states */
	int min_severity;   /* severity_rank(); 0 keeps all */
};

/* Loads the findings of one run, ordered by path, line, column, rule. */
int db_load_findings(dmadb *db, int64_t run, const struct db_filter *flt,
		     int with_events, struct db_findings *out);
void db_findings_free(struct db_findings *f);
/* Copies a row (deep) onto the end of out; 0 on success. */
int db_findings_push(struct db_findings *out, const struct db_finding_row *r);
/* Applies the triage of another database (a baseline) to fs: where `other`
 * has a decision for a finding's fingerprint that is newer than the
 * finding's own (or the finding has none), its status, comment and time
 * replace them.  0, or 1 after db_fail() on fs's database `db`. */
int db_apply_triage(dmadb *db, dmadb *other, struct db_findings *fs);

/* SARIF export of `run` as dmadb_export_sarif(), with the triage of
 * `baseline` (NULL: none) applied first (db_apply_triage()). */
int db_export_sarif(dmadb *db, int64_t run, dmadb *baseline, const char *out);

/* Writes text to path atomically (temp file + rename), or to stdout for
 * "-".  0 on success, else *err (malloc'ed). */
int write_output(const char *path, const char *text, size_t n, char **err);

/* --- JSON output (json.c, jansson) ------------------------------------------ */

/* JSON string of database text (NULL: ""); bytes that are not UTF-8 are
 * replaced by U+FFFD.  NULL only when out of memory. */
json_t *jstr(const char *s);
/* As jstr(), but JSON null for NULL. */
json_t *jstr_or_null(const char *s);
/* A copy of s with each invalid UTF-8 sequence (its maximal subpart)
 * replaced by U+FFFD (malloc'ed; NULL when out of memory). */
char *utf8_sanitize(const char *s);
/* Dumps root (JSON_PRESERVE_ORDER added to flags) plus a line feed to out
 * as write_output() does.  root may be NULL (a failed build): reported as
 * out of memory.  0 on success, else *err (malloc'ed, may be NULL). */
int json_write(json_t *root, size_t flags, const char *out, char **err);

#endif
