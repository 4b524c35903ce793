/* A header every file of the group includes: it goes into the group's PCH. */
#ifndef SHARED_H
#define SHARED_H
#include <linux/dma-mapping.h>
#include <linux/io.h>

#ifdef DEBUG
#define SHARED_STACK_MAP 1
#else
#define SHARED_STACK_MAP 0
#endif

static inline int shared_len(void)
{
	return 16;
}

/*
 * Reached only through shared_post(): a parse of its own skips this body
 * (no file names it, and it is too long to be an accessor), so the call is
 * opaque. The PCH holds the body; a file parsed on top of it must drop it
 * too, or the analysis inlines it and words its reports differently.
 */
static inline void shared_post_impl(void __iomem *reg, dma_addr_t h)
{
	int i;

	for (i = 0; i < 2; i++)
		writel(lower_32_bits(h) + i, reg + 4 * i);
}

static inline void shared_post(void __iomem *reg, dma_addr_t h)
{
	shared_post_impl(reg, h);
}
#endif
