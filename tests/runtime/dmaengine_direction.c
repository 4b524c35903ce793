// A prep with a direction that is not a valid enum dma_transfer_direction,
// one the channel does not do (dma_device.directions, or MEM_TO_MEM as a
// slave transfer), or one against the slave config's direction is
// dma-sync-direction and returns NULL, as a controller driver refuses it.
// dmaengine_slave_config() with an illegal direction is -EINVAL.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dmaengine.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("spi0", DMA_BIT_MASK(32), 0);
	struct dma_slave_config cfg = { .direction = DMA_MEM_TO_DEV };
	struct dma_async_tx_descriptor *tx;
	struct device *dmadev;
	struct dma_chan *chan;
	char *buf = kzalloc(64, GFP_KERNEL);
	dma_addr_t h;
	u32 dirs;
	int ret;

	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	dmart_dmaengine_provide(dev, "tx");
	chan = dma_request_chan(dev, "tx");
	if (IS_ERR(chan))
		return 3;
	dmadev = dmaengine_get_dma_device(chan);
	h = dma_map_single(dmadev, buf, 64, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dmadev, h))
		return 3;

	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_prep_slave_single() on channel tx with an invalid direction (99): not a valid enum dma_transfer_direction [dmaengine_prep_slave_single] at {{.*}}dmaengine_direction.c:[[@LINE+1]]
	tx = dmaengine_prep_slave_single(chan, h, 64, (enum dma_transfer_direction)99, 0);
	// CHECK: 99: NULL
	printf("99: %s\n", tx ? "desc" : "NULL");
	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_prep_slave_sg() on channel tx with DMA_TRANS_NONE (4): not a valid
	tx = dmaengine_prep_slave_sg(chan, NULL, 0, DMA_TRANS_NONE, 0);
	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_prep_dma_cyclic() on channel tx with DMA_MEM_TO_MEM: the channel does not do that direction as a slave transfer
	tx = dmaengine_prep_dma_cyclic(chan, h, 64, 16, DMA_MEM_TO_MEM, 0);
	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_prep_slave_single() on channel tx with DMA_DEV_TO_DEV: the channel does not do that direction
	tx = dmaengine_prep_slave_single(chan, h, 64, DMA_DEV_TO_DEV, 0);
	// CHECK: DEV_TO_DEV: NULL
	printf("DEV_TO_DEV: %s\n", tx ? "desc" : "NULL");

	/* A controller that only transmits. */
	dirs = chan->device->directions;
	chan->device->directions = BIT(DMA_MEM_TO_DEV);
	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_prep_slave_single() on channel tx with DMA_DEV_TO_MEM: the channel does not do that direction
	tx = dmaengine_prep_slave_single(chan, h, 64, DMA_DEV_TO_MEM, 0);
	chan->device->directions = dirs;

	/* The slave config says this channel transmits. */
	ret = dmaengine_slave_config(chan, &cfg);
	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_prep_slave_single() on channel tx with DMA_DEV_TO_MEM, but dmaengine_slave_config() set direction DMA_MEM_TO_DEV
	tx = dmaengine_prep_slave_single(chan, h, 64, DMA_DEV_TO_MEM, 0);
	// CHECK: config 0, DEV_TO_MEM against it: NULL
	printf("config %d, DEV_TO_MEM against it: %s\n", ret, tx ? "desc" : "NULL");

	cfg.direction = (enum dma_transfer_direction)7;
	// CHECK: dmart: spi0: dma-sync-direction: dmaengine_slave_config() on channel tx with an invalid direction (7) as direction: only DMA_MEM_TO_DEV and DMA_DEV_TO_MEM are legal [dmaengine_slave_config] at {{.*}}dmaengine_direction.c:[[@LINE+1]]
	ret = dmaengine_slave_config(chan, &cfg);
	// CHECK: bad config direction: -22
	printf("bad config direction: %d\n", ret);

	/* The matching direction still works, and so does memcpy. */
	tx = dmaengine_prep_slave_single(chan, h, 64, DMA_MEM_TO_DEV, 0);
	// CHECK: MEM_TO_DEV: desc, memcpy: desc
	printf("MEM_TO_DEV: %s, ", tx ? "desc" : "NULL");
	tx = dmaengine_prep_dma_memcpy(chan, h, h + 32, 16, 0);
	printf("memcpy: %s\n", tx ? "desc" : "NULL");

	dma_unmap_single(dmadev, h, 64, DMA_BIDIRECTIONAL);
	dma_release_channel(chan);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
