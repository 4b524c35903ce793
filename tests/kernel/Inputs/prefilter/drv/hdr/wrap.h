/* A wrapper macro in a quoted local header found through -I. */
#define DRV_MAP(dev, buf, len) dma_map_single(dev, buf, len, DMA_TO_DEVICE)
