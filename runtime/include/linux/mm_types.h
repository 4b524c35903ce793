/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

/* One per page of libdmart's simulated physical memory (its mem_map). */
struct page {
	unsigned long flags;
	unsigned long private;
	void *dmart_kmap;
	int dmart_kmap_count;
};

typedef struct {
	unsigned long pgprot;
} pgprot_t;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_pgoff;
	unsigned long vm_flags;
	pgprot_t vm_page_prot;
	void *vm_private_data;
};

#endif /* _LINUX_MM_TYPES_H */
