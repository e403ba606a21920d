/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small, bounded HTTP/1.x request-head parser for the connection request
 * server: the request line and the header fields, nothing else (no body, no
 * chunking). It allocates nothing: every string it returns points into the
 * caller's buffer, which must outlive the result. It never reads past len,
 * needs no NUL terminator, and can be called again on the same buffer as
 * more bytes arrive (it starts over each time; heads are small).
 */
#ifndef CWMP_HTTPREQ_H
#define CWMP_HTTPREQ_H

#include <stdbool.h>
#include <stddef.h>

#define HTTPREQ_MAX_HEADERS 32

/* A piece of the caller's buffer; not NUL-terminated. */
struct httpreq_str {
	const char *p;
	size_t len;
};

struct httpreq_header {
	struct httpreq_str name;        /* a token, as sent */
	struct httpreq_str value;       /* without leading/trailing spaces/tabs */
};

struct httpreq {
	struct httpreq_str method;      /* a token, case-sensitive ("GET") */
	struct httpreq_str target;      /* request-target, visible ASCII */
	int minor_version;              /* HTTP/1.<minor_version> */
	size_t n_headers;
	struct httpreq_header headers[HTTPREQ_MAX_HEADERS];
};

/*
 * Parse the request head in buf[0, len) into *r.
 * Returns the length of the head (through the empty line) when it is
 * complete and well formed; -EAGAIN when every byte so far is valid but
 * the head is not finished; -EINVAL when it is malformed (a bad request
 * line, a control character, a field without a colon, obs-fold, a version
 * other than HTTP/1.x); -E2BIG when it has more than HTTPREQ_MAX_HEADERS
 * fields. Empty lines before the request line are skipped. Lines end in
 * CRLF or a bare LF. On failure *r holds nothing useful. len must be below
 * INT_MAX (callers cap it far lower).
 */
int httpreq_parse(const char *buf, size_t len, struct httpreq *r);

/* The first field named name (ASCII case-insensitive), or NULL. */
const struct httpreq_str *httpreq_header(const struct httpreq *r, const char *name);

/* Whether s is exactly lit (case-sensitive). */
bool httpreq_str_eq(const struct httpreq_str *s, const char *lit);

#endif
