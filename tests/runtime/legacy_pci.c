// The legacy pci_* DMA API forwards to the DMA API on &pdev->dev, with the
// same checks and the pci_* name in reports.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/pci.h>
#include <linux/slab.h>

int main(void)
{
	struct pci_dev *pdev = dmart_pci_device_create("0000:01:00.0", DMA_BIT_MASK(32), 0);
	char *buf = kmalloc(64, GFP_KERNEL);
	struct dma_pool *pool;
	dma_addr_t h, c, p;
	void *cpu, *blk;

	if (pci_set_dma_mask(pdev, DMA_BIT_MASK(32)))
		return 3;
	cpu = pci_alloc_consistent(pdev, 128, &c);
	pool = pci_pool_create("legacy", pdev, 64, 8, 0);
	blk = pci_pool_alloc(pool, GFP_ATOMIC, &p);
	pci_pool_free(pool, blk, p);
	pci_pool_destroy(pool);
	h = pci_map_single(pdev, buf, 64, PCI_DMA_TODEVICE);
	if (pci_dma_mapping_error(pdev, h))
		return 3;
	pci_dma_sync_single_for_cpu(pdev, h, 64, PCI_DMA_TODEVICE);
	pci_unmap_single(pdev, h, 64, PCI_DMA_TODEVICE);
	pci_free_consistent(pdev, 128, cpu, c);
	// CHECK-NOT: dmart:
	// CHECK: dmart: 0000:01:00.0: dma-double-unmap: {{.*}} [pci_unmap_single] at {{.*}}legacy_pci.c:[[@LINE+1]] (mapped at {{.*}}legacy_pci.c:[[@LINE-7]] by pci_map_single)
	pci_unmap_single(pdev, h, 64, PCI_DMA_TODEVICE);
	kfree(buf);
	dmart_pci_device_destroy(pdev);
	// CHECK-NOT: dmart:
	return dmart_error_count() != 0;
}
