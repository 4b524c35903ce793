// Every libdmart header must parse in both consumers' modes: the analyzer's
// (-D__DMACHECK__, no location wrappers, every dma_api.def row declared as a
// plain function) and the runtime's (wrappers on, linked to libdmart).
//
// RUN: %cc -fsyntax-only -std=gnu11 -Wall -Wextra -Werror -D__DMACHECK__ -I %rt_include -I %src_root %s
// RUN: %cc -E -std=gnu11 -D__DMACHECK__ -I %rt_include -I %src_root %s | %FileCheck --check-prefix=NOLOC %s
// RUN: %cc -E -std=gnu11 -D__DMACHECK__ -I %rt_include -I %src_root %s | %FileCheck --check-prefix=NOLIBC %s
// RUN: %cc %dmart_cflags -Wextra -Werror -I %src_root %s %dmart_lib -o %t && %t | %FileCheck --check-prefix=EXEC %s
//
// NOLOC-NOT: dmart_loc_push
// NOLOC: int dmacheck_headers_marker;
// NOLIBC-NOT: /usr/include/
// EXEC: errors 0
#include <asm/barrier.h>
#include <asm/io.h>
#include <asm/page.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/completion.h>
#include <linux/container_of.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/dmapool.h>
#include <linux/dmart-loc.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/io-64-nonatomic-hi-lo.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/irqflags.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/pci-dma-compat.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/printk.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/usb.h>
#include <linux/usb/ch9.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#ifndef __DMACHECK__
#include <dmart.h>	/* harness API: runtime mode only (uses stdio) */
#endif

int dmacheck_headers_marker;

/* Referencing every row's NAME fails to compile if one is undeclared. */
#define DMA_API(NAME, ROLE, FAMILY, RET, DEV, BUF, HANDLE, SIZE, DIR, NENTS, \
		RELEASE, FAIL, FLAGS) (void)&NAME;
static void reference_all(void)
{
#include "rules/dma_api.def"
}
#undef DMA_API

#ifndef __DMACHECK__
#include <stdio.h>
int main(void)
{
	struct device *dev = dmart_device_create("hdr", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t h;

	reference_all();
	/* A mapping leaked on purpose would be reported with this line. */
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (!dma_mapping_error(dev, h))
		dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	printf("errors %lu\n", dmart_error_count());
	return 0;
}
#else
int main(void)
{
	reference_all();
	return 0;
}
#endif
