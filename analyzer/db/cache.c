/*
 * cache.c - the file_cache table: results of unchanged files are reused.
 *
 * The driver computes the key (tool identity, rules, flags, file, working
 * directory) and checks the dependency list (every file the preprocessor
 * read, with its content hash) against the files on disk; this layer only
 * stores and returns the entries.  One entry per key: a re-analysis
 * replaces it.
 *
 * A kernel file's dependency list names about a thousand headers (80-100 KB
 * of text), and the files of a directory read mostly the same ones.  So a
 * list is stored in shared pieces: its lines, sorted by path, are cut into
 * chunks after each line whose path hashes to 0 modulo CHUNK_MASK + 1 (the
 * cut points depend only on the paths, so two lists that differ in a few
 * headers still share every chunk away from the differences).  Each distinct
 * chunk is one row of dep_sets; file_cache.dep_sets lists an entry's chunk
 * ids as a JSON array.  The triggers of schema 3 (store.c) count the users
 * of each chunk and delete it with its last user.  The prefilter's verdicts
 * (prefilter_cache, schema 8) keep their inputs in the same chunks.
 */
#include "db/internal.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

/* About one cut per 4 lines (~500 bytes).  Measured on 42 files of three
 * linux 6.12 driver directories (4.3 MB of lists): 16 lines keep 0.9 MB,
 * 4 lines 0.44 MB, 2 lines 0.37 MB, where the chunk ids start to cost as
 * much as the text they save. */
#define CHUNK_MASK 3u

struct dep_line {
	const char *text, *path; /* the line (with its '\n'), its path */
	size_t len, plen;
};

static int by_path(const void *a, const void *b)
{
	const struct dep_line *x = a, *y = b;
	size_t n = x->plen < y->plen ? x->plen : y->plen;
	int c = memcmp(x->path, y->path, n);

	if (c)
		return c;
	return x->plen < y->plen ? -1 : x->plen > y->plen;
}

/* Splits deps into lines (the last one may lack its '\n'); *n lines. */
static struct dep_line *split_lines(const char *deps, size_t *n)
{
	struct dep_line *v;
	const char *p, *nl, *tab;
	size_t cap = 1, i = 0;

	for (p = deps; *p; p++)
		cap += *p == '\n';
	v = calloc(cap, sizeof(*v));
	if (!v)
		return NULL;
	for (p = deps; *p; p = nl) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		v[i].text = p;
		v[i].len = (size_t)(nl - p);
		tab = memchr(p, '\t', v[i].len);
		v[i].path = tab ? tab + 1 : p;
		v[i].plen = (size_t)(nl - v[i].path);
		i++;
	}
	*n = i;
	return v;
}

static int cut_after(const struct dep_line *l)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;

	for (i = 0; i < l->plen; i++)
		h = (h ^ (unsigned char)l->path[i]) * 16777619u;
	return (h & CHUNK_MASK) == 0;
}

static void chunk_hash(const char *s, size_t n,
		       uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, n, (const uint8_t *)s);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

/* The id of the chunk with this text, inserted (no users yet) when new. */
static int chunk_id(dmadb *db, sqlite3_stmt *ins, sqlite3_stmt *sel,
		    const char *text, size_t n, sqlite3_int64 *id)
{
	uint8_t hash[SHA256_DIGEST_SIZE];
	int rc;

	chunk_hash(text, n, hash);
	sqlite3_bind_blob(ins, 1, hash, sizeof(hash), SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, text, (int)n, SQLITE_TRANSIENT);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot write a cached dependency list");
	sqlite3_bind_blob(sel, 1, hash, sizeof(hash), SQLITE_STATIC);
	rc = sqlite3_step(sel);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(sel, 0);
	sqlite3_reset(sel);
	if (rc != SQLITE_ROW)
		return db_fail_sql(db, "cannot read a cached dependency list");
	return SQLITE_OK;
}

/*
 * Stores the chunks of deps (inside a write transaction) and returns their
 * ids as a JSON array in *ids (malloc'ed).  The chunks get their users from
 * triggers of the table (file_cache, prefilter_cache) *ids is written to.
 */
static int store_deps(dmadb *db, const char *deps, char **ids)
{
	sqlite3_stmt *ins = NULL, *sel = NULL;
	struct dep_line *v;
	size_t n = 0, i, start = 0;
	int rc = SQLITE_OK;
	sbuf chunk, out;

	*ids = NULL;
	if (!(v = split_lines(deps, &n))) {
		db_fail(db, "out of memory");
		return SQLITE_NOMEM;
	}
	qsort(v, n, sizeof(*v), by_path);
	ins = db_prepare(db, "INSERT OR IGNORE INTO dep_sets(hash, deps) "
			     "VALUES(?1, ?2)");
	sel = db_prepare(db, "SELECT id FROM dep_sets WHERE hash=?1");
	if (!ins || !sel)
		rc = sqlite3_extended_errcode(db->h);
	sb_init(&chunk);
	sb_init(&out);
	sb_putc(&out, '[');
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		sqlite3_int64 id = 0;

		sb_putn(&chunk, v[i].text, v[i].len);
		/* A line without '\n' (the end of the text) gets one, so that
		 * chunks concatenate back into lines. */
		if (!v[i].len || v[i].text[v[i].len - 1] != '\n')
			sb_putc(&chunk, '\n');
		if (i + 1 < n && !cut_after(&v[i]))
			continue;
		if (chunk.oom) {
			rc = SQLITE_NOMEM;
			db_fail(db, "out of memory");
			break;
		}
		if ((rc = chunk_id(db, ins, sel, chunk.p, chunk.n, &id)))
			break;
		sb_printf(&out, "%s%lld", start++ ? "," : "", (long long)id);
		chunk.n = 0;
	}
	sb_putc(&out, ']');
	if (rc == SQLITE_OK && out.oom) {
		rc = SQLITE_NOMEM;
		db_fail(db, "out of memory");
	}
	if (rc == SQLITE_OK) {
		*ids = out.p;
		out.p = NULL;
	}
	sb_free(&chunk);
	sb_free(&out);
	sqlite3_finalize(ins);
	sqlite3_finalize(sel);
	free(v);
	return rc;
}

/* Reassembles the dependency list of a JSON array of chunk ids. */
static char *load_deps(dmadb *db, const char *ids)
{
	sqlite3_stmt *st = db_cached(
		db, "SELECT d.deps FROM json_each(?1) j "
		    "LEFT JOIN dep_sets d ON d.id = j.value ORDER BY j.key");
	sbuf b;
	int rc, missing = 0;

	if (!st)
		return NULL;
	sb_init(&b);
	sqlite3_bind_text(st, 1, ids, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (!t)
			missing = 1;
		else
			sb_puts(&b, (const char *)t);
	}
	if (rc != SQLITE_DONE)
		db_fail_sql(db, "cannot read a cached dependency list");
	db_done(db, st);
	if (rc != SQLITE_DONE) {
		sb_free(&b);
		return NULL;
	}
	/* A chunk gone (a database edited by hand): an empty list, which
	 * never matches, so the file is re-analysed. */
	if (missing)
		b.n = 0;
	if (b.oom) {
		db_fail(db, "out of memory");
		sb_free(&b);
		return NULL;
	}
	if (!b.p || missing) {
		sb_free(&b);
		return strdup("");
	}
	return b.p;
}

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
	st = db_cached(db, "SELECT dep_sets, deps, result FROM file_cache "
			   "WHERE key=?1");
	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *ids = sqlite3_column_text(st, 0);

		/* No chunk list: a list stored whole (never written by
		 * schema 3, which converts them; kept readable anyway). */
		*deps = ids ? load_deps(db, (const char *)ids)
			    : column_dup(st, 1);
		*result = column_dup(st, 2);
		if (!*deps || !*result) {
			free(*deps);
			free(*result);
			*deps = *result = NULL;
			db_done(db, st);
			return ids ? 1 : db_fail(db, "out of memory");
		}
	} else if (rc != SQLITE_DONE) {
		db_fail_sql(db, "cannot read the file cache");
		db_done(db, st);
		return 1;
	}
	db_done(db, st);
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
	sqlite3_stmt *st;
	char *ids = NULL;
	int rc;

	/* Delete, then insert: the triggers release the old entry's chunks
	 * (an INSERT OR REPLACE would not fire the delete trigger). */
	st = db_prepare(db, "DELETE FROM file_cache WHERE key=?1");
	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot write the file cache");
	if ((rc = store_deps(db, a->deps, &ids)))
		return rc;
	st = db_prepare(db, "INSERT INTO file_cache(key, path, deps, dep_sets, "
			    "result, seconds, created_at) "
			    "VALUES(?1,?2,'',?3,?4,?5,?6)");
	if (!st) {
		free(ids);
		return sqlite3_extended_errcode(db->h);
	}
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ids, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->result, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, a->seconds);
	sqlite3_bind_text(st, 6, a->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(ids);
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

int db_cache_split_whole_lists(dmadb *db)
{
	sqlite3_stmt *sel, *upd;
	sqlite3_int64 last = 0;
	int rc = SQLITE_OK;

	/* One row at a time, by rowid: the table changes under the loop. */
	sel = db_prepare(db, "SELECT rowid, key, deps FROM file_cache "
			     "WHERE rowid > ?1 AND dep_sets IS NULL "
			     "ORDER BY rowid LIMIT 1");
	upd = db_prepare(db, "UPDATE file_cache SET dep_sets=?2, deps='' "
			     "WHERE rowid=?1");
	if (!sel || !upd) {
		sqlite3_finalize(sel);
		sqlite3_finalize(upd);
		return sqlite3_extended_errcode(db->h);
	}
	while (rc == SQLITE_OK) {
		const char *deps;
		char *ids = NULL;
		int step;

		sqlite3_bind_int64(sel, 1, last);
		step = sqlite3_step(sel);
		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = db_fail_sql(db, "cannot convert the file cache");
			break;
		}
		last = sqlite3_column_int64(sel, 0);
		deps = (const char *)sqlite3_column_text(sel, 2);
		rc = store_deps(db, deps ? deps : "", &ids);
		sqlite3_reset(sel);
		if (rc)
			break;
		sqlite3_bind_int64(upd, 1, last);
		sqlite3_bind_text(upd, 2, ids, -1, SQLITE_TRANSIENT);
		free(ids);
		if (sqlite3_step(upd) != SQLITE_DONE)
			rc = db_fail_sql(db, "cannot convert the file cache");
		sqlite3_reset(upd);
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

/* --- kbuild dry runs ------------------------------------------------------ */

#define KBUILD_PIECE (1 << 20)

int dmadb_kbuild_read(dmadb *db, const char *key,
		      int (*fn)(void *arg, const char *p, size_t n), void *arg,
		      int *found)
{
	sqlite3_stmt *st;
	sqlite3_blob *blob = NULL;
	sqlite3_int64 row = 0;
	char *buf = NULL;
	int rc, size, off, piece;

	*found = 0;
	st = db_prepare(db, "SELECT rowid FROM kbuild_cache WHERE key=?1");
	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail_sql(db, "cannot read the kbuild cache");
	/* A whole tree's entry is ~70 MB: read in pieces, never held whole. */
	if (sqlite3_blob_open(db->h, "main", "kbuild_cache", "data", row, 0,
			      &blob) != SQLITE_OK) {
		sqlite3_blob_close(blob);
		return db_fail_sql(db, "cannot read the kbuild cache");
	}
	size = sqlite3_blob_bytes(blob);
	piece = KBUILD_PIECE;
	/* Tests read in tiny pieces, so that lines straddle them. */
	if (getenv("DMACHECK_TEST_DRYRUN_CHUNK"))
		piece = atoi(getenv("DMACHECK_TEST_DRYRUN_CHUNK"));
	if (piece < 1)
		piece = 1;
	buf = malloc(piece);
	rc = buf ? SQLITE_OK : SQLITE_NOMEM;
	for (off = 0; off < size && rc == SQLITE_OK; off += piece) {
		int n = size - off < piece ? size - off : piece;

		rc = sqlite3_blob_read(blob, buf, n, off);
		if (rc == SQLITE_OK && fn(arg, buf, (size_t)n))
			break; /* the reader gave up: a miss */
	}
	free(buf);
	sqlite3_blob_close(blob);
	if (rc != SQLITE_OK)
		return rc == SQLITE_NOMEM ? db_fail(db, "out of memory") :
			db_fail_sql(db, "cannot read the kbuild cache");
	*found = off >= size;
	return 0;
}

struct dmadb_writer {
	sqlite3_blob *blob;
	long long off, size;
	int rc;
};

int dmadb_write(struct dmadb_writer *w, const char *p, size_t n)
{
	if (w->rc != SQLITE_OK)
		return 1;
	if ((long long)n > w->size - w->off) {
		w->rc = SQLITE_TOOBIG; /* more than the entry was sized for */
		return 1;
	}
	if (n)
		w->rc = sqlite3_blob_write(w->blob, p, (int)n, (int)w->off);
	w->off += (long long)n;
	return w->rc != SQLITE_OK;
}

struct kbuild_put {
	const char *goal, *key;
	long long size;
	int (*fill)(void *arg, struct dmadb_writer *w);
	void *arg;
	char now[32];
};

/* The row is written with `size` zero bytes, which fill then overwrites in
 * place through an incremental blob handle.  SQLite materialises the zero
 * bytes unless the zeroblob is the record's last column (schema 8) and the
 * statement a plain INSERT: no upsert, no RETURNING (a copy of a 70 MB
 * entry, measured with heaptrack). */
static int kbuild_put_txn(dmadb *db, void *p)
{
	struct kbuild_put *a = p;
	struct dmadb_writer w = { NULL, 0, a->size, SQLITE_OK };
	sqlite3_stmt *del = db_prepare(
		db, "DELETE FROM kbuild_cache WHERE goal=?1");
	sqlite3_stmt *st = db_prepare(
		db, "INSERT INTO kbuild_cache(goal, key, created_at, data) "
		    "VALUES(?1,?2,?4,zeroblob(?3))");
	sqlite3_int64 row = 0;
	int rc = SQLITE_ERROR, gave_up;

	if (del && st) {
		sqlite3_bind_text(del, 1, a->goal, -1, SQLITE_STATIC);
		rc = sqlite3_step(del);
	}
	if (rc == SQLITE_DONE) {
		sqlite3_bind_text(st, 1, a->goal, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, a->size);
		sqlite3_bind_text(st, 4, a->now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		row = sqlite3_last_insert_rowid(db->h);
	}
	sqlite3_finalize(del);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || !row)
		return db_fail_sql(db, "cannot store a kbuild dry run");
	if (sqlite3_blob_open(db->h, "main", "kbuild_cache", "data", row, 1,
			      &w.blob) != SQLITE_OK) {
		sqlite3_blob_close(w.blob);
		return db_fail_sql(db, "cannot store a kbuild dry run");
	}
	gave_up = a->fill(a->arg, &w);
	sqlite3_blob_close(w.blob);
	if (w.rc == SQLITE_OK && !gave_up && w.off == a->size)
		return SQLITE_OK;
	if (w.rc != SQLITE_OK && w.rc != SQLITE_TOOBIG)
		return db_fail_sql(db, "cannot store a kbuild dry run");
	return db_fail(db, "cannot store a kbuild dry run: %s",
		       w.rc == SQLITE_TOOBIG || !gave_up ?
			       "it is not the size it was given" :
			       "its writer gave up");
}

int dmadb_kbuild_put(dmadb *db, const char *goal, const char *key,
		     long long size,
		     int (*fill)(void *arg, struct dmadb_writer *w), void *arg)
{
	struct kbuild_put a = { goal, key, size, fill, arg, "" };

	if (size < 0 || size > 0x7fffffff)
		return db_fail(db, "cannot store a kbuild dry run of %lld bytes",
			       size);
	now_iso8601(a.now);
	return db_write_txn(db, kbuild_put_txn, &a) ? 1 : 0;
}

int dmadb_prefilter_get(dmadb *db, const char *file, const char *key,
			char **deps, int *verdict)
{
	sqlite3_stmt *st;
	int rc;

	*deps = NULL;
	*verdict = 1;
	st = db_cached(db, "SELECT dep_sets, verdict FROM prefilter_cache "
			   "WHERE file=?1 AND key=?2");
	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *ids = sqlite3_column_text(st, 0);

		*deps = load_deps(db, ids ? (const char *)ids : "[]");
		*verdict = sqlite3_column_int(st, 1);
		rc = *deps ? SQLITE_DONE : 1; /* load_deps said why */
	}
	if (rc != SQLITE_DONE && rc != 1)
		db_fail_sql(db, "cannot read the prefilter cache");
	db_done(db, st);
	return rc == SQLITE_DONE ? 0 : 1;
}

struct prefilter_put {
	const struct dmadb_prefilter_entry *e;
	size_t n;
};

static int prefilter_put_txn(dmadb *db, void *p)
{
	struct prefilter_put *a = p;
	/* Delete, then insert: the triggers release the old verdict's chunks
	 * (an upsert would not fire the delete trigger). */
	sqlite3_stmt *del = db_prepare(
		db, "DELETE FROM prefilter_cache WHERE file=?1");
	sqlite3_stmt *st = db_prepare(
		db, "INSERT INTO prefilter_cache(file, key, dep_sets, verdict) "
		    "VALUES(?1,?2,?3,?4)");
	size_t i;
	int rc = SQLITE_DONE;

	for (i = 0; del && st && i < a->n && rc == SQLITE_DONE; i++) {
		char *ids = NULL;

		sqlite3_bind_text(del, 1, a->e[i].file, -1, SQLITE_STATIC);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
		if (rc != SQLITE_DONE)
			break;
		if (store_deps(db, a->e[i].deps, &ids) != SQLITE_OK) {
			rc = 1; /* store_deps said why */
			break;
		}
		sqlite3_bind_text(st, 1, a->e[i].file, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a->e[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ids, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, a->e[i].verdict);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		free(ids);
	}
	if (!del || !st)
		rc = sqlite3_extended_errcode(db->h);
	sqlite3_finalize(del);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return SQLITE_OK;
	return rc == 1 ? rc : db_fail_sql(db, "cannot store prefilter verdicts");
}

int dmadb_prefilter_put(dmadb *db, const struct dmadb_prefilter_entry *e,
			size_t n)
{
	struct prefilter_put a = { e, n };

	return n && db_write_txn(db, prefilter_put_txn, &a) ? 1 : 0;
}

/* --- stat() data of hashed files ------------------------------------------- */

int dmadb_stats_each(dmadb *db,
		     int (*fn)(void *arg, const struct dmadb_file_stat *s),
		     void *arg)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT path, hash, dev, ino, size, mtime_ns, ctime_ns, "
		    "seen_ns FROM file_stats");
	int rc;

	if (!st)
		return 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dmadb_file_stat s = {
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			sqlite3_column_int64(st, 2),
			sqlite3_column_int64(st, 3),
			sqlite3_column_int64(st, 4),
			sqlite3_column_int64(st, 5),
			sqlite3_column_int64(st, 6),
			sqlite3_column_int64(st, 7),
		};

		if (!s.path || !s.hash)
			continue;
		if (fn(arg, &s)) {
			sqlite3_finalize(st);
			return db_fail(db, "out of memory");
		}
	}
	if (rc != SQLITE_DONE)
		db_fail_sql(db, "cannot read the file stat cache");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : 1;
}

struct stats_put {
	const struct dmadb_file_stat *s;
	size_t n;
};

static int stats_put_txn(dmadb *db, void *p)
{
	struct stats_put *a = p;
	sqlite3_stmt *st = db_prepare(
		db, "INSERT OR REPLACE INTO file_stats(path, hash, dev, ino, "
		    "size, mtime_ns, ctime_ns, seen_ns) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
	size_t i;
	int rc = SQLITE_DONE;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	for (i = 0; i < a->n && rc == SQLITE_DONE; i++) {
		const struct dmadb_file_stat *s = &a->s[i];

		sqlite3_bind_text(st, 1, s->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, s->dev);
		sqlite3_bind_int64(st, 4, s->ino);
		sqlite3_bind_int64(st, 5, s->size);
		sqlite3_bind_int64(st, 6, s->mtime_ns);
		sqlite3_bind_int64(st, 7, s->ctime_ns);
		sqlite3_bind_int64(st, 8, s->seen_ns);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot write the file stat cache");
	return SQLITE_OK;
}

int dmadb_stats_put(dmadb *db, const struct dmadb_file_stat *s, size_t n)
{
	struct stats_put a = {s, n};

	if (!n)
		return 0;
	return db_write_txn(db, stats_put_txn, &a) ? 1 : 0;
}
