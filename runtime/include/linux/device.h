/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/ioport.h>
#include <linux/module.h>

struct device;
struct dmart_dev;

struct device_driver {
	const char *name;
	const struct bus_type *bus;
	struct module *owner;
};

struct bus_type {
	const char *name;
};

struct device_dma_parameters {
	unsigned int max_segment_size;
	unsigned int min_align_mask;
	unsigned long segment_boundary_mask;
};

struct device {
	struct device *parent;
	const char *init_name;
	const struct bus_type *bus;
	struct device_driver *driver;
	void *platform_data;
	void *driver_data;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	u64 bus_dma_limit;
	struct device_dma_parameters *dma_parms;
	struct device_node *of_node;
	void (*release)(struct device *dev);
	/* libdmart's simulated device behind this struct device. */
	struct dmart_dev *dmart;
};

const char *dev_name(const struct device *dev);

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

struct device *get_device(struct device *dev);
void put_device(struct device *dev);

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp);
void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t gfp);
void devm_kfree(struct device *dev, const void *p);
char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp);
int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
	__printf(3, 4);
#define dev_printk(level, dev, fmt, ...) _dev_printk(level, dev, fmt, ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	_dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		_dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)	_dev_printk(KERN_ALERT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		_dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		_dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	_dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		_dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) \
	do { if (0) _dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); } while (0)
#define dev_vdbg			dev_dbg
#define dev_err_ratelimited		dev_err
#define dev_warn_ratelimited		dev_warn
#define dev_info_ratelimited		dev_info
#define dev_err_once			dev_err
#define dev_warn_once			dev_warn
#define dev_info_once			dev_info
int dev_err_probe(const struct device *dev, int err, const char *fmt, ...) __printf(3, 4);

#endif /* _LINUX_DEVICE_H */
