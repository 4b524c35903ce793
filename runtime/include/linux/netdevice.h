/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/skbuff.h>
#include <linux/interrupt.h>
#include <linux/delay.h>

#define IFNAMSIZ	16
#define ETH_ALEN	6
#define ETH_HLEN	14
#define ETH_DATA_LEN	1500
#define ETH_FRAME_LEN	1514
#define ETH_ZLEN	60

enum netdev_tx {
	NETDEV_TX_OK = 0x00,
	NETDEV_TX_BUSY = 0x10,
};
typedef enum netdev_tx netdev_tx_t;

struct net_device_stats {
	unsigned long rx_packets;
	unsigned long tx_packets;
	unsigned long rx_bytes;
	unsigned long tx_bytes;
	unsigned long rx_errors;
	unsigned long tx_errors;
	unsigned long rx_dropped;
	unsigned long tx_dropped;
};

struct net_device;

struct net_device_ops {
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	void (*ndo_tx_timeout)(struct net_device *dev, unsigned int txqueue);
	int (*ndo_set_mac_address)(struct net_device *dev, void *addr);
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
};

/* Feature bits drivers set in features/hw_features (a subset, linux
 * netdev_features.h numbering). */
#define NETIF_F_SG		(1UL << 0)
#define NETIF_F_IP_CSUM		(1UL << 1)
#define NETIF_F_HW_CSUM		(1UL << 3)
#define NETIF_F_HIGHDMA		(1UL << 5)	/* can DMA to high memory */

struct napi_struct {
	struct net_device *dev;
	int (*poll)(struct napi_struct *napi, int budget);
	int weight;
	unsigned long state;
};

struct net_device {
	char name[IFNAMSIZ];
	struct device dev;
	const struct net_device_ops *netdev_ops;
	struct net_device_stats stats;
	unsigned int mtu;
	unsigned int flags;
	unsigned long features;
	unsigned long hw_features;
	unsigned char dev_addr[ETH_ALEN];
	int watchdog_timeo;
	void *dmart_priv;
};

static inline void *netdev_priv(const struct net_device *dev)
{
	return dev->dmart_priv;
}

#define SET_NETDEV_DEV(net, pdev)	((net)->dev.parent = (pdev))

struct net_device *alloc_etherdev(int sizeof_priv);
struct net_device *devm_alloc_etherdev(struct device *dev, int sizeof_priv);
void free_netdev(struct net_device *dev);
int register_netdev(struct net_device *dev);
void unregister_netdev(struct net_device *dev);
void netif_start_queue(struct net_device *dev);
void netif_stop_queue(struct net_device *dev);
void netif_wake_queue(struct net_device *dev);
bool netif_queue_stopped(const struct net_device *dev);
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
int netif_rx(struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
void napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int));
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *n);
void napi_disable(struct napi_struct *n);
bool napi_schedule(struct napi_struct *n);
bool napi_complete_done(struct napi_struct *n, int work_done);
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);
void eth_hw_addr_random(struct net_device *dev);

#define netdev_err(dev, fmt, ...)	printk(KERN_ERR "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_warn(dev, fmt, ...)	printk(KERN_WARNING "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_info(dev, fmt, ...)	printk(KERN_INFO "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_dbg(dev, fmt, ...) \
	do { if (0) printk(KERN_DEBUG "%s: " fmt, (dev)->name, ##__VA_ARGS__); } while (0)

#endif /* _LINUX_NETDEVICE_H */
