// Leaks the precision guards must not hide: the handle passed only to a
// helper that compares it (iwl_txq_crosses_4g_boundary style), and a handle
// kept in a local command block the device reads (a mailbox command).
// RUN: %not %dmacheck --rules=dma-mapping-leak %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/device.h>
#include <linux/io.h>

static inline bool crosses_4g_boundary(u64 phys, u16 len)
{
	return upper_32_bits(phys) != upper_32_bits(phys + len);
}

int build_tb(struct device *dev, void *buf, u16 len);

int map_head(struct device *dev, void *buf, u16 len)
{
	dma_addr_t phys;

	phys = dma_map_single(dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, phys))
		return -ENOMEM;
	if (crosses_4g_boundary(phys, len))
		return -EINVAL;
	// CHECK: :[[@LINE-1]]:11: warning: mapping made by dma_map_single() is leaked: its handle is lost without dma_unmap_single() [dma-mapping-leak]
	if (build_tb(dev, buf, len))
		goto unmap;
	return 0;
unmap:
	dma_unmap_single(dev, phys, len, DMA_TO_DEVICE);
	return -EIO;
}

struct mbox_cmd {
	__le32 opcode;
	__le64 addr;
};

int mbox_run(struct device *dev, void __iomem *regs, dma_addr_t cmd_dma);

static int exec_cmd(struct device *dev, void __iomem *regs, u32 op,
		    dma_addr_t addr)
{
	struct mbox_cmd cmd = {
		.opcode = cpu_to_le32(op),
		.addr = cpu_to_le64(addr),
	};
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(dev, &cmd, sizeof(cmd), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	ret = mbox_run(dev, regs, dma);
	dma_unmap_single(dev, dma, sizeof(cmd), DMA_TO_DEVICE);
	return ret;
}

int get_status(struct device *dev, void __iomem *regs, u32 *state)
{
	u32 *st = kzalloc(64, GFP_KERNEL);
	dma_addr_t dma;
	int ret;

	if (!st)
		return -ENOMEM;
	dma = dma_map_single(dev, st, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, dma)) {
		ret = -ENOMEM;
		goto out_free;
	}
	// Never unmapped: the handle's last use is the command.
	ret = exec_cmd(dev, regs, 1, dma);
	// CHECK: :[[@LINE-1]]:6: warning: mapping made by dma_map_single() is leaked: its handle is lost without dma_unmap_single() [dma-mapping-leak]
	if (ret)
		goto out_free;
	*state = le32_to_cpu(st[0]);
out_free:
	kfree(st);
	return ret;
}
