// A driver written to the 2.6 DMA-API.txt compiles and runs against libdmart:
// dma_mapping_error(addr) and pci_dma_mapping_error(addr) without a device,
// the 4-argument dma_alloc_noncoherent()/dma_free_noncoherent(), partial and
// cache syncs, dma_is_consistent(), declared coherent memory, the old pci_*
// syncs and mask query, NETIF_F_HIGHDMA -- beside the 6.12 forms of the same
// names.  The device is non-coherent, so a missing or wrong sync leaves the
// CPU with stale data and the printed values would differ.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <dmart.h>
#include <linux/pci.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <stdio.h>

#define REGION_BUS	0xd0000000ULL	/* on-chip SRAM: not system RAM */
#define REGION_DEV	0x40000000ULL

static struct pci_dev *pdev;
static struct device *dev;

static void addressing(void)
{
	unsigned long features = 0;

	if (pci_dma_supported(pdev, DMA_BIT_MASK(64)) &&
	    !pci_set_dma_mask(pdev, DMA_BIT_MASK(64)))
		features |= NETIF_F_HIGHDMA;
	// CHECK: highdma 1 isa-mask 0
	printf("highdma %d isa-mask %d\n", !!(features & NETIF_F_HIGHDMA),
	       pci_dma_supported(pdev, DMA_BIT_MASK(24)));
}

static void streaming(void)
{
	char *rx = kmalloc(256, GFP_KERNEL), *tx = kmalloc(128, GFP_KERNEL);
	char out[16] = "";
	dma_addr_t h, t;

	memset(rx, 'a', 256);
	h = dma_map_single(dev, rx, 256, DMA_FROM_DEVICE);
	if (dma_mapping_error(h))
		return;
	dmart_dev_write(dev, h, "zz", 2);
	dmart_dev_write(dev, h + 64, "fresh", 6);
	dma_sync_single_range(dev, h, 64, 64, DMA_FROM_DEVICE);
	// Only the synced range came over: byte 0 is still the CPU's.
	// CHECK: range fresh, byte0 a
	printf("range %s, byte0 %c\n", rx + 64, rx[0]);
	dma_unmap_single(dev, h, 256, DMA_FROM_DEVICE);

	t = pci_map_single(pdev, tx, 128, PCI_DMA_TODEVICE);
	if (pci_dma_mapping_error(t))
		return;
	strcpy(tx, "to-dev");	/* 2.6: write, then sync TO_DEVICE */
	pci_dma_sync_single(pdev, t, 128, PCI_DMA_TODEVICE);
	dmart_dev_read(dev, t, out, 7);
	// CHECK: device read to-dev
	printf("device read %s\n", out);
	pci_unmap_single(pdev, t, 128, PCI_DMA_TODEVICE);

	/* The 6.12 check beside it. */
	t = dma_map_single(dev, tx, 128, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, t))
		return;
	dma_unmap_single(dev, t, 128, DMA_TO_DEVICE);
	kfree(rx);
	kfree(tx);
}

static void scatter(void)
{
	struct scatterlist sg[2];
	char *a = kmalloc(64, GFP_KERNEL), *b = kmalloc(64, GFP_KERNEL);
	int n;

	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], a, 64);
	sg_set_buf(&sg[1], b, 64);
	n = pci_map_sg(pdev, sg, 2, PCI_DMA_FROMDEVICE);
	if (!n)
		return;
	dmart_dev_write(dev, sg_dma_address(&sg[1]), "sg-in", 6);
	pci_dma_sync_sg(pdev, sg, 2, PCI_DMA_FROMDEVICE);
	// CHECK: sg sg-in
	printf("sg %s\n", b);
	pci_unmap_sg(pdev, sg, 2, PCI_DMA_FROMDEVICE);
	kfree(a);
	kfree(b);
}

static void noncoherent(void)
{
	dma_addr_t nch, cohh, h5, sh;
	char out[8] = "";
	char *nc, *coh, *nc5, *s;

	nc = dma_alloc_noncoherent(dev, PAGE_SIZE, &nch, GFP_KERNEL);
	coh = dma_alloc_coherent(dev, 64, &cohh, GFP_KERNEL);
	s = kmalloc(64, GFP_KERNEL);
	if (!nc || !coh || !s)
		return;
	memcpy(nc, "cmd", 4);
	dma_cache_sync(dev, nc, 64, DMA_TO_DEVICE);
	dmart_dev_read(dev, nch, out, 4);
	dmart_dev_write(dev, nch + 128, "st", 3);
	dma_cache_sync(dev, nc + 128, 64, DMA_FROM_DEVICE);
	sh = dma_map_single(dev, s, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(sh))
		return;
	// CHECK: cache-sync cmd st, consistent 0 1 0
	printf("cache-sync %s %s, consistent %d %d %d\n", out, nc + 128,
	       dma_is_consistent(dev, nch), dma_is_consistent(dev, cohh),
	       dma_is_consistent(dev, sh));
	dma_unmap_single(dev, sh, 64, DMA_TO_DEVICE);

	// CHECK: dmart: nic26: dma-unmap-mismatch: device driver syncs DMA memory with wrong function {{.*}}[allocated as coherent] [synced as noncoherent] [dma_cache_sync] at {{.*}}api_26.c:[[@LINE+1]]
	dma_cache_sync(dev, coh, 64, DMA_TO_DEVICE);
	// CHECK: dmart: nic26: dma-unmap-mismatch: device driver frees DMA memory with different size {{.*}}[map size=4096 bytes] [unmap size=64 bytes] [dma_free_noncoherent] at {{.*}}api_26.c:[[@LINE+1]] (mapped at {{.*}}api_26.c:[[@LINE-21]] by dma_alloc_noncoherent)
	dma_free_noncoherent(dev, 64, nc, nch);

	/* The 6.12 form, with a direction. */
	nc5 = dma_alloc_noncoherent(dev, 64, &h5, DMA_TO_DEVICE, GFP_KERNEL);
	if (nc5)
		dma_free_noncoherent(dev, 64, nc5, h5, DMA_TO_DEVICE);
	dma_free_coherent(dev, 64, coh, cohh);
	kfree(s);
}

static void unchecked(void)
{
	char *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	// CHECK: dmart: nic26: dma-unchecked-mapping: device driver failed to check map error {{.*}}[dma_unmap_single] at {{.*}}api_26.c:[[@LINE+1]] (mapped at {{.*}}api_26.c:[[@LINE-2]] by dma_map_single)
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
	kfree(buf);
}

static void declared(void)
{
	char out[4] = "";
	void *fw;
	int ret;

	ret = dma_declare_coherent_memory(dev, REGION_BUS, REGION_DEV,
					  4 * PAGE_SIZE, DMA_MEMORY_MAP | DMA_MEMORY_EXCLUSIVE);
	fw = dma_mark_declared_memory_occupied(dev, REGION_DEV + PAGE_SIZE, PAGE_SIZE);
	if (IS_ERR(fw))
		return;
	strcpy(fw, "fw");
	dmart_dev_read(dev, REGION_DEV + PAGE_SIZE, out, 3);
	// CHECK: declare 1 again 0, occupied fw busy -16
	printf("declare %d again %d, occupied %s busy %ld\n", ret,
	       dma_declare_coherent_memory(dev, REGION_BUS, REGION_DEV, PAGE_SIZE,
					   DMA_MEMORY_MAP),
	       out,
	       PTR_ERR(dma_mark_declared_memory_occupied(dev, REGION_DEV + PAGE_SIZE + 8, 16)));
	// CHECK: dmart: nic26: dma-unmap-mismatch: device driver marks memory outside its declared region occupied [device address=0x0000000050000000] [size=16 bytes] [dma_mark_declared_memory_occupied] at {{.*}}api_26.c:[[@LINE+1]]
	dma_mark_declared_memory_occupied(dev, 0x50000000, 16);
	dma_release_declared_memory(dev);
	// After the release the device has nothing there any more.
	// CHECK: dmart: nic26: dma-use-after-unmap: device read DMA memory that was already unmapped {{.*}}(mapped at {{.*}}api_26.c:[[@LINE-15]] by dma_mark_declared_memory_occupied)
	dmart_dev_read(dev, REGION_DEV + PAGE_SIZE, out, 3);
	// CHECK: dmart: nic26: dma-double-unmap: device driver releases declared coherent memory it has not declared [dma_release_declared_memory] at {{.*}}api_26.c:[[@LINE+1]]
	dma_release_declared_memory(dev);

	/* The 6.12 form: four arguments, 0 on success. */
	ret = dma_declare_coherent_memory(dev, REGION_BUS, REGION_DEV, PAGE_SIZE);
	// CHECK: declare-6.12 0
	printf("declare-6.12 %d\n", ret);
	dma_release_declared_memory(dev);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pdev = dmart_pci_device_create("nic26", DMA_BIT_MASK(32), DMART_NONCOHERENT);
	dev = &pdev->dev;
	addressing();
	streaming();
	scatter();
	noncoherent();
	unchecked();
	declared();
	dmart_pci_device_destroy(pdev);
	// CHECK-NOT: dmart:
	// CHECK: errors 6
	printf("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
