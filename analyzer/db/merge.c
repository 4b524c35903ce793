/*
 * merge.c - `dmacheck merge OUT.db IN.db...`: shard databases into one run.
 *
 * N CI jobs scan one tree with --shard K/N, each into its own database; the
 * latest complete run of every input becomes one new complete run of OUT
 * (files, findings with their fingerprints, path events), and triage
 * decisions OUT does not have yet are copied.  Everything is written in one
 * transaction: OUT gets the whole merged run or nothing.  The inputs are
 * opened read-only.  Paths are relative to each run's source root, so shards
 * scanned in different checkouts merge cleanly.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct merge_in {
	dmadb *db;
	int64_t run;
	int has_cached; /* schema >= 2: run_files.cached exists */
};

struct merge_arg {
	struct merge_in *in;
	int nin;
	char *cmdline;
	char now[32];
	int64_t run; /* the new run */
	char *conflict_path;
};

static int step_done(dmadb *db, sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail_sql(db, what);
	sqlite3_reset(st);
	return SQLITE_OK;
}

static void bind_col(sqlite3_stmt *to, int i, sqlite3_stmt *from, int col)
{
	switch (sqlite3_column_type(from, col)) {
	case SQLITE_NULL:
		sqlite3_bind_null(to, i);
		break;
	case SQLITE_INTEGER:
		sqlite3_bind_int64(to, i, sqlite3_column_int64(from, col));
		break;
	case SQLITE_FLOAT:
		sqlite3_bind_double(to, i, sqlite3_column_double(from, col));
		break;
	default:
		sqlite3_bind_text(to, i, (const char *)sqlite3_column_text(from, col),
				  -1, SQLITE_TRANSIENT);
	}
}

/* Copies run `in->run` of one input into run a->run of db. */
static int copy_input(dmadb *db, struct merge_arg *a, struct merge_in *in)
{
	sqlite3_stmt *files, *finds = NULL, *evs = NULL, *tri = NULL;
	sqlite3_stmt *ifile = NULL, *ifind = NULL, *iev = NULL, *itri = NULL;
	sqlite3_stmt *dup = NULL;
	int rc = SQLITE_OK;

	files = db_prepare(in->db, in->has_cached ?
		"SELECT id, path, status, error, seconds, findings, recorded_at, "
		"cached FROM run_files WHERE run_id=?1 ORDER BY id" :
		"SELECT id, path, status, error, seconds, findings, recorded_at, "
		"0 FROM run_files WHERE run_id=?1 ORDER BY id");
	finds = db_prepare(in->db, "SELECT id, fingerprint, rule, severity, "
				   "path, line, col, function, message, snippet "
				   "FROM findings WHERE file_id=?1 ORDER BY id");
	evs = db_prepare(in->db, "SELECT step, path, line, col, message FROM "
				 "path_events WHERE finding_id=?1 ORDER BY step");
	tri = db_prepare(in->db, "SELECT fingerprint, status, comment, "
				 "updated_at, updated_by FROM triage");
	dup = db_prepare(db, "SELECT 1 FROM run_files WHERE run_id=?1 AND "
			     "path=?2");
	ifile = db_prepare(db, "INSERT INTO run_files(run_id, path, status, "
			       "error, seconds, findings, recorded_at, cached) "
			       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
	ifind = db_prepare(db, "INSERT INTO findings(run_id, file_id, "
			       "fingerprint, rule, severity, path, line, col, "
			       "function, message, snippet) "
			       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
	iev = db_prepare(db, "INSERT INTO path_events(finding_id, step, path, "
			     "line, col, message) VALUES(?1,?2,?3,?4,?5,?6)");
	itri = db_prepare(db, "INSERT OR IGNORE INTO triage(fingerprint, "
			      "status, comment, updated_at, updated_by) "
			      "VALUES(?1,?2,?3,?4,?5)");
	if (!files || !finds || !evs || !tri || !dup || !ifile || !ifind ||
	    !iev || !itri) {
		rc = SQLITE_ERROR;
		if (files && finds && evs && tri) /* the error is on db */
			rc = sqlite3_extended_errcode(db->h);
		else
			db_fail(db, "%s", dmadb_errmsg(in->db));
		goto out;
	}
	sqlite3_bind_int64(files, 1, in->run);
	while (rc == SQLITE_OK && sqlite3_step(files) == SQLITE_ROW) {
		int64_t old_file = sqlite3_column_int64(files, 0), new_file;
		int i;

		sqlite3_bind_int64(dup, 1, a->run);
		bind_col(dup, 2, files, 1);
		if (sqlite3_step(dup) == SQLITE_ROW) {
			a->conflict_path = strdup(
				(const char *)sqlite3_column_text(files, 1));
			db_fail(db, "'%s' is in more than one input (were "
				"they shards of one split?)",
				a->conflict_path ? a->conflict_path : "");
			rc = SQLITE_CONSTRAINT;
			break;
		}
		sqlite3_reset(dup);
		sqlite3_bind_int64(ifile, 1, a->run);
		for (i = 1; i <= 7; i++)
			bind_col(ifile, i + 1, files, i);
		if ((rc = step_done(db, ifile, "cannot copy a file")))
			break;
		new_file = sqlite3_last_insert_rowid(db->h);
		sqlite3_bind_int64(finds, 1, old_file);
		while (rc == SQLITE_OK && sqlite3_step(finds) == SQLITE_ROW) {
			int64_t old_f = sqlite3_column_int64(finds, 0), new_f;

			sqlite3_bind_int64(ifind, 1, a->run);
			sqlite3_bind_int64(ifind, 2, new_file);
			for (i = 1; i <= 9; i++)
				bind_col(ifind, i + 2, finds, i);
			if ((rc = step_done(db, ifind, "cannot copy a finding")))
				break;
			new_f = sqlite3_last_insert_rowid(db->h);
			sqlite3_bind_int64(evs, 1, old_f);
			while (rc == SQLITE_OK &&
			       sqlite3_step(evs) == SQLITE_ROW) {
				sqlite3_bind_int64(iev, 1, new_f);
				for (i = 0; i <= 4; i++)
					bind_col(iev, i + 2, evs, i);
				rc = step_done(db, iev,
					       "cannot copy a path event");
			}
			sqlite3_reset(evs);
		}
		sqlite3_reset(finds);
	}
	while (rc == SQLITE_OK && sqlite3_step(tri) == SQLITE_ROW) {
		int i;

		for (i = 0; i <= 4; i++)
			bind_col(itri, i + 1, tri, i);
		rc = step_done(db, itri, "cannot copy triage");
	}
out:
	sqlite3_finalize(files);
	sqlite3_finalize(finds);
	sqlite3_finalize(evs);
	sqlite3_finalize(tri);
	sqlite3_finalize(dup);
	sqlite3_finalize(ifile);
	sqlite3_finalize(ifind);
	sqlite3_finalize(iev);
	sqlite3_finalize(itri);
	return rc;
}

static int merge_txn(dmadb *db, void *p)
{
	struct merge_arg *a = p;
	sqlite3_stmt *src, *ins;
	char *token = process_token((long)getpid());
	int rc, i;

	/* The new run describes the first input's run: same tool, rules and
	 * source root (all inputs were checked to agree on the rules). */
	src = db_prepare(a->in[0].db,
			 "SELECT started_at, tool_version, source_root, "
			 "git_revision, rules "
			 "FROM runs WHERE id=?1");
	ins = db_prepare(db, "INSERT INTO runs(status, started_at, finished_at, "
			     "tool_version, command_line, source_root, "
			     "git_revision, rules, host, pid, process) "
			     "VALUES('running',?1,NULL,?2,?3,?4,?5,?6,?7,?8,?9)");
	if (!src || !ins) {
		rc = ins ? db_fail(db, "%s", dmadb_errmsg(a->in[0].db))
			 : sqlite3_extended_errcode(db->h);
		goto out;
	}
	sqlite3_bind_int64(src, 1, a->in[0].run);
	if (sqlite3_step(src) != SQLITE_ROW) {
		rc = db_fail(db, "cannot read the run of '%s'",
			     dmadb_path(a->in[0].db));
		goto out;
	}
	bind_col(ins, 1, src, 0);
	bind_col(ins, 2, src, 1);
	sqlite3_bind_text(ins, 3, a->cmdline, -1, SQLITE_STATIC);
	bind_col(ins, 4, src, 2);
	bind_col(ins, 5, src, 3);
	bind_col(ins, 6, src, 4);
	sqlite3_bind_text(ins, 7, host_name(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 8, (sqlite3_int64)getpid());
	if (token)
		sqlite3_bind_text(ins, 9, token, -1, SQLITE_STATIC);
	if ((rc = step_done(db, ins, "cannot start the merged run")))
		goto out;
	a->run = sqlite3_last_insert_rowid(db->h);
	for (i = 0; i < a->nin && rc == SQLITE_OK; i++)
		rc = copy_input(db, a, &a->in[i]);
	if (rc == SQLITE_OK) {
		sqlite3_stmt *fin = db_prepare(
			db, "UPDATE runs SET status='complete', finished_at=?1 "
			    "WHERE id=?2");
		if (!fin) {
			rc = sqlite3_extended_errcode(db->h);
			goto out;
		}
		sqlite3_bind_text(fin, 1, a->now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(fin, 2, a->run);
		rc = step_done(db, fin, "cannot finish the merged run");
		sqlite3_finalize(fin);
	}
out:
	free(token);
	sqlite3_finalize(src);
	sqlite3_finalize(ins);
	return rc;
}

static char *run_text(dmadb *db, int64_t run, const char *col)
{
	char sql[96];
	sqlite3_stmt *st;
	char *out = NULL;

	snprintf(sql, sizeof(sql), "SELECT %s FROM runs WHERE id=?1", col);
	st = db_prepare(db, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

int dmadb_merge(const char *out_path, int nin, char *const *in, int argc,
		char *const *argv)
{
	struct merge_arg a;
	dmadb *out = NULL;
	char *err = NULL, *rules0 = NULL;
	int i, status = 2;

	memset(&a, 0, sizeof(a));
	a.nin = nin;
	a.in = calloc((size_t)a.nin, sizeof(*a.in));
	if (!a.in)
		goto oom;
	for (i = 0; i < a.nin; i++) {
		const char *path = in[i];
		long long version = 0;
		sqlite3_stmt *st;
		char *rules;

		a.in[i].db = dmadb_open(path, DMADB_READ, &err);
		if (!a.in[i].db) {
			fprintf(stderr, "dmacheck: error: %s\n", err);
			goto done;
		}
		a.in[i].run = db_resolve_run(a.in[i].db, "latest");
		if (!a.in[i].run) {
			fprintf(stderr, "dmacheck: error: %s\n",
				dmadb_errmsg(a.in[i].db));
			goto done;
		}
		st = db_prepare(a.in[i].db, "PRAGMA user_version");
		if (st && sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		a.in[i].has_cached = version >= 2;
		rules = run_text(a.in[i].db, a.in[i].run, "rules");
		if (!rules)
			goto oom;
		if (!rules0) {
			rules0 = rules;
		} else {
			int same = !strcmp(rules, rules0);

			free(rules);
			if (!same) {
				fprintf(stderr, "dmacheck: error: '%s' was "
					"scanned with other rules than '%s'; "
					"refusing to merge\n", path, in[0]);
				goto done;
			}
		}
	}
	out = dmadb_open(out_path, DMADB_CREATE, &err);
	if (!out) {
		fprintf(stderr, "dmacheck: error: %s\n", err);
		goto done;
	}
	a.cmdline = shell_join(argc, argv);
	if (!a.cmdline)
		goto oom;
	now_iso8601(a.now);
	if (db_write_txn(out, merge_txn, &a)) {
		fprintf(stderr, "dmacheck: error: cannot merge into '%s': %s\n",
			out_path, dmadb_errmsg(out));
		goto done;
	}
	printf("merged %d runs into run %lld of %s\n", a.nin,
	       (long long)a.run, out_path);
	status = 0;
	goto done;
oom:
	fprintf(stderr, "dmacheck: error: out of memory\n");
done:
	for (i = 0; a.in && i < a.nin; i++)
		dmadb_close(a.in[i].db);
	free(a.in);
	free(a.cmdline);
	free(a.conflict_path);
	free(rules0);
	free(err);
	dmadb_close(out);
	return status;
}
