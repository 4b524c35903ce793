/*
 * sarif.c - SARIF 2.1.0 export of one run.
 *
 * Artifact URIs are relative to the run's source root (uriBaseId SRCROOT),
 * so that results from different checkouts match; partialFingerprints carry
 * the dmacheck fingerprint ("dmacheck/v1") for code scanning services to
 * track a result across runs.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Indents compact JSON (two spaces, one member per line). */
void json_pretty(sbuf *out, const char *s)
{
	int depth = 0, in_str = 0, i;
	const char *p;

	for (p = s; *p; p++) {
		char c = *p;
		if (in_str) {
			sb_putc(out, c);
			if (c == '\\' && p[1])
				sb_putc(out, *++p);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			sb_putc(out, c);
			break;
		case '{':
		case '[':
			if ((p[1] == '}' && c == '{') || (p[1] == ']' && c == '[')) {
				sb_putc(out, c);
				sb_putc(out, *++p);
				break;
			}
			sb_putc(out, c);
			depth++;
			sb_putc(out, '\n');
			for (i = 0; i < depth; i++)
				sb_puts(out, "  ");
			break;
		case '}':
		case ']':
			depth--;
			sb_putc(out, '\n');
			for (i = 0; i < depth; i++)
				sb_puts(out, "  ");
			sb_putc(out, c);
			break;
		case ',':
			sb_putc(out, c);
			sb_putc(out, '\n');
			for (i = 0; i < depth; i++)
				sb_puts(out, "  ");
			break;
		case ':':
			sb_puts(out, ": ");
			break;
		default:
			sb_putc(out, c);
		}
	}
	sb_putc(out, '\n');
}

static void camel(sbuf *b, const char *name)
{
	int up = 1;

	for (; *name; name++) {
		if (*name == '-' || *name == '_') {
			up = 1;
			continue;
		}
		sb_putc(b, up ? (char)toupper((unsigned char)*name) : *name);
		up = 0;
	}
}

static void artifact(sbuf *b, const char *path)
{
	sb_puts(b, "\"artifactLocation\":{\"uri\":\"");
	if (path[0] == '/') {
		sb_puts(b, "file://");
		sb_uri_path(b, path);
		sb_puts(b, "\"}");
	} else {
		sb_uri_path(b, path);
		sb_puts(b, "\",\"uriBaseId\":\"SRCROOT\"}");
	}
}

static void location(sbuf *b, const char *path, long line, long col,
		     const char *snippet, const char *message,
		     const char *function)
{
	sb_puts(b, "{\"physicalLocation\":{");
	artifact(b, path);
	if (line > 0) {
		sb_printf(b, ",\"region\":{\"startLine\":%ld", line);
		if (col > 0)
			sb_printf(b, ",\"startColumn\":%ld", col);
		if (snippet && snippet[0]) {
			sb_puts(b, ",\"snippet\":{\"text\":");
			sb_json(b, snippet);
			sb_putc(b, '}');
		}
		sb_putc(b, '}');
	}
	sb_putc(b, '}');
	if (function && function[0]) {
		sb_puts(b, ",\"logicalLocations\":[{\"name\":");
		sb_json(b, function);
		sb_puts(b, ",\"kind\":\"function\"}]");
	}
	if (message) {
		sb_puts(b, ",\"message\":{\"text\":");
		sb_json(b, message);
		sb_putc(b, '}');
	}
	sb_putc(b, '}');
}

static int write_rules(dmadb *db, sbuf *b, char ***names, size_t *nnames)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT name, id, severity, analyzer, runtime, summary, "
		    "help_uri FROM rules ORDER BY id");
	size_t n = 0, cap = 0;
	int rc;

	*names = NULL;
	if (!st)
		return 1;
	sb_puts(b, "\"rules\":[");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *sev = (const char *)sqlite3_column_text(st, 2);
		const char *an = (const char *)sqlite3_column_text(st, 3);
		int rt = sqlite3_column_int(st, 4);
		const char *sum = (const char *)sqlite3_column_text(st, 5);
		const char *uri = (const char *)sqlite3_column_text(st, 6);

		if (!name || !id || !sev || !an || !sum || !uri) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **v = realloc(*names, nc * sizeof(*v));
			if (!v) {
				rc = SQLITE_NOMEM;
				break;
			}
			*names = v;
			cap = nc;
		}
		if (!((*names)[n] = strdup(name))) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (n)
			sb_putc(b, ',');
		n++;
		sb_puts(b, "{\"id\":");
		sb_json(b, name);
		sb_puts(b, ",\"name\":\"");
		camel(b, name);
		sb_puts(b, "\",\"shortDescription\":{\"text\":");
		sb_json(b, sum);
		sb_puts(b, "},\"fullDescription\":{\"text\":");
		{
			sbuf full;
			sb_init(&full);
			sb_printf(&full, "%s (%s; severity %s; analyzer: %s; "
					 "runtime check in libdmart: %s). See "
					 "docs/rules/%s.md.",
				  sum, id, sev, an, rt ? "yes" : "no", name);
			sb_json(b, full.oom ? sum : sb_str(&full));
			sb_free(&full);
		}
		sb_puts(b, "},\"help\":{\"text\":");
		{
			sbuf help;
			sb_init(&help);
			sb_printf(&help, "%s. Documentation: %s", sum, uri);
			sb_json(b, help.oom ? sum : sb_str(&help));
			sb_free(&help);
		}
		sb_puts(b, "},\"helpUri\":");
		sb_json(b, uri);
		sb_printf(b, ",\"defaultConfiguration\":{\"level\":\"%s\"}", sev);
		sb_puts(b, ",\"properties\":{\"dmacheckId\":");
		sb_json(b, id);
		sb_puts(b, ",\"tags\":[\"dma\",\"linux-kernel\"]}}");
	}
	*nnames = n;
	sb_putc(b, ']');
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_NOMEM)
			return db_fail(db, "out of memory");
		return db_fail_sql(db, "cannot read rules");
	}
	return 0;
}

static int write_notifications(dmadb *db, int64_t run, sbuf *b, int *failed)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT path, status, coalesce(error,'') FROM run_files "
		    "WHERE run_id=?1 AND status<>'analysed' ORDER BY id");
	int rc, n = 0, nfailed = 0;

	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, run);
	sb_puts(b, "\"toolExecutionNotifications\":[");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		const char *error = (const char *)sqlite3_column_text(st, 2);
		sbuf m;
		int skipped;

		if (!path || !status || !error)
			break;
		skipped = !strcmp(status, "skipped");
		/* Skipped is not failed; the prefilter's skips are the point of
		 * the prefilter, not news (their reason starts "prefilter:",
		 * PrefilterSkip in analyzer/driver/Main.cpp). */
		if (skipped && !strncmp(error, "prefilter:", 10))
			continue;
		sb_init(&m);
		if (skipped)
			sb_printf(&m, "skipped '%s'%s%s", path,
				  error[0] ? ": " : "", error);
		else
			sb_printf(&m, "cannot analyse '%s' (%s)%s%s", path,
				  status, error[0] ? ": " : "", error);
		nfailed += !skipped;
		if (n++)
			sb_putc(b, ',');
		sb_printf(b, "{\"level\":\"%s\",\"message\":{\"text\":",
			  skipped ? "note" : "error");
		sb_json(b, sb_str(&m));
		sb_puts(b, "},\"locations\":[{\"physicalLocation\":{");
		artifact(b, path);
		sb_puts(b, "}}]}");
		sb_free(&m);
	}
	sb_putc(b, ']');
	sqlite3_finalize(st);
	*failed = nfailed;
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot read file outcomes");
	return 0;
}

static void write_result(sbuf *b, const struct db_finding_row *f,
			 char **names, size_t nnames)
{
	size_t i;

	sb_puts(b, "{\"ruleId\":");
	sb_json(b, f->rule);
	for (i = 0; i < nnames; i++)
		if (!strcmp(names[i], f->rule)) {
			sb_printf(b, ",\"ruleIndex\":%zu", i);
			break;
		}
	sb_printf(b, ",\"level\":\"%s\",\"message\":{\"text\":", f->severity);
	sb_json(b, f->message);
	sb_puts(b, "},\"locations\":[");
	location(b, f->path, f->line, f->col, f->snippet, NULL, f->function);
	sb_puts(b, "],\"partialFingerprints\":{\"dmacheck/v1\":");
	sb_json(b, f->fingerprint);
	sb_putc(b, '}');
	if (f->nevents) {
		sb_puts(b, ",\"codeFlows\":[{\"threadFlows\":[{\"locations\":[");
		for (i = 0; i < f->nevents; i++) {
			const struct db_event_row *e = &f->events[i];
			sb_puts(b, "{\"location\":");
			location(b, e->path, e->line, e->col, NULL, e->message,
				 NULL);
			sb_puts(b, "},");
		}
		sb_puts(b, "{\"location\":");
		location(b, f->path, f->line, f->col, NULL, f->message, NULL);
		sb_puts(b, "}]}]}]");
	}
	if (!strcmp(f->triage, "false-positive") ||
	    !strcmp(f->triage, "wont-fix")) {
		sb_puts(b, ",\"suppressions\":[{\"kind\":\"external\","
			   "\"status\":\"accepted\",\"justification\":");
		sb_json(b, f->comment && f->comment[0] ? f->comment : f->triage);
		sb_puts(b, "}]");
	}
	sb_puts(b, ",\"properties\":{\"triage\":");
	sb_json(b, f->triage);
	if (f->rule_id) {
		sb_puts(b, ",\"dmacheckId\":");
		sb_json(b, f->rule_id);
	}
	sb_putc(b, '}');
	sb_putc(b, '}');
}

int dmadb_export_sarif(dmadb *db, int64_t run, const char *out)
{
	sqlite3_stmt *st;
	struct db_findings fs = {0};
	char **names = NULL, *err = NULL;
	size_t nnames = 0, i;
	sbuf b, pretty;
	int failed = 0, rc = 1, complete;
	char *status = NULL, *started = NULL, *finished = NULL, *version = NULL,
	     *cmdline = NULL, *root = NULL, *rev = NULL;

	if (!run && !(run = db_resolve_run(db, "latest")))
		return 1;
	st = db_prepare(db, "SELECT status, started_at, finished_at, "
			    "tool_version, command_line, source_root, "
			    "git_revision FROM runs WHERE id=?1");
	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, run);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, "no run %lld in '%s'", (long long)run,
			       dmadb_path(db));
	}
#define COL(i) (sqlite3_column_text(st, i) ? strdup((const char *)sqlite3_column_text(st, i)) : NULL)
	status = COL(0);
	started = COL(1);
	finished = COL(2);
	version = COL(3);
	cmdline = COL(4);
	root = COL(5);
	rev = COL(6);
#undef COL
	sqlite3_finalize(st);
	sb_init(&b);
	sb_init(&pretty);
	if (!status || !started || !version || !cmdline || !root) {
		db_fail(db, "out of memory");
		goto out;
	}
	complete = !strcmp(status, "complete");

	sb_puts(&b, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
		    "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
		    "\"name\":\"dmacheck\",\"version\":");
	sb_json(&b, version);
	sb_puts(&b, ",\"informationUri\":");
	{
		sbuf u;
		sb_init(&u);
		sb_puts(&u, "file://");
		sb_uri_path(&u, DMACHECK_SOURCE_DIR "/README.md");
		sb_json(&b, sb_str(&u));
		sb_free(&u);
	}
	sb_putc(&b, ',');
	if (write_rules(db, &b, &names, &nnames))
		goto out;
	sb_puts(&b, "}},\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\"file://");
	sb_uri_path(&b, root);
	if (root[0] && root[strlen(root) - 1] != '/')
		sb_putc(&b, '/');
	sb_puts(&b, "\"}},\"invocations\":[{\"commandLine\":");
	sb_json(&b, cmdline);
	sb_puts(&b, ",\"startTimeUtc\":");
	sb_json(&b, started);
	if (finished) {
		sb_puts(&b, ",\"endTimeUtc\":");
		sb_json(&b, finished);
	}
	sb_putc(&b, ',');
	if (write_notifications(db, run, &b, &failed))
		goto out;
	sb_printf(&b, ",\"executionSuccessful\":%s}],",
		  complete && !failed ? "true" : "false");
	if (db_load_findings(db, run, NULL, 1, &fs))
		goto out;
	sb_puts(&b, "\"results\":[");
	for (i = 0; i < fs.n; i++) {
		if (i)
			sb_putc(&b, ',');
		write_result(&b, &fs.v[i], names, nnames);
	}
	sb_printf(&b, "],\"properties\":{\"dmacheckRun\":%lld,\"status\":",
		  (long long)run);
	sb_json(&b, status);
	if (rev) {
		sb_puts(&b, ",\"gitRevision\":");
		sb_json(&b, rev);
	}
	sb_puts(&b, "}}]}");
	if (b.oom) {
		db_fail(db, "out of memory");
		goto out;
	}
	json_pretty(&pretty, sb_str(&b));
	if (pretty.oom) {
		db_fail(db, "out of memory");
		goto out;
	}
	if (write_output(out, pretty.p, pretty.n, &err)) {
		db_fail(db, "%s", err ? err : "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(err);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	db_findings_free(&fs);
	sb_free(&b);
	sb_free(&pretty);
	free(status);
	free(started);
	free(finished);
	free(version);
	free(cmdline);
	free(root);
	free(rev);
	return rc;
}
