/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart harness API: create simulated devices, drive their DMA, inject
 * faults and read the checker's verdict.  See docs/runtime.md.
 */
#ifndef _DMART_H
#define _DMART_H

#include <stdio.h>
#include <linux/types.h>
#include <linux/device.h>

struct usb_device;
struct usb_interface;
struct pci_dev;

/* dmart_device_create() flags */
#define DMART_IOMMU		0x1u	/* bus addresses come from an IOMMU */
#define DMART_NONCOHERENT	0x2u	/* device and CPU see separate copies */

struct device *dmart_device_create(const char *name, u64 dma_mask,
				   unsigned int flags);
void dmart_device_destroy(struct device *dev);
/* For a struct device embedded in the driver's own structure. */
int dmart_device_init(struct device *dev, const char *name, u64 dma_mask,
		      unsigned int flags);
void dmart_device_exit(struct device *dev);
struct pci_dev *dmart_pci_device_create(const char *name, u64 dma_mask,
					unsigned int flags);
void dmart_pci_device_destroy(struct pci_dev *pdev);

struct usb_device *dmart_usb_device_create(const char *name);
void dmart_usb_device_destroy(struct usb_device *udev);
struct usb_interface *dmart_usb_interface(struct usb_device *udev, int n);
/* Data an IN transfer on @udev receives (else IN transfers return zeroes). */
void dmart_usb_set_in_data(struct usb_device *udev, const void *data, size_t len);

int dmart_dmaengine_provide(struct device *client, const char *chan_name);
/*
 * The peripheral FIFO of @client at @addr (a dma_slave_config dst_addr or
 * src_addr): read takes out what MEM_TO_DEV transfers wrote there, write
 * puts in what DEV_TO_MEM transfers from there receive.  Bytes moved, or
 * -EINVAL.
 */
ssize_t dmart_dmaengine_fifo_read(struct device *client, phys_addr_t addr,
				  void *buf, size_t len);
ssize_t dmart_dmaengine_fifo_write(struct device *client, phys_addr_t addr,
				   const void *buf, size_t len);

int dmart_dev_read(struct device *dev, dma_addr_t addr, void *buf, size_t len);
int dmart_dev_write(struct device *dev, dma_addr_t addr, const void *buf,
		    size_t len);

/*
 * N and every-N count the calls of @class from the one after the call that
 * sets the fault (n = 1: the next call); setting or clearing a fault never
 * resets dmart_fail_calls().
 */
void dmart_fail_nth(const char *class, unsigned int n);
void dmart_fail_every(const char *class, unsigned int n);
void dmart_fail_random(const char *class, unsigned int percent, unsigned int seed);
/*
 * Fail the @nth call of @class made at @file:@line (0: every call there);
 * @file is the call site's __FILE__ or its last path components.  Several
 * sites may be set; dmart_fail_clear() clears them too.  As DMART_FAIL:
 * class@FILE:LINE[:N].
 */
int dmart_fail_site(const char *class, const char *file, int line,
		    unsigned int nth);
/* Every failure point reached so far: "class@file:line calls" lines. */
void dmart_fail_sites(FILE *out);
void dmart_fail_clear(void);
/* Calls of @class seen so far (the next one is number count + 1). */
unsigned long dmart_fail_calls(const char *class);

unsigned long dmart_error_count(void);
/*
 * Misuse of this harness API (a device destroyed twice, a NULL device...):
 * each prints a "misuse" line and is counted here, never as a finding.
 */
unsigned long dmart_misuse_count(void);
/* Reports of one rule (name from rules/checks.def) so far. */
unsigned long dmart_rule_count(const char *rule);
void dmart_dump(FILE *out);

/* Controls, also settable as DMART_STOP / DMART_FILTER. */
void dmart_set_stop_on_error(int stop);
void dmart_set_filter(const char *device_names);
void dmart_set_report_file(const char *path);
/*
 * dma-debug's all_errors, num_errors and disabled (also DMART_ALL_ERRORS,
 * DMART_NUM_ERRORS, DMART_DISABLED).  Findings are always counted; while
 * all_errors is off only num_errors more are printed.  Setting num_errors
 * turns all_errors off.  Disabled: no checks report or count at all.
 */
void dmart_set_all_errors(int all);
void dmart_set_num_errors(unsigned long n);
void dmart_set_disabled(int disabled);
int dmart_disabled(void);

/* Fire a handler registered with request_irq(), as in interrupt context. */
int dmart_irq_raise(unsigned int irq);

/*
 * A harness's scenarios (docs/confirm.md): main() returns
 * dmart_harness_main(argc, argv, table), table ended by { NULL, NULL }.
 * "--list" prints the names; "NAME" runs one; no argument runs them all.
 * Each scenario should probe, exercise and remove the driver, so that what
 * it leaks is reported when its devices are destroyed.  A scenario returns
 * 0, or nonzero when the driver did something the harness did not expect.
 */
struct dmart_scenario {
	const char *name;
	int (*run)(void);
};

int dmart_harness_main(int argc, char **argv,
		       const struct dmart_scenario *scenarios);

#endif /* _DMART_H */
