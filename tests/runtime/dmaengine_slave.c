// dmaengine_slave_config() is checked as a controller driver checks it
// (bus widths are DMA_SLAVE_BUSWIDTH_* values the channel lists, maxburst
// within the channel's max_burst) and its peripheral addresses are used:
// a MEM_TO_DEV transfer lands in the client's FIFO at dst_addr, which the
// harness drains with dmart_dmaengine_fifo_read(); DEV_TO_MEM reads the
// FIFO at src_addr, which dmart_dmaengine_fifo_write() fills.  struct
// dma_slave_map and struct dma_filter exist as in linux/dmaengine.h.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s
// CHECK: err dma{{[0-9]+}}chan-tx: dst_addr_width 7 is not a DMA_SLAVE_BUSWIDTH_* value
// CHECK: width 7: -22
// CHECK: err dma{{[0-9]+}}chan-tx: src_maxburst 1000 exceeds the channel's max_burst 256
// CHECK: maxburst 1000: -22
// CHECK: err dma{{[0-9]+}}chan-tx: src_addr_width 16 is not supported by the channel
// CHECK: width 16 on a 1/2/4-byte controller: -22
// CHECK: good config: 0
// CHECK: TX FIFO at 0x40001000: 5 bytes 'hello', FIFO at 0x40002000: 0 bytes
// CHECK: RX from FIFO at 0x40002000: 'world'
// CHECK: slave map: 2 entries, uart0 'rx' -> 11
// CHECK: errors 0

#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/dmaengine.h>
#include <linux/completion.h>
#include <linux/slab.h>

#define TX_FIFO 0x40001000
#define RX_FIFO 0x40002000

static struct completion done;

static void cb(void *param)
{
	complete(&done);
}

static int run(struct dma_async_tx_descriptor *tx, struct dma_chan *chan)
{
	if (!tx)
		return -ENOMEM;
	tx->callback = cb;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	wait_for_completion(&done);
	return 0;
}

static const struct dma_slave_map board_map[] = {
	{ "uart0", "tx", (void *)10 },
	{ "uart0", "rx", (void *)11 },
};

static const struct dma_filter board_filter = {
	.fn = NULL, .mapcnt = ARRAY_SIZE(board_map), .map = board_map,
};

int main(void)
{
	struct device *dev = dmart_device_create("uart0", DMA_BIT_MASK(32), 0);
	struct dma_slave_config cfg = { 0 };
	struct scatterlist sg[1];
	struct device *dmadev;
	struct dma_chan *chan;
	char *buf = kzalloc(64, GFP_KERNEL), out[16] = { 0 };
	ssize_t n, other;
	u32 widths;
	int ret, nents;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	init_completion(&done);
	dmart_dmaengine_provide(dev, "tx");
	chan = dma_request_chan(dev, "tx");
	if (IS_ERR(chan))
		return 3;
	dmadev = dmaengine_get_dma_device(chan);

	cfg.dst_addr_width = 7;
	printf("width 7: %d\n", dmaengine_slave_config(chan, &cfg));
	cfg.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	cfg.src_maxburst = 1000;
	printf("maxburst 1000: %d\n", dmaengine_slave_config(chan, &cfg));
	widths = chan->device->src_addr_widths;
	chan->device->src_addr_widths = BIT(1) | BIT(2) | BIT(4);
	cfg.src_maxburst = 8;
	cfg.src_addr_width = DMA_SLAVE_BUSWIDTH_16_BYTES;
	printf("width 16 on a 1/2/4-byte controller: %d\n",
	       dmaengine_slave_config(chan, &cfg));
	chan->device->src_addr_widths = widths;

	cfg.src_addr = RX_FIFO;
	cfg.dst_addr = TX_FIFO;
	cfg.src_addr_width = cfg.dst_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE;
	cfg.src_maxburst = cfg.dst_maxburst = 8;
	ret = dmaengine_slave_config(chan, &cfg);
	printf("good config: %d\n", ret);

	/* TX: the peripheral sees the bytes at dst_addr, nowhere else. */
	strcpy(buf, "hello");
	sg_init_one(sg, buf, 5);
	nents = dma_map_sg(dmadev, sg, 1, DMA_TO_DEVICE);
	if (!nents)
		return 3;
	if (run(dmaengine_prep_slave_sg(chan, sg, nents, DMA_MEM_TO_DEV, 0), chan))
		return 3;
	dma_unmap_sg(dmadev, sg, 1, DMA_TO_DEVICE);
	other = dmart_dmaengine_fifo_read(dev, RX_FIFO, out, sizeof(out));
	n = dmart_dmaengine_fifo_read(dev, TX_FIFO, out, sizeof(out));
	printf("TX FIFO at 0x%x: %zd bytes '%.*s', FIFO at 0x%x: %zd bytes\n",
	       TX_FIFO, n, (int)n, out, RX_FIFO, other);

	/* RX: what the peripheral puts at src_addr arrives in memory. */
	memset(buf, 0, 64);
	dmart_dmaengine_fifo_write(dev, RX_FIFO, "world", 5);
	sg_init_one(sg, buf, 5);
	nents = dma_map_sg(dmadev, sg, 1, DMA_FROM_DEVICE);
	if (!nents)
		return 3;
	if (run(dmaengine_prep_slave_sg(chan, sg, nents, DMA_DEV_TO_MEM, 0), chan))
		return 3;
	dma_unmap_sg(dmadev, sg, 1, DMA_FROM_DEVICE);
	printf("RX from FIFO at 0x%x: '%.5s'\n", RX_FIFO, buf);

	chan->device->filter = board_filter;
	printf("slave map: %d entries, %s '%s' -> %ld\n", chan->device->filter.mapcnt,
	       chan->device->filter.map[1].devname, chan->device->filter.map[1].slave,
	       (long)chan->device->filter.map[1].param);

	dma_release_channel(chan);
	kfree(buf);
	dmart_device_destroy(dev);
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
