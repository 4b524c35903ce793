/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: interrupt state.  The runtime tracks, per thread, whether
 * "interrupts" are disabled so that dma_free_coherent() & co. can be
 * checked.  The kernel's macros write to their flags argument; here the
 * same-named functions take its address.
 */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/kernel.h>

void local_irq_save(unsigned long *flags);
void local_irq_restore(unsigned long flags);
void local_irq_disable(void);
void local_irq_enable(void);
int irqs_disabled(void);
void local_bh_disable(void);
void local_bh_enable(void);
#define local_irq_save(flags)	local_irq_save(&(flags))
#define irqs_disabled_flags(flags) ((flags) != 0)
int in_interrupt(void);
int in_atomic(void);
#define in_irq()		in_interrupt()
#define in_softirq()		in_interrupt()
#define in_task()		(!in_interrupt())

#endif /* _LINUX_IRQFLAGS_H */
