#define far_map(dev, buf) dma_map_single(dev, buf, 8, DMA_TO_DEVICE)
