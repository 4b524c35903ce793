/*
 * cache.c - the file_cache table: results of unchanged files are reused.
 *
 * The driver computes the key (tool identity, rules, flags, file, working
 * directory) and checks the dependency list (every file the preprocessor
 * read, with its content hash) against the files on disk; this layer only
 * stores and returns the entries.  One entry per key: a re-analysis
 * replaces it.
 */
#include "db/internal.h"

#include <stdlib.h>
#include <string.h>

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return strdup(t ? (const char *)t : "");
}

int dmadb_cache_get(dmadb *db, const char *key, char **deps, char **result)
{
	sqlite3_stmt *st;
	int rc;

	*deps = NULL;
	*result = NULL;
	st = db_prepare(db, "SELECT deps, result FROM file_cache WHERE key=?1");
	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*deps = column_dup(st, 0);
		*result = column_dup(st, 1);
		if (!*deps || !*result) {
			free(*deps);
			free(*result);
			*deps = *result = NULL;
			sqlite3_finalize(st);
			return db_fail(db, "out of memory");
		}
	} else if (rc != SQLITE_DONE) {
		db_fail_sql(db, "cannot read the file cache");
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	return 0;
}

struct put_arg {
	const char *key, *path, *deps, *result;
	double seconds;
	char now[32];
};

static int put_txn(dmadb *db, void *p)
{
	struct put_arg *a = p;
	sqlite3_stmt *st = db_prepare(
		db, "INSERT OR REPLACE INTO file_cache(key, path, deps, result, "
		    "seconds, created_at) VALUES(?1,?2,?3,?4,?5,?6)");
	int rc;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->deps, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->result, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, a->seconds);
	sqlite3_bind_text(st, 6, a->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot write the file cache");
	return SQLITE_OK;
}

int dmadb_cache_put(dmadb *db, const char *key, const char *path,
		    const char *deps, const char *result, double seconds)
{
	struct put_arg a = {key, path, deps, result, seconds, {0}};

	now_iso8601(a.now);
	return db_write_txn(db, put_txn, &a) ? 1 : 0;
}
