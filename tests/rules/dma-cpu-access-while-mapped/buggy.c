// The CPU touching a streaming buffer while the device owns it, in driver
// idioms: writes after the map that no sync gives the device, reads of
// received data before the sync for the CPU. Each function is one path.
// RUN: %not %dmacheck --rules='-*,dma-cpu-access-while-mapped' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
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

struct nic_cmd {
	__le32 opcode;
	__le32 flags;
	__le64 param;
	__le32 status;
	__le32 result;
};

struct nic_priv {
	struct device *dev;
	void __iomem *regs;
	struct nic_cmd *cmd;
	dma_addr_t cmd_dma;
	u8 *fw_buf;
	dma_addr_t fw_dma;
	struct dma_chan *txchan;
};

struct nic_tx_hdr {
	__le16 len;
	__le16 csum_start;
	__le32 flags;
};

static void nic_wait_idle(struct nic_priv *priv)
{
	while (!(readl(priv->regs + NIC_STATUS) & 1))
		udelay(10);
}

/* The header is filled in after skb->data was handed to the device. */
netdev_tx_t nic_xmit_late_header(struct sk_buff *skb, struct nic_priv *priv)
{
	struct nic_tx_hdr *hdr = (struct nic_tx_hdr *)skb->data;
	dma_addr_t dma;

	dma = dma_map_single(priv->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return NETDEV_TX_BUSY;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU writes the buffer mapped DMA_TO_DEVICE by dma_map_single() at line 56 after mapping it, and no dma_sync_single_for_device() gives the device the data [dma-cpu-access-while-mapped]
	hdr->len = cpu_to_le16(skb->len);
	lo_hi_writeq(dma, priv->regs + NIC_TX_ADDR);
	writel(skb->len, priv->regs + NIC_TX_LEN);
	return NETDEV_TX_OK;
}

/* A command block mapped both ways, its opcode written after the map. */
int nic_exec_cmd(struct nic_priv *priv, u32 op)
{
	struct nic_cmd *cmd = priv->cmd;
	dma_addr_t dma;

	dma = dma_map_single(priv->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU writes the buffer mapped DMA_BIDIRECTIONAL by dma_map_single() at line 72 after mapping it, and no dma_sync_single_for_device() gives the device the data [dma-cpu-access-while-mapped]
	cmd->opcode = cpu_to_le32(op);
	lo_hi_writeq(dma, priv->regs + NIC_DOORBELL);
	nic_wait_idle(priv);
	dma_unmap_single(priv->dev, dma, sizeof(*cmd), DMA_BIDIRECTIONAL);
	return le32_to_cpu(cmd->status);
}

/* Polled receive: the status is read before the buffer is taken back. */
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
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU reads the buffer mapped DMA_FROM_DEVICE by dma_map_single() at line 92 while the device owns it; dma_sync_single_for_cpu() or the unmap must come first [dma-cpu-access-while-mapped]
	ret = buf[0] == 0xa5 ? 0 : -EIO;
	dma_unmap_single(priv->dev, dma, len, DMA_FROM_DEVICE);
	memcpy(out, buf, len);
	kfree(buf);
	return ret;
}

/* The buffer is given back to the device, then looked at again. */
int nic_poll_reply(struct nic_priv *priv, u8 *buf, size_t len)
{
	dma_addr_t dma;
	int status;

	dma = dma_map_single(priv->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	nic_wait_idle(priv);
	dma_sync_single_for_cpu(priv->dev, dma, len, DMA_FROM_DEVICE);
	status = buf[0];
	dma_sync_single_for_device(priv->dev, dma, len, DMA_FROM_DEVICE);
	nic_wait_idle(priv);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU reads the buffer mapped DMA_FROM_DEVICE by dma_map_single() at line 113 while the device owns it; dma_sync_single_for_cpu() or the unmap must come first [dma-cpu-access-while-mapped]
	status |= buf[1];
	dma_unmap_single(priv->dev, dma, len, DMA_FROM_DEVICE);
	return status;
}

/* memcmp() of received data still owned by the device. */
int nic_check_signature(struct nic_priv *priv, void *buf, size_t len)
{
	static const u8 sig[4] = { 'N', 'I', 'C', '1' };
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(priv->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	lo_hi_writeq(dma, priv->regs + NIC_RX_ADDR);
	nic_wait_idle(priv);
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU reads the buffer mapped DMA_FROM_DEVICE by dma_map_single() at line 134 while the device owns it; dma_sync_single_for_cpu() or the unmap must come first [dma-cpu-access-while-mapped]
	ret = memcmp(buf, sig, sizeof(sig)) ? -EINVAL : 0;
	dma_unmap_single(priv->dev, dma, len, DMA_FROM_DEVICE);
	return ret;
}

/* Synced for the CPU, patched, and restarted without the sync back. */
void nic_resend_cmd(struct nic_priv *priv)
{
	dma_sync_single_for_cpu(priv->dev, priv->cmd_dma, sizeof(*priv->cmd),
				DMA_BIDIRECTIONAL);
	priv->cmd->flags |= cpu_to_le32(1);
	writel(1, priv->regs + NIC_DOORBELL);
}

int nic_cmd_init_and_resend(struct nic_priv *priv)
{
	priv->cmd_dma = dma_map_single(priv->dev, priv->cmd, sizeof(*priv->cmd),
				       DMA_BIDIRECTIONAL);
	if (dma_mapping_error(priv->dev, priv->cmd_dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU writes the buffer mapped DMA_BIDIRECTIONAL by dma_map_single() at line 156 after syncing it for the CPU, and no dma_sync_single_for_device() gives the device the data [dma-cpu-access-while-mapped]
	nic_resend_cmd(priv);
	return 0;
}

/* Firmware copied into a buffer that is already the device's. */
int nic_load_fw(struct nic_priv *priv, const u8 *fw, size_t len)
{
	priv->fw_dma = dma_map_single(priv->dev, priv->fw_buf, len,
				      DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, priv->fw_dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU writes the buffer mapped DMA_TO_DEVICE by dma_map_single() at line 168 after mapping it, and no dma_sync_single_for_device() gives the device the data [dma-cpu-access-while-mapped]
	memcpy(priv->fw_buf, fw, len);
	return 0;
}

/* A dmaengine transfer whose payload is patched between prep and submit. */
int nic_dma_send(struct nic_priv *priv, u8 *buf, size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_addr_t dma;

	dma = dma_map_single(priv->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	tx = dmaengine_prep_slave_single(priv->txchan, dma, len, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT);
	if (!tx) {
		dma_unmap_single(priv->dev, dma, len, DMA_TO_DEVICE);
		return -EIO;
	}
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU writes the buffer mapped DMA_TO_DEVICE by dma_map_single() at line 183 after mapping it, and no dma_sync_single_for_device() gives the device the data [dma-cpu-access-while-mapped]
	buf[len - 1] = 0;
	dmaengine_submit(tx);
	dma_async_issue_pending(priv->txchan);
	return 0;
}

struct nic_rx_status {
	__le32 done;
	__le32 len;
};

/* An rx buffer's completion word cleared after the map: the dirty line can
 * be written back over what the device writes there. */
int nic_post_rx(struct nic_priv *priv, void *buf, size_t len)
{
	struct nic_rx_status *st = buf;
	dma_addr_t dma = dma_map_single(priv->dev, buf, len, DMA_FROM_DEVICE);

	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU writes the buffer mapped DMA_FROM_DEVICE by dma_map_single() at line [[@LINE-4]] while the device owns it; write it before the map, or after dma_sync_single_for_cpu() [dma-cpu-access-while-mapped]
	st->done = 0;
	lo_hi_writeq(dma, priv->regs + NIC_RX_ADDR);
	return 0;
}
