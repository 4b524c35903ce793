// Buffers given to a dmaengine channel that the same path mapped for the
// client's own struct device (&pdev->dev, &spi->dev) instead of the
// channel's DMA device. dmaengine/client.rst, "DMA usage", step 3: "The
// scatterlist must be mapped using the DMA struct device."
// RUN: %not %dmacheck --rules='-*,dmaengine-wrong-map-device' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>

/* A platform UART that maps its transmit buffer itself. */
struct foo_uart {
	struct platform_device *pdev;
	struct dma_chan *tx_chan;
	struct dma_chan *rx_chan;
	void *tx_buf;
	dma_addr_t tx_dma;
	size_t tx_len;
	struct page *rx_page;
};

/* 1. UART transmit: the buffer mapped for the UART, whose IOMMU domain
 *    (if any) is not the DMA controller's. */
int foo_uart_start_tx_dma(struct foo_uart *up)
{
	struct dma_async_tx_descriptor *desc;

	up->tx_dma = dma_map_single(&up->pdev->dev, up->tx_buf, up->tx_len,
				    DMA_TO_DEVICE);
	if (dma_mapping_error(&up->pdev->dev, up->tx_dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_single() is given memory that dma_map_single() at line [[@LINE-4]] mapped for &up->pdev->dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	desc = dmaengine_prep_slave_single(up->tx_chan, up->tx_dma, up->tx_len,
					   DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!desc) {
		dma_unmap_single(&up->pdev->dev, up->tx_dma, up->tx_len,
				 DMA_TO_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(desc);
	dma_async_issue_pending(up->tx_chan);
	return 0;
}

/* 2. UART receive into a page, mapped with dma_map_page() for the UART
 *    through the probe's usual local `dev = &pdev->dev`. */
int foo_uart_start_rx_dma(struct foo_uart *up)
{
	struct device *dev = &up->pdev->dev;
	struct dma_async_tx_descriptor *desc;
	dma_addr_t rx_dma;

	rx_dma = dma_map_page(dev, up->rx_page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, rx_dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_single() is given memory that dma_map_page() at line [[@LINE-3]] mapped for dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	desc = dmaengine_prep_slave_single(up->rx_chan, rx_dma, PAGE_SIZE,
					   DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	if (!desc) {
		dma_unmap_page(dev, rx_dma, PAGE_SIZE, DMA_FROM_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(desc);
	dma_async_issue_pending(up->rx_chan);
	return 0;
}

/* An SPI protocol driver (an SPI flash or a display) that drives its own
 * DMA channel and maps the transfer itself. */
struct spi_device {
	struct device dev;
	u32 max_speed_hz;
	u8 chip_select;
};

struct foo_panel {
	struct spi_device *spi;
	struct dma_chan *chan;
	struct scatterlist sg[4];
	unsigned int nents;
};

/* 3. The scatterlist mapped for the SPI device. */
int foo_panel_flush(struct foo_panel *p)
{
	struct dma_async_tx_descriptor *desc;
	int nents;

	nents = dma_map_sg(&p->spi->dev, p->sg, p->nents, DMA_TO_DEVICE);
	if (!nents)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_sg() is given memory that dma_map_sg() at line [[@LINE-3]] mapped for &p->spi->dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	desc = dmaengine_prep_slave_sg(p->chan, p->sg, nents, DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc) {
		dma_unmap_sg(&p->spi->dev, p->sg, p->nents, DMA_TO_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(desc);
	dma_async_issue_pending(p->chan);
	return 0;
}

/* 4. The same mapping made in the driver's own helper, which the analyzer
 *    steps into; the line named is the helper's call in this function. */
static int foo_panel_map(struct foo_panel *p)
{
	int nents = dma_map_sg(&p->spi->dev, p->sg, p->nents, DMA_TO_DEVICE);

	return nents ? nents : -ENOMEM;
}

int foo_panel_flush_mapped(struct foo_panel *p)
{
	struct dma_async_tx_descriptor *desc;
	int nents;

	nents = foo_panel_map(p);
	if (nents < 0)
		return nents;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_slave_sg() is given memory that dma_map_sg() at line [[@LINE-3]] mapped for &p->spi->dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	desc = dmaengine_prep_slave_sg(p->chan, p->sg, nents, DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!desc)
		return -EBUSY;
	dmaengine_submit(desc);
	dma_async_issue_pending(p->chan);
	return 0;
}

/* An I2S controller that streams a kmalloc'ed ring buffer with a cyclic
 * transfer. */
struct foo_i2s {
	struct platform_device *pdev;
	struct dma_chan *tx_chan;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_bytes;
	size_t period_bytes;
};

/* 5. The ring mapped for the I2S block, then given to the cyclic prep. */
int foo_i2s_start(struct foo_i2s *i2s)
{
	struct platform_device *pdev = i2s->pdev;
	struct dma_async_tx_descriptor *desc;

	i2s->ring_dma = dma_map_single(&pdev->dev, i2s->ring, i2s->ring_bytes,
				       DMA_TO_DEVICE);
	if (dma_mapping_error(&pdev->dev, i2s->ring_dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_dma_cyclic() is given memory that dma_map_single() at line [[@LINE-4]] mapped for &pdev->dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	desc = dmaengine_prep_dma_cyclic(i2s->tx_chan, i2s->ring_dma,
					 i2s->ring_bytes, i2s->period_bytes,
					 DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!desc)
		return -EBUSY;
	dmaengine_submit(desc);
	dma_async_issue_pending(i2s->tx_chan);
	return 0;
}

/* A crypto engine that offloads the copy-out of its result to a memcpy
 * channel. */
struct foo_crypto {
	struct platform_device *pdev;
	struct dma_chan *memcpy_chan;
	dma_addr_t sram_dma;
};

/* 6. The destination buffer mapped for the crypto block, then given to
 *    the memcpy channel as its destination. */
int foo_crypto_copy_out(struct foo_crypto *fc, void *out, size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_addr_t dst;

	dst = dma_map_single(&fc->pdev->dev, out, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(&fc->pdev->dev, dst))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_dma_memcpy() is given memory that dma_map_single() at line [[@LINE-3]] mapped for &fc->pdev->dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	tx = dmaengine_prep_dma_memcpy(fc->memcpy_chan, dst, fc->sram_dma, len,
				       DMA_CTRL_ACK);
	if (!tx) {
		dma_unmap_single(&fc->pdev->dev, dst, len, DMA_FROM_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(tx);
	dma_async_issue_pending(fc->memcpy_chan);
	return 0;
}

/* The kernel's dma_map_single() is itself a macro over
 * dma_map_single_attrs(); a driver macro stands in for it here, so that the
 * device is a macro argument: the message names it as written, not the
 * whole call. */
#define foo_map(d, a, s, r) dma_map_single(d, a, s, r)

/* 7. As 6, mapped through the macro. */
int foo_crypto_copy_out_macro(struct foo_crypto *fc, void *out, size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_addr_t dst;

	dst = foo_map(&fc->pdev->dev, out, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(&fc->pdev->dev, dst))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dmaengine_prep_dma_memcpy() is given memory that dma_map_single() at line [[@LINE-3]] mapped for &fc->pdev->dev (the client), not for the channel's device (dmaengine_get_dma_device(chan)): with an IOMMU the controller gets addresses it cannot use [dmaengine-wrong-map-device]
	tx = dmaengine_prep_dma_memcpy(fc->memcpy_chan, dst, fc->sram_dma, len,
				       DMA_CTRL_ACK);
	if (!tx) {
		dma_unmap_single(&fc->pdev->dev, dst, len, DMA_FROM_DEVICE);
		return -EBUSY;
	}
	dmaengine_submit(tx);
	dma_async_issue_pending(fc->memcpy_chan);
	return 0;
}
