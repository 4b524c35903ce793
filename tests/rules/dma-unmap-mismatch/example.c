// The example of docs/rules/dma-unmap-mismatch.md.
// RUN: %not %dmacheck --rules='-*,dma-unmap-mismatch' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
struct foo_cmd { u32 hdr; u8 data[60]; };
struct foo_adapter { struct device *dev; };
int foo_post(struct foo_adapter *a, dma_addr_t d);
static int foo_exec(struct foo_adapter *a, struct foo_cmd *cmd)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	ret = foo_post(a, dma);
	// CHECK: example.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_single() is given size 4; the mapping made by dma_map_single() at line 12 has size 64 [dma-unmap-mismatch]
	dma_unmap_single(a->dev, dma, sizeof(cmd->hdr),
			 DMA_BIDIRECTIONAL);
	return ret;
}
int foo_entry(struct foo_adapter *a, struct foo_cmd *c) { return foo_exec(a, c); }
