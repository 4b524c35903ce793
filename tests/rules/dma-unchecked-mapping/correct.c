// Mappings checked the ways well-kept drivers check them: must stay silent.
// RUN: %dmacheck --rules='-*,dma-unchecked-mapping' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
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
	DEFINE_DMA_UNMAP_LEN(len);
};

struct nic {
	struct device *dev;
	void __iomem *regs;
	struct tx_desc *desc;
	struct tx_buf *buf;
	dma_addr_t rx_dma[16];
	unsigned int head;
};

/* 1. Classic xmit with unlikely() and a drop path. */
netdev_tx_t nic_xmit(struct nic *nic, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(nic->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);

	if (unlikely(dma_mapping_error(nic->dev, dma))) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	nic->buf[nic->head].skb = skb;
	nic->buf[nic->head].dma = dma;
	nic->desc[nic->head].addr = cpu_to_le64(dma);
	return NETDEV_TX_OK;
}

/* 2. Stored in the ring first, checked through the field. */
int rx_alloc(struct nic *nic, int i, void *buf)
{
	nic->rx_dma[i] = dma_map_single(nic->dev, buf, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(nic->dev, nic->rx_dma[i]))
		return -ENOMEM;
	nic->desc[i].addr = cpu_to_le64(nic->rx_dma[i]);
	return 0;
}

/* 3. Result of the check kept in a variable and tested later. */
int map_cmd(struct nic *nic, void *cmd, size_t len)
{
	dma_addr_t dma = dma_map_single(nic->dev, cmd, len, DMA_TO_DEVICE);
	int err = dma_mapping_error(nic->dev, dma);

	if (err)
		return err;
	writel(lower_32_bits(dma), nic->regs + 0x10);
	writel(upper_32_bits(dma), nic->regs + 0x14);
	while (!(readl(nic->regs + 0x18) & 1))
		cpu_relax();
	dma_unmap_single(nic->dev, dma, len, DMA_TO_DEVICE);
	return 0;
}

/* 4. The handle is returned: the caller checks it (duty passed on). */
static dma_addr_t map_page_for_rx(struct device *dev, struct page *page)
{
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
}

int rx_page(struct nic *nic, struct page *page)
{
	dma_addr_t dma = map_page_for_rx(nic->dev, page);

	if (dma_mapping_error(nic->dev, dma))
		return -ENOMEM;
	nic->desc[0].addr = cpu_to_le64(dma);
	return 0;
}

/* 5. An exported helper returning the handle to an unknown caller. */
dma_addr_t nic_map_buffer(struct device *dev, void *buf, size_t len)
{
	return dma_map_single(dev, buf, len, DMA_BIDIRECTIONAL);
}

/* 6. Out parameter filled by an inlined helper, checked by the caller. */
static void map_into(struct device *dev, void *buf, size_t len, dma_addr_t *out)
{
	*out = dma_map_single(dev, buf, len, DMA_TO_DEVICE);
}

int map_out_checked(struct nic *nic, void *buf, size_t len)
{
	dma_addr_t dma;

	map_into(nic->dev, buf, len, &dma);
	if (dma_mapping_error(nic->dev, dma))
		return -ENOMEM;
	nic->desc[5].addr = cpu_to_le64(dma);
	return 0;
}

/* 7. Fragments with an unwind ladder. */
int map_frags(struct nic *nic, struct sk_buff *skb)
{
	int i;

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		dma_addr_t dma = skb_frag_dma_map(nic->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);

		if (dma_mapping_error(nic->dev, dma))
			goto unwind;
		nic->buf[i].dma = dma;
		nic->desc[i].addr = cpu_to_le64(dma);
	}
	return 0;
unwind:
	while (--i >= 0)
		dma_unmap_page(nic->dev, nic->buf[i].dma, skb_frag_size(&skb_shinfo(skb)->frags[i]), DMA_TO_DEVICE);
	return -ENOMEM;
}

/* 8. dma_map_sg() tested for 0 before use; sgtable result tested. */
int spi_dma_tx(struct dma_chan *chan, struct scatterlist *sgl, int nents)
{
	struct dma_async_tx_descriptor *txd;
	int count = dma_map_sg(chan->device->dev, sgl, nents, DMA_TO_DEVICE);

	if (!count)
		return -ENOMEM;
	txd = dmaengine_prep_slave_sg(chan, sgl, count, DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!txd) {
		dma_unmap_sg(chan->device->dev, sgl, nents, DMA_TO_DEVICE);
		return -EIO;
	}
	dmaengine_submit(txd);
	dma_async_issue_pending(chan);
	return 0;
}

int map_table(struct device *dev, struct sg_table *sgt)
{
	int ret = dma_map_sgtable(dev, sgt, DMA_TO_DEVICE, 0);

	if (ret)
		return ret;
	return 0;
}

/* 9. Checked inside an inlined helper. */
static bool mapping_ok(struct device *dev, dma_addr_t dma)
{
	return !dma_mapping_error(dev, dma);
}

int map_with_helper(struct nic *nic, void *buf)
{
	dma_addr_t dma = dma_map_single(nic->dev, buf, 128, DMA_TO_DEVICE);

	if (!mapping_ok(nic->dev, dma))
		return -ENOMEM;
	nic->desc[4].addr = cpu_to_le64(dma);
	return 0;
}

/* 10. dma_map_sg() count tested with <= 0. */
int scsi_map(struct device *dev, struct scatterlist *sg, int n, int *mapped)
{
	int count = dma_map_sg(dev, sg, n, DMA_FROM_DEVICE);

	if (count <= 0)
		return -EIO;
	*mapped = count;
	return 0;
}

/* 11. Shared exit that skips failed mappings by their value. */
int taskfile(struct device *dev, void *inbuf, size_t len, int (*issue)(dma_addr_t))
{
	dma_addr_t inbuf_dma = DMA_MAPPING_ERROR;
	int err = 0;

	inbuf_dma = dma_map_single(dev, inbuf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, inbuf_dma)) {
		err = -ENOMEM;
		goto abort;
	}
	err = issue(inbuf_dma);
abort:
	if (inbuf_dma != DMA_MAPPING_ERROR)
		dma_unmap_single(dev, inbuf_dma, len, DMA_FROM_DEVICE);
	return err;
}

/* 12. The count tested by truth value, then used. */
struct sg_frame {
	__le16 nsge;
	__le64 addr[8];
};

int build_frame(struct device *dev, struct scatterlist *sgl, int nents, struct sg_frame *f)
{
	struct scatterlist *sg;
	int count, i;

	count = dma_map_sg(dev, sgl, nents, DMA_TO_DEVICE);
	if (count) {
		f->nsge = cpu_to_le16(count);
		for_each_sg(sgl, sg, count, i)
			f->addr[i] = cpu_to_le64(sg_dma_address(sg));
		return 0;
	}
	return -EIO;
}

/* 13. After a failed mapping, the unwind releases another field under a
 * flag (usb_hcd_map_urb_for_dma): not the failed handle. */
struct xurb {
	dma_addr_t setup_dma;
	dma_addr_t transfer_dma;
	unsigned int flags;
};

int map_urb(struct device *dev, struct xurb *u, void *setup, size_t len)
{
	u->setup_dma = dma_map_single(dev, setup, 8, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, u->setup_dma))
		goto unmap;
	u->flags |= 1;
	return 0;
unmap:
	if (u->flags & 2)
		dma_unmap_single(dev, u->transfer_dma, len, DMA_TO_DEVICE);
	return -EAGAIN;
}
