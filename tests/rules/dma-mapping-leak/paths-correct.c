// Leak reports whose paths were infeasible on linux 6.12, reduced: a field
// tested where the mapping is made and again where it is unmapped, read
// back after an opaque wait (i2c-mt65xx mtk_i2c_do_transfer); a local set
// before a copy loop the engine widens, then tested at the unwind (ioat
// ioat_xor_val_self_test); a driver's map-check wrapper that unmaps on its
// own range failure, reached deeper than the analyzer inlines (b43legacy
// setup_rx_descbuffer). Must stay silent.
// RUN: %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/completion.h>
#include <linux/io.h>

enum { OP_WR = 1, OP_RD, OP_WRRD };

struct i2c {
	struct device *dev;
	void __iomem *base;
	int op;
	struct completion done;
};

int i2c_xfer(struct i2c *i2c, u8 *wbuf, u8 *rbuf, u16 wlen, u16 rlen)
{
	dma_addr_t wpaddr = 0, rpaddr = 0;

	if (i2c->op == OP_RD) {
		rpaddr = dma_map_single(i2c->dev, rbuf, rlen, DMA_FROM_DEVICE);
		if (dma_mapping_error(i2c->dev, rpaddr))
			return -ENOMEM;
		writel((u32)rpaddr, i2c->base + 0x10);
	} else if (i2c->op == OP_WR) {
		wpaddr = dma_map_single(i2c->dev, wbuf, wlen, DMA_TO_DEVICE);
		if (dma_mapping_error(i2c->dev, wpaddr))
			return -ENOMEM;
		writel((u32)wpaddr, i2c->base + 0x14);
	} else {
		wpaddr = dma_map_single(i2c->dev, wbuf, wlen, DMA_TO_DEVICE);
		if (dma_mapping_error(i2c->dev, wpaddr))
			return -ENOMEM;
		rpaddr = dma_map_single(i2c->dev, rbuf, rlen, DMA_FROM_DEVICE);
		if (dma_mapping_error(i2c->dev, rpaddr)) {
			dma_unmap_single(i2c->dev, wpaddr, wlen, DMA_TO_DEVICE);
			return -ENOMEM;
		}
		writel((u32)wpaddr, i2c->base + 0x14);
		writel((u32)rpaddr, i2c->base + 0x10);
	}
	writel(1, i2c->base);
	wait_for_completion_timeout(&i2c->done, 100);
	if (i2c->op == OP_WR) {
		dma_unmap_single(i2c->dev, wpaddr, wlen, DMA_TO_DEVICE);
	} else if (i2c->op == OP_RD) {
		dma_unmap_single(i2c->dev, rpaddr, rlen, DMA_FROM_DEVICE);
	} else {
		dma_unmap_single(i2c->dev, wpaddr, wlen, DMA_TO_DEVICE);
		dma_unmap_single(i2c->dev, rpaddr, rlen, DMA_FROM_DEVICE);
	}
	return 0;
}

#define NUM_SRC 6
enum { TEST_XOR, TEST_XOR_VAL };

int start_xor_val(struct device *dev, dma_addr_t *srcs, int n);

int xor_val_self_test(struct device *dev, struct page **xor_srcs,
		      struct page *dest)
{
	struct page *val_srcs[NUM_SRC + 1];
	dma_addr_t dma_srcs[NUM_SRC + 1];
	int i, op, err = 0;

	op = TEST_XOR_VAL;
	for (i = 0; i < NUM_SRC; i++)
		val_srcs[i] = xor_srcs[i];
	val_srcs[i] = dest;

	for (i = 0; i < NUM_SRC + 1; i++) {
		dma_srcs[i] = dma_map_page(dev, val_srcs[i], 0, PAGE_SIZE,
					   DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma_srcs[i])) {
			err = -ENOMEM;
			goto dma_unmap;
		}
	}
	err = start_xor_val(dev, dma_srcs, NUM_SRC + 1);
dma_unmap:
	if (op == TEST_XOR) {
		while (--i >= 0)
			dma_unmap_page(dev, dma_srcs[i], PAGE_SIZE, DMA_FROM_DEVICE);
	} else if (op == TEST_XOR_VAL) {
		while (--i >= 0)
			dma_unmap_page(dev, dma_srcs[i], PAGE_SIZE, DMA_TO_DEVICE);
	}
	return err;
}

struct ring {
	struct device *dev;
	int type;
	int bufsize;
	dma_addr_t *addrs;
	int nr;
};

static inline void unmap_descbuffer(struct ring *ring, dma_addr_t addr,
				    size_t len)
{
	dma_unmap_single(ring->dev, addr, len, DMA_FROM_DEVICE);
}

static bool ring_mapping_error(struct ring *ring, dma_addr_t addr, size_t len)
{
	if (unlikely(dma_mapping_error(ring->dev, addr)))
		return true;
	if (ring->type == 30 && (u64)addr + len > (1ULL << 30)) {
		/* we cannot use this address: unmap it again */
		unmap_descbuffer(ring, addr, len);
		return true;
	}
	return false;
}

static int setup_rx_descbuffer(struct ring *ring, int slot)
{
	struct sk_buff *skb = dev_alloc_skb(ring->bufsize);
	dma_addr_t dma;

	if (!skb)
		return -ENOMEM;
	dma = dma_map_single(ring->dev, skb->data, ring->bufsize,
			     DMA_FROM_DEVICE);
	if (ring_mapping_error(ring, dma, ring->bufsize)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	ring->addrs[slot] = dma;
	return 0;
}

static int alloc_initial_descbuffers(struct ring *ring)
{
	int i, err;

	for (i = 0; i < ring->nr; i++) {
		err = setup_rx_descbuffer(ring, i);
		if (err)
			return err;
	}
	return 0;
}

static int controller_setup(struct ring *ring)
{
	return alloc_initial_descbuffers(ring);
}

static int ring_init(struct ring *ring)
{
	return controller_setup(ring);
}

int ring_open(struct ring *ring)
{
	return ring_init(ring);
}
