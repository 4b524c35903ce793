// DMART_REPORT writes one JSON object per finding with the rule, its
// severity in the findings database's words, message, api, device, file,
// line and, when there is one, the mapping site; strings are escaped.
// DMART_FILTER keeps other devices quiet, and DMART_STOP=1 ends the
// program at the first report with status 2.
//
// RUN: rm -f %t.json
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t
// RUN: env DMART_REPORT=%t.json %not %t 2>&1 | %FileCheck --check-prefix=TEXT %s
// RUN: %FileCheck --check-prefix=JSON %s < %t.json
// RUN: env DMART_FILTER=other %t 2>&1 | %FileCheck --check-prefix=FILTER %s
// RUN: env DMART_STOP=1 %not %t 2>&1 | %FileCheck --check-prefix=STOP %s
//
// TEXT: dmart: dev"q\uote: dma-double-unmap:
// JSON: {"rule":"dma-double-unmap","id":"DMC008","severity":"error","message":"device driver frees DMA memory it has already freed [device address=0x{{[0-9a-f]+}}] [size=32 bytes]","api":"dma_unmap_single","device":"dev\"q\\uote","file":"{{.*}}json_report.c","line":[[@LINE+26]],"map_file":"{{.*}}json_report.c","map_line":[[@LINE+22]],"map_api":"dma_map_single","address":"0x{{[0-9a-f]+}}","size":32}
// JSON-NEXT: {"rule":"dma-unmap-mismatch","id":"DMC007","severity":"error",{{.*}}"api":"dma_sync_single_for_cpu",{{.*}}"line":[[@LINE+26]]{{[,}]}}
// JSON-NOT: map_file
// JSON-NEXT: {"rule":"dma-unchecked-mapping","id":"DMC001","severity":"warning",{{.*}}"api":"dma_unmap_single",{{.*}}"line":[[@LINE+26]],{{.*}}"map_line":[[@LINE+25]],
// JSON-NOT: rule
// FILTER-NOT: dmart:
// FILTER: errors 0
// STOP: dma-double-unmap
// STOP-NEXT: dmart: stopping on first error (DMART_STOP)
// STOP-NOT: errors

#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

int main(void)
{
	struct device *dev = dmart_device_create("dev\"q\\uote", DMA_BIT_MASK(64), 0);
	char *buf = kmalloc(32, GFP_KERNEL);
	dma_addr_t h;

	h = dma_map_single(dev, buf, 32, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return 3;
	dma_unmap_single(dev, h, 32, DMA_TO_DEVICE);
	dma_unmap_single(dev, h, 32, DMA_TO_DEVICE);
	dma_sync_single_for_cpu(dev, 0x4000, 4, DMA_TO_DEVICE);
	h = dma_map_single(dev, buf, 32, DMA_TO_DEVICE);
	dma_unmap_single(dev, h, 32, DMA_TO_DEVICE);
	kfree(buf);
	dmart_device_destroy(dev);
	fprintf(stderr, "errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
