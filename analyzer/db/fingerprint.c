/*
 * fingerprint.c - stable identities of findings: SHA-256 (nettle) over the
 * rule, the file relative to the source root, the enclosing function, the
 * normalised tokens of the offending statement and the path events' messages.
 * Line and column numbers are never part of it.
 */
#include "db/internal.h"

#include <ctype.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void put_field(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, s ? strlen(s) : 0, (const uint8_t *)(s ? s : ""));
	sha256_update(c, 1, (const uint8_t *)"");
}

static void put_normalized(struct sha256_ctx *c, const char *s)
{
	char *n = dmadb_normalize_tokens(s);

	/* Out of memory: fall back to the raw text (still deterministic for
	 * the same input, which is all a fingerprint needs). */
	put_field(c, n ? n : s);
	free(n);
}

/* The first n bytes of c's digest as 2n hex digits and a NUL. */
static void hex_digest(struct sha256_ctx *c, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(c, sizeof(digest), digest);
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * n] = 0;
}

void dmadb_fingerprint(const char *rule, const char *path,
		       const char *function, const char *snippet,
		       const char *const *event_messages, size_t nevents,
		       unsigned occurrence, char out[DMADB_FINGERPRINT_SIZE])
{
	struct sha256_ctx c;
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
	hex_digest(&c, (DMADB_FINGERPRINT_SIZE - 1) / 2, out);
}

int db_file_sha256(const char *path, char out[65])
{
	uint8_t buf[65536];
	struct sha256_ctx c;
	FILE *f = fopen(path, "rb");
	size_t n;
	int err;

	if (!f)
		return 1;
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&c, n, buf);
	err = ferror(f);
	fclose(f);
	if (err)
		return 1;
	hex_digest(&c, SHA256_DIGEST_SIZE, out);
	return 0;
}

void dmadb_sha256_hex(const void *data, size_t n, char out[65])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, n, data);
	hex_digest(&c, SHA256_DIGEST_SIZE, out);
}
