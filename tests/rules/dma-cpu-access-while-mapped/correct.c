// Streaming buffers touched by the CPU only while it owns them: filled
// before the map, synced for the CPU before reading and for the device
// after writing, read after the unmap; coherent memory; skb metadata;
// buffers the device only reads. Must stay silent.
// RUN: %dmacheck --rules='-*,dma-cpu-access-while-mapped' %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>

#define NIC_TX_ADDR	0x2000
#define NIC_TX_LEN	0x2008
#define NIC_DOORBELL	0x2010
#define NIC_STATUS	0x2014
#define NIC_RX_ADDR	0x2800
#define RX_COPYBREAK	256

struct nic_cmd {
	__le32 opcode;
	__le32 flags;
	__le64 param;
	__le32 status;
	__le32 result;
};

struct nic_tx_hdr {
	__le16 len;
	__le16 csum_start;
	__le32 flags;
};

struct nic_stats_block {
	__le64 rx_packets;
	__le64 tx_packets;
};

struct nic_priv {
	struct device *dev;
	void __iomem *regs;
	struct nic_cmd *cmd;
	dma_addr_t cmd_dma;
	struct nic_stats_block stats;	/* mapped for the device to fill */
	dma_addr_t stats_dma;
	u32 stats_seq;
	void *ring;
	dma_addr_t ring_dma;
	u64 rx_bytes;
};

static void nic_wait_idle(struct nic_priv *priv)
{
	while (!(readl(priv->regs + NIC_STATUS) & 1))
		udelay(10);
}

/* The header is written before the map (as e1000e's tx paths do). */
netdev_tx_t nic_xmit(struct sk_buff *skb, struct nic_priv *priv)
{
	struct nic_tx_hdr *hdr = (struct nic_tx_hdr *)skb->data;
	dma_addr_t dma;

	hdr->len = cpu_to_le16(skb->len);
	dma = dma_map_single(priv->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return NETDEV_TX_BUSY;
	lo_hi_writeq(dma, priv->regs + NIC_TX_ADDR);
	writel(skb->len, priv->regs + NIC_TX_LEN);
	/* metadata only: the skb, not the mapped data */
	priv->rx_bytes += skb->len;
	return NETDEV_TX_OK;
}

/* A long-lived command block synced both ways around each command. */
int nic_exec_cmd(struct nic_priv *priv, u32 op)
{
	struct nic_cmd *cmd = priv->cmd;
	int status;

	dma_sync_single_for_cpu(priv->dev, priv->cmd_dma, sizeof(*cmd),
				DMA_BIDIRECTIONAL);
	cmd->opcode = cpu_to_le32(op);
	dma_sync_single_for_device(priv->dev, priv->cmd_dma, sizeof(*cmd),
				   DMA_BIDIRECTIONAL);
	writel(1, priv->regs + NIC_DOORBELL);
	nic_wait_idle(priv);
	dma_sync_single_for_cpu(priv->dev, priv->cmd_dma, sizeof(*cmd),
				DMA_BIDIRECTIONAL);
	status = le32_to_cpu(cmd->status);
	return status;
}

int nic_cmd_setup(struct nic_priv *priv)
{
	priv->cmd_dma = dma_map_single(priv->dev, priv->cmd, sizeof(*priv->cmd),
				       DMA_BIDIRECTIONAL);
	if (dma_mapping_error(priv->dev, priv->cmd_dma))
		return -ENOMEM;
	return nic_exec_cmd(priv, 1);
}

/* Polled receive read after the unmap. */
int nic_read_eeprom(struct nic_priv *priv, u8 *out, size_t len)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);
	dma_addr_t dma;
	int ret;

	if (!buf)
		return -ENOMEM;
	dma = dma_map_single(priv->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	lo_hi_writeq(dma, priv->regs + NIC_RX_ADDR);
	nic_wait_idle(priv);
	dma_unmap_single(priv->dev, dma, len, DMA_FROM_DEVICE);
	ret = buf[0] == 0xa5 ? 0 : -EIO;
	memcpy(out, buf, len);
	kfree(buf);
	return ret;
}

/* rx copybreak: synced for the CPU, copied, given back unchanged. */
struct sk_buff *nic_rx_copy(struct nic_priv *priv, struct net_device *ndev,
			    void *data, size_t len)
{
	struct sk_buff *skb;
	dma_addr_t dma;

	dma = dma_map_single(priv->dev, data, RX_COPYBREAK, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return NULL;
	nic_wait_idle(priv);
	dma_sync_single_for_cpu(priv->dev, dma, len, DMA_FROM_DEVICE);
	skb = netdev_alloc_skb(ndev, len);
	if (skb)
		skb_put_data(skb, data, len);
	dma_sync_single_for_device(priv->dev, dma, len, DMA_FROM_DEVICE);
	writel(1, priv->regs + NIC_DOORBELL);
	nic_wait_idle(priv);
	dma_unmap_single(priv->dev, dma, RX_COPYBREAK, DMA_FROM_DEVICE);
	return skb;
}

/* Coherent memory needs no sync: written after the allocation. */
int nic_ring_init(struct nic_priv *priv, size_t size)
{
	priv->ring = dma_alloc_coherent(priv->dev, size, &priv->ring_dma,
					GFP_KERNEL);
	if (!priv->ring)
		return -ENOMEM;
	memset(priv->ring, 0xff, size);
	lo_hi_writeq(priv->ring_dma, priv->regs + NIC_TX_ADDR);
	return 0;
}

/* A buffer the device only reads may be read by the CPU meanwhile. */
u32 nic_tx_checksum(struct nic_priv *priv, const u8 *buf, size_t len)
{
	dma_addr_t dma;
	u32 sum = 0;
	size_t i;

	dma = dma_map_single(priv->dev, (void *)buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return 0;
	lo_hi_writeq(dma, priv->regs + NIC_TX_ADDR);
	for (i = 0; i < len && i < 4; i++)
		sum += buf[i];
	nic_wait_idle(priv);
	dma_unmap_single(priv->dev, dma, len, DMA_TO_DEVICE);
	return sum;
}

/* A member mapped for the device; the struct's other fields are the CPU's. */
int nic_stats_start(struct nic_priv *priv)
{
	priv->stats_dma = dma_map_single(priv->dev, &priv->stats,
					 sizeof(priv->stats), DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, priv->stats_dma))
		return -ENOMEM;
	priv->stats_seq++;
	lo_hi_writeq(priv->stats_dma, priv->regs + NIC_RX_ADDR);
	writel(priv->stats_seq, priv->regs + NIC_DOORBELL);
	return 0;
}

/* A direction the path does not know: nothing is claimed. */
int nic_xfer(struct nic_priv *priv, u8 *buf, size_t len,
	     enum dma_data_direction dir)
{
	dma_addr_t dma = dma_map_single(priv->dev, buf, len, dir);

	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	buf[0] = 1;
	lo_hi_writeq(dma, priv->regs + NIC_TX_ADDR);
	nic_wait_idle(priv);
	dma_unmap_single(priv->dev, dma, len, dir);
	return buf[1];
}

/* Written, then synced for the device before the doorbell (mlx5's way). */
int nic_post_cmd(struct nic_priv *priv, struct nic_cmd *cmd, u32 op)
{
	dma_addr_t dma = dma_map_single(priv->dev, cmd, sizeof(*cmd),
					DMA_TO_DEVICE);

	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	cmd->opcode = cpu_to_le32(op);
	dma_sync_single_for_device(priv->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	lo_hi_writeq(dma, priv->regs + NIC_DOORBELL);
	nic_wait_idle(priv);
	dma_unmap_single(priv->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	return 0;
}

/* Read back before the device is started: the CPU's own data (wd719x). */
int nic_queue_cmd(struct nic_priv *priv, struct nic_cmd *cmd)
{
	dma_addr_t dma = dma_map_single(priv->dev, cmd, sizeof(*cmd),
					DMA_BIDIRECTIONAL);

	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	if (!le32_to_cpu(cmd->opcode)) {
		dma_unmap_single(priv->dev, dma, sizeof(*cmd),
				 DMA_BIDIRECTIONAL);
		return -EINVAL;
	}
	lo_hi_writeq(dma, priv->regs + NIC_DOORBELL);
	return 0;
}

struct nic_rx_status {
	__le32 done;
	__le32 len;
};

/* The completion word cleared before the map, and again after the sync
 * for the CPU before the buffer is given back. */
int nic_post_rx(struct nic_priv *priv, void *buf, size_t len)
{
	struct nic_rx_status *st = buf;
	dma_addr_t dma;

	st->done = 0;
	dma = dma_map_single(priv->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	lo_hi_writeq(dma, priv->regs + NIC_RX_ADDR);
	nic_wait_idle(priv);
	dma_sync_single_for_cpu(priv->dev, dma, len, DMA_FROM_DEVICE);
	st->done = 0;
	dma_sync_single_for_device(priv->dev, dma, len, DMA_FROM_DEVICE);
	lo_hi_writeq(dma, priv->regs + NIC_RX_ADDR);
	return 0;
}
