/*
 * json.c - JSON output through jansson: strings from database text, and
 * writing a finished tree.
 *
 * Database text is whatever the compiler saw: a path or a message may hold
 * bytes that are not UTF-8, which jansson refuses.  Such bytes are replaced
 * by U+FFFD (one per maximal invalid subsequence, as Python's
 * errors="replace") so that an export never fails or drops a finding; the
 * database itself keeps the original bytes, and fingerprints are computed
 * from them.
 */
#include "db/internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * The UTF-8 sequence at s (n bytes left): returns its length, and sets *bad
 * when it is not valid.  As strict as jansson (no overlong forms, no
 * surrogates, nothing above U+10FFFF).  An invalid sequence's length is its
 * "maximal subpart" (Unicode ch. 3, U+FFFD substitution): the lead byte and
 * the continuation bytes that could still have completed it, so that one
 * U+FFFD replaces it, as Python's errors="replace" and browsers do.
 */
static size_t utf8_seq(const unsigned char *s, size_t n, int *bad)
{
	unsigned c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	*bad = 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		len = 0;
	*bad = 1;
	if (!len)
		return 1;
	/* The second byte's range rules out the bad forms. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	for (i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			return i;
		lo = 0x80;
		hi = 0xbf;
	}
	*bad = 0;
	return len;
}

char *utf8_sanitize(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, k;
	int bad;
	sbuf b;

	sb_init(&b);
	while (i < n) {
		k = utf8_seq(s + i, n - i, &bad);
		if (bad)
			sb_puts(&b, "\xef\xbf\xbd"); /* U+FFFD */
		else
			sb_putn(&b, (const char *)s + i, k);
		i += k;
	}
	if (b.oom) {
		sb_free(&b);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

json_t *jstr(const char *s)
{
	json_t *j;
	char *clean;

	if (!s)
		s = "";
	j = json_string(s);
	if (j)
		return j;
	/* Refused: invalid UTF-8 (or out of memory, and then this fails too). */
	clean = utf8_sanitize(s);
	if (!clean)
		return NULL;
	j = json_string(clean);
	free(clean);
	return j;
}

json_t *jstr_or_null(const char *s)
{
	return s ? jstr(s) : json_null();
}

int json_write(json_t *root, size_t flags, const char *out, char **err)
{
	char *text;
	size_t n;
	int rc;

	*err = NULL;
	text = root ? json_dumps(root, flags | JSON_PRESERVE_ORDER) : NULL;
	if (!text) {
		*err = strdup("out of memory while building JSON output");
		return 1;
	}
	/* One line feed at the end, as a text file has. */
	n = strlen(text);
	{
		char *t = realloc(text, n + 2);
		if (!t) {
			free(text);
			*err = strdup("out of memory while building JSON output");
			return 1;
		}
		text = t;
	}
	text[n++] = '\n';
	text[n] = 0;
	rc = write_output(out, text, n, err);
	free(text);
	return rc;
}
