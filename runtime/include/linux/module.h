/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/types.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

struct module {
	const char *name;
};

#define THIS_MODULE		((struct module *)0)
#define MODULE_LICENSE(x)	struct __dmart_modinfo_dummy
#define MODULE_AUTHOR(x)	struct __dmart_modinfo_dummy
#define MODULE_DESCRIPTION(x)	struct __dmart_modinfo_dummy
#define MODULE_VERSION(x)	struct __dmart_modinfo_dummy
#define MODULE_ALIAS(x)		struct __dmart_modinfo_dummy
#define MODULE_FIRMWARE(x)	struct __dmart_modinfo_dummy
#define MODULE_IMPORT_NS(x)	struct __dmart_modinfo_dummy
#define MODULE_DEVICE_TABLE(type, name) struct __dmart_modinfo_dummy
#define MODULE_PARM_DESC(p, d)	struct __dmart_modinfo_dummy
#define module_param(name, type, perm) struct __dmart_modinfo_dummy
#define module_param_named(n, v, t, p) struct __dmart_modinfo_dummy
#define EXPORT_SYMBOL(sym)	struct __dmart_modinfo_dummy
#define EXPORT_SYMBOL_GPL(sym)	struct __dmart_modinfo_dummy

#define module_driver(__driver, __register, __unregister, ...) \
	static void *__dmart_driver_##__driver __attribute__((__unused__)) = &(__driver)

#endif /* _LINUX_MODULE_H */
