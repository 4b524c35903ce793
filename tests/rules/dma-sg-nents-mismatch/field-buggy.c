// The count dma_map_sg() returned, kept in a request field and given as
// nents by the completion path in another function (mtip32xx: scatter_ents
// set from the map result, unmapped with it on completion). No single path
// shows it; the file-level view of struct fields does.
// RUN: %not %dmacheck --rules=dma-sg-nents-mismatch %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct blk_cmd {
	struct scatterlist sg[16];
	int scatter_ents;
	int direction;
};

struct blk_host {
	struct device *dev;
};

int blk_map_cmd(struct blk_host *h, struct blk_cmd *command, int nents)
{
	nents = dma_map_sg(h->dev, command->sg, nents, command->direction);
	if (!nents)
		return -ENOMEM;
	command->scatter_ents = nents;
	return 0;
}

void blk_complete_cmd(struct blk_host *h, struct blk_cmd *cmd)
{
	// CHECK: field-buggy.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_unmap_sg() is given 'scatter_ents', which holds the count that dma_map_sg() returned (in blk_map_cmd(), line 21); it must be the nents passed to it
	dma_unmap_sg(h->dev, cmd->sg, cmd->scatter_ents, cmd->direction);
}
