// Descriptors whose words are not declared __le/__be: big-endian words
// written through cpu_to_be64() (mlx4), host-endian u32 words of a ring the
// file allocates with dma_alloc_coherent() (tg3), and a u64 inside a command
// union the file places in coherent memory (myrs).
// RUN: %not %dmacheck --rules='-*,dma-unmapped-address' %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

struct bar_data_seg {
	__be32 byte_count;
	__be32 lkey;
	__be64 addr;
};

/* 1. mlx4 style: a big-endian data segment given the linear part of the
 *    skb by its physical address. */
void bar_build_seg(struct bar_data_seg *data, struct sk_buff *skb,
		   unsigned int hlen)
{
	data->byte_count = cpu_to_be32(skb_headlen(skb) - hlen);
	// CHECK: host-words-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is stored in a descriptor word
	data->addr = cpu_to_be64(virt_to_phys(skb->data + hlen));
}

/* 2. tg3 style: rx descriptors with host-endian u32 words, in a ring from
 *    dma_alloc_coherent(). */
struct bar_rx_desc {
	u32 addr_hi;
	u32 addr_lo;
	u32 idx_len;
	u32 flags;
};

struct bar_ring {
	struct device *dev;
	struct bar_rx_desc *rx_std;
	dma_addr_t rx_std_mapping;
	void *data[512];
};

int bar_alloc_ring(struct bar_ring *r)
{
	r->rx_std = dma_alloc_coherent(r->dev, 512 * sizeof(struct bar_rx_desc),
				       &r->rx_std_mapping, GFP_KERNEL);
	return r->rx_std ? 0 : -ENOMEM;
}

int bar_alloc_rx_data(struct bar_ring *r, unsigned int i)
{
	struct bar_rx_desc *desc = &r->rx_std[i];
	void *data = kmalloc(1536, GFP_ATOMIC);
	u64 addr;

	if (!data)
		return -ENOMEM;
	r->data[i] = data;
	addr = virt_to_phys(data);
	/* one finding per physical address, at the first word it reaches */
	// CHECK: host-words-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is stored in a descriptor word
	desc->addr_hi = (u64)addr >> 32;
	desc->addr_lo = (u64)addr & 0xffffffff;
	return 0;
}

/* 3. myrs style: a u64 scatter-gather address inside the command union that
 *    the file also places in coherent memory (the mailbox). */
struct bar_sge {
	u64 sge_addr;
	u64 sge_count;
};

union bar_sgl {
	struct bar_sge sge[2];
	u64 ext_addr;
};

union bar_cmd_mbox {
	u32 words[16];
	struct {
		u16 id;
		u8 opcode;
		u8 control;
		u32 dma_size;
		union bar_sgl dma_addr;
	} ldev_info;
};

struct bar_hba {
	struct device *dev;
	union bar_cmd_mbox *first_cmd_mbox;
	dma_addr_t cmd_mbox_addr;
	union bar_cmd_mbox dcmd;
};

int bar_alloc_mbox(struct bar_hba *hba)
{
	hba->first_cmd_mbox = dma_alloc_coherent(hba->dev,
						 sizeof(union bar_cmd_mbox) * 64,
						 &hba->cmd_mbox_addr, GFP_KERNEL);
	return hba->first_cmd_mbox ? 0 : -ENOMEM;
}

void bar_get_ldev_info(struct bar_hba *hba, void *ldev_info, u32 size)
{
	union bar_cmd_mbox *mbox = &hba->dcmd;
	union bar_sgl *sgl;

	mbox->ldev_info.opcode = 0x12;
	mbox->ldev_info.dma_size = size;
	sgl = &mbox->ldev_info.dma_addr;
	// CHECK: host-words-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: the CPU physical address from virt_to_phys() is stored in a descriptor word
	sgl->sge[0].sge_addr = virt_to_phys(ldev_info);
	sgl->sge[0].sge_count = size;
}
