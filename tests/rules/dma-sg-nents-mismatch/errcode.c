// The count variable reused for an error code, then given to the unmap on
// the error ladder (qce ahash style); the fixed twin unmaps with the nents
// kept in the request context and must stay silent.
// RUN: %not %dmacheck --rules=dma-sg-nents-mismatch %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct hash_ctx {
	int src_nents;
	struct scatterlist result_sg;
};

struct hash_req {
	struct scatterlist *src;
};

int engine_prep(void);

int hash_async_bad(struct device *dev, struct hash_req *req,
		   struct hash_ctx *rctx, void *result)
{
	int ret;

	ret = dma_map_sg(dev, req->src, rctx->src_nents, DMA_TO_DEVICE);
	if (!ret)
		return -EIO;
	sg_init_one(&rctx->result_sg, result, 64);
	ret = dma_map_sg(dev, &rctx->result_sg, 1, DMA_FROM_DEVICE);
	if (!ret) {
		ret = -EIO;
		goto error_unmap_src;
	}
	ret = engine_prep();
	if (ret)
		goto error_unmap_dst;
	return 0;
error_unmap_dst:
	dma_unmap_sg(dev, &rctx->result_sg, 1, DMA_FROM_DEVICE);
error_unmap_src:
	// CHECK: errcode.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given -5 as nents; it must be the nents passed to dma_map_sg()
	dma_unmap_sg(dev, req->src, ret, DMA_TO_DEVICE);
	return ret;
}

/* mthca style: a doorbell page mapped with nents 1; the firmware command's
 * error code given as nents when the command fails. */
struct db_page {
	struct scatterlist mem;
};

int fw_map_page(dma_addr_t dma);

int map_user_db(struct device *dev, struct db_page *pg)
{
	int ret;

	ret = dma_map_sg(dev, &pg->mem, 1, DMA_TO_DEVICE);
	if (ret < 0)
		return ret;
	ret = fw_map_page(sg_dma_address(&pg->mem));
	if (ret) {
		// CHECK: errcode.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given the error code fw_map_page() returned; it must be the nents (1) passed to dma_map_sg()
		dma_unmap_sg(dev, &pg->mem, ret, DMA_TO_DEVICE);
		return ret;
	}
	return 0;
}

int map_user_db_good(struct device *dev, struct db_page *pg)
{
	int ret;

	ret = dma_map_sg(dev, &pg->mem, 1, DMA_TO_DEVICE);
	if (ret < 0)
		return ret;
	ret = fw_map_page(sg_dma_address(&pg->mem));
	if (ret) {
		dma_unmap_sg(dev, &pg->mem, 1, DMA_TO_DEVICE);
		return ret;
	}
	return 0;
}

int hash_async_good(struct device *dev, struct hash_req *req,
		    struct hash_ctx *rctx, void *result)
{
	int ret;

	ret = dma_map_sg(dev, req->src, rctx->src_nents, DMA_TO_DEVICE);
	if (!ret)
		return -EIO;
	sg_init_one(&rctx->result_sg, result, 64);
	ret = dma_map_sg(dev, &rctx->result_sg, 1, DMA_FROM_DEVICE);
	if (!ret) {
		ret = -EIO;
		goto error_unmap_src;
	}
	ret = engine_prep();
	if (ret)
		goto error_unmap_dst;
	return 0;
error_unmap_dst:
	dma_unmap_sg(dev, &rctx->result_sg, 1, DMA_FROM_DEVICE);
error_unmap_src:
	dma_unmap_sg(dev, req->src, rctx->src_nents, DMA_TO_DEVICE);
	return ret;
}
