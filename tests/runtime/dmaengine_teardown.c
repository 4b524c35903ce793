// Destroying a device whose dmaengine channel is busy: a completion
// callback that submits and issues the next transfer (for ever, or a few
// times) may be running when the harness destroys the device.  The destroy
// stops the channel for good and waits for the callback, so it returns (it
// used to spin while the callback kept the channel busy), nothing runs on
// the freed channel afterwards (ASan saw a use after free), and a callback
// caught between submit and issue is not reported as a missing
// dma_async_issue_pending().  2000 rounds, with and without delays.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK-NOT: dmart:
// CHECK: rounds 2000, callbacks ran: yes, errors 0
// CHECK-NOT: dmart:

#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <dmart.h>
#include <linux/dmaengine.h>
#include <linux/dma-mapping.h>

#define ROUNDS	2000

static dma_addr_t buf;
static volatile int budget;	/* resubmits left; negative: for ever */
static volatile long callbacks;

static void resubmit(void *param)
{
	struct dma_chan *chan = param;
	struct dma_async_tx_descriptor *tx;

	callbacks++;
	if (budget == 0)
		return;
	if (budget > 0)
		budget--;
	tx = dmaengine_prep_slave_single(chan, buf, 4, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT);
	if (!tx)
		return;
	tx->callback = resubmit;
	tx->callback_param = chan;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
}

static void hung(int sig)
{
	static const char msg[] = "timeout: device destroy never returned\n";

	(void)sig;
	write(1, msg, sizeof(msg) - 1);
	_exit(1);
}

int main(void)
{
	int i;

	signal(SIGALRM, hung);
	alarm(60);
	for (i = 0; i < ROUNDS; i++) {
		struct device *dev = dmart_device_create("spi0", DMA_BIT_MASK(32), 0);
		struct dma_chan *chan;

		dmart_dmaengine_provide(dev, "tx");
		chan = dma_request_chan(dev, "tx");
		if (IS_ERR(chan))
			return 3;
		/* Managed: released with the controller, never a leak. */
		if (!dmam_alloc_coherent(dmaengine_get_dma_device(chan), 64, &buf,
					 GFP_KERNEL))
			return 4;
		budget = i & 2 ? 3 : -1;
		resubmit(chan);
		if (i & 1)
			usleep(i % 50);
		dmart_device_destroy(dev);
	}
	printf("rounds %d, callbacks ran: %s, errors %lu\n", ROUNDS,
	       callbacks > ROUNDS ? "yes" : "no", dmart_error_count());
	return dmart_error_count() != 0;
}
