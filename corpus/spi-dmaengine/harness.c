// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for corpus/spi-dmaengine (the EP93xx SSP port).  It includes
 * the driver variant and plays what is around it:
 *
 * - the platform device, with its "tx" and "rx" dmaengine channels and the
 *   SSP register window (struct device embedded, set up with
 *   dmart_device_init());
 * - the SPI core: spi_alloc_host() and friends, and spi_core_transfer(),
 *   which calls ->prepare_transfer_hardware(), ->prepare_message() and
 *   ->transfer_one(), waits for spi_finalize_current_transfer(), calls
 *   ->handle_err() when the transfer failed or timed out (as
 *   spi_transfer_one_message() does) and ->unprepare_transfer_hardware()
 *   at the end;
 * - the SPI bus and the slave: the SSP only receives a word when it clocks
 *   one out, so the rx channel is paused while the tx channel runs; then the
 *   harness takes the tx words out of the SSPDR FIFO, checks them, puts the
 *   slave's answer in and resumes the rx channel.  A stalled bus (the
 *   "timeout" scenario) never resumes it.
 */
#include DMART_DRIVER
#include <dmart.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SSP_BASE		0x808a0000UL
#define SSP_SIZE		0x100
#define CORE_TIMEOUT_MS		200	/* the SPI core's wait for a transfer */
#define TX_WAIT_MS		1000	/* a tx run that never ends */

/* --- the SPI core --------------------------------------------------- */

static struct spi_controller *registered;

struct spi_controller *spi_alloc_host(struct device *dev, unsigned int size)
{
	struct spi_controller *ctlr;

	ctlr = kzalloc(sizeof(*ctlr) + size, GFP_KERNEL);
	if (!ctlr)
		return NULL;
	ctlr->dev.parent = dev;
	ctlr->dev.init_name = "spi0";
	init_completion(&ctlr->xfer_completion);
	dev_set_drvdata(&ctlr->dev, ctlr + 1);
	return ctlr;
}

void spi_controller_put(struct spi_controller *ctlr)
{
	kfree(ctlr);
}

/* The devres action (unregister, put) runs when the harness unbinds. */
int devm_spi_register_controller(struct device *dev, struct spi_controller *ctlr)
{
	registered = ctlr;
	return 0;
}

void spi_finalize_current_transfer(struct spi_controller *ctlr)
{
	complete(&ctlr->xfer_completion);
}

/* --- the board ------------------------------------------------------- */

struct board {
	struct platform_device pdev;
	struct resource res;
	struct spi_controller *host;
	struct ep93xx_spi *espi;
	struct spi_device spi;
	bool stall;		/* the slave never answers */
};

static bool chan_ok(struct dma_chan *chan)
{
	return !IS_ERR_OR_NULL(chan);
}

/*
 * Board setup and probe.  Returns 0 with the driver bound, 1 when probe
 * failed (b is then torn down already), -1 on a harness failure.
 */
static int board_probe(struct board *b, bool tx_chan, bool rx_chan)
{
	int ret;

	memset(b, 0, sizeof(*b));
	registered = NULL;
	b->pdev.name = "ep93xx-spi";
	b->pdev.id = 0;
	b->res.start = SSP_BASE;
	b->res.end = SSP_BASE + SSP_SIZE - 1;
	b->res.flags = IORESOURCE_MEM;
	b->pdev.resource = &b->res;
	b->pdev.num_resources = 1;
	if (dmart_device_init(&b->pdev.dev, "ep93xx-spi.0", DMA_BIT_MASK(32), 0))
		return -1;
	if ((tx_chan && dmart_dmaengine_provide(&b->pdev.dev, "tx")) ||
	    (rx_chan && dmart_dmaengine_provide(&b->pdev.dev, "rx"))) {
		dmart_device_exit(&b->pdev.dev);
		return -1;
	}

	ret = ep93xx_spi_driver.probe(&b->pdev);
	if (ret) {
		printf("probe: %d\n", ret);
		dmart_device_exit(&b->pdev.dev);
		return 1;
	}
	b->host = platform_get_drvdata(&b->pdev);
	b->espi = spi_controller_get_devdata(b->host);
	b->spi.controller = b->host;
	b->spi.mode = SPI_CPOL | SPI_CPHA;
	return 0;
}

static void board_remove(struct board *b)
{
	ep93xx_spi_driver.remove_new(&b->pdev);
	/* devm_spi_register_controller()'s release: unregister and put. */
	if (registered)
		spi_controller_put(registered);
	registered = NULL;
	dmart_device_exit(&b->pdev.dev);
}

/*
 * The bus and the slave, once the driver has started a DMA transfer: wait
 * for the tx channel to be done, take the words it sent out of the FIFO,
 * then answer with @reply (what the rx channel receives).  Returns the
 * number of tx bytes seen.
 */
static ssize_t bus_run(struct board *b, struct spi_transfer *xfer,
		       const u8 *reply)
{
	struct ep93xx_spi *espi = b->espi;
	unsigned long end = jiffies + msecs_to_jiffies(TX_WAIT_MS);
	struct dma_chan *tx = espi->dma_tx;
	u8 *seen;
	ssize_t n;

	if (!chan_ok(tx) || !chan_ok(espi->dma_rx))
		return -1;
	while (dma_async_is_tx_complete(tx, tx->cookie, NULL, NULL) ==
	       DMA_IN_PROGRESS && time_before(jiffies, end))
		usleep(200);

	seen = kzalloc(xfer->len, GFP_KERNEL);
	if (!seen)
		return -1;
	n = dmart_dmaengine_fifo_read(&b->pdev.dev, espi->sspdr_phys, seen,
				      xfer->len);
	if (n == xfer->len && xfer->tx_buf && memcmp(seen, xfer->tx_buf, n))
		printf("bus: the slave got other tx bytes than the transfer's\n");
	kfree(seen);

	/* No clock, no rx words: a stalled bus or a tx that did not run. */
	if (n == xfer->len && !b->stall) {
		dmart_dmaengine_fifo_write(&b->pdev.dev, espi->sspdr_phys, reply,
					   xfer->len);
		dmaengine_resume(espi->dma_rx);
	}
	return n;
}

/*
 * spi_transfer_one_message() for a one-transfer message.  Returns the
 * message status.
 */
static int spi_core_transfer(struct board *b, struct spi_transfer *xfer,
			     const u8 *reply)
{
	struct spi_controller *host = b->host;
	struct spi_message msg = { 0 };
	int ret;

	ret = host->prepare_transfer_hardware(host);
	if (ret)
		return ret;
	host->cur_msg = &msg;
	ret = host->prepare_message(host, &msg);
	if (ret) {
		msg.status = ret;
		goto out;
	}

	/* The rx words only come as the tx words are clocked out. */
	if (chan_ok(b->espi->dma_rx))
		dmaengine_pause(b->espi->dma_rx);

	reinit_completion(&host->xfer_completion);
	ret = host->transfer_one(host, &b->spi, xfer);
	if (ret > 0) {
		bus_run(b, xfer, reply);
		if (!wait_for_completion_timeout(&host->xfer_completion,
						 msecs_to_jiffies(CORE_TIMEOUT_MS))) {
			printf("transfer of %u bytes timed out\n", xfer->len);
			ret = -ETIMEDOUT;
		} else {
			ret = 0;
		}
	}
	if (ret < 0)
		msg.status = ret;
out:
	if (msg.status && host->handle_err)
		host->handle_err(host, &msg);
	host->cur_msg = NULL;
	host->unprepare_transfer_hardware(host);
	return msg.status;
}

/*
 * One transfer of @len bytes with @bpw bits per word; @tx / @rx say whether
 * the transfer has that buffer.  Returns 0 when it completed with the
 * expected data, the transfer's error when it failed, 1 on wrong data.
 */
static int do_transfer(struct board *b, unsigned int len, u8 bpw, bool tx,
		       bool rx)
{
	struct spi_transfer xfer = { 0 };
	u8 *txb = NULL, *rxb = NULL, *reply;
	unsigned int i;
	int ret = -ENOMEM;

	reply = kmalloc(len, GFP_KERNEL);
	if (tx)
		txb = kmalloc(len, GFP_KERNEL);
	if (rx)
		rxb = kzalloc(len, GFP_KERNEL);
	if (!reply || (tx && !txb) || (rx && !rxb))
		goto out;
	for (i = 0; i < len; i++) {
		reply[i] = 0xa5 ^ (u8)(i * 7);
		if (txb)
			txb[i] = (u8)(i * 3 + len);
	}

	xfer.tx_buf = txb;
	xfer.rx_buf = rxb;
	xfer.len = len;
	xfer.bits_per_word = bpw;
	xfer.speed_hz = 1000000;

	ret = spi_core_transfer(b, &xfer, reply);
	if (ret)
		printf("transfer of %u bytes (%s%s, %u bits): %d\n", len,
		       tx ? "tx" : "", rx ? "rx" : "", bpw, ret);
	else if (rxb && memcmp(rxb, reply, len))
		ret = 1;
out:
	kfree(rxb);
	kfree(txb);
	kfree(reply);
	return ret;
}

/* --- scenarios ------------------------------------------------------- */

static int scn_probe_remove(void)
{
	struct board b;
	int ret = board_probe(&b, true, true);

	if (ret)
		return ret < 0;
	board_remove(&b);
	return 0;
}

/*
 * Transfers of the shapes a client sends: full duplex within a page and
 * across pages, tx only (rx into the zero page), rx only (tx from the zero
 * page), 16-bit words.  A transfer the driver refuses (an injected fault) is
 * skipped and the next one must work; a timeout or wrong data ends the run
 * as a failure.
 */
static int scn_traffic(void)
{
	static const struct {
		unsigned int len;
		u8 bpw;
		bool tx, rx;
	} xfers[] = {
		{ 64, 8, true, true },
		{ 3 * PAGE_SIZE / 2, 8, true, true },
		{ 200, 8, true, false },
		{ 200, 8, false, true },
		{ 512, 16, true, true },
		{ 64, 8, true, true },
	};
	unsigned int i, done = 0;
	struct board b;
	int ret = board_probe(&b, true, true);

	if (ret)
		return ret < 0;
	for (i = 0; i < ARRAY_SIZE(xfers); i++) {
		ret = do_transfer(&b, xfers[i].len, xfers[i].bpw, xfers[i].tx,
				  xfers[i].rx);
		if (ret == 1 || ret == -ETIMEDOUT)
			break;
		if (!ret)
			done++;
	}
	printf("traffic: %u of %zu transfers done\n", done, ARRAY_SIZE(xfers));
	board_remove(&b);
	return ret == 1 || ret == -ETIMEDOUT;
}

/*
 * The slave never answers: the transfer times out, the core calls
 * ->handle_err(), which must stop the channels and unmap; the next transfer
 * then works.
 */
static int scn_timeout(void)
{
	struct board b;
	int ret = board_probe(&b, true, true);

	if (ret)
		return ret < 0;
	b.stall = true;
	ret = do_transfer(&b, 256, 8, true, true);
	b.stall = false;
	if (ret == -ETIMEDOUT)
		ret = do_transfer(&b, 256, 8, true, true);
	else if (!ret)
		ret = 1;	/* a stalled bus cannot complete */
	board_remove(&b);
	return ret == 1 || ret == -ETIMEDOUT;
}

/* A board without a tx channel: probe must fail. */
static int scn_no_tx_chan(void)
{
	struct board b;
	int ret = board_probe(&b, false, true);

	if (ret)
		return ret < 0;
	/* Bound without its tx channel: run what a client would. */
	printf("probe succeeded without a tx channel\n");
	do_transfer(&b, 64, 8, true, true);
	board_remove(&b);
	return 1;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "traffic", scn_traffic },
	{ "timeout", scn_timeout },
	{ "no-tx-chan", scn_no_tx_chan },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
