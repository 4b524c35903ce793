/*
 * query.c - reading findings back, and writing output files safely.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dup_col(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *s;

	if (!t)
		return NULL;
	s = strdup((const char *)t);
	if (!s)
		*oom = 1;
	return s;
}

static void free_row(struct db_finding_row *r)
{
	size_t i;

	free(r->fingerprint);
	free(r->rule);
	free(r->rule_id);
	free(r->severity);
	free(r->path);
	free(r->function);
	free(r->message);
	free(r->snippet);
	free(r->triage);
	free(r->comment);
	free(r->triage_at);
	free(r->confirmation);
	for (i = 0; i < r->nevents; i++) {
		free(r->events[i].path);
		free(r->events[i].message);
	}
	free(r->events);
}

void db_findings_free(struct db_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free_row(&f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

static struct db_finding_row *push_slot(struct db_findings *out)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 32;
		struct db_finding_row *v = realloc(out->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		out->v = v;
		out->cap = cap;
	}
	memset(&out->v[out->n], 0, sizeof(out->v[0]));
	return &out->v[out->n++];
}

static char *xdup(const char *s, int *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = 1;
	return d;
}

int db_findings_push(struct db_findings *out, const struct db_finding_row *r)
{
	struct db_finding_row *d = push_slot(out);
	int oom = 0;
	size_t i;

	if (!d)
		return 1;
	d->id = r->id;
	d->run = r->run;
	d->line = r->line;
	d->col = r->col;
	d->confirmations = r->confirmations;
	d->change = r->change;
	d->fingerprint = xdup(r->fingerprint, &oom);
	d->rule = xdup(r->rule, &oom);
	d->rule_id = xdup(r->rule_id, &oom);
	d->severity = xdup(r->severity, &oom);
	d->path = xdup(r->path, &oom);
	d->function = xdup(r->function, &oom);
	d->message = xdup(r->message, &oom);
	d->snippet = xdup(r->snippet, &oom);
	d->triage = xdup(r->triage, &oom);
	d->comment = xdup(r->comment, &oom);
	d->triage_at = xdup(r->triage_at, &oom);
	d->confirmation = xdup(r->confirmation, &oom);
	if (r->nevents) {
		d->events = calloc(r->nevents, sizeof(*d->events));
		if (!d->events)
			return 1;
		d->nevents = r->nevents;
		for (i = 0; i < r->nevents; i++) {
			d->events[i].line = r->events[i].line;
			d->events[i].col = r->events[i].col;
			d->events[i].path = xdup(r->events[i].path, &oom);
			d->events[i].message = xdup(r->events[i].message, &oom);
		}
	}
	return oom;
}

/* Replaces one string field of a row; 0, or 1 when out of memory. */
static int set_field(char **field, const unsigned char *value)
{
	char *d = NULL;

	if (value && !(d = strdup((const char *)value)))
		return 1;
	free(*field);
	*field = d;
	return 0;
}

int db_apply_triage(dmadb *db, dmadb *other, struct db_findings *fs)
{
	sqlite3_stmt *st = db_prepare(other, "SELECT status, comment, updated_at "
					     "FROM triage WHERE fingerprint=?1");
	size_t i;
	int rc = SQLITE_DONE, oom = 0;

	if (!st)
		return db_fail(db, "%s", dmadb_errmsg(other));
	for (i = 0; i < fs->n && !oom; i++) {
		struct db_finding_row *f = &fs->v[i];
		const unsigned char *when;

		sqlite3_bind_text(st, 1, f->fingerprint, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
		when = sqlite3_column_text(st, 2);
		/* The later decision wins (times are ISO 8601, so they sort
		 * as text). */
		if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
		    (!f->triage_at ||
		     (when && strcmp((const char *)when, f->triage_at) > 0)))
			oom = set_field(&f->triage, sqlite3_column_text(st, 0)) ||
			      set_field(&f->comment, sqlite3_column_text(st, 1)) ||
			      set_field(&f->triage_at, when);
		rc = SQLITE_DONE;
		sqlite3_reset(st);
	}
	if (oom) {
		sqlite3_finalize(st);
		return db_fail(db, "out of memory");
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read the triage of '%s': %s",
			dmadb_path(other), sqlite3_errmsg(other->h));
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, word, n))
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static int keep(const struct db_filter *flt, const struct db_finding_row *r)
{
	if (!flt)
		return 1;
	if (flt->rule && strcmp(flt->rule, r->rule) &&
	    !(r->rule_id && !strcmp(flt->rule, r->rule_id)) &&
	    fnmatch(flt->rule, r->rule, 0) != 0)
		return 0;
	if (flt->path && fnmatch(flt->path, r->path, 0) != 0)
		return 0;
	if (flt->status && !in_list(flt->status, r->triage))
		return 0;
	if (severity_rank(r->severity) < flt->min_severity)
		return 0;
	return 1;
}

static int load_events(dmadb *db, sqlite3_stmt *st, struct db_finding_row *r)
{
	size_t cap = 0;
	int rc, oom = 0;

	sqlite3_bind_int64(st, 1, r->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_event_row *e;
		if (r->nevents == cap) {
			size_t nc = cap ? cap * 2 : 4;
			e = realloc(r->events, nc * sizeof(*e));
			if (!e) {
				oom = 1;
				break;
			}
			r->events = e;
			cap = nc;
		}
		e = &r->events[r->nevents++];
		e->path = dup_col(st, 0, &oom);
		e->line = (long)sqlite3_column_int64(st, 1);
		e->col = (long)sqlite3_column_int64(st, 2);
		e->message = dup_col(st, 3, &oom);
	}
	sqlite3_reset(st);
	if (oom)
		return db_fail(db, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot read path events");
	return 0;
}

int db_load_findings(dmadb *db, int64_t run, const struct db_filter *flt,
		     int with_events, struct db_findings *out)
{
	sqlite3_stmt *st, *ev = NULL;
	int rc, oom = 0, fail = 0;
	long long version = 0;
	const char *confirmed = "1";
	char *sql;

	/* A baseline opened read-only may predate schema 4's outcome: then
	 * every confirmations row was a confirmation. */
	if (db_schema_version(db, &version))
		return 1;
	if (version >= 4)
		confirmed = "c.outcome='confirmed'";
	sql = sqlite3_mprintf(
		"SELECT f.id, f.run_id, f.fingerprint, f.rule, r.id, f.severity, "
		"f.path, f.line, f.col, f.function, f.message, f.snippet, "
		"coalesce(t.status,'new'), t.comment, t.updated_at, "
		"(SELECT count(*) FROM confirmations c "
		" WHERE c.fingerprint=f.fingerprint AND %s), "
		"(SELECT %s FROM confirmations c "
		" WHERE c.fingerprint=f.fingerprint ORDER BY c.id DESC LIMIT 1) "
		"FROM findings f LEFT JOIN triage t USING(fingerprint) "
		"LEFT JOIN rules r ON r.name=f.rule "
		"WHERE f.run_id=?1 ORDER BY f.path, f.line, f.col, f.rule, f.id",
		confirmed, version >= 4 ? "c.outcome" : "'confirmed'");
	if (!sql)
		return db_fail(db, "out of memory");
	st = db_prepare(db, sql);
	sqlite3_free(sql);
	if (!st)
		return 1;
	if (with_events) {
		ev = db_prepare(db, "SELECT path, line, col, message FROM "
				    "path_events WHERE finding_id=?1 ORDER BY step");
		if (!ev) {
			sqlite3_finalize(st);
			return 1;
		}
	}
	sqlite3_bind_int64(st, 1, run);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_finding_row r;

		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(st, 0);
		r.run = sqlite3_column_int64(st, 1);
		r.fingerprint = dup_col(st, 2, &oom);
		r.rule = dup_col(st, 3, &oom);
		r.rule_id = dup_col(st, 4, &oom);
		r.severity = dup_col(st, 5, &oom);
		r.path = dup_col(st, 6, &oom);
		r.line = (long)sqlite3_column_int64(st, 7);
		r.col = (long)sqlite3_column_int64(st, 8);
		r.function = dup_col(st, 9, &oom);
		r.message = dup_col(st, 10, &oom);
		r.snippet = dup_col(st, 11, &oom);
		r.triage = dup_col(st, 12, &oom);
		r.comment = dup_col(st, 13, &oom);
		r.triage_at = dup_col(st, 14, &oom);
		r.confirmations = (long)sqlite3_column_int64(st, 15);
		r.confirmation = dup_col(st, 16, &oom);
		if (oom || !r.fingerprint || !r.rule || !r.severity || !r.path ||
		    !r.triage) {
			free_row(&r);
			fail = db_fail(db, "out of memory");
			break;
		}
		if (!keep(flt, &r)) {
			free_row(&r);
			continue;
		}
		if (ev && load_events(db, ev, &r)) {
			free_row(&r);
			fail = 1;
			break;
		}
		{
			struct db_finding_row *slot = push_slot(out);
			if (!slot) {
				free_row(&r);
				fail = db_fail(db, "out of memory");
				break;
			}
			*slot = r;
		}
	}
	if (!fail && rc != SQLITE_DONE)
		fail = db_fail_sql(db, "cannot read findings");
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	return fail;
}

int write_output(const char *path, const char *text, size_t n, char **err)
{
	char *tmp;
	FILE *f;
	int fd, saved;

	*err = NULL;
	if (!strcmp(path, "-")) {
		if (fwrite(text, 1, n, stdout) != n || fflush(stdout) != 0) {
			*err = strdup("cannot write to standard output");
			return 1;
		}
		return 0;
	}
	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0) {
		*err = strdup("out of memory");
		return 1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		if (asprintf(err, "cannot write '%s': %s", path, strerror(saved)) < 0)
			*err = NULL;
		free(tmp);
		return 1;
	}
	f = fdopen(fd, "w");
	if (!f || fwrite(text, 1, n, f) != n || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		saved = errno;
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
		if (asprintf(err, "cannot write '%s': %s", path, strerror(saved)) < 0)
			*err = NULL;
		free(tmp);
		return 1;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		if (asprintf(err, "cannot write '%s': %s", path, strerror(saved)) < 0)
			*err = NULL;
		free(tmp);
		return 1;
	}
	/* mkstemp creates 0600; an export is an ordinary file. */
	{
		mode_t um = umask(0);
		umask(um);
		chmod(path, 0666 & ~um);
	}
	free(tmp);
	return 0;
}
