/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include <linux/jiffies.h>

typedef struct wait_queue_head {
	unsigned int seq;
} wait_queue_head_t;

#define DECLARE_WAIT_QUEUE_HEAD(name)	wait_queue_head_t name = { 0 }

void init_waitqueue_head(wait_queue_head_t *wq);
void wake_up(wait_queue_head_t *wq);
#define wake_up_all(wq)			wake_up(wq)
#define wake_up_interruptible(wq)	wake_up(wq)
#define wake_up_interruptible_all(wq)	wake_up(wq)
/* Sleeps until woken or about a millisecond has passed. */
void dmart_wait_poll(wait_queue_head_t *wq);

#define wait_event(wq, cond) \
	do { while (!(cond)) dmart_wait_poll(&(wq)); } while (0)
#define wait_event_interruptible(wq, cond) ({ wait_event(wq, cond); 0; })
#define wait_event_timeout(wq, cond, timeout) ({			\
	unsigned long __end = jiffies + (timeout);			\
	long __ret = 1;							\
	while (!(cond)) {						\
		if (time_after(jiffies, __end)) { __ret = 0; break; }	\
		dmart_wait_poll(&(wq));					\
	}								\
	if (__ret) {							\
		long __left = (long)(__end - jiffies);			\
		__ret = __left > 0 ? __left : 1;			\
	}								\
	__ret; })
#define wait_event_interruptible_timeout(wq, cond, timeout) \
	wait_event_timeout(wq, cond, timeout)

#endif /* _LINUX_WAIT_H */
