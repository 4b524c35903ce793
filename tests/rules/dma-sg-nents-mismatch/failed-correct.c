// A shared cleanup that unmaps with the nents a failed dma_map_sg() left at
// 0 (ccree cc_map_sg() zeroes *nents when the map returns 0, and
// cc_unmap_cipher_request() unmaps src and dst with their stored nents):
// nothing was mapped, nothing is unmapped. Must stay silent.
// RUN: %dmacheck --rules=dma-sg-nents-mismatch %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct req_ctx {
	unsigned int in_nents, out_nents;
	int in_mapped, out_mapped;
};

static int map_sg(struct device *dev, struct scatterlist *sg, unsigned int n,
		  enum dma_data_direction dir, unsigned int *nents, int *mapped)
{
	int ret;

	*nents = n;
	ret = dma_map_sg(dev, sg, *nents, dir);
	if (!ret) {
		*nents = 0;
		return -ENOMEM;
	}
	*mapped = ret;
	return 0;
}

static void unmap_request(struct device *dev, struct req_ctx *rc,
			  struct scatterlist *src, struct scatterlist *dst)
{
	dma_unmap_sg(dev, src, rc->in_nents, DMA_TO_DEVICE);
	dma_unmap_sg(dev, dst, rc->out_nents, DMA_FROM_DEVICE);
}

int map_request(struct device *dev, struct req_ctx *rc,
		struct scatterlist *src, unsigned int src_n,
		struct scatterlist *dst, unsigned int dst_n)
{
	int rc_err;

	rc_err = map_sg(dev, src, src_n, DMA_TO_DEVICE, &rc->in_nents,
			&rc->in_mapped);
	if (rc_err)
		return rc_err;
	rc_err = map_sg(dev, dst, dst_n, DMA_FROM_DEVICE, &rc->out_nents,
			&rc->out_mapped);
	if (rc_err)
		goto fail;
	return 0;
fail:
	unmap_request(dev, rc, src, dst);
	return rc_err;
}
