// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart simulated memory.  "Physical memory" is a memfd; the linear map
 * is one shared mapping of all of it, split into a low zone (below 4 GiB,
 * GFP_DMA32 and swiotlb slots) and a high zone (above 4 GiB, where kmalloc
 * memory lives, so 32-bit devices really need bouncing).  vmalloc, vmap
 * and kmap addresses are aliases of the same pages in a separate window,
 * so memory kinds are real and vmalloc_to_page() is exact.
 */
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include "internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define DMART_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DMART_ASAN 1
#endif
#endif
#ifdef DMART_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define LOW_SIZE	(32UL << 20)
#define HIGH_SIZE	(96UL << 20)
#define TOTAL_SIZE	(LOW_SIZE + HIGH_SIZE)
#define LOW_PHYS	0x01000000ULL
#define HIGH_PHYS	0x100000000ULL
#define GRAN		64UL
#define NGRAN		(TOTAL_SIZE / GRAN)
#define LOW_GRAN	(LOW_SIZE / GRAN)
#define NPAGES		(TOTAL_SIZE / PAGE_SIZE)
#define WIN_SIZE	(256UL << 20)
#define WIN_PAGES	(WIN_SIZE / PAGE_SIZE)
/* Linear map alignment: CPU addresses keep the physical alignment. */
#define LINEAR_ALIGN	LOW_SIZE

static int memfd = -1;
static char *linear;
static char *window;
static unsigned long *used_map;
static unsigned long *start_map;
static unsigned long hint[2];
static struct page *mem_map;
static unsigned char *win_used;

struct win_area {
	struct win_area *next;
	char *addr;
	unsigned long npages;
	int kind;			/* KIND_VMALLOC or KIND_KMAP */
	bool owns_pages;
	struct page **pages;
};
static struct win_area *areas;

#define MAX_IMAGE 16
static struct { uintptr_t lo, hi; } image[MAX_IMAGE];
static int nimage;

void dmart_poison(const void *p, size_t size)
{
#ifdef DMART_ASAN
	ASAN_POISON_MEMORY_REGION(p, size);
#endif
}

void dmart_unpoison(const void *p, size_t size)
{
#ifdef DMART_ASAN
	ASAN_UNPOISON_MEMORY_REGION(p, size);
#endif
}

static int image_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	int i;

	/* Only the program itself: its text, rodata, data and bss. */
	if (info->dlpi_name && info->dlpi_name[0])
		return 1;
	for (i = 0; i < info->dlpi_phnum && nimage < MAX_IMAGE; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		image[nimage].lo = info->dlpi_addr + ph->p_vaddr;
		image[nimage].hi = image[nimage].lo + ph->p_memsz;
		nimage++;
	}
	return 1;
}

static void die(const char *what)
{
	perror(what);
	abort();
}

/* The memfd at a LINEAR_ALIGN-aligned address (mmap gives only pages). */
static char *map_linear(void)
{
	char *area, *p;
	size_t lead;

	area = mmap(NULL, TOTAL_SIZE + LINEAR_ALIGN, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		return MAP_FAILED;
	p = (char *)ALIGN((uintptr_t)area, LINEAR_ALIGN);
	lead = p - area;
	if (lead)
		munmap(area, lead);
	munmap(p + TOTAL_SIZE, LINEAR_ALIGN - lead);
	return mmap(p, TOTAL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		    memfd, 0);
}

void dmart_mem_init(void)
{
	memfd = memfd_create("dmart-phys", 0);
	if (memfd < 0 || ftruncate(memfd, TOTAL_SIZE))
		die("dmart: memfd");
	linear = map_linear();
	window = mmap(NULL, WIN_SIZE, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (linear == MAP_FAILED || window == MAP_FAILED)
		die("dmart: mmap");
	used_map = calloc(BITS_TO_LONGS(NGRAN), sizeof(long));
	start_map = calloc(BITS_TO_LONGS(NGRAN), sizeof(long));
	mem_map = calloc(NPAGES, sizeof(struct page));
	win_used = calloc(WIN_PAGES, 1);
	if (!used_map || !start_map || !mem_map || !win_used)
		die("dmart: calloc");
	/* Page 0 of each zone stays unused so no allocation sits at phys 0. */
	used_map[0] |= 1;
	start_map[0] |= 1;
	used_map[LOW_GRAN / BITS_PER_LONG] |= 1;
	start_map[LOW_GRAN / BITS_PER_LONG] |= 1;
	hint[0] = 1;
	hint[1] = LOW_GRAN + 1;
	dmart_poison(linear, TOTAL_SIZE);
	dl_iterate_phdr(image_cb, NULL);
}

static bool bit(const unsigned long *map, unsigned long i)
{
	return (map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1;
}

static void set(unsigned long *map, unsigned long i, bool v)
{
	if (v)
		map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	else
		map[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

/* First fit from a rotating hint; returns the first granule or -1. */
static long find_run(unsigned long lo, unsigned long hi, unsigned long n,
		     unsigned long align, unsigned long from)
{
	unsigned long g, k;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		g = ALIGN(pass ? lo : from, align);
		while (g + n <= hi) {
			for (k = 0; k < n && !bit(used_map, g + k); k++)
				;
			if (k == n)
				return (long)g;
			g = ALIGN(g + k + 1, align);
		}
	}
	return -1;
}

void *dmart_linear_alloc(size_t size, size_t align, bool low, bool zero)
{
	unsigned long n = DIV_ROUND_UP(size ? size : 1, GRAN);
	unsigned long a = align > GRAN ? align / GRAN : 1;
	unsigned long lo = low ? 0 : LOW_GRAN, hi = low ? LOW_GRAN : NGRAN;
	unsigned long k;
	long g;
	char *p;

	dmart_init();
	/* More than the machine holds (and no DIV_ROUND_UP overflow). */
	if (size > TOTAL_SIZE)
		return NULL;
	dmart_lock();
	g = find_run(lo, hi, n, a, hint[!low]);
	if (g < 0) {
		dmart_unlock();
		return NULL;
	}
	for (k = 0; k < n; k++)
		set(used_map, g + k, true);
	set(start_map, g, true);
	hint[!low] = g + n;
	dmart_unlock();
	p = linear + g * GRAN;
	dmart_unpoison(p, size ? size : 1);
	if (zero)
		memset(p, 0, size);
	return p;
}

bool dmart_is_linear(const void *p)
{
	return linear && (const char *)p >= linear &&
		(const char *)p < linear + TOTAL_SIZE;
}

static unsigned long run_len(unsigned long g)
{
	unsigned long n = 1;

	while (g + n < NGRAN && bit(used_map, g + n) && !bit(start_map, g + n))
		n++;
	return n;
}

size_t dmart_linear_size(const void *p)
{
	unsigned long g;
	size_t n = 0;

	if (!dmart_is_linear(p))
		return 0;
	g = ((const char *)p - linear) / GRAN;
	dmart_lock();
	if (bit(start_map, g) && ((const char *)p - linear) % GRAN == 0)
		n = run_len(g) * GRAN;
	dmart_unlock();
	return n;
}

void dmart_linear_free(const void *p)
{
	unsigned long g, n, k;

	if (!dmart_is_linear(p) || ((const char *)p - linear) % GRAN)
		return;
	g = ((const char *)p - linear) / GRAN;
	dmart_lock();
	if (bit(start_map, g)) {
		n = run_len(g);
		for (k = 0; k < n; k++)
			set(used_map, g + k, false);
		set(start_map, g, false);
		dmart_poison(p, n * GRAN);
	}
	dmart_unlock();
}

bool dmart_is_allocated(const void *p, size_t size)
{
	unsigned long g, e;

	if (!dmart_is_linear(p))
		return false;
	g = ((const char *)p - linear) / GRAN;
	e = ((const char *)p + (size ? size : 1) - 1 - linear) / GRAN;
	for (; g <= e && g < NGRAN; g++)
		if (!bit(used_map, g))
			return false;
	return true;
}

bool dmart_virt_to_phys(const void *p, phys_addr_t *phys)
{
	unsigned long off;

	if (!dmart_is_linear(p))
		return false;
	off = (const char *)p - linear;
	*phys = off < LOW_SIZE ? LOW_PHYS + off : HIGH_PHYS + (off - LOW_SIZE);
	return true;
}

void *dmart_phys_to_virt(phys_addr_t phys)
{
	if (phys >= LOW_PHYS && phys < LOW_PHYS + LOW_SIZE)
		return linear + (phys - LOW_PHYS);
	if (phys >= HIGH_PHYS && phys < HIGH_PHYS + HIGH_SIZE)
		return linear + LOW_SIZE + (phys - HIGH_PHYS);
	return NULL;
}

u64 dmart_low_zone_end(void)
{
	return LOW_PHYS + LOW_SIZE - 1;
}

u64 dmart_high_zone_end(void)
{
	return HIGH_PHYS + HIGH_SIZE - 1;
}

size_t dmart_zone_size(bool low)
{
	return low ? LOW_SIZE : HIGH_SIZE;
}

/* --- the vmalloc/kmap window --- */

static struct win_area *find_area(const void *addr)
{
	struct win_area *a;

	for (a = areas; a; a = a->next)
		if ((const char *)addr >= a->addr &&
		    (const char *)addr < a->addr + a->npages * PAGE_SIZE)
			return a;
	return NULL;
}

static void *map_window(struct page **pages, unsigned int count, int kind,
			bool owns)
{
	unsigned long need = count + 1, i, j;
	struct win_area *a;
	char *addr;

	dmart_lock();
	for (i = 0; i + need <= WIN_PAGES; i++) {
		for (j = 0; j < need && !win_used[i + j]; j++)
			;
		if (j == need)
			break;
		i += j;
	}
	if (i + need > WIN_PAGES) {
		dmart_unlock();
		return NULL;
	}
	/* The extra page stays unmapped: a guard, as in the kernel. */
	memset(win_used + i, 1, need);
	addr = window + i * PAGE_SIZE;
	for (j = 0; j < count; j++) {
		off_t off = (char *)page_address(pages[j]) - linear;

		if (mmap(addr + j * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, memfd, off) == MAP_FAILED)
			die("dmart: mmap window");
	}
	a = calloc(1, sizeof(*a));
	a->addr = addr;
	a->npages = count;
	a->kind = kind;
	a->owns_pages = owns;
	a->pages = malloc(count * sizeof(*pages));
	memcpy(a->pages, pages, count * sizeof(*pages));
	a->next = areas;
	areas = a;
	dmart_unlock();
	return addr;
}

static void unmap_window(struct win_area *a)
{
	struct win_area **pp;
	unsigned long i;

	for (pp = &areas; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			break;
		}
	}
	if (mmap(a->addr, a->npages * PAGE_SIZE, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
		die("dmart: munmap window");
	memset(win_used + (a->addr - window) / PAGE_SIZE, 0, a->npages + 1);
	if (a->owns_pages)
		for (i = 0; i < a->npages; i++)
			__free_pages(a->pages[i], 0);
	free(a->pages);
	free(a);
}

void *dmart_vmap_pages(struct page **pages, unsigned int count, int kind)
{
	return map_window(pages, count, kind, false);
}

void dmart_vunmap_area(const void *addr)
{
	struct win_area *a;

	dmart_lock();
	a = find_area(addr);
	if (a && a->addr == addr)
		unmap_window(a);
	dmart_unlock();
}

/* --- memory kinds --- */

static __thread uintptr_t stack_lo, stack_hi;

static bool on_stack(const void *p)
{
	uintptr_t a = (uintptr_t)p;

	if (!stack_hi) {
		pthread_attr_t attr;
		void *base;
		size_t size;

		if (pthread_getattr_np(pthread_self(), &attr))
			return false;
		pthread_attr_getstack(&attr, &base, &size);
		pthread_attr_destroy(&attr);
		stack_lo = (uintptr_t)base;
		stack_hi = stack_lo + size;
	}
	if (a >= stack_lo && a < stack_hi)
		return true;
#ifdef DMART_ASAN
	/* ASan may move locals to a "fake stack" on the heap. */
	{
		void *fs = __asan_get_current_fake_stack();

		if (fs && __asan_addr_is_in_fake_stack(fs, (void *)p, NULL, NULL))
			return true;
	}
#endif
	return false;
}

static bool in_image(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	int i;

	for (i = 0; i < nimage; i++)
		if (a >= image[i].lo && a < image[i].hi)
			return true;
	return false;
}

enum dmart_kind dmart_kind_of(const void *p, size_t size)
{
	if (dmart_is_linear(p))
		return KIND_LINEAR;
	if ((const char *)p >= window && (const char *)p < window + WIN_SIZE) {
		struct win_area *a;
		int kind = KIND_VMALLOC;

		dmart_lock();
		a = find_area(p);
		if (a)
			kind = a->kind;
		dmart_unlock();
		return kind;
	}
	if (on_stack(p))
		return KIND_STACK;
	if (in_image(p))
		return KIND_IMAGE;
	return KIND_FOREIGN;
}

/* Bytes from @p to the end of its linear allocation; 0 if none holds it. */
static size_t linear_room(const void *p)
{
	unsigned long g = ((const char *)p - linear) / GRAN, end;
	size_t room;

	dmart_lock();
	if (!bit(used_map, g)) {
		dmart_unlock();
		return 0;
	}
	while (!bit(start_map, g))
		g--;
	end = g + run_len(g);
	dmart_unlock();
	room = linear + end * GRAN - (const char *)p;
#ifdef DMART_ASAN
	/* Exact under ASan: allocations are unpoisoned to their byte size. */
	{
		const char *bad = __asan_region_is_poisoned((void *)p, room);

		if (bad)
			room = bad - (const char *)p;
	}
#endif
	return room;
}

/*
 * Bytes from @p to the end of the memory that holds it: its linear
 * allocation, vmalloc/kmap area, the thread's stack or the image segment.
 * 0 in memory we manage that holds nothing (freed, or an unmapped window
 * page); SIZE_MAX for host memory we cannot size.
 */
size_t dmart_room(const void *p)
{
	struct win_area *a;
	size_t room = 0;
	int i;

	if (dmart_is_linear(p))
		return linear_room(p);
	if ((const char *)p >= window && (const char *)p < window + WIN_SIZE) {
		dmart_lock();
		a = find_area(p);
		if (a)
			room = a->addr + a->npages * PAGE_SIZE - (const char *)p;
		dmart_unlock();
		return room;
	}
	if (on_stack(p) && (uintptr_t)p >= stack_lo && (uintptr_t)p < stack_hi)
		return stack_hi - (uintptr_t)p;
	for (i = 0; i < nimage; i++)
		if ((uintptr_t)p >= image[i].lo && (uintptr_t)p < image[i].hi)
			return image[i].hi - (uintptr_t)p;
	return SIZE_MAX;
}

const char *dmart_kind_name(enum dmart_kind k)
{
	switch (k) {
	case KIND_LINEAR: return "linear map";
	case KIND_VMALLOC: return "vmalloc area";
	case KIND_KMAP: return "kmap area";
	case KIND_STACK: return "stack";
	case KIND_IMAGE: return "program image";
	case KIND_FOREIGN: return "host heap";
	}
	return "?";
}

/* --- page API --- */

static struct page *page_of_linear(const void *p)
{
	return mem_map + ((const char *)p - linear) / PAGE_SIZE;
}

void *page_address(const struct page *page)
{
	if (!page || page < mem_map || page >= mem_map + NPAGES)
		return NULL;
	return linear + (page - mem_map) * PAGE_SIZE;
}

struct page *virt_to_page(const void *addr)
{
	dmart_init();
	if (dmart_is_linear(addr))
		return page_of_linear(addr);
	/* Not linear: the kernel would compute garbage; be useful instead. */
	return vmalloc_to_page(addr);
}

struct page *vmalloc_to_page(const void *addr)
{
	struct win_area *a;
	struct page *pg = NULL;

	dmart_lock();
	a = find_area(addr);
	if (a)
		pg = a->pages[((const char *)addr - a->addr) / PAGE_SIZE];
	dmart_unlock();
	return pg;
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	return page_to_pfn(vmalloc_to_page(addr));
}

bool is_vmalloc_addr(const void *addr)
{
	dmart_init();
	return (const char *)addr >= window && (const char *)addr < window + WIN_SIZE;
}

bool virt_addr_valid(const void *addr)
{
	dmart_init();
	return dmart_is_linear(addr);
}

/*
 * The last addresses virt_to_phys() made, with the call site and the room
 * left in their buffer: a driver that hands one to its device (instead of
 * a DMA API mapping) is then reported with that call site as the origin.
 */
#define V2P_RING 64
static struct {
	phys_addr_t phys;
	size_t room;
	struct dmart_call at;
} v2p[V2P_RING];
static unsigned int v2p_pos;

bool dmart_v2p_origin(dma_addr_t addr, struct dmart_call *at)
{
	unsigned int i;

	for (i = 0; i < V2P_RING; i++) {
		if (v2p[i].at.file && addr >= v2p[i].phys &&
		    addr - v2p[i].phys < v2p[i].room) {
			*at = v2p[i].at;
			return true;
		}
	}
	return false;
}

phys_addr_t virt_to_phys(const volatile void *addr)
{
	struct dmart_call c = dmart_call("virt_to_phys");
	phys_addr_t phys = 0;

	dmart_init();
	if (!dmart_virt_to_phys((const void *)addr, &phys)) {
		struct page *pg = vmalloc_to_page((const void *)addr);

		if (pg)
			phys = page_to_phys(pg) + offset_in_page(addr);
	}
	if (c.file && phys) {
		dmart_lock();
		v2p[v2p_pos] = (typeof(v2p[0])){ phys, dmart_room((const void *)addr), c };
		if (!v2p[v2p_pos].room)
			v2p[v2p_pos].room = 1;
		v2p_pos = (v2p_pos + 1) % V2P_RING;
		dmart_unlock();
	}
	return phys;
}

void *phys_to_virt(phys_addr_t addr)
{
	dmart_init();
	return dmart_phys_to_virt(addr);
}

phys_addr_t page_to_phys(const struct page *page)
{
	phys_addr_t phys = 0;

	dmart_virt_to_phys(page_address(page), &phys);
	return phys;
}

unsigned long page_to_pfn(const struct page *page)
{
	return page_to_phys(page) >> PAGE_SHIFT;
}

struct page *pfn_to_page(unsigned long pfn)
{
	void *v = dmart_phys_to_virt((phys_addr_t)pfn << PAGE_SHIFT);

	return v ? page_of_linear(v) : NULL;
}

void get_page(struct page *page)
{
}

void put_page(struct page *page)
{
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	bool low = gfp & (__GFP_DMA | __GFP_DMA32);
	void *p = dmart_linear_alloc(PAGE_SIZE << order, PAGE_SIZE, low,
				     gfp & __GFP_ZERO);

	return p ? page_of_linear(p) : NULL;
}

struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (page)
		dmart_linear_free(page_address(page));
}

void __free_page(struct page *page)
{
	__free_pages(page, 0);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *pg = alloc_pages(gfp, order);

	return pg ? (unsigned long)page_address(pg) : 0;
}

unsigned long __get_free_page(gfp_t gfp)
{
	return __get_free_pages(gfp, 0);
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		dmart_linear_free((void *)addr);
}

void free_page(unsigned long addr)
{
	free_pages(addr, 0);
}

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot)
{
	return 0;
}

/* --- slab --- */

void *kmalloc(size_t size, gfp_t flags)
{
	dmart_init();
	dmart_atomic_gfp_check(NULL, NULL, flags);
	return dmart_linear_alloc(size, GRAN, flags & (__GFP_DMA | __GFP_DMA32),
				  flags & __GFP_ZERO);
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

void kfree(const void *objp)
{
	if (!objp || objp == ZERO_SIZE_PTR)
		return;
	if (!dmart_is_linear(objp)) {
		fprintf(stderr, "dmart: kfree() of %p, not kmalloc memory\n", objp);
		return;
	}
	dmart_linear_free(objp);
}

void kfree_sensitive(const void *objp)
{
	size_t n = dmart_linear_size(objp);

	if (n)
		memset((void *)objp, 0, n);
	kfree(objp);
}

size_t ksize(const void *objp)
{
	return dmart_linear_size(objp);
}

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t old = p ? dmart_linear_size(p) : 0;
	void *q;

	if (new_size <= old && p)
		return (void *)p;
	q = kmalloc(new_size, flags);
	if (q && p) {
		memcpy(q, p, old < new_size ? old : new_size);
		kfree(p);
	}
	return q;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

struct kmem_cache {
	unsigned int size;
	unsigned int align;
	slab_flags_t flags;
	void (*ctor)(void *);
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (s) {
		s->size = size;
		s->align = align;
		s->flags = flags;
		s->ctor = ctor;
	}
	return s;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	kfree(s);
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	bool dma = s->flags & (SLAB_CACHE_DMA | SLAB_CACHE_DMA32);
	void *p = kmalloc(s->size, flags | (dma ? __GFP_DMA32 : 0));

	if (p && s->ctor)
		s->ctor(p);
	return p;
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

void kmem_cache_free(struct kmem_cache *s, void *objp)
{
	kfree(objp);
}

/* --- vmalloc --- */

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	unsigned long n = DIV_ROUND_UP(size ? size : 1, PAGE_SIZE), i;
	struct page **pages;
	void *addr;

	dmart_init();
	dmart_atomic_gfp_check(NULL, NULL, gfp_mask);
	pages = calloc(n, sizeof(*pages));
	if (!pages)
		return NULL;
	/* Page by page, so the backing memory is not physically contiguous. */
	for (i = 0; i < n; i++) {
		pages[i] = alloc_pages((gfp_mask & ~__GFP_ZERO) | __GFP_ZERO, 0);
		if (!pages[i])
			goto fail;
	}
	addr = map_window(pages, n, KIND_VMALLOC, true);
	if (!addr)
		goto fail;
	free(pages);
	return addr;
fail:
	while (i--)
		__free_pages(pages[i], 0);
	free(pages);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO);
}

void *vmalloc_user(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO);
}

void *vmalloc_32(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_DMA32);
}

void *vmalloc_32_user(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO);
}

void *vmalloc_array(size_t n, size_t size)
{
	size_t bytes;

	return __builtin_mul_overflow(n, size, &bytes) ? NULL : vmalloc(bytes);
}

void *vcalloc(size_t n, size_t size)
{
	size_t bytes;

	return __builtin_mul_overflow(n, size, &bytes) ? NULL : vzalloc(bytes);
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	dmart_init();
	return map_window(pages, count, KIND_VMALLOC, false);
}

void vunmap(const void *addr)
{
	dmart_vunmap_area(addr);
}

void vfree(const void *addr)
{
	if (addr)
		dmart_vunmap_area(addr);
}

void *kvmalloc(size_t size, gfp_t flags)
{
	/* Like the kernel's fallback for large sizes: vmalloc memory. */
	if (size >= PAGE_SIZE)
		return __vmalloc(size, flags);
	return kmalloc(size, flags);
}

void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	return __builtin_mul_overflow(n, size, &bytes) ? NULL : kvmalloc(bytes, flags);
}

void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

/* --- kmap: aliases outside the linear map, as with highmem --- */

void *kmap(struct page *page)
{
	dmart_init();
	dmart_lock();
	if (!page->dmart_kmap)
		page->dmart_kmap = map_window(&page, 1, KIND_KMAP, false);
	page->dmart_kmap_count++;
	dmart_unlock();
	return page->dmart_kmap;
}

void kunmap(struct page *page)
{
	dmart_lock();
	if (page->dmart_kmap_count > 0 && --page->dmart_kmap_count == 0) {
		dmart_vunmap_area(page->dmart_kmap);
		page->dmart_kmap = NULL;
	}
	dmart_unlock();
}

void *kmap_local_page(struct page *page)
{
	dmart_init();
	return map_window(&page, 1, KIND_KMAP, false);
}

void kunmap_local(const void *addr)
{
	dmart_vunmap_area((const void *)((uintptr_t)addr & PAGE_MASK));
}


void *kmap_atomic(struct page *page)
{
	dmart_atomic_enter();
	return kmap_local_page(page);
}

void kunmap_atomic(const void *addr)
{
	kunmap_local(addr);
	dmart_atomic_exit();
}

void memcpy_to_page(struct page *page, size_t offset, const char *from, size_t len)
{
	memcpy((char *)page_address(page) + offset, from, len);
}

void memcpy_from_page(char *to, struct page *page, size_t offset, size_t len)
{
	memcpy(to, (char *)page_address(page) + offset, len);
}
