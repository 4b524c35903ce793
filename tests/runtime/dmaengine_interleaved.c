// dmaengine_prep_interleaved_dma() walks the template as the kernel's
// dmaengine.h describes it: numf frames of frame_size chunks; after each
// chunk a side that increments skips its gap (its own src_icg/dst_icg, or
// icg when that side is scattered: src_sgl/dst_sgl).  Exactly the chunk
// bytes move; the gaps keep their contents.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: scattered dst: residue before 14, after 0, dst 'ABCD..EFG.HIJK..LMN.............'
// CHECK: scattered src: dst 'abfgijno........................'
// CHECK: errors 0

#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/dmaengine.h>
#include <linux/dma-mapping.h>
#include <linux/completion.h>
#include <linux/slab.h>

static struct completion done;

static void cb(void *param)
{
	complete(&done);
}

/* Runs @xt paused first, so the residue shows the whole transfer. */
static unsigned int run(struct dma_chan *chan, struct dma_interleaved_template *xt)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state st;
	dma_cookie_t ck;

	tx = dmaengine_prep_interleaved_dma(chan, xt, DMA_PREP_INTERRUPT);
	if (!tx)
		return ~0u;
	tx->callback = cb;
	dmaengine_pause(chan);
	ck = dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	dmaengine_tx_status(chan, ck, &st);
	dmaengine_resume(chan);
	wait_for_completion(&done);
	return st.residue;
}

int main(void)
{
	dma_cap_mask_t mask;
	struct dma_chan *chan;
	struct device *dmadev;
	struct dma_interleaved_template *xt;
	struct dma_tx_state st;
	char *src, *dst;
	dma_addr_t hs, hd;
	unsigned int before;

	init_completion(&done);
	dma_cap_zero(mask);
	dma_cap_set(DMA_INTERLEAVE, mask);
	chan = dma_request_chan_by_mask(&mask);
	if (IS_ERR(chan))
		return 3;
	dmadev = dmaengine_get_dma_device(chan);
	src = dma_alloc_coherent(dmadev, 32, &hs, GFP_KERNEL);
	dst = dma_alloc_coherent(dmadev, 32, &hd, GFP_KERNEL);
	xt = kzalloc(sizeof(*xt) + 2 * sizeof(struct data_chunk), GFP_KERNEL);
	if (!src || !dst || !xt)
		return 3;

	/* Two frames of 4 + 3 bytes: source contiguous, destination with gaps. */
	memcpy(src, "ABCDEFGHIJKLMN", 14);
	memset(dst, '.', 32);
	xt->src_start = hs;
	xt->dst_start = hd;
	xt->dir = DMA_MEM_TO_MEM;
	xt->src_inc = true;
	xt->dst_inc = true;
	xt->dst_sgl = true;
	xt->numf = 2;
	xt->frame_size = 2;
	xt->sgl[0] = (struct data_chunk){ .size = 4, .icg = 2 };
	xt->sgl[1] = (struct data_chunk){ .size = 3, .icg = 1 };
	before = run(chan, xt);
	dmaengine_tx_status(chan, chan->completed_cookie, &st);
	printf("scattered dst: residue before %u, after %u, dst '%.32s'\n", before,
	       st.residue, dst);

	/* The other way round, with per-side gaps: src_icg wins, icg is unused. */
	memcpy(src, "abcdefghijklmnopqrstuvwxyz", 26);
	memset(dst, '.', 32);
	xt->dst_sgl = false;
	xt->src_sgl = true;
	xt->sgl[0] = (struct data_chunk){ .size = 2, .src_icg = 3 };
	xt->sgl[1] = (struct data_chunk){ .size = 2, .icg = 5, .src_icg = 1 };
	run(chan, xt);
	printf("scattered src: dst '%.32s'\n", dst);

	dma_release_channel(chan);
	dma_free_coherent(dmadev, 32, src, hs);
	dma_free_coherent(dmadev, 32, dst, hd);
	kfree(xt);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
