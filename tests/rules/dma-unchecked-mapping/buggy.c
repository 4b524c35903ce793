// Mappings used before (or without) dma_mapping_error(), in driver idioms.
// RUN: %not %dmacheck --rules='-*,dma-unchecked-mapping' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/dmaengine.h>

struct tx_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct nic {
	struct device *dev;
	void __iomem *regs;
	struct tx_desc *desc;
	struct tx_buf *buf;
	unsigned int head;
};

/* 1. NIC xmit: the handle goes into the descriptor unchecked. */
netdev_tx_t nic_xmit(struct nic *nic, struct sk_buff *skb)
{
	struct tx_desc *d = &nic->desc[nic->head];
	dma_addr_t dma;

	dma = dma_map_single(nic->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	nic->buf[nic->head].skb = skb;
	// CHECK: buggy.c:[[@LINE+2]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check [dma-unchecked-mapping]
	// CHECK-NEXT: buggy.c:[[@LINE-3]]:8: note: mapped by dma_map_single() here
	nic->buf[nic->head].dma = dma;
	d->addr = cpu_to_le64(dma);
	d->len = cpu_to_le32(skb_headlen(skb));
	return NETDEV_TX_OK;
}

/* 2. Written straight to a doorbell register. */
void nic_post_cmd(struct nic *nic, void *cmd, size_t len)
{
	dma_addr_t dma = dma_map_single(nic->dev, cmd, len, DMA_TO_DEVICE);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is written to the device by writel() without a dma_mapping_error() check
	writel(lower_32_bits(dma), nic->regs + 0x10);
	writel(upper_32_bits(dma), nic->regs + 0x14);
}

/* 3. Page fragment mapping, checked with the wrong test (!dma). */
int nic_map_frag(struct nic *nic, struct tx_desc *d, skb_frag_t *frag)
{
	dma_addr_t dma = skb_frag_dma_map(nic->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);

	if (!dma)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: skb_frag_dma_map() result is used without dma_mapping_error() check
	d->addr = cpu_to_le64(dma);
	return 0;
}

/* 4. Checked on one path only. */
int rx_refill(struct nic *nic, struct page *page, int strict)
{
	dma_addr_t dma = dma_map_page(nic->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (strict && dma_mapping_error(nic->dev, dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_page() result is used without dma_mapping_error() check
	nic->desc[0].addr = cpu_to_le64(dma);
	return 0;
}

/* 5. A different handle is checked. */
int map_two(struct nic *nic, void *a, void *b, size_t len)
{
	dma_addr_t da = dma_map_single(nic->dev, a, len, DMA_TO_DEVICE);
	dma_addr_t db = dma_map_single(nic->dev, b, len, DMA_TO_DEVICE);

	if (dma_mapping_error(nic->dev, da))
		return -ENOMEM;
	nic->desc[0].addr = cpu_to_le64(da);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
	nic->desc[1].addr = cpu_to_le64(db);
	return 0;
}

/* 6. Unmapped without ever being checked (dma-debug's "failed to check map error"). */
int sync_cmd(struct device *dev, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(dev, buf, len, DMA_BIDIRECTIONAL);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is unmapped by dma_unmap_single() without a dma_mapping_error() check
	dma_unmap_single(dev, dma, len, DMA_BIDIRECTIONAL);
	return 0;
}

/* 7. dma_map_sg() count handed to dmaengine without a test for 0. */
int spi_dma_tx(struct dma_chan *chan, struct scatterlist *sgl, int nents)
{
	struct dma_async_tx_descriptor *txd;
	int count = dma_map_sg(chan->device->dev, sgl, nents, DMA_TO_DEVICE);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_sg() result is used without a check for 0 (the mapping failed when it returns 0)
	txd = dmaengine_prep_slave_sg(chan, sgl, count, DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!txd)
		return -EIO;
	dmaengine_submit(txd);
	dma_async_issue_pending(chan);
	return 0;
}

/* 8. dma_map_sgtable() result ignored. */
void map_table(struct device *dev, struct sg_table *sgt)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_sgtable() result is ignored: a failed mapping goes unnoticed
	dma_map_sgtable(dev, sgt, DMA_TO_DEVICE, 0);
}

/* 9. dma_map_single() result thrown away. */
void map_forget(struct device *dev, void *buf)
{
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is ignored: the mapping can be neither checked nor unmapped
	dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
}

/* 10. Mapped inside an inlined helper, used unchecked by the caller. */
static dma_addr_t map_buf(struct device *dev, void *buf, size_t len)
{
	return dma_map_single(dev, buf, len, DMA_FROM_DEVICE);
}

void post_rx(struct nic *nic, void *buf)
{
	dma_addr_t dma = map_buf(nic->dev, buf, 2048);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
	nic->desc[3].addr = cpu_to_le64(dma);
}

/* 11. Legacy PCI API, same contract. */
int legacy_map(struct pci_dev *pdev, struct nic *nic, void *buf)
{
	dma_addr_t dma = pci_map_single(pdev, buf, 512, PCI_DMA_TODEVICE);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: pci_map_single() result is used without dma_mapping_error() check
	nic->desc[2].addr = cpu_to_le64(dma);
	return 0;
}

/* 12. Handle returned through an out parameter, unchecked (efa, nicvf style). */
void *zalloc_mapped(struct device *dev, size_t size, dma_addr_t *dma_addr)
{
	void *addr = kzalloc(size, GFP_KERNEL);

	if (!addr)
		return NULL;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
	*dma_addr = dma_map_single(dev, addr, size, DMA_BIDIRECTIONAL);
	return addr;
}

/* 13. Unwind that also unmaps the entry whose mapping failed (pcnet32). */
int refill_all(struct nic *nic, void **bufs, dma_addr_t *dmas, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		dmas[i] = dma_map_single(nic->dev, bufs[i], 2048, DMA_FROM_DEVICE);
		if (dma_mapping_error(nic->dev, dmas[i]))
			goto unwind;
	}
	return 0;
unwind:
	for (; i >= 0; i--)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is unmapped by dma_unmap_single() although dma_mapping_error() reported that it failed
		dma_unmap_single(nic->dev, dmas[i], 2048, DMA_FROM_DEVICE);
	return -ENOMEM;
}

/* 14. Compared, never checked (exynos-iommu style). */
int map_pgtable(struct device *dev, u32 *pgtable)
{
	dma_addr_t handle = dma_map_single(dev, pgtable, 16384, DMA_TO_DEVICE);

	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check
	BUG_ON(handle != virt_to_phys(pgtable));
	return 0;
}

/* 15. Shared exit unmaps a handle that is non-zero after a failed map
 * (mtip32xx exec_drive_taskfile). */
int taskfile(struct device *dev, void *inbuf, size_t len, int (*issue)(dma_addr_t))
{
	dma_addr_t inbuf_dma = 0;
	int err = 0;

	inbuf_dma = dma_map_single(dev, inbuf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, inbuf_dma)) {
		err = -ENOMEM;
		goto abort;
	}
	err = issue(inbuf_dma);
abort:
	if (inbuf_dma)
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapping made by dma_map_single() is unmapped by dma_unmap_single() although dma_mapping_error() reported that it failed
		dma_unmap_single(dev, inbuf_dma, len, DMA_FROM_DEVICE);
	return err;
}

/* 16. The count used, then walked: a loop bound is no test for 0. */
struct sg_frame {
	__le16 nsge;
	__le64 addr[8];
};

int build_frame(struct device *dev, struct scatterlist *sgl, int nents, struct sg_frame *f)
{
	struct scatterlist *sg;
	int count, i;

	count = dma_map_sg(dev, sgl, nents, DMA_TO_DEVICE);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_sg() result is used without a check for 0
	f->nsge = cpu_to_le16(count);
	for_each_sg(sgl, sg, count, i)
		f->addr[i] = cpu_to_le64(sg_dma_address(sg));
	return 0;
}
