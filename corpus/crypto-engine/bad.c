// SPDX-License-Identifier: GPL-2.0
/*
 * XCE PCI AES offload engine: AES-CBC and AES-CTR, one request on the
 * engine at a time, the others queued by the driver.  A request is a
 * descriptor from a dma_pool holding the source and destination link
 * tables; the key goes into registers and the IV is fetched by DMA (the
 * engine writes the chaining IV back to it).  Requests run in place (src ==
 * dst, mapped once DMA_BIDIRECTIONAL) or out of place (src DMA_TO_DEVICE,
 * dst DMA_FROM_DEVICE).  A list the engine cannot take (a segment that is
 * not whole blocks or not word aligned, more segments than a link table
 * holds) is bounced through a page of the driver's own and run in place.
 * The interrupt handler completes the request and starts the next one.
 *
 * Seeded bugs (see expect.txt), each modelled on a common kind of kernel fix:
 * - xce_unmap_data(): the destination list is unmapped with the count
 *   dma_map_sg() returned ("fix dma_unmap_sg nents") [dma-sg-nents-mismatch];
 * - xce_unmap_data(): the source list is always unmapped DMA_TO_DEVICE,
 *   also when it was mapped DMA_BIDIRECTIONAL for an in-place request
 *   ("fix DMA direction for in-place requests") [dma-sync-direction];
 * - xce_start(): the IV mapping goes into the descriptor without
 *   dma_mapping_error() ("add missing dma_mapping_error check")
 *   [dma-unchecked-mapping];
 * - xce_done(): a request the engine failed has its IV unmapped in the
 *   error branch and again on the common path ("fix double unmap of the IV
 *   on error") [dma-double-unmap].
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/spinlock.h>

#define DRV_NAME		"xce"

#define XCE_BLOCK_SIZE		16
#define XCE_MAX_KEY_SIZE	32
#define XCE_MAX_LINKS		16
#define XCE_MAX_SEG_SIZE	0x10000
#define XCE_BUF_ORDER		0
#define XCE_BUF_SIZE		(PAGE_SIZE << XCE_BUF_ORDER)

/* Registers (BAR 0). */
#define XCE_REG_CTRL		0x00
#define  XCE_CTRL_ENABLE	BIT(0)
#define  XCE_CTRL_RESET		BIT(1)
#define XCE_REG_STATUS		0x04
#define  XCE_STATUS_DONE	BIT(0)
#define  XCE_STATUS_ERR		BIT(1)
#define XCE_REG_IRQ_EN		0x08
#define XCE_REG_KEYLEN		0x0c
#define XCE_REG_DESC		0x10	/* 64 bit */
#define XCE_REG_START		0x18
#define XCE_REG_KEY(i)		(0x20 + 4 * (i))

/* Descriptor control word. */
#define XCE_DESC_ENCRYPT	BIT(0)
#define XCE_DESC_MODE_CBC	0
#define XCE_DESC_MODE_CTR	BIT(1)

#define XCE_LINK_LAST		BIT(31)

/* Request flags. */
#define XCE_FLAGS_ENCRYPT	BIT(0)
#define XCE_FLAGS_CTR		BIT(1)

struct xce_link {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

/* One per request, from the dma_pool; the engine writes back status. */
struct xce_desc {
	__le32 ctrl;
	__le32 len;
	__le64 iv;
	__le16 src_cnt;
	__le16 dst_cnt;
	__le32 status;
	__le32 rsvd[2];
	struct xce_link src[XCE_MAX_LINKS];
	struct xce_link dst[XCE_MAX_LINKS];
};

struct xce_dev;

/* Transform context: what setkey leaves for the requests. */
struct xce_ctx {
	struct xce_dev *dd;
	u32 key[XCE_MAX_KEY_SIZE / 4];
	unsigned int keylen;
};

/* A cipher request as the skcipher glue hands it over. */
struct xce_request {
	struct list_head list;
	struct xce_ctx *ctx;
	struct scatterlist *src;
	struct scatterlist *dst;
	unsigned int cryptlen;
	u8 *iv;			/* XCE_BLOCK_SIZE, chaining IV on return */
	unsigned long flags;
	void (*complete)(struct xce_request *req, int err);
};

struct xce_dev {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;
	spinlock_t lock;
	struct list_head queue;
	struct xce_request *req;	/* on the engine */
	struct dma_pool *desc_pool;
	struct xce_desc *desc;
	dma_addr_t desc_dma;

	/* Data of the active request, as handed to dma_map_sg(). */
	struct scatterlist *src_sg;
	struct scatterlist *dst_sg;
	int src_nents;
	int dst_nents;
	int src_mapped;		/* DMA segments dma_map_sg() returned */
	int dst_mapped;
	bool bounced;

	/* Bounce page for lists the engine cannot take. */
	void *buf;
	struct scatterlist aligned_sg;

	/* IV: fetched by the engine, chaining IV written back. */
	u8 *iv;
	dma_addr_t iv_dma;
};

/* Entry points for the skcipher glue. */
int xce_setkey(struct xce_ctx *ctx, const u8 *key, unsigned int keylen);
int xce_cbc_encrypt(struct xce_request *req);
int xce_cbc_decrypt(struct xce_request *req);
int xce_ctr_crypt(struct xce_request *req);

/*
 * The engine takes word aligned segments of whole blocks, at most
 * XCE_MAX_LINKS of them.
 */
static bool xce_sg_aligned(struct scatterlist *sgl, int nents,
			   unsigned int len)
{
	struct scatterlist *sg;
	int i;

	if (nents > XCE_MAX_LINKS)
		return false;

	for_each_sg(sgl, sg, nents, i) {
		if (!IS_ALIGNED(sg->offset, 4))
			return false;
		if (len <= sg->length)
			return IS_ALIGNED(len, XCE_BLOCK_SIZE);
		if (!IS_ALIGNED(sg->length, XCE_BLOCK_SIZE))
			return false;
		len -= sg->length;
	}
	return false;
}

static int xce_map_data(struct xce_dev *dd, struct xce_request *req)
{
	int src_nents, dst_nents;

	src_nents = sg_nents_for_len(req->src, req->cryptlen);
	if (src_nents < 0)
		return src_nents;
	dst_nents = src_nents;
	if (req->dst != req->src) {
		dst_nents = sg_nents_for_len(req->dst, req->cryptlen);
		if (dst_nents < 0)
			return dst_nents;
	}

	dd->bounced = !xce_sg_aligned(req->src, src_nents, req->cryptlen) ||
		      !xce_sg_aligned(req->dst, dst_nents, req->cryptlen);
	if (dd->bounced) {
		if (req->cryptlen > XCE_BUF_SIZE)
			return -EINVAL;
		sg_copy_to_buffer(req->src, src_nents, dd->buf, req->cryptlen);
		sg_init_table(&dd->aligned_sg, 1);
		sg_set_buf(&dd->aligned_sg, dd->buf, req->cryptlen);
		dd->src_sg = &dd->aligned_sg;
		dd->dst_sg = &dd->aligned_sg;
		dd->src_nents = 1;
		dd->dst_nents = 1;
	} else {
		dd->src_sg = req->src;
		dd->dst_sg = req->dst;
		dd->src_nents = src_nents;
		dd->dst_nents = dst_nents;
	}

	if (dd->src_sg == dd->dst_sg) {
		dd->src_mapped = dma_map_sg(dd->dev, dd->src_sg, dd->src_nents,
					    DMA_BIDIRECTIONAL);
		if (!dd->src_mapped)
			return -ENOMEM;
		return 0;
	}

	dd->src_mapped = dma_map_sg(dd->dev, dd->src_sg, dd->src_nents,
				    DMA_TO_DEVICE);
	if (!dd->src_mapped)
		return -ENOMEM;
	dd->dst_mapped = dma_map_sg(dd->dev, dd->dst_sg, dd->dst_nents,
				    DMA_FROM_DEVICE);
	if (!dd->dst_mapped) {
		dma_unmap_sg(dd->dev, dd->src_sg, dd->src_nents, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	return 0;
}

static void xce_unmap_data(struct xce_dev *dd)
{
	if (dd->dst_sg != dd->src_sg)
		dma_unmap_sg(dd->dev, dd->dst_sg, dd->dst_mapped, DMA_FROM_DEVICE);
	dma_unmap_sg(dd->dev, dd->src_sg, dd->src_nents,
		     DMA_TO_DEVICE);
}

/* Only the first @count entries of a mapped list carry a DMA address. */
static int xce_fill_links(struct xce_link *link, struct scatterlist *sgl,
			  int count)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, count, i) {
		link[i].addr = cpu_to_le64(sg_dma_address(sg));
		link[i].len = cpu_to_le32(sg_dma_len(sg));
		link[i].flags = 0;
	}
	link[count - 1].flags = cpu_to_le32(XCE_LINK_LAST);
	return count;
}

static int xce_start(struct xce_dev *dd, struct xce_request *req)
{
	struct xce_ctx *ctx = req->ctx;
	struct xce_desc *desc;
	unsigned int i;
	u32 ctrl;
	int ret;

	ret = xce_map_data(dd, req);
	if (ret)
		return ret;

	desc = dma_pool_zalloc(dd->desc_pool, GFP_ATOMIC, &dd->desc_dma);
	if (!desc) {
		ret = -ENOMEM;
		goto err_unmap_data;
	}
	dd->desc = desc;

	memcpy(dd->iv, req->iv, XCE_BLOCK_SIZE);
	dd->iv_dma = dma_map_single(dd->dev, dd->iv, XCE_BLOCK_SIZE,
				    DMA_BIDIRECTIONAL);

	ctrl = (req->flags & XCE_FLAGS_CTR) ? XCE_DESC_MODE_CTR :
					      XCE_DESC_MODE_CBC;
	if (req->flags & XCE_FLAGS_ENCRYPT)
		ctrl |= XCE_DESC_ENCRYPT;
	desc->ctrl = cpu_to_le32(ctrl);
	desc->len = cpu_to_le32(req->cryptlen);
	desc->iv = cpu_to_le64(dd->iv_dma);
	desc->src_cnt = cpu_to_le16(xce_fill_links(desc->src, dd->src_sg,
						   dd->src_mapped));
	if (dd->dst_sg == dd->src_sg)
		desc->dst_cnt = cpu_to_le16(xce_fill_links(desc->dst, dd->src_sg,
							   dd->src_mapped));
	else
		desc->dst_cnt = cpu_to_le16(xce_fill_links(desc->dst, dd->dst_sg,
							   dd->dst_mapped));

	for (i = 0; i < ctx->keylen / 4; i++)
		writel(ctx->key[i], dd->regs + XCE_REG_KEY(i));
	writel(ctx->keylen, dd->regs + XCE_REG_KEYLEN);
	wmb();
	lo_hi_writeq(dd->desc_dma, dd->regs + XCE_REG_DESC);
	writel(1, dd->regs + XCE_REG_START);
	return 0;

err_unmap_data:
	xce_unmap_data(dd);
	return ret;
}

/* Start queued requests until one is on the engine or none is left. */
static void xce_handle_queue(struct xce_dev *dd)
{
	struct xce_request *req;
	unsigned long flags;
	int ret;

	for (;;) {
		spin_lock_irqsave(&dd->lock, flags);
		if (dd->req || list_empty(&dd->queue)) {
			spin_unlock_irqrestore(&dd->lock, flags);
			return;
		}
		req = list_first_entry(&dd->queue, struct xce_request, list);
		list_del(&req->list);
		dd->req = req;
		spin_unlock_irqrestore(&dd->lock, flags);

		ret = xce_start(dd, req);
		if (!ret)
			return;

		spin_lock_irqsave(&dd->lock, flags);
		dd->req = NULL;
		spin_unlock_irqrestore(&dd->lock, flags);
		req->complete(req, ret);
	}
}

static void xce_done(struct xce_dev *dd, u32 status)
{
	struct xce_request *req = dd->req;
	unsigned long flags;
	int err = 0;

	if (status & XCE_STATUS_ERR) {
		dev_err(dd->dev, "request failed, status %#x desc %#x\n",
			status, le32_to_cpu(dd->desc->status));
		writel(XCE_CTRL_RESET, dd->regs + XCE_REG_CTRL);
		writel(XCE_CTRL_ENABLE, dd->regs + XCE_REG_CTRL);
		/* the chaining IV the engine left behind is not valid */
		dma_unmap_single(dd->dev, dd->iv_dma, XCE_BLOCK_SIZE,
				 DMA_BIDIRECTIONAL);
		err = -EIO;
	}

	xce_unmap_data(dd);
	dma_unmap_single(dd->dev, dd->iv_dma, XCE_BLOCK_SIZE,
			 DMA_BIDIRECTIONAL);
	dma_pool_free(dd->desc_pool, dd->desc, dd->desc_dma);
	dd->desc = NULL;

	if (!err) {
		memcpy(req->iv, dd->iv, XCE_BLOCK_SIZE);
		if (dd->bounced)
			sg_copy_from_buffer(req->dst,
					    sg_nents_for_len(req->dst,
							     req->cryptlen),
					    dd->buf, req->cryptlen);
	}

	spin_lock_irqsave(&dd->lock, flags);
	dd->req = NULL;
	spin_unlock_irqrestore(&dd->lock, flags);
	req->complete(req, err);
}

static irqreturn_t xce_irq(int irq, void *dev_id)
{
	struct xce_dev *dd = dev_id;
	u32 status;

	status = readl(dd->regs + XCE_REG_STATUS);
	if (!(status & (XCE_STATUS_DONE | XCE_STATUS_ERR)))
		return IRQ_NONE;
	writel(status, dd->regs + XCE_REG_STATUS);

	if (!dd->req) {
		dev_warn(dd->dev, "interrupt with no request, status %#x\n",
			 status);
		return IRQ_HANDLED;
	}

	xce_done(dd, status);
	xce_handle_queue(dd);
	return IRQ_HANDLED;
}

static int xce_crypt(struct xce_request *req, unsigned long mode)
{
	struct xce_dev *dd = req->ctx->dd;
	unsigned long flags;

	if (!req->cryptlen || !IS_ALIGNED(req->cryptlen, XCE_BLOCK_SIZE))
		return -EINVAL;
	if (!req->ctx->keylen)
		return -EINVAL;

	req->flags = mode;
	spin_lock_irqsave(&dd->lock, flags);
	list_add_tail(&req->list, &dd->queue);
	spin_unlock_irqrestore(&dd->lock, flags);

	xce_handle_queue(dd);
	return -EINPROGRESS;
}

int xce_setkey(struct xce_ctx *ctx, const u8 *key, unsigned int keylen)
{
	if (keylen != 16 && keylen != 24 && keylen != 32)
		return -EINVAL;
	memcpy(ctx->key, key, keylen);
	ctx->keylen = keylen;
	return 0;
}
EXPORT_SYMBOL_GPL(xce_setkey);

int xce_cbc_encrypt(struct xce_request *req)
{
	return xce_crypt(req, XCE_FLAGS_ENCRYPT);
}
EXPORT_SYMBOL_GPL(xce_cbc_encrypt);

int xce_cbc_decrypt(struct xce_request *req)
{
	return xce_crypt(req, 0);
}
EXPORT_SYMBOL_GPL(xce_cbc_decrypt);

int xce_ctr_crypt(struct xce_request *req)
{
	return xce_crypt(req, XCE_FLAGS_CTR | XCE_FLAGS_ENCRYPT);
}
EXPORT_SYMBOL_GPL(xce_ctr_crypt);

static int xce_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct xce_dev *dd;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	dma_set_max_seg_size(&pdev->dev, XCE_MAX_SEG_SIZE);

	dd = devm_kzalloc(&pdev->dev, sizeof(*dd), GFP_KERNEL);
	if (!dd)
		return -ENOMEM;
	dd->pdev = pdev;
	dd->dev = &pdev->dev;
	spin_lock_init(&dd->lock);
	INIT_LIST_HEAD(&dd->queue);

	dd->regs = pcim_iomap(pdev, 0, 0);
	if (!dd->regs)
		return -ENOMEM;

	dd->iv = devm_kzalloc(&pdev->dev, XCE_BLOCK_SIZE, GFP_KERNEL);
	if (!dd->iv)
		return -ENOMEM;

	dd->buf = (void *)__get_free_pages(GFP_KERNEL, XCE_BUF_ORDER);
	if (!dd->buf)
		return -ENOMEM;

	dd->desc_pool = dma_pool_create(DRV_NAME, &pdev->dev,
					sizeof(struct xce_desc), 64, 0);
	if (!dd->desc_pool) {
		ret = -ENOMEM;
		goto err_free_buf;
	}

	writel(XCE_CTRL_RESET, dd->regs + XCE_REG_CTRL);
	writel(XCE_CTRL_ENABLE, dd->regs + XCE_REG_CTRL);

	ret = request_irq(pdev->irq, xce_irq, IRQF_SHARED, DRV_NAME, dd);
	if (ret)
		goto err_pool;
	writel(XCE_STATUS_DONE | XCE_STATUS_ERR, dd->regs + XCE_REG_IRQ_EN);

	pci_set_drvdata(pdev, dd);
	return 0;

err_pool:
	dma_pool_destroy(dd->desc_pool);
err_free_buf:
	free_pages((unsigned long)dd->buf, XCE_BUF_ORDER);
	return ret;
}

static void xce_remove(struct pci_dev *pdev)
{
	struct xce_dev *dd = pci_get_drvdata(pdev);

	writel(0, dd->regs + XCE_REG_IRQ_EN);
	free_irq(pdev->irq, dd);
	writel(XCE_CTRL_RESET, dd->regs + XCE_REG_CTRL);
	dma_pool_destroy(dd->desc_pool);
	free_pages((unsigned long)dd->buf, XCE_BUF_ORDER);
}

static const struct pci_device_id xce_pci_tbl[] = {
	{ PCI_DEVICE(0x1d18, 0x0310) },
	{ }
};
MODULE_DEVICE_TABLE(pci, xce_pci_tbl);

static struct pci_driver xce_driver = {
	.name		= DRV_NAME,
	.id_table	= xce_pci_tbl,
	.probe		= xce_probe,
	.remove		= xce_remove,
};
module_pci_driver(xce_driver);

MODULE_DESCRIPTION("XCE PCI AES offload engine");
MODULE_LICENSE("GPL");
