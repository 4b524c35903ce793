/*
 * commands.c - `dmacheck findings|diff|triage|gate|export|runs`.
 *
 * Exit status: 0 ok, 1 the gate failed, 2 usage or I/O error.  Everything a
 * command prints goes through one buffer that is written at the end, so a
 * failure never leaves half a JSON document on stdout.
 */
#define _GNU_SOURCE
#include "db/internal.h"
#include "db/report.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DB "dmacheck.db"


/* --- errors ---------------------------------------------------------------- */

static int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("dmacheck: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'dmacheck %s --help'.\n", cmd);
	return 2;
}

static int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int error(const char *fmt, ...)
{
	va_list ap;

	fputs("dmacheck: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* The options are parsed by the driver (analyzer/driver/DbCommands.cpp,
 * llvm::cl): here only the defaults and what needs the database layer. */
static int defaults(struct dmadb_cmd *o)
{
	if (!o->db)
		o->db = DEFAULT_DB;
	if (o->db[0] == 0)
		return usage_error(o->cmd, "--db needs a file name");
	return 0;
}

static int check_format(struct dmadb_cmd *o)
{
	if (!o->format)
		o->format = "text";
	if (strcmp(o->format, "text") && strcmp(o->format, "json") &&
	    strcmp(o->format, "csv"))
		return usage_error(o->cmd, "invalid format '%s' (text, json or csv)",
				   o->format);
	return 0;
}

static int valid_triage(const char *s)
{
	return !strcmp(s, "new") || !strcmp(s, "confirmed") ||
	       !strcmp(s, "false-positive") || !strcmp(s, "wont-fix") ||
	       !strcmp(s, "fixed");
}

static int check_status_list(struct dmadb_cmd *o)
{
	char *copy, *tok, *save = NULL;
	int bad = 0;

	if (!o->status)
		return 0;
	copy = strdup(o->status);
	if (!copy)
		return error("out of memory");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!valid_triage(tok)) {
			bad = usage_error(o->cmd, "invalid triage state '%s' (new, "
						  "confirmed, false-positive, "
						  "wont-fix, fixed)",
					  tok);
			break;
		}
	free(copy);
	return bad;
}

/* --- opening ----------------------------------------------------------------- */

static dmadb *open_main(const char *path, int need_write)
{
	dmadb *db;
	char *err = NULL;
	enum dmadb_mode mode = DMADB_WRITE;

	/* A database we may not write is still queried, read-only. */
	if (!need_write && access(path, F_OK) == 0 && access(path, W_OK) != 0)
		mode = DMADB_READ;
	db = dmadb_open(path, mode, &err);
	if (!db) {
		error("%s", err ? err : "out of memory");
		free(err);
	}
	return db;
}

static dmadb *open_other(const char *path)
{
	char *err = NULL;
	dmadb *db = dmadb_open(path, DMADB_READ, &err);

	if (!db) {
		error("%s", err ? err : "out of memory");
		free(err);
	}
	return db;
}

static int is_run_spec(const char *s)
{
	if (!strcmp(s, "latest"))
		return 1;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int finish_output(sbuf *b)
{
	char *err = NULL;

	if (b->oom) {
		sb_free(b);
		return error("out of memory");
	}
	if (b->n && write_output("-", b->p, b->n, &err)) {
		error("%s", err ? err : "cannot write output");
		free(err);
		sb_free(b);
		return 2;
	}
	sb_free(b);
	return 0;
}

/* --- formatting findings ---------------------------------------------------- */

static void text_finding(sbuf *b, const struct db_finding_row *f, int details)
{
	size_t i;

	if (f->change)
		sb_printf(b, "%s: ", f->change);
	sb_printf(b, "%s:%ld:%ld: %s: %s [%s]", f->path, f->line, f->col,
		  f->severity, f->message, f->rule);
	if (f->confirmation)
		sb_printf(b, " [runtime: %s]", f->confirmation);
	if (!details) {
		sb_printf(b, " %s\n", f->fingerprint);
		return;
	}
	sb_printf(b, "\n  fingerprint %s  triage %s", f->fingerprint, f->triage);
	if (f->function && f->function[0])
		sb_printf(b, "  function %s", f->function);
	if (f->confirmations)
		sb_printf(b, "  confirmed at run time %ld time%s",
			  f->confirmations, f->confirmations == 1 ? "" : "s");
	if (f->confirmation && strcmp(f->confirmation, "confirmed"))
		sb_printf(b, "  runtime %s", f->confirmation);
	sb_putc(b, '\n');
	if (f->comment && f->comment[0])
		sb_printf(b, "  comment: %s\n", f->comment);
	for (i = 0; i < f->nevents; i++)
		sb_printf(b, "  %s:%ld:%ld: note: %s\n", f->events[i].path,
			  f->events[i].line, f->events[i].col,
			  f->events[i].message);
}

/* The finding as a JSON object; NULL when out of memory. */
static json_t *json_finding(const struct db_finding_row *f)
{
	json_t *o = json_object(), *path = json_array();
	int bad = 0;
	size_t i;

	if (f->change)
		bad |= json_object_set_new(o, "change", jstr(f->change));
	bad |= json_object_set_new(o, "run", json_integer(f->run));
	bad |= json_object_set_new(o, "fingerprint", jstr(f->fingerprint));
	bad |= json_object_set_new(o, "rule", jstr(f->rule));
	bad |= json_object_set_new(o, "rule_id", jstr_or_null(f->rule_id));
	bad |= json_object_set_new(o, "severity", jstr(f->severity));
	bad |= json_object_set_new(o, "file", jstr(f->path));
	bad |= json_object_set_new(o, "line", json_integer(f->line));
	bad |= json_object_set_new(o, "column", json_integer(f->col));
	bad |= json_object_set_new(o, "function", jstr(f->function));
	bad |= json_object_set_new(o, "message", jstr(f->message));
	bad |= json_object_set_new(o, "snippet", jstr(f->snippet));
	bad |= json_object_set_new(o, "triage", jstr(f->triage));
	bad |= json_object_set_new(o, "comment", jstr_or_null(f->comment));
	bad |= json_object_set_new(o, "confirmations",
				   json_integer(f->confirmations));
	bad |= json_object_set_new(o, "confirmation",
				   jstr_or_null(f->confirmation));
	for (i = 0; i < f->nevents && !bad; i++) {
		const struct db_event_row *e = &f->events[i];
		json_t *ev = json_object();

		bad |= json_object_set_new(ev, "file", jstr(e->path));
		bad |= json_object_set_new(ev, "line", json_integer(e->line));
		bad |= json_object_set_new(ev, "column", json_integer(e->col));
		bad |= json_object_set_new(ev, "message", jstr(e->message));
		bad |= json_array_append_new(path, ev);
	}
	bad |= json_object_set_new(o, "path", path);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* {"key": [finding...]} added to root; nonzero when out of memory. */
static int json_findings(json_t *root, const char *key,
			 const struct db_findings *fs)
{
	json_t *a = json_array();
	int bad = 0;
	size_t i;

	for (i = 0; i < fs->n && !bad; i++)
		bad |= json_array_append_new(a, json_finding(&fs->v[i]));
	bad |= json_object_set_new(root, key, a);
	return bad;
}

/* Prints root (NULL: it could not be built) on stdout, indented; drops the
 * reference. */
static int finish_json(json_t *root)
{
	char *err = NULL;
	int rc = 0;

	if (json_write(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15), "-",
		       &err)) {
		rc = error("%s", err ? err : "cannot write output");
		free(err);
	}
	json_decref(root);
	return rc;
}

static const char CSV_HEADER[] =
	"run,fingerprint,rule,rule_id,severity,file,line,column,function,"
	"message,triage,comment,confirmations,confirmation";

static void csv_finding(sbuf *b, const struct db_finding_row *f)
{
	if (f->change) {
		sb_csv(b, f->change);
		sb_putc(b, ',');
	}
	sb_printf(b, "%lld,", (long long)f->run);
	sb_csv(b, f->fingerprint);
	sb_putc(b, ',');
	sb_csv(b, f->rule);
	sb_putc(b, ',');
	sb_csv(b, f->rule_id);
	sb_putc(b, ',');
	sb_csv(b, f->severity);
	sb_putc(b, ',');
	sb_csv(b, f->path);
	sb_printf(b, ",%ld,%ld,", f->line, f->col);
	sb_csv(b, f->function);
	sb_putc(b, ',');
	sb_csv(b, f->message);
	sb_putc(b, ',');
	sb_csv(b, f->triage);
	sb_putc(b, ',');
	sb_csv(b, f->comment);
	sb_printf(b, ",%ld,", f->confirmations);
	sb_csv(b, f->confirmation ? f->confirmation : "");
	sb_puts(b, "\r\n");
}

/* --- findings ------------------------------------------------------------ */

static int cmd_findings(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	struct db_filter flt = {0};
	struct db_findings fs = {0};
	dmadb *db;
	int64_t run;
	sbuf b;
	size_t i;
	int rc;

	if ((rc = defaults(&o)) ||
	    (rc = check_format(&o)) || (rc = check_status_list(&o)))
		return rc;
	if (o.npos)
		return usage_error(o.cmd, "unexpected argument '%s'", o.pos[0]);
	if (!(db = open_main(o.db, 0)))
		return 2;
	if (!(run = db_resolve_run(db, o.run))) {
		rc = error("%s", dmadb_errmsg(db));
		dmadb_close(db);
		return rc;
	}
	flt.rule = o.rule;
	flt.path = o.path;
	flt.status = o.status;
	if (db_load_findings(db, run, &flt, 1, &fs)) {
		rc = error("%s", dmadb_errmsg(db));
		dmadb_close(db);
		return rc;
	}
	if (!strcmp(o.format, "json")) {
		json_t *root = json_object();

		if (json_object_set_new(root, "database", jstr(o.db)) ||
		    json_object_set_new(root, "run", json_integer(run)) ||
		    json_findings(root, "findings", &fs)) {
			json_decref(root);
			root = NULL;
		}
		db_findings_free(&fs);
		dmadb_close(db);
		return finish_json(root);
	}
	sb_init(&b);
	if (!strcmp(o.format, "text")) {
		for (i = 0; i < fs.n; i++)
			text_finding(&b, &fs.v[i], 1);
		sb_printf(&b, "%zu finding%s in run %lld\n", fs.n,
			  fs.n == 1 ? "" : "s", (long long)run);
	} else {
		sb_printf(&b, "%s\r\n", CSV_HEADER);
		for (i = 0; i < fs.n; i++)
			csv_finding(&b, &fs.v[i]);
	}
	db_findings_free(&fs);
	dmadb_close(db);
	return finish_output(&b);
}

/* --- diff and gate -------------------------------------------------------- */

struct side {
	dmadb *db; /* owned when it is another file */
	int owned;
	int64_t run;
	const char *label; /* "run N of FILE" */
	char labelbuf[512];
};

static int open_side(dmadb *main_db, const char *main_path, const char *spec,
		     struct side *s)
{
	memset(s, 0, sizeof(*s));
	if (is_run_spec(spec)) {
		s->db = main_db;
		s->run = db_resolve_run(main_db, spec);
		if (!s->run)
			return error("%s", dmadb_errmsg(main_db));
		snprintf(s->labelbuf, sizeof(s->labelbuf), "run %lld of %s",
			 (long long)s->run, main_path);
	} else {
		s->db = open_other(spec);
		if (!s->db)
			return 2;
		s->owned = 1;
		s->run = db_resolve_run(s->db, "latest");
		if (!s->run)
			return error("%s", dmadb_errmsg(s->db));
		snprintf(s->labelbuf, sizeof(s->labelbuf), "run %lld of %s",
			 (long long)s->run, spec);
	}
	s->label = s->labelbuf;
	return 0;
}

static void close_side(struct side *s)
{
	if (s->owned)
		dmadb_close(s->db);
	s->db = NULL;
}

static int by_fingerprint(const void *a, const void *b)
{
	const struct db_finding_row *x = *(const struct db_finding_row *const *)a;
	const struct db_finding_row *y = *(const struct db_finding_row *const *)b;
	int c = strcmp(x->fingerprint, y->fingerprint);

	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int by_change_then_place(const void *a, const void *b)
{
	const struct db_finding_row *x = a, *y = b;
	static const char *const order[] = {"new", "resolved", "persisting"};
	int ix = 0, iy = 0, c, k;

	for (k = 0; k < 3; k++) {
		if (x->change && !strcmp(x->change, order[k]))
			ix = k;
		if (y->change && !strcmp(y->change, order[k]))
			iy = k;
	}
	if (ix != iy)
		return ix - iy;
	if ((c = strcmp(x->path, y->path)))
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->fingerprint, y->fingerprint);
}

static const struct db_finding_row **sorted(const struct db_findings *f)
{
	const struct db_finding_row **v = malloc((f->n ? f->n : 1) * sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < f->n; i++)
		v[i] = &f->v[i];
	qsort(v, f->n, sizeof(*v), by_fingerprint);
	return v;
}

/* Classifies by fingerprint: each distinct fingerprint once (a fingerprint
 * seen several times in one run, e.g. a finding in a header included by two
 * files, is one finding). */
static int compare_sets(const struct db_findings *old, const struct db_findings *new,
			struct db_findings *out, size_t counts[3])
{
	const struct db_finding_row **a = sorted(old), **b = sorted(new);
	size_t i = 0, j = 0;
	int fail = 0;

	counts[0] = counts[1] = counts[2] = 0;
	if (!a || !b) {
		free(a);
		free(b);
		return 1;
	}
	while (!fail && (i < old->n || j < new->n)) {
		struct db_finding_row r;
		int c;

		if (i < old->n && j < new->n)
			c = strcmp(a[i]->fingerprint, b[j]->fingerprint);
		else
			c = i < old->n ? -1 : 1;
		if (c < 0) {
			r = *a[i];
			r.change = "resolved";
			counts[1]++;
		} else if (c > 0) {
			r = *b[j];
			r.change = "new";
			counts[0]++;
		} else {
			r = *b[j];
			r.change = "persisting";
			counts[2]++;
		}
		fail = db_findings_push(out, &r);
		/* Skip the duplicates of this fingerprint on both sides. */
		{
			const char *fp = c <= 0 ? a[i]->fingerprint : b[j]->fingerprint;
			while (i < old->n && !strcmp(a[i]->fingerprint, fp))
				i++;
			while (j < new->n && !strcmp(b[j]->fingerprint, fp))
				j++;
		}
	}
	free(a);
	free(b);
	if (!fail)
		qsort(out->v, out->n, sizeof(out->v[0]), by_change_then_place);
	return fail;
}

static int cmd_diff(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	struct side s_old, s_new;
	struct db_findings fo = {0}, fn = {0}, d = {0};
	size_t counts[3], i;
	dmadb *db = NULL;
	sbuf b;
	int rc;

	if ((rc = defaults(&o)) || (rc = check_format(&o)))
		return rc;
	if (o.npos != 2)
		return usage_error(o.cmd, "diff needs two runs or databases: OLD NEW");
	memset(&s_old, 0, sizeof(s_old));
	memset(&s_new, 0, sizeof(s_new));
	if ((is_run_spec(o.pos[0]) || is_run_spec(o.pos[1])) &&
	    !(db = open_main(o.db, 0)))
		return 2;
	if ((rc = open_side(db, o.db, o.pos[0], &s_old)) ||
	    (rc = open_side(db, o.db, o.pos[1], &s_new)))
		goto out;
	if (db_load_findings(s_old.db, s_old.run, NULL, 1, &fo)) {
		rc = error("%s", dmadb_errmsg(s_old.db));
		goto out;
	}
	if (db_load_findings(s_new.db, s_new.run, NULL, 1, &fn)) {
		rc = error("%s", dmadb_errmsg(s_new.db));
		goto out;
	}
	if (compare_sets(&fo, &fn, &d, counts)) {
		rc = error("out of memory");
		goto out;
	}
	sb_init(&b);
	if (!strcmp(o.format, "text")) {
		sb_printf(&b, "%s -> %s: %zu new, %zu resolved, %zu persisting\n",
			  s_old.label, s_new.label, counts[0], counts[1], counts[2]);
		for (i = 0; i < d.n; i++)
			text_finding(&b, &d.v[i], 0);
	} else if (!strcmp(o.format, "json")) {
		json_t *root = json_object(), *sum = json_object();
		int bad = 0;

		bad |= json_object_set_new(root, "old", jstr(s_old.label));
		bad |= json_object_set_new(root, "new", jstr(s_new.label));
		bad |= json_object_set_new(sum, "new", json_integer((json_int_t)counts[0]));
		bad |= json_object_set_new(sum, "resolved",
					   json_integer((json_int_t)counts[1]));
		bad |= json_object_set_new(sum, "persisting",
					   json_integer((json_int_t)counts[2]));
		bad |= json_object_set_new(root, "summary", sum);
		bad |= json_findings(root, "findings", &d);
		if (bad) {
			json_decref(root);
			root = NULL;
		}
		sb_free(&b);
		rc = finish_json(root);
		goto out;
	} else {
		sb_printf(&b, "change,%s\r\n", CSV_HEADER);
		for (i = 0; i < d.n; i++)
			csv_finding(&b, &d.v[i]);
	}
	rc = finish_output(&b);
out:
	db_findings_free(&fo);
	db_findings_free(&fn);
	db_findings_free(&d);
	close_side(&s_old);
	close_side(&s_new);
	dmadb_close(db);
	return rc;
}

static int cmd_gate(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	struct side base;
	struct db_findings cur = {0}, bl = {0}, failing = {0};
	struct db_filter flt = {0};
	const struct db_finding_row **bsorted = NULL;
	dmadb *db = NULL;
	int64_t run;
	size_t i, suppressed = 0, persisting = 0, below = 0;
	int rc, fail_any, min_rank = 0;
	sbuf b;

	if ((rc = defaults(&o)))
		return rc;
	if (o.npos)
		return usage_error(o.cmd, "unexpected argument '%s'", o.pos[0]);
	if (!o.fail_on)
		o.fail_on = "new";
	if (strcmp(o.fail_on, "new") && strcmp(o.fail_on, "any"))
		return usage_error(o.cmd, "invalid --fail-on '%s' (new or any)",
				   o.fail_on);
	fail_any = !strcmp(o.fail_on, "any");
	if (o.min_severity && (min_rank = severity_rank(o.min_severity)) < 0)
		return usage_error(o.cmd, "invalid --min-severity '%s' (note, "
					  "warning or error)", o.min_severity);
	if (!fail_any && !o.baseline)
		return usage_error(o.cmd, "--fail-on new needs --baseline (a run "
					  "id or a baseline database)");
	memset(&base, 0, sizeof(base));
	if (!(db = open_main(o.db, 0)))
		return 2;
	if (!(run = db_resolve_run(db, o.run))) {
		rc = error("%s", dmadb_errmsg(db));
		goto out;
	}
	{
		sqlite3_stmt *st = db_prepare(db, "SELECT status FROM runs WHERE id=?1");
		const char *status;
		if (!st) {
			rc = error("%s", dmadb_errmsg(db));
			goto out;
		}
		sqlite3_bind_int64(st, 1, run);
		status = sqlite3_step(st) == SQLITE_ROW
				 ? (const char *)sqlite3_column_text(st, 0)
				 : "?";
		if (strcmp(status, "complete")) {
			rc = error("run %lld is %s, not complete; the gate needs a "
				   "complete run",
				   (long long)run, status);
			sqlite3_finalize(st);
			goto out;
		}
		sqlite3_finalize(st);
	}
	if (o.baseline && (rc = open_side(db, o.db, o.baseline, &base)))
		goto out;
	flt.min_severity = 0;
	if (db_load_findings(db, run, &flt, 0, &cur)) {
		rc = error("%s", dmadb_errmsg(db));
		goto out;
	}
	if (base.db && db_load_findings(base.db, base.run, NULL, 0, &bl)) {
		rc = error("%s", dmadb_errmsg(base.db));
		goto out;
	}
	/* The baseline database's triage counts too; the later decision
	 * wins. */
	if (base.owned && db_apply_triage(db, base.db, &cur)) {
		rc = error("%s", dmadb_errmsg(db));
		goto out;
	}
	if (!(bsorted = sorted(&bl))) {
		rc = error("out of memory");
		goto out;
	}
	for (i = 0; i < cur.n; i++) {
		struct db_finding_row *f = &cur.v[i];
		const char *state = f->triage;
		int in_base = 0;
		size_t lo = 0, hi = bl.n;

		if (severity_rank(f->severity) < min_rank) {
			below++;
			continue;
		}
		if (!strcmp(state, "false-positive") || !strcmp(state, "wont-fix")) {
			suppressed++;
			continue;
		}
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(bsorted[mid]->fingerprint, f->fingerprint);
			if (c == 0) {
				in_base = 1;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (in_base)
			persisting++;
		if (fail_any || !in_base) {
			struct db_finding_row r = *f;
			r.change = in_base ? "persisting" : "new";
			if (db_findings_push(&failing, &r)) {
				rc = error("out of memory");
				goto out;
			}
		}
	}
	sb_init(&b);
	{
		char sev[64] = "";
		if (min_rank > 0)
			snprintf(sev, sizeof(sev), " of severity %s or higher",
				 o.min_severity);
		if (failing.n && fail_any)
			sb_printf(&b, "gate: FAILED: %zu finding%s%s (--fail-on any)\n",
				  failing.n, failing.n == 1 ? "" : "s", sev);
		else if (failing.n)
			sb_printf(&b, "gate: FAILED: %zu new finding%s%s, not in the "
				      "baseline (%s)\n",
				  failing.n, failing.n == 1 ? "" : "s", sev,
				  base.label);
		else if (fail_any)
			sb_printf(&b, "gate: passed: no findings%s\n", sev);
		else
			sb_printf(&b, "gate: passed: no new findings%s against the "
				      "baseline (%s)\n",
				  sev, base.label);
		sb_printf(&b, "gate: run %lld: %zu finding%s", (long long)run,
			  cur.n, cur.n == 1 ? "" : "s");
		if (base.db)
			sb_printf(&b, ", %zu also in the baseline", persisting);
		sb_printf(&b, ", %zu suppressed by triage (false-positive, "
			      "wont-fix), %zu below the minimum severity\n",
			  suppressed, below);
	}
	for (i = 0; i < failing.n; i++) {
		failing.v[i].change = fail_any ? NULL : "new";
		text_finding(&b, &failing.v[i], 0);
	}
	rc = finish_output(&b);
	if (!rc && failing.n)
		rc = 1;
out:
	free(bsorted);
	db_findings_free(&cur);
	db_findings_free(&bl);
	db_findings_free(&failing);
	close_side(&base);
	dmadb_close(db);
	return rc;
}

/* --- triage ---------------------------------------------------------------- */

struct triage_arg {
	const char *fp, *status, *comment, *user;
	char now[32];
	char *old;
};

static int triage_txn(dmadb *db, void *p)
{
	struct triage_arg *a = p;
	sqlite3_stmt *st;
	int rc;

	free(a->old);
	a->old = NULL;
	st = db_prepare(db, "SELECT status FROM triage WHERE fingerprint=?1");
	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->fp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		a->old = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot read triage");
	st = db_prepare(db, "INSERT INTO triage(fingerprint, status, comment, "
			    "updated_at, updated_by) VALUES(?1,?2,?3,?4,?5) "
			    "ON CONFLICT(fingerprint) DO UPDATE SET "
			    "status=excluded.status, comment=excluded.comment, "
			    "updated_at=excluded.updated_at, "
			    "updated_by=excluded.updated_by");
	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot record triage");
	st = db_prepare(db, "INSERT INTO triage_log(fingerprint, old_status, "
			    "status, comment, changed_at, changed_by) "
			    "VALUES(?1,?2,?3,?4,?5,?6)");
	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->old, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot record triage");
	return SQLITE_OK;
}

static int cmd_triage(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	struct triage_arg a;
	sqlite3_stmt *st;
	dmadb *db;
	char *fp = NULL;
	const char *p;
	int rc, n = 0;
	size_t len;
	sbuf b;

	if ((rc = defaults(&o)))
		return rc;
	if (o.npos != 2)
		return usage_error(o.cmd, "triage needs FINGERPRINT STATE");
	len = strlen(o.pos[0]);
	for (p = o.pos[0]; *p; p++)
		if (!strchr("0123456789abcdef", *p))
			break;
	if (*p || len < 4 || len > DMADB_FINGERPRINT_SIZE - 1)
		return usage_error(o.cmd, "invalid fingerprint '%s' (%d lowercase "
					  "hex digits, or a unique prefix of 4 "
					  "or more)",
				   o.pos[0], DMADB_FINGERPRINT_SIZE - 1);
	if (!valid_triage(o.pos[1]))
		return usage_error(o.cmd, "invalid triage state '%s' (new, "
					  "confirmed, false-positive, wont-fix, "
					  "fixed)",
				   o.pos[1]);
	if (!(db = open_main(o.db, 1)))
		return 2;
	st = db_prepare(db, "SELECT DISTINCT fingerprint FROM findings WHERE "
			    "substr(fingerprint,1,?2)=?1 LIMIT 2");
	if (!st) {
		rc = error("%s", dmadb_errmsg(db));
		dmadb_close(db);
		return rc;
	}
	sqlite3_bind_text(st, 1, o.pos[0], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)len);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!n++)
			fp = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(fp);
		rc = error("%s", sqlite3_errmsg(db->h));
		dmadb_close(db);
		return rc;
	}
	if (n != 1 || !fp) {
		free(fp);
		rc = error(n ? "fingerprint prefix '%s' is ambiguous in '%s'; give "
			       "more digits"
			     : "no finding with fingerprint '%s' in '%s'",
			   o.pos[0], o.db);
		dmadb_close(db);
		return rc;
	}
	memset(&a, 0, sizeof(a));
	a.fp = fp;
	a.status = o.pos[1];
	a.comment = o.comment;
	a.user = getenv("USER");
	if (!a.user) {
		struct passwd *pw = getpwuid(getuid());
		a.user = pw ? pw->pw_name : NULL;
	}
	now_iso8601(a.now);
	if (db_write_txn(db, triage_txn, &a)) {
		rc = error("%s", dmadb_errmsg(db));
	} else {
		sb_init(&b);
		sb_printf(&b, "%s: %s -> %s\n", fp, a.old ? a.old : "new", a.status);
		rc = finish_output(&b);
	}
	free(a.old);
	free(fp);
	dmadb_close(db);
	return rc;
}

/* --- export ------------------------------------------------------------------ */

/* Exports run `spec` of db_path to `sarif`, with the triage of the
 * database `baseline` (NULL: none) applied.  Nothing is written on error. */
static int export_sarif(const char *db_path, const char *spec,
			const char *baseline, const char *sarif)
{
	dmadb *db, *base = NULL;
	int64_t run;
	int rc = 0;

	if (!(db = open_main(db_path, 0)))
		return 2;
	if (baseline && !(base = open_other(baseline))) {
		dmadb_close(db);
		return 2;
	}
	if (!(run = db_resolve_run(db, spec)) ||
	    db_export_sarif(db, run, base, sarif))
		rc = error("%s", dmadb_errmsg(db));
	dmadb_close(base);
	dmadb_close(db);
	return rc;
}

static int cmd_export(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	int rc;

	if ((rc = defaults(&o)))
		return rc;
	if (o.npos)
		return usage_error(o.cmd, "unexpected argument '%s'", o.pos[0]);
	if (!o.sarif || !o.sarif[0])
		return usage_error(o.cmd, "export needs --sarif OUT");
	if (o.baseline && !o.baseline[0])
		return usage_error(o.cmd, "--baseline needs a database file");
	return export_sarif(o.db, o.run, o.baseline, o.sarif);
}

/* --- runs ---------------------------------------------------------------------- */

/* One row of the runs query below as a JSON object; NULL when out of memory. */
static json_t *json_run(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int bad = 0;
	double seconds = sqlite3_column_double(st, 17);
	char ms[64];

#define T(i) ((const char *)sqlite3_column_text(st, i))
#define I(i) json_integer((json_int_t)sqlite3_column_int64(st, i))
	bad |= json_object_set_new(o, "id", I(0));
	bad |= json_object_set_new(o, "status", jstr(T(1)));
	bad |= json_object_set_new(o, "started_at", jstr(T(2)));
	bad |= json_object_set_new(o, "finished_at", jstr_or_null(T(3)));
	bad |= json_object_set_new(o, "tool_version", jstr(T(4)));
	bad |= json_object_set_new(o, "command_line", jstr(T(5)));
	bad |= json_object_set_new(o, "source_root", jstr(T(6)));
	bad |= json_object_set_new(o, "git_revision", jstr_or_null(T(7)));
	bad |= json_object_set_new(o, "rules", jstr(T(8)));
	bad |= json_object_set_new(o, "host", jstr(T(9)));
	bad |= json_object_set_new(o, "pid", I(10));
	bad |= json_object_set_new(o, "files", I(11));
	bad |= json_object_set_new(o, "failed", I(12));
	bad |= json_object_set_new(o, "findings", I(13));
	bad |= json_object_set_new(o, "errors", I(14));
	bad |= json_object_set_new(o, "warnings", I(15));
	bad |= json_object_set_new(o, "notes", I(16));
	/* Milliseconds, as the text and csv formats print them. */
	snprintf(ms, sizeof(ms), "%.3f", seconds);
	bad |= json_object_set_new(o, "seconds", json_real(strtod(ms, NULL)));
#undef T
#undef I
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int cmd_runs(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	sqlite3_stmt *st;
	dmadb *db;
	json_t *root = NULL, *runs = NULL;
	sbuf b;
	int rc, bad = 0;

	if ((rc = defaults(&o)) || (rc = check_format(&o)))
		return rc;
	if (o.npos)
		return usage_error(o.cmd, "unexpected argument '%s'", o.pos[0]);
	if (!(db = open_main(o.db, 0)))
		return 2;
	st = db_prepare(
		db,
		"SELECT r.id, r.status, r.started_at, r.finished_at, "
		"r.tool_version, r.command_line, r.source_root, r.git_revision, "
		"r.rules, r.host, r.pid, "
		"(SELECT count(*) FROM run_files WHERE run_id=r.id), "
		"(SELECT count(*) FROM run_files WHERE run_id=r.id "
		" AND status NOT IN ('analysed','skipped')), "
		"(SELECT count(*) FROM findings WHERE run_id=r.id), "
		"(SELECT count(*) FROM findings WHERE run_id=r.id AND severity='error'), "
		"(SELECT count(*) FROM findings WHERE run_id=r.id AND severity='warning'), "
		"(SELECT count(*) FROM findings WHERE run_id=r.id AND severity='note'), "
		"(SELECT total(seconds) FROM run_files WHERE run_id=r.id) "
		"FROM runs r ORDER BY r.id");
	if (!st) {
		rc = error("%s", dmadb_errmsg(db));
		dmadb_close(db);
		return rc;
	}
	sb_init(&b);
	if (!strcmp(o.format, "text"))
		sb_printf(&b, "%5s  %-11s  %-24s  %6s  %6s  %8s  %-12s  %s\n", "RUN",
			  "STATUS", "STARTED", "FILES", "FAILED", "FINDINGS",
			  "GIT", "SOURCE ROOT");
	else if (!strcmp(o.format, "csv"))
		sb_puts(&b, "run,status,started_at,finished_at,tool_version,"
			    "source_root,git_revision,files,failed,findings,"
			    "errors,warnings,notes,seconds,command_line\r\n");
	if (!strcmp(o.format, "json")) {
		root = json_object();
		runs = json_array();
		bad |= json_object_set_new(root, "database", jstr(o.db));
		bad |= json_object_set_new(root, "runs", runs);
	}
#define T(i) ((const char *)sqlite3_column_text(st, i))
#define I(i) ((long long)sqlite3_column_int64(st, i))
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!strcmp(o.format, "text")) {
			char rev[13] = "-";
			if (T(7))
				snprintf(rev, sizeof(rev), "%.12s", T(7));
			sb_printf(&b, "%5lld  %-11s  %-24s  %6lld  %6lld  %8lld  %-12s  %s\n",
				  I(0), T(1), T(2), I(11), I(12), I(13), rev, T(6));
		} else if (!strcmp(o.format, "json")) {
			if (!bad)
				bad |= json_array_append_new(runs, json_run(st));
		} else {
			sb_printf(&b, "%lld,", I(0));
			sb_csv(&b, T(1));
			sb_putc(&b, ',');
			sb_csv(&b, T(2));
			sb_putc(&b, ',');
			sb_csv(&b, T(3));
			sb_putc(&b, ',');
			sb_csv(&b, T(4));
			sb_putc(&b, ',');
			sb_csv(&b, T(6));
			sb_putc(&b, ',');
			sb_csv(&b, T(7));
			sb_printf(&b, ",%lld,%lld,%lld,%lld,%lld,%lld,%.3f,", I(11),
				  I(12), I(13), I(14), I(15), I(16),
				  sqlite3_column_double(st, 17));
			sb_csv(&b, T(5));
			sb_puts(&b, "\r\n");
		}
	}
#undef T
#undef I
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = error("cannot read runs: %s", sqlite3_errmsg(db->h));
		sb_free(&b);
		json_decref(root);
		dmadb_close(db);
		return rc;
	}
	dmadb_close(db);
	if (root) {
		sb_free(&b);
		if (bad) {
			json_decref(root);
			root = NULL;
		}
		return finish_json(root);
	}
	return finish_output(&b);
}

/* --- report --------------------------------------------------------------- */

static int cmd_report(const struct dmadb_cmd *in)
{
	struct dmadb_cmd o = *in;
	struct side s_old, s_new;
	struct db_findings fo = {0}, fn = {0}, d = {0};
	struct report_source cur = {0}, old = {0};
	char title[128], sub[1200], *err = NULL;
	size_t counts[3];
	dmadb *db = NULL;
	int rc, diff = o.diff[0] != NULL;

	if ((rc = defaults(&o)))
		return rc;
	if (!o.html || !o.html[0])
		return usage_error(o.cmd, "report needs --html OUTDIR");
	if (o.npos)
		return usage_error(o.cmd, "unexpected argument '%s'", o.pos[0]);
	if (diff && o.run)
		return usage_error(o.cmd, "--run and --diff exclude each other");
	memset(&s_old, 0, sizeof(s_old));
	memset(&s_new, 0, sizeof(s_new));
	if ((!diff || is_run_spec(o.diff[0]) || is_run_spec(o.diff[1])) &&
	    !(db = open_main(o.db, 0)))
		return 2;
	if (diff) {
		if ((rc = open_side(db, o.db, o.diff[0], &s_old)) ||
		    (rc = open_side(db, o.db, o.diff[1], &s_new)))
			goto out;
	} else {
		s_new.db = db;
		s_new.run = db_resolve_run(db, o.run);
		if (!s_new.run) {
			rc = error("%s", dmadb_errmsg(db));
			goto out;
		}
		snprintf(s_new.labelbuf, sizeof(s_new.labelbuf), "run %lld of %s",
			 (long long)s_new.run, o.db);
		s_new.label = s_new.labelbuf;
	}
	if (db_load_findings(s_new.db, s_new.run, NULL, 1, &fn) ||
	    (diff && db_load_findings(s_old.db, s_old.run, NULL, 1, &fo))) {
		rc = error("%s", dmadb_errmsg(diff && fn.n == 0 && !s_new.db ?
					    s_old.db : s_new.db));
		goto out;
	}
	if (diff && compare_sets(&fo, &fn, &d, counts)) {
		rc = error("out of memory");
		goto out;
	}
	cur.db = s_new.db;
	cur.run = s_new.run;
	cur.root = db_run_source_root(s_new.db, s_new.run);
	if (diff) {
		old.db = s_old.db;
		old.run = s_old.run;
		old.root = db_run_source_root(s_old.db, s_old.run);
	}
	if (!cur.root || (diff && !old.root)) {
		rc = error("%s", dmadb_errmsg(cur.root ? s_old.db : s_new.db));
		goto out;
	}
	if (diff) {
		snprintf(title, sizeof(title), "dmacheck: %zu new, %zu resolved, "
			 "%zu persisting", counts[0], counts[1], counts[2]);
		snprintf(sub, sizeof(sub), "%s -> %s", s_old.label, s_new.label);
	} else {
		snprintf(title, sizeof(title), "dmacheck: %zu finding%s", fn.n,
			 fn.n == 1 ? "" : "s");
		snprintf(sub, sizeof(sub), "%s, source root %s", s_new.label,
			 cur.root);
	}
	if (db_report_html(o.html, diff ? &d : &fn, &cur, diff ? &old : NULL,
			   title, sub, o.db, &err)) {
		rc = error("%s", err ? err : "out of memory");
		free(err);
		goto out;
	}
	printf("%s: %zu finding page%s and index.html\n", o.html,
	       diff ? d.n : fn.n, (diff ? d.n : fn.n) == 1 ? "" : "s");
out:
	free((char *)cur.root);
	free((char *)old.root);
	db_findings_free(&fo);
	db_findings_free(&fn);
	db_findings_free(&d);
	if (diff) {
		close_side(&s_old);
		close_side(&s_new);
	}
	dmadb_close(db);
	return rc;
}

int dmadb_command(const struct dmadb_cmd *o)
{
	const char *cmd = o->cmd ? o->cmd : "";

	if (!strcmp(cmd, "findings"))
		return cmd_findings(o);
	if (!strcmp(cmd, "diff"))
		return cmd_diff(o);
	if (!strcmp(cmd, "triage"))
		return cmd_triage(o);
	if (!strcmp(cmd, "gate"))
		return cmd_gate(o);
	if (!strcmp(cmd, "export"))
		return cmd_export(o);
	if (!strcmp(cmd, "runs"))
		return cmd_runs(o);
	if (!strcmp(cmd, "report"))
		return cmd_report(o);
	return error("unknown command '%s'", cmd);
}
