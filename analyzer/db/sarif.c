/*
 * sarif.c - SARIF 2.1.0 export of one run.
 *
 * Artifact URIs are relative to the run's source root (uriBaseId SRCROOT),
 * so that results from different checkouts match; partialFingerprints carry
 * the dmacheck fingerprint ("dmacheck/v1") for code scanning services to
 * track a result across runs.  Each rule carries its page
 * (docs/rules/<rule>.md, compiled in) as help; no URI of the machine that
 * built dmacheck is written.  The document is a jansson tree, dumped once.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Short names for building objects: each returns 0, or -1 when out of
 * memory (jansson frees the value then), so failures can be or'ed. */
#define SET(o, k, v) json_object_set_new((o), (k), (v))
#define ADD(a, v) json_array_append_new((a), (v))

static json_t *text_message(const char *text)
{
	json_t *m = json_object();

	if (SET(m, "text", jstr(text))) {
		json_decref(m);
		return NULL;
	}
	return m;
}

/* Owns o: returns it, or NULL (freed) when bad. */
static json_t *done(json_t *o, int bad)
{
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A URI string: percent-encoded path, after an optional prefix. */
static json_t *uri(const char *prefix, const char *path, const char *suffix)
{
	json_t *j;
	sbuf b;

	sb_init(&b);
	sb_puts(&b, prefix);
	sb_uri_path(&b, path);
	sb_puts(&b, suffix);
	j = b.oom ? NULL : jstr(sb_str(&b));
	sb_free(&b);
	return j;
}

static json_t *camel(const char *name)
{
	json_t *j;
	sbuf b;
	int up = 1;

	sb_init(&b);
	for (; *name; name++) {
		if (*name == '-' || *name == '_') {
			up = 1;
			continue;
		}
		sb_putc(&b, up ? (char)toupper((unsigned char)*name) : *name);
		up = 0;
	}
	j = b.oom ? NULL : jstr(sb_str(&b));
	sb_free(&b);
	return j;
}

static json_t *artifact(const char *path)
{
	json_t *a = json_object();
	int bad = 0;

	if (path[0] == '/') {
		bad |= SET(a, "uri", uri("file://", path, ""));
	} else {
		bad |= SET(a, "uri", uri("", path, ""));
		bad |= SET(a, "uriBaseId", json_string("SRCROOT"));
	}
	return done(a, bad);
}

static json_t *location(const char *path, long line, long col,
			const char *snippet, const char *message,
			const char *function)
{
	json_t *loc = json_object(), *phys = json_object();
	int bad = 0;

	bad |= SET(phys, "artifactLocation", artifact(path));
	if (line > 0) {
		json_t *region = json_object();

		bad |= SET(region, "startLine", json_integer(line));
		if (col > 0)
			bad |= SET(region, "startColumn", json_integer(col));
		if (snippet && snippet[0])
			bad |= SET(region, "snippet", text_message(snippet));
		bad |= SET(phys, "region", region);
	}
	bad |= SET(loc, "physicalLocation", phys);
	if (function && function[0]) {
		json_t *logical = json_array(), *fn = json_object();

		bad |= SET(fn, "name", jstr(function));
		bad |= SET(fn, "kind", json_string("function"));
		bad |= ADD(logical, fn);
		bad |= SET(loc, "logicalLocations", logical);
	}
	if (message)
		bad |= SET(loc, "message", text_message(message));
	return done(loc, bad);
}

/* The reportingDescriptor of one row of the rules table. */
static json_t *rule_descriptor(sqlite3_stmt *st)
{
	const char *name = (const char *)sqlite3_column_text(st, 0);
	const char *id = (const char *)sqlite3_column_text(st, 1);
	const char *sev = (const char *)sqlite3_column_text(st, 2);
	const char *an = (const char *)sqlite3_column_text(st, 3);
	int rt = sqlite3_column_int(st, 4);
	const char *sum = (const char *)sqlite3_column_text(st, 5);
	const char *page;
	json_t *r = json_object(), *help = json_object(), *props = json_object();
	json_t *tags = json_array();
	int bad = 0;
	sbuf full;

	if (!name || !id || !sev || !an || !sum) {
		json_decref(r);
		json_decref(help);
		json_decref(props);
		json_decref(tags);
		return NULL;
	}
	page = db_rule_page(name);
	sb_init(&full);
	sb_printf(&full, "%s (%s; severity %s; analyzer: %s; runtime check in "
			 "libdmart: %s). See docs/rules/%s.md.",
		  sum, id, sev, an, rt ? "yes" : "no", name);
	bad |= full.oom;
	bad |= SET(r, "id", jstr(name));
	bad |= SET(r, "name", camel(name));
	bad |= SET(r, "shortDescription", text_message(sum));
	bad |= SET(r, "fullDescription", text_message(sb_str(&full)));
	sb_free(&full);
	/* The page is Markdown that reads as plain text too. */
	bad |= SET(help, "text", jstr(page ? page : sum));
	bad |= SET(help, "markdown", jstr(page ? page : sum));
	bad |= SET(r, "help", help);
	if (DMADB_DOCS_URI[0])
		bad |= SET(r, "helpUri", uri(DMADB_DOCS_URI "docs/rules/", name, ".md"));
	{
		json_t *conf = json_object();

		bad |= SET(conf, "level", jstr(sev));
		bad |= SET(r, "defaultConfiguration", conf);
	}
	bad |= SET(props, "dmacheckId", jstr(id));
	bad |= ADD(tags, json_string("dma"));
	bad |= ADD(tags, json_string("linux-kernel"));
	bad |= SET(props, "tags", tags);
	bad |= SET(r, "properties", props);
	return done(r, bad);
}

/* The rules array; *names gets the rule names in its order (for
 * ruleIndex). */

/* An array read from a statement: NULL (the error recorded) when an element
 * could not be allocated or the statement did not run to its end. */
static json_t *array_done(dmadb *db, json_t *arr, int bad, int rc,
			  const char *what)
{
	if (bad) {
		json_decref(arr);
		db_fail(db, "out of memory");
		return NULL;
	}
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		db_fail_sql(db, what);
		return NULL;
	}
	return arr;
}

static json_t *rules(dmadb *db, char ***names, size_t *nnames)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT name, id, severity, analyzer, runtime, summary "
		    "FROM rules ORDER BY id");
	json_t *arr = json_array();
	size_t n = 0, cap = 0;
	int rc = SQLITE_DONE, bad = !arr;

	*names = NULL;
	*nnames = 0;
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **v = realloc(*names, nc * sizeof(*v));
			if (!v) {
				bad = 1;
				break;
			}
			*names = v;
			cap = nc;
		}
		if (!name || !((*names)[n] = strdup(name))) {
			bad = 1;
			break;
		}
		n++;
		bad |= ADD(arr, rule_descriptor(st));
	}
	*nnames = n;
	sqlite3_finalize(st);
	return array_done(db, arr, bad, rc, "cannot read rules");
}

static json_t *notification(const char *path, const char *status,
			    const char *error, int skipped)
{
	json_t *n = json_object(), *locs = json_array(), *loc = json_object();
	json_t *phys = json_object();
	int bad = 0;
	sbuf m;

	sb_init(&m);
	if (skipped)
		sb_printf(&m, "skipped '%s'%s%s", path, error[0] ? ": " : "",
			  error);
	else
		sb_printf(&m, "cannot analyse '%s' (%s)%s%s", path, status,
			  error[0] ? ": " : "", error);
	bad |= m.oom;
	bad |= SET(n, "level", json_string(skipped ? "note" : "error"));
	bad |= SET(n, "message", text_message(sb_str(&m)));
	sb_free(&m);
	bad |= SET(phys, "artifactLocation", artifact(path));
	bad |= SET(loc, "physicalLocation", phys);
	bad |= ADD(locs, loc);
	bad |= SET(n, "locations", locs);
	return done(n, bad);
}

/* The toolExecutionNotifications: files that were not analysed. */
static json_t *notifications(dmadb *db, int64_t run, int *failed)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT path, status, coalesce(error,'') FROM run_files "
		    "WHERE run_id=?1 AND status<>'analysed' ORDER BY id");
	json_t *arr = json_array();
	int rc, nfailed = 0, bad = !arr;

	*failed = 0;
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, run);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		const char *error = (const char *)sqlite3_column_text(st, 2);
		int skipped;

		if (!path || !status || !error) {
			bad = 1;
			break;
		}
		skipped = !strcmp(status, "skipped");
		/* Skipped is not failed; the prefilter's skips are the point of
		 * the prefilter, not news (their reason starts "prefilter:",
		 * PrefilterSkip in analyzer/driver). */
		if (skipped && !strncmp(error, "prefilter:", 10))
			continue;
		nfailed += !skipped;
		bad |= ADD(arr, notification(path, status, error, skipped));
	}
	sqlite3_finalize(st);
	*failed = nfailed;
	return array_done(db, arr, bad, rc, "cannot read file outcomes");
}

static json_t *code_flow(const struct db_finding_row *f)
{
	json_t *flows = json_array(), *flow = json_object();
	json_t *threads = json_array(), *thread = json_object();
	json_t *locs = json_array();
	int bad = 0;
	size_t i;

	for (i = 0; i < f->nevents && !bad; i++) {
		const struct db_event_row *e = &f->events[i];
		json_t *step = json_object();

		bad |= SET(step, "location", location(e->path, e->line, e->col,
						      NULL, e->message, NULL));
		bad |= ADD(locs, step);
	}
	{
		json_t *last = json_object();

		bad |= SET(last, "location", location(f->path, f->line, f->col,
						      NULL, f->message, NULL));
		bad |= ADD(locs, last);
	}
	bad |= SET(thread, "locations", locs);
	bad |= ADD(threads, thread);
	bad |= SET(flow, "threadFlows", threads);
	bad |= ADD(flows, flow);
	return done(flows, bad);
}

static json_t *result(const struct db_finding_row *f, char **names,
		      size_t nnames)
{
	json_t *r = json_object(), *locs = json_array(), *fps = json_object();
	json_t *props = json_object();
	int bad = 0;
	size_t i;

	bad |= SET(r, "ruleId", jstr(f->rule));
	for (i = 0; i < nnames; i++)
		if (!strcmp(names[i], f->rule)) {
			bad |= SET(r, "ruleIndex", json_integer((json_int_t)i));
			break;
		}
	bad |= SET(r, "level", jstr(f->severity));
	bad |= SET(r, "message", text_message(f->message));
	bad |= ADD(locs, location(f->path, f->line, f->col, f->snippet, NULL,
				  f->function));
	bad |= SET(r, "locations", locs);
	bad |= SET(fps, "dmacheck/v1", jstr(f->fingerprint));
	bad |= SET(r, "partialFingerprints", fps);
	if (f->nevents)
		bad |= SET(r, "codeFlows", code_flow(f));
	if (!strcmp(f->triage, "false-positive") ||
	    !strcmp(f->triage, "wont-fix")) {
		json_t *sups = json_array(), *sup = json_object();

		bad |= SET(sup, "kind", json_string("external"));
		bad |= SET(sup, "status", json_string("accepted"));
		bad |= SET(sup, "justification",
			   jstr(f->comment && f->comment[0] ? f->comment
							     : f->triage));
		bad |= ADD(sups, sup);
		bad |= SET(r, "suppressions", sups);
	}
	bad |= SET(props, "triage", jstr(f->triage));
	if (f->confirmation) {
		bad |= SET(props, "runtimeConfirmation", jstr(f->confirmation));
		bad |= SET(props, "runtimeConfirmations",
			   json_integer(f->confirmations));
	}
	if (f->rule_id)
		bad |= SET(props, "dmacheckId", jstr(f->rule_id));
	bad |= SET(r, "properties", props);
	return done(r, bad);
}

/* The run's row of the runs table. */
struct run_row {
	char *status, *started, *finished, *version, *cmdline, *root, *rev;
};

static void run_row_free(struct run_row *r)
{
	free(r->status);
	free(r->started);
	free(r->finished);
	free(r->version);
	free(r->cmdline);
	free(r->root);
	free(r->rev);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? strdup((const char *)t) : NULL;
}

static int load_run(dmadb *db, int64_t run, struct run_row *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT status, started_at, "
					  "finished_at, tool_version, "
					  "command_line, source_root, "
					  "git_revision FROM runs WHERE id=?1");

	memset(r, 0, sizeof(*r));
	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, run);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, "no run %lld in '%s'", (long long)run,
			       dmadb_path(db));
	}
	r->status = col_dup(st, 0);
	r->started = col_dup(st, 1);
	r->finished = col_dup(st, 2);
	r->version = col_dup(st, 3);
	r->cmdline = col_dup(st, 4);
	r->root = col_dup(st, 5);
	r->rev = col_dup(st, 6);
	sqlite3_finalize(st);
	if (!r->status || !r->started || !r->version || !r->cmdline ||
	    !r->root) {
		run_row_free(r);
		return db_fail(db, "out of memory");
	}
	return 0;
}

static json_t *invocation(dmadb *db, int64_t run, const struct run_row *rr)
{
	json_t *inv = json_object(), *notes;
	int bad = 0, failed = 0;

	if (!(notes = notifications(db, run, &failed))) {
		json_decref(inv);
		return NULL;
	}
	bad |= SET(inv, "commandLine", jstr(rr->cmdline));
	bad |= SET(inv, "startTimeUtc", jstr(rr->started));
	if (rr->finished)
		bad |= SET(inv, "endTimeUtc", jstr(rr->finished));
	bad |= SET(inv, "toolExecutionNotifications", notes);
	bad |= SET(inv, "executionSuccessful",
		   json_boolean(!strcmp(rr->status, "complete") && !failed));
	if (bad)
		db_fail(db, "out of memory");
	return done(inv, bad);
}

/* The `dmacheck confirm` invocations that tried this run's findings
 * (schema 4), appended to invs; 0, or 1 after db_fail(). */
static int confirm_invocations(dmadb *db, int64_t run, json_t *invs)
{
	sqlite3_stmt *st;
	int rc, bad = 0;
	long long version = 0;

	if (db_schema_version(db, &version))
		return 1;
	if (version < 4)
		return 0;
	st = db_prepare(db, "SELECT id, command_line, started_at, finished_at, "
			    "compiler, cflags, all_faults FROM confirm_runs "
			    "WHERE run_id=?1 ORDER BY id");
	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, run);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *inv = json_object(), *props = json_object();
		const char *end = (const char *)sqlite3_column_text(st, 3);

		bad |= SET(inv, "commandLine",
			   jstr((const char *)sqlite3_column_text(st, 1)));
		bad |= SET(inv, "startTimeUtc",
			   jstr((const char *)sqlite3_column_text(st, 2)));
		if (end)
			bad |= SET(inv, "endTimeUtc", jstr(end));
		bad |= SET(inv, "executionSuccessful", json_boolean(end != NULL));
		bad |= SET(props, "dmacheckConfirm",
			   json_integer(sqlite3_column_int64(st, 0)));
		bad |= SET(props, "compiler",
			   jstr((const char *)sqlite3_column_text(st, 4)));
		bad |= SET(props, "compilerFlags",
			   jstr((const char *)sqlite3_column_text(st, 5)));
		bad |= SET(props, "allFaults",
			   json_boolean(sqlite3_column_int(st, 6)));
		bad |= SET(inv, "properties", props);
		bad |= ADD(invs, inv);
	}
	sqlite3_finalize(st);
	if (bad)
		return db_fail(db, "out of memory");
	return 0;
}

static json_t *tool(dmadb *db, const struct run_row *rr, char ***names,
		    size_t *nnames)
{
	json_t *t = json_object(), *drv = json_object(), *arr;
	int bad = 0;

	if (!(arr = rules(db, names, nnames))) {
		json_decref(t);
		json_decref(drv);
		return NULL;
	}
	bad |= SET(drv, "name", json_string("dmacheck"));
	bad |= SET(drv, "version", jstr(rr->version));
	if (DMADB_DOCS_URI[0])
		bad |= SET(drv, "informationUri", json_string(DMADB_DOCS_URI));
	bad |= SET(drv, "rules", arr);
	bad |= SET(t, "driver", drv);
	if (bad)
		db_fail(db, "out of memory");
	return done(t, bad);
}

/* The runs[0] object, NULL after db_fail(). */
static json_t *sarif_run(dmadb *db, int64_t run, const struct run_row *rr,
			 const struct db_findings *fs)
{
	json_t *r = json_object(), *t, *inv = NULL, *invs = json_array();
	json_t *bases = json_object(), *src = json_object();
	json_t *results = json_array(), *props = json_object();
	char **names = NULL;
	size_t nnames = 0, i;
	int bad = 0;
	const char *slash = rr->root[0] && rr->root[strlen(rr->root) - 1] != '/'
				    ? "/"
				    : "";

	if (!(t = tool(db, rr, &names, &nnames)) ||
	    !(inv = invocation(db, run, rr))) {
		json_decref(t);
		bad = -2; /* already reported */
		goto out;
	}
	bad |= SET(r, "tool", t);
	bad |= SET(src, "uri", uri("file://", rr->root, slash));
	bad |= SET(bases, "SRCROOT", src);
	bad |= SET(r, "originalUriBaseIds", bases);
	bad |= ADD(invs, inv);
	if (confirm_invocations(db, run, invs)) {
		bad = -2;
		goto out;
	}
	bad |= SET(r, "invocations", invs);
	invs = NULL;
	for (i = 0; i < fs->n && !bad; i++)
		bad |= ADD(results, result(&fs->v[i], names, nnames));
	bad |= SET(r, "results", results);
	results = NULL;
	bad |= SET(props, "dmacheckRun", json_integer(run));
	bad |= SET(props, "status", jstr(rr->status));
	if (rr->rev)
		bad |= SET(props, "gitRevision", jstr(rr->rev));
	bad |= SET(r, "properties", props);
	props = NULL;
	bases = src = NULL;
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (bad == -2) {
		json_decref(invs);
		json_decref(bases);
		json_decref(src);
		json_decref(results);
		json_decref(props);
		json_decref(r);
		return NULL;
	}
	if (bad)
		db_fail(db, "out of memory");
	return done(r, bad);
}

int db_export_sarif(dmadb *db, int64_t run, dmadb *baseline, const char *out)
{
	struct db_findings fs = {0};
	struct run_row rr;
	json_t *doc = NULL, *runs, *r;
	char *err = NULL;
	int rc = 1, bad = 0;

	if (!run && !(run = db_resolve_run(db, "latest")))
		return 1;
	if (load_run(db, run, &rr))
		return 1;
	if (db_load_findings(db, run, NULL, 1, &fs) ||
	    (baseline && db_apply_triage(db, baseline, &fs)))
		goto out;
	if (!(r = sarif_run(db, run, &rr, &fs)))
		goto out;
	doc = json_object();
	runs = json_array();
	bad |= SET(doc, "$schema",
		   json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	bad |= SET(doc, "version", json_string("2.1.0"));
	bad |= ADD(runs, r);
	bad |= SET(doc, "runs", runs);
	if (bad) {
		db_fail(db, "out of memory");
		goto out;
	}
	if (json_write(doc, JSON_INDENT(2), out, &err)) {
		db_fail(db, "%s", err ? err : "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(err);
	json_decref(doc);
	db_findings_free(&fs);
	run_row_free(&rr);
	return rc;
}

int dmadb_export_sarif(dmadb *db, int64_t run, const char *out)
{
	return db_export_sarif(db, run, NULL, out);
}
