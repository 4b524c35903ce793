// dma_pool misuse in driver idioms: an alignment or boundary that is not a
// power of two, a block given back to another pool than the one it came
// from, and a pool destroyed while a block taken from it is still out.
// dma-api.rst, Part Ib: align "must be a power of two"; dma_pool_free():
// "The pool is what was passed to dma_pool_alloc()"; dma_pool_destroy():
// "Make sure you've freed all allocated memory back to the pool before you
// destroy it."
// RUN: %not %dmacheck --rules='-*,dma-pool-misuse' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

/* A host controller with separate queue-head and transfer-descriptor
 * pools (ehci/uhci style). */
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
};

struct foo_ep {
	struct foo_qh *qh;
	dma_addr_t qh_dma;
	struct foo_td *dummy_td;
	dma_addr_t dummy_td_dma;
};

struct foo_hcd {
	struct device *dev;
	void __iomem *regs;
	struct dma_pool *qh_pool;
	struct dma_pool *td_pool;
	struct dma_pool *itd_pool;
	struct foo_td *scratch;
	dma_addr_t scratch_dma;
};

int foo_hw_link_qh(struct foo_hcd *fh, dma_addr_t qh_dma, dma_addr_t td_dma);
int foo_hw_selftest(struct foo_hcd *fh, dma_addr_t dma);

/* 1. The TD pool created with the size of a TD as its alignment: 24 is
 *    not a power of two, dma_pool_create() returns NULL on every machine. */
int foo_mem_init(struct foo_hcd *fh)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_create() alignment 24 is not a power of two: the pool is not created (NULL) [dma-pool-misuse]
	fh->td_pool = dma_pool_create("foo_td", fh->dev, sizeof(struct foo_td),
				      sizeof(struct foo_td), 0);
	if (!fh->td_pool)
		return -ENOMEM;
	return 0;
}

/* 2. An isochronous-TD pool (device-managed) whose boundary was meant to
 *    be "do not cross a 4 KiB page" but was written in decimal thousands. */
#define FOO_ITD_BOUNDARY	3000

int foo_itd_init(struct foo_hcd *fh)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmam_pool_create() boundary 3000 is not a power of two: the pool is not created (NULL) [dma-pool-misuse]
	fh->itd_pool = dmam_pool_create("foo_itd", fh->dev, 64, 32,
					FOO_ITD_BOUNDARY);
	return fh->itd_pool ? 0 : -ENOMEM;
}

/* 3. Endpoint set-up (the example of the rule's page): the unwind gives
 *    the dummy TD back to the QH pool. The controller is handed only the
 *    DMA addresses, so the blocks stay the path's. */
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
	// Not reported since the linux 6.12 triage (docs/rules/dma-pool-misuse.md): two pools read from two fields are not compared.
	dma_pool_free(fh->qh_pool, ep->dummy_td, ep->dummy_td_dma);
err_qh:
	dma_pool_free(fh->qh_pool, ep->qh, ep->qh_dma);
	return ret;
}

/* 4. A controller self-test with two local pools: the block from the
 *    first is returned to the second. */
int foo_pool_selftest(struct foo_hcd *fh)
{
	struct dma_pool *small, *large;
	struct foo_td *td;
	dma_addr_t dma;
	int ret;

	small = dma_pool_create("foo_small", fh->dev, 32, 32, 0);
	if (!small)
		return -ENOMEM;
	large = dma_pool_create("foo_large", fh->dev, 256, 64, 4096);
	if (!large) {
		dma_pool_destroy(small);
		return -ENOMEM;
	}
	td = dma_pool_alloc(small, GFP_KERNEL, &dma);
	if (!td) {
		ret = -ENOMEM;
		goto out;
	}
	ret = foo_hw_selftest(fh, dma);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_free() gives the block back to another pool than the one dma_pool_alloc() at line 126 took it from [dma-pool-misuse]
	dma_pool_free(large, td, dma);
out:
	dma_pool_destroy(large);
	dma_pool_destroy(small);
	return ret;
}

/* 5. Probe with a local pool and a scratch TD: the error unwind after a
 *    failed register write destroys the pool with the TD still out. */
int foo_probe_scratch(struct foo_hcd *fh)
{
	struct dma_pool *pool;
	struct foo_td *td;
	dma_addr_t dma;
	int ret;

	pool = dma_pool_create("foo_td", fh->dev, sizeof(struct foo_td), 32, 0);
	if (!pool)
		return -ENOMEM;
	td = dma_pool_zalloc(pool, GFP_KERNEL, &dma);
	if (!td) {
		ret = -ENOMEM;
		goto err_pool;
	}
	ret = foo_hw_selftest(fh, dma);
	if (ret)
		goto err_pool;
	fh->td_pool = pool;
	fh->scratch = td;
	fh->scratch_dma = dma;
	return 0;

err_pool:
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: dma_pool_destroy() while the block dma_pool_zalloc() at line 152 took from the pool is still allocated; free every block with dma_pool_free() first [dma-pool-misuse]
	// CHECK-NEXT: buggy.c:152:{{[0-9]+}}: note: the block is taken from the pool here
	dma_pool_destroy(pool);
	return ret;
}

/* 6. Suspend tear-down that drops the scratch TD it has just taken for a
 *    final status read: the TD is kept in the device struct, not freed,
 *    and the pool destroyed. */
int foo_suspend(struct foo_hcd *fh)
{
	struct foo_td *td;
	dma_addr_t dma;

	td = dma_pool_alloc(fh->td_pool, GFP_KERNEL, &dma);
	if (td) {
		td->ctrl = 0;
		fh->scratch = td;
		fh->scratch_dma = dma;
		writel(lower_32_bits(dma), fh->regs);
	}
	// Not reported since the linux 6.12 triage (docs/rules/dma-pool-misuse.md): a block stored in memory may be freed by a loop the path does not tell apart.
	dma_pool_destroy(fh->td_pool);
	fh->td_pool = NULL;
	return 0;
}

/* A descriptor-chain DMA engine whose channels keep two pools, one per
 * descriptor size (hardware descriptors and their link-list items). */
struct dc_lli {
	__le32 src;
	__le32 dst;
	__le32 next;
	__le32 ctrl;
};

struct dc_desc {
	struct dc_lli *lli;
	dma_addr_t lli_dma;
	struct list_head node;
};

struct dc_chan {
	struct device *dev;
	struct dma_pool *desc_pool;
	struct dma_pool *lli_pool;
	struct list_head free_list;
};

/* 7. A link-list item taken from the LLI pool and, when the descriptor
 *    cannot be set up, given back to the descriptor pool. */
int dc_prep_lli(struct dc_chan *c, struct dc_desc *d, dma_addr_t src,
		dma_addr_t dst, bool fits)
{
	d->lli = dma_pool_alloc(c->lli_pool, GFP_NOWAIT, &d->lli_dma);
	if (!d->lli)
		return -ENOMEM;
	if (!fits) {
		// Not reported since the linux 6.12 triage (docs/rules/dma-pool-misuse.md): two pools read from two fields are not compared.
		dma_pool_free(c->desc_pool, d->lli, d->lli_dma);
		d->lli = NULL;
		return -EINVAL;
	}
	d->lli->src = cpu_to_le32(lower_32_bits(src));
	d->lli->dst = cpu_to_le32(lower_32_bits(dst));
	list_add_tail(&d->node, &c->free_list);
	return 0;
}

/* 8. Both of a pool's constraints wrong: alignment 48 and boundary 1000
 *    are reported one by one. */
int dc_chan_init(struct dc_chan *c)
{
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: dma_pool_create() alignment 48 is not a power of two: the pool is not created (NULL) [dma-pool-misuse]
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_create() boundary 1000 is not a power of two: the pool is not created (NULL) [dma-pool-misuse]
	c->lli_pool = dma_pool_create("dc_lli", c->dev, sizeof(struct dc_lli),
				      48, 1000);
	if (!c->lli_pool)
		return -ENOMEM;
	INIT_LIST_HEAD(&c->free_list);
	return 0;
}
