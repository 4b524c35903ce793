/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst
#define __devinit
#define __devexit
#define __exit_p(x)	x

/* The harness calls probe/init itself; these only keep the symbols used. */
#define module_init(fn) \
	static int (*__dmart_initcall_##fn)(void) __attribute__((__unused__)) = fn
#define module_exit(fn) \
	static void (*__dmart_exitcall_##fn)(void) __attribute__((__unused__)) = fn
#define late_initcall(fn)	module_init(fn)
#define subsys_initcall(fn)	module_init(fn)
#define device_initcall(fn)	module_init(fn)

#endif /* _LINUX_INIT_H */
