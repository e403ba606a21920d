/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One HTTP(S) GET into a file (Download), or PUT of a file (Upload), on
 * its own libcurl multi handle driven by the poll loop (curl_loop.h, as
 * http.c): a slow or dead file server never blocks the
 * agent. The credentials go to libcurl (CURLOPT_USERNAME/PASSWORD, Basic or
 * Digest) and nowhere else; nothing here logs the URL.
 */
#ifndef CWMP_TRANSFER_HTTP_H
#define CWMP_TRANSFER_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"

#define TRANSFER_HTTP_CONNECT_S 30L
#define TRANSFER_HTTP_STALL_S 60L    /* abort when under ... */
#define TRANSFER_HTTP_LOW_SPEED 1024L /* ... bytes/s this long */

struct transfer_http_opts {
	const char *url;            /* http:// or https:// (then redirects
				       only to https://) */
	const char *username;       /* "" = no authentication */
	const char *password;
	const char *path;           /* GET: the file written (created 0600,
				       truncated); PUT: the file sent */
	bool upload;                /* PUT path instead of GET into it */
	uint64_t max_bytes;         /* GET: more is TRANSFER_HTTP_TOO_BIG */
	const char *ca_file;        /* "" or NULL: the system bundle */
	bool verify;                /* TLS peer and host checks */
	unsigned timeout_s;         /* the whole transfer at most, 0 = no limit */
};

enum transfer_http_error {
	TRANSFER_HTTP_OK,
	TRANSFER_HTTP_CONNECT,       /* could not resolve or connect */
	TRANSFER_HTTP_TLS,           /* TLS handshake or verification */
	TRANSFER_HTTP_HTTP,          /* an HTTP status other than 2xx (see status) */
	TRANSFER_HTTP_INCOMPLETE,    /* cut, stalled or timed out */
	TRANSFER_HTTP_TOO_BIG,       /* over max_bytes */
	TRANSFER_HTTP_LOCAL,         /* the file could not be written, no memory */
};

struct transfer_http_result {
	enum transfer_http_error err;
	long status;                /* last HTTP status, or 0 */
	uint64_t bytes;             /* written to the file (GET) */
	const char *text;           /* what went wrong, for FaultString and logs;
				       valid during the callback */
};

struct transfer_http;

typedef void (*transfer_http_cb)(void *ctx, const struct transfer_http_result *r);

/* Start the GET or PUT (opts copied or used before it returns). cb runs once, from
 * the loop, unless the get is cancelled. On success *out is the handle
 * (freed by the get itself after cb). 0, -EINVAL (URL or option refused),
 * -errno (the file), -ENOMEM. */
int transfer_http_start(struct loop *l, const struct transfer_http_opts *o, transfer_http_cb cb,
		       void *ctx, struct transfer_http **out);

/* Stop a running get without calling cb and free it; the file is left as
 * it is. NULL is a no-op. Not from inside cb. */
void transfer_http_cancel(struct transfer_http *g);

#endif
