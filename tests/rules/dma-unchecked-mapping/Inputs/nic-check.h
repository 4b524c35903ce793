/* A driver header's map-check wrapper (enic.h enic_dma_map_check() style). */
struct nic {
	struct device *dev;
	struct wq_desc *ring;
	unsigned int tail;
	unsigned long map_errors;
};

static inline int nic_dma_map_check(struct nic *nic, dma_addr_t dma_addr)
{
	if (unlikely(dma_mapping_error(nic->dev, dma_addr))) {
		nic->map_errors++;
		return -ENOMEM;
	}
	return 0;
}
