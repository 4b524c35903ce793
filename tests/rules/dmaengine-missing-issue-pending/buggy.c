// Descriptors queued with dmaengine_submit() on a path that returns without
// dma_async_issue_pending() on their channel. dmaengine/client.rst, "DMA
// usage", step 4: "dmaengine_submit() will not start the DMA operation, it
// merely adds it to the pending queue. For this, see step 5,
// dma_async_issue_pending."
// No function in this file issues without submitting, so every function is
// judged on its own paths.
// RUN: %not %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/jiffies.h>
#include <linux/scatterlist.h>

/* An SPI controller with a TX and an RX channel. */
struct foo_spi {
	struct device *dev;
	struct dma_chan *tx_chan;
	struct dma_chan *rx_chan;
	struct completion dma_done;
	bool suspended;
};

struct foo_spi_xfer {
	struct sg_table tx_sg;
	struct sg_table rx_sg;
};

void foo_spi_dma_done(void *param);

/* 1. A synchronous SPI transmit: the descriptor is queued and the driver
 *    waits for a completion that can never come, the transfer never
 *    having been started. */
int foo_spi_dma_tx(struct foo_spi *fs, struct foo_spi_xfer *t)
{
	struct dma_async_tx_descriptor *desc;
	dma_cookie_t cookie;

	desc = dmaengine_prep_slave_sg(fs->tx_chan, t->tx_sg.sgl, t->tx_sg.nents,
				       DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	desc->callback = foo_spi_dma_done;
	desc->callback_param = fs;

	reinit_completion(&fs->dma_done);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
	cookie = dmaengine_submit(desc);
	if (dma_submit_error(cookie))
		return -EIO;

	if (!wait_for_completion_timeout(&fs->dma_done, msecs_to_jiffies(100)))
		return -ETIMEDOUT;
	return 0;
}

/* 2. A full-duplex SPI transfer: RX is queued first, and when the TX
 *    descriptor cannot be had the function returns with RX still queued
 *    and neither issued nor terminated (spi-pl022 terminates it). */
int foo_spi_dma_duplex(struct foo_spi *fs, struct foo_spi_xfer *t)
{
	struct dma_async_tx_descriptor *rxdesc, *txdesc;

	rxdesc = dmaengine_prep_slave_sg(fs->rx_chan, t->rx_sg.sgl,
					 t->rx_sg.nents, DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!rxdesc)
		return -EBUSY;
	rxdesc->callback = foo_spi_dma_done;
	rxdesc->callback_param = fs;
	// Not reported since the linux 6.12 triage (docs/rules/dmaengine-missing-issue-pending.md): the function may return an error, whose caller unwinds the transfer.
	dmaengine_submit(rxdesc);

	txdesc = dmaengine_prep_slave_sg(fs->tx_chan, t->tx_sg.sgl,
					 t->tx_sg.nents, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txdesc)
		return -EBUSY;
	dmaengine_submit(txdesc);

	dma_async_issue_pending(fs->rx_chan);
	dma_async_issue_pending(fs->tx_chan);
	return 0;
}

/* 3. Both directions queued (spi-pl022's configure_dma() shape, channels
 *    in locals), but only the TX channel issued: the RX transfer never
 *    starts, and the TX one clocks out data nobody receives. */
int foo_spi_dma_duplex_one_issue(struct foo_spi *fs, struct foo_spi_xfer *t)
{
	struct dma_async_tx_descriptor *rxdesc, *txdesc;
	struct dma_chan *rxchan = fs->rx_chan;
	struct dma_chan *txchan = fs->tx_chan;

	rxdesc = dmaengine_prep_slave_sg(rxchan, t->rx_sg.sgl, t->rx_sg.nents,
					 DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!rxdesc)
		return -EBUSY;
	txdesc = dmaengine_prep_slave_sg(txchan, t->tx_sg.sgl, t->tx_sg.nents,
					 DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txdesc)
		return -EBUSY;
	rxdesc->callback = foo_spi_dma_done;
	rxdesc->callback_param = fs;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
	dmaengine_submit(rxdesc);
	dmaengine_submit(txdesc);
	dma_async_issue_pending(txchan);
	return 0;
}

/* 4. An early return between submit and issue: when the controller is
 *    suspending, the queued transfer is left pending. */
int foo_spi_dma_rx(struct foo_spi *fs, struct foo_spi_xfer *t)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_sg(fs->rx_chan, t->rx_sg.sgl, t->rx_sg.nents,
				       DMA_DEV_TO_MEM,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	// Not reported since the linux 6.12 triage (docs/rules/dmaengine-missing-issue-pending.md): the function may return an error, whose caller unwinds the transfer.
	dmaengine_submit(desc);
	if (fs->suspended)
		return -ESHUTDOWN;
	dma_async_issue_pending(fs->rx_chan);
	return 0;
}

/* 5. A UART receive path split into a helper that prepares and submits,
 *    and a caller that forgets to issue. The helper has a caller in the
 *    file, so the caller's path is judged, stepping into the helper: the
 *    finding is at the submit in the helper. */
struct foo_uart {
	struct device *dev;
	struct dma_chan *rx_chan;
	struct dma_chan *tx_chan;
	dma_addr_t rx_dma;
	size_t rx_size;
	dma_cookie_t rx_cookie;
	bool rx_running;
};

void foo_uart_rx_dma_done(void *param);

static int foo_uart_queue_rx(struct foo_uart *up)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_slave_single(up->rx_chan, up->rx_dma, up->rx_size,
					   DMA_DEV_TO_MEM,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	desc->callback = foo_uart_rx_dma_done;
	desc->callback_param = up;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
	up->rx_cookie = dmaengine_submit(desc);
	return 0;
}

int foo_uart_startup_rx(struct foo_uart *up)
{
	int ret;

	if (up->rx_running)
		return 0;
	ret = foo_uart_queue_rx(up);
	if (ret)
		return ret;
	up->rx_running = 1;
	return 0;
}

/* 6. An audio PCM trigger (START) that prepares the cyclic transfer over
 *    the ring buffer and submits it, but never issues it: no period
 *    interrupt ever comes and playback stalls. */
struct foo_pcm {
	struct dma_chan *chan;
	dma_addr_t buf_addr;
	size_t buffer_bytes;
	size_t period_bytes;
	dma_cookie_t cookie;
};

void foo_pcm_period_elapsed(void *arg);

#define FOO_TRIGGER_START	1

int foo_pcm_trigger(struct foo_pcm *prtd, int cmd)
{
	struct dma_async_tx_descriptor *desc;

	if (cmd != FOO_TRIGGER_START)
		return -EINVAL;
	desc = dmaengine_prep_dma_cyclic(prtd->chan, prtd->buf_addr,
					 prtd->buffer_bytes, prtd->period_bytes,
					 DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -ENOMEM;
	desc->callback = foo_pcm_period_elapsed;
	desc->callback_param = prtd;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
	prtd->cookie = dmaengine_submit(desc);
	return 0;
}

/* 7. A memcpy offload (an NTB / crypto bounce copy) that submits the copy
 *    and waits for its callback, which never runs. */
struct foo_copy {
	struct dma_chan *chan;
	struct completion done;
};

void foo_copy_done(void *arg);

int foo_offload_copy(struct foo_copy *fc, dma_addr_t dst, dma_addr_t src,
		     size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	tx = dmaengine_prep_dma_memcpy(fc->chan, dst, src, len,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!tx)
		return -ENOMEM;
	tx->callback = foo_copy_done;
	tx->callback_param = fc;
	reinit_completion(&fc->done);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
	cookie = dmaengine_submit(tx);
	if (cookie < 0)
		return cookie;
	if (!wait_for_completion_timeout(&fc->done, msecs_to_jiffies(1000)))
		return -ETIMEDOUT;
	return 0;
}

/* 8. A scatter-gather copy queued one entry at a time in a loop, and the
 *    loop's end never followed by an issue. */
int foo_offload_copy_sg(struct foo_copy *fc, dma_addr_t *dst, dma_addr_t *src,
			size_t *len, int n)
{
	struct dma_async_tx_descriptor *tx;
	int i;

	for (i = 0; i < n; i++) {
		tx = dmaengine_prep_dma_memcpy(fc->chan, dst[i], src[i], len[i],
					       DMA_CTRL_ACK);
		if (!tx)
			return -ENOMEM;
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_submit() queues the descriptor, but this path never calls dma_async_issue_pending() on its channel: the transfer does not start [dmaengine-missing-issue-pending]
		dmaengine_submit(tx);
	}
	return 0;
}
