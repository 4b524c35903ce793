/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/types.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

struct timer_list {
	unsigned long expires;
	void (*function)(struct timer_list *t);
	unsigned int flags;
};

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *t),
		 unsigned int flags);
int mod_timer(struct timer_list *timer, unsigned long expires);
int del_timer(struct timer_list *timer);
int del_timer_sync(struct timer_list *timer);
#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

#endif /* _LINUX_TIMER_H */
