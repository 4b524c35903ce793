// Loops are widened by what they write (engine/LoopWidening.cpp): a path
// goes on past a loop with a constant bound knowing that the loop's
// condition failed and forgetting only what the loop may have changed.
// Clang's own widening forgot every local, argument and global of the frame
// (it reports flag_kept() and misses field_changed() and loopback()).
// RUN: %not %dmacheck --rules=dma-unchecked-mapping,dma-stack-buffer,dma-mapping-leak,dma-sync-direction,dma-redundant-memset %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/skbuff.h>

struct card {
	struct device *dev;
	void __iomem *regs;
	int flags[16];
};

#define map_one(c, p)							\
	do {								\
		dma_addr_t h = dma_map_single((c)->dev, (p), 64,	\
					      DMA_TO_DEVICE);		\
		if (!dma_mapping_error((c)->dev, h))			\
			dma_unmap_single((c)->dev, h, 64, DMA_TO_DEVICE); \
	} while (0)

// The path goes on past a loop with a constant bound beyond the unroll
// limit, and the unchecked mapping after it is found.
int table_then_map(struct card *c, void *buf)
{
	dma_addr_t h;
	int i;

	for (i = 0; i < 4096; i++)
		writel(0, c->regs + 4 * i);
	h = dma_map_single(c->dev, buf, 64, DMA_TO_DEVICE);
	// CHECK: loop-widening.c:[[@LINE+1]]:2: warning: the mapping made by dma_map_single() is written to the device by writel() without a dma_mapping_error() check [dma-unchecked-mapping]
	writel(h, c->regs);
	return 0;
}

// A local the loop does not write keeps its value: no path maps the stack.
int flag_kept(struct card *c, void *buf)
{
	u8 bounce[64];
	int small = 0;
	int i;

	for (i = 0; i < 4096; i++)
		writel(0, c->regs + 4 * i);
	map_one(c, small ? bounce : buf);
	return 0;
}

// A local the loop writes is unknown after it (4096 > 100 here).
int count_changed(struct card *c, void *buf)
{
	u8 bounce[64];
	int n = 0;
	int i;

	for (i = 0; i < 4096; i++)
		n++;
	// CHECK: loop-widening.c:[[@LINE+1]]:2: warning: dma_map_single() is given stack memory 'bounce'
	map_one(c, n > 100 ? bounce : buf);
	return 0;
}

// So is an array the loop stores to through a pointer.
int field_changed(struct card *c, void *buf)
{
	u8 bounce[64];
	int i;

	c->flags[5] = 0;
	for (i = 0; i < 16; i++)
		c->flags[i] = 1;
	// CHECK: loop-widening.c:[[@LINE+1]]:2: warning: dma_map_single() is given stack memory 'bounce'
	map_one(c, c->flags[5] ? bounce : buf);
	return 0;
}

// After the loop, its condition is known to have failed.
int bound_known(struct card *c, void *buf)
{
	u8 bounce[64];
	int i;

	for (i = 0; i < 4096; i++)
		writel(0, c->regs + 4 * i);
	map_one(c, i < 4096 ? bounce : buf);
	return 0;
}

// A counter only stepped up keeps its lower bound: the unwind after a
// failed turn knows the earlier turns' handles are in h[] (mtk, tn40).
int frags_unwind(struct card *c, void **bufs, int n)
{
	dma_addr_t h[64];
	int i;

	if (n < 20 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		h[i] = dma_map_single(c->dev, bufs[i], 64, DMA_TO_DEVICE);
		if (dma_mapping_error(c->dev, h[i]))
			goto unwind;
	}
	for (i = 0; i < n; i++)
		writel(h[i], c->regs + 8 * i);
	return 0;
unwind:
	for (; i > 0; i--)
		dma_unmap_single(c->dev, h[i - 1], 64, DMA_TO_DEVICE);
	return -ENOMEM;
}

// The handle survives a fill loop between the map and the unmap
// (forcedeth nv_loopback_test(): Clang's widening forgot it).
int loopback(struct card *c, u8 *pkt)
{
	dma_addr_t h;
	int i;

	h = dma_map_single(c->dev, pkt, 1500, DMA_FROM_DEVICE);
	if (dma_mapping_error(c->dev, h))
		return -ENOMEM;
	for (i = 0; i < 1500; i++)
		pkt[i] = i & 0xff;
	writel(lower_32_bits(h), c->regs);
	// CHECK: loop-widening.c:[[@LINE+2]]:2: warning: dma_unmap_single() is given DMA_TO_DEVICE; the mapping made by dma_map_single() at line {{[0-9]+}} is DMA_FROM_DEVICE [dma-sync-direction]
	// CHECK: loop-widening.c:[[@LINE-6]]:6: note: dma_mapping_error() says the mapping is good
	dma_unmap_single(c->dev, h, 1500, DMA_TO_DEVICE);
	return 0;
}

// An endless loop is left by a branch of its body: the first one reached as
// often as the engine allows widens it (nvme's PRP list chaining).
int endless_fill(struct card *c, void *buf, int len)
{
	int i = 0;

	for (;;) {
		if (i == 512) {
			dma_addr_t h = dma_map_single(c->dev, buf, 64,
						      DMA_TO_DEVICE);

			// CHECK: loop-widening.c:[[@LINE+1]]:4: warning: the mapping made by dma_map_single() is written to the device by writel() without a dma_mapping_error() check [dma-unchecked-mapping]
			writel(h, c->regs);
			i = 0;
		}
		writel(i++, c->regs + 4);
		len -= 8;
		if (len <= 0)
			break;
	}
	return 0;
}

struct table {
	struct device *dev;
	int devstate[17][8];
	void *buf;
	dma_addr_t handle;
};

// Nested loops with constant bounds: widening the inner loop widens the
// outer one too, or the outer loop's next turn would enter the inner head
// once more than the engine allows and end every path (arcmsr).
int nested_tables(struct table *t, size_t size)
{
	int i, j;

	for (i = 0; i < 17; i++)
		for (j = 0; j < 8; j++)
			t->devstate[i][j] = 1;
	t->buf = dma_alloc_coherent(t->dev, size, &t->handle, GFP_KERNEL);
	if (!t->buf)
		return -ENOMEM;
	// CHECK: loop-widening.c:[[@LINE+1]]:2: warning: memset() of the whole buffer dma_alloc_coherent() returned
	memset(t->buf, 0, size);
	return 0;
}

struct gather {
	dma_addr_t ptr[4];
};

struct tx_info {
	struct gather *g;
};

int card_send(struct card *c, struct tx_info *t);

// A loop with a symbolic bound is widened too: its widened exit is the path
// after more turns than the engine unrolls, on which fragment handles stored
// unchecked in the gather list are judged (liquidio_xmit()).
int gather_xmit(struct card *c, struct sk_buff *skb, struct gather *g,
		struct tx_info *t)
{
	int i, frags;

	g[0].ptr[0] = dma_map_single(c->dev, skb->data, skb_headlen(skb),
				     DMA_TO_DEVICE);
	if (dma_mapping_error(c->dev, g[0].ptr[0]))
		return -ENOMEM;
	frags = skb_shinfo(skb)->nr_frags;
	i = 1;
	while (frags--) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i - 1];

		// CHECK: loop-widening.c:[[@LINE+1]]:3: warning: skb_frag_dma_map() result is used without dma_mapping_error() check [dma-unchecked-mapping]
		g[i >> 2].ptr[i & 3] = skb_frag_dma_map(c->dev, frag, 0,
							skb_frag_size(frag),
							DMA_TO_DEVICE);
		i++;
	}
	t->g = g;
	return card_send(c, t);
}

// The same two loops with their mappings checked: silent, widened or not.
int endless_fill_checked(struct card *c, void *buf, int len)
{
	int i = 0;

	for (;;) {
		if (i == 512) {
			dma_addr_t h = dma_map_single(c->dev, buf, 64,
						      DMA_TO_DEVICE);

			if (dma_mapping_error(c->dev, h))
				return -ENOMEM;
			writel(h, c->regs);
			i = 0;
		}
		writel(i++, c->regs + 4);
		len -= 8;
		if (len <= 0)
			break;
	}
	return 0;
}

int gather_xmit_checked(struct card *c, struct sk_buff *skb,
			struct gather *g, struct tx_info *t)
{
	int i, j, frags;

	g[0].ptr[0] = dma_map_single(c->dev, skb->data, skb_headlen(skb),
				     DMA_TO_DEVICE);
	if (dma_mapping_error(c->dev, g[0].ptr[0]))
		return -ENOMEM;
	frags = skb_shinfo(skb)->nr_frags;
	i = 1;
	while (frags--) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i - 1];

		g[i >> 2].ptr[i & 3] = skb_frag_dma_map(c->dev, frag, 0,
							skb_frag_size(frag),
							DMA_TO_DEVICE);
		if (dma_mapping_error(c->dev, g[i >> 2].ptr[i & 3])) {
			dma_unmap_single(c->dev, g[0].ptr[0],
					 skb_headlen(skb), DMA_TO_DEVICE);
			for (j = 1; j < i; j++)
				dma_unmap_page(c->dev, g[j >> 2].ptr[j & 3],
					       skb_frag_size(&skb_shinfo(skb)->frags[j - 1]),
					       DMA_TO_DEVICE);
			return -ENOMEM;
		}
		i++;
	}
	t->g = g;
	return card_send(c, t);
}
