// snd-soc dmaengine pcm (sound/soc/soc-generic-dmaengine-pcm.c,
// sound/core/pcm_dmaengine.c): dmaengine_pcm_prepare_and_submit() queues
// the cyclic transfer, and snd_dmaengine_pcm_trigger() issues it after the
// call. The helper has a caller in the file, so it is not judged on its
// own: the trigger's paths step into it and reach the issue. Silent.
// RUN: %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dmaengine.h>

#define SNDRV_PCM_TRIGGER_STOP		0
#define SNDRV_PCM_TRIGGER_START		1
#define SNDRV_PCM_TRIGGER_PAUSE_PUSH	3
#define SNDRV_PCM_TRIGGER_PAUSE_RELEASE	4
#define SNDRV_PCM_TRIGGER_SUSPEND	5
#define SNDRV_PCM_TRIGGER_RESUME	6

struct dmaengine_pcm_runtime_data {
	struct dma_chan *dma_chan;
	dma_cookie_t cookie;
	unsigned int pos;
	dma_addr_t dma_addr;
	size_t buffer_bytes;
	size_t period_bytes;
	bool playback;
};

void dmaengine_pcm_dma_complete(void *arg);

/* The helper: prepare the cyclic descriptor and queue it, no issue. */
static int dmaengine_pcm_prepare_and_submit(struct dmaengine_pcm_runtime_data *prtd)
{
	struct dma_chan *chan = prtd->dma_chan;
	struct dma_async_tx_descriptor *desc;
	enum dma_transfer_direction direction;
	unsigned long flags = DMA_CTRL_ACK;

	direction = prtd->playback ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM;
	flags |= DMA_PREP_INTERRUPT;
	prtd->pos = 0;
	desc = dmaengine_prep_dma_cyclic(chan, prtd->dma_addr,
					 prtd->buffer_bytes,
					 prtd->period_bytes, direction, flags);
	if (!desc)
		return -ENOMEM;
	desc->callback = dmaengine_pcm_dma_complete;
	desc->callback_param = prtd;
	prtd->cookie = dmaengine_submit(desc);
	return 0;
}

/* The trigger: START calls the helper, then issues on the same channel;
 * STOP and SUSPEND terminate asynchronously (atomic context). */
int snd_dmaengine_pcm_trigger(struct dmaengine_pcm_runtime_data *prtd, int cmd)
{
	int ret;

	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
		ret = dmaengine_pcm_prepare_and_submit(prtd);
		if (ret)
			return ret;
		dma_async_issue_pending(prtd->dma_chan);
		break;
	case SNDRV_PCM_TRIGGER_RESUME:
	case SNDRV_PCM_TRIGGER_PAUSE_RELEASE:
		dmaengine_resume(prtd->dma_chan);
		break;
	case SNDRV_PCM_TRIGGER_SUSPEND:
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
		dmaengine_pause(prtd->dma_chan);
		break;
	case SNDRV_PCM_TRIGGER_STOP:
		dmaengine_terminate_async(prtd->dma_chan);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}
