/*
 * harness.c - building and running a driver's libdmart harness for
 * `dmacheck confirm` (confirm.c): one process per (scenario, fault), in
 * its own process group, with a timeout; what it reports is read back from
 * the JSON lines libdmart writes (DMART_REPORT) and the failure points it
 * reached (DMART_SITES).
 */
#define _GNU_SOURCE
#include "db/confirm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Output kept from a failed build or a crashed run, for the database. */
#define TAIL_BYTES 2048

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The last TAIL_BYTES of a file (malloc'ed; "" when unreadable). */
static char *file_tail(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, TAIL_BYTES + 1);
	long size;
	size_t n;

	if (!buf || !f) {
		if (f)
			fclose(f);
		return buf;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > TAIL_BYTES ? size - TAIL_BYTES : 0, SEEK_SET);
	n = fread(buf, 1, TAIL_BYTES, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* Starts argv with stdout+stderr to `out` and the given DMART_* settings;
 * the child leads its own process group so a timeout kills all of it. */
static pid_t spawn(char *const argv[], const char *out, const char *report,
		   const char *sites, const char *fault)
{
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		_exit(127);
	dup2(fd, 1);
	dup2(fd, 2);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, 0);
	/* Only what confirm asks for: the user's DMART_* would change results. */
	unsetenv("DMART_STOP");
	unsetenv("DMART_FILTER");
	unsetenv("DMART_NUM_ERRORS");
	unsetenv("DMART_DISABLED");
	setenv("DMART_ALL_ERRORS", "1", 1);
	if (report)
		setenv("DMART_REPORT", report, 1);
	else
		unsetenv("DMART_REPORT");
	if (sites)
		setenv("DMART_SITES", sites, 1);
	else
		unsetenv("DMART_SITES");
	if (fault)
		setenv("DMART_FAIL", fault, 1);
	else
		unsetenv("DMART_FAIL");
	execv(argv[0], argv);
	_exit(127);
}

/* Waits for pid until `deadline` (monotonic seconds); kills its group
 * then.  Returns the wait status, or -1 when it timed out. */
static int wait_until(pid_t pid, double deadline)
{
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return 0;
		if (now_s() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		usleep(2000);
	}
}

int hr_build(const struct confirm_cfg *cfg, const char *harness,
	     const char *variant, const char *bin, const char *log,
	     char **output)
{
	char *def = NULL, *inc = NULL;
	char *argv[32];
	int n = 0, status, i;
	pid_t pid;

	*output = NULL;
	if (asprintf(&def, "-DDMART_DRIVER=\"%s\"", variant) < 0 ||
	    asprintf(&inc, "-I%s", cfg->include_dir) < 0) {
		free(def);
		return -1;
	}
	argv[n++] = (char *)cfg->cc;
	for (i = 0; i < cfg->ncflags && n < 24; i++)
		argv[n++] = cfg->cflags[i];
	argv[n++] = inc;
	argv[n++] = def;
	argv[n++] = (char *)harness;
	argv[n++] = (char *)cfg->libdmart;
	argv[n++] = "-lpthread";
	argv[n++] = "-o";
	argv[n++] = (char *)bin;
	argv[n] = NULL;
	pid = spawn(argv, log, NULL, NULL, NULL);
	status = pid < 0 ? -1 : wait_until(pid, now_s() + cfg->build_timeout);
	free(def);
	free(inc);
	if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	*output = file_tail(log);
	return 1;
}

/* --- runs ---------------------------------------------------------------- */

static void read_reports(struct hrun *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	json_t *o;

	r->reports = json_array();
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		o = json_loads(line, 0, NULL);
		if (o && json_is_object(o))
			json_array_append_new(r->reports, o);
		else
			json_decref(o);
	}
	free(line);
	fclose(f);
}

static void read_sites(struct hrun *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, **v;
	size_t cap = 0;
	ssize_t len;

	if (!f)
		return;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (!len)
			continue;
		v = realloc(r->sites, (r->nsites + 1) * sizeof(*v));
		if (!v)
			break;
		r->sites = v;
		r->sites[r->nsites++] = strdup(line);
	}
	free(line);
	fclose(f);
}

struct slot {
	pid_t pid;
	size_t run;
	double deadline;
	char out[64], report[64], sites[64];
};

static void finish(struct hrun *r, struct slot *s, int status)
{
	if (status < 0) {
		r->status = HR_TIMED_OUT;
	} else if (WIFSIGNALED(status)) {
		r->status = HR_CRASHED;
		r->code = WTERMSIG(status);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		r->status = HR_NOT_RUN;
	} else {
		r->code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
		r->status = r->code ? HR_FAILED : HR_OK;
	}
	read_reports(r, s->report);
	read_sites(r, s->sites);
	if (r->status != HR_OK)
		r->output = file_tail(s->out);
	unlink(s->out);
	unlink(s->report);
	unlink(s->sites);
}

static int start(const char *bin, const char *tmp, struct hrun *r,
		 struct slot *s, size_t idx, double timeout)
{
	char *argv[] = { (char *)bin, (char *)r->scenario, NULL };

	snprintf(s->out, sizeof(s->out), "%s/o%zu", tmp, idx);
	snprintf(s->report, sizeof(s->report), "%s/r%zu", tmp, idx);
	snprintf(s->sites, sizeof(s->sites), "%s/s%zu", tmp, idx);
	unlink(s->report);
	unlink(s->sites);
	s->run = idx;
	s->deadline = now_s() + timeout;
	s->pid = spawn(argv, s->out, s->report, s->sites, r->fault);
	return s->pid < 0 ? -1 : 0;
}

void hr_run_batch(const char *bin, const char *tmp, struct hrun *runs,
		  size_t n, int jobs, double timeout)
{
	struct slot *slots;
	size_t next = 0, busy = 0;
	int i, status;
	pid_t r;

	if (jobs < 1)
		jobs = 1;
	slots = calloc((size_t)jobs, sizeof(*slots));
	if (!slots)
		return;
	while (next < n || busy) {
		for (i = 0; i < jobs && next < n; i++) {
			if (slots[i].pid)
				continue;
			if (start(bin, tmp, &runs[next], &slots[i], next, timeout)) {
				runs[next].status = HR_NOT_RUN;
				slots[i].pid = 0;
			} else {
				busy++;
			}
			next++;
		}
		for (i = 0; i < jobs; i++) {
			if (!slots[i].pid)
				continue;
			r = waitpid(slots[i].pid, &status, WNOHANG);
			if (r == slots[i].pid) {
				finish(&runs[slots[i].run], &slots[i], status);
			} else if (now_s() >= slots[i].deadline) {
				kill(-slots[i].pid, SIGKILL);
				kill(slots[i].pid, SIGKILL);
				while (waitpid(slots[i].pid, &status, 0) < 0 &&
				       errno == EINTR)
					;
				finish(&runs[slots[i].run], &slots[i], -1);
			} else {
				continue;
			}
			slots[i].pid = 0;
			busy--;
		}
		if (busy)
			usleep(2000);
	}
	free(slots);
}

int hr_list(const char *bin, const char *tmp, double timeout, char ***names,
	    size_t *n, char **output)
{
	char *argv[] = { (char *)bin, "--list", NULL };
	char out[64], *line = NULL, **v;
	size_t cap = 0;
	ssize_t len;
	int status;
	FILE *f;
	pid_t pid;

	*names = NULL;
	*n = 0;
	*output = NULL;
	snprintf(out, sizeof(out), "%s/list", tmp);
	pid = spawn(argv, out, NULL, NULL, NULL);
	status = pid < 0 ? -1 : wait_until(pid, now_s() + timeout);
	if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*output = file_tail(out);
		unlink(out);
		return 1;
	}
	f = fopen(out, "r");
	while (f && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		/* Scenario names only: libdmart's own lines start "dmart:". */
		if (!len || !strncmp(line, "dmart:", 6))
			continue;
		v = realloc(*names, (*n + 1) * sizeof(*v));
		if (!v)
			break;
		*names = v;
		(*names)[(*n)++] = strdup(line);
	}
	free(line);
	if (f)
		fclose(f);
	unlink(out);
	return 0;
}

void hr_free(struct hrun *r)
{
	size_t i;

	free(r->fault);
	json_decref(r->reports);
	for (i = 0; i < r->nsites; i++)
		free(r->sites[i]);
	free(r->sites);
	free(r->output);
	memset(r, 0, sizeof(*r));
}
