// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart kernel services drivers lean on: printk, locks with context
 * tracking (interrupts off, spinlocks, softirq), completions, work, timers,
 * tasklets, IRQ handlers, delays, MMIO, scatterlists and PCI/platform
 * stubs.
 */
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/timer.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include "internal.h"

/* --- execution context, per thread --- */

static __thread int irqs_off;
static __thread int hardirq;
static __thread int spin_held;
static __thread int softirq;

int dmart_irq_depth(void)
{
	return irqs_off || hardirq;
}

int dmart_spin_depth(void)
{
	return spin_held + softirq;
}

void dmart_atomic_enter(void)
{
	softirq++;
}

void dmart_atomic_exit(void)
{
	softirq--;
}

/* Parenthesised: the header makes these names take an lvalue. */
void (local_irq_save)(unsigned long *flags)
{
	*flags = irqs_off;
	irqs_off = 1;
}

void local_irq_restore(unsigned long flags)
{
	irqs_off = flags != 0;
}

void local_irq_disable(void)
{
	irqs_off = 1;
}

void local_irq_enable(void)
{
	irqs_off = 0;
}

int irqs_disabled(void)
{
	return dmart_irq_depth();
}

void local_bh_disable(void)
{
	softirq++;
}

void local_bh_enable(void)
{
	softirq--;
}

int in_interrupt(void)
{
	return hardirq || softirq;
}

int in_atomic(void)
{
	return hardirq || softirq || spin_held || irqs_off;
}

/* --- spinlocks and mutexes: real locks, other threads run callbacks --- */

static void raw_lock(int *word)
{
	while (__atomic_exchange_n(word, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void raw_unlock(int *word)
{
	__atomic_store_n(word, 0, __ATOMIC_RELEASE);
}

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
}

void spin_lock(spinlock_t *lock)
{
	raw_lock(&lock->locked);
	spin_held++;
}

void spin_unlock(spinlock_t *lock)
{
	spin_held--;
	raw_unlock(&lock->locked);
}

int spin_trylock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return 0;
	spin_held++;
	return 1;
}

int spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

void spin_lock_bh(spinlock_t *lock)
{
	spin_lock(lock);
}

void spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock(lock);
}

void spin_lock_irq(spinlock_t *lock)
{
	irqs_off = 1;
	spin_lock(lock);
}

void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	irqs_off = 0;
}

void (spin_lock_irqsave)(spinlock_t *lock, unsigned long *flags)
{
	(local_irq_save)(flags);
	spin_lock(lock);
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	local_irq_restore(flags);
}

void mutex_init(struct mutex *lock)
{
	lock->locked = 0;
}

void mutex_lock(struct mutex *lock)
{
	raw_lock(&lock->locked);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	raw_lock(&lock->locked);
	return 0;
}

int mutex_trylock(struct mutex *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void mutex_unlock(struct mutex *lock)
{
	raw_unlock(&lock->locked);
}

int mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

/* --- time --- */

static u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

unsigned long dmart_jiffies(void)
{
	return (unsigned long)(mono_ns() / 1000000);
}

unsigned long msecs_to_jiffies(const unsigned int m)
{
	return m;
}

unsigned long usecs_to_jiffies(const unsigned int u)
{
	return DIV_ROUND_UP(u, 1000);
}

unsigned int jiffies_to_msecs(const unsigned long j)
{
	return j;
}

static void sleep_ns(u64 ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ULL), (long)(ns % 1000000000ULL) };

	nanosleep(&ts, NULL);
}

void udelay(unsigned long usecs)
{
	sleep_ns((u64)usecs * 1000);
}

void ndelay(unsigned long nsecs)
{
	sleep_ns(nsecs);
}

void mdelay(unsigned long msecs)
{
	sleep_ns((u64)msecs * 1000000);
}

void msleep(unsigned int msecs)
{
	sleep_ns((u64)msecs * 1000000);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}

void usleep_range(unsigned long min, unsigned long max)
{
	sleep_ns((u64)min * 1000);
}

void fsleep(unsigned long usecs)
{
	udelay(usecs);
}

void schedule(void)
{
	sched_yield();
}

long schedule_timeout(long timeout)
{
	msleep(timeout);
	return 0;
}

void cond_resched(void)
{
	sched_yield();
}

/* --- completions and wait queues: one condition variable for all --- */

static pthread_mutex_t cmutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ccond = PTHREAD_COND_INITIALIZER;
#define COMPLETE_ALL (~0U >> 1)

void init_completion(struct completion *x)
{
	x->done = 0;
}

void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x)
{
	pthread_mutex_lock(&cmutex);
	if (x->done != COMPLETE_ALL)
		x->done++;
	pthread_cond_broadcast(&ccond);
	pthread_mutex_unlock(&cmutex);
}

void complete_all(struct completion *x)
{
	pthread_mutex_lock(&cmutex);
	x->done = COMPLETE_ALL;
	pthread_cond_broadcast(&ccond);
	pthread_mutex_unlock(&cmutex);
}

static bool wait_done(struct completion *x, long ms)
{
	u64 end = mono_ns() + (u64)ms * 1000000;
	bool ok;

	pthread_mutex_lock(&cmutex);
	while (!x->done) {
		struct timespec ts;
		u64 now = mono_ns();

		if (ms >= 0 && now >= end)
			break;
		/* Poll in short slices: the condvar clock is CLOCK_REALTIME. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&ccond, &cmutex, &ts);
	}
	ok = x->done;
	if (ok && x->done != COMPLETE_ALL)
		x->done--;
	pthread_mutex_unlock(&cmutex);
	return ok;
}

void wait_for_completion(struct completion *x)
{
	wait_done(x, -1);
}

int wait_for_completion_interruptible(struct completion *x)
{
	wait_done(x, -1);
	return 0;
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	u64 start = dmart_jiffies();
	unsigned long used;

	if (!wait_done(x, (long)timeout))
		return 0;
	used = dmart_jiffies() - start;
	return used < timeout ? timeout - used : 1;
}

long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout)
{
	return wait_for_completion_timeout(x, timeout);
}

bool try_wait_for_completion(struct completion *x)
{
	return wait_done(x, 0);
}

bool completion_done(struct completion *x)
{
	return __atomic_load_n(&x->done, __ATOMIC_ACQUIRE) != 0;
}

void init_waitqueue_head(wait_queue_head_t *wq)
{
	wq->seq = 0;
}

void wake_up(wait_queue_head_t *wq)
{
	pthread_mutex_lock(&cmutex);
	wq->seq++;
	pthread_cond_broadcast(&ccond);
	pthread_mutex_unlock(&cmutex);
}

void dmart_wait_poll(wait_queue_head_t *wq)
{
	sleep_ns(200000);
}

/* --- workqueues, timers, tasklets: all on the deferred-work thread --- */

#define WORK_QUEUED 1

static void run_work(void *arg)
{
	struct work_struct *w = arg;

	__atomic_store_n(&w->dmart_state, 0, __ATOMIC_RELEASE);
	w->func(w);
}

static bool queue_work_delay(struct work_struct *work, unsigned long delay)
{
	if (__atomic_exchange_n(&work->dmart_state, WORK_QUEUED, __ATOMIC_ACQ_REL))
		return false;
	dmart_work_queue(run_work, work, work, delay);
	return true;
}

bool schedule_work(struct work_struct *work)
{
	return queue_work_delay(work, 0);
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_delay(work, 0);
}

bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_work_delay(&dwork->work, delay);
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay)
{
	return queue_work_delay(&dwork->work, delay);
}

bool cancel_work_sync(struct work_struct *work)
{
	bool pending = dmart_work_cancel(work) > 0;

	__atomic_store_n(&work->dmart_state, 0, __ATOMIC_RELEASE);
	dmart_work_wait_idle(work);
	return pending;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return cancel_work_sync(&dwork->work);
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	bool pending = dmart_work_cancel(&dwork->work) > 0;

	__atomic_store_n(&dwork->work.dmart_state, 0, __ATOMIC_RELEASE);
	return pending;
}

bool flush_work(struct work_struct *work)
{
	while (__atomic_load_n(&work->dmart_state, __ATOMIC_ACQUIRE) && !dmart_in_worker())
		sleep_ns(200000);
	dmart_work_wait_idle(work);
	return true;
}

static struct workqueue_struct {
	int unused;
} the_wq;

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	return &the_wq;
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	dmart_work_flush();
}

void flush_workqueue(struct workqueue_struct *wq)
{
	dmart_work_flush();
}

static void run_timer(void *arg)
{
	struct timer_list *t = arg;

	t->flags &= ~1u;
	softirq++;
	t->function(t);
	softirq--;
}

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *t),
		 unsigned int flags)
{
	timer->function = func;
	timer->flags = 0;
	timer->expires = 0;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	long delay = (long)(expires - dmart_jiffies());
	int pending = dmart_work_cancel(timer) > 0;

	timer->expires = expires;
	timer->flags |= 1u;
	dmart_work_queue(run_timer, timer, timer, delay > 0 ? delay : 0);
	return pending;
}

int del_timer(struct timer_list *timer)
{
	timer->flags &= ~1u;
	return dmart_work_cancel(timer) > 0;
}

int del_timer_sync(struct timer_list *timer)
{
	int ret = del_timer(timer);

	dmart_work_wait_idle(timer);
	return ret;
}

#define TASKLET_QUEUED 1

static void run_tasklet(void *arg)
{
	struct tasklet_struct *t = arg;

	__atomic_store_n(&t->dmart_state, 0, __ATOMIC_RELEASE);
	softirq++;
	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
	softirq--;
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long),
		  unsigned long data)
{
	memset(t, 0, sizeof(*t));
	t->func = func;
	t->data = data;
}

void tasklet_setup(struct tasklet_struct *t,
		   void (*callback)(struct tasklet_struct *))
{
	memset(t, 0, sizeof(*t));
	t->callback = callback;
	t->use_callback = true;
}

void tasklet_schedule(struct tasklet_struct *t)
{
	if (!__atomic_exchange_n(&t->dmart_state, TASKLET_QUEUED, __ATOMIC_ACQ_REL))
		dmart_work_queue(run_tasklet, t, t, 0);
}

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	tasklet_schedule(t);
}

void tasklet_kill(struct tasklet_struct *t)
{
	dmart_work_cancel(t);
	__atomic_store_n(&t->dmart_state, 0, __ATOMIC_RELEASE);
	dmart_work_wait_idle(t);
}

/* --- interrupt handlers, fired by the harness --- */

#define MAX_IRQS 64
static struct {
	unsigned int irq;
	irq_handler_t handler;
	irq_handler_t thread_fn;
	void *dev_id;
	bool used;
	bool disabled;
} irqs[MAX_IRQS];

int request_threaded_irq(unsigned int irq, irq_handler_t handler,
			 irq_handler_t thread_fn, unsigned long flags,
			 const char *name, void *dev)
{
	int i;

	dmart_lock();
	for (i = 0; i < MAX_IRQS && irqs[i].used; i++)
		;
	if (i < MAX_IRQS) {
		irqs[i].irq = irq;
		irqs[i].handler = handler;
		irqs[i].thread_fn = thread_fn;
		irqs[i].dev_id = dev;
		irqs[i].used = true;
		irqs[i].disabled = false;
	}
	dmart_unlock();
	return i < MAX_IRQS ? 0 : -EBUSY;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}

struct devm_irq {
	unsigned int irq;
	void *dev_id;
};

static void devm_irq_release(void *p)
{
	struct devm_irq *r = p;

	free_irq(r->irq, r->dev_id);
	free(r);
}

int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
		     unsigned long irqflags, const char *devname, void *dev_id)
{
	struct devm_irq *r = malloc(sizeof(*r));
	int ret = request_irq(irq, handler, irqflags, devname, dev_id);

	if (ret || !r) {
		free(r);
		return ret ? ret : -ENOMEM;
	}
	r->irq = irq;
	r->dev_id = dev_id;
	return devm_add_action_or_reset(dev, devm_irq_release, r);
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	int i;

	dmart_lock();
	for (i = 0; i < MAX_IRQS; i++)
		if (irqs[i].used && irqs[i].irq == irq && irqs[i].dev_id == dev_id)
			irqs[i].used = false;
	dmart_unlock();
	return NULL;
}

static void irq_set_disabled(unsigned int irq, bool off)
{
	int i;

	dmart_lock();
	for (i = 0; i < MAX_IRQS; i++)
		if (irqs[i].used && irqs[i].irq == irq)
			irqs[i].disabled = off;
	dmart_unlock();
}

void disable_irq(unsigned int irq)
{
	irq_set_disabled(irq, true);
}

void enable_irq(unsigned int irq)
{
	irq_set_disabled(irq, false);
}

void synchronize_irq(unsigned int irq)
{
}

int dmart_irq_raise(unsigned int irq)
{
	irqreturn_t ret = IRQ_NONE;
	int i, found = 0;

	for (i = 0; i < MAX_IRQS; i++) {
		irq_handler_t h, t;
		void *dev_id;

		dmart_lock();
		if (!irqs[i].used || irqs[i].irq != irq || irqs[i].disabled) {
			dmart_unlock();
			continue;
		}
		h = irqs[i].handler;
		t = irqs[i].thread_fn;
		dev_id = irqs[i].dev_id;
		dmart_unlock();
		found = 1;
		/* Hard interrupt context: interrupts off, nothing may sleep. */
		hardirq++;
		ret = h ? h(irq, dev_id) : IRQ_WAKE_THREAD;
		hardirq--;
		if (ret == IRQ_WAKE_THREAD && t)
			ret = t(irq, dev_id);
	}
	return found ? (int)ret : -ENOENT;
}

/* --- printk and warnings --- */

static const char *skip_level(const char *fmt, const char **level)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warn", "notice", "info", "debug" };

	*level = "";
	if (fmt[0] == '\001' && fmt[1]) {
		if (fmt[1] >= '0' && fmt[1] <= '7')
			*level = names[fmt[1] - '0'];
		return fmt + 2;
	}
	return fmt;
}

int printk(const char *fmt, ...)
{
	const char *level;
	va_list ap;
	int n;

	fmt = skip_level(fmt, &level);
	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}

void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	const char *name;
	va_list ap;

	skip_level(level, &name);
	fprintf(stderr, "%s %s: ", name, dev_name(dev));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	va_list ap;

	if (err != -EPROBE_DEFER) {
		fprintf(stderr, "err %s: error %d: ", dev_name(dev), err);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	return err;
}

void dmart_bug(const char *file, int line)
{
	fprintf(stderr, "kernel BUG at %s:%d!\n", file, line);
	fflush(NULL);
	abort();
}

void dmart_warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "WARNING: %s:%d: %s\n", file, line, cond);
}

/* --- small library functions --- */

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < (int)size ? n : (int)size - 1;
}

ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t len = strnlen(src, count);

	if (!count)
		return -E2BIG;
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = 0;
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (; bytes; bytes--, p++)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	char *end;

	*res = strtoul(s, &end, base);
	return end == s ? -EINVAL : 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	char *end;

	*res = (int)strtol(s, &end, base);
	return end == s ? -EINVAL : 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}

/* --- MMIO: plain memory the harness owns --- */

u8 readb(const volatile void __iomem *addr) { return *(const volatile u8 *)addr; }
u16 readw(const volatile void __iomem *addr) { return *(const volatile u16 *)addr; }
u32 readl(const volatile void __iomem *addr) { return *(const volatile u32 *)addr; }
u64 readq(const volatile void __iomem *addr) { return *(const volatile u64 *)addr; }
void writeb(u8 v, volatile void __iomem *addr) { *(volatile u8 *)addr = v; }
void writew(u16 v, volatile void __iomem *addr) { *(volatile u16 *)addr = v; }
void writel(u32 v, volatile void __iomem *addr) { *(volatile u32 *)addr = v; }
void writeq(u64 v, volatile void __iomem *addr) { *(volatile u64 *)addr = v; }
unsigned int ioread8(const void __iomem *addr) { return readb(addr); }
unsigned int ioread16(const void __iomem *addr) { return readw(addr); }
unsigned int ioread32(const void __iomem *addr) { return readl(addr); }
void iowrite8(u8 v, void __iomem *addr) { writeb(v, addr); }
void iowrite16(u16 v, void __iomem *addr) { writew(v, addr); }
void iowrite32(u32 v, void __iomem *addr) { writel(v, addr); }

u64 lo_hi_readq(const volatile void __iomem *addr)
{
	const volatile u32 *p = addr;
	u32 lo = readl(p), hi = readl(p + 1);

	return lo | ((u64)hi << 32);
}

u64 hi_lo_readq(const volatile void __iomem *addr)
{
	const volatile u32 *p = addr;
	u32 hi = readl(p + 1), lo = readl(p);

	return lo | ((u64)hi << 32);
}

void lo_hi_writeq(__u64 val, volatile void __iomem *addr)
{
	volatile u32 *p = addr;

	writel((u32)val, p);
	writel((u32)(val >> 32), p + 1);
}

void hi_lo_writeq(__u64 val, volatile void __iomem *addr)
{
	volatile u32 *p = addr;

	writel((u32)(val >> 32), p + 1);
	writel((u32)val, p);
}

void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t count)
{
	memcpy(dst, (const void *)src, count);
}

void memcpy_toio(volatile void __iomem *dst, const void *src, size_t count)
{
	memcpy((void *)dst, src, count);
}

void memset_io(volatile void __iomem *dst, int c, size_t count)
{
	memset((void *)dst, c, count);
}

void __iomem *ioremap(phys_addr_t offset, size_t size)
{
	return calloc(1, size ? size : 1);
}

void __iomem *ioremap_wc(phys_addr_t offset, size_t size)
{
	return ioremap(offset, size);
}

void iounmap(volatile void __iomem *addr)
{
	free((void *)addr);
}

/* --- scatterlists --- */

void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	if (nents)
		sg_mark_end(&sgl[nents - 1]);
}

static void set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	sg_set_page(sg, virt_to_page(buf), buflen, offset_in_page(buf));
	/* Remember the address itself: stack or vmalloc memory has no page. */
	sg->dmart_virt = (void *)buf;
}

void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	struct dmart_call c = dmart_call("sg_set_buf");

	set_buf(sg, buf, buflen);
	sg->dmart_set_api = c.api;
	sg->dmart_set_file = c.file;
	sg->dmart_set_line = c.line;
}

void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	struct dmart_call c = dmart_call("sg_init_one");

	sg_init_table(sg, 1);
	set_buf(sg, buf, buflen);
	sg->dmart_set_api = c.api;
	sg->dmart_set_file = c.file;
	sg->dmart_set_line = c.line;
}

struct scatterlist *sg_next(struct scatterlist *sg)
{
	if (sg_is_last(sg))
		return NULL;
	sg++;
	if (sg_is_chain(sg))
		sg = sg_chain_ptr(sg);
	return sg;
}

struct scatterlist *sg_last(struct scatterlist *s, unsigned int nents)
{
	struct scatterlist *ret = NULL;
	unsigned int i;

	for_each_sg(s, s, nents, i)
		ret = s;
	return ret;
}

int sg_nents(struct scatterlist *sg)
{
	int n;

	for (n = 0; sg; sg = sg_next(sg))
		n++;
	return n;
}

int sg_nents_for_len(struct scatterlist *sg, u64 len)
{
	int n;
	u64 total = 0;

	for (n = 0; sg; sg = sg_next(sg)) {
		n++;
		total += sg->length;
		if (total >= len)
			return n;
	}
	return -EINVAL;
}

int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp_mask)
{
	memset(table, 0, sizeof(*table));
	if (!nents)
		return -EINVAL;
	table->sgl = kcalloc(nents, sizeof(struct scatterlist), gfp_mask);
	if (!table->sgl)
		return -ENOMEM;
	sg_init_table(table->sgl, nents);
	table->nents = table->orig_nents = nents;
	return 0;
}

void sg_free_table(struct sg_table *table)
{
	kfree(table->sgl);
	table->sgl = NULL;
	table->nents = table->orig_nents = 0;
}

int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
			      unsigned int n_pages, unsigned int offset,
			      unsigned long size, gfp_t gfp_mask)
{
	struct scatterlist *s;
	unsigned int i;
	int ret = sg_alloc_table(sgt, n_pages, gfp_mask);

	if (ret)
		return ret;
	for_each_sg(sgt->sgl, s, n_pages, i) {
		unsigned int len = PAGE_SIZE - offset;

		if (len > size)
			len = size;
		sg_set_page(s, pages[i], len, offset);
		size -= len;
		offset = 0;
	}
	return 0;
}

static size_t sg_copy(struct scatterlist *sgl, unsigned int nents, void *buf,
		      size_t buflen, bool to_sg)
{
	struct scatterlist *s;
	size_t done = 0;
	unsigned int i;

	for_each_sg(sgl, s, nents, i) {
		size_t n = s->length < buflen - done ? s->length : buflen - done;

		if (to_sg)
			memcpy(sg_virt(s), (char *)buf + done, n);
		else
			memcpy((char *)buf + done, sg_virt(s), n);
		done += n;
		if (done == buflen)
			break;
	}
	return done;
}

size_t sg_copy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			   const void *buf, size_t buflen)
{
	return sg_copy(sgl, nents, (void *)buf, buflen, true);
}

size_t sg_copy_to_buffer(struct scatterlist *sgl, unsigned int nents,
			 void *buf, size_t buflen)
{
	return sg_copy(sgl, nents, buf, buflen, false);
}

/* --- PCI and platform stubs --- */

int pci_enable_device(struct pci_dev *dev) { return 0; }
int pcim_enable_device(struct pci_dev *pdev) { return 0; }
void pci_disable_device(struct pci_dev *dev) { }
void pci_set_master(struct pci_dev *dev) { }
void pci_clear_master(struct pci_dev *dev) { }
int pci_request_regions(struct pci_dev *pdev, const char *res_name) { return 0; }
void pci_release_regions(struct pci_dev *pdev) { }
int pci_register_driver(struct pci_driver *drv) { return 0; }
void pci_unregister_driver(struct pci_driver *drv) { }
void pci_free_irq_vectors(struct pci_dev *dev) { }

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags)
{
	return min_vecs ? (int)min_vecs : 1;
}

int pci_irq_vector(struct pci_dev *dev, unsigned int nr)
{
	return dev->irq + nr;
}

/* BARs are zeroed host memory, freed with the pci_dev. */
void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{
	size_t len = pci_resource_len(dev, bar);

	if (bar < 0 || bar >= PCI_STD_NUM_BARS)
		return NULL;
	if (!dev->dmart_bars[bar])
		dev->dmart_bars[bar] = calloc(1, len ? len : 4096);
	return dev->dmart_bars[bar];
}

void pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
}

void __iomem *pcim_iomap(struct pci_dev *pdev, int bar, unsigned long maxlen)
{
	return pci_iomap(pdev, bar, maxlen);
}

int pcim_iomap_regions(struct pci_dev *pdev, int mask, const char *name)
{
	int i;

	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		if (mask & (1 << i))
			pci_iomap(pdev, i, 0);
	return 0;
}

void __iomem * const *pcim_iomap_table(struct pci_dev *pdev)
{
	return pdev->dmart_bars;
}

struct resource *platform_get_resource(struct platform_device *dev,
				       unsigned int type, unsigned int num)
{
	unsigned int i, seen = 0;

	for (i = 0; i < dev->num_resources; i++)
		if ((dev->resource[i].flags & type) && seen++ == num)
			return &dev->resource[i];
	return NULL;
}

int platform_get_irq(struct platform_device *dev, unsigned int num)
{
	return 32 + num;
}

static void free_region(void *p)
{
	free(p);
}

void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res)
{
	void *p = calloc(1, res ? resource_size(res) : 4096);

	if (p)
		devm_add_action_or_reset(dev, free_region, p);
	return p;
}

void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev,
					     unsigned int index)
{
	return devm_ioremap_resource(&pdev->dev,
				     platform_get_resource(pdev, IORESOURCE_MEM, index));
}

int platform_driver_register(struct platform_driver *drv) { return 0; }
void platform_driver_unregister(struct platform_driver *drv) { }
