/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capped, NUL-terminated growable buffer every outgoing SOAP message,
 * plugin input and state file is built in, and the XML text escaping:
 * markup characters become entities, characters XML 1.0 cannot carry are
 * dropped, and bytes that are not valid UTF-8 become U+FFFD, so whatever a
 * plugin or the ACS gave us, the message we write stays well-formed. The
 * same for a JSON string (cwmpctl's answers).
 * Errors are sticky: one check at the end.
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xbuf.h"

#define XBUF_MIN 256
#define XBUF_MMAP_THRESHOLD (128 * 1024)

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD */

void xbuf_init(struct xbuf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
}

void xbuf_init_count(struct xbuf *b, size_t cap)
{
	xbuf_init(b, cap);
	b->count_only = true;
}

void xbuf_fini(struct xbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->size = 0;
}

void xbuf_reset(struct xbuf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data)
		b->data[0] = '\0';
}

void xbuf_truncate(struct xbuf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
}

int xbuf_error(const struct xbuf *b)
{
	return b->err;
}

static int fail(struct xbuf *b, int err)
{
	b->err = err;
	return err;
}

/* Make room for n more bytes plus the NUL, within the cap. */
static int reserve(struct xbuf *b, size_t n)
{
	size_t want, size;
	char *p;

	if (b->err)
		return b->err;
	if (n > b->cap || b->len > b->cap - n)
		return fail(b, -E2BIG);
	want = b->len + n + 1;
	if (b->count_only || (b->data && want <= b->size))
		return 0;
	size = b->size ? b->size : XBUF_MIN;
	while (size < want)
		size = size > SIZE_MAX / 2 ? want : size * 2;
	if (size > b->cap + 1)
		size = b->cap + 1;
	p = realloc(b->data, size);
	if (!p)
		return fail(b, -ENOMEM);
	b->data = p;
	b->size = size;
	return 0;
}

int xbuf_add(struct xbuf *b, const void *p, size_t n)
{
	int rc = reserve(b, n);

	if (rc)
		return rc;
	if (b->count_only) {
		b->len += n;
		return 0;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int xbuf_adds(struct xbuf *b, const char *s)
{
	return xbuf_add(b, s, strlen(s));
}

int xbuf_printf(struct xbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	if (b->err)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return fail(b, -EINVAL);
	rc = reserve(b, (size_t)n);
	if (rc)
		return rc;
	if (b->count_only) {
		b->len += (size_t)n;
		return 0;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

/* Length of the valid UTF-8 sequence at s (1..4), 0 if s does not start
 * one; *cp gets the code point. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;       /* also stops at the NUL */
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* XML 1.0 Char production. */
static int xml_char_ok(uint32_t c)
{
	if (c < 0x20)
		return c == 0x9 || c == 0xA || c == 0xD;
	return (c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

static const char *entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	case '\r': return "&#13;";      /* a raw CR would be read back as LF */
	default: return NULL;
	}
}

/* Printable ASCII that needs no entity, tab and LF: the common case, let
 * through without a closer look. */
static bool plain(unsigned char c)
{
	if (c >= 0x20 && c < 0x7f)
		return c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
	return c == '\t' || c == '\n';
}

int xbuf_add_xml(struct xbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p;   /* bytes copied as they are */
	const char *ent;
	uint32_t cp;
	size_t n;

	while (*p && !b->err) {
		if (plain(*p)) {
			p++;
			continue;
		}
		ent = entity(*p);
		n = ent ? 0 : utf8_seq(p, &cp);
		if (!ent && n && xml_char_ok(cp)) {
			p += n;
			continue;
		}
		xbuf_add(b, run, (size_t)(p - run));
		if (ent)
			xbuf_adds(b, ent);
		else if (!n)
			xbuf_add(b, replacement, sizeof(replacement) - 1);
		p += n ? n : 1;
		run = p;
	}
	xbuf_add(b, run, (size_t)(p - run));
	return b->err;
}

/* What JSON needs escaped in a string: the quote, the backslash and the
 * control characters; every other byte of valid UTF-8 passes as it is. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

int xbuf_add_json(struct xbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p;
	uint32_t cp;
	size_t n;

	while (*p && !b->err) {
		n = json_plain(*p) ? 1 : *p >= 0x80 ? utf8_seq(p, &cp) : 0;
		if (n) {
			p += n;
			continue;
		}
		xbuf_add(b, run, (size_t)(p - run));
		if (*p == '"' || *p == '\\')
			xbuf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			xbuf_printf(b, "\\u%04x", *p);
		else
			xbuf_add(b, replacement, sizeof(replacement) - 1);
		p++;
		run = p;
	}
	xbuf_add(b, run, (size_t)(p - run));
	return b->err;
}

char *xbuf_steal(struct xbuf *b, size_t *len)
{
	char *p = b->data;
	size_t n = b->len;

	if (b->err) {
		free(p);
		p = NULL;
		n = 0;
	} else if (!p) {
		p = calloc(1, 1);       /* also for a counting xbuf: nothing kept */
		n = 0;
	}
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	b->err = 0;
	if (len)
		*len = p ? n : 0;
	return p;
}

void xbuf_move(struct xbuf *dst, struct xbuf *src)
{
	if (dst == src)
		return;
	free(dst->data);
	*dst = *src;
	src->data = NULL;
	src->len = 0;
	src->size = 0;
	src->err = 0;
}

int xbuf_malloc_tune(void)
{
#ifdef __GLIBC__
	return mallopt(M_MMAP_THRESHOLD, XBUF_MMAP_THRESHOLD) == 1 ? 0 : -ENOTSUP;
#else
	return 0;
#endif
}
