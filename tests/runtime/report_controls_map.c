// dma-debug's all_errors, num_errors and disabled controls: findings are
// counted always, printed (stderr and DMART_REPORT) while allowed.  By
// default libdmart prints them all; DMART_ALL_ERRORS=0 gives dma-debug's
// default (num_errors = 1: the first only); DMART_NUM_ERRORS=N the first
// N, unless DMART_ALL_ERRORS=1 too; DMART_DISABLED=1 neither prints nor
// counts.  The C API does the same at run time.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t
// RUN: %not %t 2>&1 | %FileCheck --check-prefix=ALL %s
// RUN: env DMART_ALL_ERRORS=0 %not %t 2>&1 | %FileCheck --check-prefix=ONE %s
// RUN: rm -f %t.json
// RUN: env DMART_NUM_ERRORS=2 DMART_REPORT=%t.json %not %t 2>&1 | %FileCheck --check-prefix=TWO %s
// RUN: %FileCheck --check-prefix=TWOJSON %s < %t.json
// RUN: env DMART_NUM_ERRORS=2 DMART_ALL_ERRORS=1 %not %t 2>&1 | %FileCheck --check-prefix=ALL %s
// RUN: env DMART_DISABLED=1 %t 2>&1 | %FileCheck --check-prefix=OFF %s
// RUN: %not %t api 2>&1 | %FileCheck --check-prefix=API %s
//
// ALL: disabled 0
// ALL-NEXT: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000001000]
// ALL-NEXT: dmart: d0: dma-unmap-mismatch: {{.*}} [device address=0x0000000000002000]
// ALL-NEXT: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000003000]
// ALL-NEXT: errors 3, dma-double-unmap 2
// ONE: disabled 0
// ONE-NEXT: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000001000]
// ONE-NEXT: errors 3, dma-double-unmap 2
// TWO: disabled 0
// TWO-NEXT: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000001000]
// TWO-NEXT: dmart: d0: dma-unmap-mismatch: {{.*}} [device address=0x0000000000002000]
// TWO-NEXT: errors 3, dma-double-unmap 2
// TWOJSON: "rule":"dma-double-unmap"
// TWOJSON-NEXT: "rule":"dma-unmap-mismatch"
// TWOJSON-NOT: rule
// OFF: disabled 1
// OFF-NEXT: errors 0, dma-double-unmap 0
// API: num_errors 1: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000001000]
// API-NEXT: all_errors 1: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000003000]
// API-NEXT: disabled 1
// API-NEXT: disabled 0: dmart: d0: dma-double-unmap: {{.*}} [device address=0x0000000000005000]
// API-NEXT: errors 4, dma-double-unmap 4

#include <stdio.h>
#include <string.h>
#include <dmart.h>
#include <linux/dma-mapping.h>

#define SAY(...) fprintf(stderr, __VA_ARGS__)

static struct device *dev;

static void three(void)
{
	dma_unmap_single(dev, 0x1000, 64, DMA_TO_DEVICE);
	dma_sync_single_for_cpu(dev, 0x2000, 64, DMA_TO_DEVICE);
	dma_unmap_single(dev, 0x3000, 64, DMA_TO_DEVICE);
}

static void api(void)
{
	dmart_set_num_errors(1);
	SAY("num_errors 1: ");
	dma_unmap_single(dev, 0x1000, 64, DMA_TO_DEVICE);
	dma_unmap_single(dev, 0x2000, 64, DMA_TO_DEVICE);
	dmart_set_all_errors(1);
	SAY("all_errors 1: ");
	dma_unmap_single(dev, 0x3000, 64, DMA_TO_DEVICE);
	dmart_set_disabled(1);
	dma_unmap_single(dev, 0x4000, 64, DMA_TO_DEVICE);
	SAY("disabled %d\n", dmart_disabled());
	dmart_set_disabled(0);
	SAY("disabled %d: ", dmart_disabled());
	dma_unmap_single(dev, 0x5000, 64, DMA_TO_DEVICE);
}

int main(int argc, char **argv)
{
	dev = dmart_device_create("d0", DMA_BIT_MASK(64), 0);
	if (argc > 1 && !strcmp(argv[1], "api")) {
		api();
	} else {
		SAY("disabled %d\n", dmart_disabled());
		three();
	}
	dmart_device_destroy(dev);
	SAY("errors %lu, dma-double-unmap %lu\n", dmart_error_count(),
	    dmart_rule_count("dma-double-unmap"));
	return dmart_error_count() != 0;
}
