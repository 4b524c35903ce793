// Submissions followed on every path by dma_async_issue_pending() on their
// channel, cancelled, or failed, in the shapes of well-kept dmaengine
// clients (8250_dma, spi-pl022, dw_mmc). Must stay silent.
// No function here issues without submitting itself: such a function
// makes the rule stand down for every function of the file that does not
// call it, so those shapes have files of their own (correct-*.c).
// RUN: %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/jiffies.h>
#include <linux/scatterlist.h>

/* A UART with DMA (drivers/tty/serial/8250/8250_dma.c). */
struct uart_dma {
	struct device *dev;
	struct dma_chan *rxchan;
	struct dma_chan *txchan;
	dma_addr_t rx_addr;
	dma_addr_t tx_addr;
	size_t rx_size;
	dma_cookie_t rx_cookie;
	dma_cookie_t tx_cookie;
	bool rx_running;
	bool tx_running;
	unsigned int tx_size;
	unsigned int tail;
};

void uart_rx_dma_complete(void *param);
void uart_tx_dma_complete(void *param);

/* 1. serial8250_tx_dma(): submit, then issue on the same channel. */
int uart_tx_dma(struct uart_dma *dma)
{
	struct dma_async_tx_descriptor *desc;

	if (dma->tx_running)
		return 0;
	desc = dmaengine_prep_slave_single(dma->txchan, dma->tx_addr + dma->tail,
					   dma->tx_size, DMA_MEM_TO_DEV,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dma->tx_running = 1;
	desc->callback = uart_tx_dma_complete;
	desc->callback_param = dma;
	dma->tx_cookie = dmaengine_submit(desc);
	dma_async_issue_pending(dma->txchan);
	return 0;
}

/* 2. serial8250_rx_dma(): the same for receive. */
int uart_rx_dma(struct uart_dma *dma)
{
	struct dma_async_tx_descriptor *desc;

	if (dma->rx_running)
		return 0;
	desc = dmaengine_prep_slave_single(dma->rxchan, dma->rx_addr,
					   dma->rx_size, DMA_DEV_TO_MEM,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dma->rx_running = 1;
	desc->callback = uart_rx_dma_complete;
	desc->callback_param = dma;
	dma->rx_cookie = dmaengine_submit(desc);
	dma_async_issue_pending(dma->rxchan);
	return 0;
}

/* 3. spi-pl022 configure_dma(): RX and TX queued and both issued; the
 *    error ladder runs before anything is submitted. */
struct spi_dma {
	struct device *dev;
	struct dma_chan *dma_rx_channel;
	struct dma_chan *dma_tx_channel;
	struct sg_table sgt_rx;
	struct sg_table sgt_tx;
};

void spi_dma_callback(void *data);

int spi_configure_dma(struct spi_dma *pl022)
{
	struct dma_async_tx_descriptor *rxdesc, *txdesc;
	struct dma_chan *rxchan = pl022->dma_rx_channel;
	struct dma_chan *txchan = pl022->dma_tx_channel;

	rxdesc = dmaengine_prep_slave_sg(rxchan, pl022->sgt_rx.sgl,
					 pl022->sgt_rx.nents, DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!rxdesc)
		return -ENOMEM;
	txdesc = dmaengine_prep_slave_sg(txchan, pl022->sgt_tx.sgl,
					 pl022->sgt_tx.nents, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txdesc)
		return -ENOMEM;

	rxdesc->callback = spi_dma_callback;
	rxdesc->callback_param = pl022;
	dmaengine_submit(rxdesc);
	dmaengine_submit(txdesc);
	dma_async_issue_pending(rxchan);
	dma_async_issue_pending(txchan);
	return 0;
}

/* 4. A full-duplex transfer that queues RX first and, when TX cannot be
 *    had, cancels the queued RX: a terminate after the submit ends the
 *    obligation to issue. */
int spi_duplex_cancel(struct spi_dma *pl022)
{
	struct dma_async_tx_descriptor *rxdesc, *txdesc;
	struct dma_chan *rxchan = pl022->dma_rx_channel;
	struct dma_chan *txchan = pl022->dma_tx_channel;

	rxdesc = dmaengine_prep_slave_sg(rxchan, pl022->sgt_rx.sgl,
					 pl022->sgt_rx.nents, DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!rxdesc)
		return -ENOMEM;
	dmaengine_submit(rxdesc);

	txdesc = dmaengine_prep_slave_sg(txchan, pl022->sgt_tx.sgl,
					 pl022->sgt_tx.nents, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txdesc) {
		dmaengine_terminate_sync(rxchan);
		return -ENOMEM;
	}
	dmaengine_submit(txdesc);
	dma_async_issue_pending(rxchan);
	dma_async_issue_pending(txchan);
	return 0;
}

/* 5. dw_mmc dw_mci_edmac_start_dma(): submit and issue, with an error
 *    path before the submit. */
struct mmc_host_dma {
	struct device *dev;
	struct dma_chan *chan;
	struct scatterlist *sg;
	unsigned int sg_len;
};

void mmc_dmac_complete(void *arg);

int mmc_edmac_start_dma(struct mmc_host_dma *host, bool write)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_sg(host->chan, host->sg, host->sg_len,
				       write ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	desc->callback = mmc_dmac_complete;
	desc->callback_param = host;
	dmaengine_submit(desc);
	dma_async_issue_pending(host->chan);
	return 0;
}

/* 6. A memcpy offload that issues the copy and waits for its callback,
 *    cancelling the copy on a timeout. */
struct copy_chan {
	struct dma_chan *chan;
	struct completion done;
};

void copy_done(void *arg);

int offload_copy(struct copy_chan *cc, dma_addr_t dst, dma_addr_t src,
		 size_t len)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(cc->chan, dst, src, len,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!tx)
		return -ENOMEM;
	tx->callback = copy_done;
	tx->callback_param = cc;
	reinit_completion(&cc->done);
	dmaengine_submit(tx);
	dma_async_issue_pending(cc->chan);
	if (!wait_for_completion_timeout(&cc->done, msecs_to_jiffies(1000))) {
		dmaengine_terminate_sync(cc->chan);
		return -ETIMEDOUT;
	}
	return 0;
}

/* 7. A failed submission returns at once: nothing was queued, so there is
 *    nothing to issue. The negative cookie is returned to the caller. */
int offload_copy_neg(struct copy_chan *cc, dma_addr_t dst, dma_addr_t src,
		     size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	tx = dmaengine_prep_dma_memcpy(cc->chan, dst, src, len, DMA_CTRL_ACK);
	if (!tx)
		return -ENOMEM;
	cookie = dmaengine_submit(tx);
	if (cookie < 0)
		return cookie;
	dma_async_issue_pending(cc->chan);
	return 0;
}

/* 8. Several descriptors queued in a loop, then one issue that starts
 *    them all (batching). */
int offload_copy_sg(struct copy_chan *cc, dma_addr_t *dst, dma_addr_t *src,
		    size_t *len, int n)
{
	struct dma_async_tx_descriptor *tx;
	int i;

	for (i = 0; i < n; i++) {
		tx = dmaengine_prep_dma_memcpy(cc->chan, dst[i], src[i], len[i],
					       DMA_CTRL_ACK);
		if (!tx)
			break;
		dmaengine_submit(tx);
	}
	dma_async_issue_pending(cc->chan);
	return i == n ? 0 : -ENOMEM;
}

/* 9. An audio PCM trigger that prepares, submits and issues the cyclic
 *    transfer in one function; the stop command terminates it. */
struct pcm_rt {
	struct dma_chan *dma_chan;
	dma_addr_t dma_addr;
	size_t buffer_bytes;
	size_t period_bytes;
	dma_cookie_t cookie;
};

void pcm_dma_complete(void *arg);

#define PCM_TRIGGER_STOP	0
#define PCM_TRIGGER_START	1

int pcm_trigger(struct pcm_rt *prtd, int cmd)
{
	struct dma_async_tx_descriptor *desc;

	switch (cmd) {
	case PCM_TRIGGER_START:
		desc = dmaengine_prep_dma_cyclic(prtd->dma_chan, prtd->dma_addr,
						 prtd->buffer_bytes,
						 prtd->period_bytes,
						 DMA_MEM_TO_DEV,
						 DMA_CTRL_ACK | DMA_PREP_INTERRUPT);
		if (!desc)
			return -ENOMEM;
		desc->callback = pcm_dma_complete;
		desc->callback_param = prtd;
		prtd->cookie = dmaengine_submit(desc);
		dma_async_issue_pending(prtd->dma_chan);
		return 0;
	case PCM_TRIGGER_STOP:
		dmaengine_terminate_async(prtd->dma_chan);
		return 0;
	default:
		return -EINVAL;
	}
}
