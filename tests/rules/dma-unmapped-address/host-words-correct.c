// Host-endian words that are not read by the device: a driver's own
// bookkeeping structure keeps a physical address for its logs, and a
// byte-swapped value that is no address. Silent.
// RUN: %dmacheck --rules='-*,dma-unmapped-address' %s > %t 2>&1
// RUN: test ! -s %t
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>

struct baz_rx_desc {
	u32 addr_hi;
	u32 addr_lo;
	u32 idx_len;
	u32 flags;
};

/* The driver's private state, from kzalloc(): not a device format. */
struct baz_dbg {
	u64 last_phys;
	u32 last_len;
};

struct baz_ring {
	struct device *dev;
	struct baz_rx_desc *rx_std;
	dma_addr_t rx_std_mapping;
	struct baz_dbg *dbg;
	void *data[512];
};

int baz_alloc_ring(struct baz_ring *r)
{
	r->rx_std = dma_alloc_coherent(r->dev, 512 * sizeof(struct baz_rx_desc),
				       &r->rx_std_mapping, GFP_KERNEL);
	if (!r->rx_std)
		return -ENOMEM;
	r->dbg = kzalloc(sizeof(*r->dbg), GFP_KERNEL);
	return r->dbg ? 0 : -ENOMEM;
}

/* The rx buffer mapped with the DMA API; its physical address only noted
 * in the driver's own debug record. */
int baz_alloc_rx_data(struct baz_ring *r, unsigned int i)
{
	struct baz_rx_desc *desc = &r->rx_std[i];
	void *data = kmalloc(1536, GFP_ATOMIC);
	dma_addr_t mapping;

	if (!data)
		return -ENOMEM;
	mapping = dma_map_single(r->dev, data, 1536, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, mapping)) {
		kfree(data);
		return -EIO;
	}
	r->data[i] = data;
	r->dbg->last_phys = virt_to_phys(data);
	r->dbg->last_len = 1536;
	desc->addr_hi = upper_32_bits(mapping);
	desc->addr_lo = lower_32_bits(mapping);
	desc->idx_len = 1536 | swab32(i);
	return 0;
}
