// dma_pool: alignment and boundary guarantees hold; freeing to the wrong
// pool, destroying a busy pool and a bad alignment are dma-pool-misuse, a
// double free is dma-double-unmap.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s
// CHECK: guarantees hold: yes

#include <stdio.h>
#include <dmart.h>
#include <linux/dmapool.h>
#include <linux/dma-mapping.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev0", DMA_BIT_MASK(64), 0);
	struct dma_pool *a = dma_pool_create("a", dev, 48, 64, 256);
	struct dma_pool *b = dma_pool_create("b", dev, 32, 8, 0);
	dma_addr_t h[40], hb;
	void *p[40], *pb;
	int i, ok = 1;

	for (i = 0; i < 40; i++) {
		p[i] = dma_pool_alloc(a, GFP_KERNEL, &h[i]);
		ok &= p[i] && !(h[i] & 63) && (h[i] / 256 == (h[i] + 47) / 256);
	}
	printf("guarantees hold: %s\n", ok ? "yes" : "no");
	fflush(stdout);
	pb = dma_pool_alloc(b, GFP_KERNEL, &hb);
	// CHECK: dmart: dev0: dma-pool-misuse: dma_pool_free b, {{.*}}: block belongs to pool a [dma_pool_free] at {{.*}}pool.c:[[@LINE+1]]
	dma_pool_free(b, p[0], h[0]);
	dma_pool_free(a, p[0], h[0]);
	// CHECK: dmart: dev0: dma-double-unmap: dma_pool_free a, dma {{.*}} already free [dma_pool_free] at {{.*}}pool.c:[[@LINE+1]]
	dma_pool_free(a, p[0], h[0]);
	for (i = 1; i < 40; i++)
		dma_pool_free(a, p[i], h[i]);
	dma_pool_destroy(a);
	// CHECK: dmart: dev0: dma-pool-misuse: dma_pool_destroy b, 1 block(s) busy [dma_pool_destroy] at {{.*}}pool.c:[[@LINE+1]]
	dma_pool_destroy(b);
	(void)pb;
	// CHECK: dmart: dev0: dma-pool-misuse: dma_pool_create c: alignment 24 is not a power of two [dma_pool_create] at {{.*}}pool.c:[[@LINE+1]]
	if (dma_pool_create("c", dev, 64, 24, 0))
		return 3;
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
