// dmaengine with the simulated controller: buffers mapped for the
// channel's device, callbacks in cookie order on another thread, pause
// holds issued work with full residue, resume completes it, tx_status
// reports completion, terminate_sync guarantees no callback afterwards.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: order 1 2 3, other thread: yes
// CHECK: paused: status 2 residue 64
// CHECK: resumed: status 0 residue 0
// CHECK: loopback 'ping'
// CHECK: after terminate_sync: callbacks 0, status 3
// CHECK: errors 0

#include <stdio.h>
#include <pthread.h>
#include <dmart.h>
#include <linux/dmaengine.h>
#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/delay.h>

static int order[8], norder;
static pthread_t main_thread;
static int other_thread = 1;
static struct completion done;

static void cb(void *param)
{
	order[norder++] = (int)(long)param;
	if (pthread_equal(pthread_self(), main_thread))
		other_thread = 0;
	complete(&done);
}

static dma_cookie_t send(struct dma_chan *chan, dma_addr_t h, size_t len,
			 enum dma_transfer_direction dir, long tag)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_slave_single(chan, h, len, dir, DMA_PREP_INTERRUPT);
	if (!tx)
		return -ENOMEM;
	tx->callback = cb;
	tx->callback_param = (void *)tag;
	return dmaengine_submit(tx);
}

int main(void)
{
	struct device *dev = dmart_device_create("spi0", DMA_BIT_MASK(32), 0);
	struct dma_tx_state st;
	struct dma_chan *chan;
	struct device *dmadev;
	char *buf = kzalloc(64, GFP_KERNEL), *rx = kzalloc(64, GFP_KERNEL);
	dma_cookie_t ck;
	dma_addr_t h, hr;
	enum dma_status s;
	int i;

	main_thread = pthread_self();
	init_completion(&done);
	dmart_dmaengine_provide(dev, "tx");
	chan = dma_request_chan(dev, "tx");
	if (IS_ERR(chan))
		return 3;
	dmadev = dmaengine_get_dma_device(chan);
	strcpy(buf, "ping");
	h = dma_map_single(dmadev, buf, 64, DMA_TO_DEVICE);
	hr = dma_map_single(dmadev, rx, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(dmadev, h) || dma_mapping_error(dmadev, hr))
		return 3;

	for (i = 1; i <= 3; i++)
		send(chan, h, 4, DMA_MEM_TO_DEV, i);
	dma_async_issue_pending(chan);
	for (i = 0; i < 3; i++)
		wait_for_completion(&done);
	printf("order %d %d %d, other thread: %s\n", order[0], order[1], order[2],
	       other_thread ? "yes" : "no");

	dmaengine_pause(chan);
	ck = send(chan, hr, 64, DMA_DEV_TO_MEM, 4);
	dma_async_issue_pending(chan);
	s = dmaengine_tx_status(chan, ck, &st);
	printf("paused: status %d residue %u\n", s, st.residue);
	dmaengine_resume(chan);
	wait_for_completion(&done);
	s = dmaengine_tx_status(chan, ck, &st);
	printf("resumed: status %d residue %u\n", s, st.residue);
	dma_sync_single_for_cpu(dmadev, hr, 64, DMA_FROM_DEVICE);
	printf("loopback '%.4s'\n", rx);

	dmaengine_pause(chan);
	norder = 0;
	ck = send(chan, h, 4, DMA_MEM_TO_DEV, 5);
	dma_async_issue_pending(chan);
	dmaengine_terminate_sync(chan);
	dmaengine_resume(chan);
	msleep(20);
	printf("after terminate_sync: callbacks %d, status %d\n", norder,
	       dmaengine_tx_status(chan, ck, NULL));

	dma_unmap_single(dmadev, h, 64, DMA_TO_DEVICE);
	dma_unmap_single(dmadev, hr, 64, DMA_FROM_DEVICE);
	dma_release_channel(chan);
	kfree(buf);
	kfree(rx);
	dmart_device_destroy(dev);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
