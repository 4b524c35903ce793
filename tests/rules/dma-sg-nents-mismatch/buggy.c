// Scatterlists released or walked with the wrong count.
// RUN: %not %dmacheck --rules='-*,dma-sg-nents-mismatch' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>

struct host {
	struct device *dev;
	struct dma_chan *chan;
	int sg_count;
	int mapped;
};

struct request_ctx {
	struct scatterlist *sg;
	int nents;
	int mapped;
};

int hw_submit(struct host *h, struct scatterlist *sg, int n);

/* 1. Error unwind given the returned count (crypto/serial drivers). */
int xfer(struct host *h, struct scatterlist *sgl, int sg_len)
{
	int ret = dma_map_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);

	if (!ret)
		return -ENOMEM;
	if (hw_submit(h, sgl, ret)) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given the count that dma_map_sg() returned; it must be the nents passed to it [dma-sg-nents-mismatch]
		dma_unmap_sg(h->dev, sgl, ret, DMA_TO_DEVICE);
		return -EIO;
	}
	return 0;
}

/* 2. Count kept in a request field and used for the unmap. */
int map_rq(struct host *h, struct request_ctx *rq)
{
	rq->mapped = dma_map_sg(h->dev, rq->sg, rq->nents, DMA_FROM_DEVICE);
	if (!rq->mapped)
		return -ENOMEM;
	if (hw_submit(h, rq->sg, rq->mapped) < 0) {
		// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given the count that dma_map_sg() returned
		dma_unmap_sg(h->dev, rq->sg, rq->mapped, DMA_FROM_DEVICE);
		return -EIO;
	}
	return 0;
}

/* 3. sg_table: map result stored in sgt->nents, released with it. */
int map_table_by_hand(struct host *h, struct sg_table *sgt)
{
	sgt->nents = dma_map_sg(h->dev, sgt->sgl, sgt->orig_nents, DMA_TO_DEVICE);
	if (!sgt->nents)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given the count that dma_map_sg() returned
	dma_unmap_sg(h->dev, sgt->sgl, sgt->nents, DMA_TO_DEVICE);
	return 0;
}

/* 4. Sync for the CPU with the returned count. */
int rx_done(struct host *h, struct scatterlist *sg, int n)
{
	int count = dma_map_sg(h->dev, sg, n, DMA_FROM_DEVICE);

	if (count <= 0)
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_sg_for_cpu() is given the count that dma_map_sg() returned
	dma_sync_sg_for_cpu(h->dev, sg, count, DMA_FROM_DEVICE);
	dma_unmap_sg(h->dev, sg, n, DMA_FROM_DEVICE);
	return 0;
}

/* 5. Sync for the device with the returned count. */
int tx_again(struct host *h, struct scatterlist *sg, int n)
{
	int count = dma_map_sg(h->dev, sg, n, DMA_TO_DEVICE);

	if (!count)
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_sync_sg_for_device() is given the count that dma_map_sg() returned
	dma_sync_sg_for_device(h->dev, sg, count, DMA_TO_DEVICE);
	dma_unmap_sg(h->dev, sg, n, DMA_TO_DEVICE);
	return 0;
}

/* 6. A constant that differs from the one mapped. */
int two_entries(struct host *h, struct scatterlist sg[2])
{
	if (!dma_map_sg(h->dev, sg, 2, DMA_BIDIRECTIONAL))
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given another nents than the one passed to dma_map_sg()
	dma_unmap_sg(h->dev, sg, 1, DMA_BIDIRECTIONAL);
	return 0;
}

/* 7. The count reassigned over nents, then used to unmap. */
int reassigned(struct host *h, struct scatterlist *sg, int nents)
{
	nents = dma_map_sg_attrs(h->dev, sg, nents, DMA_TO_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	if (!nents)
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg_attrs() is given the count that dma_map_sg_attrs() returned
	dma_unmap_sg_attrs(h->dev, sg, nents, DMA_TO_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	return 0;
}

/* 8. Descriptors built from every entry, not only the mapped ones. */
int build_descs(struct host *h, struct scatterlist *sgl, int sg_len, u64 *desc)
{
	struct scatterlist *sg;
	int i, count;

	count = dma_map_sg(h->dev, sgl, sg_len, DMA_TO_DEVICE);
	if (!count)
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the mapped scatterlist is walked with 'sg_len', the nents passed to dma_map_sg(), while reading DMA addresses; use the count it returned ('count')
	for_each_sg(sgl, sg, sg_len, i)
		desc[i] = sg_dma_address(sg) | sg_dma_len(sg);
	return count;
}

/* 9. Same with the host's count field and the legacy PCI API. */
int legacy(struct host *h, struct pci_dev *pdev, struct scatterlist *sg, int n)
{
	h->sg_count = pci_map_sg(pdev, sg, n, PCI_DMA_FROMDEVICE);
	if (!h->sg_count)
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: pci_unmap_sg() is given the count that pci_map_sg() returned
	pci_unmap_sg(pdev, sg, h->sg_count, PCI_DMA_FROMDEVICE);
	return 0;
}

/* 10. The count tested against a constant, then unmapped with (memstick). */
int one_entry(struct host *h, struct request_ctx *rq)
{
	rq->mapped = dma_map_sg(h->dev, rq->sg, 1, DMA_FROM_DEVICE);
	if (rq->mapped != 1)
		return -EIO;
	hw_submit(h, rq->sg, 1);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given the count that dma_map_sg() returned
	dma_unmap_sg(h->dev, rq->sg, rq->mapped, DMA_FROM_DEVICE);
	return 0;
}

/* 11. Same with a local count. */
int one_local(struct host *h, struct scatterlist *sg)
{
	int n = dma_map_sg(h->dev, sg, 1, DMA_TO_DEVICE);

	if (n != 1)
		return -EIO;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given the count that dma_map_sg() returned
	dma_unmap_sg(h->dev, sg, n, DMA_TO_DEVICE);
	return 0;
}
