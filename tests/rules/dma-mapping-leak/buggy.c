// Mappings and allocations lost without their release, in driver idioms.
// RUN: %not %dmacheck --rules='-*,dma-mapping-leak' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/usb.h>

struct fw_dev {
	struct device *dev;
	void __iomem *regs;
	struct dma_pool *pool;
	int busy;
};

int hw_start(struct fw_dev *fw);
int hw_wait_done(struct fw_dev *fw);

/* 1. Missing unmap on an error path after a successful map. */
int fw_send_cmd(struct fw_dev *fw, void *cmd, size_t len)
{
	dma_addr_t dma = dma_map_single(fw->dev, cmd, len, DMA_TO_DEVICE);

	if (dma_mapping_error(fw->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), fw->regs + 0x10);
	if (hw_start(fw))
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked: its handle is lost without dma_unmap_single() [dma-mapping-leak]
		return -EIO;
	hw_wait_done(fw);
	dma_unmap_single(fw->dev, dma, len, DMA_TO_DEVICE);
	return 0;
}

/* 2. Synchronous firmware download that never unmaps. */
int fw_download(struct fw_dev *fw, const u8 *data, size_t len)
{
	void *buf = kmemdup(data, len, GFP_KERNEL);
	dma_addr_t dma;
	int ret;

	if (!buf)
		return -ENOMEM;
	dma = dma_map_single(fw->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(fw->dev, dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	writel(lower_32_bits(dma), fw->regs + 0x20);
	/* The handle's last use was the writel(): it is lost here. */
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked
	ret = hw_wait_done(fw);
	kfree(buf);
	return ret;
}

/* 3. Handle overwritten while live. */
int map_twice(struct fw_dev *fw, void *a, void *b, size_t len)
{
	dma_addr_t dma = dma_map_single(fw->dev, a, len, DMA_TO_DEVICE);

	if (dma_mapping_error(fw->dev, dma))
		return -ENOMEM;
	dma = dma_map_single(fw->dev, b, len, DMA_TO_DEVICE);
	/* The first handle was overwritten by the statement above. */
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked
	// CHECK-NEXT: buggy.c:[[@LINE-7]]:{{[0-9]+}}: note: mapped by dma_map_single() here
	if (dma_mapping_error(fw->dev, dma))
		return -ENOMEM;
	dma_unmap_single(fw->dev, dma, len, DMA_TO_DEVICE);
	return 0;
}

/* 4. Coherent scratch buffer leaked when probing the hardware fails. */
int probe_scratch(struct fw_dev *fw)
{
	dma_addr_t scratch_dma;
	void *scratch = dma_alloc_coherent(fw->dev, 4096, &scratch_dma, GFP_KERNEL);

	if (!scratch)
		return -ENOMEM;
	writel(lower_32_bits(scratch_dma), fw->regs + 0x30);
	if (hw_start(fw))
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memory from dma_alloc_coherent() is leaked: it is lost without dma_free_coherent()
		return -ENODEV;
	dma_free_coherent(fw->dev, 4096, scratch, scratch_dma);
	return 0;
}

/* 5. dma_pool descriptor lost on a busy path. */
int queue_desc(struct fw_dev *fw)
{
	dma_addr_t d;
	u32 *desc = dma_pool_zalloc(fw->pool, GFP_ATOMIC, &d);

	if (!desc)
		return -ENOMEM;
	if (fw->busy)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memory from dma_pool_zalloc() is leaked: it is lost without dma_pool_free()
		return -EBUSY;
	desc[0] = 1;
	writel(lower_32_bits(d), fw->regs + 0x40);
	hw_wait_done(fw);
	dma_pool_free(fw->pool, desc, d);
	return 0;
}

/* 6. USB coherent buffer leaked when the transfer fails. */
int usb_read_block(struct usb_device *udev, u8 *out)
{
	dma_addr_t dma;
	u8 *buf = usb_alloc_coherent(udev, 64, GFP_KERNEL, &dma);
	int actual, ret;

	if (!buf)
		return -ENOMEM;
	ret = usb_bulk_msg(udev, usb_rcvbulkpipe(udev, 1), buf, 64, &actual, 1000);
	if (ret)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memory from usb_alloc_coherent() is leaked
		return ret;
	memcpy(out, buf, 64);
	usb_free_coherent(udev, 64, buf, dma);
	return 0;
}

/* 7. Page mapping leaked in a loop's error exit. */
int map_pages(struct fw_dev *fw, struct page **pages, int n, dma_addr_t *out)
{
	int i;

	for (i = 0; i < n; i++) {
		dma_addr_t dma = dma_map_page(fw->dev, pages[i], 0, PAGE_SIZE, DMA_FROM_DEVICE);

		if (dma_mapping_error(fw->dev, dma))
			return -ENOMEM;
		if (i == 3)
			// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_page() is leaked
			return -EINVAL;
		out[i] = dma;
	}
	return 0;
}

/* 8. Bidirectional bounce for a register block, unmapped on one branch only. */
int read_regs(struct fw_dev *fw, void *buf, size_t len, int quick)
{
	dma_addr_t dma = dma_map_single(fw->dev, buf, len, DMA_BIDIRECTIONAL);

	if (dma_mapping_error(fw->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), fw->regs + 0x50);
	if (!quick) {
		hw_wait_done(fw);
		dma_unmap_single(fw->dev, dma, len, DMA_BIDIRECTIONAL);
	}
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: mapping made by dma_map_single() is leaked
	return 0;
}
