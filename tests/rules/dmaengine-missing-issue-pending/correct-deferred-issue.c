// An MMC host (omap_hsmmc on linux 6.12): .request prepares and submits the
// data transfer through a helper, then starts it through an issue-only
// helper; when the request begins with a set-block-count command, .request
// returns after starting that command, and the command-complete interrupt
// calls the same issue-only helper. The helper is called from outside what
// .request calls, so the early return is not reported. Silent.
// RUN: %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>

struct foo_host {
	struct dma_chan *chan;
	struct scatterlist *sg;
	unsigned int sg_len;
	bool sbc;
};

void foo_start_command(struct foo_host *host, int opcode);

static int foo_setup_dma(struct foo_host *host)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_slave_sg(host->chan, host->sg, host->sg_len,
				     DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	if (!tx)
		return -ENOMEM;
	dmaengine_submit(tx);
	return 0;
}

static void foo_start_dma(struct foo_host *host)
{
	dma_async_issue_pending(host->chan);
}

void foo_request(struct foo_host *host)
{
	if (foo_setup_dma(host))
		return;
	if (host->sbc) {
		foo_start_command(host, 23);
		return;
	}
	foo_start_dma(host);
	foo_start_command(host, 18);
}

/* The command-complete interrupt: after the set-block-count command, start
 * the data transfer that .request queued. */
void foo_cmd_done(struct foo_host *host)
{
	if (!host->sbc)
		return;
	host->sbc = false;
	foo_start_dma(host);
	foo_start_command(host, 18);
}
