// Buffers mapped for the channel's DMA device, or whose mapping the
// analyzer does not see on the path, in the shapes of well-kept dmaengine
// clients (8250_dma, spi-pl022, dw_mmc, snd-soc dmaengine pcm). Must stay
// silent.
// RUN: %dmacheck --rules='-*,dmaengine-wrong-map-device' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

/* A UART with DMA (drivers/tty/serial/8250/8250_dma.c). */
struct uart_dma {
	struct dma_chan *rxchan;
	struct dma_chan *txchan;
	unsigned char *rx_buf;
	dma_addr_t rx_addr;
	size_t rx_size;
	void *tx_buf;
	dma_addr_t tx_addr;
	size_t tx_size;
};

/* 1. serial8250_request_dma() and serial8250_tx_dma(): the transmit
 *    buffer mapped for the TX channel's device, then given to it. */
int uart_tx_dma(struct uart_dma *dma)
{
	struct dma_async_tx_descriptor *desc;

	dma->tx_addr = dma_map_single(dma->txchan->device->dev, dma->tx_buf,
				      dma->tx_size, DMA_TO_DEVICE);
	if (dma_mapping_error(dma->txchan->device->dev, dma->tx_addr))
		return -ENOMEM;
	desc = dmaengine_prep_slave_single(dma->txchan, dma->tx_addr,
					   dma->tx_size, DMA_MEM_TO_DEV,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dmaengine_submit(desc);
	dma_async_issue_pending(dma->txchan);
	return 0;
}

/* 2. The receive buffer: a coherent allocation made for the RX channel's
 *    device (coherent buffers are not judged by this rule). */
int uart_rx_dma(struct uart_dma *dma)
{
	struct dma_async_tx_descriptor *desc;

	dma->rx_buf = dma_alloc_coherent(dma->rxchan->device->dev, dma->rx_size,
					 &dma->rx_addr, GFP_KERNEL);
	if (!dma->rx_buf)
		return -ENOMEM;
	desc = dmaengine_prep_slave_single(dma->rxchan, dma->rx_addr,
					   dma->rx_size, DMA_DEV_TO_MEM,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dmaengine_submit(desc);
	dma_async_issue_pending(dma->rxchan);
	return 0;
}

/* spi-pl022 (drivers/spi/spi-pl022.c). */
struct spi_dma {
	struct platform_device *pdev;
	struct dma_chan *dma_rx_channel;
	struct dma_chan *dma_tx_channel;
	struct sg_table sgt_rx;
	struct sg_table sgt_tx;
};

/* 3. configure_dma(): each scatterlist mapped with its channel's
 *    chan->device->dev, held in a local. */
int spi_configure_dma(struct spi_dma *pl022)
{
	struct dma_async_tx_descriptor *rxdesc, *txdesc;
	struct dma_chan *rxchan = pl022->dma_rx_channel;
	struct dma_chan *txchan = pl022->dma_tx_channel;
	int rx_sglen, tx_sglen;

	rx_sglen = dma_map_sg(rxchan->device->dev, pl022->sgt_rx.sgl,
			      pl022->sgt_rx.nents, DMA_FROM_DEVICE);
	if (!rx_sglen)
		return -ENOMEM;
	tx_sglen = dma_map_sg(txchan->device->dev, pl022->sgt_tx.sgl,
			      pl022->sgt_tx.nents, DMA_TO_DEVICE);
	if (!tx_sglen)
		goto err_tx_sgmap;
	rxdesc = dmaengine_prep_slave_sg(rxchan, pl022->sgt_rx.sgl, rx_sglen,
					 DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!rxdesc)
		goto err_rxdesc;
	txdesc = dmaengine_prep_slave_sg(txchan, pl022->sgt_tx.sgl, tx_sglen,
					 DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txdesc)
		goto err_rxdesc;
	dmaengine_submit(rxdesc);
	dmaengine_submit(txdesc);
	dma_async_issue_pending(rxchan);
	dma_async_issue_pending(txchan);
	return 0;

err_rxdesc:
	dmaengine_terminate_sync(rxchan);
	dma_unmap_sg(txchan->device->dev, pl022->sgt_tx.sgl,
		     pl022->sgt_tx.nents, DMA_TO_DEVICE);
err_tx_sgmap:
	dma_unmap_sg(rxchan->device->dev, pl022->sgt_rx.sgl,
		     pl022->sgt_rx.nents, DMA_FROM_DEVICE);
	return -ENOMEM;
}

/* 4. The 6.12 idiom: dmaengine_get_dma_device(chan) in a local. */
struct foo_spi {
	struct platform_device *pdev;
	struct device *dma_dev;
	struct dma_chan *tx_chan;
	void *tx_buf;
	dma_addr_t tx_dma;
};

int foo_spi_dma_tx(struct foo_spi *fs, size_t len)
{
	struct device *dma_dev = dmaengine_get_dma_device(fs->tx_chan);
	struct dma_async_tx_descriptor *desc;

	fs->tx_dma = dma_map_single(dma_dev, fs->tx_buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dma_dev, fs->tx_dma))
		return -ENOMEM;
	desc = dmaengine_prep_slave_single(fs->tx_chan, fs->tx_dma, len,
					   DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!desc) {
		dma_unmap_single(dma_dev, fs->tx_dma, len, DMA_TO_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(desc);
	dma_async_issue_pending(fs->tx_chan);
	return 0;
}

/* 5. The channel's device kept in the driver's struct at probe, and the
 *    mapping made with that field. */
int foo_spi_probe_dma(struct foo_spi *fs)
{
	fs->tx_chan = dma_request_chan(&fs->pdev->dev, "tx");
	if (IS_ERR(fs->tx_chan))
		return PTR_ERR(fs->tx_chan);
	fs->dma_dev = dmaengine_get_dma_device(fs->tx_chan);
	return 0;
}

int foo_spi_dma_tx_sg(struct foo_spi *fs, struct scatterlist *sg,
		      unsigned int n)
{
	struct dma_async_tx_descriptor *desc;
	int nents;

	nents = dma_map_sg(fs->dma_dev, sg, n, DMA_TO_DEVICE);
	if (!nents)
		return -ENOMEM;
	desc = dmaengine_prep_slave_sg(fs->tx_chan, sg, nents, DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT);
	if (!desc) {
		dma_unmap_sg(fs->dma_dev, sg, n, DMA_TO_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(desc);
	dma_async_issue_pending(fs->tx_chan);
	return 0;
}

/* 6. An SPI controller driver whose transfers the SPI core mapped (in
 *    another file, spi_map_msg(), for the channel's device): the
 *    scatterlists are given to the channel as they come. */
struct spi_transfer {
	struct sg_table tx_sg;
	struct sg_table rx_sg;
	unsigned int len;
};

int foo_spi_transfer_one(struct foo_spi *fs, struct spi_transfer *t)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_sg(fs->tx_chan, t->tx_sg.sgl, t->tx_sg.nents,
				       DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dmaengine_submit(desc);
	dma_async_issue_pending(fs->tx_chan);
	return 1;
}

/* An MMC host with two DMA engines, in dw_mmc's manner: its own internal
 * DMA master (IDMAC), for which it maps with its own device, and an
 * external dmaengine channel, for which it maps with the channel's. */
struct mmc_host_dma {
	struct platform_device *pdev;
	struct dma_chan *ch;
	bool use_idmac;
	struct scatterlist *sg;
	unsigned int sg_len;
	int sg_count;
};

void mmc_idmac_start(struct mmc_host_dma *host, int sg_count);

/* 7. The client-device mapping exists, but only on the internal-DMA
 *    path; the path that reaches the prep mapped for the channel. */
int mmc_start_dma(struct mmc_host_dma *host, bool write)
{
	struct dma_async_tx_descriptor *desc;
	enum dma_data_direction dir = write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	int sg_count;

	if (host->use_idmac) {
		sg_count = dma_map_sg(&host->pdev->dev, host->sg, host->sg_len,
				      dir);
		if (!sg_count)
			return -ENOMEM;
		mmc_idmac_start(host, sg_count);
		return 0;
	}

	sg_count = dma_map_sg(host->ch->device->dev, host->sg, host->sg_len,
			      dir);
	if (!sg_count)
		return -ENOMEM;
	desc = dmaengine_prep_slave_sg(host->ch, host->sg, sg_count,
				       write ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc) {
		dma_unmap_sg(host->ch->device->dev, host->sg, host->sg_len, dir);
		return -EBUSY;
	}
	dmaengine_submit(desc);
	dma_async_issue_pending(host->ch);
	return 0;
}

/* 8. dw_mci_pre_req()-style: the mapping made ahead of time by another
 *    callback (for the channel's device), the prep made later from the
 *    count it stored. The mapping is not on this function's path. */
int mmc_pre_req(struct mmc_host_dma *host, bool write)
{
	host->sg_count = dma_map_sg(dmaengine_get_dma_device(host->ch), host->sg,
				    host->sg_len,
				    write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	return host->sg_count ? 0 : -ENOMEM;
}

int mmc_edmac_start_dma(struct mmc_host_dma *host, bool write)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_sg(host->ch, host->sg, host->sg_count,
				       write ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dmaengine_submit(desc);
	dma_async_issue_pending(host->ch);
	return 0;
}

/* 9. snd-soc dmaengine pcm: the ring buffer preallocated for the
 *    channel's DMA device (soc-generic-dmaengine-pcm passes
 *    dmaengine_get_dma_device() to the buffer preallocation), then
 *    streamed with a cyclic transfer. */
struct pcm_rt {
	struct dma_chan *dma_chan;
	void *area;
	dma_addr_t addr;
	size_t buffer_bytes;
	size_t period_bytes;
};

int pcm_hw_params(struct pcm_rt *prtd)
{
	prtd->area = dma_alloc_coherent(dmaengine_get_dma_device(prtd->dma_chan),
					prtd->buffer_bytes, &prtd->addr,
					GFP_KERNEL);
	return prtd->area ? 0 : -ENOMEM;
}

int pcm_prepare_and_submit(struct pcm_rt *prtd)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_dma_cyclic(prtd->dma_chan, prtd->addr,
					 prtd->buffer_bytes, prtd->period_bytes,
					 DMA_MEM_TO_DEV,
					 DMA_CTRL_ACK | DMA_PREP_INTERRUPT);
	if (!desc)
		return -ENOMEM;
	dmaengine_submit(desc);
	dma_async_issue_pending(prtd->dma_chan);
	return 0;
}

/* 10. A memcpy offload (dmatest / async_tx style): both ends mapped for
 *     the channel's device. */
int offload_copy(struct dma_chan *chan, void *dst, void *src, size_t len)
{
	struct device *dev = chan->device->dev;
	struct dma_async_tx_descriptor *tx;
	dma_addr_t d, s;

	s = dma_map_single(dev, src, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, s))
		return -ENOMEM;
	d = dma_map_single(dev, dst, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d)) {
		dma_unmap_single(dev, s, len, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	tx = dmaengine_prep_dma_memcpy(chan, d, s, len, DMA_CTRL_ACK);
	if (!tx) {
		dma_unmap_single(dev, d, len, DMA_FROM_DEVICE);
		dma_unmap_single(dev, s, len, DMA_TO_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	return 0;
}

/* 11. As 10, through a driver macro (the kernel's dma_map_single() is one):
 *     the buffer is mapped for the channel's device. */
#define offload_map(d, a, s, r) dma_map_single(d, a, s, r)

int offload_copy_macro(struct dma_chan *chan, void *dst, dma_addr_t s,
		       size_t len)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t d;

	d = offload_map(dev, dst, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	tx = dmaengine_prep_dma_memcpy(chan, d, s, len, DMA_CTRL_ACK);
	if (!tx) {
		dma_unmap_single(dev, d, len, DMA_FROM_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	return 0;
}
