// dmaengine_prep_dma_cyclic() takes both forms: the kernel's six arguments
// and the five of older kernels (and of client.rst), without flags.  The
// header picks by argument count and keeps the function's own name, so
// &dmaengine_prep_dma_cyclic is still the function and the analyzer
// (-D__DMACHECK__) still sees a call of dmaengine_prep_dma_cyclic.
//
// RUN: %cc -fsyntax-only -std=gnu11 -Wall -Werror -D__DMACHECK__ -I %rt_include %s
// RUN: %cc -E -std=gnu11 -D__DMACHECK__ -I %rt_include %s | %FileCheck --check-prefix=ANALYZER %s
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s
//
// ANALYZER: = dmaengine_prep_dma_cyclic (chan, buf, 64, 16, DMA_MEM_TO_DEV, 0UL);
// ANALYZER: = dmaengine_prep_dma_cyclic (chan, buf, 64, 16, DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);

#include <linux/dmaengine.h>

#ifdef __DMACHECK__
void *five(struct dma_chan *chan, dma_addr_t buf);
void *five(struct dma_chan *chan, dma_addr_t buf)
{
	struct dma_async_tx_descriptor *a, *b;

	a = dmaengine_prep_dma_cyclic(chan, buf, 64, 16, DMA_MEM_TO_DEV);
	b = dmaengine_prep_dma_cyclic(chan, buf, 64, 16, DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	return a ? (void *)a : (void *)b;
}
#else
#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/slab.h>
#include <linux/delay.h>

#define FIFO 0x5000

static int periods;

static void period_done(void *param)
{
	__atomic_add_fetch(&periods, 1, __ATOMIC_SEQ_CST);
}

int main(void)
{
	struct device *dev = dmart_device_create("i2s0", DMA_BIT_MASK(32), 0);
	struct dma_slave_config cfg = { .dst_addr = FIFO };
	struct dma_async_tx_descriptor *(*fn)(struct dma_chan *, dma_addr_t, size_t,
					       size_t, enum dma_transfer_direction,
					       unsigned long) = &dmaengine_prep_dma_cyclic;
	struct dma_async_tx_descriptor *tx;
	struct device *dmadev;
	struct dma_chan *chan;
	char *buf = kzalloc(64, GFP_KERNEL), out[64];
	dma_addr_t h;
	ssize_t n;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	dmart_dmaengine_provide(dev, "tx");
	chan = dma_request_chan(dev, "tx");
	if (IS_ERR(chan) || dmaengine_slave_config(chan, &cfg))
		return 3;
	dmadev = dmaengine_get_dma_device(chan);
	memcpy(buf, "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF", 64);
	h = dma_map_single(dmadev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dmadev, h))
		return 3;

	/* Five arguments: four 16-byte periods, one callback each. */
	tx = dmaengine_prep_dma_cyclic(chan, h, 64, 16, DMA_MEM_TO_DEV);
	if (!tx)
		return 3;
	tx->callback = period_done;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	while (__atomic_load_n(&periods, __ATOMIC_SEQ_CST) < 4)
		msleep(1);
	dmaengine_terminate_sync(chan);
	n = dmart_dmaengine_fifo_read(dev, FIFO, out, sizeof(out));
	// CHECK: five-argument cyclic: at least 4 periods: yes, first 64 bytes at the FIFO match: yes
	printf("five-argument cyclic: at least 4 periods: %s, first 64 bytes at the FIFO match: %s\n",
	       periods >= 4 ? "yes" : "no",
	       n == 64 && !memcmp(out, buf, 64) ? "yes" : "no");

	/* Six arguments, and through the function's address. */
	tx = dmaengine_prep_dma_cyclic(chan, h, 64, 16, DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	// CHECK: six-argument cyclic: desc, through &dmaengine_prep_dma_cyclic: desc
	printf("six-argument cyclic: %s, ", tx ? "desc" : "NULL");
	tx = fn(chan, h, 64, 16, DMA_MEM_TO_DEV, 0);
	printf("through &dmaengine_prep_dma_cyclic: %s\n", tx ? "desc" : "NULL");

	/* Reports from the five-argument form carry its call site. */
	// CHECK: dmart: i2s0: dma-sync-direction: dmaengine_prep_dma_cyclic() on channel tx with DMA_DEV_TO_DEV: {{.*}} [dmaengine_prep_dma_cyclic] at {{.*}}dmaengine_cyclic.c:[[@LINE+1]]
	tx = dmaengine_prep_dma_cyclic(chan, h, 64, 16, DMA_DEV_TO_DEV);

	dma_unmap_single(dmadev, h, 64, DMA_TO_DEVICE);
	dma_release_channel(chan);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
#endif
