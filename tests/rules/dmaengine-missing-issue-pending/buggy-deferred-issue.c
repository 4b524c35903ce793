// The MMC host of correct-deferred-issue.c without the command-complete
// interrupt's issue: the issue-only helper is called only by .request, so
// the path that returns after the set-block-count command leaves the data
// transfer queued and never started.
// RUN: %not %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
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
	// CHECK: buggy-deferred-issue.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
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

/* The command-complete interrupt only starts the next command. */
void foo_cmd_done(struct foo_host *host)
{
	if (!host->sbc)
		return;
	host->sbc = false;
	foo_start_command(host, 18);
}
