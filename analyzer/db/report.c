/*
 * report.c - `dmacheck report --html`: a static site from the database.
 *
 * index.html lists every finding (a row each, sortable and filterable by
 * report.js) with counts by rule, severity, directory, triage and runtime
 * verdict; f/N.html shows one finding: its path events as numbered bubbles
 * over the source of the files involved (read now; a file whose hash
 * differs from the one the scan recorded is flagged), the rule's page, the
 * runtime confirmation and the command that triages it.  Every text from a
 * source file, a message or the database is HTML-escaped; the pages load
 * nothing but report.css and report.js beside them, under a CSP that
 * forbids anything else.
 */
#define _GNU_SOURCE
#include "db/internal.h"
#include "db/report.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The assets, compiled in (report_assets.c, generated from report/). */
extern const char db_report_css[], db_report_js[];

#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
	    "img-src 'self'; base-uri 'none'; form-action 'none'"

/* Lines of context around each marked line of a source file. */
#define CONTEXT 25

/* --- escaping ------------------------------------------------------------- */

static void esc(sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&#39;"); break;
		case '\r': break;
		default: sb_putc(b, *s);
		}
	}
}

static void escn(sbuf *b, const char *s, size_t n)
{
	char *t = strndup(s, n);

	esc(b, t);
	free(t);
}

/* A shell word for the triage command: single-quoted unless plain. */
static void shell_word(sbuf *b, const char *s)
{
	if (s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		       "0123456789_-./:=@")] == 0 && *s) {
		sb_puts(b, s);
		return;
	}
	sb_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_puts(b, "'\\''");
		else
			sb_putc(b, *s);
	}
	sb_putc(b, '\'');
}

static void head(sbuf *b, const char *title, const char *up)
{
	sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
	esc(b, title);
	sb_printf(b, "</title>\n<link rel=\"stylesheet\" href=\"%sreport.css\">\n"
		     "<script src=\"%sreport.js\" defer></script>\n</head>\n<body>\n",
		  up, up);
}

/* --- the rule pages: a small Markdown subset ---------------------------- */

/* Inline: `code`, **bold**, [text](link) shown as text. */
static void md_inline(sbuf *b, const char *s, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		if (s[i] == '`' && (j = i + 1) < n) {
			while (j < n && s[j] != '`')
				j++;
			sb_puts(b, "<code>");
			escn(b, s + i + 1, j - i - 1);
			sb_puts(b, "</code>");
			i = j < n ? j + 1 : j;
		} else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			j = i + 2;
			while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '*'))
				j++;
			sb_puts(b, "<strong>");
			md_inline(b, s + i + 2, j - i - 2);
			sb_puts(b, "</strong>");
			i = j + 2;
		} else {
			j = i;
			while (j < n && s[j] != '`' && !(s[j] == '*' && j + 1 < n &&
							 s[j + 1] == '*'))
				j++;
			if (j == i)
				j++;
			escn(b, s + i, j - i);
			i = j;
		}
	}
}

static void md_block(sbuf *b, const char *md)
{
	const char *p = md, *nl;
	int in_code = 0, in_list = 0, in_para = 0;

	while (*p) {
		size_t n;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n >= 3 && !strncmp(p, "```", 3)) {
			if (in_para || in_list)
				sb_puts(b, in_list ? "</li></ul>\n" : "</p>\n");
			in_para = in_list = 0;
			sb_puts(b, in_code ? "</pre>\n" : "<pre class=\"md\">");
			in_code = !in_code;
		} else if (in_code) {
			escn(b, p, n);
			sb_putc(b, '\n');
		} else if (!n) {
			if (in_para || in_list)
				sb_puts(b, in_list ? "</li></ul>\n" : "</p>\n");
			in_para = in_list = 0;
		} else if (p[0] == '#') {
			size_t lvl = strspn(p, "#");

			if (in_para || in_list)
				sb_puts(b, in_list ? "</li></ul>\n" : "</p>\n");
			in_para = in_list = 0;
			lvl = lvl > 3 ? 5 : lvl + 2;
			sb_printf(b, "<h%zu>", lvl);
			md_inline(b, p + strspn(p, "# "), n - strspn(p, "# "));
			sb_printf(b, "</h%zu>\n", lvl);
		} else if ((p[0] == '-' || p[0] == '*') && n > 1 && p[1] == ' ') {
			if (in_para)
				sb_puts(b, "</p>\n");
			in_para = 0;
			sb_puts(b, in_list ? "</li><li>" : "<ul><li>");
			in_list = 1;
			md_inline(b, p + 2, n - 2);
		} else {
			if (!in_para && !in_list) {
				sb_puts(b, "<p>");
				in_para = 1;
			} else {
				sb_putc(b, ' ');
			}
			md_inline(b, p + strspn(p, " "), n - strspn(p, " "));
		}
		p += n + (nl ? 1 : 0);
	}
	if (in_code)
		sb_puts(b, "</pre>\n");
	if (in_para || in_list)
		sb_puts(b, in_list ? "</li></ul>\n" : "</p>\n");
}

/* --- sources ----------------------------------------------------------- */

struct source {
	char **lines;
	size_t n;
	int changed;	/* 1: hash differs, 0: same, -1: no hash recorded */
	int missing;
};

static void source_free(struct source *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
}

static char *recorded_hash(dmadb *db, int64_t run, const char *path)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT sha256 FROM source_hashes "
					  "WHERE run_id=?1 AND path=?2");
	char *h = NULL;

	if (!st) {
		/* A database from before schema 5 has no hashes. */
		return NULL;
	}
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		h = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return h;
}

static void source_load(struct source *s, const struct report_source *src,
			const char *path)
{
	char *abs = abs_path(path, src->root), *want, *line = NULL, **v;
	char now[65];
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = abs ? fopen(abs, "r") : NULL;
	if (!f) {
		s->missing = 1;
		free(abs);
		return;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[len - 1] = 0;
		v = realloc(s->lines, (s->n + 1) * sizeof(*v));
		if (!v)
			break;
		s->lines = v;
		v[s->n++] = strdup(line);
	}
	free(line);
	fclose(f);
	want = recorded_hash(src->db, src->run, path);
	if (!want)
		s->changed = -1;
	else
		s->changed = db_file_sha256(abs, now) || strcmp(now, want) != 0;
	free(want);
	free(abs);
}

/* --- one finding's page ------------------------------------------------- */

struct mark {
	long line;
	int step;	/* 1.. for events; 0 for the finding itself */
	const char *text;
};

static int by_line(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	/* The finding after the events on its line. */
	return (x->step ? x->step : 1 << 30) - (y->step ? y->step : 1 << 30);
}

static void source_section(sbuf *b, const struct db_finding_row *f,
			   const struct report_source *src, const char *path,
			   int file_no)
{
	struct mark *m = calloc(f->nevents + 1, sizeof(*m));
	struct source s;
	size_t nm = 0, i, k;
	long shown_to = 0;

	if (!m)
		return;
	if (!strcmp(path, f->path))
		m[nm++] = (struct mark){ f->line, 0, f->message };
	for (i = 0; i < f->nevents; i++)
		if (!strcmp(f->events[i].path, path))
			m[nm++] = (struct mark){ f->events[i].line, (int)i + 1,
						 f->events[i].message };
	qsort(m, nm, sizeof(*m), by_line);
	source_load(&s, src, path);
	sb_puts(b, "<section class=\"file\"><h2>");
	esc(b, path);
	sb_puts(b, "</h2>\n");
	if (s.missing)
		sb_puts(b, "<p class=\"warn\">This file cannot be read now; "
			   "only the path events are shown.</p>\n");
	else if (s.changed == 1)
		sb_puts(b, "<p class=\"warn\">This file changed since the scan "
			   "(its SHA-256 differs from the one recorded): the lines "
			   "below may not be those the analyzer saw.</p>\n");
	else if (s.changed == -1)
		sb_puts(b, "<p class=\"note\">The scan recorded no hash of this "
			   "file: whether it changed since is unknown.</p>\n");
	sb_puts(b, "<table class=\"src\">\n");
	for (k = 0; k < nm; k++) {
		long from = m[k].line - CONTEXT, to = m[k].line + CONTEXT, l;

		if (from < 1)
			from = 1;
		if (from <= shown_to)
			from = shown_to + 1;
		else if (shown_to || from > 1)
			sb_puts(b, "<tr class=\"gap\"><td></td><td>&#8942;</td></tr>\n");
		for (l = from; l <= to && (size_t)l <= s.n; l++) {
			int hit = 0;
			size_t q;

			for (q = 0; q < nm; q++)
				hit |= m[q].line == l && !m[q].step;
			sb_printf(b, "<tr id=\"f%d-L%ld\"%s><td class=\"ln\">%ld</td>"
				     "<td class=\"code\">", file_no, l,
				  hit ? " class=\"hit\"" : "", l);
			esc(b, s.lines[l - 1]);
			sb_puts(b, "</td></tr>\n");
			for (q = 0; q < nm; q++) {
				if (m[q].line != l)
					continue;
				if (m[q].step)
					sb_printf(b, "<tr class=\"bubble\" id=\"ev%d\"><td></td>"
						     "<td><span class=\"num\">%d</span> ",
						  m[q].step, m[q].step);
				else
					sb_puts(b, "<tr class=\"bubble finding\" id=\"finding\">"
						   "<td></td><td><span class=\"num\">!</span> ");
				esc(b, m[q].text);
				sb_puts(b, "</td></tr>\n");
			}
			shown_to = l;
		}
		if (s.missing || (size_t)m[k].line > s.n) {
			/* Still show where the event is. */
			sb_printf(b, "<tr class=\"bubble\"><td class=\"ln\">%ld</td><td>"
				     "<span class=\"num\">%s</span> ", m[k].line,
				  m[k].step ? "" : "!");
			esc(b, m[k].text);
			sb_puts(b, "</td></tr>\n");
		}
	}
	sb_puts(b, "</table></section>\n");
	source_free(&s);
	free(m);
}

static void runtime_section(sbuf *b, const struct report_source *src,
			    const struct db_finding_row *f)
{
	sqlite3_stmt *st = db_prepare(src->db, "SELECT outcome, reproduction, "
					       "report, detail, confirmed_at FROM "
					       "confirmations WHERE fingerprint=?1 "
					       "ORDER BY id DESC LIMIT 1");
	json_t *rep;

	sb_puts(b, "<section class=\"runtime\"><h2>Runtime confirmation</h2>\n");
	if (!st || (sqlite3_bind_text(st, 1, f->fingerprint, -1, SQLITE_STATIC),
		    sqlite3_step(st) != SQLITE_ROW)) {
		sb_puts(b, "<p>Not tried: <code>dmacheck confirm</code> has not run "
			   "this finding's driver (docs/confirm.md).</p>\n");
		sqlite3_finalize(st);
		sb_puts(b, "</section>\n");
		return;
	}
	sb_puts(b, "<p class=\"verdict\">");
	esc(b, (const char *)sqlite3_column_text(st, 0));
	sb_puts(b, "</p>\n<dl>");
	if (sqlite3_column_text(st, 1) && *sqlite3_column_text(st, 1)) {
		sb_puts(b, "<dt>Reproduction</dt><dd>");
		esc(b, (const char *)sqlite3_column_text(st, 1));
		sb_puts(b, "</dd>");
	}
	rep = sqlite3_column_text(st, 2) && *sqlite3_column_text(st, 2) ?
		json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL) : NULL;
	if (rep) {
		sb_puts(b, "<dt>libdmart's report</dt><dd>");
		esc(b, json_string_value(json_object_get(rep, "message")));
		sb_puts(b, "</dd>");
		json_decref(rep);
	}
	if (sqlite3_column_text(st, 3)) {
		sb_puts(b, "<dt>Detail</dt><dd><pre>");
		esc(b, (const char *)sqlite3_column_text(st, 3));
		sb_puts(b, "</pre></dd>");
	}
	sb_puts(b, "<dt>When</dt><dd>");
	esc(b, (const char *)sqlite3_column_text(st, 4));
	sb_puts(b, "</dd></dl></section>\n");
	sqlite3_finalize(st);
}

static int write_file(const char *dir, const char *name, const char *text,
		      size_t n, char **err)
{
	char *path = NULL;
	int rc;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return 1;
	rc = write_output(path, text, n, err);
	free(path);
	return rc;
}

static int finding_page(const char *outdir, size_t idx,
			const struct db_finding_row *f,
			const struct report_source *src, const char *db_path,
			char **err)
{
	const char *page = db_rule_page(f->rule);
	const char **files = calloc(f->nevents + 1, sizeof(*files));
	size_t nf = 0, i, k;
	char name[64];
	sbuf b;
	int rc;

	if (!files)
		return 1;
	sb_init(&b);
	head(&b, f->message, "../");
	sb_puts(&b, "<nav><a href=\"../index.html\">All findings</a></nav>\n<h1>");
	esc(&b, f->message);
	sb_puts(&b, "</h1>\n<dl class=\"meta\"><dt>Rule</dt><dd><a href=\"#rule\">");
	esc(&b, f->rule);
	sb_puts(&b, "</a>");
	if (f->rule_id) {
		sb_puts(&b, " (");
		esc(&b, f->rule_id);
		sb_puts(&b, ")");
	}
	sb_puts(&b, "</dd><dt>Severity</dt><dd class=\"sev-");
	esc(&b, f->severity);
	sb_puts(&b, "\">");
	esc(&b, f->severity);
	sb_puts(&b, "</dd><dt>Where</dt><dd><a href=\"#finding\">");
	esc(&b, f->path);
	sb_printf(&b, ":%ld:%ld</a>", f->line, f->col);
	if (f->function && *f->function) {
		sb_puts(&b, " in <code>");
		esc(&b, f->function);
		sb_puts(&b, "()</code>");
	}
	sb_puts(&b, "</dd>");
	if (f->change) {
		sb_puts(&b, "<dt>Change</dt><dd>");
		esc(&b, f->change);
		sb_puts(&b, "</dd>");
	}
	sb_puts(&b, "<dt>Fingerprint</dt><dd><code>");
	esc(&b, f->fingerprint);
	sb_puts(&b, "</code></dd><dt>Triage</dt><dd>");
	esc(&b, f->triage);
	if (f->comment && *f->comment) {
		sb_puts(&b, ": ");
		esc(&b, f->comment);
	}
	sb_puts(&b, "</dd></dl>\n<p>Triage it:</p>\n<pre class=\"cmd\">");
	{
		sbuf c;

		sb_init(&c);
		sb_puts(&c, "dmacheck triage --db ");
		shell_word(&c, db_path);
		sb_printf(&c, " %s false-positive --comment 'why'", f->fingerprint);
		esc(&b, sb_str(&c));
		sb_free(&c);
	}
	sb_puts(&b, "</pre>\n<p class=\"note\">(or <code>confirmed</code>, "
		    "<code>wont-fix</code>, <code>fixed</code>, <code>new</code> "
		    "in place of <code>false-positive</code>)</p>\n");
	runtime_section(&b, src, f);
	sb_puts(&b, "<section class=\"path\"><h2>Path</h2>\n<ol>\n");
	for (i = 0; i < f->nevents; i++) {
		sb_printf(&b, "<li><a href=\"#ev%zu\">", i + 1);
		esc(&b, f->events[i].path);
		sb_printf(&b, ":%ld</a> ", f->events[i].line);
		esc(&b, f->events[i].message);
		sb_puts(&b, "</li>\n");
	}
	sb_puts(&b, "</ol>\n</section>\n");
	files[nf++] = f->path;
	for (i = 0; i < f->nevents; i++) {
		for (k = 0; k < nf && strcmp(files[k], f->events[i].path); k++)
			;
		if (k == nf)
			files[nf++] = f->events[i].path;
	}
	for (k = 0; k < nf; k++)
		source_section(&b, f, src, files[k], (int)k);
	sb_puts(&b, "<section class=\"rule\" id=\"rule\">\n");
	if (page)
		md_block(&b, page);
	else
		sb_puts(&b, "<p>No page for this rule.</p>\n");
	sb_puts(&b, "</section>\n</body></html>\n");
	free(files);
	snprintf(name, sizeof(name), "f/%zu.html", idx);
	rc = b.oom ? 1 : write_file(outdir, name, b.p, b.n, err);
	sb_free(&b);
	return rc;
}

/* --- the index ------------------------------------------------------------ */

/* The directory a finding counts under: its path's first two components. */
static void dir_of(const char *path, char *out, size_t size)
{
	const char *s = strchr(path, '/');

	s = s ? strchr(s + 1, '/') : NULL;
	if (!s)
		s = strrchr(path, '/');
	snprintf(out, size, "%.*s", s ? (int)(s - path) : 1, s ? path : ".");
}

struct count {
	char *key;
	size_t n;
};

struct counts {
	struct count *v;
	size_t n;
};

static void count_add(struct counts *c, const char *key)
{
	struct count *v;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].key, key)) {
			c->v[i].n++;
			return;
		}
	v = realloc(c->v, (c->n + 1) * sizeof(*v));
	if (!v)
		return;
	c->v = v;
	v[c->n++] = (struct count){ strdup(key), 1 };
}

static int by_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->key, y->key);
}

static void counts_table(sbuf *b, const char *title, const char *filter,
			 struct counts *c)
{
	size_t i;

	qsort(c->v, c->n, sizeof(*c->v), by_count);
	sb_printf(b, "<table class=\"counts\"><caption>%s</caption>\n", title);
	for (i = 0; i < c->n; i++) {
		sb_printf(b, "<tr><td><a href=\"#\" class=\"pick\" data-filter=\"%s\" "
			     "data-value=\"", filter);
		esc(b, c->v[i].key);
		sb_puts(b, "\">");
		esc(b, c->v[i].key);
		sb_printf(b, "</a></td><td class=\"n\">%zu</td></tr>\n", c->v[i].n);
		free(c->v[i].key);
	}
	sb_puts(b, "</table>\n");
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

static void options(sbuf *b, const char *id, const char *all,
		    const struct db_findings *fs, const char *(*get)(const struct db_finding_row *))
{
	struct counts c = { NULL, 0 };
	size_t i;

	for (i = 0; i < fs->n; i++)
		count_add(&c, get(&fs->v[i]));
	sb_printf(b, "<label>%s <select id=\"%s\"><option value=\"\">all</option>",
		  all, id);
	for (i = 0; i < c.n; i++) {
		sb_puts(b, "<option>");
		esc(b, c.v[i].key);
		sb_puts(b, "</option>");
		free(c.v[i].key);
	}
	sb_puts(b, "</select></label>\n");
	free(c.v);
}

static const char *get_rule(const struct db_finding_row *f) { return f->rule; }
static const char *get_sev(const struct db_finding_row *f) { return f->severity; }
static const char *get_triage(const struct db_finding_row *f) { return f->triage; }
static const char *get_runtime(const struct db_finding_row *f)
{
	return f->confirmation ? f->confirmation : "not tried";
}
static const char *get_change(const struct db_finding_row *f)
{
	return f->change ? f->change : "";
}

/* The findings as JSON for report.js, which builds the rows with
 * textContent (never as HTML).  '<' is escaped so that no text can end
 * the <script> element that holds it. */
static int index_data(sbuf *b, const struct db_findings *fs)
{
	json_t *a = json_array();
	char dir[512], *text, *p;
	size_t i;
	int bad = !a;

	for (i = 0; i < fs->n && !bad; i++) {
		const struct db_finding_row *f = &fs->v[i];
		json_t *o = json_object();

		dir_of(f->path, dir, sizeof(dir));
		bad |= json_object_set_new(o, "sev", json_integer(severity_rank(f->severity)));
		bad |= json_object_set_new(o, "severity", jstr(f->severity));
		bad |= json_object_set_new(o, "rule", jstr(f->rule));
		bad |= json_object_set_new(o, "dir", jstr(dir));
		bad |= json_object_set_new(o, "path", jstr(f->path));
		bad |= json_object_set_new(o, "line", json_integer(f->line));
		bad |= json_object_set_new(o, "function", jstr(f->function));
		bad |= json_object_set_new(o, "message", jstr(f->message));
		bad |= json_object_set_new(o, "triage", jstr(f->triage));
		bad |= json_object_set_new(o, "runtime", jstr(get_runtime(f)));
		bad |= json_object_set_new(o, "change", jstr(get_change(f)));
		bad |= json_array_append_new(a, o);
	}
	text = bad ? NULL : json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(a);
	if (!text)
		return 1;
	sb_puts(b, "<script type=\"application/json\" id=\"data\">");
	for (p = text; *p; p++) {
		if (*p == '<')
			sb_puts(b, "\\u003c");
		else
			sb_putc(b, *p);
	}
	sb_puts(b, "</script>\n");
	free(text);
	return 0;
}

static int index_page(const char *outdir, const struct db_findings *fs,
		      const char *title, const char *subtitle, int diff,
		      char **err)
{
	struct counts c = { NULL, 0 };
	char dir[512];
	size_t i;
	sbuf b;
	int rc;

	sb_init(&b);
	head(&b, title, "");
	sb_puts(&b, "<header><h1>");
	esc(&b, title);
	sb_puts(&b, "</h1><p>");
	esc(&b, subtitle);
	sb_puts(&b, "</p></header>\n<section class=\"summary\">\n");
	if (diff) {
		for (i = 0; i < fs->n; i++)
			count_add(&c, fs->v[i].change);
		counts_table(&b, "Change", "f-change", &c);
	}
	for (i = 0; i < fs->n; i++)
		count_add(&c, fs->v[i].severity);
	counts_table(&b, "Severity", "f-severity", &c);
	for (i = 0; i < fs->n; i++)
		count_add(&c, fs->v[i].rule);
	counts_table(&b, "Rule", "f-rule", &c);
	for (i = 0; i < fs->n; i++) {
		dir_of(fs->v[i].path, dir, sizeof(dir));
		count_add(&c, dir);
	}
	counts_table(&b, "Directory", "f-dir", &c);
	for (i = 0; i < fs->n; i++)
		count_add(&c, fs->v[i].triage);
	counts_table(&b, "Triage", "f-triage", &c);
	for (i = 0; i < fs->n; i++)
		count_add(&c, get_runtime(&fs->v[i]));
	counts_table(&b, "Runtime", "f-runtime", &c);
	sb_puts(&b, "</section>\n<section class=\"filters\">\n");
	if (diff)
		options(&b, "f-change", "Change", fs, get_change);
	options(&b, "f-severity", "Severity", fs, get_sev);
	options(&b, "f-rule", "Rule", fs, get_rule);
	options(&b, "f-triage", "Triage", fs, get_triage);
	options(&b, "f-runtime", "Runtime", fs, get_runtime);
	sb_puts(&b, "<label>Directory <input id=\"f-dir\" list=\"dirs\"></label>\n"
		    "<label>Text <input id=\"f-text\" placeholder=\"file, "
		    "function, message\"></label>\n"
		    "<button id=\"f-clear\" type=\"button\">Clear</button>\n"
		    "<span id=\"shown\"></span></section>\n");
	sb_printf(&b, "<table id=\"findings\" data-total=\"%zu\"><thead><tr>", fs->n);
	if (diff)
		sb_puts(&b, "<th data-key=\"change\">Change</th>");
	sb_puts(&b, "<th data-key=\"sev\">Severity</th><th data-key=\"rule\">Rule"
		    "</th><th data-key=\"where\">Where</th><th data-key=\"function\">"
		    "Function</th><th data-key=\"message\">Message</th>"
		    "<th data-key=\"triage\">Triage</th><th data-key=\"runtime\">"
		    "Runtime</th></tr></thead>\n<tbody></tbody></table>\n"
		    "<p><button id=\"more\" type=\"button\" hidden>Show more"
		    "</button></p>\n<noscript><p>The list needs JavaScript; "
		    "each finding's page is f/N.html.</p></noscript>\n");
	rc = index_data(&b, fs);
	sb_puts(&b, "</body></html>\n");
	rc = rc || b.oom ? 1 : write_file(outdir, "index.html", b.p, b.n, err);
	sb_free(&b);
	return rc;
}

/* Pages of an earlier report in the same directory would outlive it. */
static void remove_old_pages(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path;

	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n < 6 || strcmp(e->d_name + n - 5, ".html") ||
		    strspn(e->d_name, "0123456789") != n - 5)
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) >= 0) {
			unlink(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
}

int db_report_html(const char *outdir, const struct db_findings *fs,
		   const struct report_source *cur,
		   const struct report_source *old, const char *title,
		   const char *subtitle, const char *db_path, char **err)
{
	char *sub = NULL;
	size_t i;
	int rc = 0;

	*err = NULL;
	if (asprintf(&sub, "%s/f", outdir) < 0)
		return 1;
	if ((mkdir(outdir, 0777) && errno != EEXIST) ||
	    (mkdir(sub, 0777) && errno != EEXIST)) {
		if (asprintf(err, "cannot create '%s': %s", sub,
			     strerror(errno)) < 0)
			*err = NULL;
		free(sub);
		return 1;
	}
	remove_old_pages(sub);
	free(sub);
	rc = write_file(outdir, "report.css", db_report_css,
			strlen(db_report_css), err) ||
	     write_file(outdir, "report.js", db_report_js, strlen(db_report_js),
			err) ||
	     index_page(outdir, fs, title, subtitle, old != NULL, err);
	for (i = 0; i < fs->n && !rc; i++) {
		const struct db_finding_row *f = &fs->v[i];
		const struct report_source *src =
			old && f->change && !strcmp(f->change, "resolved") ? old : cur;

		rc = finding_page(outdir, i, f, src, db_path, err);
	}
	return rc;
}
