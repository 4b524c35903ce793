// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart deferred work: one thread plays the kernel's tasklets, timers,
 * workqueues, dmaengine completion and USB completion contexts, so driver
 * callbacks never run on the caller's stack.
 */
#include <time.h>
#include "internal.h"

struct work_item {
	struct work_item *next;
	dmart_work_fn fn;
	void *arg;
	void *tag;
	u64 due;
};

static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wcond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER;
static struct work_item *queue;
static void *running_tag;
static bool running;
static unsigned long run_gen;		/* counts finished runs */
static bool started;
static __thread bool is_worker;

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct work_item *take_due(u64 now, u64 *next_due)
{
	struct work_item **pp, *w;

	*next_due = 0;
	for (pp = &queue; (w = *pp); pp = &w->next) {
		if (w->due <= now) {
			*pp = w->next;
			return w;
		}
		if (!*next_due || w->due < *next_due)
			*next_due = w->due;
	}
	return NULL;
}

static void *worker(void *unused)
{
	is_worker = true;
	pthread_mutex_lock(&wlock);
	for (;;) {
		u64 next_due;
		struct work_item *w = take_due(now_ms(), &next_due);

		if (!w) {
			if (next_due) {
				struct timespec ts = { (time_t)(next_due / 1000),
						       (long)(next_due % 1000) * 1000000 };

				pthread_cond_timedwait(&wcond, &wlock, &ts);
			} else {
				pthread_cond_wait(&wcond, &wlock);
			}
			continue;
		}
		running = true;
		running_tag = w->tag;
		pthread_mutex_unlock(&wlock);
		w->fn(w->arg);
		free(w);
		pthread_mutex_lock(&wlock);
		running = false;
		running_tag = NULL;
		run_gen++;
		pthread_cond_broadcast(&idle_cond);
	}
	return NULL;
}

void dmart_work_queue(dmart_work_fn fn, void *arg, void *tag, unsigned int delay_ms)
{
	struct work_item *w = calloc(1, sizeof(*w)), **pp;
	pthread_condattr_t attr;

	if (!w)
		return;
	w->fn = fn;
	w->arg = arg;
	w->tag = tag;
	w->due = now_ms() + delay_ms;
	pthread_mutex_lock(&wlock);
	if (!started) {
		pthread_t t;

		/* Timed waits above use CLOCK_MONOTONIC deadlines. */
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_destroy(&wcond);
		pthread_cond_init(&wcond, &attr);
		pthread_condattr_destroy(&attr);
		if (pthread_create(&t, NULL, worker, NULL) == 0) {
			pthread_detach(t);
			started = true;
		}
	}
	for (pp = &queue; *pp; pp = &(*pp)->next)
		;
	*pp = w;
	pthread_cond_broadcast(&wcond);
	pthread_mutex_unlock(&wlock);
}

static int cancel_locked(void *tag)
{
	struct work_item **pp, *w;
	int n = 0;

	pp = &queue;
	while ((w = *pp)) {
		if (w->tag == tag) {
			*pp = w->next;
			free(w);
			n++;
		} else {
			pp = &w->next;
		}
	}
	return n;
}

int dmart_work_cancel(void *tag)
{
	int n;

	pthread_mutex_lock(&wlock);
	n = cancel_locked(tag);
	pthread_mutex_unlock(&wlock);
	return n;
}

/*
 * Until no work of @tag is queued or running: what the running one queues
 * is cancelled too, and the worker may have taken it already, so cancel and
 * wait in turn.  The caller must have stopped whatever requeues @tag, or
 * this never returns.  Never with dmart_lock held; from the worker itself
 * only the queue is cleared.
 */
void dmart_work_drain(void *tag)
{
	pthread_mutex_lock(&wlock);
	for (;;) {
		cancel_locked(tag);
		if (is_worker || !running || running_tag != tag)
			break;
		pthread_cond_wait(&idle_cond, &wlock);
	}
	pthread_mutex_unlock(&wlock);
}

/*
 * Wait until the work of @tag running now, if any, has finished; never call
 * with dmart_lock held.  Work it queues is not waited for: a callback that
 * always requeues itself would otherwise keep us here for ever.
 */
void dmart_work_wait_idle(void *tag)
{
	unsigned long gen;

	if (is_worker)
		return;
	pthread_mutex_lock(&wlock);
	gen = run_gen;
	while (running && running_tag == tag && run_gen == gen)
		pthread_cond_wait(&idle_cond, &wlock);
	pthread_mutex_unlock(&wlock);
}

bool dmart_in_worker(void)
{
	return is_worker;
}

/* Wait until everything queued and due has run. */
void dmart_work_flush(void)
{
	if (is_worker)
		return;
	pthread_mutex_lock(&wlock);
	for (;;) {
		struct work_item *w;
		bool due = false;

		for (w = queue; w; w = w->next)
			due |= w->due <= now_ms() + 1;
		if (!due && !running)
			break;
		pthread_mutex_unlock(&wlock);
		{
			struct timespec ts = { 0, 500000 };

			nanosleep(&ts, NULL);
		}
		pthread_mutex_lock(&wlock);
	}
	pthread_mutex_unlock(&wlock);
}
