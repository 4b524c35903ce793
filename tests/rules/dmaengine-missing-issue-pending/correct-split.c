// A driver that queues its transfer in one callback and starts it in
// another that the analyzer never sees on the same path: an ASoC DAI
// whose .prepare prepares and submits the cyclic descriptor, and whose
// .trigger (START) issues it. The file has a function that issues without
// submitting, outside what .prepare calls, so .prepare is not reported.
// Silent.
// RUN: %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dmaengine.h>

#define SNDRV_PCM_TRIGGER_STOP		0
#define SNDRV_PCM_TRIGGER_START		1

struct foo_i2s {
	struct device *dev;
	struct dma_chan *tx_chan;
	dma_addr_t buf_addr;
	size_t buffer_bytes;
	size_t period_bytes;
	dma_cookie_t cookie;
};

void foo_i2s_period_elapsed(void *arg);

/* .prepare: queue the ring buffer's cyclic transfer, do not start it. */
int foo_i2s_pcm_prepare(struct foo_i2s *i2s)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_dma_cyclic(i2s->tx_chan, i2s->buf_addr,
					 i2s->buffer_bytes, i2s->period_bytes,
					 DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -ENOMEM;
	desc->callback = foo_i2s_period_elapsed;
	desc->callback_param = i2s;
	i2s->cookie = dmaengine_submit(desc);
	return 0;
}

/* .trigger: start (or stop) what .prepare queued. */
int foo_i2s_pcm_trigger(struct foo_i2s *i2s, int cmd)
{
	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
		dma_async_issue_pending(i2s->tx_chan);
		return 0;
	case SNDRV_PCM_TRIGGER_STOP:
		dmaengine_terminate_async(i2s->tx_chan);
		return 0;
	default:
		return -EINVAL;
	}
}
