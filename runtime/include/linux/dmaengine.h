/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: the dmaengine slave client API
 * (Documentation/driver-api/dmaengine/client.rst).  Channels come from
 * libdmart's simulated controller (see dmart_dmaengine_provide()).
 */
#ifndef _LINUX_DMAENGINE_H
#define _LINUX_DMAENGINE_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/bug.h>
#include <linux/scatterlist.h>
#include <linux/bitops.h>
#include <linux/dma-mapping.h>
#include <linux/dmart-loc.h>

typedef s32 dma_cookie_t;
#define DMA_MIN_COOKIE	1

enum dma_status {
	DMA_COMPLETE,
	DMA_IN_PROGRESS,
	DMA_PAUSED,
	DMA_ERROR,
	DMA_OUT_OF_ORDER,
};

enum dma_transaction_type {
	DMA_MEMCPY,
	DMA_XOR,
	DMA_PQ,
	DMA_XOR_VAL,
	DMA_PQ_VAL,
	DMA_MEMSET,
	DMA_MEMSET_SG,
	DMA_INTERRUPT,
	DMA_PRIVATE,
	DMA_ASYNC_TX,
	DMA_SLAVE,
	DMA_CYCLIC,
	DMA_INTERLEAVE,
	DMA_COMPLETION_NO_ORDER,
	DMA_REPEAT,
	DMA_LOAD_EOT,
	DMA_TX_TYPE_END,
};

enum dma_transfer_direction {
	DMA_MEM_TO_MEM,
	DMA_MEM_TO_DEV,
	DMA_DEV_TO_MEM,
	DMA_DEV_TO_DEV,
	DMA_TRANS_NONE,
};

static inline bool is_slave_direction(enum dma_transfer_direction direction)
{
	return direction == DMA_MEM_TO_DEV || direction == DMA_DEV_TO_MEM ||
	       direction == DMA_DEV_TO_DEV;
}

/*
 * One chunk of a frame: @size bytes, then a gap before the next chunk.
 * @icg applies to the scattered side(s) (src_sgl / dst_sgl); @src_icg and
 * @dst_icg, when non-zero, override it for their side.  A side that does
 * not increment (src_inc / dst_inc false) has no gaps.
 */
struct data_chunk {
	size_t size;
	size_t icg;
	size_t dst_icg;
	size_t src_icg;
};

struct dma_interleaved_template {
	dma_addr_t src_start;
	dma_addr_t dst_start;
	enum dma_transfer_direction dir;
	bool src_inc;
	bool dst_inc;
	bool src_sgl;
	bool dst_sgl;
	size_t numf;
	size_t frame_size;
	struct data_chunk sgl[];
};

struct dma_vec {
	dma_addr_t addr;
	size_t len;
};

enum dma_ctrl_flags {
	DMA_PREP_INTERRUPT = (1 << 0),
	DMA_CTRL_ACK = (1 << 1),
	DMA_PREP_PQ_DISABLE_P = (1 << 2),
	DMA_PREP_PQ_DISABLE_Q = (1 << 3),
	DMA_PREP_CONTINUE = (1 << 4),
	DMA_PREP_FENCE = (1 << 5),
	DMA_CTRL_REUSE = (1 << 6),
	DMA_PREP_CMD = (1 << 7),
	DMA_PREP_REPEAT = (1 << 8),
	DMA_PREP_LOAD_EOT = (1 << 9),
};

enum dma_slave_buswidth {
	DMA_SLAVE_BUSWIDTH_UNDEFINED = 0,
	DMA_SLAVE_BUSWIDTH_1_BYTE = 1,
	DMA_SLAVE_BUSWIDTH_2_BYTES = 2,
	DMA_SLAVE_BUSWIDTH_3_BYTES = 3,
	DMA_SLAVE_BUSWIDTH_4_BYTES = 4,
	DMA_SLAVE_BUSWIDTH_8_BYTES = 8,
	DMA_SLAVE_BUSWIDTH_16_BYTES = 16,
	DMA_SLAVE_BUSWIDTH_32_BYTES = 32,
	DMA_SLAVE_BUSWIDTH_64_BYTES = 64,
	DMA_SLAVE_BUSWIDTH_128_BYTES = 128,
};

struct dma_slave_config {
	enum dma_transfer_direction direction;
	phys_addr_t src_addr;
	phys_addr_t dst_addr;
	enum dma_slave_buswidth src_addr_width;
	enum dma_slave_buswidth dst_addr_width;
	u32 src_maxburst;
	u32 dst_maxburst;
	u32 src_port_window_size;
	u32 dst_port_window_size;
	bool device_fc;
	void *peripheral_config;
	size_t peripheral_size;
};

enum dma_desc_metadata_mode {
	DESC_METADATA_NONE = 0,
	DESC_METADATA_CLIENT = BIT(0),
	DESC_METADATA_ENGINE = BIT(1),
};

enum dmaengine_tx_result {
	DMA_TRANS_NOERROR = 0,
	DMA_TRANS_READ_FAILED,
	DMA_TRANS_WRITE_FAILED,
	DMA_TRANS_ABORTED,
};

struct dmaengine_result {
	enum dmaengine_tx_result result;
	u32 residue;
};

typedef void (*dma_async_tx_callback)(void *dma_async_param);
typedef void (*dma_async_tx_callback_result)(void *dma_async_param,
					     const struct dmaengine_result *result);

typedef struct {
	DECLARE_BITMAP(bits, DMA_TX_TYPE_END);
} dma_cap_mask_t;

#define dma_cap_zero(mask)		memset(&(mask), 0, sizeof(mask))
#define dma_cap_set(tx, mask)		set_bit((tx), (mask).bits)
#define dma_cap_clear(tx, mask)		clear_bit((tx), (mask).bits)
#define dma_has_cap(tx, mask)		test_bit((tx), (mask).bits)

struct dma_chan;
struct dmart_chan;
struct dmart_desc;
typedef bool (*dma_filter_fn)(struct dma_chan *chan, void *filter_param);

/* A board's table of which device's named channel the filter accepts. */
struct dma_slave_map {
	const char *devname;
	const char *slave;
	void *param;
};

struct dma_filter {
	dma_filter_fn fn;
	int mapcnt;
	const struct dma_slave_map *map;
};

struct dma_device {
	struct device *dev;
	unsigned int chancnt;
	dma_cap_mask_t cap_mask;
	u32 src_addr_widths;
	u32 dst_addr_widths;
	u32 directions;
	u32 max_burst;
	u32 max_sg_burst;
	struct dma_filter filter;
	enum dma_desc_metadata_mode desc_metadata_modes;
};

struct dma_chan {
	struct dma_device *device;
	struct device *slave;
	dma_cookie_t cookie;
	dma_cookie_t completed_cookie;
	int chan_id;
	const char *name;
	void *private;
	/* libdmart's simulated channel state. */
	struct dmart_chan *dmart;
};

struct dma_async_tx_descriptor {
	dma_cookie_t cookie;
	enum dma_ctrl_flags flags;
	dma_addr_t phys;
	struct dma_chan *chan;
	dma_cookie_t (*tx_submit)(struct dma_async_tx_descriptor *tx);
	int (*desc_free)(struct dma_async_tx_descriptor *tx);
	dma_async_tx_callback callback;
	dma_async_tx_callback_result callback_result;
	void *callback_param;
	/* libdmart's simulated descriptor state. */
	struct dmart_desc *dmart;
};

struct dma_tx_state {
	dma_cookie_t last;
	dma_cookie_t used;
	u32 residue;
	u32 in_flight_bytes;
};

struct dma_chan *dma_request_chan(struct device *dev, const char *name);
struct dma_chan *dma_request_chan_by_mask(const dma_cap_mask_t *mask);
struct dma_chan *dma_request_slave_channel(struct device *dev, const char *name);
struct dma_chan *dma_request_channel(dma_cap_mask_t mask, dma_filter_fn fn,
				    void *fn_param);
void dma_release_channel(struct dma_chan *chan);
struct device *dmaengine_get_dma_device(struct dma_chan *chan);
int dmaengine_slave_config(struct dma_chan *chan, struct dma_slave_config *config);

struct dma_async_tx_descriptor *
dmaengine_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
			unsigned int sg_len, enum dma_transfer_direction dir,
			unsigned long flags);
struct dma_async_tx_descriptor *
dmaengine_prep_slave_single(struct dma_chan *chan, dma_addr_t buf, size_t len,
			    enum dma_transfer_direction dir, unsigned long flags);
struct dma_async_tx_descriptor *
dmaengine_prep_dma_cyclic(struct dma_chan *chan, dma_addr_t buf_addr,
			  size_t buf_len, size_t period_len,
			  enum dma_transfer_direction dir, unsigned long flags);
/*
 * Older kernels (and client.rst to this day) have no flags argument: a
 * five-argument call gets flags 0.  The macro keeps the function's name.
 */
#define __dmart_cyclic_args6(c, b, l, p, d, f)	(c, b, l, p, d, f)
#define __dmart_cyclic_args5(c, b, l, p, d)	(c, b, l, p, d, 0UL)
#define __dmart_cyclic_pick(_1, _2, _3, _4, _5, _6, n, ...) n
#define __dmart_cyclic_args(...) \
	__dmart_cyclic_pick(__VA_ARGS__, __dmart_cyclic_args6, \
			    __dmart_cyclic_args5, )(__VA_ARGS__)
struct dma_async_tx_descriptor *
dmaengine_prep_interleaved_dma(struct dma_chan *chan,
			       struct dma_interleaved_template *xt,
			       unsigned long flags);
struct dma_async_tx_descriptor *
dmaengine_prep_peripheral_dma_vec(struct dma_chan *chan, const struct dma_vec *vecs,
				  size_t nents, enum dma_transfer_direction dir,
				  unsigned long flags);
struct dma_async_tx_descriptor *
dmaengine_prep_dma_memcpy(struct dma_chan *chan, dma_addr_t dest, dma_addr_t src,
			  size_t len, unsigned long flags);

int dmaengine_desc_attach_metadata(struct dma_async_tx_descriptor *desc,
				   void *data, size_t len);
void *dmaengine_desc_get_metadata_ptr(struct dma_async_tx_descriptor *desc,
				      size_t *payload_len, size_t *max_len);
int dmaengine_desc_set_metadata_len(struct dma_async_tx_descriptor *desc,
				    size_t payload_len);
bool dmaengine_is_metadata_mode_supported(struct dma_chan *chan,
					  enum dma_desc_metadata_mode mode);

dma_cookie_t dmaengine_submit(struct dma_async_tx_descriptor *desc);
int dma_submit_error(dma_cookie_t cookie);
void dma_async_issue_pending(struct dma_chan *chan);
int dmaengine_terminate_sync(struct dma_chan *chan);
int dmaengine_terminate_async(struct dma_chan *chan);
int dmaengine_terminate_all(struct dma_chan *chan);
void dmaengine_synchronize(struct dma_chan *chan);
int dmaengine_pause(struct dma_chan *chan);
int dmaengine_resume(struct dma_chan *chan);
enum dma_status dmaengine_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
				    struct dma_tx_state *state);
enum dma_status dma_async_is_tx_complete(struct dma_chan *chan, dma_cookie_t cookie,
					 dma_cookie_t *last, dma_cookie_t *used);
enum dma_status dma_async_is_complete(dma_cookie_t cookie,
				      dma_cookie_t last_complete,
				      dma_cookie_t last_used);
enum dma_status dma_sync_wait(struct dma_chan *chan, dma_cookie_t cookie);

static inline void async_tx_ack(struct dma_async_tx_descriptor *tx)
{
	tx->flags |= DMA_CTRL_ACK;
}

static inline bool async_tx_test_ack(struct dma_async_tx_descriptor *tx)
{
	return (tx->flags & DMA_CTRL_ACK) == DMA_CTRL_ACK;
}

#ifdef DMART_WRAP
#define dma_request_chan(...)		DMART_AT(dma_request_chan, (__VA_ARGS__))
#define dma_request_chan_by_mask(...)	DMART_AT(dma_request_chan_by_mask, (__VA_ARGS__))
#define dma_request_slave_channel(...)	DMART_AT(dma_request_slave_channel, (__VA_ARGS__))
#define dma_request_channel(...)	DMART_AT(dma_request_channel, (__VA_ARGS__))
#define dma_release_channel(...)	DMART_AT(dma_release_channel, (__VA_ARGS__))
#define dmaengine_get_dma_device(...)	DMART_AT(dmaengine_get_dma_device, (__VA_ARGS__))
#define dmaengine_slave_config(...)	DMART_AT(dmaengine_slave_config, (__VA_ARGS__))
#define dmaengine_prep_slave_sg(...)	DMART_AT(dmaengine_prep_slave_sg, (__VA_ARGS__))
#define dmaengine_prep_slave_single(...) \
	DMART_AT(dmaengine_prep_slave_single, (__VA_ARGS__))
#define dmaengine_prep_dma_cyclic(...) \
	DMART_AT(dmaengine_prep_dma_cyclic, __dmart_cyclic_args(__VA_ARGS__))
#define dmaengine_prep_interleaved_dma(...) \
	DMART_AT(dmaengine_prep_interleaved_dma, (__VA_ARGS__))
#define dmaengine_prep_peripheral_dma_vec(...) \
	DMART_AT(dmaengine_prep_peripheral_dma_vec, (__VA_ARGS__))
#define dmaengine_prep_dma_memcpy(...)	DMART_AT(dmaengine_prep_dma_memcpy, (__VA_ARGS__))
#define dmaengine_desc_attach_metadata(...) \
	DMART_AT(dmaengine_desc_attach_metadata, (__VA_ARGS__))
#define dmaengine_desc_get_metadata_ptr(...) \
	DMART_AT(dmaengine_desc_get_metadata_ptr, (__VA_ARGS__))
#define dmaengine_desc_set_metadata_len(...) \
	DMART_AT(dmaengine_desc_set_metadata_len, (__VA_ARGS__))
#define dmaengine_submit(...)		DMART_AT(dmaengine_submit, (__VA_ARGS__))
#define dma_async_issue_pending(...)	DMART_AT(dma_async_issue_pending, (__VA_ARGS__))
#define dmaengine_terminate_sync(...)	DMART_AT(dmaengine_terminate_sync, (__VA_ARGS__))
#define dmaengine_terminate_async(...)	DMART_AT(dmaengine_terminate_async, (__VA_ARGS__))
#define dmaengine_terminate_all(...)	DMART_AT(dmaengine_terminate_all, (__VA_ARGS__))
#define dmaengine_synchronize(...)	DMART_AT(dmaengine_synchronize, (__VA_ARGS__))
#define dmaengine_pause(...)		DMART_AT(dmaengine_pause, (__VA_ARGS__))
#define dmaengine_resume(...)		DMART_AT(dmaengine_resume, (__VA_ARGS__))
#define dmaengine_tx_status(...)	DMART_AT(dmaengine_tx_status, (__VA_ARGS__))
#define dma_async_is_tx_complete(...)	DMART_AT(dma_async_is_tx_complete, (__VA_ARGS__))
#elif !defined(DMART_NO_LOC)
/* The analyzer still sees a call of dmaengine_prep_dma_cyclic itself. */
#define dmaengine_prep_dma_cyclic(...) \
	dmaengine_prep_dma_cyclic __dmart_cyclic_args(__VA_ARGS__)
#endif

#endif /* _LINUX_DMAENGINE_H */
