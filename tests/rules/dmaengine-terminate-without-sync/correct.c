// Terminations that wait before the memory is released, and asynchronous
// terminations whose release happens elsewhere, in the shapes of well-kept
// dmaengine clients (8250_dma, spi-pl022, dw_mmc, snd-soc dmaengine pcm).
// Must stay silent.
// RUN: %dmacheck --rules='-*,dmaengine-terminate-without-sync' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
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
	bool rx_running;
};

/* 1. serial8250_release_dma(): each channel terminated synchronously
 *    before its buffer is freed or unmapped. */
void uart_release_dma(struct uart_dma *dma)
{
	dmaengine_terminate_sync(dma->rxchan);
	dma_free_coherent(dma->rxchan->device->dev, dma->rx_size, dma->rx_buf,
			  dma->rx_addr);
	dma_release_channel(dma->rxchan);
	dma->rxchan = NULL;

	dmaengine_terminate_sync(dma->txchan);
	dma_unmap_single(dma->txchan->device->dev, dma->tx_addr, dma->tx_size,
			 DMA_TO_DEVICE);
	dma_release_channel(dma->txchan);
	dma->txchan = NULL;
}

/* 2. serial8250_rx_dma_flush(), called from the interrupt handler: an
 *    asynchronous terminate in atomic context; nothing is released on
 *    this path (the release is case 1, which waits). */
void uart_rx_dma_flush(struct uart_dma *dma)
{
	if (dma->rx_running) {
		dmaengine_pause(dma->rxchan);
		dmaengine_terminate_async(dma->rxchan);
		dma->rx_running = 0;
	}
}

/* 3. A UART's flush of pending transmit: terminate asynchronously, then
 *    synchronize before the transmit buffer's mapping goes away. */
void uart_flush_tx(struct uart_dma *dma)
{
	dmaengine_terminate_async(dma->txchan);
	dmaengine_synchronize(dma->txchan);
	dma_unmap_single(dma->txchan->device->dev, dma->tx_addr, dma->tx_size,
			 DMA_TO_DEVICE);
}

/* spi-pl022, with its terminate_dma() written with the current API. */
struct spi_dma {
	struct dma_chan *dma_rx_channel;
	struct dma_chan *dma_tx_channel;
	struct sg_table sgt_rx;
	struct sg_table sgt_tx;
	struct completion xfer_done;
};

static void spi_unmap_free_dma_scatter(struct spi_dma *pl022)
{
	dma_unmap_sg(pl022->dma_tx_channel->device->dev, pl022->sgt_tx.sgl,
		     pl022->sgt_tx.nents, DMA_TO_DEVICE);
	dma_unmap_sg(pl022->dma_rx_channel->device->dev, pl022->sgt_rx.sgl,
		     pl022->sgt_rx.nents, DMA_FROM_DEVICE);
	sg_free_table(&pl022->sgt_rx);
	sg_free_table(&pl022->sgt_tx);
}

/* 4. terminate_dma(): both channels stopped synchronously, then the
 *    scatterlists unmapped in the helper the analyzer steps into. */
void spi_terminate_dma(struct spi_dma *pl022)
{
	dmaengine_terminate_sync(pl022->dma_rx_channel);
	dmaengine_terminate_sync(pl022->dma_tx_channel);
	spi_unmap_free_dma_scatter(pl022);
}

/* 5. A transfer that times out: stopped asynchronously on the way out of
 *    the wait, synchronized, then unmapped. */
int spi_wait_dma(struct spi_dma *pl022)
{
	if (!wait_for_completion_timeout(&pl022->xfer_done,
					 msecs_to_jiffies(200))) {
		dmaengine_terminate_async(pl022->dma_rx_channel);
		dmaengine_terminate_async(pl022->dma_tx_channel);
		dmaengine_synchronize(pl022->dma_rx_channel);
		dmaengine_synchronize(pl022->dma_tx_channel);
		spi_unmap_free_dma_scatter(pl022);
		return -ETIMEDOUT;
	}
	spi_unmap_free_dma_scatter(pl022);
	return 0;
}

/* 6. An either/or: in atomic context only the asynchronous terminate
 *    (the caller cleans up later), otherwise a synchronous one and the
 *    unmap. The unmap is never on the asynchronous path. */
void spi_abort(struct spi_dma *pl022, bool atomic)
{
	if (atomic) {
		dmaengine_terminate_async(pl022->dma_rx_channel);
		return;
	}
	dmaengine_terminate_sync(pl022->dma_rx_channel);
	dma_unmap_sg(pl022->dma_rx_channel->device->dev, pl022->sgt_rx.sgl,
		     pl022->sgt_rx.nents, DMA_FROM_DEVICE);
}

/* dw_mmc with an external DMA controller (dw_mci_edmac_*). */
struct mmc_host_dma {
	struct dma_chan *ch;
	struct scatterlist *sg;
	unsigned int sg_len;
	bool write;
};

/* 7. dw_mci_edmac_stop_dma(): an asynchronous terminate from the request
 *    path; the unmap is made by the completion (case 8), another function
 *    that this one does not call. */
void mmc_edmac_stop_dma(struct mmc_host_dma *host)
{
	dmaengine_terminate_async(host->ch);
}

/* 8. dw_mci_dmac_complete_dma(): the completion unmaps the data. */
void mmc_dmac_complete_dma(void *arg)
{
	struct mmc_host_dma *host = arg;

	dma_unmap_sg(host->ch->device->dev, host->sg, host->sg_len,
		     host->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
}

/* snd-soc dmaengine pcm (sound/core/pcm_dmaengine.c). */
struct pcm_rt {
	struct dma_chan *dma_chan;
	void *area;
	dma_addr_t addr;
	size_t bytes;
};

#define SNDRV_PCM_TRIGGER_STOP		0
#define SNDRV_PCM_TRIGGER_SUSPEND	5

/* 9. snd_dmaengine_pcm_trigger(): STOP in atomic context terminates
 *    asynchronously and releases nothing. */
int pcm_trigger(struct pcm_rt *prtd, int cmd)
{
	switch (cmd) {
	case SNDRV_PCM_TRIGGER_SUSPEND:
		dmaengine_pause(prtd->dma_chan);
		return 0;
	case SNDRV_PCM_TRIGGER_STOP:
		dmaengine_terminate_async(prtd->dma_chan);
		return 0;
	default:
		return -EINVAL;
	}
}

/* 10. snd_dmaengine_pcm_close() (with the ring buffer freed here): the
 *     close synchronizes before anything is freed. */
int pcm_close(struct pcm_rt *prtd)
{
	dmaengine_synchronize(prtd->dma_chan);
	dma_free_coherent(prtd->dma_chan->device->dev, prtd->bytes, prtd->area,
			  prtd->addr);
	kfree(prtd);
	return 0;
}

/* 11. A memcpy offload on a timeout: terminate synchronously, then give
 *     the coherent bounce buffer back. */
struct copy_chan {
	struct dma_chan *chan;
	struct completion done;
	void *bounce;
	dma_addr_t bounce_dma;
	size_t len;
};

int offload_copy_wait(struct copy_chan *cc)
{
	int ret = 0;

	if (!wait_for_completion_timeout(&cc->done, msecs_to_jiffies(1000))) {
		dmaengine_terminate_sync(cc->chan);
		ret = -ETIMEDOUT;
	}
	dma_free_coherent(cc->chan->device->dev, cc->len, cc->bounce,
			  cc->bounce_dma);
	return ret;
}
