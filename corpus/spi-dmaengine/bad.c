// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cirrus Logic EP93xx SSP in SPI host mode, with DMA: each transfer's tx and
 * rx buffers are split into PAGE_SIZE pieces in an sg_table per direction,
 * mapped for the M2P DMA channel of that direction and run on the "tx" and
 * "rx" dmaengine slave channels against the SSPDR data register.  The rx
 * completion callback unmaps both and finalizes the transfer.
 *
 * A reduced port of drivers/spi/spi-ep93xx.c (linux 6.12), written anew.  It
 * follows ep93xx_spi_calc_divisors(), ep93xx_spi_chip_setup(),
 * ep93xx_spi_dma_prepare(), ep93xx_spi_dma_finish(),
 * ep93xx_spi_dma_callback(), ep93xx_spi_dma_transfer(),
 * ep93xx_spi_transfer_one(), ep93xx_spi_prepare_message(),
 * ep93xx_spi_prepare_hardware(), ep93xx_spi_unprepare_hardware(),
 * ep93xx_spi_setup_dma(), ep93xx_spi_release_dma(), ep93xx_spi_probe() and
 * ep93xx_spi_remove().  Left out: the PIO mode and its interrupt handler
 * (here probe fails without the DMA channels), the clock (a fixed SSP clock)
 * and the chip-select GPIOs.  Changed: the dmaengine_prep_slave_sg() calls
 * move from ep93xx_spi_dma_prepare(), which now maps and returns the entry
 * count, into ep93xx_spi_dma_transfer(), as in spi-rspi's
 * rspi_dma_transfer(); ep93xx_spi_dma_prepare() and ep93xx_spi_dma_finish()
 * pick the mapping device in their per-direction branch; a .handle_err hook, run by the SPI core when a
 * transfer fails or times out, stops both channels and unmaps what is still
 * mapped, as spi-rockchip's rockchip_spi_handle_err() and spi-pl022's
 * pl022_handle_err() do; and ep93xx_spi_release_dma() stops each channel
 * with dmaengine_terminate_sync() before releasing it, as spi-pl022's
 * pl022_dma_remove() does.
 *
 * Seeded bugs (see expect.txt), each modelled on a common kind of kernel fix:
 * - ep93xx_spi_setup_dma(): the tx channel from dma_request_chan() is tested
 *   against NULL, so an error pointer is kept as the channel ("fix the error
 *   check of dma_request_chan()") [dmaengine-chan-error-check];
 * - ep93xx_spi_dma_prepare(), ep93xx_spi_dma_finish(): the tx sg table is
 *   mapped and unmapped for the SSP's platform device, not for the tx
 *   channel's device (the rx side got converted, the tx side was missed:
 *   "map the tx buffer with the DMA engine's device")
 *   [dmaengine-wrong-map-device];
 * - ep93xx_spi_dma_transfer(): the tx descriptor is submitted without a NULL
 *   check ("check the return value of dmaengine_prep_slave_sg()")
 *   [dmaengine-unchecked-prep];
 * - ep93xx_spi_handle_err(): the channels are stopped with
 *   dmaengine_terminate_async() and the buffers unmapped at once ("add
 *   missing dmaengine_synchronize() before unmapping")
 *   [dmaengine-terminate-without-sync].
 */
#include <linux/io.h>
#include <linux/err.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/mm.h>

/*
 * The part of <linux/spi/spi.h> this port uses (the bundled headers have no
 * SPI core).  Around a message the core calls
 * ->prepare_transfer_hardware() and ->unprepare_transfer_hardware(); it calls
 * ->prepare_message() and then ->transfer_one() for each transfer; when that
 * returns 1 it waits for
 * spi_finalize_current_transfer(), and when the transfer fails or the wait
 * times out it calls ->handle_err().
 */
#define SPI_CPHA		BIT(0)
#define SPI_CPOL		BIT(1)
#define SPI_CS_HIGH		BIT(2)
#define SPI_BPW_RANGE_MASK(min, max)	GENMASK((max) - 1, (min) - 1)

struct spi_controller;

struct spi_device {
	struct spi_controller	*controller;
	u32			mode;
};

struct spi_transfer {
	const void		*tx_buf;
	void			*rx_buf;
	unsigned int		len;
	u8			bits_per_word;
	u32			speed_hz;
};

struct spi_message {
	int			status;
	void			*state;
};

struct spi_controller {
	struct device		dev;
	s16			bus_num;
	u16			num_chipselect;
	u32			mode_bits;
	u32			bits_per_word_mask;
	u32			min_speed_hz;
	u32			max_speed_hz;
	struct spi_message	*cur_msg;
	struct completion	xfer_completion;
	int (*prepare_transfer_hardware)(struct spi_controller *ctlr);
	int (*unprepare_transfer_hardware)(struct spi_controller *ctlr);
	int (*prepare_message)(struct spi_controller *ctlr,
			       struct spi_message *msg);
	int (*transfer_one)(struct spi_controller *ctlr, struct spi_device *spi,
			    struct spi_transfer *xfer);
	void (*handle_err)(struct spi_controller *ctlr, struct spi_message *msg);
};

struct spi_controller *spi_alloc_host(struct device *dev, unsigned int size);
void spi_controller_put(struct spi_controller *ctlr);
int devm_spi_register_controller(struct device *dev,
				 struct spi_controller *ctlr);
void spi_finalize_current_transfer(struct spi_controller *ctlr);

static inline void *spi_controller_get_devdata(struct spi_controller *ctlr)
{
	return dev_get_drvdata(&ctlr->dev);
}

#define SSPCR0			0x0000
#define SSPCR0_SPO		BIT(6)
#define SSPCR0_SPH		BIT(7)
#define SSPCR0_SCR_SHIFT	8

#define SSPCR1			0x0004
#define SSPCR1_SSE		BIT(4)

#define SSPDR			0x0008

#define SSPSR			0x000c
#define SSPSR_RNE		BIT(2)
#define SSPCPSR			0x0010

/* The SSP clock: the 14.7456 MHz crystal divided by two. */
#define EP93XX_SPI_CLK_RATE	7372800
/* timeout in milliseconds */
#define SPI_TIMEOUT		5

/**
 * struct ep93xx_spi - EP93xx SPI controller state
 * @pdev: the SSP's platform device
 * @mmio: the SSP registers
 * @sspdr_phys: bus address of SSPDR, the peripheral end of both channels
 * @dma_rx: rx channel (DEV_TO_MEM from SSPDR)
 * @dma_tx: tx channel (MEM_TO_DEV to SSPDR)
 * @rx_sgt: sg table of the transfer's rx buffer, PAGE_SIZE pieces
 * @tx_sgt: sg table of the transfer's tx buffer, PAGE_SIZE pieces
 * @zeropage: stands in for a missing tx or rx buffer
 * @dma_running: both sg tables are mapped for a transfer in flight
 */
struct ep93xx_spi {
	struct platform_device	*pdev;
	void __iomem		*mmio;
	unsigned long		sspdr_phys;
	struct dma_chan		*dma_rx;
	struct dma_chan		*dma_tx;
	struct sg_table		rx_sgt;
	struct sg_table		tx_sgt;
	void			*zeropage;
	bool			dma_running;
};

#define bits_per_word_to_dss(bpw)	((bpw) - 1)

static int ep93xx_spi_calc_divisors(struct spi_controller *host, u32 rate,
				    u8 *div_cpsr, u8 *div_scr)
{
	int cpsr, scr;

	rate = clamp(rate, host->min_speed_hz, host->max_speed_hz);

	/* rate = SSP clock / (cpsr * (1 + scr)), cpsr even in 2..254 */
	for (cpsr = 2; cpsr <= 254; cpsr += 2) {
		for (scr = 0; scr <= 255; scr++) {
			if (EP93XX_SPI_CLK_RATE / (cpsr * (scr + 1)) <= rate) {
				*div_scr = scr;
				*div_cpsr = cpsr;
				return 0;
			}
		}
	}

	return -EINVAL;
}

static int ep93xx_spi_chip_setup(struct spi_controller *host,
				 struct spi_device *spi,
				 struct spi_transfer *xfer)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	u8 dss = bits_per_word_to_dss(xfer->bits_per_word);
	u8 div_cpsr = 0, div_scr = 0;
	u16 cr0;
	int err;

	err = ep93xx_spi_calc_divisors(host, xfer->speed_hz, &div_cpsr,
				       &div_scr);
	if (err)
		return err;

	cr0 = div_scr << SSPCR0_SCR_SHIFT;
	if (spi->mode & SPI_CPOL)
		cr0 |= SSPCR0_SPO;
	if (spi->mode & SPI_CPHA)
		cr0 |= SSPCR0_SPH;
	cr0 |= dss;

	writel(div_cpsr, espi->mmio + SSPCPSR);
	writel(cr0, espi->mmio + SSPCR0);

	return 0;
}

/*
 * Configures the channel of @dir for the transfer, fills its sg table with
 * PAGE_SIZE pieces of the buffer (or of the zero page when the transfer has
 * no buffer for that direction) and maps it.  Returns the number of mapped
 * entries or a negative errno.
 */
static int ep93xx_spi_dma_prepare(struct spi_controller *host,
				  enum dma_data_direction dir)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	struct spi_transfer *xfer = host->cur_msg->state;
	enum dma_slave_buswidth buswidth;
	struct dma_slave_config conf;
	struct scatterlist *sg;
	struct device *dma_dev;
	struct sg_table *sgt;
	struct dma_chan *chan;
	const void *buf, *pbuf;
	size_t len = xfer->len;
	int i, ret, nents;

	if (xfer->bits_per_word > 8)
		buswidth = DMA_SLAVE_BUSWIDTH_2_BYTES;
	else
		buswidth = DMA_SLAVE_BUSWIDTH_1_BYTE;

	memset(&conf, 0, sizeof(conf));
	if (dir == DMA_FROM_DEVICE) {
		chan = espi->dma_rx;
		dma_dev = chan->device->dev;
		buf = xfer->rx_buf;
		sgt = &espi->rx_sgt;
		conf.direction = DMA_DEV_TO_MEM;
		conf.src_addr = espi->sspdr_phys;
		conf.src_addr_width = buswidth;
	} else {
		chan = espi->dma_tx;
		dma_dev = &espi->pdev->dev;
		buf = xfer->tx_buf;
		sgt = &espi->tx_sgt;
		conf.direction = DMA_MEM_TO_DEV;
		conf.dst_addr = espi->sspdr_phys;
		conf.dst_addr_width = buswidth;
	}

	ret = dmaengine_slave_config(chan, &conf);
	if (ret)
		return ret;

	/*
	 * The zero page is one page long, so the buffer goes in PAGE_SIZE
	 * pieces.  The table is kept from one transfer to the next and only
	 * reallocated when the number of pieces changes.
	 */
	nents = DIV_ROUND_UP(len, PAGE_SIZE);
	if (nents != sgt->nents) {
		sg_free_table(sgt);
		ret = sg_alloc_table(sgt, nents, GFP_KERNEL);
		if (ret)
			return ret;
	}

	pbuf = buf;
	for_each_sg(sgt->sgl, sg, sgt->nents, i) {
		size_t bytes = min_t(size_t, len, PAGE_SIZE);

		if (buf)
			sg_set_page(sg, virt_to_page(pbuf), bytes,
				    offset_in_page(pbuf));
		else
			sg_set_page(sg, virt_to_page(espi->zeropage), bytes, 0);

		pbuf += bytes;
		len -= bytes;
	}

	if (WARN_ON(len)) {
		dev_warn(&host->dev, "len = %zu expected 0!\n", len);
		return -EINVAL;
	}

	nents = dma_map_sg(dma_dev, sgt->sgl, sgt->nents, dir);
	if (!nents)
		return -ENOMEM;

	return nents;
}

static void ep93xx_spi_dma_finish(struct spi_controller *host,
				  enum dma_data_direction dir)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	struct device *dma_dev;
	struct sg_table *sgt;

	if (dir == DMA_FROM_DEVICE) {
		dma_dev = espi->dma_rx->device->dev;
		sgt = &espi->rx_sgt;
	} else {
		dma_dev = &espi->pdev->dev;
		sgt = &espi->tx_sgt;
	}

	dma_unmap_sg(dma_dev, sgt->sgl, sgt->nents, dir);
}

static void ep93xx_spi_dma_callback(void *callback_param)
{
	struct spi_controller *host = callback_param;
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);

	ep93xx_spi_dma_finish(host, DMA_TO_DEVICE);
	ep93xx_spi_dma_finish(host, DMA_FROM_DEVICE);
	espi->dma_running = false;

	spi_finalize_current_transfer(host);
}

static int ep93xx_spi_dma_transfer(struct spi_controller *host)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	struct dma_async_tx_descriptor *rxd, *txd;
	int nents, ret;

	nents = ep93xx_spi_dma_prepare(host, DMA_FROM_DEVICE);
	if (nents < 0) {
		dev_err(&host->dev, "DMA RX failed: %d\n", nents);
		return nents;
	}

	rxd = dmaengine_prep_slave_sg(espi->dma_rx, espi->rx_sgt.sgl, nents,
				      DMA_DEV_TO_MEM, DMA_CTRL_ACK);
	if (!rxd) {
		ep93xx_spi_dma_finish(host, DMA_FROM_DEVICE);
		dev_err(&host->dev, "DMA RX descriptor failed\n");
		return -ENOMEM;
	}

	nents = ep93xx_spi_dma_prepare(host, DMA_TO_DEVICE);
	if (nents < 0) {
		ret = nents;
		goto err_unmap_rx;
	}

	txd = dmaengine_prep_slave_sg(espi->dma_tx, espi->tx_sgt.sgl, nents,
				      DMA_MEM_TO_DEV, DMA_CTRL_ACK);

	/* We are ready when RX is done */
	rxd->callback = ep93xx_spi_dma_callback;
	rxd->callback_param = host;
	espi->dma_running = true;

	/* Now submit both descriptors and start DMA */
	dmaengine_submit(rxd);
	dmaengine_submit(txd);

	dma_async_issue_pending(espi->dma_rx);
	dma_async_issue_pending(espi->dma_tx);

	/* signal that we need to wait for completion */
	return 1;

err_unmap_rx:
	/* Drops the rx descriptor, prepared but never submitted. */
	dmaengine_terminate_sync(espi->dma_rx);
	ep93xx_spi_dma_finish(host, DMA_FROM_DEVICE);
	dev_err(&host->dev, "DMA TX failed: %d\n", ret);
	return ret;
}

static int ep93xx_spi_transfer_one(struct spi_controller *host,
				   struct spi_device *spi,
				   struct spi_transfer *xfer)
{
	int ret;

	ret = ep93xx_spi_chip_setup(host, spi, xfer);
	if (ret) {
		dev_err(&host->dev, "failed to setup chip for transfer\n");
		return ret;
	}

	host->cur_msg->state = xfer;

	return ep93xx_spi_dma_transfer(host);
}

/*
 * Called by the SPI core when a transfer failed or timed out: stop both
 * channels and give back the buffers of a transfer still in flight.
 */
static void ep93xx_spi_handle_err(struct spi_controller *host,
				  struct spi_message *msg)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	u32 val;

	/* Stop both channels first, so neither keeps clocking the FIFO. */
	dmaengine_terminate_async(espi->dma_rx);
	dmaengine_terminate_async(espi->dma_tx);

	if (espi->dma_running) {
		ep93xx_spi_dma_finish(host, DMA_TO_DEVICE);
		ep93xx_spi_dma_finish(host, DMA_FROM_DEVICE);
		espi->dma_running = false;
	}

	/* Reset the SSP: disable and re-enable it to empty both FIFOs. */
	val = readl(espi->mmio + SSPCR1);
	writel(val & ~SSPCR1_SSE, espi->mmio + SSPCR1);
	writel(val, espi->mmio + SSPCR1);
}

static int ep93xx_spi_prepare_message(struct spi_controller *host,
				      struct spi_message *msg)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	unsigned long timeout;

	/* Just to be sure: flush any data from RX FIFO. */
	timeout = jiffies + msecs_to_jiffies(SPI_TIMEOUT);
	while (readl(espi->mmio + SSPSR) & SSPSR_RNE) {
		if (time_after(jiffies, timeout)) {
			dev_warn(&host->dev, "timeout while flushing RX FIFO\n");
			return -ETIMEDOUT;
		}
		readl(espi->mmio + SSPDR);
	}

	return 0;
}

static int ep93xx_spi_prepare_hardware(struct spi_controller *host)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	u32 val;

	val = readl(espi->mmio + SSPCR1);
	val |= SSPCR1_SSE;
	writel(val, espi->mmio + SSPCR1);

	return 0;
}

static int ep93xx_spi_unprepare_hardware(struct spi_controller *host)
{
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);
	u32 val;

	val = readl(espi->mmio + SSPCR1);
	val &= ~SSPCR1_SSE;
	writel(val, espi->mmio + SSPCR1);

	return 0;
}

static int ep93xx_spi_setup_dma(struct device *dev, struct ep93xx_spi *espi)
{
	int ret;

	espi->zeropage = (void *)get_zeroed_page(GFP_KERNEL);
	if (!espi->zeropage)
		return -ENOMEM;

	espi->dma_rx = dma_request_chan(dev, "rx");
	if (IS_ERR(espi->dma_rx)) {
		ret = dev_err_probe(dev, PTR_ERR(espi->dma_rx),
				    "rx DMA setup failed\n");
		espi->dma_rx = NULL;
		goto fail_free_page;
	}

	espi->dma_tx = dma_request_chan(dev, "tx");
	if (!espi->dma_tx) {
		ret = dev_err_probe(dev, -ENODEV, "tx DMA setup failed\n");
		goto fail_release_rx;
	}

	return 0;

fail_release_rx:
	dma_release_channel(espi->dma_rx);
	espi->dma_rx = NULL;
fail_free_page:
	free_page((unsigned long)espi->zeropage);
	espi->zeropage = NULL;

	return ret;
}

static void ep93xx_spi_release_dma(struct ep93xx_spi *espi)
{
	if (espi->dma_rx) {
		dmaengine_terminate_sync(espi->dma_rx);
		dma_release_channel(espi->dma_rx);
		sg_free_table(&espi->rx_sgt);
	}
	if (espi->dma_tx) {
		dmaengine_terminate_sync(espi->dma_tx);
		dma_release_channel(espi->dma_tx);
		sg_free_table(&espi->tx_sgt);
	}

	if (espi->zeropage)
		free_page((unsigned long)espi->zeropage);
}

static int ep93xx_spi_probe(struct platform_device *pdev)
{
	struct spi_controller *host;
	struct ep93xx_spi *espi;
	struct resource *res;
	int error;

	host = spi_alloc_host(&pdev->dev, sizeof(*espi));
	if (!host)
		return -ENOMEM;

	host->prepare_transfer_hardware = ep93xx_spi_prepare_hardware;
	host->unprepare_transfer_hardware = ep93xx_spi_unprepare_hardware;
	host->prepare_message = ep93xx_spi_prepare_message;
	host->transfer_one = ep93xx_spi_transfer_one;
	host->handle_err = ep93xx_spi_handle_err;
	host->bus_num = pdev->id;
	host->mode_bits = SPI_CPOL | SPI_CPHA | SPI_CS_HIGH;
	host->bits_per_word_mask = SPI_BPW_RANGE_MASK(4, 16);
	host->num_chipselect = 1;
	host->max_speed_hz = EP93XX_SPI_CLK_RATE / 2;
	host->min_speed_hz = EP93XX_SPI_CLK_RATE / (254 * 256);

	platform_set_drvdata(pdev, host);

	espi = spi_controller_get_devdata(host);
	espi->pdev = pdev;

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res) {
		error = -ENODEV;
		goto fail_release_host;
	}
	espi->mmio = devm_ioremap_resource(&pdev->dev, res);
	if (IS_ERR_OR_NULL(espi->mmio)) {
		error = espi->mmio ? PTR_ERR(espi->mmio) : -ENOMEM;
		goto fail_release_host;
	}
	espi->sspdr_phys = res->start + SSPDR;

	error = ep93xx_spi_setup_dma(&pdev->dev, espi);
	if (error)
		goto fail_release_host;

	/* make sure that the hardware is disabled */
	writel(0, espi->mmio + SSPCR1);

	error = devm_spi_register_controller(&pdev->dev, host);
	if (error) {
		dev_err(&pdev->dev, "failed to register SPI host\n");
		goto fail_free_dma;
	}

	dev_info(&pdev->dev, "EP93xx SPI Controller at 0x%08lx\n",
		 (unsigned long)res->start);

	return 0;

fail_free_dma:
	ep93xx_spi_release_dma(espi);
fail_release_host:
	spi_controller_put(host);

	return error;
}

static void ep93xx_spi_remove(struct platform_device *pdev)
{
	struct spi_controller *host = platform_get_drvdata(pdev);
	struct ep93xx_spi *espi = spi_controller_get_devdata(host);

	ep93xx_spi_release_dma(espi);
}

static struct platform_driver ep93xx_spi_driver = {
	.driver		= {
		.name	= "ep93xx-spi",
	},
	.probe		= ep93xx_spi_probe,
	.remove_new	= ep93xx_spi_remove,
};
module_platform_driver(ep93xx_spi_driver);

MODULE_DESCRIPTION("EP93xx SPI Controller driver");
MODULE_LICENSE("GPL");
