// SPDX-License-Identifier: GPL-2.0
/*
 * libdmart networking bits: sk_buffs whose data and shared info live in
 * the linear map (so mapping skb->data is legitimate), and net_devices.
 */
#include <linux/netdevice.h>
#include <linux/slab.h>
#include "internal.h"

struct sk_buff *alloc_skb(unsigned int size, gfp_t priority)
{
	struct sk_buff *skb = kzalloc(sizeof(*skb), priority);
	unsigned int end = ALIGN(size, L1_CACHE_BYTES);

	if (!skb)
		return NULL;
	skb->head = kmalloc(end + sizeof(struct skb_shared_info), priority);
	if (!skb->head) {
		kfree(skb);
		return NULL;
	}
	skb->data = skb->head;
	skb->tail = 0;
	skb->end = end;
	skb->truesize = end + sizeof(*skb);
	memset(skb_shinfo(skb), 0, sizeof(struct skb_shared_info));
	return skb;
}

struct sk_buff *dev_alloc_skb(unsigned int length)
{
	struct sk_buff *skb = alloc_skb(length + NET_SKB_PAD, GFP_ATOMIC);

	if (skb)
		skb_reserve(skb, NET_SKB_PAD);
	return skb;
}

struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int length)
{
	struct sk_buff *skb = dev_alloc_skb(length);

	if (skb)
		skb->dev = dev;
	return skb;
}

struct sk_buff *netdev_alloc_skb_ip_align(struct net_device *dev,
					  unsigned int length)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, length + NET_IP_ALIGN);

	if (skb)
		skb_reserve(skb, NET_IP_ALIGN);
	return skb;
}

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int length)
{
	return netdev_alloc_skb(napi ? napi->dev : NULL, length);
}

void kfree_skb(struct sk_buff *skb)
{
	struct skb_shared_info *sh;
	int i;

	if (!skb)
		return;
	sh = skb_shinfo(skb);
	for (i = 0; i < sh->nr_frags; i++)
		__free_page(skb_frag_page(&sh->frags[i]));
	kfree(skb->head);
	kfree(skb);
}

void consume_skb(struct sk_buff *skb)
{
	kfree_skb(skb);
}

void dev_kfree_skb_any(struct sk_buff *skb)
{
	kfree_skb(skb);
}

void dev_kfree_skb_irq(struct sk_buff *skb)
{
	kfree_skb(skb);
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_tail_pointer(skb);

	if (skb->tail + len > skb->end)
		dmart_bug(__FILE__, __LINE__);
	skb->tail += len;
	skb->len += len;
	return tmp;
}

void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *p = skb_put(skb, len);

	memcpy(p, data, len);
	return p;
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (len > skb->len)
		return NULL;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->len > len) {
		skb->len = len;
		skb->tail = skb->data - skb->head + len;
	}
}

void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, int off,
			int size)
{
	skb_frag_fill_page_desc(&skb_shinfo(skb)->frags[i], page, off, size);
	skb_shinfo(skb)->nr_frags = i + 1;
}

void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off,
		     int size, unsigned int truesize)
{
	skb_fill_page_desc(skb, i, page, off, size);
	skb->len += size;
	skb->data_len += size;
	skb->truesize += truesize;
}

int skb_padto(struct sk_buff *skb, unsigned int len)
{
	if (skb->len >= len)
		return 0;
	if (skb->tail + (len - skb->len) > skb->end)
		return -ENOMEM;
	memset(skb_put(skb, len - skb->len), 0, len - skb->len);
	return 0;
}

struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp_mask)
{
	struct sk_buff *n = alloc_skb(skb->end, gfp_mask);

	if (!n)
		return NULL;
	skb_reserve(n, skb_headroom(skb));
	skb_put_data(n, skb->data, skb_headlen(skb));
	return n;
}

struct net_device *alloc_etherdev(int sizeof_priv)
{
	struct net_device *dev = kzalloc(sizeof(*dev) + sizeof_priv, GFP_KERNEL);

	if (!dev)
		return NULL;
	snprintf(dev->name, IFNAMSIZ, "eth%%d");
	dev->mtu = ETH_DATA_LEN;
	dev->dmart_priv = dev + 1;
	return dev;
}

static void free_netdev_action(void *p)
{
	free_netdev(p);
}

struct net_device *devm_alloc_etherdev(struct device *dev, int sizeof_priv)
{
	struct net_device *nd = alloc_etherdev(sizeof_priv);

	if (nd)
		devm_add_action_or_reset(dev, free_netdev_action, nd);
	return nd;
}

void free_netdev(struct net_device *dev)
{
	kfree(dev);
}

int register_netdev(struct net_device *dev)
{
	snprintf(dev->name, IFNAMSIZ, "eth0");
	return 0;
}

void unregister_netdev(struct net_device *dev) { }
void netif_start_queue(struct net_device *dev) { dev->flags &= ~1u; }
void netif_stop_queue(struct net_device *dev) { dev->flags |= 1u; }
void netif_wake_queue(struct net_device *dev) { dev->flags &= ~1u; }
bool netif_queue_stopped(const struct net_device *dev) { return dev->flags & 1u; }
void netif_carrier_on(struct net_device *dev) { }
void netif_carrier_off(struct net_device *dev) { }

int netif_rx(struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

int netif_receive_skb(struct sk_buff *skb)
{
	return netif_rx(skb);
}

void napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	netif_rx(skb);
}

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int))
{
	napi->dev = dev;
	napi->poll = poll;
	napi->weight = 64;
}

void netif_napi_del(struct napi_struct *napi) { }
void napi_enable(struct napi_struct *n) { }
void napi_disable(struct napi_struct *n) { }

static void napi_run(void *arg)
{
	struct napi_struct *n = arg;

	__atomic_store_n(&n->state, 0, __ATOMIC_RELEASE);
	dmart_atomic_enter();
	n->poll(n, n->weight);
	dmart_atomic_exit();
}


bool napi_schedule(struct napi_struct *n)
{
	if (__atomic_exchange_n(&n->state, 1, __ATOMIC_ACQ_REL))
		return false;
	dmart_work_queue(napi_run, n, n, 0);
	return true;
}

bool napi_complete_done(struct napi_struct *n, int work_done)
{
	return true;
}

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	skb->dev = dev;
	skb_pull(skb, ETH_HLEN);
	return skb->protocol;
}

void eth_hw_addr_random(struct net_device *dev)
{
	static const unsigned char addr[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 1 };

	memcpy(dev->dev_addr, addr, ETH_ALEN);
}
