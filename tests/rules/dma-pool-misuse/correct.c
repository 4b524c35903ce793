// dma_pool use that keeps the contract: power-of-two (or 0) alignments and
// boundaries, blocks given back to the pool they came from (elements of a
// pool array are one pool), and pools destroyed after their blocks are
// back, found NULL, or handed to code that keeps them. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-pool-misuse' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#define HCD_BUFFER_POOLS	4

/* A host controller with separate queue-head and transfer-descriptor
 * pools and, like drivers/usb/core/buffer.c, an array of size classes. */
struct foo_qh {
	__le32 link;
	__le32 info;
	__le32 td_ptr;
	dma_addr_t dma;
};

struct foo_td {
	__le32 next;
	__le32 ctrl;
	__le32 buf;
	__le32 len;
	dma_addr_t dma;
	struct foo_td *sw_next;
};

struct foo_ep {
	struct foo_qh *qh;
	dma_addr_t qh_dma;
	struct foo_td *dummy_td;
	dma_addr_t dummy_td_dma;
	struct foo_td *td_list;
};

struct foo_hcd {
	struct device *dev;
	void __iomem *regs;
	struct dma_pool *qh_pool;
	struct dma_pool *td_pool;
	struct dma_pool *itd_pool;
	struct dma_pool *pool[HCD_BUFFER_POOLS];
	size_t pool_max[HCD_BUFFER_POOLS];
};

int foo_hw_link_qh(struct foo_hcd *fh, dma_addr_t qh_dma, dma_addr_t td_dma);
int foo_hw_selftest(struct foo_hcd *fh, dma_addr_t dma);
void foo_queue_td(struct foo_hcd *fh, struct foo_td *td);

/* 1. Pool creation with power-of-two alignments and boundaries, 0 for "no
 *    boundary", and an alignment the caller passes (not a constant, so
 *    not judged). dma-api.rst: "pass 0 for alloc" when there is none. */
int foo_mem_init(struct foo_hcd *fh, size_t hw_align)
{
	fh->qh_pool = dma_pool_create("foo_qh", fh->dev, sizeof(struct foo_qh),
				      32, 4096);
	if (!fh->qh_pool)
		return -ENOMEM;
	fh->td_pool = dma_pool_create("foo_td", fh->dev, sizeof(struct foo_td),
				      hw_align, 0);
	if (!fh->td_pool)
		goto err_qh;
	fh->itd_pool = dmam_pool_create("foo_itd", fh->dev, 64, 64, PAGE_SIZE);
	if (!fh->itd_pool)
		goto err_td;
	return 0;

err_td:
	dma_pool_destroy(fh->td_pool);
err_qh:
	dma_pool_destroy(fh->qh_pool);
	return -ENOMEM;
}

/* 2. The fixed endpoint set-up: each block goes back to its own pool. */
int foo_ep_init(struct foo_hcd *fh, struct foo_ep *ep)
{
	int ret;

	ep->qh = dma_pool_zalloc(fh->qh_pool, GFP_KERNEL, &ep->qh_dma);
	if (!ep->qh)
		return -ENOMEM;

	ep->dummy_td = dma_pool_zalloc(fh->td_pool, GFP_KERNEL,
				       &ep->dummy_td_dma);
	if (!ep->dummy_td) {
		ret = -ENOMEM;
		goto err_qh;
	}

	ret = foo_hw_link_qh(fh, ep->qh_dma, ep->dummy_td_dma);
	if (ret)
		goto err_td;
	return 0;

err_td:
	dma_pool_free(fh->td_pool, ep->dummy_td, ep->dummy_td_dma);
err_qh:
	dma_pool_free(fh->qh_pool, ep->qh, ep->qh_dma);
	return ret;
}

/* 3. usb/core/buffer.c style size classes: the block is taken from
 *    fh->pool[i] and given back to fh->pool[j], the index computed again
 *    from the size. Elements of one pool array count as one pool (and an
 *    index that is not a constant names no pool the path can compare). */
void *foo_buffer_alloc(struct foo_hcd *fh, size_t size, gfp_t mem_flags,
		       dma_addr_t *dma)
{
	int i;

	for (i = 0; i < HCD_BUFFER_POOLS; i++)
		if (size <= fh->pool_max[i])
			return dma_pool_alloc(fh->pool[i], mem_flags, dma);
	return dma_alloc_coherent(fh->dev, size, dma, mem_flags);
}

void foo_buffer_free(struct foo_hcd *fh, size_t size, void *addr,
		     dma_addr_t dma)
{
	int i;

	for (i = 0; i < HCD_BUFFER_POOLS; i++) {
		if (size <= fh->pool_max[i]) {
			dma_pool_free(fh->pool[i], addr, dma);
			return;
		}
	}
	dma_free_coherent(fh->dev, size, addr, dma);
}

int foo_buffer_selftest(struct foo_hcd *fh, unsigned int small, unsigned int big)
{
	dma_addr_t dma;
	void *buf;

	buf = dma_pool_alloc(fh->pool[small], GFP_KERNEL, &dma);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0xa5, fh->pool_max[small]);
	dma_pool_free(fh->pool[big], buf, dma);
	return 0;
}

/* 4. A self-test with a local pool: the pool found NULL, the block found
 *    NULL (no block: the pool may go), and the block given back before the
 *    pool is destroyed. */
int foo_pool_selftest(struct foo_hcd *fh)
{
	struct dma_pool *pool;
	struct foo_td *td;
	dma_addr_t dma;
	int ret;

	pool = dma_pool_create("foo_test", fh->dev, 64, 64, 0);
	if (!pool)
		return -ENOMEM;
	td = dma_pool_alloc(pool, GFP_KERNEL, &dma);
	if (!td) {
		dma_pool_destroy(pool);
		return -ENOMEM;
	}
	ret = foo_hw_selftest(fh, dma);
	dma_pool_free(pool, td, dma);
	dma_pool_destroy(pool);
	return ret;
}

/* 5. A chain of TDs built in a loop; on failure the unwind walks the
 *    chain (blocks the path cannot name one by one: a free of one of them
 *    gives back all of the pool's) and the pool of this probe goes. */
int foo_probe_chain(struct foo_hcd *fh, struct foo_ep *ep, unsigned int n)
{
	struct dma_pool *pool;
	struct foo_td *head = NULL, *td;
	dma_addr_t dma;
	unsigned int i;
	int ret;

	pool = dma_pool_create("foo_chain", fh->dev, sizeof(struct foo_td),
			       32, 0);
	if (!pool)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		td = dma_pool_zalloc(pool, GFP_KERNEL, &dma);
		if (!td) {
			ret = -ENOMEM;
			goto unwind;
		}
		td->dma = dma;
		td->sw_next = head;
		if (head)
			td->next = cpu_to_le32(head->dma);
		head = td;
	}
	ret = foo_hw_selftest(fh, head ? head->dma : 0);
	if (ret)
		goto unwind;
	ep->td_list = head;
	fh->td_pool = pool;
	return 0;

unwind:
	while (head) {
		td = head->sw_next;
		dma_pool_free(pool, head, head->dma);
		head = td;
	}
	dma_pool_destroy(pool);
	return ret;
}

/* 6. The block is queued to the schedule by the driver's queueing code
 *    (another file): whoever owns it there frees it; the pool destroyed on
 *    a later error is not reported. */
int foo_start(struct foo_hcd *fh, struct foo_ep *ep)
{
	struct foo_td *td;
	dma_addr_t dma;
	int ret;

	td = dma_pool_zalloc(fh->td_pool, GFP_KERNEL, &dma);
	if (!td)
		return -ENOMEM;
	td->dma = dma;
	foo_queue_td(fh, td);
	ret = foo_hw_selftest(fh, dma);
	if (ret) {
		dma_pool_destroy(fh->td_pool);
		fh->td_pool = NULL;
	}
	return ret;
}

/* 7. The pool read into a local first and the block given back through
 *    the field: both are fh->td_pool. */
int foo_ping(struct foo_hcd *fh)
{
	struct dma_pool *pool = fh->td_pool;
	struct foo_td *td;
	dma_addr_t dma;
	int ret;

	td = dma_pool_alloc(pool, GFP_ATOMIC, &dma);
	if (!td)
		return -ENOMEM;
	td->ctrl = 0;
	ret = foo_hw_selftest(fh, dma);
	dma_pool_free(fh->td_pool, td, dma);
	return ret;
}

/* A descriptor-chain DMA engine: each channel's pool is passed to the
 * helpers that take and give back its blocks. */
struct dc_lli {
	__le32 src;
	__le32 dst;
	__le32 next;
	__le32 ctrl;
};

struct dc_chan {
	struct device *dev;
	struct dma_pool *lli_pool;
	struct dc_lli *lli;
	dma_addr_t lli_dma;
};

static void dc_put_lli(struct dma_pool *pool, struct dc_lli *lli,
		       dma_addr_t dma)
{
	dma_pool_free(pool, lli, dma);
}

/* 8. The LLI taken from c->lli_pool is given back through the driver's
 *    helper, which gets the pool as a parameter: the caller passes
 *    c->lli_pool, the pool the block came from. */
int dc_prep_lli(struct dc_chan *c, dma_addr_t src, dma_addr_t dst, bool fits)
{
	struct dc_lli *lli;
	dma_addr_t dma;

	lli = dma_pool_alloc(c->lli_pool, GFP_NOWAIT, &dma);
	if (!lli)
		return -ENOMEM;
	if (!fits) {
		dc_put_lli(c->lli_pool, lli, dma);
		return -EINVAL;
	}
	lli->src = cpu_to_le32(lower_32_bits(src));
	lli->dst = cpu_to_le32(lower_32_bits(dst));
	c->lli = lli;
	c->lli_dma = dma;
	return 0;
}

/* 9. Channel release: the current LLI given back, then the pool. */
void dc_free_chan_resources(struct dc_chan *c)
{
	if (c->lli)
		dma_pool_free(c->lli_pool, c->lli, c->lli_dma);
	c->lli = NULL;
	dma_pool_destroy(c->lli_pool);
	c->lli_pool = NULL;
}
