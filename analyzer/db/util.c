/*
 * util.c - strings, paths, processes and the rule table for the database.
 */
#define _GNU_SOURCE
#include "db/internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* --- sbuf ------------------------------------------------------------------ */

void sb_init(sbuf *b)
{
	b->p = NULL;
	b->n = b->cap = 0;
	b->oom = 0;
}

void sb_free(sbuf *b)
{
	free(b->p);
	sb_init(b);
}

static int sb_grow(sbuf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return 0;
	if (extra > SIZE_MAX - b->n - 1) {
		b->oom = 1;
		return 0;
	}
	need = b->n + extra + 1;
	if (need <= b->cap)
		return 1;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return 0;
	}
	b->p = p;
	b->cap = cap;
	return 1;
}

void sb_putn(sbuf *b, const char *s, size_t n)
{
	if (!sb_grow(b, n))
		return;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

void sb_puts(sbuf *b, const char *s)
{
	sb_putn(b, s ? s : "", s ? strlen(s) : 0);
}

void sb_putc(sbuf *b, char c)
{
	sb_putn(b, &c, 1);
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (!sb_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

void sb_csv(sbuf *b, const char *s)
{
	const char *p;

	s = s ? s : "";
	if (!strpbrk(s, ",\"\r\n")) {
		sb_puts(b, s);
		return;
	}
	sb_putc(b, '"');
	for (p = s; *p; p++) {
		if (*p == '"')
			sb_putc(b, '"');
		sb_putc(b, *p);
	}
	sb_putc(b, '"');
}

void sb_uri_path(sbuf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");

	for (; *u; u++) {
		if (isalnum(*u) || strchr("/-._~", *u))
			sb_putc(b, (char)*u);
		else
			sb_printf(b, "%%%02X", *u);
	}
}

const char *sb_str(sbuf *b)
{
	return b->p ? b->p : "";
}

/* --- time, processes ----------------------------------------------------- */

void now_iso8601(char buf[32])
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	if (strftime(buf, 20, "%Y-%m-%dT%H:%M:%S", &tm) != 19) {
		strcpy(buf, "1970-01-01T00:00:00.000Z");
		return;
	}
	snprintf(buf + 19, 13, ".%03dZ", (int)(tv.tv_usec / 1000) % 1000);
}

char *run_capture(char *const argv[])
{
	int fds[2], devnull, status;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	char buf[4096];
	size_t n = 0;
	ssize_t r;
	char *nl;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return NULL;
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		close(fds[0]);
		close(fds[1]);
		close(devnull);
		return NULL;
	}
	posix_spawn_file_actions_adddup2(&fa, devnull, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, devnull, 2);
	status = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	close(devnull);
	if (status != 0) {
		close(fds[0]);
		return NULL;
	}
	for (;;) {
		r = read(fds[0], buf + n, sizeof(buf) - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (n == sizeof(buf) - 1) {
			/* Drain the rest so the child never blocks on a full pipe. */
			char sink[512];
			while ((r = read(fds[0], sink, sizeof(sink))) > 0 ||
			       (r < 0 && errno == EINTR))
				;
			break;
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NULL;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return NULL;
	buf[n] = 0;
	nl = strchr(buf, '\n');
	if (nl)
		*nl = 0;
	if (!buf[0])
		return NULL;
	return strdup(buf);
}

/* Removes "." and ".." components and repeated slashes of an absolute path. */
static void clean_path(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		if (in[0] == '.' && (in[1] == '/' || !in[1])) {
			in++;
			continue;
		}
		if (in[0] == '.' && in[1] == '.' && (in[2] == '/' || !in[2])) {
			in += 2;
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		while (*in && *in != '/')
			*out++ = *in++;
	}
	if (out == p)
		*out++ = '/';
	*out = 0;
}

char *abs_path(const char *path, const char *dir)
{
	sbuf b;
	char *real, cwd[PATH_MAX];

	sb_init(&b);
	if (path[0] != '/') {
		if (dir && dir[0] == '/') {
			sb_puts(&b, dir);
		} else {
			if (!getcwd(cwd, sizeof(cwd)))
				return strdup(path);
			sb_puts(&b, cwd);
			if (dir && dir[0]) {
				sb_putc(&b, '/');
				sb_puts(&b, dir);
			}
		}
		sb_putc(&b, '/');
	}
	sb_puts(&b, path);
	if (b.oom) {
		sb_free(&b);
		return NULL;
	}
	real = realpath(b.p, NULL);
	if (real) {
		sb_free(&b);
		return real;
	}
	clean_path(b.p);
	return b.p;
}

char *rel_path(const char *path, const char *root)
{
	size_t n = root ? strlen(root) : 0;

	if (n > 1 && root[n - 1] == '/')
		n--;
	if (n && strncmp(path, root, n) == 0 && path[n] == '/' && path[n + 1])
		return strdup(path + n + 1);
	return strdup(path);
}

static int shell_safe(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_./=:,+%@^", *s))
			return 0;
	return 1;
}

char *shell_join(int argc, char *const *argv)
{
	sbuf b;
	const char *p;
	int i;

	sb_init(&b);
	for (i = 0; i < argc; i++) {
		if (i)
			sb_putc(&b, ' ');
		if (shell_safe(argv[i])) {
			sb_puts(&b, argv[i]);
			continue;
		}
		sb_putc(&b, '\'');
		for (p = argv[i]; *p; p++) {
			if (*p == '\'')
				sb_puts(&b, "'\\''");
			else
				sb_putc(&b, *p);
		}
		sb_putc(&b, '\'');
	}
	if (b.oom || !b.p) {
		sb_free(&b);
		return strdup("");
	}
	return b.p;
}

static int read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return 0;
}

char *process_token(long pid)
{
	char path[64], stat[1024], boot[64];
	const char *p;
	int field;
	char *nl, *out;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (read_small_file(path, stat, sizeof(stat)) != 0)
		return NULL;
	/* Field 2 (comm) may hold spaces and parentheses: skip past its end. */
	p = strrchr(stat, ')');
	if (!p)
		return NULL;
	/* p points at ')' which ends field 2; field 22 is the start time. */
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return NULL;
	p++;
	len = strspn(p, "0123456789");
	if (read_small_file("/proc/sys/kernel/random/boot_id", boot,
			    sizeof(boot)) != 0)
		strcpy(boot, "unknown");
	nl = strchr(boot, '\n');
	if (nl)
		*nl = 0;
	out = malloc(strlen(boot) + len + 2);
	if (!out)
		return NULL;
	sprintf(out, "%s:%.*s", boot, (int)len, p);
	return out;
}

const char *host_name(void)
{
	static char name[256];

	if (!name[0] && gethostname(name, sizeof(name) - 1) != 0)
		strcpy(name, "unknown");
	return name;
}

/* --- rules --------------------------------------------------------------- */

#define DB_SEV_ERROR "error"
#define DB_SEV_WARNING "warning"
#define DB_SEV_NOTE "note"
#define DB_ST_IMPLEMENTED "implemented"
#define DB_ST_PLANNED "planned"
#define DB_ST_NONE "runtime-only"

const struct db_rule db_rules[] = {
#define DMA_CHECK(ID, NAME, SEV, STATIC, RUNTIME, CHECKER, SUMMARY)                    \
	{#ID, NAME, DB_SEV_##SEV, DB_ST_##STATIC, SUMMARY, RUNTIME},
#include "rules/checks.def"
#undef DMA_CHECK
};
const size_t db_nrules = sizeof(db_rules) / sizeof(db_rules[0]);

const struct db_rule *db_rule_lookup(const char *s)
{
	size_t i;

	for (i = 0; i < db_nrules; i++)
		if (!strcmp(db_rules[i].name, s) || !strcmp(db_rules[i].id, s))
			return &db_rules[i];
	return NULL;
}

char *rule_help_uri(const char *name)
{
	sbuf b;

	sb_init(&b);
	sb_puts(&b, DMADB_DOCS_URI "docs/rules/");
	sb_uri_path(&b, name);
	sb_puts(&b, ".md");
	if (b.oom) {
		sb_free(&b);
		return NULL;
	}
	return b.p;
}

const char *db_rule_page(const char *name)
{
	size_t i;

	for (i = 0; i < db_nrule_pages; i++)
		if (!strcmp(db_rule_pages[i].name, name))
			return db_rule_pages[i].markdown;
	return NULL;
}

int severity_rank(const char *sev)
{
	if (!sev)
		return -1;
	if (!strcmp(sev, "note"))
		return 0;
	if (!strcmp(sev, "warning"))
		return 1;
	if (!strcmp(sev, "error"))
		return 2;
	return -1;
}
