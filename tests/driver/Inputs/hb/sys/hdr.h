/* A kernel-wide header (reached with <...> through -I): which of its
 * function bodies does the parser read? */
#include <linux/dma-mapping.h>

/* Not named by the driver, larger than an accessor, no DMA API: skipped.
 * The undeclared identifier proves it: reading the body is an error. */
static inline int hdr_unused(int x)
{
	int y = x * 3 + 1;
	const char *brace = "}";	/* } a closing brace in text */
	char c = '}';

	y += undeclared_in_unused + brace[0] + c;
	return y > 10 ? y - 10 : y + x * 2;
}

/* A directive inside a skipped body: the parser must read through it (a
 * raw brace count would stop at the wrong '}'). */
static inline int hdr_unused_ifdef(int x)
{
	int y = x * 5;
#if 0
	if (y) {
#endif
	y += undeclared_in_unused;
	return y > 10 ? y - 10 : y + x * 2;
}

/* Declared after the skipped bodies: the driver uses it, so parsing must
 * resume at the right place. */
static inline size_t hdr_round(size_t len)
{
	return (len + 63) & ~(size_t)63;
}

/* Named by the driver only through a macro defined before it. */
#define HDR_VIA_MACRO(x) hdr_via_macro(x)
static inline int hdr_via_macro(int x)
{
	int y = x * 3 + 1;

	y += MACRO_BODY_READ;
	return y > 10 ? y - 10 : y + x * 2;
}

/* A wrapper the driver does not name, called by one it does: kept
 * because its body reaches the DMA API. */
static inline dma_addr_t hdr_map_inner(struct device *dev, void *buf,
				       size_t len)
{
	if (!len)
		len = 1;
	return dma_map_single(dev, buf, len, DMA_TO_DEVICE);
}

static inline dma_addr_t hdr_map(struct device *dev, void *buf, size_t len)
{
	size_t rounded = hdr_round(len);

	return hdr_map_inner(dev, buf, rounded ? rounded : len);
}
