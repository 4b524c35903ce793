// A path that dereferences a pointer it knows is NULL ends there (the kernel
// would oops), and one that dereferences a pointer that may be NULL goes on
// knowing it is not. Without this, the path through the NULL that a list
// lookup returns went on with every store to the entry lost, and a mapping
// stored into the entry and checked through it looked unchecked (reduced from
// linux 6.12 dpaa2-switch-flower.c, reported as "result is lost without
// dma_mapping_error() check" at the mapping).
// RUN: %not %dmacheck %s 2>&1 | %FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>

#define ACL_KEY_SIZE	64

struct acl_cfg {
	u64 key_iova;
	int precedence;
};

struct acl_entry {
	struct list_head list;
	struct acl_cfg cfg;
	u8 key[ACL_KEY_SIZE];
};

struct acl_block {
	struct device *dev;
	struct list_head entries;
	void *fw;
	void *scratch;
};

int fw_acl_add(void *fw, struct acl_cfg *cfg);

static int acl_entry_add(struct acl_block *b, struct acl_entry *entry)
{
	struct acl_cfg *cfg = &entry->cfg;
	u8 *cmd;
	int err;

	cmd = kzalloc(ACL_KEY_SIZE, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	memcpy(cmd, entry->key, ACL_KEY_SIZE);
	cfg->key_iova = dma_map_single(b->dev, cmd, ACL_KEY_SIZE,
				       DMA_TO_DEVICE);
	if (unlikely(dma_mapping_error(b->dev, cfg->key_iova))) {
		kfree(cmd);
		return -EFAULT;
	}
	err = fw_acl_add(b->fw, cfg);
	dma_unmap_single(b->dev, cfg->key_iova, ACL_KEY_SIZE, DMA_TO_DEVICE);
	kfree(cmd);
	return err;
}

static struct acl_entry *acl_entry_by_index(struct acl_block *b, int index)
{
	struct acl_entry *tmp;
	int i = 0;

	list_for_each_entry(tmp, &b->entries, list) {
		if (i == index)
			return tmp;
		i++;
	}
	return NULL;
}

static int acl_set_precedence(struct acl_block *b, struct acl_entry *entry,
			      int precedence)
{
	entry->cfg.precedence = precedence;
	return acl_entry_add(b, entry);
}

/* The entry point: the lookup's NULL is never dereferenced on a real run
 * (the index is in range), and the path that assumes it ends. */
int acl_remove_index(struct acl_block *b, int index)
{
	int i, err;

	for (i = index - 1; i >= 0; i--) {
		err = acl_set_precedence(b, acl_entry_by_index(b, i), i);
		if (err)
			return err;
	}
	return 0;
}

/* A dereference is no test: the mapping that is really unchecked is still
 * reported after the pointer it is stored through has been used. */
int acl_entry_add_unchecked(struct acl_block *b, struct acl_entry *entry)
{
	struct acl_cfg *cfg = &entry->cfg;

	cfg->precedence = 0;
	// CHECK: null-paths.c:[[@LINE+1]]:{{[0-9]+}}: warning: dma_map_single() result is used without dma_mapping_error() check [dma-unchecked-mapping]
	cfg->key_iova = dma_map_single(b->dev, entry->key, ACL_KEY_SIZE,
				       DMA_TO_DEVICE);
	fw_acl_add(b->fw, cfg);
	dma_unmap_single(b->dev, cfg->key_iova, ACL_KEY_SIZE, DMA_TO_DEVICE);
	return 0;
}
