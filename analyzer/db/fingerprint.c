/*
 * fingerprint.c - stable identities of findings: SHA-256 (FIPS 180-4) over
 * the rule, the file relative to the source root, the enclosing function, the
 * normalised tokens of the offending statement and the path events' messages.
 * Line and column numbers are never part of it.
 */
#include "db/dmadb.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
} sha256_ctx;

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256_ctx *c, const unsigned char *p)
{
	uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
			      (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
			      (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		     ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		     ((a & b) ^ (a & cc) ^ (b & cc));
		h = g, g = f, f = e, e = d + t1;
		d = cc, cc = b, b = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void sha256_init(sha256_ctx *c)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
	c->nbuf = 0;
}

static void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	c->len += n;
	while (n) {
		size_t k = 64 - c->nbuf;
		if (k > n)
			k = n;
		memcpy(c->buf + c->nbuf, p, k);
		c->nbuf += k;
		p += k;
		n -= k;
		if (c->nbuf == 64) {
			sha256_block(c, c->buf);
			c->nbuf = 0;
		}
	}
}

static void sha256_final(sha256_ctx *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad = 0x80, zero = 0, len[8];
	int i;

	sha256_update(c, &pad, 1);
	while (c->nbuf != 56)
		sha256_update(c, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, len, 8);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

static int ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

char *dmadb_normalize_tokens(const char *text)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)s);
	unsigned char *out = malloc(n + 1), *o = out;
	int pending_space = 0;

	if (!out)
		return NULL;
	while (*s) {
		if (isspace(*s)) {
			pending_space = 1;
			s++;
			continue;
		}
		if (s[0] == '/' && s[1] == '/')
			break; /* a line comment ends the statement text */
		if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr((const char *)s + 2, "*/");
			s = end ? (const unsigned char *)end + 2 : s + n;
			pending_space = 1;
			continue;
		}
		if (pending_space && o > out && ident_char(o[-1]) &&
		    ident_char(*s))
			*o++ = ' ';
		pending_space = 0;
		if (*s == '"' || *s == '\'') {
			/* A literal is kept verbatim, escapes included. */
			unsigned char q = *s;
			*o++ = *s++;
			while (*s && *s != q) {
				if (*s == '\\' && s[1])
					*o++ = *s++;
				*o++ = *s++;
			}
			if (*s)
				*o++ = *s++;
			continue;
		}
		*o++ = *s++;
	}
	*o = 0;
	return (char *)out;
}

static void put_field(sha256_ctx *c, const char *s)
{
	sha256_update(c, s ? s : "", s ? strlen(s) : 0);
	sha256_update(c, "", 1);
}

static void put_normalized(sha256_ctx *c, const char *s)
{
	char *n = dmadb_normalize_tokens(s);

	/* Out of memory: fall back to the raw text (still deterministic for
	 * the same input, which is all a fingerprint needs). */
	put_field(c, n ? n : s);
	free(n);
}

void dmadb_fingerprint(const char *rule, const char *path,
		       const char *function, const char *snippet,
		       const char *const *event_messages, size_t nevents,
		       unsigned occurrence, char out[DMADB_FINGERPRINT_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	sha256_ctx c;
	unsigned char digest[32];
	size_t i;

	sha256_init(&c);
	put_field(&c, "dmacheck/v1");
	put_field(&c, rule);
	put_field(&c, path);
	put_field(&c, function);
	put_normalized(&c, snippet);
	for (i = 0; i < nevents; i++)
		put_normalized(&c, event_messages[i]);
	if (occurrence) {
		char num[32];
		snprintf(num, sizeof(num), "#%u", occurrence);
		put_field(&c, num);
	}
	sha256_final(&c, digest);
	for (i = 0; i < (DMADB_FINGERPRINT_SIZE - 1) / 2; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[DMADB_FINGERPRINT_SIZE - 1] = 0;
}

void dmadb_sha256_hex(const void *data, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	sha256_ctx c;
	unsigned char digest[32];
	int i;

	sha256_init(&c);
	sha256_update(&c, data, n);
	sha256_final(&c, digest);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = 0;
}
