// Descriptors from dmaengine_prep_*() used before the path tests them
// against NULL. dmaengine/client.rst, "Get a descriptor for transaction":
// "A non-NULL return of this transfer API represents a "descriptor" for
// the given transaction."
// RUN: %not %dmacheck --rules='-*,dmaengine-unchecked-prep' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#define UART_RX_SZ	4096

struct soc_uart {
	struct device *dev;
	struct dma_chan *rx_chan;
	struct dma_chan *tx_chan;
	dma_addr_t rx_dma;
	dma_cookie_t rx_cookie;
	dma_cookie_t tx_cookie;
	struct scatterlist tx_sg;
};

void soc_uart_rx_dma_done(void *param);
void soc_uart_tx_dma_done(void *param);

/* 1. UART receive DMA: the descriptor's callback set before any test; a
 *    controller out of descriptors returns NULL here. */
int soc_uart_start_rx_dma(struct soc_uart *up)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_single(up->rx_chan, up->rx_dma, UART_RX_SZ,
					   DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_single() result is dereferenced before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	desc->callback = soc_uart_rx_dma_done;
	desc->callback_param = up;
	up->rx_cookie = dmaengine_submit(desc);
	dma_async_issue_pending(up->rx_chan);
	return 0;
}

/* 2. UART transmit of the circular buffer's tail, as a one-entry
 *    scatterlist, submitted with no test. */
int soc_uart_start_tx_dma(struct soc_uart *up, unsigned int nents)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_sg(up->tx_chan, &up->tx_sg, nents,
				       DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_sg() result is dereferenced before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	desc->callback = soc_uart_tx_dma_done;
	desc->callback_param = up;
	up->tx_cookie = dmaengine_submit(desc);
	dma_async_issue_pending(up->tx_chan);
	return 0;
}

/* 3. An SPI controller's transfer: the rx descriptor goes straight to
 *    dmaengine_submit(), which calls through desc->tx_submit. */
struct soc_spi {
	struct device *dev;
	struct dma_chan *dma_rx;
	struct dma_chan *dma_tx;
};

int soc_spi_dma_rx(struct soc_spi *ss, struct sg_table *rx)
{
	struct dma_async_tx_descriptor *rxdesc;

	rxdesc = dmaengine_prep_slave_sg(ss->dma_rx, rx->sgl, rx->nents,
					 DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_sg() result is passed to dmaengine_submit() before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	dmaengine_submit(rxdesc);
	dma_async_issue_pending(ss->dma_rx);
	return 0;
}

/* 4. An audio PCM trigger starting the cyclic transfer over the ring
 *    buffer, one interrupt per period. */
struct pcm_rt {
	struct dma_chan *chan;
	dma_addr_t dma_addr;
	size_t buffer_bytes;
	size_t period_bytes;
	dma_cookie_t cookie;
};

int pcm_prepare_and_submit(struct pcm_rt *prtd)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_dma_cyclic(prtd->chan, prtd->dma_addr,
					 prtd->buffer_bytes, prtd->period_bytes,
					 DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_dma_cyclic() result is passed to dmaengine_submit() before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	prtd->cookie = dmaengine_submit(desc);
	dma_async_issue_pending(prtd->chan);
	return 0;
}

/* 5. A camera capture of one frame as an interleaved transfer, the
 *    completion callback set on an untested descriptor. */
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
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_interleaved_dma() result is dereferenced before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	desc->callback_param = cd;
	desc->callback = cam_frame_done;
	dmaengine_submit(desc);
	dma_async_issue_pending(cd->chan);
	return 0;
}

/* 6. A memcpy offload (an NTB/crypto bounce copy) submitted untested. */
dma_cookie_t offload_copy(struct dma_chan *chan, dma_addr_t dst,
			  dma_addr_t src, size_t len)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(chan, dst, src, len, DMA_CTRL_ACK);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_dma_memcpy() result is passed to dmaengine_submit() before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	return dmaengine_submit(tx);
}

/* 7. A network offload attaching per-packet metadata to an untested
 *    descriptor (ti am65-cpsw style). */
struct pkt_meta {
	u32 flags;
	u32 psdata[4];
};

int eth_queue_pkt(struct dma_chan *chan, dma_addr_t buf, size_t len,
		  struct pkt_meta *meta)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_single(chan, buf, len, DMA_MEM_TO_DEV,
					   DMA_PREP_INTERRUPT);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_single() result is passed to dmaengine_desc_attach_metadata() before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	if (dmaengine_desc_attach_metadata(desc, meta, sizeof(*meta)))
		return -EINVAL;
	dmaengine_submit(desc);
	dma_async_issue_pending(chan);
	return 0;
}

/* 8. The callback set up by the driver's own helper, which the analyzer
 *    enters: the finding is at the dereference in the helper. */
static void soc_spi_set_done(struct dma_async_tx_descriptor *d,
			     struct soc_spi *ss)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_peripheral_dma_vec() result is dereferenced before a NULL test: prep returns NULL when the channel cannot take the transfer [dmaengine-unchecked-prep]
	d->callback = soc_uart_tx_dma_done;
	d->callback_param = ss;
}

int soc_spi_dma_tx_vec(struct soc_spi *ss, const struct dma_vec *vecs,
		       size_t nents)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_peripheral_dma_vec(ss->dma_tx, vecs, nents,
						 DMA_MEM_TO_DEV,
						 DMA_PREP_INTERRUPT);
	soc_spi_set_done(desc, ss);
	dmaengine_submit(desc);
	dma_async_issue_pending(ss->dma_tx);
	return 0;
}
