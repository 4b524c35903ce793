/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/jiffies.h>
#include <linux/wait.h>

void schedule(void);
long schedule_timeout(long timeout);
void cond_resched(void);
#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define set_current_state(s)	do { } while (0)

#endif /* _LINUX_SCHED_H */
