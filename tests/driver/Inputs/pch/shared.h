/* A header every file of the group includes: it goes into the group's PCH. */
#ifndef SHARED_H
#define SHARED_H
#include <linux/dma-mapping.h>

#ifdef DEBUG
#define SHARED_STACK_MAP 1
#else
#define SHARED_STACK_MAP 0
#endif

static inline int shared_len(void)
{
	return 16;
}
#endif
