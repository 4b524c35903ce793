/*
 * store.c - opening, validating and migrating the findings database, and
 * recording runs.
 *
 * Safety rules (see docs/database.md):
 *  - a file is checked before anything is written to it: not SQLite, an
 *    SQLite file without dmacheck's application_id, a file from a newer
 *    schema or one that fails PRAGMA quick_check is refused untouched;
 *  - WAL journal, synchronous=FULL, a busy timeout, and every write in a
 *    BEGIN IMMEDIATE transaction that is retried as a whole on SQLITE_BUSY,
 *    so concurrent dmacheck processes neither fail nor lose rows;
 *  - a file's results in one transaction (several files in one with
 *    dmadb_run_record_batch); a run whose process died is marked
 *    "interrupted" by the next writer on the same host.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long one statement waits for a lock, and how long a transaction is
 * retried as a whole before giving up. */
#define BUSY_TIMEOUT_MS 5000
#define RETRY_TOTAL_MS 300000

/* --- errors ---------------------------------------------------------------- */

int db_fail(dmadb *db, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	sqlite3_free(db->err);
	db->err = msg; /* NULL when out of memory: dmadb_errmsg() copes */
	return 1;
}

int db_fail_sql(dmadb *db, const char *what)
{
	int rc = db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR;

	db_fail(db, "%s: %s", what,
		db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
	return rc ? rc : SQLITE_ERROR;
}

const char *dmadb_errmsg(const dmadb *db)
{
	if (!db)
		return "out of memory";
	return db->err ? db->err : "unknown error (out of memory?)";
}

const char *dmadb_path(const dmadb *db)
{
	return db->path;
}

void dmadb_free(void *p)
{
	free(p);
}

int db_is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

sqlite3_stmt *db_prepare(dmadb *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail_sql(db, "cannot prepare a query");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* A whole-tree re-scan records ~20,000 files and reads as many cache
 * entries: preparing their statements each time was a sixth of its CPU. */
sqlite3_stmt *db_cached(dmadb *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < db->nstmts; i++)
		if (db->stmts[i].sql == sql)
			return db->stmts[i].st;
	if (db->nstmts == DB_STMT_CACHE)
		return db_prepare(db, sql);
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		db_fail_sql(db, "cannot prepare a query");
		sqlite3_finalize(st);
		return NULL;
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts++].st = st;
	return st;
}

void db_done(dmadb *db, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; st && i < db->nstmts; i++)
		if (db->stmts[i].st == st) {
			/* A reset statement holds no read transaction. */
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

int db_exec(dmadb *db, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		db_fail_sql(db, "database error");
	return rc;
}

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int db_write_txn(dmadb *db, int (*fn)(dmadb *db, void *arg), void *arg)
{
	long long deadline = monotonic_ms() + RETRY_TOTAL_MS;
	unsigned delay = 1 + (unsigned)(getpid() % 7);
	int rc;

	for (;;) {
		rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			db_fail_sql(db, "cannot start a transaction");
		} else {
			rc = fn(db, arg);
			if (rc == SQLITE_OK) {
				rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL,
						  NULL);
				if (rc != SQLITE_OK)
					db_fail_sql(db, "cannot commit");
			}
		}
		if (rc == SQLITE_OK)
			return 0;
		if (!sqlite3_get_autocommit(db->h))
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		if (!db_is_busy(rc) || monotonic_ms() >= deadline)
			return rc;
		sleep_ms(delay);
		delay = delay < 64 ? delay * 2 : 64 + (unsigned)(rand() % 64);
	}
}

/* --- small query helpers ------------------------------------------------------ */

static int query_int(dmadb *db, const char *sql, long long *out)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return sqlite3_extended_errcode(db->h) ? sqlite3_extended_errcode(db->h)
						       : SQLITE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	} else {
		db_fail_sql(db, "database error");
	}
	sqlite3_finalize(st);
	return rc;
}

int db_schema_version(dmadb *db, long long *version)
{
	return query_int(db, "PRAGMA user_version", version) ? 1 : 0;
}

/* --- schema ----------------------------------------------------------------- */

/* migrations[i] takes user_version i to i+1.  Never edit a released entry:
 * append a new one. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE rules(\n"
	"  name TEXT PRIMARY KEY,\n"
	"  id TEXT NOT NULL UNIQUE,\n"
	"  severity TEXT NOT NULL CHECK(severity IN ('error','warning','note')),\n"
	"  analyzer TEXT NOT NULL,\n"
	"  runtime INTEGER NOT NULL,\n"
	"  summary TEXT NOT NULL,\n"
	"  help_uri TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE runs(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  status TEXT NOT NULL CHECK(status IN ('running','complete','interrupted')),\n"
	"  started_at TEXT NOT NULL,\n"
	"  finished_at TEXT,\n"
	"  tool_version TEXT NOT NULL,\n"
	"  command_line TEXT NOT NULL,\n"
	"  source_root TEXT NOT NULL,\n"
	"  git_revision TEXT,\n"
	"  rules TEXT NOT NULL,\n"
	"  host TEXT NOT NULL,\n"
	"  pid INTEGER NOT NULL,\n"
	"  process TEXT\n"
	");\n"
	"CREATE INDEX runs_status ON runs(status, id);\n"
	"CREATE TABLE run_files(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
	"  path TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK(status IN\n"
	"    ('analysed','parse-error','skipped','crashed','timed-out')),\n"
	"  error TEXT,\n"
	"  seconds REAL NOT NULL,\n"
	"  findings INTEGER NOT NULL,\n"
	"  recorded_at TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX run_files_run ON run_files(run_id, path);\n"
	"CREATE TABLE findings(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
	"  file_id INTEGER NOT NULL REFERENCES run_files(id) ON DELETE CASCADE,\n"
	"  fingerprint TEXT NOT NULL,\n"
	"  rule TEXT NOT NULL,\n"
	"  severity TEXT NOT NULL CHECK(severity IN ('error','warning','note')),\n"
	"  path TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL,\n"
	"  col INTEGER NOT NULL,\n"
	"  function TEXT NOT NULL,\n"
	"  message TEXT NOT NULL,\n"
	"  snippet TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX findings_run ON findings(run_id, fingerprint);\n"
	"CREATE INDEX findings_file ON findings(file_id);\n"
	"CREATE INDEX findings_fingerprint ON findings(fingerprint);\n"
	"CREATE TABLE path_events(\n"
	"  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,\n"
	"  step INTEGER NOT NULL,\n"
	"  path TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL,\n"
	"  col INTEGER NOT NULL,\n"
	"  message TEXT NOT NULL,\n"
	"  PRIMARY KEY(finding_id, step)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE triage(\n"
	"  fingerprint TEXT PRIMARY KEY,\n"
	"  status TEXT NOT NULL CHECK(status IN\n"
	"    ('new','confirmed','false-positive','wont-fix','fixed')),\n"
	"  comment TEXT,\n"
	"  updated_at TEXT NOT NULL,\n"
	"  updated_by TEXT\n"
	");\n"
	"CREATE TABLE triage_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  fingerprint TEXT NOT NULL,\n"
	"  old_status TEXT,\n"
	"  status TEXT NOT NULL,\n"
	"  comment TEXT,\n"
	"  changed_at TEXT NOT NULL,\n"
	"  changed_by TEXT\n"
	");\n"
	"CREATE INDEX triage_log_fingerprint ON triage_log(fingerprint, id);\n"
	"CREATE TABLE confirmations(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  fingerprint TEXT NOT NULL,\n"
	"  rule TEXT NOT NULL,\n"
	"  report TEXT NOT NULL,\n"
	"  confirmed_at TEXT NOT NULL,\n"
	"  reproduction TEXT NOT NULL,\n"
	"  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL\n"
	");\n"
	"CREATE INDEX confirmations_fingerprint ON confirmations(fingerprint);\n",
	/* 1 -> 2: incremental scanning (analyzer/db/cache.c) */
	"ALTER TABLE run_files ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE TABLE file_cache(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  path TEXT NOT NULL,\n"
	"  deps TEXT NOT NULL,\n"
	"  result TEXT NOT NULL,\n"
	"  seconds REAL NOT NULL,\n"
	"  created_at TEXT NOT NULL\n"
	");\n",
	/* 2 -> 3: dependency lists stored once, in shared chunks (cache.c);
	 * the triggers count each chunk's users and drop it with the last.
	 * file_cache.deps is '' from now on; db_cache_split_whole_lists()
	 * converts the entries of schema 2. */
	"CREATE TABLE dep_sets(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  hash BLOB NOT NULL UNIQUE,\n"
	"  deps TEXT NOT NULL,\n"
	"  users INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"ALTER TABLE file_cache ADD COLUMN dep_sets TEXT;\n"
	"CREATE TRIGGER file_cache_insert AFTER INSERT ON file_cache BEGIN\n"
	"  UPDATE dep_sets SET users = users + 1\n"
	"    WHERE id IN (SELECT value FROM json_each(new.dep_sets));\n"
	"END;\n"
	"CREATE TRIGGER file_cache_delete AFTER DELETE ON file_cache BEGIN\n"
	"  UPDATE dep_sets SET users = users - 1\n"
	"    WHERE id IN (SELECT value FROM json_each(old.dep_sets));\n"
	"  DELETE FROM dep_sets WHERE users <= 0\n"
	"    AND id IN (SELECT value FROM json_each(old.dep_sets));\n"
	"END;\n"
	"CREATE TRIGGER file_cache_update AFTER UPDATE OF dep_sets ON file_cache\n"
	"BEGIN\n"
	"  UPDATE dep_sets SET users = users + 1\n"
	"    WHERE id IN (SELECT value FROM json_each(new.dep_sets));\n"
	"  UPDATE dep_sets SET users = users - 1\n"
	"    WHERE id IN (SELECT value FROM json_each(old.dep_sets));\n"
	"  DELETE FROM dep_sets WHERE users <= 0\n"
	"    AND id IN (SELECT value FROM json_each(old.dep_sets));\n"
	"END;\n",
	/* 3 -> 4: dynamic confirmation (confirm.c): one row per attempt with
	 * its outcome, the invocation that made it, and every runtime report
	 * seen with the finding that explains it (NULL: none). */
	"CREATE TABLE confirm_runs(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,\n"
	"  started_at TEXT NOT NULL,\n"
	"  finished_at TEXT,\n"
	"  command_line TEXT NOT NULL,\n"
	"  compiler TEXT NOT NULL,\n"
	"  cflags TEXT NOT NULL,\n"
	"  all_faults INTEGER NOT NULL\n"
	");\n"
	"ALTER TABLE confirmations ADD COLUMN outcome TEXT NOT NULL\n"
	"  DEFAULT 'confirmed' CHECK(outcome IN ('confirmed','not-reproduced',\n"
	"  'not-runnable','crashed','timed-out'));\n"
	"ALTER TABLE confirmations ADD COLUMN confirm_run_id INTEGER\n"
	"  REFERENCES confirm_runs(id) ON DELETE CASCADE;\n"
	"ALTER TABLE confirmations ADD COLUMN scenario TEXT;\n"
	"ALTER TABLE confirmations ADD COLUMN fault TEXT;\n"
	"ALTER TABLE confirmations ADD COLUMN detail TEXT;\n"
	"CREATE TABLE runtime_reports(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  confirm_run_id INTEGER NOT NULL REFERENCES confirm_runs(id)\n"
	"    ON DELETE CASCADE,\n"
	"  variant TEXT NOT NULL,\n"
	"  scenario TEXT NOT NULL,\n"
	"  fault TEXT,\n"
	"  rule TEXT NOT NULL,\n"
	"  path TEXT,\n"
	"  line INTEGER,\n"
	"  map_path TEXT,\n"
	"  map_line INTEGER,\n"
	"  report TEXT NOT NULL,\n"
	"  fingerprint TEXT\n"
	");\n"
	"CREATE INDEX runtime_reports_run ON runtime_reports(confirm_run_id);\n",
	/* 4 -> 5: the content hash of each file a run's findings point into,
	 * as the scan read it (the HTML report says when one changed). */
	"CREATE TABLE source_hashes(\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
	"  path TEXT NOT NULL,\n"
	"  sha256 TEXT NOT NULL,\n"
	"  PRIMARY KEY(run_id, path)\n"
	") WITHOUT ROWID;\n",
	/* 5 -> 6: kbuild dry runs, one entry per goal (driver/KbuildCache.cpp) */
	"CREATE TABLE kbuild_cache(\n"
	"  goal TEXT PRIMARY KEY,\n"
	"  key TEXT NOT NULL,\n"
	"  data TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX kbuild_cache_key ON kbuild_cache(key);\n",
	/* 6 -> 7: the prefilter's verdict per file (driver/PrefilterCache.cpp) */
	"CREATE TABLE prefilter_cache(\n"
	"  file TEXT PRIMARY KEY,\n"
	"  key TEXT NOT NULL,\n"
	"  deps TEXT NOT NULL,\n"
	"  verdict INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n",
	/* 7 -> 8: a verdict's inputs in the shared chunks of dep_sets, as
	 * file_cache's lists: stored whole, a whole tree's were 370 MB (a
	 * header read by a driver's files, and the include candidates probed
	 * in its -I directories, repeated in every verdict).  The old verdicts
	 * are dropped: a cache, recomputed by the next scan.  kbuild_cache
	 * gets `data` as its last column: SQLite keeps a zeroblob() unexpanded
	 * only there, and a 70 MB dry run is written into one in pieces
	 * (cache.c); its entries are dropped too (one dry run recomputes them).
	 */
	"DROP TABLE kbuild_cache;\n"
	"CREATE TABLE kbuild_cache(\n"
	"  goal TEXT PRIMARY KEY,\n"
	"  key TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  data BLOB NOT NULL\n"
	");\n"
	"CREATE INDEX kbuild_cache_key ON kbuild_cache(key);\n"
	"DROP TABLE prefilter_cache;\n"
	"CREATE TABLE prefilter_cache(\n"
	"  file TEXT PRIMARY KEY,\n"
	"  key TEXT NOT NULL,\n"
	"  dep_sets TEXT NOT NULL,\n"
	"  verdict INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE TRIGGER prefilter_cache_insert AFTER INSERT ON prefilter_cache\n"
	"BEGIN\n"
	"  UPDATE dep_sets SET users = users + 1\n"
	"    WHERE id IN (SELECT value FROM json_each(new.dep_sets));\n"
	"END;\n"
	"CREATE TRIGGER prefilter_cache_delete AFTER DELETE ON prefilter_cache\n"
	"BEGIN\n"
	"  UPDATE dep_sets SET users = users - 1\n"
	"    WHERE id IN (SELECT value FROM json_each(old.dep_sets));\n"
	"  DELETE FROM dep_sets WHERE users <= 0\n"
	"    AND id IN (SELECT value FROM json_each(old.dep_sets));\n"
	"END;\n",
	/* 8 -> 9: each input's content hash with its stat() data, so that an
	 * unchanged re-scan reads no file stat() says is unchanged (cache.c) */
	"CREATE TABLE file_stats(\n"
	"  path TEXT PRIMARY KEY,\n"
	"  dev INTEGER NOT NULL,\n"
	"  ino INTEGER NOT NULL,\n"
	"  size INTEGER NOT NULL,\n"
	"  mtime_ns INTEGER NOT NULL,\n"
	"  ctime_ns INTEGER NOT NULL,\n"
	"  seen_ns INTEGER NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	") WITHOUT ROWID;\n",
};

#define NMIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) ==
		       DMADB_SCHEMA_VERSION,
	       "one migration per schema version");

static int refresh_rules(dmadb *db)
{
	sqlite3_stmt *st = db_prepare(
		db, "INSERT INTO rules(name, id, severity, analyzer, runtime, "
		    "summary, help_uri) VALUES(?1,?2,?3,?4,?5,?6,?7) "
		    "ON CONFLICT(name) DO UPDATE SET id=excluded.id, "
		    "severity=excluded.severity, analyzer=excluded.analyzer, "
		    "runtime=excluded.runtime, summary=excluded.summary, "
		    "help_uri=excluded.help_uri");
	size_t i;
	int rc = SQLITE_OK;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	/* A rule id that moved to a new name (ids are never reused) drops the
	 * old row first so the UNIQUE(id) constraint holds. */
	for (i = 0; i < db_nrules && rc == SQLITE_OK; i++) {
		const struct db_rule *r = &db_rules[i];
		char *uri = rule_help_uri(r->name);
		sqlite3_stmt *del;

		if (!uri) {
			rc = SQLITE_NOMEM;
			db_fail(db, "out of memory");
			break;
		}
		del = db_prepare(db, "DELETE FROM rules WHERE id=?1 AND name<>?2");
		if (!del) {
			free(uri);
			rc = sqlite3_extended_errcode(db->h);
			break;
		}
		sqlite3_bind_text(del, 1, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, r->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(del);
		sqlite3_finalize(del);
		if (rc != SQLITE_DONE) {
			free(uri);
			rc = db_fail_sql(db, "cannot update the rules table");
			break;
		}
		sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->severity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, r->analyzer, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, r->runtime);
		sqlite3_bind_text(st, 6, r->summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, uri, -1, SQLITE_TRANSIENT);
		free(uri);
		rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			rc = db_fail_sql(db, "cannot update the rules table");
			break;
		}
		rc = SQLITE_OK;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int migrate_txn(dmadb *db, void *arg)
{
	long long version, appid, nobj;
	int rc, v;
	char sql[96];

	(void)arg;
	/* Re-read inside the write lock: another process may have just
	 * created or migrated the database. */
	if ((rc = query_int(db, "PRAGMA user_version", &version)) ||
	    (rc = query_int(db, "PRAGMA application_id", &appid)) ||
	    (rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &nobj)))
		return rc;
	if (version >= DMADB_SCHEMA_VERSION)
		return SQLITE_OK;
	if (version == 0 && (nobj != 0 || appid != 0)) {
		db_fail(db, "'%s' is not a dmacheck database; refusing to use it "
			    "(the file was not changed)", db->path);
		return SQLITE_ERROR;
	}
	for (v = (int)version; v < NMIGRATIONS; v++) {
		rc = sqlite3_exec(db->h, migrations[v], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			char what[64];
			snprintf(what, sizeof(what),
				 "schema migration %d -> %d failed", v, v + 1);
			return db_fail_sql(db, what);
		}
		/* What SQL alone cannot convert. */
		if (v + 1 == 3 && (rc = db_cache_split_whole_lists(db)))
			return rc;
	}
	snprintf(sql, sizeof(sql),
		 "PRAGMA user_version=%d; PRAGMA application_id=%d",
		 DMADB_SCHEMA_VERSION, DMADB_APPLICATION_ID);
	if ((rc = db_exec(db, sql)))
		return rc;
	return refresh_rules(db);
}

/* --- opening ----------------------------------------------------------------- */

static char *fmt_err(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *fmt_err(const char *fmt, ...)
{
	va_list ap;
	char *m, *out;

	va_start(ap, fmt);
	m = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	out = m ? strdup(m) : NULL;
	sqlite3_free(m);
	return out ? out : strdup("out of memory");
}

static const char *const REFUSED = "refusing to use it (the file was not "
				   "changed)";

/* Checks the file before SQLite sees it. 0: usable (*exists tells whether
 * it has content), else *err is set. */
static int check_file(const char *path, enum dmadb_mode mode, int *exists,
		      char **err)
{
	unsigned long appid;
	static const char magic[16] = "SQLite format 3";
	struct stat st;
	char hdr[100];
	ssize_t n;
	int fd;

	*exists = 0;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			*err = fmt_err("cannot access '%s': %s", path,
				       strerror(errno));
			return 1;
		}
		if (mode != DMADB_CREATE) {
			*err = fmt_err("no database at '%s' (record a scan "
				       "first: dmacheck --db %s <files>)",
				       path, path);
			return 1;
		}
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = fmt_err("'%s' is not a regular file; %s", path, REFUSED);
		return 1;
	}
	if (st.st_size == 0) {
		if (mode == DMADB_READ) {
			*err = fmt_err("'%s' is empty, not a dmacheck database",
				       path);
			return 1;
		}
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = fmt_err("cannot open '%s': %s", path, strerror(errno));
		return 1;
	}
	do
		n = pread(fd, hdr, sizeof(hdr), 0);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0) {
		*err = fmt_err("cannot read '%s': %s", path, strerror(errno));
		return 1;
	}
	if (n < (ssize_t)sizeof(hdr) || memcmp(hdr, magic, 16) != 0) {
		*err = fmt_err("'%s' is not an SQLite database, so not a "
			       "dmacheck database; %s",
			       path, REFUSED);
		return 1;
	}
	/* The application_id of the header (offset 68, big-endian): a file
	 * of another application is refused before SQLite touches it.  (0 is
	 * left to SQLite: a new database, or one whose header is still in
	 * the -wal file.) */
	appid = (unsigned long)(unsigned char)hdr[68] << 24 |
		(unsigned long)(unsigned char)hdr[69] << 16 |
		(unsigned long)(unsigned char)hdr[70] << 8 |
		(unsigned long)(unsigned char)hdr[71];
	if (appid != 0 && appid != DMADB_APPLICATION_ID) {
		*err = fmt_err("'%s' is an SQLite database but not a dmacheck "
			       "database (application_id 0x%08lx); %s",
			       path, appid, REFUSED);
		return 1;
	}
	*exists = 1;
	return 0;
}

/* After refusing a file: removes the -wal (when empty) and -shm files that
 * opening it created, so that a refused file is left exactly as found. */
static void remove_side_files(const char *path, int had_wal, int had_shm)
{
	char *wal = sqlite3_mprintf("%s-wal", path);
	char *shm = sqlite3_mprintf("%s-shm", path);
	struct stat st;

	if (wal && shm && !had_wal && stat(wal, &st) == 0 && st.st_size == 0) {
		unlink(wal);
		if (!had_shm)
			unlink(shm);
	}
	sqlite3_free(wal);
	sqlite3_free(shm);
}

/* The database file this process has checked whole (PRAGMA quick_check
 * reads every page: 0.5 s for a whole tree's database, several seconds when
 * it is not in the page cache). A kernel scan opens it twice, for the dry
 * run's cache and for the run; the second open trusts the first's check. */
static struct {
	int valid;
	dev_t dev;
	ino_t ino;
} checked;

static int checked_before(const char *path)
{
	struct stat sb;

	return checked.valid && stat(path, &sb) == 0 &&
	       sb.st_dev == checked.dev && sb.st_ino == checked.ino;
}

static void remember_checked(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0) {
		checked.valid = 1;
		checked.dev = sb.st_dev;
		checked.ino = sb.st_ino;
	}
}

/* Validates an opened database before anything is written to it. */
static int validate(dmadb *db, int *fresh)
{
	long long appid = 0, version = 0, nobj = 0;
	sqlite3_stmt *st;
	int rc;

	*fresh = 0;
	if (query_int(db, "SELECT count(*) FROM sqlite_schema", &nobj) ||
	    query_int(db, "PRAGMA application_id", &appid) ||
	    query_int(db, "PRAGMA user_version", &version)) {
		int code = sqlite3_extended_errcode(db->h) & 0xff;
		if (db_is_busy(code))
			return db_fail(db, "'%s' is locked: %s", db->path,
				       sqlite3_errmsg(db->h));
		return db_fail(db, "'%s' is not a usable SQLite database (%s); %s",
			       db->path, sqlite3_errmsg(db->h), REFUSED);
	}
	if (appid == 0 && version == 0 && nobj == 0) {
		if (db->mode == DMADB_READ)
			return db_fail(db, "'%s' is an empty SQLite database, not a "
					   "dmacheck database", db->path);
		*fresh = 1;
		return 0;
	}
	if (appid != DMADB_APPLICATION_ID)
		return db_fail(db, "'%s' is an SQLite database but not a dmacheck "
				   "database (application_id %lld, %lld schema "
				   "objects); %s",
			       db->path, appid, nobj, REFUSED);
	if (version > DMADB_SCHEMA_VERSION)
		return db_fail(db, "'%s' was written by a newer dmacheck (schema "
				   "version %lld; this dmacheck knows up to %d); %s",
			       db->path, version, DMADB_SCHEMA_VERSION, REFUSED);
	if (version < 1)
		return db_fail(db, "'%s' has a dmacheck application_id but no "
				   "schema version; %s", db->path, REFUSED);
	/* An older schema opened read-only is queried as it is: migrations
	 * only ever add tables and columns. */

	if (checked_before(db->path))
		return 0;
	if (getenv("DMACHECK_DB_TRACE"))
		fprintf(stderr, "dmacheck: db: quick_check of '%s'\n", db->path);
	st = db_prepare(db, "PRAGMA quick_check(1)");
	if (!st)
		return db_fail(db, "'%s' is corrupt (%s); %s", db->path,
			       sqlite3_errmsg(db->h), REFUSED);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(st, 0);
		if (!res || strcmp(res, "ok") != 0) {
			char msg[256], *q;
			snprintf(msg, sizeof(msg), "%s", res ? res : "?");
			for (q = msg; *q; q++)
				if (*q == '\n')
					*q = ' ';
			db_fail(db, "'%s' is corrupt (quick_check: %s); %s",
				db->path, msg, REFUSED);
			sqlite3_finalize(st);
			return 1;
		}
		rc = SQLITE_OK;
	} else {
		db_fail(db, "'%s' is corrupt (%s); %s", db->path,
			sqlite3_errmsg(db->h), REFUSED);
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	remember_checked(db->path);
	return 0;
}

static int set_wal(dmadb *db, int memory)
{
	long long deadline = monotonic_ms() + RETRY_TOTAL_MS;

	for (;;) {
		sqlite3_stmt *st = db_prepare(db, "PRAGMA journal_mode=WAL");
		int rc;

		if (!st)
			return 1;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *m = (const char *)sqlite3_column_text(st, 0);
			int ok = m && (!strcmp(m, "wal") ||
				       (memory && !strcmp(m, "memory")));
			if (!ok)
				db_fail(db, "cannot use WAL mode on '%s' (journal "
					    "mode stays '%s')",
					db->path, m ? m : "?");
			sqlite3_finalize(st);
			return ok ? 0 : 1;
		}
		db_fail_sql(db, "cannot set WAL mode");
		sqlite3_finalize(st);
		if (!db_is_busy(rc) || monotonic_ms() >= deadline)
			return 1;
		sleep_ms(10);
	}
}

/* Marks runs "interrupted" whose process (on this host) is gone. */
static int mark_interrupted_txn(dmadb *db, void *arg)
{
	sqlite3_stmt *sel, *upd;
	int rc;

	(void)arg;
	sel = db_prepare(db, "SELECT id, pid, process FROM runs "
			     "WHERE status='running' AND host=?1");
	if (!sel)
		return sqlite3_extended_errcode(db->h);
	upd = db_prepare(
		db, "UPDATE runs SET status='interrupted', finished_at=coalesce("
		    "(SELECT max(recorded_at) FROM run_files WHERE run_id=?1), "
		    "started_at) WHERE id=?1 AND status='running'");
	if (!upd) {
		sqlite3_finalize(sel);
		return sqlite3_extended_errcode(db->h);
	}
	sqlite3_bind_text(sel, 1, host_name(), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(sel, 0);
		long pid = (long)sqlite3_column_int64(sel, 1);
		const char *was = (const char *)sqlite3_column_text(sel, 2);
		char *now = process_token(pid);
		int alive = now && was && !strcmp(now, was);

		if (!was && !now)
			alive = 0;
		else if (!was && kill((pid_t)pid, 0) == 0)
			alive = 1; /* no /proc when it started: best effort */
		free(now);
		if (alive)
			continue;
		sqlite3_bind_int64(upd, 1, id);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			rc = db_fail_sql(db, "cannot mark a run interrupted");
			break;
		}
		sqlite3_reset(upd);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	else if (rc == SQLITE_ROW || rc == SQLITE_OK)
		; /* set by the break above */
	else
		rc = db_fail_sql(db, "cannot read runs");
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

static int has_stale_runs(dmadb *db, int *any)
{
	long long n = 0;
	sqlite3_stmt *st = db_prepare(
		db, "SELECT count(*) FROM runs WHERE status='running' AND host=?1");
	int rc;

	*any = 0;
	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, host_name(), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		db_fail_sql(db, "cannot read runs");
	sqlite3_finalize(st);
	*any = n > 0;
	return rc == SQLITE_ROW ? 0 : 1;
}

static char *uri_for(const char *path, int immutable)
{
	sbuf b;
	char *abs = abs_path(path, NULL);

	if (!abs)
		return NULL;
	sb_init(&b);
	sb_puts(&b, "file:");
	sb_uri_path(&b, abs);
	sb_puts(&b, immutable ? "?immutable=1" : "?mode=ro");
	free(abs);
	if (b.oom) {
		sb_free(&b);
		return NULL;
	}
	return b.p;
}

dmadb *dmadb_open(const char *path, enum dmadb_mode mode, char **err)
{
	dmadb *db;
	int memory = !strcmp(path, ":memory:");
	int exists = 0, fresh = 0, flags, rc, had_wal = 1, had_shm = 1;
	int refused = 0;
	char *name = NULL;

	*err = NULL;
	if (!memory && check_file(path, mode, &exists, err))
		return NULL;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		free(db);
		*err = strdup("out of memory");
		return NULL;
	}
	db->mode = mode;
	if (!memory) {
		char *wal = sqlite3_mprintf("%s-wal", path);
		char *shm = sqlite3_mprintf("%s-shm", path);
		had_wal = !wal || access(wal, F_OK) == 0;
		had_shm = !shm || access(shm, F_OK) == 0;
		sqlite3_free(wal);
		sqlite3_free(shm);
	}
	flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (mode == DMADB_READ) {
		/* A checked-in baseline without a -wal file is opened
		 * immutable: no locks, no -shm/-wal created next to it. */
		char *wal = sqlite3_mprintf("%s-wal", path);
		int has_wal = wal && access(wal, F_OK) == 0;
		sqlite3_free(wal);
		name = uri_for(path, !has_wal);
		flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
	} else {
		flags |= SQLITE_OPEN_READWRITE |
			 (mode == DMADB_CREATE ? SQLITE_OPEN_CREATE : 0);
	}
	rc = sqlite3_open_v2(name ? name : path, &db->h, flags, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		*err = fmt_err("cannot open '%s': %s", path,
			       db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	/* Until the file is known to be ours, closing must not write it. */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	if (validate(db, &fresh)) {
		refused = 1;
		goto fail_db;
	}
	(void)exists;
	if (mode != DMADB_READ) {
		long long version = 0;
		int stale = 0;

		if (set_wal(db, memory) ||
		    db_exec(db, "PRAGMA synchronous=FULL") ||
		    db_exec(db, "PRAGMA foreign_keys=ON"))
			goto fail_db;
		if (query_int(db, "PRAGMA user_version", &version))
			goto fail_db;
		if (version < DMADB_SCHEMA_VERSION &&
		    db_write_txn(db, migrate_txn, NULL))
			goto fail_db;
		if (has_stale_runs(db, &stale) ||
		    (stale && db_write_txn(db, mark_interrupted_txn, NULL)))
			goto fail_db;
		sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0,
				  NULL);
	}
	return db;

fail_db:
	*err = strdup(dmadb_errmsg(db));
fail:
	dmadb_close(db);
	if (refused && !memory)
		remove_side_files(path, had_wal, had_shm);
	if (!*err)
		*err = strdup("out of memory");
	return NULL;
}

void dmadb_close(dmadb *db)
{
	if (!db)
		return;
	while (db->nstmts)
		sqlite3_finalize(db->stmts[--db->nstmts].st);
	sqlite3_close_v2(db->h);
	sqlite3_free(db->err);
	free(db->path);
	free(db);
}

/* --- runs ---------------------------------------------------------------- */

struct begin_arg {
	const struct dmadb_run_info *info;
	const char *root, *rev, *cmdline, *token;
	char now[32];
	int64_t id;
};

static int begin_txn(dmadb *db, void *p)
{
	struct begin_arg *a = p;
	sqlite3_stmt *st;
	int rc;

	if ((rc = refresh_rules(db)))
		return rc;
	st = db_prepare(db, "INSERT INTO runs(status, started_at, tool_version, "
			    "command_line, source_root, git_revision, rules, "
			    "host, pid, process) "
			    "VALUES('running',?1,?2,?3,?4,?5,?6,?7,?8,?9)");
	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->info->tool_version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->cmdline, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->root, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->rev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->info->rules ? a->info->rules : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 7, host_name(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)getpid());
	sqlite3_bind_text(st, 9, a->token, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot record the run");
	a->id = sqlite3_last_insert_rowid(db->h);
	return SQLITE_OK;
}

/* The git toplevel of dir and its HEAD (*rev), or NULL. */
static char *git_top(const char *dir, char **rev)
{
	char *top, *real;
	char *argv[] = {"git", "-C", (char *)dir, "rev-parse", "--show-toplevel",
			NULL};

	top = run_capture(argv);
	if (!top)
		return NULL;
	real = abs_path(top, NULL);
	if (rev) {
		char *rargv[] = {"git", "-C", top, "rev-parse", "--verify",
				 "-q", "HEAD", NULL};
		*rev = run_capture(rargv);
	}
	free(top);
	return real;
}

/* The source root (see struct dmadb_run_info); *rev is the git HEAD of the
 * checkout it is in, when it has one. */
static char *find_source_root(const struct dmadb_run_info *info, char **rev)
{
	char *file = NULL, *dir = NULL, *slash, *top = NULL;

	*rev = NULL;
	if (info->source_root && info->source_root[0]) {
		top = abs_path(info->source_root, NULL);
		if (top)
			free(git_top(top, rev));
		return top;
	}
	if (info->first_input && info->first_input[0]) {
		file = abs_path(info->first_input, info->first_input_dir);
		if (file && (slash = strrchr(file, '/')))
			dir = strndup(file, (size_t)(slash - file) + (slash == file));
	}
	if (dir)
		top = git_top(dir, rev);
	free(file);
	free(dir);
	if (top)
		return top;
	if (info->fallback_root && info->fallback_root[0])
		return abs_path(info->fallback_root, NULL);
	return abs_path(".", NULL);
}

int64_t dmadb_run_begin(dmadb *db, const struct dmadb_run_info *info)
{
	struct begin_arg a;
	char *root, *rev = NULL, *cmdline, *token;
	int rc;

	memset(&a, 0, sizeof(a));
	root = find_source_root(info, &rev);
	cmdline = shell_join(info->argc, info->argv);
	token = process_token((long)getpid());
	if (!root || !cmdline) {
		db_fail(db, "out of memory");
		rc = 1;
	} else {
		a.info = info;
		a.root = root;
		a.rev = rev;
		a.cmdline = cmdline;
		a.token = token;
		now_iso8601(a.now);
		rc = db_write_txn(db, begin_txn, &a);
	}
	free(root);
	free(rev);
	free(cmdline);
	free(token);
	return rc ? 0 : a.id;
}

char *db_run_source_root(dmadb *db, int64_t run)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT source_root FROM runs WHERE id=?1");
	char *out = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	else
		db_fail(db, "no run %lld in '%s'", (long long)run, db->path);
	sqlite3_finalize(st);
	return out;
}

struct prepared_finding {
	char *path, *fp;
	char **event_paths;
	char base[DMADB_FINGERPRINT_SIZE];
};

struct record_arg {
	int64_t run;
	const struct dmadb_file_result *r;
	char *path;
	struct prepared_finding *pf;
	char now[32];
	const char *root;
};

/* The hash of every file the findings point into (source_hashes). */
static int record_hashes(dmadb *db, struct record_arg *a)
{
	sqlite3_stmt *st = db_cached(db, "INSERT OR IGNORE INTO source_hashes"
					 "(run_id, path, sha256) VALUES(?1,?2,?3)");
	const struct dmadb_file_result *r = a->r;
	char hash[65], *abs;
	size_t i, j;
	int rc = SQLITE_OK;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	for (i = 0; i < r->nfindings && rc == SQLITE_OK; i++) {
		for (j = 0; j <= r->findings[i].nevents && rc == SQLITE_OK; j++) {
			const char *path = j ? a->pf[i].event_paths[j - 1] :
					       a->pf[i].path;

			abs = abs_path(path, a->root);
			if (!abs || db_file_sha256(abs, hash)) {
				free(abs);
				continue;
			}
			free(abs);
			sqlite3_bind_int64(st, 1, a->run);
			sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail_sql(db, "cannot record a source hash");
			sqlite3_reset(st);
		}
	}
	db_done(db, st);
	return rc;
}

static int record_txn(dmadb *db, void *p)
{
	struct record_arg *a = p;
	const struct dmadb_file_result *r = a->r;
	sqlite3_stmt *file = NULL, *find = NULL, *ev = NULL;
	int64_t file_id;
	size_t i, j;
	int rc = SQLITE_OK;

	file = db_cached(db, "INSERT INTO run_files(run_id, path, status, "
			     "error, seconds, findings, recorded_at, cached) "
			     "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
	find = db_cached(db, "INSERT INTO findings(run_id, file_id, "
			     "fingerprint, rule, severity, path, line, col, "
			     "function, message, snippet) "
			     "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
	ev = db_cached(db, "INSERT INTO path_events(finding_id, step, path, "
			   "line, col, message) VALUES(?1,?2,?3,?4,?5,?6)");
	if (!file || !find || !ev) {
		rc = sqlite3_extended_errcode(db->h);
		goto out;
	}
	sqlite3_bind_int64(file, 1, a->run);
	sqlite3_bind_text(file, 2, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(file, 3, r->status, -1, SQLITE_STATIC);
	if (r->error && r->error[0])
		sqlite3_bind_text(file, 4, r->error, -1, SQLITE_STATIC);
	sqlite3_bind_double(file, 5, r->seconds);
	sqlite3_bind_int64(file, 6, (sqlite3_int64)r->nfindings);
	sqlite3_bind_text(file, 7, a->now, -1, SQLITE_STATIC);
	sqlite3_bind_int(file, 8, r->cached ? 1 : 0);
	if (sqlite3_step(file) != SQLITE_DONE) {
		rc = db_fail_sql(db, "cannot record a file");
		goto out;
	}
	file_id = sqlite3_last_insert_rowid(db->h);
	for (i = 0; i < r->nfindings; i++) {
		const struct dmadb_finding *f = &r->findings[i];
		int64_t fid;

		sqlite3_bind_int64(find, 1, a->run);
		sqlite3_bind_int64(find, 2, file_id);
		sqlite3_bind_text(find, 3, a->pf[i].fp, -1, SQLITE_STATIC);
		sqlite3_bind_text(find, 4, f->rule, -1, SQLITE_STATIC);
		sqlite3_bind_text(find, 5, f->severity, -1, SQLITE_STATIC);
		sqlite3_bind_text(find, 6, a->pf[i].path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(find, 7, f->line);
		sqlite3_bind_int64(find, 8, f->col);
		sqlite3_bind_text(find, 9, f->function ? f->function : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(find, 10, f->message ? f->message : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(find, 11, f->snippet ? f->snippet : "", -1,
				  SQLITE_STATIC);
		if (sqlite3_step(find) != SQLITE_DONE) {
			rc = db_fail_sql(db, "cannot record a finding");
			goto out;
		}
		sqlite3_reset(find);
		fid = sqlite3_last_insert_rowid(db->h);
		for (j = 0; j < f->nevents; j++) {
			const struct dmadb_event *e = &f->events[j];
			sqlite3_bind_int64(ev, 1, fid);
			sqlite3_bind_int64(ev, 2, (sqlite3_int64)j);
			sqlite3_bind_text(ev, 3, a->pf[i].event_paths[j], -1,
					  SQLITE_STATIC);
			sqlite3_bind_int64(ev, 4, e->line);
			sqlite3_bind_int64(ev, 5, e->col);
			sqlite3_bind_text(ev, 6, e->message ? e->message : "",
					  -1, SQLITE_STATIC);
			if (sqlite3_step(ev) != SQLITE_DONE) {
				rc = db_fail_sql(db, "cannot record a path event");
				goto out;
			}
			sqlite3_reset(ev);
		}
	}
	rc = record_hashes(db, a);
out:
	db_done(db, file);
	db_done(db, find);
	db_done(db, ev);
	return rc;
}

static char *relative_to(const char *file, const char *dir, const char *root)
{
	char *abs = abs_path(file ? file : "", dir);
	char *rel;

	if (!abs)
		return NULL;
	rel = rel_path(abs, root);
	free(abs);
	return rel;
}

/* Fills a->pf[i]: finding i's paths relative to the source root and its
 * fingerprint, with the occurrence index among the findings before it. */
static int prepare_finding(dmadb *db, struct record_arg *a, size_t i)
{
	const struct dmadb_file_result *r = a->r;
	const struct dmadb_finding *f = &r->findings[i];
	struct prepared_finding *pf = &a->pf[i];
	const char **msgs;
	unsigned occurrence = 0;
	char fp[DMADB_FINGERPRINT_SIZE];
	size_t j;

	if (severity_rank(f->severity) < 0)
		return db_fail(db, "finding with an unknown severity '%s'",
			       f->severity ? f->severity : "");
	pf->path = relative_to(f->file, r->directory, a->root);
	pf->event_paths = calloc(f->nevents ? f->nevents : 1, sizeof(char *));
	msgs = calloc(f->nevents ? f->nevents : 1, sizeof(*msgs));
	if (!msgs || !pf->path || !pf->event_paths)
		goto oom;
	for (j = 0; j < f->nevents; j++) {
		msgs[j] = f->events[j].message;
		pf->event_paths[j] = relative_to(f->events[j].file,
						 r->directory, a->root);
		if (!pf->event_paths[j])
			goto oom;
	}
	dmadb_fingerprint(f->rule, pf->path, f->function, f->snippet, msgs,
			  f->nevents, 0, pf->base);
	for (j = 0; j < i; j++)
		if (!strcmp(a->pf[j].base, pf->base))
			occurrence++;
	if (occurrence)
		dmadb_fingerprint(f->rule, pf->path, f->function, f->snippet,
				  msgs, f->nevents, occurrence, fp);
	else
		memcpy(fp, pf->base, sizeof(fp));
	free(msgs);
	pf->fp = strdup(fp);
	return pf->fp ? 0 : db_fail(db, "out of memory");
oom:
	free(msgs);
	return db_fail(db, "out of memory");
}

/* Fills a->path and a->pf, computed before the transaction so that it
 * holds the write lock only while it writes. */
static int prepare_record(dmadb *db, struct record_arg *a)
{
	size_t i;

	if (!a->r->status)
		return db_fail(db, "file result without a status");
	a->path = relative_to(a->r->file, a->r->directory, a->root);
	a->pf = calloc(a->r->nfindings ? a->r->nfindings : 1, sizeof(*a->pf));
	if (!a->path || !a->pf)
		return db_fail(db, "out of memory");
	for (i = 0; i < a->r->nfindings; i++)
		if (prepare_finding(db, a, i))
			return 1;
	return 0;
}

static void release_record(struct record_arg *a)
{
	size_t i, j;

	for (i = 0; a->pf && i < a->r->nfindings; i++) {
		for (j = 0; a->pf[i].event_paths &&
			    j < a->r->findings[i].nevents; j++)
			free(a->pf[i].event_paths[j]);
		free(a->pf[i].event_paths);
		free(a->pf[i].path);
		free(a->pf[i].fp);
	}
	free(a->pf);
	free(a->path);
}

struct batch_arg {
	struct record_arg *files;
	size_t n;
};

static int batch_txn(dmadb *db, void *p)
{
	struct batch_arg *b = p;
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < b->n && rc == SQLITE_OK; i++)
		rc = record_txn(db, &b->files[i]);
	return rc;
}

int dmadb_run_record_batch(dmadb *db, int64_t run,
			   const struct dmadb_file_result *const *r, size_t n)
{
	struct batch_arg b = {calloc(n ? n : 1, sizeof(*b.files)), n};
	char now[32];
	char *root;
	size_t i;
	int rc = 0;

	if (!b.files)
		return db_fail(db, "out of memory");
	root = db_run_source_root(db, run);
	if (!root) {
		free(b.files);
		return 1;
	}
	now_iso8601(now);
	for (i = 0; i < n; i++) {
		b.files[i].run = run;
		b.files[i].r = r[i];
		b.files[i].root = root;
		memcpy(b.files[i].now, now, sizeof(now));
	}
	for (i = 0; i < n && !rc; i++)
		rc = prepare_record(db, &b.files[i]);
	if (!rc)
		rc = db_write_txn(db, batch_txn, &b);
	for (i = 0; i < n; i++)
		if (b.files[i].r)
			release_record(&b.files[i]);
	free(b.files);
	free(root);
	return rc ? 1 : 0;
}

int dmadb_run_record(dmadb *db, int64_t run, const struct dmadb_file_result *r)
{
	return dmadb_run_record_batch(db, run, &r, 1);
}

struct finish_arg {
	int64_t run;
	const char *status;
	char now[32];
};

static int finish_txn(dmadb *db, void *p)
{
	struct finish_arg *a = p;
	sqlite3_stmt *st = db_prepare(
		db, "UPDATE runs SET status=?1, finished_at=?2 WHERE id=?3");
	int rc;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, a->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->run);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot finish the run");
	if (sqlite3_changes(db->h) != 1) {
		db_fail(db, "no run %lld in '%s'", (long long)a->run, db->path);
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

int dmadb_run_finish(dmadb *db, int64_t run, const char *status)
{
	struct finish_arg a;

	if (strcmp(status, "complete") && strcmp(status, "interrupted"))
		return db_fail(db, "invalid run status '%s'", status);
	a.run = run;
	a.status = status;
	now_iso8601(a.now);
	return db_write_txn(db, finish_txn, &a) ? 1 : 0;
}

int64_t db_resolve_run(dmadb *db, const char *spec)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	char *end;
	long long n;

	if (!spec || !strcmp(spec, "latest")) {
		st = db_prepare(db, "SELECT id FROM runs WHERE status='complete' "
				    "ORDER BY id DESC LIMIT 1");
		if (!st)
			return 0;
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		else
			db_fail(db, "'%s' has no complete run (see 'dmacheck "
				    "runs --db %s')", db->path, db->path);
		sqlite3_finalize(st);
		return id;
	}
	errno = 0;
	n = strtoll(spec, &end, 10);
	if (!*spec || *end || errno || n <= 0) {
		db_fail(db, "invalid run '%s' (a run id or 'latest')", spec);
		return 0;
	}
	st = db_prepare(db, "SELECT id FROM runs WHERE id=?1");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, n);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = n;
	else
		db_fail(db, "no run %lld in '%s'", n, db->path);
	sqlite3_finalize(st);
	return id;
}
