/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/stddef.h>

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
};

#define IORESOURCE_IO	0x00000100
#define IORESOURCE_MEM	0x00000200
#define IORESOURCE_IRQ	0x00000400
#define IORESOURCE_DMA	0x00000800

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

#endif /* _LINUX_IOPORT_H */
