/* Only the dmaengine channel configuration: no rule starts from it (a
 * request, a prep, a submit or a terminate would start one). */
#include <linux/dmaengine.h>

int chan_only(struct dma_chan *chan, struct dma_slave_config *cfg)
{
	int ret = dmaengine_slave_config(chan, cfg);

	if (ret)
		dma_release_channel(chan);
	return ret;
}
