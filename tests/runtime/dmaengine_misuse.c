// dmaengine misuse: unchecked dma_request_chan() result, unchecked prep,
// buffer mapped for the client instead of the channel's device,
// resubmitting a terminated descriptor, unmap after terminate_async without
// synchronize, deprecated terminate_all, use after release, and submitted
// but never issued work at release.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dmaengine.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("uart0", DMA_BIT_MASK(32), 0);
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = { 0 };
	struct dma_chan *chan;
	char *buf = kzalloc(64, GFP_KERNEL);
	dma_addr_t h, hc;

	chan = dma_request_chan(dev, "rx");	/* never provided */
	// CHECK: dmart: -: dmaengine-chan-error-check: dmaengine channel is an ERR_PTR (error -19){{.*}} [dmaengine_slave_config] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	dmaengine_slave_config(chan, &cfg);

	dmart_dmaengine_provide(dev, "tx");
	chan = dma_request_chan(dev, "tx");
	hc = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, hc))
		return 3;
	// CHECK: dmart: uart0: dmaengine-wrong-map-device: buffer handed to channel tx was mapped for uart0, not for the channel's DMA device {{.*}} [dmaengine_prep_slave_single] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	tx = dmaengine_prep_slave_single(chan, hc, 64, DMA_MEM_TO_DEV, 0);
	dma_unmap_single(dev, hc, 64, DMA_TO_DEVICE);

	dmart_fail_nth("prep", 1);
	tx = dmaengine_prep_slave_single(chan, 0, 64, DMA_MEM_TO_DEV, 0);
	// CHECK: dmart: -: dmaengine-unchecked-prep: NULL descriptor: the dmaengine_prep_*() result was not checked [dmaengine_submit] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	dmaengine_submit(tx);

	h = dma_map_single(dmaengine_get_dma_device(chan), buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dmaengine_get_dma_device(chan), h))
		return 3;
	dmaengine_pause(chan);
	tx = dmaengine_prep_slave_single(chan, h, 64, DMA_MEM_TO_DEV, 0);
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	dmaengine_terminate_async(chan);
	// CHECK: dmart: uart0: dmaengine-terminate-without-sync: buffer of channel tx released after dmaengine_terminate_async() without dmaengine_synchronize() {{.*}} [dma_unmap_single] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	dma_unmap_single(dmaengine_get_dma_device(chan), h, 64, DMA_TO_DEVICE);
	dmaengine_synchronize(chan);
	// CHECK: dmart: uart0: dmaengine-use-after-release: descriptor (prepared at {{.*}}dmaengine_misuse.c:[[@LINE-7]]) submitted again after it was terminated [dmaengine_submit] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	dmaengine_submit(tx);
	// CHECK: dmart: uart0: dmaengine-terminate-without-sync: dmaengine_terminate_all() is deprecated{{.*}} [dmaengine_terminate_all] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	dmaengine_terminate_all(chan);
	dmaengine_synchronize(chan);
	dmaengine_resume(chan);

	tx = dmaengine_prep_dma_cyclic(chan, 0, 64, 16, DMA_MEM_TO_DEV, 0);
	dmaengine_submit(tx);
	// A status query of a transfer never issued says so, once, naming the
	// submit as its origin; the release then has nothing more to say.
	// CHECK: dmart: uart0: dmaengine-missing-issue-pending: descriptor submitted on channel tx (cookie {{[0-9]+}}, at {{.*}}dmaengine_misuse.c:[[@LINE-3]]) is polled for its status, but dma_async_issue_pending() was never called [dmaengine_tx_status] at {{.*}}dmaengine_misuse.c:[[@LINE+1]] (mapped at {{.*}}dmaengine_misuse.c:[[@LINE-3]] by dmaengine_submit)
	dmaengine_tx_status(chan, tx->cookie, NULL);
	dmaengine_tx_status(chan, tx->cookie, NULL);
	tx = dmaengine_prep_dma_cyclic(chan, 0, 64, 16, DMA_MEM_TO_DEV, 0);
	dmaengine_submit(tx);
	// CHECK: dmart: uart0: dmaengine-missing-issue-pending: descriptor submitted on channel tx (cookie {{[0-9]+}}, at {{.*}}dmaengine_misuse.c:[[@LINE-1]]) is still pending, but dma_async_issue_pending() was never called [dma_release_channel] at {{.*}}dmaengine_misuse.c:[[@LINE+1]] (mapped at {{.*}}dmaengine_misuse.c:[[@LINE-1]] by dmaengine_submit)
	dma_release_channel(chan);
	// CHECK: dmart: uart0: dmaengine-use-after-release: dmaengine channel tx used after dma_release_channel() at {{.*}}dmaengine_misuse.c:[[@LINE-1]] [dma_async_issue_pending] at {{.*}}dmaengine_misuse.c:[[@LINE+1]]
	dma_async_issue_pending(chan);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
