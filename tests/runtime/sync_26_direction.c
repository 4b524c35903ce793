// The 2.6 syncs dma_sync_single() and dma_sync_sg() follow DMA-API.txt's
// direction rule, as dma_sync_single_range(), pci_dma_sync_single() and
// pci_dma_sync_sg() do: DMA_TO_DEVICE after the CPU wrote hands the data to
// the device; DMA_FROM_DEVICE before the CPU reads brings the device's data
// over; DMA_BIDIRECTIONAL goes to the device when the CPU changed the buffer
// and to the CPU otherwise.  The device is non-coherent: a sync in the wrong
// direction leaves the other side with stale data (and a CPU write while the
// device owns the buffer is reported).  A NULL device is reported.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

static struct device *dev;

static void single(void)
{
	char *tx = kzalloc(64, GFP_KERNEL), *bi = kzalloc(64, GFP_KERNEL);
	char out[8] = "";
	dma_addr_t t, b;

	t = dma_map_single(dev, tx, 64, DMA_TO_DEVICE);
	b = dma_map_single(dev, bi, 64, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, t) || dma_mapping_error(dev, b))
		return;
	strcpy(tx, "to-dev");
	dma_sync_single(dev, t, 64, DMA_TO_DEVICE);
	dmart_dev_read(dev, t, out, 7);
	// CHECK: single to-device: to-dev
	printf("single to-device: %s\n", out);

	// BIDIRECTIONAL, CPU wrote: toward the device.
	strcpy(bi, "cpu");
	dma_sync_single(dev, b, 64, DMA_BIDIRECTIONAL);
	dmart_dev_read(dev, b, out, 4);
	// CHECK: single bidirectional, CPU wrote: cpu
	printf("single bidirectional, CPU wrote: %s\n", out);
	// BIDIRECTIONAL, CPU did not write: toward the CPU.
	dmart_dev_write(dev, b, "dev", 4);
	dma_sync_single(dev, b, 64, DMA_BIDIRECTIONAL);
	// CHECK: single bidirectional, device wrote: dev
	printf("single bidirectional, device wrote: %s\n", bi);

	dma_unmap_single(dev, t, 64, DMA_TO_DEVICE);
	dma_unmap_single(dev, b, 64, DMA_BIDIRECTIONAL);
	kfree(tx);
	kfree(bi);
}

static void scatter(void)
{
	struct scatterlist sg[2];
	char *a = kzalloc(64, GFP_KERNEL), *b = kzalloc(64, GFP_KERNEL);
	char out[8] = "";
	int n;

	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], a, 64);
	sg_set_buf(&sg[1], b, 64);
	n = dma_map_sg(dev, sg, 2, DMA_TO_DEVICE);
	if (n != 2)
		return;
	strcpy(b, "sg-out");
	dma_sync_sg(dev, sg, 2, DMA_TO_DEVICE);
	dmart_dev_read(dev, sg_dma_address(&sg[1]), out, 7);
	// CHECK: sg to-device: sg-out
	printf("sg to-device: %s\n", out);
	dma_unmap_sg(dev, sg, 2, DMA_TO_DEVICE);

	n = dma_map_sg(dev, sg, 2, DMA_FROM_DEVICE);
	if (n != 2)
		return;
	dmart_dev_write(dev, sg_dma_address(&sg[0]), "sg-in", 6);
	dma_sync_sg(dev, sg, 2, DMA_FROM_DEVICE);
	// CHECK: sg from-device: sg-in
	printf("sg from-device: %s\n", a);
	dma_unmap_sg(dev, sg, 2, DMA_FROM_DEVICE);
	kfree(a);
	kfree(b);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);	/* keep order with stderr */
	dev = dmart_device_create("nc0", DMA_BIT_MASK(64), DMART_NONCOHERENT);
	single();
	scatter();
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	// CHECK: errors 0
	printf("errors %lu\n", dmart_error_count());

	// A NULL device is reported, as by the 6.12 syncs, never dereferenced.
	// CHECK: dmart: -: dma-unmap-mismatch: device driver tries to sync DMA memory it has not allocated {{.*}} [dma_sync_single]
	dma_sync_single(NULL, 0x1000, 64, DMA_TO_DEVICE);
	// CHECK: dmart: -: dma-unmap-mismatch: device driver syncs DMA sg list it has not mapped {{.*}} [dma_sync_sg]
	dma_sync_sg(NULL, NULL, 1, DMA_FROM_DEVICE);
	// CHECK: errors 2
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 2;
}
