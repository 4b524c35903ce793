// A probe so long that the analysis budget runs out before its rx ring
// fill (rr_init1(), wanxl_pci_init_one(), aac_send_raw_srb() on linux
// 6.12): the map calls no path reached are judged syntactically in a
// function that calls no dma_mapping_error(). A tiny node budget stands in
// for the long function here. The helper that hands its handle to the
// caller through an out parameter is not reported, nor the nvme-fc style
// wrapper that returns the handle from a conditional.
// RUN: %not %dmacheck --rules=dma-unchecked-mapping --analyzer-config=max-nodes=60 %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/io.h>

#define RX_RING 32

struct rx_desc {
	__le64 addr;
	__le32 size;
};

struct card {
	struct device *dev;
	void __iomem *regs;
	struct rx_desc *rx_ring;
	struct sk_buff *rx_skbs[RX_RING];
	int mtu, flags;
};

int card_reset(struct card *card);
int card_load_fw(struct card *card, int stage);

int card_init_one(struct card *card)
{
	int i, err;

	for (i = 0; i < 8; i++) {
		err = card_load_fw(card, i);
		if (err == -EAGAIN)
			continue;
		if (err)
			return err;
		writel(i, card->regs + 4 * i);
	}
	if (card->flags & 1)
		writel(1, card->regs);
	if (card->flags & 2)
		writel(2, card->regs);
	if (card_reset(card))
		return -EIO;
	for (i = 0; i < RX_RING; i++) {
		struct sk_buff *skb = dev_alloc_skb(card->mtu);

		card->rx_skbs[i] = skb;
		if (skb)
			card->rx_ring[i].addr = cpu_to_le64(
				dma_map_single(card->dev, skb->data, card->mtu,
					       DMA_FROM_DEVICE));
		// CHECK: :[[@LINE-3]]:28: warning: dma_map_single() result is used without dma_mapping_error() check (card_init_one() calls no dma_mapping_error(); found without a complete path to it) [dma-unchecked-mapping]
	}
	return 0;
}

static void card_map_one(struct card *card, void *buf, dma_addr_t *dma_out)
{
	*dma_out = dma_map_single(card->dev, buf, card->mtu, DMA_TO_DEVICE);
}

int card_send(struct card *card, void *buf)
{
	dma_addr_t dma;

	card_map_one(card, buf, &dma);
	if (dma_mapping_error(card->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), card->regs + 0x40);
	return 0;
}

static dma_addr_t card_dma_map_single(struct device *dev, void *ptr,
				      size_t size)
{
	return dev ? dma_map_single(dev, ptr, size, DMA_TO_DEVICE) : 0;
}

int card_post(struct card *card, void *buf)
{
	dma_addr_t dma = card_dma_map_single(card->dev, buf, card->mtu);

	if (dma_mapping_error(card->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), card->regs + 0x44);
	return 0;
}
