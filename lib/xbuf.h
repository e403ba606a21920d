/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A growable byte buffer with a hard cap, NUL-terminated, and the XML
 * escaping used to build SOAP messages (and JSON's, for cwmpctl). Once an append fails (cap or memory)
 * the buffer stays failed: build a whole message, then check xbuf_error() once.
 */
#ifndef CWMP_XBUF_H
#define CWMP_XBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct xbuf {
	char *data;      /* NUL-terminated; owned by the xbuf; NULL until
			    the first append */
	size_t len;
	size_t size;     /* allocated */
	size_t cap;      /* maximum len */
	int err;         /* 0, -ENOMEM or -E2BIG: sticky */
	bool count_only; /* xbuf_init_count: len grows, nothing is stored */
};

void xbuf_init(struct xbuf *b, size_t cap);
/* A counting xbuf: every append checks the cap and adds to len as usual
 * but stores nothing (data stays NULL), so writing a message into it gives
 * the message's length without holding it. */
void xbuf_init_count(struct xbuf *b, size_t cap);
void xbuf_fini(struct xbuf *b);           /* frees data; the xbuf may be reused after init */
void xbuf_reset(struct xbuf *b);          /* len = 0, err = 0, keeps memory */
void xbuf_truncate(struct xbuf *b, size_t len);  /* drop what is past len (if
						    len < b->len); keeps err */
int xbuf_error(const struct xbuf *b);

/* Every append returns 0, or the sticky error (-E2BIG past the cap,
 * -ENOMEM). A failed xbuf_add/adds/printf leaves the contents as they were;
 * a failed xbuf_add_xml may have appended part of s. */
int xbuf_add(struct xbuf *b, const void *p, size_t n);
int xbuf_adds(struct xbuf *b, const char *s);
int xbuf_printf(struct xbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s with & < > " ' escaped for XML text and attributes (and CR as
 * &#13; so it survives a parser). Control characters that XML 1.0 cannot
 * carry are dropped; bytes that are not valid UTF-8 become U+FFFD. */
int xbuf_add_xml(struct xbuf *b, const char *s);

/* Append s as the inside of a JSON string: " and \\ escaped, control
 * characters as \\u00XX; bytes that are not valid UTF-8 become U+FFFD. */
int xbuf_add_json(struct xbuf *b, const char *s);
/* Hand the data to the caller (who frees it) and reset the xbuf to empty
 * (err cleared, cap kept). An empty xbuf gives "". A failed xbuf gives NULL
 * and its data is dropped, as does an allocation failure. len may be NULL. */
char *xbuf_steal(struct xbuf *b, size_t *len);

/* Move src into dst without copying the bytes: dst's own data is freed and
 * dst takes src's data, length, cap and sticky error; src is left empty
 * (err cleared, cap kept), ready for appends. dst == src is a no-op. */
void xbuf_move(struct xbuf *dst, struct xbuf *src);

/* Process-wide, once at start-up: with glibc, keep buffers of 128 KiB and
 * more in their own mappings (M_MMAP_THRESHOLD fixed, which also stops
 * glibc from raising it after each big free). A big response then grows by
 * mremap, never by copying on the heap, and goes back to the system when
 * freed, so peak memory is one copy of it. A no-op with other C libraries
 * (musl already maps big blocks). 0 or -ENOTSUP. */
int xbuf_malloc_tune(void);

#endif
