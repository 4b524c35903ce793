/* SPDX-License-Identifier: GPL-2.0 */
/* libdmart: work items run on the runtime's deferred-work thread. */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/timer.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	unsigned int dmart_state;
};

struct delayed_work {
	struct work_struct work;
	unsigned long delay;
};

struct workqueue_struct;

#define INIT_WORK(w, f)		do { (w)->func = (f); (w)->dmart_state = 0; } while (0)
#define INIT_DELAYED_WORK(w, f)	do { INIT_WORK(&(w)->work, f); (w)->delay = 0; } while (0)
#define DECLARE_WORK(n, f)	struct work_struct n = { .func = (f) }

bool schedule_work(struct work_struct *work);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);
bool flush_work(struct work_struct *work);
bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay);
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay);
bool cancel_delayed_work_sync(struct delayed_work *dwork);
bool cancel_delayed_work(struct delayed_work *dwork);
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...);
#define create_singlethread_workqueue(name) alloc_workqueue("%s", 0, 1, (name))
#define alloc_ordered_workqueue(fmt, flags, args...) alloc_workqueue(fmt, flags, 1, ##args)
void destroy_workqueue(struct workqueue_struct *wq);
void flush_workqueue(struct workqueue_struct *wq);
#define to_delayed_work(w)	((struct delayed_work *)(w))

#endif /* _LINUX_WORKQUEUE_H */
