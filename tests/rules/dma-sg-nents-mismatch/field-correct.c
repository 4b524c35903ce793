// Request fields that keep the nents passed to dma_map_sg() (or that hold
// the count only for walking the list): completion paths unmap correctly.
// RUN: %dmacheck --rules=dma-sg-nents-mismatch %s 2>&1 | %FileCheck %s --allow-empty --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct blk_cmd {
	struct scatterlist sg[16];
	int scatter_ents;	/* nents given to the map */
	int mapped;		/* what it returned, for the walk */
	int direction;
};

struct blk_host {
	struct device *dev;
};

int blk_map_cmd(struct blk_host *h, struct blk_cmd *command, int nents)
{
	int count = dma_map_sg(h->dev, command->sg, nents, command->direction);

	if (!count)
		return -ENOMEM;
	command->scatter_ents = nents;
	command->mapped = count;
	return 0;
}

void blk_complete_cmd(struct blk_host *h, struct blk_cmd *cmd)
{
	dma_unmap_sg(h->dev, cmd->sg, cmd->scatter_ents, cmd->direction);
}
