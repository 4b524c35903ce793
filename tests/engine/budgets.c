// Each function is explored with its own node budget. Clang's analyzer runs
// the syntax pass over every function before the first path analysis, so a
// budget set per function in that pass gave every function the budget of
// the file's last one: card_fill()'s leak, on the one path of its 512
// that takes every branch, was missed because card_stop() comes last.
// RUN: %not env DMACHECK_BUDGET_TRACE=1 %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=budget:
// A smaller max-nodes stays the ceiling of every budget.
// RUN: env DMACHECK_BUDGET_TRACE=1 %dmacheck --rules=dma-mapping-leak --analyzer-config=max-nodes=5000 %s 2>&1 | %FileCheck --check-prefix=CAP %s
// CAP-DAG: budget: card_fill limit=5000 steps statements={{[0-9]+}} cut=max-nodes
// CAP-DAG: budget: card_fill_fixed limit=5000 steps statements={{[0-9]+}} cut=max-nodes
// CAP-DAG: budget: card_poll limit=5000 steps statements={{[0-9]+}} cut=max-nodes
#include <linux/dma-mapping.h>
#include <linux/io.h>

struct card {
	struct device *dev;
	void __iomem *regs;
	int flags[16];
	dma_addr_t ring[16];
};

// 512 paths, one per combination of the flags.
static int card_flags(struct card *c)
{
	int n = 0;

	if (c->flags[0])
		n += 1;
	if (c->flags[1])
		n += 2;
	if (c->flags[2])
		n += 4;
	if (c->flags[3])
		n += 8;
	if (c->flags[4])
		n += 16;
	if (c->flags[5])
		n += 32;
	if (c->flags[6])
		n += 64;
	if (c->flags[7])
		n += 128;
	if (c->flags[8])
		n += 256;
	return n;
}

// A direct mapper: max-nodes, 35000 unless configured.
// CHECK-DAG: budget: card_fill limit=35000 steps statements={{[0-9]+}} cut=no
int card_fill(struct card *c, void *buf)
{
	dma_addr_t h;
	int n;

	h = dma_map_single(c->dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(c->dev, h))
		return -ENOMEM;
	n = card_flags(c);
	if (n == 511)
		// CHECK-DAG: budgets.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked{{.*}}[dma-mapping-leak]
		return -EINVAL;
	writel(lower_32_bits(h), c->regs);
	c->ring[0] = h;
	return n;
}

// The same with the unmap on that path: explored to the end, nothing to say.
// CHECK-DAG: budget: card_fill_fixed limit=35000 steps statements={{[0-9]+}} cut=no
int card_fill_fixed(struct card *c, void *buf)
{
	dma_addr_t h;
	int n;

	h = dma_map_single(c->dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(c->dev, h))
		return -ENOMEM;
	n = card_flags(c);
	if (n == 511) {
		dma_unmap_single(c->dev, h, 64, DMA_TO_DEVICE);
		return -EINVAL;
	}
	writel(lower_32_bits(h), c->regs);
	c->ring[1] = h;
	return n;
}

static int card_ring_step(struct card *c, int i)
{
	return readl(c->regs + 4 * i) & 1;
}

// An entry point that reaches the DMA API but makes no mapping: the small
// budget, counted in statements, cuts its 4,096 paths.
// CHECK-DAG: budget: card_poll limit=6000 statements statements={{[0-9]+}} cut=budget
int card_poll(struct card *c)
{
	int done = 0;

	if (c->flags[0])
		done += card_ring_step(c, 0);
	if (c->flags[1])
		done += card_ring_step(c, 1);
	if (c->flags[2])
		done += card_ring_step(c, 2);
	if (c->flags[3])
		done += card_ring_step(c, 3);
	if (c->flags[4])
		done += card_ring_step(c, 4);
	if (c->flags[5])
		done += card_ring_step(c, 5);
	if (c->flags[6])
		done += card_ring_step(c, 6);
	if (c->flags[7])
		done += card_ring_step(c, 7);
	if (c->flags[8])
		done += card_ring_step(c, 8);
	if (c->flags[9])
		done += card_ring_step(c, 9);
	if (c->flags[10])
		done += card_ring_step(c, 10);
	if (c->flags[11])
		done += card_ring_step(c, 11);
	dma_sync_single_for_cpu(c->dev, c->ring[0], 64, DMA_FROM_DEVICE);
	dma_sync_single_for_cpu(c->dev, c->ring[1], 64, DMA_FROM_DEVICE);
	return done;
}

// CHECK-DAG: budget: card_stop limit=6000 statements statements={{[0-9]+}} cut=no
void card_stop(struct card *c, dma_addr_t h)
{
	dma_unmap_single(c->dev, h, 64, DMA_TO_DEVICE);
}
