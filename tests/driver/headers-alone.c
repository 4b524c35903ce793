// Each common header, alone, makes available what linux 6.12's version of
// it does through its own includes (a driver relies on that include web):
// every section below includes one header and uses functions, macros and
// types that the kernel's header provides transitively.  The sections
// compile against the kernel's own headers too (Inputs/headers-alone-kernel.sh
// checks that against a kernel tree); here they must compile against the
// bundled headers, as the analyzer reads them and as libdmart's users do,
// with every undeclared name an error.
//
// RUN: for h in module pci netdevice etherdevice skbuff usb interrupt platform_device slab dma_mapping scatterlist dmaengine dmapool device mm highmem vmalloc io workqueue delay spinlock; do \
// RUN:   %cc -fsyntax-only -std=gnu11 -D__KERNEL__ -D__DMACHECK__ -Werror -Wall -Wno-unused-function -I %rt_include -DH_$h %s || { echo "analyzer mode: <$h> alone"; exit 1; }; \
// RUN:   %cc -fsyntax-only %dmart_cflags -Werror -DH_$h %s || { echo "runtime mode: <$h> alone"; exit 1; }; \
// RUN: done

#if defined(H_module)
#include <linux/module.h>
/* kernel: module.h -> slab, uaccess, workqueue, wait, completion, jiffies */
struct m_priv {
	struct list_head node;
	spinlock_t lock;
	struct mutex mtx;
	struct completion done;
	wait_queue_head_t wq;
	struct work_struct work;
	struct timer_list timer;
};

static int m_use(struct m_priv *p, void __user *ubuf)
{
	char *b = kzalloc(16, GFP_KERNEL);
	unsigned long deadline = jiffies + msecs_to_jiffies(10);

	if (!b)
		return -ENOMEM;
	INIT_LIST_HEAD(&p->node);
	spin_lock_init(&p->lock);
	mutex_init(&p->mtx);
	init_completion(&p->done);
	init_waitqueue_head(&p->wq);
	if (copy_from_user(b, ubuf, 16) || time_after(jiffies, deadline))
		pr_err("m: %d\n", -EFAULT);
	kfree(b);
	return 0;
}

static int __init m_init(void)
{
	return m_use(NULL, NULL);
}

static void __exit m_exit(void)
{
}
module_init(m_init);
module_exit(m_exit);
MODULE_LICENSE("GPL");

#elif defined(H_pci)
#include <linux/pci.h>
/* kernel: pci.h -> io (asm/pci.h), slab, dma-mapping, dmapool, interrupt */
static irqreturn_t p_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

static int p_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	void __iomem *regs = pci_iomap(pdev, 0, 0);
	struct dma_pool *pool;
	u32 *buf = kzalloc(64, GFP_KERNEL);
	dma_addr_t d;

	if (!buf || !regs || dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32)))
		return -ENOMEM;
	d = dma_map_single(&pdev->dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(&pdev->dev, d))
		return -ENOMEM;
	writel(lower_32_bits(d), regs + 4);
	iowrite32(readl(regs) | 1, regs);
	pool = dma_pool_create("p", &pdev->dev, 64, 8, 0);
	dma_pool_destroy(pool);
	dma_unmap_single(&pdev->dev, d, 64, DMA_TO_DEVICE);
	kfree(buf);
	return request_irq(pdev->irq, p_irq, IRQF_SHARED, "p", pdev);
}

static struct pci_driver p_driver = { .name = "p", .probe = p_probe };
module_pci_driver(p_driver);

#elif defined(H_netdevice)
#include <linux/netdevice.h>
/* kernel: netdevice.h -> skbuff, dma-mapping, slab, delay, module, interrupt */
static netdev_tx_t n_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct device *dev = ndev->dev.parent;
	dma_addr_t d = dma_map_single(dev, skb->data, skb_headlen(skb),
				      DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	dma_unmap_single(dev, d, skb_headlen(skb), DMA_TO_DEVICE);
	mdelay(1);
	kfree(kzalloc(8, GFP_ATOMIC));
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int n_rx(struct net_device *ndev, struct napi_struct *napi)
{
	struct sk_buff *skb = netdev_alloc_skb_ip_align(ndev, 128);

	if (!skb)
		return -ENOMEM;
	skb_put(skb, 64);
	napi_gro_receive(napi, skb);
	return 0;
}

static const struct net_device_ops n_ops = { .ndo_start_xmit = n_xmit };

static void n_setup(struct net_device *ndev)
{
	ndev->netdev_ops = &n_ops;
}
MODULE_LICENSE("GPL");

#elif defined(H_etherdevice)
#include <linux/etherdevice.h>
/* kernel: etherdevice.h -> netdevice, skbuff */
static int e_probe(struct device *dev)
{
	struct net_device *ndev = alloc_etherdev(16);
	struct sk_buff *skb;

	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, dev);
	eth_hw_addr_random(ndev);
	skb = netdev_alloc_skb(ndev, ETH_FRAME_LEN);
	if (skb) {
		skb->protocol = eth_type_trans(skb, ndev);
		dev_kfree_skb(skb);
	}
	free_netdev(ndev);
	return 0;
}

#elif defined(H_skbuff)
#include <linux/skbuff.h>
/* kernel: skbuff.h -> dma-mapping, highmem, slab, mm */
static int s_map(struct device *dev, struct sk_buff *skb)
{
	const skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	dma_addr_t d = skb_frag_dma_map(dev, frag, 0, skb_frag_size(frag),
					DMA_TO_DEVICE);
	void *va;

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	dma_unmap_page(dev, d, skb_frag_size(frag), DMA_TO_DEVICE);
	va = kmap_local_page(skb_frag_page(frag));
	kunmap_local(va);
	kfree(kmalloc(8, GFP_KERNEL));
	consume_skb(skb);
	return 0;
}

#elif defined(H_usb)
#include <linux/usb.h>
/* kernel: usb.h -> device model, slab, mutex, interrupt, delay, module */
struct u_priv {
	struct usb_device *udev;
	struct mutex lock;
	u8 *buf;
	dma_addr_t dma;
};

static void u_complete(struct urb *urb)
{
}

static int u_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	struct u_priv *p = devm_kzalloc(&intf->dev, sizeof(*p), GFP_KERNEL);
	struct urb *urb;

	if (!p)
		return -ENOMEM;
	mutex_init(&p->lock);
	p->udev = usb_get_dev(udev);
	usb_set_intfdata(intf, p);
	p->buf = usb_alloc_coherent(udev, 64, GFP_KERNEL, &p->dma);
	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!p->buf || !urb)
		return -ENOMEM;
	usb_fill_bulk_urb(urb, udev, usb_sndbulkpipe(udev, 1), p->buf, 64,
			  u_complete, p);
	urb->transfer_dma = p->dma;
	urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
	if (usb_submit_urb(urb, GFP_KERNEL))
		dev_err(&intf->dev, "submit\n");
	msleep(1);
	usb_free_urb(urb);
	usb_free_coherent(udev, 64, p->buf, p->dma);
	return 0;
}

static struct usb_driver u_driver = { .name = "u", .probe = u_probe };
module_usb_driver(u_driver);

#elif defined(H_interrupt)
#include <linux/interrupt.h>
/* kernel: interrupt.h -> spinlock, workqueue, jiffies, mutex, kernel */
struct i_priv {
	spinlock_t lock;
	struct mutex mtx;
	struct tasklet_struct t;
	struct work_struct w;
	unsigned long stamp;
};

static void i_tasklet(struct tasklet_struct *t)
{
	struct i_priv *p = from_tasklet(p, t, t);
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	p->stamp = jiffies;
	spin_unlock_irqrestore(&p->lock, flags);
	schedule_work(&p->w);
}

static irqreturn_t i_irq(int irq, void *data)
{
	struct i_priv *p = data;

	tasklet_schedule(&p->t);
	return IRQ_HANDLED;
}

static int i_setup(struct i_priv *p, int irq)
{
	tasklet_setup(&p->t, i_tasklet);
	mutex_init(&p->mtx);
	pr_debug("irq %d\n", irq);
	return request_irq(irq, i_irq, 0, "i", p);
}

#elif defined(H_platform_device)
#include <linux/platform_device.h>
/* kernel: platform_device.h -> device (slab, module, ioport, mutex) */
static int pd_probe(struct platform_device *pdev)
{
	struct resource *res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	void __iomem *regs = devm_platform_ioremap_resource(pdev, 0);
	void *priv = devm_kzalloc(&pdev->dev, 32, GFP_KERNEL);
	char *tmp = kmalloc(8, GFP_KERNEL);

	if (IS_ERR(regs) || !res || !priv)
		return -ENODEV;
	kfree(tmp);
	platform_set_drvdata(pdev, priv);
	dev_info(&pdev->dev, "%pR irq %d\n", res, platform_get_irq(pdev, 0));
	return 0;
}

static struct platform_driver pd_driver = {
	.probe = pd_probe,
	.driver = { .name = "pd" },
};
module_platform_driver(pd_driver);
MODULE_LICENSE("GPL");

#elif defined(H_slab)
#include <linux/slab.h>
/* kernel: slab.h -> gfp, overflow, list, spinlock, mutex, workqueue */
struct sl_priv {
	char name[8];
	struct list_head node;
	spinlock_t lock;
	struct mutex mtx;
	struct work_struct w;
};

static struct sl_priv *sl_new(size_t n)
{
	struct sl_priv *p = kcalloc(n, sizeof(*p), GFP_KERNEL);

	if (!p || array_size(n, sizeof(*p)) > PAGE_SIZE)
		return NULL;
	INIT_LIST_HEAD(&p->node);
	spin_lock_init(&p->lock);
	mutex_init(&p->mtx);
	BUG_ON(!p);
	pr_info("%zu\n", min_t(size_t, n, ARRAY_SIZE(p->name)));
	return p;
}

#elif defined(H_dma_mapping)
#include <linux/dma-mapping.h>
/* kernel: dma-mapping.h -> device, scatterlist, mm, slab, asm/io */
static int dm_map(struct device *dev, void __iomem *regs)
{
	void *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t d;

	if (!buf)
		return -ENOMEM;
	d = dma_map_single(dev, buf, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d)) {
		dev_err(dev, "map\n");
		kfree(buf);
		return -ENOMEM;
	}
	writel(lower_32_bits(d), regs);
	dma_unmap_single(dev, d, 64, DMA_FROM_DEVICE);
	kfree(buf);
	return 0;
}

#elif defined(H_scatterlist)
#include <linux/scatterlist.h>
/* kernel: scatterlist.h -> mm, slab, asm/io, bug */
static void sc_fill(struct scatterlist *sgl, int n, void __iomem *regs)
{
	struct scatterlist *sg;
	void *buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	int i;

	sg_init_table(sgl, n);
	sg_set_buf(sgl, buf, PAGE_SIZE);
	for_each_sg(sgl, sg, n, i)
		writel(sg_dma_len(sg), regs);
	BUG_ON(virt_to_page(buf) == NULL);
	kfree(buf);
}

#elif defined(H_dmaengine)
#include <linux/dmaengine.h>
/* kernel: dmaengine.h -> device, scatterlist, slab, completion, bitops */
struct de_priv {
	struct completion done;
	struct dma_chan *chan;
	struct scatterlist sg;
};

static void de_done(void *arg)
{
	struct de_priv *p = arg;

	complete(&p->done);
}

static int de_xfer(struct device *dev, struct de_priv *p, dma_addr_t d)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = { .direction = DMA_MEM_TO_DEV };

	p->chan = dma_request_chan(dev, "tx");
	if (IS_ERR(p->chan))
		return dev_err_probe(dev, PTR_ERR(p->chan), "no channel\n");
	init_completion(&p->done);
	dmaengine_slave_config(p->chan, &cfg);
	sg_init_table(&p->sg, 1);
	tx = dmaengine_prep_slave_single(p->chan, d, 64, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT);
	if (!tx)
		return -EIO;
	tx->callback = de_done;
	tx->callback_param = p;
	dmaengine_submit(tx);
	dma_async_issue_pending(p->chan);
	wait_for_completion(&p->done);
	kfree(kzalloc(4, GFP_KERNEL));
	dmaengine_terminate_sync(p->chan);
	dma_release_channel(p->chan);
	return 0;
}

#elif defined(H_dmapool)
#include <linux/dmapool.h>
/* kernel: dmapool.h -> device, scatterlist, slab, asm/io */
static int dp_use(struct device *dev, void __iomem *regs)
{
	struct dma_pool *pool = dma_pool_create("dp", dev, 64, 8, 0);
	dma_addr_t d;
	void *v;

	if (!pool)
		return -ENOMEM;
	v = dma_pool_zalloc(pool, GFP_KERNEL, &d);
	if (v) {
		writel(lower_32_bits(d), regs);
		dma_pool_free(pool, v, d);
	}
	dma_pool_destroy(pool);
	kfree(kzalloc(4, GFP_KERNEL));
	return 0;
}

#elif defined(H_device)
#include <linux/device.h>
/* kernel: device.h -> module, slab, ioport, mutex, completion, uaccess */
static int dv_probe(struct device *dev)
{
	struct mutex *m = devm_kzalloc(dev, sizeof(*m), GFP_KERNEL);
	struct resource *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!m || !r)
		return dev_err_probe(dev, -ENOMEM, "no memory\n");
	mutex_init(m);
	dev_set_drvdata(dev, m);
	dev_dbg(dev, "%pR\n", r);
	kfree(r);
	return 0;
}
MODULE_LICENSE("GPL");

#elif defined(H_mm)
#include <linux/mm.h>
/* kernel: mm.h -> slab, gfp, uaccess, spinlock, mutex */
static void *mm_page(struct mutex *m, spinlock_t *l)
{
	struct page *page = alloc_pages(GFP_KERNEL, get_order(8192));
	void *va;

	if (!page)
		return NULL;
	va = page_address(page);
	mutex_lock(m);
	spin_lock(l);
	spin_unlock(l);
	mutex_unlock(m);
	kfree(kmalloc(8, GFP_KERNEL));
	__free_pages(page, 1);
	return va;
}

#elif defined(H_highmem)
#include <linux/highmem.h>
/* kernel: highmem.h -> mm, slab, dma-direction */
static void hm_copy(struct page *page, char *to)
{
	void *va = kmap_local_page(page);
	enum dma_data_direction dir = DMA_FROM_DEVICE;

	memcpy(to, va, dir == DMA_FROM_DEVICE ? 8 : 0);
	kunmap_local(va);
	kfree(kmalloc(8, GFP_KERNEL));
}

#elif defined(H_vmalloc)
#include <linux/vmalloc.h>
/* kernel: vmalloc.h -> spinlock, list, sched, kernel */
static void *vm_alloc(spinlock_t *l, size_t n)
{
	void *p = vzalloc(array_size(n, 8));

	spin_lock(l);
	spin_unlock(l);
	if (!p)
		pr_warn("vzalloc %zu\n", n);
	might_sleep();
	vfree(p);
	return NULL;
}

#elif defined(H_io)
#include <linux/io.h>
/* kernel: io.h -> asm/io, kernel (printk, bug, err, string), list */
static int io_poke(void __iomem *regs, struct list_head *l)
{
	u32 v = readl(regs);

	INIT_LIST_HEAD(l);
	writel(v | BIT(3), regs);
	memset_io(regs, 0, 16);
	if (IS_ERR_OR_NULL(regs))
		return -EINVAL;
	WARN_ON(v == ~0u);
	pr_info("%u\n", min(v, 8u));
	return 0;
}

#elif defined(H_workqueue)
#include <linux/workqueue.h>
/* kernel: workqueue.h -> timer, jiffies, spinlock, kernel */
struct wq_priv {
	struct delayed_work dw;
	spinlock_t lock;
};

static void wq_fn(struct work_struct *w)
{
	struct wq_priv *p = container_of(to_delayed_work(w), struct wq_priv, dw);

	spin_lock(&p->lock);
	spin_unlock(&p->lock);
}

static void wq_start(struct wq_priv *p)
{
	INIT_DELAYED_WORK(&p->dw, wq_fn);
	spin_lock_init(&p->lock);
	schedule_delayed_work(&p->dw, msecs_to_jiffies(5));
}

#elif defined(H_delay)
#include <linux/delay.h>
/* kernel: delay.h -> kernel, spinlock, sched */
static int dl_wait(spinlock_t *l, int (*ready)(void))
{
	int tries = 100;

	while (!ready()) {
		if (!--tries)
			return -ETIMEDOUT;
		usleep_range(10, 20);
		cond_resched();
	}
	spin_lock(l);
	mdelay(1);
	spin_unlock(l);
	msleep(1);
	return 0;
}

#elif defined(H_spinlock)
#include <linux/spinlock.h>
/* kernel: spinlock.h -> kernel, list, atomic, bug */
struct sp_priv {
	spinlock_t lock;
	struct list_head items;
	atomic_t count;
};

static void sp_add(struct sp_priv *p, struct list_head *n)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	list_add_tail(n, &p->items);
	atomic_inc(&p->count);
	spin_unlock_irqrestore(&p->lock, flags);
	WARN_ON_ONCE(list_empty(&p->items));
}

#else
#error no header selected
#endif
