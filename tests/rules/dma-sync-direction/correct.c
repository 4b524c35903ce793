// Directions kept as the mapping made them (or narrowed on a sync of a
// DMA_BIDIRECTIONAL mapping, which dma-debug allows). Must stay silent.
// RUN: %dmacheck --rules='-*,dma-sync-direction' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define RX_BUF_LEN	2048
#define RX_COPYBREAK	256

struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_buffer {
	struct sk_buff *skb;
	struct page *page;
	unsigned int page_offset;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct nic_adapter {
	struct device *dev;
	struct napi_struct napi;
	void __iomem *hw_addr;
	struct nic_desc *rx_desc;
	struct nic_desc *tx_desc;
	struct nic_buffer rx_buf[256];
	struct nic_buffer tx_buf[256];
	unsigned int next_to_use;
};

int nic_wait_for_rx(struct nic_adapter *a);
int fw_post(struct nic_adapter *a, dma_addr_t dma);

/* 1. e1000e-style receive with copybreak: the buffer is synced for the CPU
 *    and given back to the device in its own direction, or unmapped. */
struct sk_buff *nic_rx_one(struct nic_adapter *a, struct nic_buffer *rb,
			   unsigned int len)
{
	struct sk_buff *skb;
	dma_addr_t dma;

	rb->skb = netdev_alloc_skb_ip_align(NULL, RX_BUF_LEN);
	if (!rb->skb)
		return NULL;
	dma = dma_map_single(a->dev, rb->skb->data, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, dma)) {
		dev_kfree_skb_any(rb->skb);
		return NULL;
	}
	dma_unmap_addr_set(rb, dma, dma);
	a->rx_desc[0].addr = cpu_to_le64(dma);
	nic_wait_for_rx(a);

	if (len < RX_COPYBREAK) {
		dma_sync_single_for_cpu(a->dev, dma_unmap_addr(rb, dma), len,
					DMA_FROM_DEVICE);
		skb = napi_alloc_skb(&a->napi, len);
		if (skb)
			skb_put_data(skb, rb->skb->data, len);
		dma_sync_single_for_device(a->dev, dma_unmap_addr(rb, dma), len,
					   DMA_FROM_DEVICE);
		return skb;
	}
	dma_unmap_single(a->dev, dma_unmap_addr(rb, dma), RX_BUF_LEN,
			 DMA_FROM_DEVICE);
	skb = rb->skb;
	rb->skb = NULL;
	skb_put(skb, len);
	return skb;
}

struct fw_cmd {
	__le32 opcode;
	__le32 status;
	u8 payload[120];
};

/* 2. A command buffer mapped DMA_BIDIRECTIONAL and synced both ways with
 *    the narrower direction of each transfer (mlx5 cmd, nvme admin). */
int fw_exec(struct nic_adapter *a, struct fw_cmd *cmd)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	cmd->opcode = cpu_to_le32(7);
	dma_sync_single_for_device(a->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	ret = fw_post(a, dma);
	dma_sync_single_for_cpu(a->dev, dma, sizeof(*cmd), DMA_FROM_DEVICE);
	if (!ret)
		ret = le32_to_cpu(cmd->status);
	dma_unmap_single(a->dev, dma, sizeof(*cmd), DMA_BIDIRECTIONAL);
	return ret;
}

struct scsi_cmd {
	struct scatterlist *sg;
	int nents;
	enum dma_data_direction sc_data_direction;
	void *sense;
	dma_addr_t sense_dma;
};

int hba_issue(struct nic_adapter *a, struct scsi_cmd *sc);

/* 3. The direction carried in the command (the SCSI sc_data_direction):
 *    the same field at the map, the syncs and the unmap. */
int hba_queue(struct nic_adapter *a, struct scsi_cmd *sc)
{
	int count = dma_map_sg(a->dev, sc->sg, sc->nents, sc->sc_data_direction);

	if (!count)
		return -ENOMEM;
	dma_sync_sg_for_device(a->dev, sc->sg, sc->nents, sc->sc_data_direction);
	if (hba_issue(a, sc)) {
		dma_unmap_sg(a->dev, sc->sg, sc->nents, sc->sc_data_direction);
		return -EIO;
	}
	dma_sync_sg_for_cpu(a->dev, sc->sg, sc->nents, sc->sc_data_direction);
	dma_unmap_sg(a->dev, sc->sg, sc->nents, sc->sc_data_direction);
	return 0;
}

struct blk_req {
	bool write;
	void *buf;
	size_t len;
};

/* 4. nvme-style: the direction chosen once into a variable, from the
 *    request, and used for the whole mapping's life. */
int blk_rw(struct nic_adapter *a, struct blk_req *rq)
{
	enum dma_data_direction dir = rq->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(a->dev, rq->buf, rq->len, dir);
	if (dma_mapping_error(a->dev, dma))
		return -ENOMEM;
	ret = fw_post(a, dma);
	dma_sync_single_for_cpu(a->dev, dma, rq->len, dir);
	dma_unmap_single(a->dev, dma, rq->len, dir);
	return ret;
}

/* 5. Transmit with fragments: every piece mapped and released to the
 *    device, the unwind included (ixgbe_tx_map). */
netdev_tx_t nic_xmit(struct nic_adapter *a, struct sk_buff *skb)
{
	unsigned int i = a->next_to_use, f, nr_frags = skb_shinfo(skb)->nr_frags;
	unsigned int len = skb_headlen(skb);
	dma_addr_t dma;

	dma = dma_map_single(a->dev, skb->data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(a->dev, dma))
		goto drop;
	dma_unmap_addr_set(&a->tx_buf[i], dma, dma);
	dma_unmap_len_set(&a->tx_buf[i], len, len);
	a->tx_desc[i].addr = cpu_to_le64(dma);

	for (f = 0; f < nr_frags; f++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		i++;
		dma = skb_frag_dma_map(a->dev, frag, 0, skb_frag_size(frag),
				       DMA_TO_DEVICE);
		if (dma_mapping_error(a->dev, dma))
			goto unwind;
		dma_unmap_addr_set(&a->tx_buf[i], dma, dma);
		dma_unmap_len_set(&a->tx_buf[i], len, skb_frag_size(frag));
		a->tx_desc[i].addr = cpu_to_le64(dma);
	}
	a->tx_buf[a->next_to_use].skb = skb;
	a->next_to_use = i + 1;
	return NETDEV_TX_OK;

unwind:
	while (i-- > a->next_to_use + 1)
		dma_unmap_page(a->dev, dma_unmap_addr(&a->tx_buf[i], dma),
			       dma_unmap_len(&a->tx_buf[i], len), DMA_TO_DEVICE);
	dma_unmap_single(a->dev, dma_unmap_addr(&a->tx_buf[i], dma),
			 dma_unmap_len(&a->tx_buf[i], len), DMA_TO_DEVICE);
drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

struct xfer {
	void *buf;
	size_t len;
	dma_addr_t dma;
	enum dma_data_direction dir;
};

/* 6. DMA_NONE as the "not mapped" marker of a transfer, reset after the
 *    unmap and never given to a call (dma-api-howto.rst, "DMA Direction"). */
int xfer_run(struct nic_adapter *a, struct xfer *x, bool to_dev)
{
	x->dir = DMA_NONE;
	x->dir = to_dev ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	x->dma = dma_map_single(a->dev, x->buf, x->len, x->dir);
	if (dma_mapping_error(a->dev, x->dma)) {
		x->dir = DMA_NONE;
		return -ENOMEM;
	}
	fw_post(a, x->dma);
	dma_unmap_single(a->dev, x->dma, x->len, x->dir);
	x->dir = DMA_NONE;
	return 0;
}

/* 7. Page receive (igb/ixgbe): half pages synced for the CPU and back for
 *    the device with the mapping's direction, then the page unmapped. */
int nic_rx_page(struct nic_adapter *a, struct nic_buffer *rb, unsigned int size)
{
	rb->page = alloc_page(GFP_ATOMIC);
	if (!rb->page)
		return -ENOMEM;
	rb->dma = dma_map_page(a->dev, rb->page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(a->dev, rb->dma)) {
		__free_page(rb->page);
		return -ENOMEM;
	}
	rb->page_offset = 0;
	a->rx_desc[0].addr = cpu_to_le64(rb->dma + rb->page_offset);
	nic_wait_for_rx(a);
	dma_sync_single_range_for_cpu(a->dev, rb->dma, rb->page_offset, size,
				      DMA_FROM_DEVICE);
	rb->page_offset ^= PAGE_SIZE / 2;
	dma_sync_single_range_for_device(a->dev, rb->dma, rb->page_offset,
					 PAGE_SIZE / 2, DMA_FROM_DEVICE);
	a->rx_desc[0].addr = cpu_to_le64(rb->dma + rb->page_offset);
	nic_wait_for_rx(a);
	dma_unmap_page(a->dev, rb->dma, PAGE_SIZE, DMA_FROM_DEVICE);
	__free_page(rb->page);
	rb->page = NULL;
	return 0;
}

/* 8. A bidirectional sg list (a crypto request done in place): each sync
 *    narrows to the transfer it covers. */
int crypto_inplace(struct nic_adapter *a, struct scatterlist *sg, int nents)
{
	int count = dma_map_sg(a->dev, sg, nents, DMA_BIDIRECTIONAL);

	if (!count)
		return -ENOMEM;
	dma_sync_sg_for_device(a->dev, sg, nents, DMA_TO_DEVICE);
	nic_wait_for_rx(a);
	dma_sync_sg_for_cpu(a->dev, sg, nents, DMA_FROM_DEVICE);
	dma_unmap_sg(a->dev, sg, nents, DMA_BIDIRECTIONAL);
	return 0;
}

/* DMA_NONE left in a variable by a switch whose other cases the callers
 * guarantee (reduced from fsl-edma's fsl_edma_prep_slave_dma(), whose
 * callers reject a non-slave direction first): not written at the call. */
enum xfer_dir { XFER_MEM_TO_DEV, XFER_DEV_TO_MEM, XFER_MEM_TO_MEM };

int nic_map_fifo(struct nic_adapter *a, void *fifo, size_t len,
		 enum xfer_dir xd, dma_addr_t *out)
{
	enum dma_data_direction dir;

	switch (xd) {
	case XFER_MEM_TO_DEV:
		dir = DMA_TO_DEVICE;
		break;
	case XFER_DEV_TO_MEM:
		dir = DMA_FROM_DEVICE;
		break;
	default:
		dir = DMA_NONE;
		break;
	}
	*out = dma_map_single(a->dev, fifo, len, dir);
	return dma_mapping_error(a->dev, *out) ? -ENOMEM : 0;
}

/* 9. usb_hcd_map_urb_for_dma() (usb/core/hcd.c): the direction is computed
 *    from the URB's flags at the map and again in the unmap helper, which
 *    releases the list only when URB_DMA_MAP_SG says it was mapped. When
 *    dma_map_sg() returns 0 nothing was mapped, whatever the path assumes
 *    about the flags it re-reads. */
#define URB_DIR_IN		0x0200
#define URB_DMA_MAP_SG		0x00080000
#define URB_DMA_SG_COMBINED	0x00400000

struct urb {
	unsigned int transfer_flags;
	struct scatterlist *sg;
	int num_sgs;
	int num_mapped_sgs;
};

#define hcd_map_sg(d, s, n, r)		dma_map_sg_attrs(d, s, n, r, 0)
#define hcd_unmap_sg(d, s, n, r)	dma_unmap_sg_attrs(d, s, n, r, 0)

static inline int usb_urb_dir_in(struct urb *urb)
{
	return (urb->transfer_flags & URB_DIR_IN) == URB_DIR_IN;
}

static void hcd_unmap_urb(struct nic_adapter *a, struct urb *urb)
{
	enum dma_data_direction dir;

	dir = usb_urb_dir_in(urb) ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	if (urb->transfer_flags & URB_DMA_MAP_SG)
		hcd_unmap_sg(a->dev, urb->sg, urb->num_sgs, dir);
}

int hcd_map_urb(struct nic_adapter *a, struct urb *urb)
{
	enum dma_data_direction dir;
	int ret = 0;
	int n;

	dir = usb_urb_dir_in(urb) ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	n = hcd_map_sg(a->dev, urb->sg, urb->num_sgs, dir);
	if (!n)
		ret = -EAGAIN;
	else
		urb->transfer_flags |= URB_DMA_MAP_SG;
	urb->num_mapped_sgs = n;
	if (n != urb->num_sgs)
		urb->transfer_flags |= URB_DMA_SG_COMBINED;
	if (ret)
		hcd_unmap_urb(a, urb);
	return ret;
}
