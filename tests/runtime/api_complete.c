// Every entry point named in rules/dma_api.def exists in libdmart: the
// table below takes the address of each NAME, so a missing one fails to link.
//
// RUN: %cc %dmart_cflags -I %src_root %s %dmart_lib -o %t && %t | %FileCheck %s
// CHECK: linked {{[0-9]+}} of {{[0-9]+}} DMA API functions, 0 missing

#include <stdio.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/pci.h>
#include <linux/usb.h>
#include <linux/dmaengine.h>
#include <linux/skbuff.h>

static const struct {
	const char *name;
	const void *fn;
} api[] = {
#define DMA_API(NAME, ROLE, FAMILY, RET, DEV, BUF, HANDLE, SIZE, DIR, NENTS, \
		RELEASE, FAIL, FLAGS) { #NAME, (const void *)&NAME },
#include "rules/dma_api.def"
#undef DMA_API
};

int main(void)
{
	unsigned int i, missing = 0, n = sizeof(api) / sizeof(api[0]);

	for (i = 0; i < n; i++)
		if (!api[i].fn)
			missing++;
	printf("linked %u of %u DMA API functions, %u missing\n", n - missing, n,
	       missing);
	return missing != 0;
}
