// DMART_REPORT stays valid JSON whatever bytes the strings in a report
// hold: device and channel names, the file names of the call and of the
// mapping, and a message that names another device or a file and is cut
// short.  Quotes, backslashes, every control byte, DEL, well-formed UTF-8
// (kept as is) and ill-formed UTF-8 (each maximal subpart becomes one
// U+FFFD: lone bytes, truncated and overlong sequences, surrogates, code
// points above U+10FFFF).  The program writes what each report must say to
// a manifest; json_hostile.py parses every line back with Python's json
// module in strict mode and compares.
//
// RUN: rm -f %t.json %t.manifest
// RUN: %cc %dmart_cflags %s %dmart_lib -o %t
// RUN: env DMART_REPORT=%t.json %not %t %t.manifest 2>/dev/null
// RUN: %python %S/Inputs/json_hostile.py %t.json %t.manifest | %FileCheck %s
//
// CHECK: json_hostile: {{[0-9]+}} reports parsed back: {{[0-9]+}} with well-formed UTF-8 kept, {{[0-9]+}} with ill-formed bytes replaced, {{[1-9][0-9]*}} with a message cut inside a character

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmart.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/slab.h>

static const char *const hostile[] = {
	"q\"uo\"te\\back\\\\slash/\\u0041\\",
	"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f",
	"esc\x1b[31m\r\n{\"rule\":\"fake\"}\n",
	/* well-formed: é € U+1F600 BOM U+FFFF U+10FFFF */
	"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbb\xbf \xef\xbf\xbf \xf4\x8f\xbf\xbf",
	/* well-formed line separators: U+0085 U+2028 U+2029 */
	"nel\xc2\x85" "ls\xe2\x80\xa8" "ps\xe2\x80\xa9" "end",
	"lone\xff" "ff",
	"\xfe\xff\xfe",
	"\x80\xbf" "cont\x80",
	"trunc2\xc3",
	"trunc3\xe2\x82",
	"trunc4\xf0\x9f\x98",
	"mid\xe2\x82" "x\xf0\x9f" "y\xc3" "z",
	"overlong\xc0\xaf\xc1\xbf",
	"\xe0\x80\xaf\xe0\x9f\xbf",
	"\xf0\x80\x80\xaf\xf0\x8f\xbf\xbf",
	"surr\xed\xa0\x80\xed\xbf\xbf\xed\xa0\xbd\xed\xb8\x80",
	"big\xf4\x90\x80\x80\xf5\x80\x80\x80\xf8\x88\x80\x80\x80\xfc\x84\x80\x80\x80\x80",
	"mix\"\\\x01\xff\xc3\xa9\xed\xa0\x80\x7f\xe2\x80\xa8",
	/* longer than a device name: cut after 63 bytes, inside a character */
	"x\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
};
#define N_HOSTILE (sizeof(hostile) / sizeof(hostile[0]))

static FILE *manifest;

static void hex(const char *s)
{
	fputc('\t', manifest);
	if (!s) {
		fputc('-', manifest);
		return;
	}
	fputc('=', manifest);
	for (; *s; s++)
		fprintf(manifest, "%02x", (unsigned char)*s);
}

/*
 * One expected report: rule, device, file, map file (NULL: none), a part
 * of the message and the part it ends with, which may be cut short.
 */
static void expect(const char *rule, const char *device, const char *file,
		   const char *map_file, const char *part, const char *tail)
{
	fputs(rule, manifest);
	hex(device);
	hex(file);
	hex(map_file);
	hex(part);
	hex(tail);
	fputc('\n', manifest);
}

static struct device *device(const char *name)
{
	struct device *dev = dmart_device_create(name, DMA_BIT_MASK(48), 0);

	/* The name is kept, cut to the first 63 bytes. */
	if (strncmp(dev_name(dev), name, 63)) {
		fprintf(stderr, "device name not kept\n");
		exit(3);
	}
	return dev;
}

static dma_addr_t map(struct device *dev, void *buf, const char *file)
{
	dma_addr_t h;

	dmart_loc_push("dma_map_single", file, 10);
	h = (dma_map_single)(dev, buf, 32, DMA_TO_DEVICE);
	if ((dma_mapping_error)(dev, h))
		exit(3);
	return h;
}

static void unmap(struct device *dev, dma_addr_t h, const char *file)
{
	dmart_loc_push("dma_unmap_single", file, 20);
	(dma_unmap_single)(dev, h, 32, DMA_TO_DEVICE);
}

static void streaming(size_t i, char *buf)
{
	const char *file = hostile[(i + 1) % N_HOSTILE];
	const char *map_file = hostile[(i + 2) % N_HOSTILE];
	struct device *dev = device(hostile[i]);
	struct device *other = device(hostile[(i + 3) % N_HOSTILE]);
	dma_addr_t h;

	/* Unmapped twice: device, file and map file. */
	h = map(dev, buf, map_file);
	unmap(dev, h, file);
	unmap(dev, h, file);
	expect("dma-double-unmap", dev_name(dev), file, map_file, NULL, NULL);

	/* Unmapped through another device: the message names the owner. */
	h = map(dev, buf, hostile[i]);
	unmap(other, h, hostile[(i + 4) % N_HOSTILE]);
	expect("dma-unmap-mismatch", dev_name(other),
	       hostile[(i + 4) % N_HOSTILE], hostile[i], dev_name(dev), NULL);
	unmap(dev, h, file);

	dmart_device_destroy(other);
	dmart_device_destroy(dev);
}

/*
 * A channel used after release: the message names the channel and the
 * file of the release; a long file name cuts the message short, at one of
 * three byte offsets inside a three-byte character.
 */
static void dmaengine(int pad)
{
	static char long_file[3][700];
	char *f = long_file[pad];
	const char *chan_name = "rx\"\x01\xff\xc3";
	struct device *client = device("dma\tclient");
	struct dma_chan *chan;
	char part[64];
	int i;

	strcpy(f, "/src/");
	strncat(f, "ab", pad);
	for (i = 0; i < 200; i++)
		strcat(f, "\xe2\x82\xac");
	strcat(f, ".c");
	if (dmart_dmaengine_provide(client, chan_name))
		exit(3);
	chan = dma_request_chan(client, chan_name);
	if (IS_ERR(chan))
		exit(3);
	dmart_loc_push("dma_release_channel", f, 30);
	(dma_release_channel)(chan);
	dmart_loc_push("dma_async_issue_pending", hostile[pad], 40);
	(dma_async_issue_pending)(chan);
	snprintf(part, sizeof(part), "channel %s used", chan_name);
	expect("dmaengine-use-after-release", dev_name(client), hostile[pad],
	       NULL, part, f);
	dmart_device_destroy(client);
}

int main(int argc, char **argv)
{
	char *buf = kmalloc(32, GFP_KERNEL);
	size_t i;
	int pad;

	manifest = argc > 1 ? fopen(argv[1], "w") : NULL;
	if (!manifest || !buf)
		return 3;
	for (i = 0; i < N_HOSTILE; i++)
		streaming(i, buf);
	for (pad = 0; pad < 3; pad++)
		dmaengine(pad);
	kfree(buf);
	fclose(manifest);
	fprintf(stderr, "errors %lu\n", dmart_error_count());
	return dmart_error_count() != 0;
}
