// usb_buffer_map_sg() and its dmasync/unmap siblings take the pipe, as
// driver-api/usb/dma.rst documents: an OUT pipe maps DMA_TO_DEVICE, an IN
// pipe DMA_FROM_DEVICE (usb_pipein()).  A bare 1 is the old "int is_in"
// form and means IN.  An unmap with the other direction's pipe is then a
// direction mismatch.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdio.h>
#include <dmart.h>
#include <linux/usb.h>
#include <linux/slab.h>

int main(void)
{
	struct usb_device *udev = dmart_usb_device_create("stor");
	unsigned int out = usb_sndbulkpipe(udev, 2), in = usb_rcvbulkpipe(udev, 1);
	struct scatterlist sg[2];
	char *buf = kzalloc(256, GFP_KERNEL);
	int n;

	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], buf, 64);
	sg_set_buf(&sg[1], buf + 128, 64);

	/* OUT pipe: DMA_TO_DEVICE, unmapped the same way: nothing to report. */
	n = usb_buffer_map_sg(udev, out, sg, 2);
	if (n <= 0)
		return 3;
	usb_buffer_dmasync_sg(udev, out, sg, n);
	usb_buffer_unmap_sg(udev, out, sg, n);

	/* The legacy is_in = 1 is an IN mapping. */
	n = usb_buffer_map_sg(udev, 1, sg, 2);
	if (n <= 0)
		return 3;
	usb_buffer_unmap_sg(udev, in, sg, n);
	// CHECK-NOT: dmart:
	// CHECK: clean so far: 0
	printf("clean so far: %lu\n", dmart_error_count());
	fflush(stdout);

	/* IN pipe: DMA_FROM_DEVICE; unmapping it with the OUT pipe is wrong. */
	n = usb_buffer_map_sg(udev, in, sg, 2);
	if (n <= 0)
		return 3;
	// CHECK: dmart: stor-hcd: dma-sync-direction: {{.*}}DMA_FROM_DEVICE{{.*}}DMA_TO_DEVICE{{.*}} [usb_buffer_unmap_sg] at {{.*}}usb_buffer_sg.c:[[@LINE+1]]
	usb_buffer_unmap_sg(udev, out, sg, n);
	kfree(buf);
	dmart_usb_device_destroy(udev);
	return dmart_error_count() != 0;
}
