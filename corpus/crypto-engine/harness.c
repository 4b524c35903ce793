// SPDX-License-Identifier: GPL-2.0
/*
 * Run harness for corpus/crypto-engine: a simulated XCE engine behind an
 * IOMMU (so that dma_map_sg() merges page-contiguous entries), driven
 * through the driver's own request functions.
 *
 * The engine: on a START write it fetches the descriptor whose bus address
 * is in XCE_REG_DESC, fetches the IV, reads the source links, "encrypts"
 * (a keystream XOR, the same both ways), writes the destination links and a
 * new chaining IV, writes the descriptor status, sets XCE_REG_STATUS and
 * raises the interrupt.  A descriptor whose IV or link address is
 * DMA_MAPPING_ERROR is aborted with XCE_STATUS_ERR, as an IOMMU fault
 * would abort it, without the access.
 */
#include DMART_DRIVER
#include <dmart.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H_MAX_ENTS	24

struct h_req {
	struct xce_request req;
	struct scatterlist src[H_MAX_ENTS];
	struct scatterlist dst[H_MAX_ENTS];
	void *src_buf[H_MAX_ENTS];
	void *dst_buf[H_MAX_ENTS];
	struct page *src_page[H_MAX_ENTS];
	struct page *dst_page[H_MAX_ENTS];
	int nsrc, ndst;
	u8 iv[XCE_BLOCK_SIZE];
	u8 iv_in[XCE_BLOCK_SIZE];
	u8 *plain;		/* input as the harness made it */
	unsigned int len;
	int done;
	int err;
};

static const u8 h_key[32] = {
	0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe,
	0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
	0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7,
	0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4,
};

/* Whether a fault is being injected in this run (DMART_FAIL). */
static bool h_faulting(void)
{
	const char *f = getenv("DMART_FAIL");

	return f && *f;
}

static u8 h_keystream(const u8 *key, unsigned int keylen, const u8 *iv,
		      unsigned int i)
{
	return key[i % keylen] ^ iv[i % XCE_BLOCK_SIZE] ^ (u8)(i / XCE_BLOCK_SIZE);
}

static void h_next_iv(u8 *iv, unsigned int len)
{
	iv[XCE_BLOCK_SIZE - 1] += (u8)(len / XCE_BLOCK_SIZE);
	iv[0] ^= 0x5a;
}

/* --- the simulated engine ------------------------------------------------ */

/*
 * One transfer of the engine, in bursts that do not cross a 4 KiB boundary
 * of the bus address (as PCIe requests do not): a segment an IOMMU merged
 * is read or written in the pieces it was mapped in.
 */
static int h_dma(struct device *dev, dma_addr_t addr, u8 *buf,
		 unsigned int len, bool write)
{
	while (len) {
		unsigned int n = 4096 - (addr & 4095);

		if (n > len)
			n = len;
		if (write ? dmart_dev_write(dev, addr, buf, n) :
			    dmart_dev_read(dev, addr, buf, n))
			return -EFAULT;
		addr += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Copy between @buf and the bus addresses of @link (at most @cnt links). */
static int h_links(struct device *dev, const struct xce_link *link,
		   unsigned int cnt, u8 *buf, unsigned int len, bool write)
{
	unsigned int i, done = 0;

	for (i = 0; i < cnt && i < XCE_MAX_LINKS && done < len; i++) {
		dma_addr_t addr = le64_to_cpu(link[i].addr);
		unsigned int n = le32_to_cpu(link[i].len);

		if (addr == DMA_MAPPING_ERROR)
			return -EFAULT;
		if (n > len - done)
			n = len - done;
		if (h_dma(dev, addr, buf + done, n, write))
			return -EFAULT;
		done += n;
		if (le32_to_cpu(link[i].flags) & XCE_LINK_LAST)
			break;
	}
	return done == len ? 0 : -EINVAL;
}

/*
 * Run the descriptor the driver started, if any, and raise the interrupt.
 * @fail: the engine reports an error instead of processing.
 * Returns 1 if a descriptor ran, 0 if none was started.
 */
static int h_engine_run(struct pci_dev *pdev, bool fail)
{
	struct xce_dev *dd = pci_get_drvdata(pdev);
	struct device *dev = &pdev->dev;
	u8 key[XCE_MAX_KEY_SIZE], iv[XCE_BLOCK_SIZE], *data = NULL;
	struct xce_desc desc;
	dma_addr_t desc_dma, iv_dma;
	unsigned int keylen, len, i;
	u32 status = XCE_STATUS_DONE, dstat = 1;

	if (!readl(dd->regs + XCE_REG_START))
		return 0;
	writel(0, dd->regs + XCE_REG_START);

	desc_dma = lo_hi_readq(dd->regs + XCE_REG_DESC);
	if (dmart_dev_read(dev, desc_dma, &desc, sizeof(desc))) {
		status = XCE_STATUS_ERR;
		goto irq;
	}
	keylen = readl(dd->regs + XCE_REG_KEYLEN);
	if (keylen > sizeof(key))
		keylen = sizeof(key);
	for (i = 0; i < keylen / 4; i++) {
		u32 w = readl(dd->regs + XCE_REG_KEY(i));

		memcpy(key + 4 * i, &w, 4);
	}
	len = le32_to_cpu(desc.len);
	iv_dma = le64_to_cpu(desc.iv);

	if (fail || !keylen || iv_dma == DMA_MAPPING_ERROR ||
	    dmart_dev_read(dev, iv_dma, iv, sizeof(iv)))
		goto err;
	data = malloc(len ? len : 1);
	if (!data)
		goto err;
	if (h_links(dev, desc.src, le16_to_cpu(desc.src_cnt), data, len, false))
		goto err;
	for (i = 0; i < len; i++)
		data[i] ^= h_keystream(key, keylen, iv, i);
	if (h_links(dev, desc.dst, le16_to_cpu(desc.dst_cnt), data, len, true))
		goto err;
	h_next_iv(iv, len);
	if (dmart_dev_write(dev, iv_dma, iv, sizeof(iv)))
		goto err;
	goto out;
err:
	status = XCE_STATUS_ERR;
	dstat = 2;
out:
	dmart_dev_write(dev, desc_dma + offsetof(struct xce_desc, status),
			&dstat, sizeof(dstat));
	free(data);
irq:
	writel(status, dd->regs + XCE_REG_STATUS);
	dmart_irq_raise(pdev->irq);
	writel(0, dd->regs + XCE_REG_STATUS);
	return 1;
}

/* Run the engine until the driver starts nothing more (bounded). */
static void h_engine_drain(struct pci_dev *pdev, bool fail)
{
	int i;

	for (i = 0; i < 64 && h_engine_run(pdev, fail); i++)
		;
}

/* --- requests ------------------------------------------------------------ */

static void h_complete(struct xce_request *req, int err)
{
	struct h_req *h = container_of(req, struct h_req, req);

	h->done++;
	h->err = err;
}

static u8 h_pattern(unsigned int seed, unsigned int i)
{
	return (u8)(seed * 31 + i * 7 + (i >> 8));
}

/*
 * Build one list of @n entries of @lens[i] bytes (0: a whole page from
 * alloc_page(), page-contiguous in IOVA space so that an IOMMU merges
 * them) and fill it from @plain.
 */
static int h_build_list(struct scatterlist *sgl, void **bufs,
			struct page **pages, int n, const unsigned int *lens,
			const u8 *plain, bool fill)
{
	unsigned int off = 0;
	int i;

	sg_init_table(sgl, n);
	for (i = 0; i < n; i++) {
		unsigned int l = lens[i] ? lens[i] : PAGE_SIZE;
		u8 *p;

		if (!lens[i]) {
			pages[i] = alloc_page(GFP_KERNEL);
			if (!pages[i])
				return -ENOMEM;
			sg_set_page(&sgl[i], pages[i], PAGE_SIZE, 0);
			p = page_address(pages[i]);
		} else {
			bufs[i] = kmalloc(l, GFP_KERNEL);
			if (!bufs[i])
				return -ENOMEM;
			sg_set_buf(&sgl[i], bufs[i], l);
			p = bufs[i];
		}
		if (fill)
			memcpy(p, plain + off, l);
		else
			memset(p, 0xee, l);
		off += l;
	}
	return 0;
}

static unsigned int h_list_len(int n, const unsigned int *lens)
{
	unsigned int len = 0;
	int i;

	for (i = 0; i < n; i++)
		len += lens[i] ? lens[i] : PAGE_SIZE;
	return len;
}

static void h_req_free(struct h_req *h)
{
	int i;

	if (!h)
		return;
	for (i = 0; i < H_MAX_ENTS; i++) {
		kfree(h->src_buf[i]);
		kfree(h->dst_buf[i]);
		if (h->src_page[i])
			__free_page(h->src_page[i]);
		if (h->dst_page[i])
			__free_page(h->dst_page[i]);
	}
	free(h->plain);
	free(h);
}

/*
 * A request over @nsrc source entries; in place when @ndst is 0, else over
 * @ndst destination entries.  @len bytes are processed.
 */
static struct h_req *h_req_new(struct xce_ctx *ctx, unsigned int seed,
			       int nsrc, const unsigned int *src_lens,
			       int ndst, const unsigned int *dst_lens,
			       unsigned int len)
{
	struct h_req *h = calloc(1, sizeof(*h));
	unsigned int total, i;

	if (!h)
		return NULL;
	total = h_list_len(nsrc, src_lens);
	h->plain = malloc(total);
	if (!h->plain)
		goto err;
	for (i = 0; i < total; i++)
		h->plain[i] = h_pattern(seed, i);
	if (h_build_list(h->src, h->src_buf, h->src_page, nsrc, src_lens,
			 h->plain, true))
		goto err;
	h->nsrc = nsrc;
	if (ndst) {
		if (h_build_list(h->dst, h->dst_buf, h->dst_page, ndst,
				 dst_lens, NULL, false))
			goto err;
		h->ndst = ndst;
	}
	for (i = 0; i < XCE_BLOCK_SIZE; i++)
		h->iv[i] = h->iv_in[i] = (u8)(seed + i);
	h->len = len;
	h->req.ctx = ctx;
	h->req.src = h->src;
	h->req.dst = ndst ? h->dst : h->src;
	h->req.cryptlen = len;
	h->req.iv = h->iv;
	h->req.complete = h_complete;
	return h;
err:
	h_req_free(h);
	return NULL;
}

/* Whether the output list holds the expected result. */
static int h_req_check(const struct h_req *h)
{
	u8 *out = malloc(h->len), iv[XCE_BLOCK_SIZE];
	unsigned int i;
	int ret = 0;

	if (!out)
		return -1;
	sg_copy_to_buffer(h->req.dst, sg_nents_for_len(h->req.dst, h->len),
			  out, h->len);
	for (i = 0; i < h->len; i++) {
		u8 want = h->plain[i] ^ h_keystream(h_key, 32, h->iv_in, i);

		if (out[i] != want) {
			fprintf(stderr, "harness: byte %u of %u: %02x, want %02x\n",
				i, h->len, out[i], want);
			ret = -1;
			break;
		}
	}
	memcpy(iv, h->iv_in, sizeof(iv));
	h_next_iv(iv, h->len);
	if (!ret && memcmp(iv, h->iv, sizeof(iv))) {
		fprintf(stderr, "harness: chaining IV not updated\n");
		ret = -1;
	}
	free(out);
	return ret;
}

/* --- device life cycle --------------------------------------------------- */

static struct pci_dev *h_probe(struct xce_ctx *ctx, unsigned int flags)
{
	struct pci_dev *pdev;

	pdev = dmart_pci_device_create("xce0", DMA_BIT_MASK(64), flags);
	if (!pdev)
		return NULL;
	if (xce_driver.probe(pdev, NULL)) {
		dmart_pci_device_destroy(pdev);
		return NULL;
	}
	memset(ctx, 0, sizeof(*ctx));
	ctx->dd = pci_get_drvdata(pdev);
	if (xce_setkey(ctx, h_key, 32)) {
		xce_driver.remove(pdev);
		dmart_pci_device_destroy(pdev);
		return NULL;
	}
	return pdev;
}

static void h_remove(struct pci_dev *pdev)
{
	xce_driver.remove(pdev);
	dmart_pci_device_destroy(pdev);
}

/*
 * Submit @h and let the engine run.  The request must complete; with no
 * fault injected it must succeed (unless @want_err) with the right output.
 */
static int h_run_one(struct pci_dev *pdev, struct h_req *h,
		     int (*fn)(struct xce_request *), bool fail, int want_err)
{
	int ret = fn(&h->req);

	if (ret != -EINPROGRESS) {
		if (want_err && ret == want_err)
			return 0;
		fprintf(stderr, "harness: request not queued: %d\n", ret);
		return -1;
	}
	h_engine_drain(pdev, fail);
	if (h->done != 1) {
		fprintf(stderr, "harness: request completed %d times\n",
			h->done);
		return -1;
	}
	if (want_err) {
		if (h->err == want_err || (h_faulting() && h->err))
			return 0;
		fprintf(stderr, "harness: request ended %d, want %d\n",
			h->err, want_err);
		return -1;
	}
	if (h->err) {
		if (h_faulting())
			return 0;
		fprintf(stderr, "harness: request failed: %d\n", h->err);
		return -1;
	}
	return h_req_check(h);
}

/* --- scenarios ----------------------------------------------------------- */

static int scn_probe_remove(void)
{
	struct xce_ctx ctx;
	struct pci_dev *pdev = h_probe(&ctx, DMART_IOMMU);

	if (!pdev)
		return 0;
	h_remove(pdev);
	return 0;
}

struct h_case {
	const char *name;
	int (*fn)(struct xce_request *);
	int nsrc;
	unsigned int src_lens[H_MAX_ENTS];
	int ndst;		/* 0: in place */
	unsigned int dst_lens[H_MAX_ENTS];
	unsigned int len;	/* 0: the whole source */
};

static int h_run_cases(const struct h_case *cases, int n, unsigned int flags)
{
	struct xce_ctx ctx;
	struct pci_dev *pdev = h_probe(&ctx, flags);
	int i, ret = 0;

	if (!pdev)
		return 0;
	for (i = 0; i < n; i++) {
		const struct h_case *c = &cases[i];
		unsigned int len = c->len ? c->len :
					    h_list_len(c->nsrc, c->src_lens);
		struct h_req *h = h_req_new(&ctx, i + 1, c->nsrc, c->src_lens,
					    c->ndst, c->dst_lens, len);

		if (!h) {
			ret = -1;
			break;
		}
		if (h_run_one(pdev, h, c->fn, false, 0)) {
			fprintf(stderr, "harness: case %s failed\n", c->name);
			ret = -1;
		}
		h_req_free(h);
	}
	h_remove(pdev);
	return ret;
}

/* Requests of several sizes over multi-entry lists, in and out of place. */
static const struct h_case traffic_cases[] = {
	{ "inplace-pages", xce_cbc_encrypt, 3, { 0, 0, 0 } },
	{ "inplace-small", xce_cbc_decrypt, 3, { 64, 128, 48 } },
	{ "inplace-one", xce_ctr_crypt, 1, { 16 } },
	{ "outplace-pages", xce_cbc_encrypt, 2, { 0, 0 }, 4, { 0, 0, 0, 0 } },
	{ "outplace-small", xce_ctr_crypt, 4, { 32, 32, 64, 16 },
	  3, { 48, 64, 32 } },
	{ "outplace-part", xce_cbc_decrypt, 3, { 0, 0, 0 }, 2, { 0, 0 },
	  2 * 4096 },
	{ "outplace-large", xce_cbc_encrypt, 4, { 0, 0, 0, 0 },
	  4, { 0, 0, 0, 0 } },
	{ "partial-tail", xce_cbc_encrypt, 2, { 0, 33 }, 0, { 0 }, 4096 + 32 },
};

static int scn_traffic(void)
{
	return h_run_cases(traffic_cases,
			   sizeof(traffic_cases) / sizeof(traffic_cases[0]),
			   DMART_IOMMU);
}

/* The same without an IOMMU: every entry is its own segment. */
static int scn_traffic_direct(void)
{
	return h_run_cases(traffic_cases,
			   sizeof(traffic_cases) / sizeof(traffic_cases[0]), 0);
}

/* Lists the engine cannot take: bounced through the driver's page. */
static const struct h_case bounce_cases[] = {
	{ "odd-inplace", xce_cbc_encrypt, 3, { 10, 30, 24 } },
	{ "odd-outplace", xce_ctr_crypt, 2, { 40, 24 }, 3, { 7, 9, 48 } },
	{ "many-links", xce_cbc_decrypt, 20,
	  { 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
	    16, 16, 16, 16, 16, 16, 16, 16, 16, 16 } },
};

static int scn_bounce(void)
{
	return h_run_cases(bounce_cases,
			   sizeof(bounce_cases) / sizeof(bounce_cases[0]),
			   DMART_IOMMU);
}

/* Requests the driver refuses, and one the engine fails. */
static int scn_errors(void)
{
	static const unsigned int odd[] = { 2001, 2999 };
	static const unsigned int blk[] = { 64, 64 };
	static const unsigned int pg[] = { 0, 0 };
	struct xce_ctx ctx;
	struct pci_dev *pdev = h_probe(&ctx, DMART_IOMMU);
	struct h_req *h;
	int ret = 0;

	if (!pdev)
		return 0;

	/* Not whole blocks: refused before queueing. */
	h = h_req_new(&ctx, 1, 2, blk, 0, NULL, 100);
	if (!h || h_run_one(pdev, h, xce_cbc_encrypt, false, -EINVAL))
		ret = -1;
	h_req_free(h);

	/* Unaligned and larger than the bounce page: refused on start. */
	h = h_req_new(&ctx, 2, 2, odd, 0, NULL, 4992);
	if (!h || h_run_one(pdev, h, xce_cbc_encrypt, false, -EINVAL))
		ret = -1;
	h_req_free(h);

	/* The engine fails an in-place and an out-of-place request. */
	h = h_req_new(&ctx, 3, 2, blk, 0, NULL, 128);
	if (!h || h_run_one(pdev, h, xce_cbc_encrypt, true, -EIO))
		ret = -1;
	h_req_free(h);
	h = h_req_new(&ctx, 4, 2, pg, 2, pg, 2 * 4096);
	if (!h || h_run_one(pdev, h, xce_ctr_crypt, true, -EIO))
		ret = -1;
	h_req_free(h);

	/* And the engine still works afterwards. */
	h = h_req_new(&ctx, 5, 2, blk, 2, blk, 128);
	if (!h || h_run_one(pdev, h, xce_cbc_decrypt, false, 0))
		ret = -1;
	h_req_free(h);

	h_remove(pdev);
	return ret;
}

/* Several requests queued behind the one on the engine. */
static int scn_queue(void)
{
	static const unsigned int pg[] = { 0, 0 };
	static const unsigned int sm[] = { 32, 96, 16 };
	static const unsigned int odd[] = { 20, 12 };
	struct xce_ctx ctx;
	struct pci_dev *pdev = h_probe(&ctx, DMART_IOMMU);
	struct h_req *h[4] = { NULL };
	int i, ret = 0;

	if (!pdev)
		return 0;
	h[0] = h_req_new(&ctx, 11, 2, pg, 0, NULL, 2 * 4096);
	h[1] = h_req_new(&ctx, 12, 3, sm, 2, pg, 144);
	h[2] = h_req_new(&ctx, 13, 2, odd, 0, NULL, 32);
	h[3] = h_req_new(&ctx, 14, 2, pg, 2, pg, 2 * 4096);
	for (i = 0; i < 4; i++) {
		static int (*const fns[4])(struct xce_request *) = {
			xce_cbc_encrypt, xce_ctr_crypt, xce_cbc_decrypt,
			xce_cbc_encrypt,
		};

		if (!h[i]) {
			ret = -1;
			continue;
		}
		if (fns[i](&h[i]->req) != -EINPROGRESS)
			ret = -1;
	}
	h_engine_drain(pdev, false);
	for (i = 0; i < 4; i++) {
		if (!h[i])
			continue;
		if (h[i]->done != 1) {
			fprintf(stderr, "harness: queued request %d completed %d times\n",
				i, h[i]->done);
			ret = -1;
		} else if (h[i]->err) {
			if (!h_faulting()) {
				fprintf(stderr, "harness: queued request %d failed: %d\n",
					i, h[i]->err);
				ret = -1;
			}
		} else if (h_req_check(h[i])) {
			ret = -1;
		}
	}
	for (i = 0; i < 4; i++)
		h_req_free(h[i]);
	h_remove(pdev);
	return ret;
}

static const struct dmart_scenario scenarios[] = {
	{ "probe-remove", scn_probe_remove },
	{ "traffic", scn_traffic },
	{ "traffic-direct", scn_traffic_direct },
	{ "bounce", scn_bounce },
	{ "errors", scn_errors },
	{ "queue", scn_queue },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return dmart_harness_main(argc, argv, scenarios);
}
