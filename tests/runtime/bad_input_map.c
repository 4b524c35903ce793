// Bad input to the streaming API gets a report where dma-debug would give
// one and an error return, never a crash (the lit run with
// --param sanitize=1 runs it all under ASan+UBSan too): lengths past the
// end of the buffer, freed or NULL buffers, a NULL device, never-mapped
// bus addresses, size 0, a list shorter than nents.
//
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t && %not %t 2>&1 | %FileCheck %s

#include <stdint.h>
#include <stdio.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#define SAY(...) fprintf(stderr, __VA_ARGS__)

static struct device *dev;

static void past_the_end(char *buf)
{
	struct scatterlist sg;
	dma_addr_t h;

	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory past the end of its buffer [addr=0x{{[0-9a-f]+}}] [len=18446744073709551615] [buffer holds 4096 bytes from addr] [dma_map_single] at {{.*}}bad_input_map.c:[[@LINE+1]]
	h = dma_map_single(dev, buf, SIZE_MAX, DMA_TO_DEVICE);
	// CHECK-NEXT: SIZE_MAX: mapping error 1
	SAY("SIZE_MAX: mapping error %d\n", dma_mapping_error(dev, h) != 0);
	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory past the end of its buffer [addr=0x{{[0-9a-f]+}}] [len=1073741824] [buffer holds 4096 bytes from addr] [dma_map_single] at {{.*}}bad_input_map.c:[[@LINE+1]]
	h = dma_map_single(dev, buf, 1 << 30, DMA_FROM_DEVICE);
	// CHECK-NEXT: 1 << 30: mapping error 1
	SAY("1 << 30: mapping error %d\n", dma_mapping_error(dev, h) != 0);
	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory past the end of its buffer [addr=0x{{[0-9a-f]+}}] [len=4033] [buffer holds 4032 bytes from addr] [dma_map_single] at {{.*}}bad_input_map.c:[[@LINE+2]]
	// CHECK-NEXT: last byte plus one: mapping error 1
	h = dma_map_single(dev, buf + 64, 4033, DMA_TO_DEVICE);
	SAY("last byte plus one: mapping error %d\n", dma_mapping_error(dev, h) != 0);
	h = dma_map_single(dev, buf + 64, 4032, DMA_TO_DEVICE);
	// CHECK-NEXT: up to the last byte: mapping error 0
	SAY("up to the last byte: mapping error %d\n", dma_mapping_error(dev, h) != 0);
	dma_unmap_single(dev, h, 4032, DMA_TO_DEVICE);

	sg_init_one(&sg, buf, 64);
	sg.length = 0xffffffff;
	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory past the end of its buffer [addr=0x{{[0-9a-f]+}}] [len=4294967295] [buffer holds 4096 bytes from addr] [dma_map_sg] at {{.*}}bad_input_map.c:[[@LINE+2]]
	// CHECK-NEXT: sg length 0xffffffff: dma_map_sg 0
	SAY("sg length 0xffffffff: dma_map_sg %u\n", dma_map_sg(dev, &sg, 1, DMA_TO_DEVICE));
}

static void bad_buffers(void)
{
	char *gone = kmalloc(256, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);
	struct scatterlist sg[2];
	dma_addr_t h;

	kfree(gone);
	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory from invalid area [addr=0x{{[0-9a-f]+}}] [len=64] [dma_map_single] at {{.*}}bad_input_map.c:[[@LINE+1]]
	h = dma_map_single(dev, gone, 64, DMA_TO_DEVICE);
	// CHECK-NEXT: freed buffer: mapping error 1
	SAY("freed buffer: mapping error %d\n", dma_mapping_error(dev, h) != 0);
	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory from invalid area [addr=(nil)] [len=64] [dma_map_single] at {{.*}}bad_input_map.c:[[@LINE+1]]
	h = dma_map_single(dev, NULL, 64, DMA_TO_DEVICE);
	// CHECK-NEXT: NULL buffer: mapping error 1
	SAY("NULL buffer: mapping error %d\n", dma_mapping_error(dev, h) != 0);
	__free_page(page);
	// CHECK: dmart: d0: dma-device-access-violation: device driver maps memory from invalid area [addr=0x{{[0-9a-f]+}}] [len=0] [dma_map_page] at {{.*}}bad_input_map.c:[[@LINE+1]]
	h = dma_map_page(dev, page, 0, 0, DMA_TO_DEVICE);
	// CHECK-NEXT: freed page, size 0: mapping error 1
	SAY("freed page, size 0: mapping error %d\n", dma_mapping_error(dev, h) != 0);

	/* A list shorter than nents, and no list at all. */
	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], kmalloc(64, GFP_KERNEL), 64);
	sg_set_buf(&sg[1], kmalloc(64, GFP_KERNEL), 64);
	// CHECK: dmart: d0: dma-sg-nents-mismatch: device driver maps a scatterlist with more entries than it holds [nents=3] [entries=2] [sg=0x{{[0-9a-f]+}}] [dma_map_sg] at {{.*}}bad_input_map.c:[[@LINE+2]]
	// CHECK-NEXT: nents 3 of 2: dma_map_sg 0
	SAY("nents 3 of 2: dma_map_sg %u\n", dma_map_sg(dev, sg, 3, DMA_TO_DEVICE));
	// CHECK: dmart: d0: dma-sg-nents-mismatch: device driver maps a scatterlist with more entries than it holds [nents=1] [entries=0] [sg=(nil)] [dma_map_sg] at {{.*}}bad_input_map.c:[[@LINE+2]]
	// CHECK-NEXT: NULL list: dma_map_sg 0
	SAY("NULL list: dma_map_sg %u\n", dma_map_sg(dev, NULL, 1, DMA_TO_DEVICE));
	// CHECK-NEXT: nents -1: dma_map_sg 0
	SAY("nents -1: dma_map_sg %u\n", dma_map_sg(dev, sg, -1, DMA_TO_DEVICE));
	kfree(sg_virt(&sg[0]));
	kfree(sg_virt(&sg[1]));
}

/* The kernel oopses on a NULL device; dma-debug's checks would still say
 * the handle is none of its mappings, and so does libdmart. */
static void null_device(char *buf)
{
	struct scatterlist sg;
	char tmp[8];
	dma_addr_t h;

	sg_init_one(&sg, buf, 64);
	h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return;
	// CHECK: NULL device: map error 1, mapping_error(garbage) 0, mapping_error(DMA_MAPPING_ERROR) 1, map_sg 0
	SAY("NULL device: map error %d, mapping_error(garbage) %d, mapping_error(DMA_MAPPING_ERROR) %d, map_sg %u\n",
	    dma_mapping_error(NULL, dma_map_single(NULL, buf, 64, DMA_TO_DEVICE)) != 0,
	    dma_mapping_error(NULL, 0xdead000), dma_mapping_error(NULL, DMA_MAPPING_ERROR) != 0,
	    dma_map_sg(NULL, &sg, 1, DMA_TO_DEVICE));
	// CHECK-NOT: dmart:
	// CHECK: dmart: -: dma-unmap-mismatch: device driver frees DMA memory mapped for another device (d0) [device address=0x{{[0-9a-f]+}}] [dma_unmap_single] at {{.*}}bad_input_map.c:[[@LINE+1]] (mapped at {{.*}}bad_input_map.c:[[@LINE-9]] by dma_map_single)
	dma_unmap_single(NULL, h, 64, DMA_TO_DEVICE);
	// CHECK: dmart: -: dma-unmap-mismatch: device driver tries to sync DMA memory it has not allocated [device address=0x000000000dead000] [size=64 bytes] [dma_sync_single_for_cpu] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_sync_single_for_cpu(NULL, 0xdead000, 64, DMA_FROM_DEVICE);
	// CHECK: dmart: -: dma-double-unmap: device driver tries to free DMA memory it has not allocated [device address=0x000000000dead000] [size=64 bytes] [dma_unmap_page] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_unmap_page(NULL, 0xdead000, 64, DMA_FROM_DEVICE);
	// CHECK: dmart: -: dma-double-unmap: device driver frees DMA sg list it has not mapped [sg=0x{{[0-9a-f]+}}] [dma_unmap_sg] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_unmap_sg(NULL, &sg, 1, DMA_TO_DEVICE);
	// CHECK: dmart: -: dma-unmap-mismatch: device driver syncs DMA sg list it has not mapped [sg=0x{{[0-9a-f]+}}] [dma_sync_sg_for_device] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_sync_sg_for_device(NULL, &sg, 1, DMA_TO_DEVICE);
	// CHECK-NEXT: NULL device: dev_read -19, dev_write -19
	SAY("NULL device: dev_read %d, dev_write %d\n", dmart_dev_read(NULL, h, tmp, 8),
	    dmart_dev_write(NULL, h, tmp, 8));
	dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
}

static void garbage_handles(char *buf)
{
	char tmp[8];
	dma_addr_t h;

	// CHECK: dmart: d0: dma-double-unmap: device driver tries to free DMA memory it has not allocated [device address=0x00000000deadb000] [size=0 bytes] [dma_unmap_single] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_unmap_single(dev, 0xdeadb000, 0, DMA_TO_DEVICE);
	// CHECK: dmart: d0: dma-unmap-mismatch: device driver tries to sync DMA memory it has not allocated [device address=0x00000000deadb000] [size=18446744073709551615 bytes] [dma_sync_single_for_device] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_sync_single_for_device(dev, 0xdeadb000, SIZE_MAX, DMA_TO_DEVICE);
	// CHECK: dmart: d0: dma-device-access-violation: device read memory that is not mapped for it [device address=0x00000000deadb000] [size=18446744073709551615 bytes] [dmart_dev_read]
	// CHECK-NEXT: garbage handle: dev_read -14
	SAY("garbage handle: dev_read %d\n", dmart_dev_read(dev, 0xdeadb000, tmp, SIZE_MAX));

	h = dma_map_single(dev, buf, 64, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, h))
		return;
	// CHECK: dmart: d0: dma-device-access-violation: device wrote beyond the mapping [device address=0x{{[0-9a-f]+}}] [size=18446744073709551615 bytes] [mapping size=64 bytes] [dmart_dev_write]
	// CHECK-NEXT: SIZE_MAX: dev_write -14, NULL buffer: dev_read -22
	SAY("SIZE_MAX: dev_write %d, NULL buffer: dev_read %d\n",
	    dmart_dev_write(dev, h, tmp, SIZE_MAX), dmart_dev_read(dev, h, NULL, 8));
	// CHECK: dmart: d0: dma-unmap-mismatch: device driver syncs DMA memory outside allocated range [device address=0x{{[0-9a-f]+}}] [allocation size=64 bytes] [sync offset+size=18446744073709551615] [dma_sync_single_for_cpu] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_sync_single_for_cpu(dev, h, SIZE_MAX, DMA_BIDIRECTIONAL);
	// CHECK: dmart: d0: dma-unmap-mismatch: device driver syncs DMA memory outside allocated range [device address=0x{{[0-9a-f]+}}] [allocation size=64 bytes] [sync offset+size=65] [dma_sync_single_range_for_cpu] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_sync_single_range_for_cpu(dev, h, 63, 2, DMA_BIDIRECTIONAL);
	// CHECK: dmart: d0: dma-unmap-mismatch: device driver frees DMA memory with different size [device address=0x{{[0-9a-f]+}}] [map size=64 bytes] [unmap size=18446744073709551615 bytes] [dma_unmap_single] at {{.*}}bad_input_map.c:[[@LINE+1]]
	dma_unmap_single(dev, h, SIZE_MAX, DMA_BIDIRECTIONAL);
}

/* Size 0 is no error in dma-debug: map, sync, device access, unmap. */
static void size_zero(char *buf)
{
	dma_addr_t h = dma_map_single(dev, buf, 0, DMA_FROM_DEVICE);

	if (dma_mapping_error(dev, h)) {
		SAY("size 0 map failed\n");
		return;
	}
	dma_sync_single_for_cpu(dev, h, 0, DMA_FROM_DEVICE);
	dma_sync_single_for_device(dev, h, 0, DMA_FROM_DEVICE);
	// CHECK-NOT: dmart:
	// CHECK: size 0: dev_write 0, dev_read at garbage 0
	SAY("size 0: dev_write %d, dev_read at garbage %d\n", dmart_dev_write(dev, h, buf, 0),
	    dmart_dev_read(dev, 0xdeadb000, buf, 0));
	dma_unmap_single(dev, h, 0, DMA_FROM_DEVICE);
}

int main(void)
{
	char *buf = kmalloc(4096, GFP_KERNEL);

	dev = dmart_device_create("d0", DMA_BIT_MASK(64), 0);
	past_the_end(buf);
	bad_buffers();
	null_device(buf);
	garbage_handles(buf);
	size_zero(buf);
	kfree(buf);
	dmart_device_destroy(dev);
	// CHECK-NOT: dmart:
	// CHECK: errors 21
	SAY("errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
