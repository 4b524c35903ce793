// The issue made in the driver's own helper, which the analyzer steps into
// from the submitting function: a UART that queues its RX descriptor and
// then "kicks" the channel through a small helper. Silent.
// RUN: %dmacheck --rules='-*,dmaengine-missing-issue-pending' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dmaengine.h>

struct foo_uart {
	struct device *dev;
	struct dma_chan *rx_chan;
	dma_addr_t rx_dma;
	size_t rx_size;
	dma_cookie_t rx_cookie;
	bool rx_running;
};

void foo_uart_rx_dma_done(void *param);

static void foo_uart_kick_dma(struct dma_chan *chan)
{
	dma_async_issue_pending(chan);
}

int foo_uart_start_rx_dma(struct foo_uart *up)
{
	struct dma_async_tx_descriptor *desc;
	struct dma_chan *chan = up->rx_chan;

	desc = dmaengine_prep_slave_single(chan, up->rx_dma, up->rx_size,
					   DMA_DEV_TO_MEM,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	desc->callback = foo_uart_rx_dma_done;
	desc->callback_param = up;
	up->rx_cookie = dmaengine_submit(desc);
	foo_uart_kick_dma(chan);
	up->rx_running = 1;
	return 0;
}
