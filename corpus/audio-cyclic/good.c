// SPDX-License-Identifier: GPL-2.0
/*
 * ZI2S platform I2S controller: one playback and one capture stream, each
 * fed by a slave dmaengine channel ("tx", "rx") that runs a cyclic transfer
 * over a coherent ring buffer, one period callback per period.  Written
 * like an ASoC component driver (hw_params / hw_free / prepare / trigger /
 * pointer, as snd_dmaengine_pcm does them), without the ALSA core: the
 * stream lock stands in for the PCM stream lock that ALSA holds, with
 * interrupts off, around .trigger.  Before playback starts, a short run of
 * silence from a coherent buffer is queued ahead of the ring to fill the
 * TX FIFO, so that the first frame does not underrun.
 *
 * This is the fixed twin of bad.c: the capture descriptor is issued, hw_free
 * terminates synchronously before the ring is freed, the silence buffer is
 * allocated at probe, and the ring is not cleared twice.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/dmaengine.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/spinlock.h>
#include <linux/slab.h>

#define DRV_NAME		"zi2s"

#define ZI2S_FIFO_DEPTH		16	/* words */
#define ZI2S_MAX_BUFFER		(64 * 1024)
#define ZI2S_MIN_PERIODS	2
#define ZI2S_PRIME_BYTES	(ZI2S_FIFO_DEPTH * 4)

/* Registers. */
#define ZI2S_REG_CTRL		0x00
#define  ZI2S_CTRL_TX_EN	BIT(0)
#define  ZI2S_CTRL_RX_EN	BIT(1)
#define  ZI2S_CTRL_TX_DMA	BIT(2)
#define  ZI2S_CTRL_RX_DMA	BIT(3)
#define  ZI2S_CTRL_RESET	BIT(31)
#define ZI2S_REG_FMT		0x04
#define  ZI2S_FMT_WLEN_16	0
#define  ZI2S_FMT_WLEN_32	BIT(0)
#define  ZI2S_FMT_MONO		BIT(4)
#define ZI2S_REG_CLKDIV		0x08
#define ZI2S_REG_STATUS		0x0c
#define ZI2S_REG_TXFIFO		0x40
#define ZI2S_REG_RXFIFO		0x44

#define ZI2S_MCLK_RATE		24576000

/* The trigger commands, numbered as SNDRV_PCM_TRIGGER_*. */
#define ZI2S_TRIGGER_STOP		0
#define ZI2S_TRIGGER_START		1
#define ZI2S_TRIGGER_PAUSE_PUSH		3
#define ZI2S_TRIGGER_PAUSE_RELEASE	4
#define ZI2S_TRIGGER_SUSPEND		5
#define ZI2S_TRIGGER_RESUME		6

/* What snd_pcm_hw_params would carry. */
struct zi2s_hw_params {
	unsigned int rate;
	unsigned int channels;
	unsigned int sample_bits;	/* 16 or 32 */
	size_t period_bytes;
	unsigned int periods;
};

struct zi2s;

struct zi2s_stream {
	struct zi2s *i2s;
	struct dma_chan *chan;
	struct device *dma_dev;		/* the channel's DMA device */
	enum dma_transfer_direction dir;
	phys_addr_t fifo;
	u32 ctrl_bits;

	spinlock_t lock;		/* the PCM stream lock */
	void *area;			/* ring buffer */
	dma_addr_t addr;
	size_t buffer_bytes;
	size_t period_bytes;
	dma_cookie_t cookie;
	bool running;
	unsigned int pos;		/* byte offset of the last period end */
	unsigned long elapsed;		/* periods since prepare */
};

struct zi2s {
	struct device *dev;
	void __iomem *regs;
	spinlock_t reg_lock;		/* ZI2S_REG_CTRL */
	struct zi2s_stream playback;
	struct zi2s_stream capture;

	void *silence;			/* FIFO prime for playback */
	dma_addr_t silence_dma;
};

static void zi2s_update_ctrl(struct zi2s *i2s, u32 mask, u32 val)
{
	u32 ctrl;

	spin_lock(&i2s->reg_lock);
	ctrl = readl(i2s->regs + ZI2S_REG_CTRL);
	ctrl = (ctrl & ~mask) | val;
	writel(ctrl, i2s->regs + ZI2S_REG_CTRL);
	spin_unlock(&i2s->reg_lock);
}

/* ------------------------------------------------------------ DMA side */

/* Runs from the DMA controller's tasklet once per period. */
static void zi2s_dma_complete(void *arg)
{
	struct zi2s_stream *s = arg;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (s->running) {
		s->pos += s->period_bytes;
		if (s->pos >= s->buffer_bytes)
			s->pos = 0;
		s->elapsed++;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	/* snd_pcm_period_elapsed() would go here. */
}

static struct dma_async_tx_descriptor *zi2s_prep_ring(struct zi2s_stream *s)
{
	struct dma_async_tx_descriptor *desc;

	desc = dmaengine_prep_dma_cyclic(s->chan, s->addr, s->buffer_bytes,
					 s->period_bytes, s->dir,
					 DMA_PREP_INTERRUPT);
	if (!desc)
		return NULL;
	desc->callback = zi2s_dma_complete;
	desc->callback_param = s;
	return desc;
}

/* Called with the stream lock held, interrupts off. */
static int zi2s_start_playback(struct zi2s_stream *s)
{
	struct zi2s *i2s = s->i2s;
	struct dma_async_tx_descriptor *prime, *desc;

	prime = dmaengine_prep_slave_single(s->chan, i2s->silence_dma,
					    ZI2S_PRIME_BYTES, DMA_MEM_TO_DEV, 0);
	if (!prime)
		return -ENOMEM;
	dmaengine_submit(prime);

	desc = zi2s_prep_ring(s);
	if (!desc)
		return -ENOMEM;
	s->cookie = dmaengine_submit(desc);
	dma_async_issue_pending(s->chan);
	return 0;
}

/* Called with the stream lock held, interrupts off. */
static int zi2s_start_capture(struct zi2s_stream *s)
{
	struct dma_async_tx_descriptor *desc;

	desc = zi2s_prep_ring(s);
	if (!desc)
		return -ENOMEM;
	s->cookie = dmaengine_submit(desc);
	dma_async_issue_pending(s->chan);
	return 0;
}

/* ----------------------------------------------------------- PCM ops */

static int zi2s_hw_free(struct zi2s_stream *s)
{
	unsigned long flags;
	size_t bytes;
	void *area;
	dma_addr_t addr;

	/* Make sure the transfer is gone before the ring goes. */
	dmaengine_terminate_sync(s->chan);

	spin_lock_irqsave(&s->lock, flags);
	area = s->area;
	addr = s->addr;
	bytes = s->buffer_bytes;
	s->area = NULL;
	s->buffer_bytes = 0;
	spin_unlock_irqrestore(&s->lock, flags);

	if (area)
		dma_free_coherent(s->dma_dev, bytes, area, addr);
	return 0;
}

static int zi2s_hw_params(struct zi2s_stream *s,
			  const struct zi2s_hw_params *params)
{
	struct zi2s *i2s = s->i2s;
	struct dma_slave_config cfg = { };
	unsigned int frame_bytes;
	size_t bytes;
	unsigned long flags;
	void *area;
	dma_addr_t addr;
	u32 fmt;
	int ret;

	if (params->channels < 1 || params->channels > 2)
		return -EINVAL;
	if (params->sample_bits != 16 && params->sample_bits != 32)
		return -EINVAL;
	if (!params->rate || ZI2S_MCLK_RATE % (params->rate * 64))
		return -EINVAL;
	frame_bytes = params->channels * params->sample_bits / 8;
	if (params->periods < ZI2S_MIN_PERIODS || !params->period_bytes ||
	    params->period_bytes % frame_bytes)
		return -EINVAL;
	bytes = params->period_bytes * params->periods;
	if (bytes > ZI2S_MAX_BUFFER)
		return -EINVAL;

	if (s->dir == DMA_MEM_TO_DEV) {
		cfg.dst_addr = s->fifo;
		cfg.dst_addr_width = params->sample_bits / 8;
		cfg.dst_maxburst = ZI2S_FIFO_DEPTH / 2;
	} else {
		cfg.src_addr = s->fifo;
		cfg.src_addr_width = params->sample_bits / 8;
		cfg.src_maxburst = ZI2S_FIFO_DEPTH / 2;
	}
	ret = dmaengine_slave_config(s->chan, &cfg);
	if (ret) {
		dev_err(i2s->dev, "DMA slave config failed: %d\n", ret);
		return ret;
	}

	fmt = params->sample_bits == 32 ? ZI2S_FMT_WLEN_32 : ZI2S_FMT_WLEN_16;
	if (params->channels == 1)
		fmt |= ZI2S_FMT_MONO;
	writel(fmt, i2s->regs + ZI2S_REG_FMT);
	writel(ZI2S_MCLK_RATE / (params->rate * 64),
	       i2s->regs + ZI2S_REG_CLKDIV);

	if (s->area && s->buffer_bytes == bytes) {
		s->period_bytes = params->period_bytes;
		return 0;
	}
	/* A new geometry: the old ring goes first. */
	zi2s_hw_free(s);

	area = dma_alloc_coherent(s->dma_dev, bytes, &addr, GFP_KERNEL);
	if (!area)
		return -ENOMEM;

	spin_lock_irqsave(&s->lock, flags);
	s->area = area;
	s->addr = addr;
	s->buffer_bytes = bytes;
	s->period_bytes = params->period_bytes;
	spin_unlock_irqrestore(&s->lock, flags);
	return 0;
}

static int zi2s_prepare(struct zi2s_stream *s)
{
	unsigned long flags;

	if (!s->area)
		return -EINVAL;
	spin_lock_irqsave(&s->lock, flags);
	s->pos = 0;
	s->elapsed = 0;
	spin_unlock_irqrestore(&s->lock, flags);
	return 0;
}

static int zi2s_trigger(struct zi2s_stream *s, int cmd)
{
	struct zi2s *i2s = s->i2s;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&s->lock, flags);
	switch (cmd) {
	case ZI2S_TRIGGER_START:
	case ZI2S_TRIGGER_RESUME:
		if (s->dir == DMA_MEM_TO_DEV)
			ret = zi2s_start_playback(s);
		else
			ret = zi2s_start_capture(s);
		if (ret)
			break;
		s->running = true;
		zi2s_update_ctrl(i2s, s->ctrl_bits, s->ctrl_bits);
		break;
	case ZI2S_TRIGGER_PAUSE_RELEASE:
		dmaengine_resume(s->chan);
		zi2s_update_ctrl(i2s, s->ctrl_bits, s->ctrl_bits);
		break;
	case ZI2S_TRIGGER_PAUSE_PUSH:
		zi2s_update_ctrl(i2s, s->ctrl_bits, 0);
		dmaengine_pause(s->chan);
		break;
	case ZI2S_TRIGGER_STOP:
	case ZI2S_TRIGGER_SUSPEND:
		s->running = false;
		zi2s_update_ctrl(i2s, s->ctrl_bits, 0);
		dmaengine_terminate_async(s->chan);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	return ret;
}

/* The hardware position in bytes, from the cyclic transfer's residue. */
static size_t zi2s_pointer(struct zi2s_stream *s)
{
	struct dma_tx_state state;
	enum dma_status status;
	size_t pos = 0;

	status = dmaengine_tx_status(s->chan, s->cookie, &state);
	if (status == DMA_IN_PROGRESS || status == DMA_PAUSED) {
		if (state.residue > 0 && state.residue <= s->buffer_bytes)
			pos = s->buffer_bytes - state.residue;
	}
	return pos;
}

struct zi2s_pcm_ops {
	int (*hw_params)(struct zi2s_stream *s,
			 const struct zi2s_hw_params *params);
	int (*hw_free)(struct zi2s_stream *s);
	int (*prepare)(struct zi2s_stream *s);
	int (*trigger)(struct zi2s_stream *s, int cmd);
	size_t (*pointer)(struct zi2s_stream *s);
};

static const struct zi2s_pcm_ops zi2s_pcm_ops = {
	.hw_params	= zi2s_hw_params,
	.hw_free	= zi2s_hw_free,
	.prepare	= zi2s_prepare,
	.trigger	= zi2s_trigger,
	.pointer	= zi2s_pointer,
};

/* ---------------------------------------------------------- probe, remove */

static int zi2s_init_stream(struct zi2s *i2s, struct zi2s_stream *s,
			    const char *name, enum dma_transfer_direction dir,
			    phys_addr_t fifo, u32 ctrl_bits)
{
	struct dma_chan *chan;

	chan = dma_request_chan(i2s->dev, name);
	if (IS_ERR(chan))
		return dev_err_probe(i2s->dev, PTR_ERR(chan),
				     "failed to get %s DMA channel\n", name);
	s->i2s = i2s;
	s->chan = chan;
	s->dma_dev = dmaengine_get_dma_device(chan);
	s->dir = dir;
	s->fifo = fifo;
	s->ctrl_bits = ctrl_bits;
	spin_lock_init(&s->lock);
	return 0;
}

static int zi2s_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct resource *res;
	struct zi2s *i2s;
	int ret;

	i2s = devm_kzalloc(dev, sizeof(*i2s), GFP_KERNEL);
	if (!i2s)
		return -ENOMEM;
	i2s->dev = dev;
	spin_lock_init(&i2s->reg_lock);

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return -ENODEV;
	i2s->regs = devm_ioremap_resource(dev, res);
	if (IS_ERR(i2s->regs))
		return PTR_ERR(i2s->regs);
	writel(ZI2S_CTRL_RESET, i2s->regs + ZI2S_REG_CTRL);
	writel(0, i2s->regs + ZI2S_REG_CTRL);

	ret = zi2s_init_stream(i2s, &i2s->playback, "tx", DMA_MEM_TO_DEV,
			       res->start + ZI2S_REG_TXFIFO,
			       ZI2S_CTRL_TX_EN | ZI2S_CTRL_TX_DMA);
	if (ret)
		return ret;
	ret = zi2s_init_stream(i2s, &i2s->capture, "rx", DMA_DEV_TO_MEM,
			       res->start + ZI2S_REG_RXFIFO,
			       ZI2S_CTRL_RX_EN | ZI2S_CTRL_RX_DMA);
	if (ret)
		goto err_release_tx;

	i2s->silence = dma_alloc_coherent(i2s->playback.dma_dev, ZI2S_PRIME_BYTES,
					  &i2s->silence_dma, GFP_KERNEL);
	if (!i2s->silence) {
		ret = -ENOMEM;
		goto err_release_rx;
	}

	platform_set_drvdata(pdev, i2s);
	dev_dbg(dev, "ZI2S at %pa\n", &res->start);
	return 0;

err_release_rx:
	dma_release_channel(i2s->capture.chan);
err_release_tx:
	dma_release_channel(i2s->playback.chan);
	return ret;
}

static void zi2s_remove(struct platform_device *pdev)
{
	struct zi2s *i2s = platform_get_drvdata(pdev);

	writel(0, i2s->regs + ZI2S_REG_CTRL);
	dmaengine_terminate_sync(i2s->capture.chan);
	dmaengine_terminate_sync(i2s->playback.chan);
	dma_free_coherent(i2s->playback.dma_dev, ZI2S_PRIME_BYTES,
			  i2s->silence, i2s->silence_dma);
	dma_release_channel(i2s->capture.chan);
	dma_release_channel(i2s->playback.chan);
}

static struct platform_driver zi2s_driver = {
	.probe		= zi2s_probe,
	.remove_new	= zi2s_remove,
	.driver		= {
		.name	= DRV_NAME,
	},
};
module_platform_driver(zi2s_driver);

MODULE_DESCRIPTION("ZI2S I2S controller driver (cyclic dmaengine)");
MODULE_LICENSE("GPL");
