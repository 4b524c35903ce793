/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: spinlocks that really lock (driver callbacks run on other
 * threads) and record atomic context for the GFP_KERNEL / irq checks.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/irqflags.h>
#include <linux/list.h>
#include <asm/page.h>

typedef struct spinlock {
	int locked;
} spinlock_t;

typedef spinlock_t raw_spinlock_t;

typedef struct {
	int locked;
} rwlock_t;

#define __SPIN_LOCK_UNLOCKED(name)	{ 0 }
#define DEFINE_SPINLOCK(x)		spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x)		raw_spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_lock_bh(spinlock_t *lock);
void spin_unlock_bh(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
void spin_lock_irqsave(spinlock_t *lock, unsigned long *flags);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
#define spin_lock_irqsave(lock, flags)	spin_lock_irqsave(lock, &(flags))
int spin_is_locked(spinlock_t *lock);

#define raw_spin_lock_init		spin_lock_init
#define raw_spin_lock			spin_lock
#define raw_spin_unlock			spin_unlock
#define raw_spin_lock_irqsave		spin_lock_irqsave
#define raw_spin_unlock_irqrestore	spin_unlock_irqrestore
#define assert_spin_locked(lock)	do { } while (0)
#define lockdep_assert_held(lock)	do { } while (0)

#endif /* _LINUX_SPINLOCK_H */
