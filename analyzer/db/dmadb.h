/*
 * dmadb.h - the dmacheck findings database (C11 on the SQLite C API).
 *
 * One SQLite file holds every scan ("run") recorded with --db: the outcome of
 * each analysed file, the findings with their path events and fingerprints,
 * the triage state per fingerprint and the runtime confirmations.  The schema
 * is documented in docs/database.md.
 *
 * Conventions (as in SQLite): functions returning int give 0 on success and
 * nonzero on failure, with a message in dmadb_errmsg(); nothing is printed.
 */
#ifndef DMACHECK_DB_DMADB_H
#define DMACHECK_DB_DMADB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PRAGMA user_version of the newest schema this code knows. */
#define DMADB_SCHEMA_VERSION 9
/* PRAGMA application_id of every dmacheck database ("DMAC"). */
#define DMADB_APPLICATION_ID 0x444d4143

typedef struct dmadb dmadb;

enum dmadb_mode {
	DMADB_CREATE, /* read-write; created (and migrated) when missing */
	DMADB_WRITE,  /* read-write; must exist; migrated to the newest schema */
	DMADB_READ    /* read-only; must exist; never modified in any way */
};

/*
 * Opens a dmacheck database.  A file that is not SQLite, an SQLite file that
 * dmacheck did not create, a corrupt file or one from a newer dmacheck is
 * refused without being modified: NULL is returned and *err receives a
 * message (free it with dmadb_free()).  Runs left "running" by a dead process
 * on this host are marked "interrupted" (writable modes).  The path
 * ":memory:" opens a private in-memory database.
 */
dmadb *dmadb_open(const char *path, enum dmadb_mode mode, char **err);
void dmadb_close(dmadb *db);
const char *dmadb_errmsg(const dmadb *db);
const char *dmadb_path(const dmadb *db);
void dmadb_free(void *p);

/* --- recording a scan ---------------------------------------------------- */

struct dmadb_event {
	const char *file;
	unsigned line, col;
	const char *message;
};

struct dmadb_finding {
	const char *rule;     /* rule name from rules/checks.def */
	const char *severity; /* error | warning | note */
	const char *file;
	unsigned line, col;
	const char *function;
	const char *message;
	const char *snippet; /* the source line of the finding */
	const struct dmadb_event *events;
	size_t nevents;
};

struct dmadb_file_result {
	const char *file;      /* the analysed file, as given */
	const char *directory; /* relative paths resolve here; NULL: cwd */
	const char *status; /* analysed|parse-error|skipped|crashed|timed-out */
	const char *error;  /* NULL or "" when none */
	double seconds;
	const struct dmadb_finding *findings;
	size_t nfindings;
	int cached; /* 1: results copied from file_cache, not re-analysed */
};

struct dmadb_run_info {
	const char *tool_version;
	int argc;
	char *const *argv;  /* the command line, recorded shell-quoted */
	const char *rules;  /* enabled rule names, comma-separated */
	const char *first_input; /* locates the source root (git toplevel) */
	const char *first_input_dir; /* its directory for a relative path */
	/* The source root, when the caller knows it (--source-root, the kernel
	 * tree); else the git toplevel of the first input, else fallback_root
	 * (the inputs' common directory). Never the current directory, so a
	 * finding's fingerprint does not depend on where the scan ran. */
	const char *source_root;
	const char *fallback_root;
};

/* Starts a run (status "running"); returns its id, or 0 on failure. */
int64_t dmadb_run_begin(dmadb *db, const struct dmadb_run_info *info);
/* Records one file's outcome and findings in one transaction. */
int dmadb_run_record(dmadb *db, int64_t run, const struct dmadb_file_result *r);
/* Records n files in one transaction: all of them or none.  One commit
 * instead of n, each of which waits for the disk under synchronous=FULL. */
int dmadb_run_record_batch(dmadb *db, int64_t run,
			   const struct dmadb_file_result *const *r, size_t n);
/* Sets the final status: "complete" or "interrupted". */
int dmadb_run_finish(dmadb *db, int64_t run, const char *status);

/* Writes run `run` (0: the latest complete run) as SARIF 2.1.0 to `out`
 * ("-" for stdout). */
int dmadb_export_sarif(dmadb *db, int64_t run, const char *out);

/* --- incremental cache (cache.c) ------------------------------------------ */

/*
 * The cache entry of `key` (the hash of everything but the file contents
 * that decides a file's results: tool, rules, flags, file, directory).
 * On a hit, *deps receives the dependency list the entry is valid for and
 * *result the serialized results (malloc'ed; free with dmadb_free()); on a
 * miss both are NULL.  Returns 0, or 1 on error.
 */
int dmadb_cache_get(dmadb *db, const char *key, char **deps, char **result);
/* Stores (replaces) the entry of `key`. */
int dmadb_cache_put(dmadb *db, const char *key, const char *path,
		    const char *deps, const char *result, double seconds);

/*
 * The kbuild dry run of one goal (a tree, a directory, the make arguments:
 * `goal` names them), valid while `key` (a hash of everything it depends
 * on) is the same.  read: hands the stored text to fn a piece at a time
 * (a piece may end anywhere; fn returns nonzero to stop) and sets *found
 * when there was an entry and fn took all of it.  put replaces the goal's
 * entry with `size` bytes that fill writes, in order, through the writer
 * it is given (a whole tree's entry is ~70 MB: never held whole); fill
 * returns nonzero to give up, and writing other than size bytes fails.
 * 0, or 1 on error.
 */
int dmadb_kbuild_read(dmadb *db, const char *key,
		      int (*fn)(void *arg, const char *p, size_t n), void *arg,
		      int *found);
struct dmadb_writer;
int dmadb_write(struct dmadb_writer *w, const char *p, size_t n);
int dmadb_kbuild_put(dmadb *db, const char *goal, const char *key,
		     long long size,
		     int (*fill)(void *arg, struct dmadb_writer *w), void *arg);

/*
 * The prefilter's verdict on one file (`file` names the file, its working
 * directory and include directories), valid while `key` is the same and
 * every line of `deps` still holds (the driver checks them).  get: *deps
 * is NULL on a miss, else malloc'ed, with *verdict 0 (skip) or 1 (parse).
 * put stores n entries in one transaction, replacing each file's.
 */
struct dmadb_prefilter_entry {
	const char *file, *key, *deps;
	int verdict;
};
int dmadb_prefilter_get(dmadb *db, const char *file, const char *key,
			char **deps, int *verdict);
int dmadb_prefilter_put(dmadb *db, const struct dmadb_prefilter_entry *e,
			size_t n);

/*
 * The content hash of a file with the stat() data it had when it was read
 * (`seen_ns`: the clock then), so that a re-scan need not read a file that
 * stat() says is unchanged.  each calls fn for every row (fn returns
 * nonzero to stop: then 1 with "out of memory"); put stores n rows in one
 * transaction, replacing each path's.
 */
struct dmadb_file_stat {
	const char *path, *hash;
	long long dev, ino, size, mtime_ns, ctime_ns, seen_ns;
};
int dmadb_stats_each(dmadb *db,
		     int (*fn)(void *arg, const struct dmadb_file_stat *s),
		     void *arg);
int dmadb_stats_put(dmadb *db, const struct dmadb_file_stat *s, size_t n);

/* --- merging shard databases (merge.c) ------------------------------------- */

/* `dmacheck merge OUT.db IN.db...`: the latest complete run of each input
 * becomes part of one new run in OUT (argv: the command line it records).
 * Returns the exit status. */
int dmadb_merge(const char *out, int nin, char *const *in, int argc,
		char *const *argv);

/* --- dynamic confirmation (confirm.c) -------------------------------------- */

struct dmadb_confirm_opts {
	const char *db, *run;	/* NULL: ./dmacheck.db, the latest complete run */
	const char *const *dirs; /* driver directories (harness.c + variants) */
	int ndirs;
	int jobs;		/* harness processes at a time */
	int all_faults;		/* run every failure point, list the unexplained */
	double timeout;		/* seconds per harness run */
	const char *cc;		/* compiler; include_dir, libdmart: libdmart's */
	const char *include_dir, *libdmart;
	const char *cflags;	/* space-separated */
	int argc;
	char *const *argv;	/* the command line, recorded */
};

/* `dmacheck confirm`: returns the exit status (0 ok, 2 error). */
int dmadb_confirm(const struct dmadb_confirm_opts *o);

/* --- fingerprints --------------------------------------------------------- */

/* Size of a fingerprint in hex digits (128 bits of SHA-256), plus NUL. */
#define DMADB_FINGERPRINT_SIZE 33

/*
 * fingerprint = hex(SHA-256("dmacheck/v1" NUL rule NUL path NUL function NUL
 * norm(snippet) NUL norm(event message) NUL ... [occurrence]))[0..32].
 * `path` is the finding's file relative to the source root; `occurrence` is
 * 0 for the first finding of a file with this content, 1 for the second...
 */
void dmadb_fingerprint(const char *rule, const char *path,
		       const char *function, const char *snippet,
		       const char *const *event_messages, size_t nevents,
		       unsigned occurrence, char out[DMADB_FINGERPRINT_SIZE]);

/* Token normalisation used by the fingerprint: comments dropped, whitespace
 * kept only between two identifier characters, as one space.  Returns a
 * malloc'ed string (NULL when out of memory). */
char *dmadb_normalize_tokens(const char *text);

/* --- command line --------------------------------------------------------- */

/* A database command's options, parsed by the driver (llvm::cl in
 * analyzer/driver/DbCommands.cpp); NULL when not given. */
struct dmadb_cmd {
	const char *cmd; /* findings, diff, triage, gate, export or runs */
	const char *db, *run, *rule, *path, *status, *format, *baseline;
	const char *fail_on, *min_severity, *sarif, *comment;
	const char *html;	/* report: the output directory */
	const char *diff[2];	/* report --diff OLD NEW */
	const char *pos[8]; /* the positional arguments */
	int npos;
};

/* Runs `dmacheck <o->cmd> ...`.  Returns the exit status: 0 ok, 1 the gate
 * failed, 2 error. */
int dmadb_command(const struct dmadb_cmd *o);

#ifdef __cplusplus
}
#endif

#endif
