/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/types.h>
#include <linux/irqflags.h>
#include <linux/list.h>
#include <asm/page.h>

struct mutex {
	int locked;
};

#define __MUTEX_INITIALIZER(name)	{ 0 }
#define DEFINE_MUTEX(name)		struct mutex name = __MUTEX_INITIALIZER(name)

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
int mutex_is_locked(struct mutex *lock);
#define mutex_destroy(lock)	do { } while (0)

#endif /* _LINUX_MUTEX_H */
