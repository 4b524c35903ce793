// Kernel-image memory (globals, statics, string literals, const tables)
// handed to calls that map it for DMA.
// RUN: %not %dmacheck --rules='-*,dma-image-buffer' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/usb.h>

static u8 rx_bounce[512];
static const u8 init_seq[] = { 0x01, 0x02, 0x03, 0x04 };
u32 shared_status;

struct cmd_block {
	u8 op;
	u8 data[31];
};
static struct cmd_block reset_cmd = { .op = 0x11 };

/* 1. A static bounce buffer in .bss. */
int rx_start(struct device *dev)
{
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: dma_map_single() is given global variable 'rx_bounce'; kernel-image memory must not be used for DMA [dma-image-buffer]
	// CHECK-NEXT: buggy.c:8:11: note: 'rx_bounce' is defined here, in the kernel image's static storage
	dma_addr_t d = dma_map_single(dev, rx_bounce, sizeof(rx_bounce), DMA_FROM_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(rx_bounce), DMA_FROM_DEVICE);
	return 0;
}

/* 2. A const init sequence sent over USB. */
int send_init(struct usb_device *udev)
{
	int actual;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_bulk_msg() is given read-only global variable 'init_seq'
	return usb_bulk_msg(udev, usb_sndbulkpipe(udev, 1), (void *)init_seq, sizeof(init_seq), &actual, 1000);
}

/* 3. A string literal as a control transfer payload. */
int send_magic(struct usb_device *udev)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_control_msg() is given a string literal in .rodata
	return usb_control_msg(udev, usb_sndctrlpipe(udev, 0), 0x05, 0x40, 0, 0, "MAGIC", 5, 1000);
}

/* 4. A member of a static command block. */
int reset(struct device *dev)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given global variable 'reset_cmd'
	dma_addr_t d = dma_map_single(dev, reset_cmd.data, sizeof(reset_cmd.data), DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, sizeof(reset_cmd.data), DMA_TO_DEVICE);
	return 0;
}

/* 5. A global status word the device writes. */
int status_sg(struct scatterlist *sg)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: sg_init_one() is given global variable 'shared_status'
	sg_init_one(sg, &shared_status, sizeof(shared_status));
	return 0;
}

/* 6. A function-local static buffer. */
int read_id(struct usb_device *udev)
{
	static u8 id[8];

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_control_msg() is given static local variable 'id'
	return usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), 0x06, 0xc0, 0, 0, id, sizeof(id), 1000);
}

/* 7. A const table through sg_set_buf(). */
static const u32 key_schedule[16] = { 1 };

void key_sg(struct scatterlist *sg)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: sg_set_buf() is given read-only global variable 'key_schedule'
	sg_set_buf(sg, key_schedule, sizeof(key_schedule));
}

/* 8. Through an inlined helper. */
static int map_it(struct device *dev, void *p, size_t n, dma_addr_t *out)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given global variable 'rx_bounce'
	*out = dma_map_single(dev, p, n, DMA_FROM_DEVICE);
	return dma_mapping_error(dev, *out);
}

int via_helper(struct device *dev, dma_addr_t *out)
{
	return map_it(dev, rx_bounce + 64, 64, out);
}
