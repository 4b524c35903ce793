/* SPDX-License-Identifier: GPL-2.0 */
/* libdmart: vmalloc space is a separate window aliasing linear-map pages. */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>

#define VM_MAP		0x00000004UL
#define VM_USERMAP	0x00000008UL
#define PAGE_KERNEL	((pgprot_t){ 0 })
#define PAGE_KERNEL_RO	((pgprot_t){ 1 })

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *vmalloc_user(unsigned long size);
void *vmalloc_32(unsigned long size);
void *vmalloc_32_user(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
void *vmalloc_array(size_t n, size_t size);
void *vcalloc(size_t n, size_t size);
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);
void vunmap(const void *addr);
void vfree(const void *addr);

#endif /* _LINUX_VMALLOC_H */
