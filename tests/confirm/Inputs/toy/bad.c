// SPDX-License-Identifier: GPL-2.0
/*
 * A toy DMA device for the confirm tests, with three seeded bugs: one the
 * runtime sees without a fault, one that needs the fault its path names,
 * and one whose fault only a walk of the failure points finds (the failing
 * call is behind an ops pointer the analyzer does not follow).
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

struct toy;

struct toy_ops {
	int (*fill)(struct toy *t);
};

struct toy {
	struct device *dev;
	const struct toy_ops *ops;
	void *ring, *cmd, *buf;
	dma_addr_t ring_dma, cmd_dma;
};

/* Bug 1: the handle is unmapped without a dma_mapping_error() check. */
static void toy_send(struct toy *t, u32 *reg)
{
	dma_addr_t h = dma_map_single(t->dev, t->buf, 64, DMA_TO_DEVICE);

	*reg = (u32)h;
	dma_unmap_single(t->dev, h, 64, DMA_TO_DEVICE);
}

/* Bug 2: the ring leaks when the command block allocation fails. */
static int toy_alloc(struct toy *t)
{
	dma_addr_t ring_dma, cmd_dma;
	void *ring, *cmd;

	ring = dma_alloc_coherent(t->dev, 256, &ring_dma, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	cmd = dma_alloc_coherent(t->dev, 64, &cmd_dma, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	t->ring = ring;
	t->ring_dma = ring_dma;
	t->cmd = cmd;
	t->cmd_dma = cmd_dma;
	return 0;
}

static int toy_fill_dma(struct toy *t)
{
	dma_addr_t h = dma_map_single(t->dev, t->buf + 32, 32, DMA_TO_DEVICE);

	if (dma_mapping_error(t->dev, h))
		return -ENOMEM;
	dma_unmap_single(t->dev, h, 32, DMA_TO_DEVICE);
	return 0;
}

static const struct toy_ops toy_dma_ops = {
	.fill = toy_fill_dma,
};

/* Bug 3: the buffer mapping leaks when the fill fails. */
static int toy_prime(struct toy *t)
{
	dma_addr_t h;
	int ret;

	h = dma_map_single(t->dev, t->buf, 32, DMA_FROM_DEVICE);
	if (dma_mapping_error(t->dev, h))
		return -ENOMEM;
	ret = t->ops->fill(t);
	if (ret < 0)
		return ret;
	dma_unmap_single(t->dev, h, 32, DMA_FROM_DEVICE);
	return 0;
}

static void toy_free(struct toy *t)
{
	dma_free_coherent(t->dev, 64, t->cmd, t->cmd_dma);
	dma_free_coherent(t->dev, 256, t->ring, t->ring_dma);
}
