// Reports about a value name where it came from (their "mapped at" site,
// map_file/map_line in JSON), so `dmacheck confirm` can tie them to the
// finding whose path made it: the failed dma_map_single() behind an unmap
// of DMA_MAPPING_ERROR, the failed dma_map_sg() behind an unmap of its
// list, the failed dma_request_chan() behind an ERR_PTR channel, the
// virt_to_phys() behind an address the device reaches, the sg_init_one()
// that put stack memory in a list, and the usb_fill_bulk_urb() of an urb
// without transfer_dma.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t
// RUN: env DMART_FAIL=map@origins.c:$(grep -n "map_line \*/" %s | cut -d: -f1),map_sg@origins.c:$(grep -n "map_sg_line \*/" %s | cut -d: -f1),request_chan@origins.c:$(grep -n "chan_line \*/" %s | cut -d: -f1) %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <linux/usb.h>
#include <linux/slab.h>

static struct device *dev;

static void failed_map(char *buf)
{
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE); /* map_line */

	// CHECK: dmart: d0: dma-unchecked-mapping: device driver unmaps DMA_MAPPING_ERROR{{.*}}[dma_unmap_single] at {{.*}}origins.c:[[@LINE+1]] (mapped at {{.*}}origins.c:[[@LINE-2]] by dma_map_single)
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
}

static void failed_sg(char *buf)
{
	struct scatterlist sg;

	sg_init_one(&sg, buf, 64);
	dma_map_sg(dev, &sg, 1, DMA_TO_DEVICE); /* map_sg_line */
	// CHECK: dmart: d0: dma-unchecked-mapping: device driver frees DMA sg list whose dma_map_sg() failed{{.*}}[dma_unmap_sg] at {{.*}}origins.c:[[@LINE+1]] (mapped at {{.*}}origins.c:[[@LINE-1]] by dma_map_sg)
	dma_unmap_sg(dev, &sg, 1, DMA_TO_DEVICE);
}

static void failed_chan(void)
{
	struct dma_chan *chan = dma_request_chan(dev, "tx"); /* chan_line */
	struct dma_slave_config cfg = { 0 };

	// CHECK: dmart: -: dmaengine-chan-error-check: dmaengine channel is an ERR_PTR{{.*}}[dmaengine_slave_config] at {{.*}}origins.c:[[@LINE+1]] (mapped at {{.*}}origins.c:[[@LINE-3]] by dma_request_chan)
	dmaengine_slave_config(chan, &cfg);
}

static void phys_address(void)
{
	char *page = kzalloc(256, GFP_KERNEL);
	phys_addr_t p = virt_to_phys(page);
	char data[16] = "device data";

	// CHECK: dmart: d0: dma-device-access-violation: device wrote memory that is not mapped for it, at an address virt_to_phys() made{{.*}}[dmart_dev_write] (mapped at {{.*}}origins.c:[[@LINE-3]] by virt_to_phys)
	dmart_dev_write(dev, p + 16, data, sizeof(data));
	kfree(page);
}

static void stack_in_list(void)
{
	struct scatterlist sg;
	char cmd[32];
	int n;

	sg_init_one(&sg, cmd, sizeof(cmd));
	// CHECK: dmart: d0: dma-stack-buffer: device driver maps memory from stack{{.*}}[dma_map_sg] at {{.*}}origins.c:[[@LINE+1]] (mapped at {{.*}}origins.c:[[@LINE-1]] by sg_init_one)
	n = dma_map_sg(dev, &sg, 1, DMA_TO_DEVICE);
	if (n)
		dma_unmap_sg(dev, &sg, 1, DMA_TO_DEVICE);
}

static void urb_done(struct urb *urb)
{
}

static void urb_flag(void)
{
	struct usb_device *udev = dmart_usb_device_create("u0");
	struct urb *urb = usb_alloc_urb(0, GFP_KERNEL);
	char *buf = kzalloc(16, GFP_KERNEL);

	usb_fill_bulk_urb(urb, udev, usb_sndbulkpipe(udev, 1), buf, 16, urb_done, NULL);
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	// CHECK: dmart: u0: usb-no-transfer-dma: {{.*}}[usb_submit_urb] at {{.*}}origins.c:[[@LINE+1]] (mapped at {{.*}}origins.c:[[@LINE-2]] by usb_fill_bulk_urb)
	usb_submit_urb(urb, GFP_KERNEL);
	usb_free_urb(urb);
	kfree(buf);
	dmart_usb_device_destroy(udev);
}

int main(void)
{
	char *buf;

	setvbuf(stdout, NULL, _IONBF, 0);
	dev = dmart_device_create("d0", DMA_BIT_MASK(64), 0);
	dmart_dmaengine_provide(dev, "tx");
	buf = kzalloc(64, GFP_KERNEL);
	failed_map(buf);
	failed_sg(buf);
	failed_chan();
	phys_address();
	stack_in_list();
	urb_flag();
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart: {{.*}}: {{.*}}[
	return 0;
}
