// Memory outside the linear map handed to calls that map it for DMA.
// RUN: %not %dmacheck --rules='-*,dma-vmalloc-buffer' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/usb.h>
#include <linux/vmalloc.h>

struct fw_ctx {
	struct device *dev;
	void *image;
};

/* 1. Firmware image in vmalloc memory mapped in one go. */
int fw_load(struct fw_ctx *fw, const u8 *data, size_t len)
{
	void *buf = vmalloc(len);
	dma_addr_t dma;

	if (!buf)
		return -ENOMEM;
	memcpy(buf, data, len);
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: dma_map_single() is given vmalloc memory 'buf', which is not in the linear map; map it page by page (vmalloc_to_page + dma_map_page) [dma-vmalloc-buffer]
	// CHECK-NEXT: buggy.c:[[@LINE-7]]:14: note: memory allocated by vmalloc() here
	dma = dma_map_single(fw->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(fw->dev, dma)) {
		vfree(buf);
		return -ENOMEM;
	}
	dma_unmap_single(fw->dev, dma, len, DMA_TO_DEVICE);
	vfree(buf);
	return 0;
}

/* 2. vzalloc'ed table in a scatterlist. */
int table_sg(struct scatterlist *sg, size_t len)
{
	u32 *tbl = vzalloc(len);

	if (!tbl)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: sg_init_one() is given vmalloc memory 'tbl'
	sg_init_one(sg, tbl, len);
	return 0;
}

/* 3. Offset into a vmalloc_32 buffer. */
int map_offset(struct device *dev, size_t len)
{
	u8 *ring = vmalloc_32(len);
	dma_addr_t d;

	if (!ring)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given vmalloc memory
	d = dma_map_single(dev, ring + 512, 512, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, 512, DMA_FROM_DEVICE);
	vfree(ring);
	return 0;
}

/* 4. A kmap'ed page mapped as a single buffer. */
int map_kmap(struct device *dev, struct page *page)
{
	void *va = kmap(page);
	dma_addr_t d;

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given a kmap() address, which is not in the linear map for highmem pages; map the page with dma_map_page()
	d = dma_map_single(dev, va, PAGE_SIZE, DMA_TO_DEVICE);
	kunmap(page);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, PAGE_SIZE, DMA_TO_DEVICE);
	return 0;
}

/* 5. kmap_local_page() into sg_set_buf(). */
void sg_from_kmap_local(struct scatterlist *sg, struct page *page)
{
	void *va = kmap_local_page(page);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: sg_set_buf() is given a kmap_local_page() address
	sg_set_buf(sg, va, 128);
	kunmap_local(va);
}

/* 6. kvmalloc: vmalloc when the size is large or kmalloc fails. */
int big_cmd(struct device *dev, size_t len)
{
	void *cmd = kvmalloc(len, GFP_KERNEL);
	dma_addr_t d;

	if (!cmd)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: dma_map_single() is given memory from kvmalloc(), which may be vmalloc memory; use kmalloc for DMA buffers
	// CHECK-NEXT: note: kvmalloc() falls back to vmalloc when kmalloc fails or the size is large
	d = dma_map_single(dev, cmd, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d)) {
		kvfree(cmd);
		return -ENOMEM;
	}
	dma_unmap_single(dev, d, len, DMA_TO_DEVICE);
	kvfree(cmd);
	return 0;
}

/* 7. USB bulk transfer from a vmalloc buffer kept in the context. */
int usb_fw_chunk(struct usb_device *udev, struct fw_ctx *fw)
{
	int actual;

	fw->image = vmalloc(4096);
	if (!fw->image)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: usb_bulk_msg() is given vmalloc memory
	return usb_bulk_msg(udev, usb_sndbulkpipe(udev, 1), fw->image, 4096, &actual, 1000);
}

/* 8. vmap() of pages, then mapped as one buffer. */
int map_vmap(struct device *dev, struct page **pages, int n)
{
	void *va = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	dma_addr_t d;

	if (!va)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given vmalloc memory 'va'
	d = dma_map_single(dev, va, n * PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_single(dev, d, n * PAGE_SIZE, DMA_TO_DEVICE);
	vunmap(va);
	return 0;
}

/* 9. The is_vmalloc_addr() test taken the wrong way round. */
int map_table_inverted(struct device *dev, size_t size, dma_addr_t *out)
{
	void *tbl = kvzalloc(size, GFP_KERNEL);

	if (!tbl)
		return -ENOMEM;
	if (!is_vmalloc_addr(tbl))
		return 1;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() is given vmalloc memory 'tbl'
	*out = dma_map_single(dev, tbl, size, DMA_TO_DEVICE);
	return dma_mapping_error(dev, *out);
}
