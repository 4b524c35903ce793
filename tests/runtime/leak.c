// Mappings, allocations and pools still pending when the device goes away:
// dma-mapping-leak, each naming where it was made.  Managed (dmam_*)
// memory is released silently.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("leaky", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t h, c, m;
	void *cpu;

	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	cpu = dma_alloc_coherent(dev, 4096, &c, GFP_KERNEL);
	dmam_alloc_coherent(dev, 4096, &m, GFP_KERNEL);
	dma_pool_create("leaked-pool", dev, 64, 8, 0);
	(void)cpu;
	// CHECK-DAG: dmart: leaky: dma-mapping-leak: dma_pool leaked-pool created at {{.*}}leak.c:[[@LINE-2]] was not destroyed
	// CHECK-DAG: dmart: leaky: dma-mapping-leak: device driver has pending DMA coherent allocation while released from device {{.*}} (mapped at {{.*}}leak.c:[[@LINE-5]] by dma_alloc_coherent)
	// CHECK-DAG: dmart: leaky: dma-mapping-leak: device driver has pending DMA single mapping while released from device {{.*}} (mapped at {{.*}}leak.c:[[@LINE-9]] by dma_map_single)
	dmart_device_destroy(dev);
	kfree(buf);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
