// Memory the transfer used, unmapped or freed after
// dmaengine_terminate_async() with no dmaengine_synchronize() in between,
// and every call of the deprecated dmaengine_terminate_all().
// dmaengine/client.rst, "Further APIs", "1. Terminate APIs":
// "dmaengine_synchronize() must be called before it is safe to free the
// memory accessed by the DMA transfer", and "dmaengine_terminate_all() is
// deprecated and should not be used in new code."
// RUN: %not %dmacheck --rules='-*,dmaengine-terminate-without-sync' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/dmapool.h>
#include <linux/jiffies.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#define FOO_RX_SZ	4096

/* A UART with receive DMA into a streaming-mapped buffer. */
struct foo_uart {
	struct device *dma_dev;
	struct dma_chan *rx_chan;
	struct dma_chan *tx_chan;
	void *rx_buf;
	dma_addr_t rx_dma;
	struct scatterlist tx_sg;
	bool tx_dma_busy;
};

/* 1. UART shutdown: the receive buffer is unmapped while the controller
 *    may still be writing into it and the completion callback may still
 *    be running. */
void foo_uart_stop_rx_dma(struct foo_uart *up)
{
	dmaengine_terminate_async(up->rx_chan);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() after dmaengine_terminate_async() at line [[@LINE-1]] without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
	dma_unmap_single(up->dma_dev, up->rx_dma, FOO_RX_SZ, DMA_FROM_DEVICE);
	kfree(up->rx_buf);
	up->rx_buf = NULL;
}

/* 2. UART flush of a pending transmit (the tty layer's .flush_buffer):
 *    the one-entry scatterlist unmapped right after an asynchronous
 *    terminate. */
void foo_uart_flush_tx(struct foo_uart *up)
{
	if (!up->tx_dma_busy)
		return;
	dmaengine_terminate_async(up->tx_chan);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() after dmaengine_terminate_async() at line [[@LINE-1]] without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
	dma_unmap_sg(up->dma_dev, &up->tx_sg, 1, DMA_TO_DEVICE);
	up->tx_dma_busy = 0;
}

/* An SPI controller, transfers mapped by the driver. */
struct foo_spi {
	struct device *dma_dev;
	struct dma_chan *tx_chan;
	struct dma_chan *rx_chan;
	struct completion dma_done;
	struct sg_table tx_sgt;
	struct sg_table rx_sgt;
};

/* 3. An SPI transfer that times out: the channel is stopped without
 *    waiting and the scatterlist is unmapped at once. */
int foo_spi_wait_dma(struct foo_spi *fs)
{
	if (!wait_for_completion_timeout(&fs->dma_done, msecs_to_jiffies(200))) {
		dmaengine_terminate_async(fs->rx_chan);
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() after dmaengine_terminate_async() at line [[@LINE-1]] without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
		dma_unmap_sg(fs->dma_dev, fs->rx_sgt.sgl, fs->rx_sgt.orig_nents,
			     DMA_FROM_DEVICE);
		return -ETIMEDOUT;
	}
	dma_unmap_sg(fs->dma_dev, fs->rx_sgt.sgl, fs->rx_sgt.orig_nents,
		     DMA_FROM_DEVICE);
	return 0;
}

/* 4. The synchronize made on one branch only: when the caller says it is
 *    in atomic context the driver skips it, and still unmaps. */
void foo_spi_abort(struct foo_spi *fs, bool atomic)
{
	dmaengine_terminate_async(fs->tx_chan);
	if (!atomic)
		dmaengine_synchronize(fs->tx_chan);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() after dmaengine_terminate_async() at line [[@LINE-3]] without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
	dma_unmap_sg(fs->dma_dev, fs->tx_sgt.sgl, fs->tx_sgt.orig_nents,
		     DMA_TO_DEVICE);
}

/* 5. The asynchronous terminate made in the driver's own helper, which
 *    the analyzer steps into; the caller then unmaps. The finding is at
 *    the unmap and names the helper's line. */
static void foo_spi_stop_rx(struct foo_spi *fs)
{
	dmaengine_terminate_async(fs->rx_chan);
}

void foo_spi_unprepare(struct foo_spi *fs)
{
	foo_spi_stop_rx(fs);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() after dmaengine_terminate_async() at line 98 without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
	dma_unmap_sg(fs->dma_dev, fs->rx_sgt.sgl, fs->rx_sgt.orig_nents,
		     DMA_FROM_DEVICE);
}

/* An audio PCM whose ring buffer is a coherent allocation. */
struct foo_pcm {
	struct device *dma_dev;
	struct dma_chan *chan;
	void *area;
	dma_addr_t addr;
	size_t bytes;
};

/* 6. PCM close: the cyclic transfer stopped asynchronously, then the ring
 *    buffer freed under the running controller. */
void foo_pcm_close(struct foo_pcm *prtd)
{
	dmaengine_terminate_async(prtd->chan);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_free_coherent() after dmaengine_terminate_async() at line [[@LINE-1]] without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
	dma_free_coherent(prtd->dma_dev, prtd->bytes, prtd->area, prtd->addr);
	prtd->area = NULL;
}

/* 7. A memcpy offload with bounce buffers from a dma_pool: on a timeout
 *    the copy is aborted and its buffer returned to the pool at once. */
struct foo_copy {
	struct dma_chan *chan;
	struct dma_pool *pool;
	struct completion done;
};

int foo_copy_wait(struct foo_copy *fc, void *bounce, dma_addr_t bounce_dma)
{
	if (!wait_for_completion_timeout(&fc->done, msecs_to_jiffies(1000))) {
		dmaengine_terminate_async(fc->chan);
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_pool_free() after dmaengine_terminate_async() at line [[@LINE-1]] without dmaengine_synchronize(): the transfer and its callback may still be using the memory [dmaengine-terminate-without-sync]
		dma_pool_free(fc->pool, bounce, bounce_dma);
		return -ETIMEDOUT;
	}
	dma_pool_free(fc->pool, bounce, bounce_dma);
	return 0;
}

/* 8. The deprecated call, at UART shutdown. */
void foo_uart_shutdown(struct foo_uart *up)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_terminate_all() is deprecated: use dmaengine_terminate_sync(), or dmaengine_terminate_async() and dmaengine_synchronize() before the memory the transfer used is freed [dmaengine-terminate-without-sync]
	dmaengine_terminate_all(up->tx_chan);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_terminate_all() is deprecated: use dmaengine_terminate_sync(), or dmaengine_terminate_async() and dmaengine_synchronize() before the memory the transfer used is freed [dmaengine-terminate-without-sync]
	dmaengine_terminate_all(up->rx_chan);
	dma_unmap_single(up->dma_dev, up->rx_dma, FOO_RX_SZ, DMA_FROM_DEVICE);
}

/* 9. The deprecated call in an error ladder (spi-pl022's configure_dma()
 *    as it still reads in 6.12). */
int foo_spi_configure_dma(struct foo_spi *fs)
{
	struct dma_async_tx_descriptor *rxdesc, *txdesc;

	rxdesc = dmaengine_prep_slave_sg(fs->rx_chan, fs->rx_sgt.sgl,
					 fs->rx_sgt.nents, DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!rxdesc)
		return -EBUSY;
	txdesc = dmaengine_prep_slave_sg(fs->tx_chan, fs->tx_sgt.sgl,
					 fs->tx_sgt.nents, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!txdesc)
		goto err_txdesc;
	dmaengine_submit(rxdesc);
	dmaengine_submit(txdesc);
	dma_async_issue_pending(fs->rx_chan);
	dma_async_issue_pending(fs->tx_chan);
	return 0;

err_txdesc:
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_terminate_all() is deprecated: use dmaengine_terminate_sync(), or dmaengine_terminate_async() and dmaengine_synchronize() before the memory the transfer used is freed [dmaengine-terminate-without-sync]
	dmaengine_terminate_all(fs->rx_chan);
	return -EBUSY;
}
