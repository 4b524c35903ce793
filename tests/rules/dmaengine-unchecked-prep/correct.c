// Descriptors tested against NULL before the driver touches them or
// submits them, in the shapes of well-kept dmaengine clients (8250_dma,
// spi-pl022, dw_mmc, snd-soc dmaengine pcm). Must stay silent.
// RUN: %dmacheck --rules='-*,dmaengine-unchecked-prep' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

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

/* 1. serial8250_tx_dma(): NULL means "busy, fall back to PIO". */
int uart_tx_dma(struct uart_dma *dma)
{
	struct dma_async_tx_descriptor *desc;

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

/* 2. serial8250_rx_dma(), and the shutdown that stops both directions. */
int uart_rx_dma(struct uart_dma *dma)
{
	struct dma_async_tx_descriptor *desc;

	if (dma->rx_running)
		return 0;
	desc = dmaengine_prep_slave_single(dma->rxchan, dma->rx_addr,
					   dma->rx_size, DMA_DEV_TO_MEM,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (desc == NULL)
		return -EBUSY;
	dma->rx_running = 1;
	desc->callback = uart_rx_dma_complete;
	desc->callback_param = dma;
	dma->rx_cookie = dmaengine_submit(desc);
	dma_async_issue_pending(dma->rxchan);
	return 0;
}

void uart_shutdown_dma(struct uart_dma *dma)
{
	dmaengine_terminate_sync(dma->rxchan);
	dmaengine_terminate_sync(dma->txchan);
	dma->rx_running = 0;
	dma->tx_running = 0;
}

/* 3. spi-pl022 configure_dma(): both descriptors tested, the rx one
 *    terminated and the scatterlists unmapped when tx cannot be had. */
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
		goto err_txdesc;

	rxdesc->callback = spi_dma_callback;
	rxdesc->callback_param = pl022;
	dmaengine_submit(rxdesc);
	dma_async_issue_pending(rxchan);
	dmaengine_submit(txdesc);
	dma_async_issue_pending(txchan);
	return 0;

err_txdesc:
	dmaengine_terminate_all(txchan);
err_rxdesc:
	dmaengine_terminate_all(rxchan);
	dma_unmap_sg(txchan->device->dev, pl022->sgt_tx.sgl,
		     pl022->sgt_tx.nents, DMA_TO_DEVICE);
err_tx_sgmap:
	dma_unmap_sg(rxchan->device->dev, pl022->sgt_rx.sgl,
		     pl022->sgt_rx.nents, DMA_FROM_DEVICE);
	return -ENOMEM;
}

/* 4. snd-soc dmaengine pcm (dmaengine_pcm_prepare_and_submit()): the
 *    cyclic descriptor tested, then its period callback set. */
struct pcm_rt {
	struct dma_chan *dma_chan;
	dma_addr_t dma_addr;
	size_t buffer_bytes;
	size_t period_bytes;
	dma_cookie_t cookie;
};

void pcm_dma_complete(void *arg);

int pcm_prepare_and_submit(struct pcm_rt *prtd, bool playback)
{
	enum dma_transfer_direction direction;
	struct dma_async_tx_descriptor *desc;
	unsigned long flags = DMA_CTRL_ACK | DMA_PREP_INTERRUPT;

	direction = playback ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM;
	desc = dmaengine_prep_dma_cyclic(prtd->dma_chan, prtd->dma_addr,
					 prtd->buffer_bytes, prtd->period_bytes,
					 direction, flags);
	if (!desc)
		return -ENOMEM;
	desc->callback = pcm_dma_complete;
	desc->callback_param = prtd;
	prtd->cookie = dmaengine_submit(desc);
	return 0;
}

/* 5. dw_mmc dw_mci_edmac_start_dma(): the descriptor tested (here with
 *    unlikely()) and an error path that unmaps. */
struct mmc_host_dma {
	struct device *dev;
	struct dma_chan *chan;
	struct scatterlist *sg;
	unsigned int sg_len;
	struct dma_async_tx_descriptor *desc;
};

void mmc_dmac_complete(void *arg);

int mmc_edmac_start_dma(struct mmc_host_dma *host, bool write)
{
	struct dma_async_tx_descriptor *desc;
	int ret = 0;

	desc = dmaengine_prep_slave_sg(host->chan, host->sg, host->sg_len,
				       write ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (unlikely(!desc)) {
		dev_err(host->dev, "Can't prepare slave sg.\n");
		ret = -EBUSY;
		goto unmap;
	}
	desc->callback = mmc_dmac_complete;
	desc->callback_param = host;
	dmaengine_submit(desc);
	dma_async_issue_pending(host->chan);
	return 0;

unmap:
	dma_unmap_sg(host->chan->device->dev, host->sg, host->sg_len,
		     write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	return ret;
}

/* 6. The descriptor kept in the host's struct, the field tested. */
int mmc_prep_in_host(struct mmc_host_dma *host)
{
	host->desc = dmaengine_prep_slave_sg(host->chan, host->sg, host->sg_len,
					     DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	if (!host->desc)
		return -EBUSY;
	host->desc->callback = mmc_dmac_complete;
	host->desc->callback_param = host;
	dmaengine_submit(host->desc);
	return 0;
}

/* 7. A helper that preps and returns the descriptor; its caller tests. */
static struct dma_async_tx_descriptor *
offload_prep(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src, size_t len)
{
	return dmaengine_prep_dma_memcpy(chan, dst, src, len,
					 DMA_CTRL_ACK | DMA_PREP_INTERRUPT);
}

int offload_copy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		 size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	tx = offload_prep(chan, dst, src, len);
	if (!tx)
		return -ENOMEM;
	cookie = dmaengine_submit(tx);
	if (dma_submit_error(cookie))
		return -EIO;
	dma_async_issue_pending(chan);
	return 0;
}

/* 8. Metadata attached only to a tested descriptor; IS_ERR_OR_NULL() as
 *    some clients write the test. */
struct pkt_meta {
	u32 flags;
	u32 psdata[4];
};

int eth_queue_pkt(struct dma_chan *chan, dma_addr_t buf, size_t len,
		  struct pkt_meta *meta)
{
	struct dma_async_tx_descriptor *desc;
	int ret;

	desc = dmaengine_prep_slave_single(chan, buf, len, DMA_MEM_TO_DEV,
					   DMA_PREP_INTERRUPT);
	if (IS_ERR_OR_NULL(desc))
		return -EBUSY;
	ret = dmaengine_desc_attach_metadata(desc, meta, sizeof(*meta));
	if (ret)
		return ret;
	dmaengine_submit(desc);
	dma_async_issue_pending(chan);
	return 0;
}

/* 9. An interleaved frame, the descriptor used on the non-NULL branch
 *    only. */
struct cam_dma {
	struct dma_chan *chan;
	struct dma_interleaved_template *xt;
};

void cam_frame_done(void *param);

int cam_queue_frame(struct cam_dma *cd)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_interleaved_dma(cd->chan, cd->xt,
					      DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (desc) {
		desc->callback = cam_frame_done;
		desc->callback_param = cd;
		dmaengine_submit(desc);
		dma_async_issue_pending(cd->chan);
		return 0;
	}
	return -EBUSY;
}
