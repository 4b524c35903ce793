// Channels from dma_request_chan() tested against NULL, or used before an
// IS_ERR() test. The function's kernel-doc (drivers/dma/dmaengine.c):
// "Returns pointer to appropriate DMA channel on success or an error
// pointer." It never returns NULL.
// RUN: %not %dmacheck --rules='-*,dmaengine-chan-error-check' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#define UART_RX_FIFO	0x00
#define UART_TX_FIFO	0x04

struct soc_uart {
	struct device *dev;
	phys_addr_t mapbase;
	struct dma_chan *rx_chan;
	struct dma_chan *tx_chan;
	struct device *dma_dev;
	bool use_dma;
};

/* 1. A UART probe that falls back to PIO "when there is no channel": the
 *    NULL test never sees the failure, which is ERR_PTR(-ENODEV) or
 *    ERR_PTR(-EPROBE_DEFER), and the else branch configures it. */
int soc_uart_request_rx(struct soc_uart *up, struct dma_slave_config *cfg)
{
	up->rx_chan = dma_request_chan(up->dev, "rx");
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is tested against NULL; dma_request_chan() returns an error pointer on failure, never NULL (test it with IS_ERR()) [dmaengine-chan-error-check]
	if (!up->rx_chan) {
		dev_info(up->dev, "no RX DMA channel, using PIO\n");
		return 0;
	}
	return dmaengine_slave_config(up->rx_chan, cfg);
}

/* 2. The same written as an explicit comparison with NULL. */
int soc_uart_request_tx(struct soc_uart *up)
{
	struct dma_chan *chan;

	chan = dma_request_chan(up->dev, "tx");
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is tested against NULL; dma_request_chan() returns an error pointer on failure, never NULL (test it with IS_ERR()) [dmaengine-chan-error-check]
	if (chan == NULL)
		return -ENODEV;
	up->tx_chan = chan;
	return 0;
}

/* 3. "Use DMA if we got a channel": an error pointer is true. */
int soc_uart_startup(struct soc_uart *up)
{
	up->tx_chan = dma_request_chan(up->dev, "tx");
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is tested against NULL; dma_request_chan() returns an error pointer on failure, never NULL (test it with IS_ERR()) [dmaengine-chan-error-check]
	if (up->tx_chan)
		up->use_dma = true;
	return 0;
}

/* 4. An SPI controller that needs the DMA device to map its buffers and
 *    reads it through the channel before any test. */
struct soc_spi {
	struct device *dev;
	struct dma_chan *chan_tx;
	struct device *dma_dev;
};

int soc_spi_dma_init(struct soc_spi *ss)
{
	ss->chan_tx = dma_request_chan(ss->dev, "tx");
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is dereferenced before an IS_ERR() test: on failure it is an error pointer [dmaengine-chan-error-check]
	ss->dma_dev = ss->chan_tx->device->dev;
	if (IS_ERR(ss->chan_tx))
		return PTR_ERR(ss->chan_tx);
	return 0;
}

/* 5. An MMC host configuring the channel straight after the request. */
struct soc_mmc {
	struct device *dev;
	phys_addr_t fifo;
	struct dma_chan *chan;
};

int soc_mmc_request_dma(struct soc_mmc *host)
{
	struct dma_slave_config cfg = {
		.src_addr = host->fifo,
		.dst_addr = host->fifo,
		.src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.src_maxburst = 8,
		.dst_maxburst = 8,
	};
	int ret;

	host->chan = dma_request_chan(host->dev, "rx-tx");
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is passed to dmaengine_slave_config() before an IS_ERR() test: on failure it is an error pointer [dmaengine-chan-error-check]
	ret = dmaengine_slave_config(host->chan, &cfg);
	if (ret) {
		dma_release_channel(host->chan);
		host->chan = NULL;
	}
	return ret;
}

/* 6. A memcpy offload channel by capability, NULL-tested. */
struct offload {
	struct dma_chan *chan;
};

int offload_init(struct offload *o)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	o->chan = dma_request_chan_by_mask(&mask);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan_by_mask() result is tested against NULL; dma_request_chan_by_mask() returns an error pointer on failure, never NULL (test it with IS_ERR()) [dmaengine-chan-error-check]
	if (!o->chan)
		return -ENODEV;
	return 0;
}

/* 7. The DMA device looked up before the channel is tested. */
int soc_uart_dma_dev(struct soc_uart *up)
{
	struct dma_chan *chan = dma_request_chan(up->dev, "rx");

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is passed to dmaengine_get_dma_device() before an IS_ERR() test: on failure it is an error pointer [dmaengine-chan-error-check]
	up->dma_dev = dmaengine_get_dma_device(chan);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	up->rx_chan = chan;
	return 0;
}

/* 8. The channel chosen with a conditional expression on its truth
 *    value. */
int soc_uart_pick_rx(struct soc_uart *up)
{
	struct dma_chan *chan = dma_request_chan(up->dev, "rx");

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is tested against NULL; dma_request_chan() returns an error pointer on failure, never NULL (test it with IS_ERR()) [dmaengine-chan-error-check]
	up->rx_chan = chan ? chan : NULL;
	up->use_dma = up->rx_chan != NULL;
	return 0;
}

/* 9. An audio PCM trigger that requests its channel lazily and preps the
 *    cyclic transfer on it, testing the channel only afterwards. */
struct pcm_rt {
	struct device *dev;
	struct dma_chan *chan;
	dma_addr_t buf;
	size_t buf_bytes;
	size_t period_bytes;
};

int pcm_lazy_start(struct pcm_rt *rt)
{
	struct dma_async_tx_descriptor *desc;

	rt->chan = dma_request_chan(rt->dev, "tx");
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_request_chan() result is passed to dmaengine_prep_dma_cyclic() before an IS_ERR() test: on failure it is an error pointer [dmaengine-chan-error-check]
	desc = dmaengine_prep_dma_cyclic(rt->chan, rt->buf, rt->buf_bytes,
					 rt->period_bytes, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT);
	if (IS_ERR(rt->chan))
		return PTR_ERR(rt->chan);
	if (!desc)
		return -ENOMEM;
	dmaengine_submit(desc);
	dma_async_issue_pending(rt->chan);
	return 0;
}
