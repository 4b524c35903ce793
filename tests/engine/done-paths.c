// A path ends at a branch when no call ahead of it, in its own function or
// in the callers it returns to, can reach the DMA API, and it holds no state
// a rule reports on without such a call (engine/DonePaths.cpp): the budget
// goes to the paths that still matter.
// RUN: %not env DMACHECK_BUDGET_TRACE=1 %dmacheck --rules=dma-unchecked-mapping,dma-mapping-leak,dma-unmapped-address %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=budget:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/mm.h>

struct card_desc {
	__le64 addr;
	__le32 len;
};

struct card {
	struct device *dev;
	void __iomem *regs;
	struct card_desc *desc;
	int flags[16];
	dma_addr_t ring[16];
};

static int card_step(struct card *c, int i)
{
	return readl(c->regs + 4 * i) & 1;
}

// 4,096 paths after the last DMA API call, none of which can report: each
// ends at its first branch, and the exploration is complete (it was cut by
// the small budget before).
// CHECK-DAG: budget: card_setup limit=6000 statements statements={{[0-9]+}} cut=no
int card_setup(struct card *c)
{
	int done = 0;

	if (dma_set_mask_and_coherent(c->dev, DMA_BIT_MASK(32)))
		return -EIO;
	if (c->flags[0])
		done += card_step(c, 0);
	if (c->flags[1])
		done += card_step(c, 1);
	if (c->flags[2])
		done += card_step(c, 2);
	if (c->flags[3])
		done += card_step(c, 3);
	if (c->flags[4])
		done += card_step(c, 4);
	if (c->flags[5])
		done += card_step(c, 5);
	if (c->flags[6])
		done += card_step(c, 6);
	if (c->flags[7])
		done += card_step(c, 7);
	if (c->flags[8])
		done += card_step(c, 8);
	if (c->flags[9])
		done += card_step(c, 9);
	if (c->flags[10])
		done += card_step(c, 10);
	if (c->flags[11])
		done += card_step(c, 11);
	return done;
}

// A branch inside an inlined helper with no DMA API in it: the caller maps
// after the call returns, so the path goes on.
static int card_ready(struct card *c)
{
	if (readl(c->regs) & 1)
		return 1;
	return 0;
}

// CHECK-DAG: budget: card_kick limit=35000 steps statements={{[0-9]+}} cut=no
void card_kick(struct card *c, void *buf)
{
	int ready = card_ready(c);
	dma_addr_t h = dma_map_single(c->dev, buf, 64, DMA_TO_DEVICE);

	// CHECK-DAG: done-paths.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is written to the device by writel() without a dma_mapping_error() check [dma-unchecked-mapping]
	writel(lower_32_bits(h), c->regs + 8 * ready);
	c->ring[2] = h;
}

// A helper of the file that maps, called after a branch: the branch does
// not end the path.
static void card_fill_one(struct card *c, void *buf, int i)
{
	c->ring[i] = dma_map_single(c->dev, buf, 64, DMA_FROM_DEVICE);
	// CHECK-DAG: done-paths.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is written to the device by writel() without a dma_mapping_error() check [dma-unchecked-mapping]
	writel(lower_32_bits(c->ring[i]), c->regs);
}

// CHECK-DAG: budget: card_fill_one limit=35000 steps statements={{[0-9]+}} cut=no
// CHECK-DAG: budget: card_open limit=6000 statements statements={{[0-9]+}} cut=no
int card_open(struct card *c, void *buf)
{
	if (c->flags[0])
		card_step(c, 0);
	card_fill_one(c, buf, 3);
	return 0;
}

// Obligations keep a path going with no DMA API call ahead: a live mapping
// (its leak is reported where the path ends) and a physical address (its
// store into a descriptor is reported).
// CHECK-DAG: budget: card_map_late limit=35000 steps statements={{[0-9]+}} cut=no
int card_map_late(struct card *c, void *buf)
{
	dma_addr_t h = dma_map_single(c->dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(c->dev, h))
		return -ENOMEM;
	if (c->flags[1])
		card_step(c, 1);
	if (c->flags[2])
		// CHECK-DAG: done-paths.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked{{.*}}[dma-mapping-leak]
		return -EINVAL;
	c->ring[4] = h;
	return 0;
}

// CHECK-DAG: budget: card_post_phys limit=35000 steps statements={{[0-9]+}} cut=no
void card_post_phys(struct card *c, void *buf)
{
	u64 pa = virt_to_phys(buf);

	if (c->flags[3])
		card_step(c, 3);
	if (c->flags[4])
		card_step(c, 4);
	// CHECK-DAG: done-paths.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is stored in a descriptor word{{.*}}[dma-unmapped-address]
	c->desc->addr = cpu_to_le64(pa);
}

// A report stands when the engine ends its path afterwards: the unchecked
// handle stored at a computed index dies there (its report), and the path
// then ends in the loop below, where nothing more can be reported. Clang's
// suppress-on-sink took that end for a BUG() (fealnx.c init_ring() on linux
// 6.12).
struct card_rx {
	__le64 buffer;
	void *skb;
};

// CHECK-DAG: budget: card_init_rings limit=35000 steps statements={{[0-9]+}} cut=no
void card_init_rings(struct card *c, struct card_rx *rx, void **bufs)
{
	int i;

	for (i = 0; i < 8; i++) {
		rx[i].skb = bufs[i];
		// CHECK-DAG: done-paths.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check [dma-unchecked-mapping]
		rx[i].buffer = dma_map_single(c->dev, bufs[i], 64, DMA_FROM_DEVICE);
	}
	for (i = 0; i < 16; i++)
		c->flags[i] = 0;
}
