// memset(p, 0, size) of the whole buffer a dma_alloc_*() call has just
// returned, before anything wrote it: since linux 5.0 ("dma-mapping: zero
// memory returned from dma_alloc_*") every such buffer comes back zeroed.
// The rule is a note; it prints as a warning.
// RUN: %not %dmacheck --rules='-*,dma-redundant-memset' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb.h>

#define NIC_RING_SIZE	256
#define NIC_REG_RDBAL	0x2800
#define NIC_REG_RDBAH	0x2804
#define NIC_REG_TDBAL	0x3800

/* A PCI NIC with descriptor rings and a statistics block. */
struct nic_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct nic_hw_stats {
	__le64 rx_packets;
	__le64 tx_packets;
	__le64 crc_errors;
	__le64 missed;
};

struct nic_ring {
	struct nic_desc *desc;
	dma_addr_t dma;
	unsigned int count;
	size_t size;
};

struct nic {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *hw;
	struct nic_ring rx, tx;
	struct nic_hw_stats *stats;
	dma_addr_t stats_dma;
};

/* 1. e1000_setup_rx_resources(): the ring size computed into the ring,
 *    the allocation tested, then the ring cleared. */
int nic_setup_rx_resources(struct nic *nic)
{
	struct nic_ring *ring = &nic->rx;

	ring->count = NIC_RING_SIZE;
	ring->size = ring->count * sizeof(struct nic_desc);
	ring->desc = dma_alloc_coherent(nic->dev, ring->size, &ring->dma,
					GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memset() of the whole buffer dma_alloc_coherent() returned at line 56: that memory is already zeroed (every dma_alloc_*() buffer is, since linux 5.0) [dma-redundant-memset]
	memset(ring->desc, 0, ring->size);
	writel(lower_32_bits(ring->dma), nic->hw + NIC_REG_RDBAL);
	writel(upper_32_bits(ring->dma), nic->hw + NIC_REG_RDBAH);
	return 0;
}

/* 2. The transmit ring, write-combined with dma_alloc_attrs(), stored in
 *    the ring and cleared through it with the same size variable. */
int nic_setup_tx_resources(struct nic *nic)
{
	size_t size = NIC_RING_SIZE * sizeof(struct nic_desc);
	struct nic_desc *desc;

	desc = dma_alloc_attrs(nic->dev, size, &nic->tx.dma, GFP_KERNEL,
			       DMA_ATTR_WRITE_COMBINE);
	if (!desc)
		return -ENOMEM;
	nic->tx.desc = desc;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memset() of the whole buffer dma_alloc_attrs() returned at line 74: that memory is already zeroed (every dma_alloc_*() buffer is, since linux 5.0) [dma-redundant-memset]
	memset(nic->tx.desc, 0, size);
	nic->tx.count = NIC_RING_SIZE;
	writel(lower_32_bits(nic->tx.dma), nic->hw + NIC_REG_TDBAL);
	return 0;
}

/* 3. A device-managed statistics block cleared with sizeof(*stats), the
 *    same number of bytes as the sizeof(struct) it was allocated with. */
int nic_alloc_stats(struct nic *nic)
{
	nic->stats = dmam_alloc_coherent(nic->dev, sizeof(struct nic_hw_stats),
					 &nic->stats_dma, GFP_KERNEL);
	if (!nic->stats)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memset() of the whole buffer dmam_alloc_coherent() returned at line 90: that memory is already zeroed (every dma_alloc_*() buffer is, since linux 5.0) [dma-redundant-memset]
	memset(nic->stats, 0, sizeof(*nic->stats));
	return 0;
}

/* 4. The driver's own allocation helper (entered by the analyzer) returns
 *    the buffer; its caller clears it, rounding the length up to a page
 *    although the buffer is exactly a page. */
struct nic_fw {
	void *buf;
	dma_addr_t dma;
};

static void *nic_alloc_dma_page(struct nic *nic, dma_addr_t *dma)
{
	return dma_alloc_coherent(nic->dev, PAGE_SIZE, dma, GFP_KERNEL);
}

int nic_fw_prepare(struct nic *nic, struct nic_fw *fw)
{
	fw->buf = nic_alloc_dma_page(nic, &fw->dma);
	if (!fw->buf)
		return -ENOMEM;
	// Not reported since the linux 6.12 triage (docs/rules/dma-redundant-memset.md): the allocation is in a helper, which may allocate only when the buffer is missing.
	memset(fw->buf, 0, PAGE_ALIGN(PAGE_SIZE));
	return 0;
}

/* A display controller with a write-combined frame buffer. */
struct lcdc {
	struct device *dev;
	u32 *fb;
	dma_addr_t fb_dma;
	unsigned int width, height;
};

/* 5. The frame buffer cleared to black right after dma_alloc_wc(). */
int lcdc_alloc_fb(struct lcdc *lc)
{
	size_t size = lc->width * lc->height * 4;

	lc->fb = dma_alloc_wc(lc->dev, size, &lc->fb_dma, GFP_KERNEL);
	if (!lc->fb)
		return -ENOMEM;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memset() of the whole buffer dma_alloc_wc() returned at line 135: that memory is already zeroed (every dma_alloc_*() buffer is, since linux 5.0) [dma-redundant-memset]
	memset(lc->fb, 0, size);
	return 0;
}

/* 6. An AHCI-style port start with a goto ladder: the received-FIS area
 *    is cleared after its allocation (the command table, not cleared, gives
 *    no finding). */
struct hba {
	struct device *dev;
	void *cmd_tbl;
	dma_addr_t cmd_tbl_dma;
	void *rx_fis;
	dma_addr_t rx_fis_dma;
};

#define HBA_CMD_TBL_SZ	(32 * 256)
#define HBA_RX_FIS_SZ	256

int hba_port_start(struct hba *h)
{
	h->cmd_tbl = dma_alloc_coherent(h->dev, HBA_CMD_TBL_SZ,
					&h->cmd_tbl_dma, GFP_KERNEL);
	if (!h->cmd_tbl)
		return -ENOMEM;
	h->rx_fis = dma_alloc_coherent(h->dev, HBA_RX_FIS_SZ, &h->rx_fis_dma,
				       GFP_KERNEL);
	if (!h->rx_fis)
		goto err_cmd;
	// CHECK: buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: memset() of the whole buffer dma_alloc_coherent() returned at line 163: that memory is already zeroed (every dma_alloc_*() buffer is, since linux 5.0) [dma-redundant-memset]
	memset(h->rx_fis, 0, HBA_RX_FIS_SZ);
	return 0;

err_cmd:
	dma_free_coherent(h->dev, HBA_CMD_TBL_SZ, h->cmd_tbl, h->cmd_tbl_dma);
	return -ENOMEM;
}
