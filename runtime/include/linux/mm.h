/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: pages of simulated physical memory.  page_address() gives the
 * linear-map address; vmalloc/vmap/kmap addresses live in another window
 * that aliases the same pages.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/err.h>
#include <asm/page.h>
#include <linux/ioport.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/dmart-loc.h>
#include <linux/sizes.h>

struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_page(gfp_t gfp);
void __free_pages(struct page *page, unsigned int order);
void __free_page(struct page *page);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long __get_free_page(gfp_t gfp);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
void free_page(unsigned long addr);

void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
bool is_vmalloc_addr(const void *addr);
bool virt_addr_valid(const void *addr);
phys_addr_t virt_to_phys(const volatile void *addr);
void *phys_to_virt(phys_addr_t addr);
phys_addr_t page_to_phys(const struct page *page);
unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(unsigned long pfn);
#define page_to_virt(page)	page_address(page)
#define virt_to_pfn(addr)	page_to_pfn(virt_to_page(addr))
#define __pa(x)			virt_to_phys((void *)(x))
#ifdef DMART_WRAP
#define virt_to_phys(...)	DMART_AT(virt_to_phys, (__VA_ARGS__))
#endif
#define __va(x)			phys_to_virt((phys_addr_t)(x))

void get_page(struct page *page);
void put_page(struct page *page);

static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

#define VM_READ		0x01UL
#define VM_WRITE	0x02UL
#define VM_IO		0x4000UL
#define VM_DONTEXPAND	0x40000UL
#define VM_DONTDUMP	0x4000000UL

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot);

#endif /* _LINUX_MM_H */
