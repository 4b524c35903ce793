// Harness misuse of the device lifecycle: destroying or exiting a device
// twice, NULL devices, the wrong destroy for a device.  Each gets one
// "misuse" line and no crash (a second destroy passes freed memory: it is
// recognised by its address alone, never read; ASan would catch a read).
// Misuse is not a DMA finding: dmart_error_count() does not count it;
// dmart_misuse_count() does.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("nic0", DMA_BIT_MASK(64), 0);
	struct pci_dev *pdev = dmart_pci_device_create("pci0", DMA_BIT_MASK(64), 0);
	struct pci_dev embedded = { 0 };
	struct device own = { 0 };
	void *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t h;

	// A pending mapping is reported once, by the first destroy only.
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	// CHECK: dmart: nic0: dma-mapping-leak: device driver has pending DMA single mapping while released from device
	dmart_device_destroy(dev);
	// CHECK-NEXT: dmart: nic0: misuse: device already released [dev=0x{{[0-9a-f]+}}] [dmart_device_destroy]
	dmart_device_destroy(dev);
	// CHECK-NEXT: dmart: -: misuse: NULL device [dmart_device_destroy]
	dmart_device_destroy(NULL);

	dmart_pci_device_destroy(pdev);
	// CHECK-NEXT: dmart: pci0: misuse: device already released [dev=0x{{[0-9a-f]+}}] [dmart_pci_device_destroy]
	dmart_pci_device_destroy(pdev);
	// CHECK-NEXT: dmart: -: misuse: NULL device [dmart_pci_device_destroy]
	dmart_pci_device_destroy(NULL);

	// A pci_dev the harness set up itself is not freed by the pci destroy.
	if (dmart_device_init(&embedded.dev, "pci1", DMA_BIT_MASK(32), 0))
		return 4;
	// CHECK-NEXT: dmart: pci1: misuse: device not made by dmart_pci_device_create() [dev=0x{{[0-9a-f]+}}] [dmart_pci_device_destroy]
	dmart_pci_device_destroy(&embedded);
	dmart_device_exit(&embedded.dev);

	if (dmart_device_init(&own, "emb0", DMA_BIT_MASK(32), 0))
		return 5;
	// CHECK-NEXT: dmart: emb0: misuse: device already set up [dev=0x{{[0-9a-f]+}}] [dmart_device_init]
	if (dmart_device_init(&own, "emb0", DMA_BIT_MASK(32), 0) != -EBUSY)
		return 6;
	dmart_device_exit(&own);
	// CHECK-NEXT: dmart: emb0: misuse: device already released [dev=0x{{[0-9a-f]+}}] [dmart_device_exit]
	dmart_device_exit(&own);
	// CHECK-NEXT: dmart: -: misuse: NULL device [dmart_device_exit]
	dmart_device_exit(NULL);

	// A device the runtime never saw.
	struct device stranger = { 0 };
	// CHECK-NEXT: dmart: -: misuse: not a device of the runtime (never set up, or released long ago) [dev=0x{{[0-9a-f]+}}] [dmart_device_destroy]
	dmart_device_destroy(&stranger);

	// The same memory set up again is a live device again.
	if (dmart_device_init(&own, "emb1", DMA_BIT_MASK(32), 0))
		return 7;
	dmart_device_exit(&own);

	kfree(buf);
	// CHECK-NEXT: errors=1 misuse=9
	fprintf(stderr, "errors=%lu misuse=%lu\n", dmart_error_count(),
		dmart_misuse_count());
	// CHECK-NOT: dmart:
	return dmart_error_count() != 1 || dmart_misuse_count() != 9;
}
