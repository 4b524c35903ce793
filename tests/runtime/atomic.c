// dma_free_coherent() with interrupts disabled, and a sleeping (GFP_KERNEL)
// allocation under a spinlock: dma-atomic-context.  GFP_ATOMIC is fine.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(lock);

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	unsigned long flags;
	dma_addr_t h, h2;
	void *cpu, *cpu2;

	spin_lock_irqsave(&lock, flags);
	cpu2 = dma_alloc_coherent(dev, 64, &h2, GFP_ATOMIC);
	// CHECK-NOT: dmart:
	// CHECK: dmart: dev0: dma-atomic-context: sleeping allocation (GFP_KERNEL) in atomic context [interrupts disabled] [dma_alloc_coherent] at {{.*}}atomic.c:[[@LINE+1]]
	cpu = dma_alloc_coherent(dev, 64, &h, GFP_KERNEL);
	// CHECK: dmart: dev0: dma-atomic-context: dma_free_coherent() called with interrupts disabled {{.*}} [dma_free_coherent] at {{.*}}atomic.c:[[@LINE+1]]
	dma_free_coherent(dev, 64, cpu, h);
	spin_unlock_irqrestore(&lock, flags);
	dma_free_coherent(dev, 64, cpu2, h2);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
