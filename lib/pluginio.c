/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The plugin line format: "path<TAB>value\n" with \\ \t \n \r escapes. The
 * parser walks a whole buffer line by line, skips (and counts) every line
 * that is not well formed, and hands each good line to a callback with both
 * fields unescaped and NUL-terminated. The writer is the exact inverse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pluginio.h"

struct scratch {
	char *buf;
	size_t size;
};

/* Make room for n bytes plus a NUL in s. 0 or -ENOMEM. */
static int scratch_reserve(struct scratch *s, size_t n)
{
	char *p;

	if (n < s->size)
		return 0;
	p = realloc(s->buf, n + 1);
	if (!p)
		return -ENOMEM;
	s->buf = p;
	s->size = n + 1;
	return 0;
}

/* Unescape len bytes of src into dst (room for len + 1). Returns the
 * unescaped length, or -1 for an unknown escape, a trailing lone backslash,
 * a raw TAB or a NUL byte. */
static long unescape(char *dst, const char *src, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = src[i];

		if (c == '\0' || c == '\t')
			return -1;
		if (c == '\\') {
			if (++i == len)
				return -1;
			switch (src[i]) {
			case '\\': c = '\\'; break;
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			default: return -1;
			}
		}
		dst[o++] = c;
	}
	dst[o] = '\0';
	return (long)o;
}

/* Handle line number lineno (no newline, CR already stripped): returns 1
 * when the line is bad, else 0 with the callback's value (or -ENOMEM) in
 * *stop. */
static int parse_line(const char *line, size_t len, size_t lineno, struct scratch *s,
		      pluginio_numbered_cb cb, void *ctx, int *stop)
{
	char path[2 * PLUGINIO_MAX_PATH + 1]; /* an escape shrinks 2 bytes to 1 */
	const char *tab = memchr(line, '\t', len);
	size_t plen, vlen;
	long n;

	if (!tab)
		return 1;
	plen = (size_t)(tab - line);
	vlen = len - plen - 1;
	if (plen == 0 || plen > 2 * PLUGINIO_MAX_PATH)
		return 1;
	n = unescape(path, line, plen);
	if (n <= 0 || n > PLUGINIO_MAX_PATH)
		return 1;
	if (scratch_reserve(s, vlen) != 0) {
		*stop = -ENOMEM;
		return 0;
	}
	if (unescape(s->buf, tab + 1, vlen) < 0)
		return 1;
	*stop = cb(ctx, lineno, path, s->buf);
	return 0;
}

int pluginio_parse_numbered(const char *buf, size_t len, pluginio_numbered_cb cb, void *ctx,
			    size_t *bad_lines)
{
	struct scratch s = { NULL, 0 };
	size_t bad = 0, pos = 0, lineno = 0;
	int stop = 0;

	while (pos < len && stop == 0) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t llen = end - pos;

		if (llen > 0 && buf[pos + llen - 1] == '\r')
			llen--;
		bad += (size_t)parse_line(buf + pos, llen, ++lineno, &s, cb, ctx, &stop);
		pos = end + 1;
	}
	free(s.buf);
	if (bad_lines)
		*bad_lines = bad;
	return stop;
}

/* pluginio_parse's callback behind pluginio_parse_numbered's. */
struct unnumbered {
	pluginio_line_cb cb;
	void *ctx;
};

static int unnumbered_cb(void *ctx, size_t line, const char *path, const char *value)
{
	const struct unnumbered *u = ctx;

	(void)line;
	return u->cb(u->ctx, path, value);
}

int pluginio_parse(const char *buf, size_t len, pluginio_line_cb cb, void *ctx,
		   size_t *bad_lines)
{
	struct unnumbered u = { cb, ctx };

	return pluginio_parse_numbered(buf, len, unnumbered_cb, &u, bad_lines);
}

void pluginio_escape(struct xbuf *b, const char *s)
{
	size_t run = 0;

	for (;; s++) {
		const char *esc = NULL;

		switch (*s) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\0': break;
		default: run++; continue;
		}
		xbuf_add(b, s - run, run);
		run = 0;
		if (!esc)
			return;
		xbuf_add(b, esc, 2);
	}
}

void pluginio_write(struct xbuf *b, const char *path, const char *value)
{
	pluginio_escape(b, path);
	xbuf_add(b, "\t", 1);
	pluginio_escape(b, value);
	xbuf_add(b, "\n", 1);
}
