// dma_request_chan() results tested with IS_ERR() (or IS_ERR_OR_NULL(),
// PTR_ERR_OR_ZERO()) before any use, the optional-channel idiom that turns
// a failure into NULL, and NULL tests of the deprecated calls that do
// return NULL. Must stay silent.
// RUN: %dmacheck --rules='-*,dmaengine-chan-error-check' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct uart_dma {
	struct device *dev;
	phys_addr_t mapbase;
	struct dma_chan *rxchan;
	struct dma_chan *txchan;
	struct dma_slave_config rxconf;
	struct dma_slave_config txconf;
	bool use_dma;
};

/* 1. rx and tx requested as spi-pl022's pl022_dma_autoprobe() does it:
 *    each channel tested with IS_ERR(), the error returned, the rx channel
 *    released when tx fails. */
int uart_request_dma(struct uart_dma *d)
{
	int ret;

	d->rxchan = dma_request_chan(d->dev, "rx");
	if (IS_ERR(d->rxchan))
		return PTR_ERR(d->rxchan);
	ret = dmaengine_slave_config(d->rxchan, &d->rxconf);
	if (ret)
		goto release_rx;

	d->txchan = dma_request_chan(d->dev, "tx");
	if (IS_ERR(d->txchan)) {
		ret = PTR_ERR(d->txchan);
		goto release_rx;
	}
	ret = dmaengine_slave_config(d->txchan, &d->txconf);
	if (ret)
		goto release_tx;
	return 0;

release_tx:
	dma_release_channel(d->txchan);
release_rx:
	dma_release_channel(d->rxchan);
	return ret;
}

/* 2. The optional channel (imx, stm32 UARTs): a failure other than
 *    -EPROBE_DEFER becomes NULL, and later NULL tests are then right. */
int uart_probe_dma(struct uart_dma *d)
{
	struct dma_chan *chan;
	int ret;

	chan = dma_request_chan(d->dev, "rx");
	if (IS_ERR(chan)) {
		ret = PTR_ERR(chan);
		if (ret == -EPROBE_DEFER)
			return ret;
		dev_info(d->dev, "no RX DMA channel (%d), using PIO\n", ret);
		chan = NULL;
	}
	d->rxchan = chan;
	if (!chan)
		return 0;
	d->use_dma = true;
	return dmaengine_slave_config(chan, &d->rxconf);
}

/* 3. shutdown: the channel a field holds, NULL or valid after probe. */
void uart_shutdown_dma(struct uart_dma *d)
{
	if (d->rxchan) {
		dmaengine_terminate_sync(d->rxchan);
		dma_release_channel(d->rxchan);
		d->rxchan = NULL;
	}
	if (d->txchan) {
		dmaengine_terminate_sync(d->txchan);
		dma_release_channel(d->txchan);
		d->txchan = NULL;
	}
}

/* 4. A defensive test for both, in one condition. */
int spi_request_tx(struct device *dev, struct dma_chan **out)
{
	struct dma_chan *chan = dma_request_chan(dev, "tx");

	if (!chan || IS_ERR(chan))
		return chan ? PTR_ERR(chan) : -ENODEV;
	*out = chan;
	return 0;
}

/* 5. IS_ERR_OR_NULL() and PTR_ERR_OR_ZERO(). */
struct spi_host {
	struct device *dev;
	struct dma_chan *dma_rx;
	struct dma_chan *dma_tx;
	struct device *dma_dev;
};

int spi_request_rx(struct spi_host *sh)
{
	sh->dma_rx = dma_request_chan(sh->dev, "rx");
	if (IS_ERR_OR_NULL(sh->dma_rx)) {
		sh->dma_rx = NULL;
		return -ENODEV;
	}
	sh->dma_dev = sh->dma_rx->device->dev;
	return 0;
}

int spi_request_tx_chan(struct spi_host *sh)
{
	int ret;

	sh->dma_tx = dma_request_chan(sh->dev, "tx");
	ret = PTR_ERR_OR_ZERO(sh->dma_tx);
	if (ret)
		return ret;
	sh->dma_dev = dmaengine_get_dma_device(sh->dma_tx);
	return 0;
}

/* 6. dev_err_probe() with PTR_ERR() after IS_ERR(), as probes write it
 *    since 5.9. */
int mmc_request_dma(struct platform_device *pdev, struct dma_chan **out)
{
	struct dma_chan *chan = dma_request_chan(&pdev->dev, "rx-tx");

	if (IS_ERR(chan))
		return dev_err_probe(&pdev->dev, PTR_ERR(chan),
				     "cannot get DMA channel\n");
	*out = chan;
	return 0;
}

/* 7. A helper that requests, and a caller that tests. */
static struct dma_chan *spi_get_chan(struct spi_host *sh, const char *name)
{
	return dma_request_chan(sh->dev, name);
}

int spi_dma_setup(struct spi_host *sh)
{
	struct dma_chan *chan = spi_get_chan(sh, "rx");

	if (IS_ERR(chan))
		return PTR_ERR(chan);
	sh->dma_rx = chan;
	return 0;
}

/* 8. The deprecated calls return NULL on failure: a NULL test is right
 *    for them. */
bool offload_filter(struct dma_chan *chan, void *param);

int legacy_uart_dma(struct uart_dma *d, void *param)
{
	dma_cap_mask_t mask;

	d->rxchan = dma_request_slave_channel(d->dev, "rx");
	if (!d->rxchan)
		return -ENODEV;
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	d->txchan = dma_request_channel(mask, offload_filter, param);
	if (d->txchan == NULL) {
		dma_release_channel(d->rxchan);
		return -ENODEV;
	}
	return 0;
}

/* 9. A memcpy channel by capability, tested with IS_ERR() first; the
 *    NULL test that follows is of the pointer already known valid. */
int offload_init(struct dma_chan **out)
{
	dma_cap_mask_t mask;
	struct dma_chan *chan;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_chan_by_mask(&mask);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	*out = chan;
	return chan ? 0 : -ENODEV;
}
