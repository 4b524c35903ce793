/*
 * confirm.c - `dmacheck confirm`: runs a driver's harness on libdmart with
 * the failure each static finding's path needs, and records the verdict.
 *
 * A driver directory holds harness.c and one or more variants of the driver
 * (every other *.c file; the corpus has bad.c and good.c).  Each variant is
 * built with the harness (-DDMART_DRIVER=variant: harness.c includes it)
 * and run once per scenario without a fault.  For each finding of the run
 * in that variant, faults are derived from its path events (a note that a
 * call failed or a value is NULL points at the failure point on or above
 * its line), and each is injected at its call site (DMART_FAIL=class@f:l)
 * in the scenarios that reach it; when none is derived or none reproduces
 * it, every failure point is walked, one per run.  A runtime report
 * confirms a finding when it names the same rule (or one whose evidence it
 * is, see evidence[]) at the finding's line or at one of its events' lines,
 * as its call site or its mapping site.
 */
#define _GNU_SOURCE
#include "db/confirm.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Runtime rules that are evidence for a static rule besides its own. */
static const struct {
	const char *rule, *runtime;
} evidence[] = {
#define CONFIRM_EVIDENCE(RULE, RUNTIME) { RULE, RUNTIME },
#include "rules/confirm.def"
};

/* Rules whose path assumes away the failure of the call it uses. */
static const char *const untested_result[] = {
#define CONFIRM_UNTESTED(RULE) RULE,
#include "rules/confirm.def"
};

static int assumes_success(const char *rule)
{
	size_t i;

	for (i = 0; i < sizeof(untested_result) / sizeof(untested_result[0]); i++)
		if (!strcmp(untested_result[i], rule))
			return 1;
	return 0;
}

static int rule_checked_at_runtime(const char *rule)
{
	const struct db_rule *r = db_rule_lookup(rule);
	size_t i;

	if (r && r->runtime)
		return 1;
	for (i = 0; i < sizeof(evidence) / sizeof(evidence[0]); i++)
		if (!strcmp(evidence[i].rule, rule))
			return 1;
	return 0;
}

static int rule_explains(const char *rule, const char *runtime)
{
	size_t i;

	if (!strcmp(rule, runtime))
		return 1;
	for (i = 0; i < sizeof(evidence) / sizeof(evidence[0]); i++)
		if (!strcmp(evidence[i].rule, rule) &&
		    !strcmp(evidence[i].runtime, runtime))
			return 1;
	return 0;
}

/* --- the state of one confirm ---------------------------------------------- */

struct verdict {
	const struct db_finding_row *f;
	const char *outcome;
	char *scenario, *fault, *report, *how, *detail;
};

struct seen_report {
	char *variant, *scenario, *fault, *rule, *path, *map_path, *json;
	long line, map_line;
	const char *fingerprint; /* the finding that explains it, or NULL */
};

struct confirm {
	dmadb *db;
	const struct dmadb_confirm_opts *o;
	struct confirm_cfg cfg;
	char *root;		/* the run's source root */
	struct db_findings fs;	/* the run's findings, with events */
	char **abs;		/* fs.v[i]'s absolute path */
	int64_t run, confirm_run;
	char tmp[64];
	struct verdict *v;
	size_t nv;
	struct seen_report *rep;
	size_t nrep;
	size_t stored_v, stored_rep, printed_v, printed_rep;
	unsigned counts[5], unexplained;
};

enum outcome { CONFIRMED, NOT_REPRODUCED, NOT_RUNNABLE, CRASHED, TIMED_OUT };

static const char *const outcomes[5] = {
	[CONFIRMED] = "confirmed", [NOT_REPRODUCED] = "not-reproduced",
	[NOT_RUNNABLE] = "not-runnable", [CRASHED] = "crashed",
	[TIMED_OUT] = "timed-out",
};

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A failure point or DMART_FAIL entry, "class@FILE:LINE", taken apart. */
struct site {
	const char *file;	/* in the string, file_len long */
	size_t class_len, file_len;
	long line;
};

static int parse_site(const char *s, struct site *out)
{
	const char *at = s ? strchr(s, '@') : NULL;
	const char *colon = s ? strrchr(s, ':') : NULL;

	if (!at || !colon || colon < at)
		return 1;
	out->class_len = (size_t)(at - s);
	out->file = at + 1;
	out->file_len = (size_t)(colon - at - 1);
	out->line = strtol(colon + 1, NULL, 10);
	return 0;
}

static int site_in(const struct site *st, const char *file)
{
	return file && strlen(file) == st->file_len &&
	       !strncmp(file, st->file, st->file_len);
}

/* Path of an absolute file relative to the run's source root, for storage. */
static char *rel(struct confirm *c, const char *abs)
{
	return rel_path(abs, c->root);
}

/* "class@/abs/f.c:12" -> "class@rel/f.c:12" (malloc'ed). */
static char *rel_fault(struct confirm *c, const char *fault)
{
	struct site st;
	char *path, *r, *out = NULL;

	if (!fault)
		return NULL;
	if (parse_site(fault, &st))
		return strdup(fault);
	path = strndup(st.file, st.file_len);
	r = path ? rel(c, path) : NULL;
	if (r && asprintf(&out, "%.*s@%s:%ld", (int)st.class_len, fault, r,
			  st.line) < 0)
		out = NULL;
	free(path);
	free(r);
	return out;
}

static void add_verdict(struct confirm *c, const struct db_finding_row *f,
			enum outcome outcome, const struct hrun *r, json_t *report,
			const char *how, const char *detail)
{
	struct verdict *v = realloc(c->v, (c->nv + 1) * sizeof(*v));

	if (!v)
		return;
	c->v = v;
	v = &c->v[c->nv++];
	memset(v, 0, sizeof(*v));
	v->f = f;
	v->outcome = outcomes[outcome];
	c->counts[outcome]++;
	if (r) {
		v->scenario = xstrdup(r->scenario);
		v->fault = rel_fault(c, r->fault);
	}
	v->report = report ? json_dumps(report, JSON_COMPACT) : strdup("");
	v->how = xstrdup(how);
	v->detail = xstrdup(detail);
}

/* --- matching ---------------------------------------------------------------- */

#define MAX_DERIVED 8

/* The failure points a finding's path points at (entries of sites[]). */
struct faults {
	const char *site[MAX_DERIVED];
	int n;
};

struct variant {
	const char *path;	/* absolute */
	char **lines;		/* its source, for deriving faults */
	size_t nlines;
	size_t *findings;	/* indexes into c->fs.v */
	struct faults *faults;	/* each finding's, once the sites are known */
	size_t nfindings;
};

static int same_file(struct confirm *c, const char *dbpath, const char *abs)
{
	char *p = abs_path(dbpath, c->root);
	int same = p && !strcmp(p, abs);

	free(p);
	return same;
}

/* Whether line is the finding's or one of its events' lines in the variant. */
static int finding_line(struct confirm *c, const struct db_finding_row *f,
			const char *variant, long line)
{
	size_t i;

	if (line <= 0)
		return 0;
	if (f->line == line)
		return 1;
	for (i = 0; i < f->nevents; i++)
		if (f->events[i].line == line &&
		    same_file(c, f->events[i].path, variant))
			return 1;
	return 0;
}

static int report_matches(struct confirm *c, json_t *rep,
			  const struct db_finding_row *f, const char *variant)
{
	const char *rule = json_string_value(json_object_get(rep, "rule"));
	const char *file = json_string_value(json_object_get(rep, "file"));
	const char *mfile = json_string_value(json_object_get(rep, "map_file"));
	long line = (long)json_integer_value(json_object_get(rep, "line"));
	long mline = (long)json_integer_value(json_object_get(rep, "map_line"));

	if (!rule || !rule_explains(f->rule, rule))
		return 0;
	if (file && !strcmp(file, variant) && finding_line(c, f, variant, line))
		return 1;
	return mfile && !strcmp(mfile, variant) &&
	       finding_line(c, f, variant, mline);
}

/* Whether rep's origin (its "mapped at") is the failure point site and
 * it names a rule that explains f's. */
static int origin_is(json_t *rep, const char *site,
		     const struct db_finding_row *f)
{
	const char *rule = json_string_value(json_object_get(rep, "rule"));
	const char *mf = json_string_value(json_object_get(rep, "map_file"));
	long ml = (long)json_integer_value(json_object_get(rep, "map_line"));
	struct site st;

	return rule && rule_explains(f->rule, rule) && !parse_site(site, &st) &&
	       site_in(&st, mf) && ml == st.line;
}

/* --- deriving faults from a path ------------------------------------------- */

/* A note that says a call failed or a value is NULL / 0 / an error. */
static int says_failure(const char *msg)
{
	static const char *const words[] = {
		"failed", "fails", "is null", "is NULL", "is equal to 0",
		"is 0", "returned 0", "returns 0", "is an error", "IS_ERR",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(msg, words[i]))
			return 1;
	return 0;
}

/* The name in the first '...' of msg (malloc'ed), or NULL. */
static char *quoted_name(const char *msg)
{
	const char *a = strchr(msg, '\''), *b;

	if (!a || !(b = strchr(a + 1, '\'')) || b == a + 1)
		return NULL;
	return strndup(a + 1, b - a - 1);
}

/* Line of a site "class@file:line" when file is the variant, else 0. */
static long site_line(const char *site, const char *variant)
{
	struct site st;

	return !parse_site(site, &st) && site_in(&st, variant) ? st.line : 0;
}

/* How far above a failure note its call may be (same statement block). */
#define DERIVE_WINDOW 12

/* The failure point a note points at, among sites[], or NULL. */
static const char *derive_one(const struct variant *var, char **sites,
			      size_t nsites, const char *msg, long line)
{
	const char *made = strstr(msg, " at line ");
	const char *best = NULL;
	long best_line = 0, want = 0, l;
	char *name = NULL;
	size_t i;

	if (made && strstr(made, "failed"))
		want = strtol(made + 9, NULL, 10);
	else
		name = quoted_name(msg);
	for (i = 0; i < nsites; i++) {
		l = site_line(sites[i], var->path);
		if (!l)
			continue;
		if (want) {
			if (l == want)
				best = sites[i];
			continue;
		}
		if (l == line) {
			best = sites[i];
			best_line = l;
			break;
		}
		/* Above the note, nearest first, mentioning the named value
		 * ("Assuming 'buf' is null"), or any ("the mapping failed"). */
		if (l < line && l >= line - DERIVE_WINDOW && l > best_line &&
		    (size_t)l <= var->nlines &&
		    (!name || strstr(var->lines[l - 1], name))) {
			best = sites[i];
			best_line = l;
		}
	}
	free(name);
	return best;
}

/* --- one variant --------------------------------------------------------- */

struct plan {
	struct hrun *runs;
	size_t n;
};

static struct hrun *plan_add(struct plan *p, const char *scenario,
			     const char *fault, int walked)
{
	struct hrun *r;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->runs[i].scenario, scenario) &&
		    ((!fault && !p->runs[i].fault) ||
		     (fault && p->runs[i].fault &&
		      !strcmp(fault, p->runs[i].fault))))
			return NULL;
	r = realloc(p->runs, (p->n + 1) * sizeof(*r));
	if (!r)
		return NULL;
	p->runs = r;
	r = &p->runs[p->n++];
	memset(r, 0, sizeof(*r));
	r->scenario = scenario;
	r->fault = xstrdup(fault);
	r->walked = walked;
	return r;
}

/* The fault for every baseline run (p->runs[0..nbase)) that reached site. */
static void plan_site(struct plan *p, size_t nbase, const char *site,
		      int walked)
{
	size_t i, j;

	/* plan_add() moves p->runs: index it afresh each time. */
	for (i = 0; i < nbase; i++) {
		for (j = 0; j < p->runs[i].nsites; j++) {
			if (!strcmp(p->runs[i].sites[j], site)) {
				plan_add(p, p->runs[i].scenario, site, walked);
				break;
			}
		}
	}
}

static void all_sites(const struct hrun *base, size_t nbase, char ***out,
		      size_t *n)
{
	size_t i, j, k;
	char **v;

	*out = NULL;
	*n = 0;
	for (i = 0; i < nbase; i++) {
		for (j = 0; j < base[i].nsites; j++) {
			for (k = 0; k < *n; k++)
				if (!strcmp((*out)[k], base[i].sites[j]))
					break;
			if (k < *n || !(v = realloc(*out, (*n + 1) * sizeof(*v))))
				continue;
			*out = v;
			v[(*n)++] = base[i].sites[j];
		}
	}
}

static void derive(const struct db_finding_row *f, struct confirm *c,
		   const struct variant *var, char **sites, size_t nsites,
		   struct faults *out)
{
	int any = assumes_success(f->rule), k;
	const char *s;
	size_t i;

	out->n = 0;
	for (i = 0; i <= f->nevents && out->n < MAX_DERIVED; i++) {
		/* i == nevents: the finding's own line, for the rules above. */
		const char *msg = i < f->nevents ? f->events[i].message : "";
		long line = i < f->nevents ? f->events[i].line : f->line;

		if (i == f->nevents ? !any :
		    (!any && !says_failure(msg)) ||
		    !same_file(c, f->events[i].path, var->path))
			continue;
		s = derive_one(var, sites, nsites, msg, line);
		for (k = 0; s && k < out->n; k++)
			if (!strcmp(out->site[k], s))
				s = NULL;
		if (s)
			out->site[out->n++] = s;
	}
}

static const char *status_word(const struct hrun *r)
{
	static char buf[48];

	switch (r->status) {
	case HR_CRASHED:
		snprintf(buf, sizeof(buf), "killed by signal %d", r->code);
		return buf;
	case HR_TIMED_OUT:
		return "timed out";
	case HR_NOT_RUN:
		return "could not be started";
	case HR_FAILED:
		snprintf(buf, sizeof(buf), "exited with status %d", r->code);
		return buf;
	default:
		return "ran";
	}
}

/*
 * Whether rep explains f: it names f's rule (or one whose
 * evidence it is) at f's line or one of its events' lines, or its origin
 * is a failure point f's path points at (an ERR_PTR channel from the
 * request the path assumed good, a handle from the map that failed).
 */
static int explains(struct confirm *c, const struct variant *var,
		    const struct db_finding_row *f, const struct faults *d,
		    json_t *rep)
{
	int k;

	if (report_matches(c, rep, f, var->path))
		return 1;
	for (k = 0; k < d->n; k++)
		if (origin_is(rep, d->site[k], f))
			return 1;
	return 0;
}

/* The first report of r that explains f, or NULL. */
static json_t *explaining(struct confirm *c, const struct variant *var,
			  const struct db_finding_row *f,
			  const struct faults *d, const struct hrun *r)
{
	size_t i;
	json_t *rep;

	json_array_foreach(r->reports, i, rep)
		if (explains(c, var, f, d, rep))
			return rep;
	return NULL;
}

/* The verdict on one finding, from the runs made for its variant. */
static void judge(struct confirm *c, const struct variant *var,
		  const struct db_finding_row *f, const struct faults *d,
		  const struct plan *p)
{
	int k;
	const struct hrun *bad = NULL;
	char how[160], detail[600];
	size_t i;
	json_t *rep;

	if (!rule_checked_at_runtime(f->rule)) {
		add_verdict(c, f, NOT_RUNNABLE, NULL, NULL, NULL,
			    "libdmart does not check this rule at run time "
			    "(RUNTIME 0 in rules/checks.def)");
		return;
	}
	/* No fault first, then the derived faults, then the walk. */
	for (i = 0; i < p->n; i++) {
		const struct hrun *r = &p->runs[i];

		if (r->fault || !(rep = explaining(c, var, f, d, r)))
			continue;
		add_verdict(c, f, CONFIRMED, r, rep, "without a fault", NULL);
		return;
	}
	for (k = 0; k < d->n; k++) {
		for (i = 0; i < p->n; i++) {
			const struct hrun *r = &p->runs[i];

			if (!r->fault || strcmp(r->fault, d->site[k]))
				continue;
			if (r->status == HR_CRASHED || r->status == HR_TIMED_OUT)
				bad = bad ? bad : r;
			if (!(rep = explaining(c, var, f, d, r)))
				continue;
			add_verdict(c, f, CONFIRMED, r, rep,
				    "with the fault its path needs", NULL);
			return;
		}
	}
	for (i = 0; i < p->n; i++) {
		const struct hrun *r = &p->runs[i];

		if (!r->walked || !(rep = explaining(c, var, f, d, r)))
			continue;
		snprintf(how, sizeof(how), "by walking the failure points%s",
			 d->n ? " (the faults derived from its path did not "
				 "reproduce it)" : "");
		add_verdict(c, f, CONFIRMED, r, rep, how, NULL);
		return;
	}
	for (i = 0; i < p->n && !bad; i++)
		if (!p->runs[i].fault && (p->runs[i].status == HR_CRASHED ||
					  p->runs[i].status == HR_TIMED_OUT))
			bad = &p->runs[i];
	if (bad) {
		snprintf(detail, sizeof(detail), "scenario '%s'%s%s %s: %.400s",
			 bad->scenario, bad->fault ? " with DMART_FAIL=" : "",
			 bad->fault ? bad->fault : "", status_word(bad),
			 bad->output ? bad->output : "");
		add_verdict(c, f, bad->status == HR_CRASHED ? CRASHED : TIMED_OUT, bad, NULL,
			    NULL, detail);
		return;
	}
	snprintf(detail, sizeof(detail),
		 "%zu run(s): every scenario without a fault, %d fault(s) "
		 "derived from its path, %s",
		 p->n, d->n, "and every failure point the scenarios reached");
	add_verdict(c, f, NOT_REPRODUCED, NULL, NULL, NULL, detail);
}

/* Every report of every run, with the finding that explains it. */
static void collect_reports(struct confirm *c, const struct variant *var,
			    const struct plan *p)
{
	struct seen_report *s;
	size_t i, j, k;
	json_t *rep;

	for (i = 0; i < p->n; i++) {
		json_array_foreach(p->runs[i].reports, j, rep) {
			const char *fp = NULL;

			for (k = 0; k < var->nfindings && !fp; k++) {
				const struct db_finding_row *f =
					&c->fs.v[var->findings[k]];
				if (explains(c, var, f, &var->faults[k], rep))
					fp = f->fingerprint;
			}
			s = realloc(c->rep, (c->nrep + 1) * sizeof(*s));
			if (!s)
				return;
			c->rep = s;
			s = &c->rep[c->nrep++];
			memset(s, 0, sizeof(*s));
			s->variant = rel(c, var->path);
			s->scenario = xstrdup(p->runs[i].scenario);
			s->fault = rel_fault(c, p->runs[i].fault);
			s->rule = xstrdup(json_string_value(
				json_object_get(rep, "rule")));
			if (!s->rule)
				s->rule = strdup("?");
			s->path = json_string_value(json_object_get(rep, "file")) ?
				rel(c, json_string_value(json_object_get(rep, "file"))) : NULL;
			s->map_path = json_string_value(json_object_get(rep, "map_file")) ?
				rel(c, json_string_value(json_object_get(rep, "map_file"))) : NULL;
			s->line = (long)json_integer_value(json_object_get(rep, "line"));
			s->map_line = (long)json_integer_value(
				json_object_get(rep, "map_line"));
			s->json = json_dumps(rep, JSON_COMPACT);
			s->fingerprint = fp;
			if (!fp)
				c->unexplained++;
		}
	}
}

static void not_runnable_all(struct confirm *c, const struct variant *var,
			     const char *why)
{
	size_t i;

	for (i = 0; i < var->nfindings; i++)
		add_verdict(c, &c->fs.v[var->findings[i]], NOT_RUNNABLE, NULL, NULL, NULL,
			    why);
}

static void load_lines(struct variant *var)
{
	FILE *f = fopen(var->path, "r");
	char *line = NULL, **v;
	size_t cap = 0;

	while (f && getline(&line, &cap, f) > 0) {
		v = realloc(var->lines, (var->nlines + 1) * sizeof(*v));
		if (!v)
			break;
		var->lines = v;
		v[var->nlines++] = strdup(line);
	}
	free(line);
	if (f)
		fclose(f);
}

static void run_variant(struct confirm *c, const char *harness,
			struct variant *var, unsigned idx)
{
	char bin[96], log[96], why[2400], **names = NULL, **sites = NULL;
	char *out = NULL;
	struct plan p = { NULL, 0 };
	size_t i, nnames = 0, nsites = 0, nbase;
	int k, n, need_walk = 0;

	snprintf(bin, sizeof(bin), "%s/h%u", c->tmp, idx);
	snprintf(log, sizeof(log), "%s/h%u.log", c->tmp, idx);
	if (hr_build(&c->cfg, harness, var->path, bin, log, &out)) {
		snprintf(why, sizeof(why), "the harness does not build: %s",
			 out ? out : "");
		not_runnable_all(c, var, why);
		free(out);
		return;
	}
	if (hr_list(bin, c->tmp, c->cfg.run_timeout, &names, &nnames, &out) ||
	    !nnames) {
		snprintf(why, sizeof(why), "the harness lists no scenario%s%s",
			 out ? ": " : "", out ? out : "");
		not_runnable_all(c, var, why);
		goto out;
	}
	load_lines(var);
	for (i = 0; i < nnames; i++)
		plan_add(&p, names[i], NULL, 0);
	hr_run_batch(bin, c->tmp, p.runs, p.n, c->cfg.jobs, c->cfg.run_timeout);
	nbase = p.n;
	all_sites(p.runs, nbase, &sites, &nsites);
	var->faults = calloc(var->nfindings ? var->nfindings : 1,
			     sizeof(*var->faults));
	if (!var->faults)
		goto out;
	for (i = 0; i < var->nfindings; i++) {
		derive(&c->fs.v[var->findings[i]], c, var, sites, nsites,
		       &var->faults[i]);
		for (k = 0; k < var->faults[i].n; k++)
			plan_site(&p, nbase, var->faults[i].site[k], 0);
	}
	n = (int)p.n;
	hr_run_batch(bin, c->tmp, p.runs + nbase, p.n - nbase, c->cfg.jobs,
		     c->cfg.run_timeout);
	/* Walk when a finding is still unexplained, or for --all-faults. */
	for (i = 0; i < var->nfindings && !need_walk; i++) {
		const struct db_finding_row *f = &c->fs.v[var->findings[i]];
		size_t j;

		need_walk = rule_checked_at_runtime(f->rule);
		for (j = 0; j < p.n && need_walk; j++)
			if (explaining(c, var, f, &var->faults[i], &p.runs[j]))
				need_walk = 0;
	}
	if (need_walk || c->o->all_faults) {
		for (i = 0; i < nsites; i++)
			plan_site(&p, nbase, sites[i], 1);
		/* A derived run is part of the walk too. */
		for (i = nbase; i < (size_t)n; i++)
			p.runs[i].walked = 1;
		hr_run_batch(bin, c->tmp, p.runs + n, p.n - n, c->cfg.jobs,
			     c->cfg.run_timeout);
	}
	for (i = 0; i < var->nfindings; i++)
		judge(c, var, &c->fs.v[var->findings[i]], &var->faults[i], &p);
	collect_reports(c, var, &p);
out:
	free(sites);
	for (i = 0; i < p.n; i++)
		hr_free(&p.runs[i]);
	free(p.runs);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(out);
	unlink(bin);
	unlink(log);
}

/* --- driver directories ------------------------------------------------------ */

static int is_variant(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 2 && !strcmp(d->d_name + n - 2, ".c") &&
	       strcmp(d->d_name, "harness.c") && d->d_name[0] != '.';
}

/* Findings of the run in files under dir that are no variant of it. */
static void run_dir(struct confirm *c, const char *dir, unsigned *idx)
{
	struct dirent **ents = NULL;
	char *harness = NULL, *why = NULL;
	struct variant var;
	int n, i;
	size_t k;

	n = scandir(dir, &ents, is_variant, alphasort);
	if (n < 0) {
		fprintf(stderr, "dmacheck: confirm: cannot read '%s': %s\n", dir,
			strerror(errno));
		return;
	}
	if (asprintf(&harness, "%s/harness.c", dir) < 0)
		harness = NULL;
	if (harness && access(harness, R_OK) != 0 &&
	    asprintf(&why, "no harness.c in %s", dir) < 0)
		why = NULL;
	for (i = 0; i < n; i++) {
		memset(&var, 0, sizeof(var));
		if (asprintf((char **)&var.path, "%s/%s", dir, ents[i]->d_name) < 0)
			continue;
		for (k = 0; k < c->fs.n; k++) {
			size_t *v;

			if (strcmp(c->abs[k], var.path))
				continue;
			v = realloc(var.findings, (var.nfindings + 1) * sizeof(*v));
			if (!v)
				break;
			var.findings = v;
			v[var.nfindings++] = k;
		}
		if (why)
			not_runnable_all(c, &var, why);
		else if (var.nfindings || c->o->all_faults)
			run_variant(c, harness, &var, (*idx)++);
		free((char *)var.path);
		free(var.findings);
		free(var.faults);
		for (k = 0; k < var.nlines; k++)
			free(var.lines[k]);
		free(var.lines);
		free(ents[i]);
	}
	free(ents);
	free(harness);
	free(why);
}

/* --- the database ------------------------------------------------------------ */

struct begin_arg {
	struct confirm *c;
	char *cmdline, *cflags;
};

static int begin_txn(dmadb *db, void *p)
{
	struct begin_arg *a = p;
	sqlite3_stmt *st = db_prepare(
		db, "INSERT INTO confirm_runs(run_id, started_at, command_line, "
		    "compiler, cflags, all_faults) VALUES(?1,?2,?3,?4,?5,?6)");
	char now[32];
	int rc;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	now_iso8601(now);
	sqlite3_bind_int64(st, 1, a->c->run);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a->cmdline, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->c->cfg.cc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->cflags, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, a->c->o->all_faults);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, "cannot record the confirm run");
	a->c->confirm_run = sqlite3_last_insert_rowid(db->h);
	return SQLITE_OK;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int store_verdicts(dmadb *db, struct confirm *c, const char *now)
{
	sqlite3_stmt *st = db_prepare(
		db, "INSERT INTO confirmations(fingerprint, rule, report, "
		    "confirmed_at, reproduction, run_id, outcome, "
		    "confirm_run_id, scenario, fault, detail) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
	char *repro = NULL;
	size_t i;
	int rc = SQLITE_OK;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	for (i = c->stored_v; i < c->nv && rc == SQLITE_OK; i++) {
		struct verdict *v = &c->v[i];

		if (v->scenario &&
		    asprintf(&repro, "scenario '%s' of the harness, %s%s (%s)",
			     v->scenario, v->fault ? "DMART_FAIL=" : "no fault",
			     v->fault ? v->fault : "",
			     v->how ? v->how : v->outcome) < 0)
			repro = NULL;
		sqlite3_bind_text(st, 1, v->f->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v->f->rule, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, v->report ? v->report : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, repro ? repro : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, c->run);
		sqlite3_bind_text(st, 7, v->outcome, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, c->confirm_run);
		bind_opt(st, 9, v->scenario);
		bind_opt(st, 10, v->fault);
		bind_opt(st, 11, v->detail);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK :
			db_fail_sql(db, "cannot record a confirmation");
		sqlite3_reset(st);
		free(repro);
		repro = NULL;
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_reports(dmadb *db, struct confirm *c)
{
	sqlite3_stmt *st = db_prepare(
		db, "INSERT INTO runtime_reports(confirm_run_id, variant, "
		    "scenario, fault, rule, path, line, map_path, map_line, "
		    "report, fingerprint) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
	size_t i;
	int rc = SQLITE_OK;

	if (!st)
		return sqlite3_extended_errcode(db->h);
	for (i = c->stored_rep; i < c->nrep && rc == SQLITE_OK; i++) {
		struct seen_report *s = &c->rep[i];

		sqlite3_bind_int64(st, 1, c->confirm_run);
		sqlite3_bind_text(st, 2, s->variant ? s->variant : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->scenario, -1, SQLITE_STATIC);
		bind_opt(st, 4, s->fault);
		sqlite3_bind_text(st, 5, s->rule, -1, SQLITE_STATIC);
		bind_opt(st, 6, s->path);
		sqlite3_bind_int64(st, 7, s->line);
		bind_opt(st, 8, s->map_path);
		sqlite3_bind_int64(st, 9, s->map_line);
		sqlite3_bind_text(st, 10, s->json ? s->json : "{}", -1,
				  SQLITE_STATIC);
		bind_opt(st, 11, s->fingerprint);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK :
			db_fail_sql(db, "cannot record a runtime report");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_txn(dmadb *db, void *p)
{
	struct confirm *c = p;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	now_iso8601(now);
	if ((rc = store_verdicts(db, c, now)) || (rc = store_reports(db, c)))
		return rc;
	st = db_prepare(db, "UPDATE confirm_runs SET finished_at=?1 WHERE id=?2");
	if (!st)
		return sqlite3_extended_errcode(db->h);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->confirm_run);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK :
		db_fail_sql(db, "cannot finish the confirm run");
}

/* --- output ---------------------------------------------------------------- */

/* text on one line: line breaks as " | ", at most 300 bytes. */
static void put_line(const char *text)
{
	int n = 0, sep = 0;

	for (; *text && n < 300; text++) {
		if (*text == '\n' || *text == '\r') {
			sep = 1;
			continue;
		}
		if (sep && n)
			n += printf(" | ");
		sep = 0;
		putchar(*text);
		n++;
	}
	if (*text)
		printf(" ...");
}

static void print_new(struct confirm *c)
{
	size_t i, j;

	for (i = c->printed_v; i < c->nv; i++) {
		struct verdict *v = &c->v[i];
		json_t *rep = v->report && *v->report ?
			json_loads(v->report, 0, NULL) : NULL;

		printf("%s:%ld: %s: %s", v->f->path, v->f->line, v->f->rule,
		       v->outcome);
		if (v->how)
			printf(" %s (scenario '%s', %s%s)", v->how, v->scenario,
			       v->fault ? "DMART_FAIL=" : "no fault",
			       v->fault ? v->fault : "");
		if (rep)
			printf(": %s", json_string_value(
				json_object_get(rep, "message")));
		if (v->detail) {
			printf(": ");
			put_line(v->detail);
		}
		putchar('\n');
		json_decref(rep);
	}
	c->printed_v = c->nv;
	for (i = c->printed_rep; i < c->nrep; i++) {
		struct seen_report *s = &c->rep[i];

		if (s->fingerprint)
			continue;
		/* Once per report site; the database keeps every run. */
		for (j = c->printed_rep; j < i; j++)
			if (!c->rep[j].fingerprint &&
			    !strcmp(c->rep[j].variant, s->variant) &&
			    !strcmp(c->rep[j].rule, s->rule) &&
			    c->rep[j].line == s->line &&
			    c->rep[j].map_line == s->map_line)
				break;
		if (j < i)
			continue;
		printf("%s: unexplained runtime report (no finding explains it: "
		       "an analyzer miss?): %s at %s:%ld", s->variant, s->rule,
		       s->path ? s->path : "?", s->line);
		if (s->map_path)
			printf(" (mapped at %s:%ld)", s->map_path, s->map_line);
		printf(", scenario '%s', %s%s\n", s->scenario,
		       s->fault ? "DMART_FAIL=" : "no fault",
		       s->fault ? s->fault : "");
	}
	c->printed_rep = c->nrep;
	fflush(stdout);
}

/* Stores what the last directory produced: a killed confirm keeps it. */
static int flush_results(struct confirm *c)
{
	print_new(c);
	if (db_write_txn(c->db, store_txn, c)) {
		fprintf(stderr, "dmacheck: error: %s\n", dmadb_errmsg(c->db));
		return 1;
	}
	c->stored_v = c->nv;
	c->stored_rep = c->nrep;
	return 0;
}

static void free_confirm(struct confirm *c)
{
	size_t i;

	for (i = 0; i < c->nv; i++) {
		free(c->v[i].scenario);
		free(c->v[i].fault);
		free(c->v[i].report);
		free(c->v[i].how);
		free(c->v[i].detail);
	}
	free(c->v);
	for (i = 0; i < c->nrep; i++) {
		struct seen_report *s = &c->rep[i];

		free(s->variant);
		free(s->scenario);
		free(s->fault);
		free(s->rule);
		free(s->path);
		free(s->map_path);
		free(s->json);
	}
	free(c->rep);
	for (i = 0; c->abs && i < c->fs.n; i++)
		free(c->abs[i]);
	free(c->abs);
	db_findings_free(&c->fs);
	free(c->root);
	for (i = 0; i < (size_t)c->cfg.ncflags; i++)
		free(c->cfg.cflags[i]);
	free(c->cfg.cflags);
}

static int split_flags(struct confirm_cfg *cfg, const char *flags)
{
	char *copy = strdup(flags ? flags : ""), *tok, *save = NULL, **v;

	if (!copy)
		return 1;
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		v = realloc(cfg->cflags, (cfg->ncflags + 1) * sizeof(*v));
		if (!v)
			break;
		cfg->cflags = v;
		v[cfg->ncflags++] = strdup(tok);
	}
	free(copy);
	return 0;
}

static int setup(struct confirm *c, const struct dmadb_confirm_opts *o)
{
	struct db_filter all = { NULL, NULL, NULL, 0 };
	size_t i;

	c->run = db_resolve_run(c->db, o->run ? o->run : "latest");
	if (!c->run || !(c->root = db_run_source_root(c->db, c->run)) ||
	    db_load_findings(c->db, c->run, &all, 1, &c->fs))
		return 1;
	c->abs = calloc(c->fs.n + 1, sizeof(*c->abs));
	if (!c->abs)
		return db_fail(c->db, "out of memory");
	for (i = 0; i < c->fs.n; i++)
		c->abs[i] = abs_path(c->fs.v[i].path, c->root);
	c->cfg.cc = o->cc;
	c->cfg.include_dir = o->include_dir;
	c->cfg.libdmart = o->libdmart;
	c->cfg.jobs = o->jobs > 0 ? o->jobs : 1;
	c->cfg.run_timeout = o->timeout > 0 ? o->timeout : 10;
	c->cfg.build_timeout = 120;
	return split_flags(&c->cfg, o->cflags);
}

int dmadb_confirm(const struct dmadb_confirm_opts *o)
{
	struct confirm c;
	struct begin_arg b;
	char *err = NULL, *dir;
	unsigned idx = 0;
	int i, status = 0;

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.db = dmadb_open(o->db ? o->db : "dmacheck.db", DMADB_WRITE, &err);
	if (!c.db) {
		fprintf(stderr, "dmacheck: error: %s\n", err);
		dmadb_free(err);
		return 2;
	}
	b.c = &c;
	b.cmdline = shell_join(o->argc, o->argv);
	b.cflags = NULL;
	if (setup(&c, o) || !b.cmdline ||
	    asprintf(&b.cflags, "%s -I%s -DDMART_DRIVER=<variant> harness.c %s",
		     o->cflags ? o->cflags : "", o->include_dir, o->libdmart) < 0 ||
	    db_write_txn(c.db, begin_txn, &b)) {
		fprintf(stderr, "dmacheck: error: %s\n", dmadb_errmsg(c.db));
		status = 2;
		goto out;
	}
	strcpy(c.tmp, "/tmp/dmacheck-confirm-XXXXXX");
	if (!mkdtemp(c.tmp)) {
		fprintf(stderr, "dmacheck: error: cannot create a temporary "
				"directory: %s\n", strerror(errno));
		status = 2;
		goto out;
	}
	for (i = 0; i < o->ndirs; i++) {
		struct stat st;

		dir = realpath(o->dirs[i], NULL);
		if (!dir || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "dmacheck: error: '%s' is not a driver "
					"directory\n", o->dirs[i]);
			status = 2;
			free(dir);
			continue;
		}
		run_dir(&c, dir, &idx);
		free(dir);
		if (flush_results(&c))
			status = 2;
	}
	rmdir(c.tmp);
	printf("dmacheck: confirm: %zu finding(s): %u confirmed, %u not "
	       "reproduced, %u not runnable, %u crashed, %u timed out; %u "
	       "runtime report(s) no finding explains\n",
	       c.nv, c.counts[CONFIRMED], c.counts[NOT_REPRODUCED],
	       c.counts[NOT_RUNNABLE], c.counts[CRASHED], c.counts[TIMED_OUT],
	       c.unexplained);
out:
	free(b.cmdline);
	free(b.cflags);
	free_confirm(&c);
	dmadb_close(c.db);
	return status;
}
