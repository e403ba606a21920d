/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The HTTP client for CWMP sessions: libcurl's multi interface driven by our
 * poll loop (socket and timer callbacks), so a slow or dead ACS never blocks.
 * One exchange at a time. Within a session the connection is kept alive and
 * cookies are kept; http_session_end drops both. Basic and Digest
 * authentication, up to 5 redirects that keep the POST, TLS verification on
 * unless told otherwise, a time limit on every exchange, a cap on the body.
 */
#ifndef CWMP_HTTP_H
#define CWMP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

#define HTTP_MAX_BODY_BYTES (4 * 1024 * 1024)

struct http_opts {
	const char *url;
	const char *username;       /* "" or NULL: no authentication */
	const char *password;
	const char *ca_file;        /* "" or NULL: system bundle */
	const char *client_cert;
	const char *client_key;
	bool verify;                /* peer and host checks */
	unsigned timeout_s;         /* per exchange; 0 = 30 */
};

struct http_response {
	int err;                    /* 0, or -ETIMEDOUT, -ECONNREFUSED,
				       -EHOSTUNREACH (name not resolved),
				       -ECONNRESET, -EPROTO (TLS, HTTP
				       syntax, too many redirects), -E2BIG
				       (body over the cap), -ENOMEM */
	const char *err_text;       /* curl's message when err != 0, else "" */
	long status;                /* HTTP status of the last response, or 0;
				       4xx/5xx are not errors: err stays 0 */
	const char *body;           /* NUL-terminated ("" when err != 0);
				       valid during the callback only */
	size_t len;
	const char *content_type;   /* or NULL */
};

struct http_client;

typedef void (*http_done_cb)(void *ctx, const struct http_response *r);

/* Returns a client bound to the loop (free with http_client_free) or NULL.
 * http_client_free ends the session; NULL is a no-op; not from inside the
 * done callback. */
struct http_client *http_client_new(struct loop *l);
void http_client_free(struct http_client *c);

/* Start a session with these options (copied): fresh cookies, fresh
 * connection. A session still open is ended first. -EINVAL when the URL is
 * missing or not http(s)://, or an option is refused by libcurl. 0 or
 * -ENOMEM / -EINVAL. */
int http_session_begin(struct http_client *c, const struct http_opts *o);

/*
 * POST len bytes of body (len 0: an empty POST, no Content-Type and no
 * SOAPAction). soap_action: send 'SOAPAction: ""'. The body is not copied
 * (a response can be 15 MB): it stays the caller's, and must stay valid
 * and unchanged until the callback runs or the exchange is aborted
 * (http_abort, http_session_end); a redirect or an authentication round
 * sends it again from there. The callback runs once, from the loop, never
 * from inside http_post. 0, -EINVAL, -EBUSY when an exchange is already
 * running, -ENOMEM.
 */
int http_post(struct http_client *c, const char *body, size_t len, bool soap_action,
	      http_done_cb cb, void *ctx);

/* A body produced while it is sent. read copies up to n more bytes into
 * buf and returns how many (0 at the end) or a negative errno (the exchange
 * then fails); rewind goes back to the start (a redirect or an
 * authentication challenge sends the body again). */
struct http_body_ops {
	long (*read)(void *src, char *buf, size_t n);
	void (*rewind)(void *src);
};

/*
 * As http_post, but the len bytes of body come from ops called with src,
 * from the loop, while they are sent (Content-Length is len: src must give
 * exactly that many). src must stay valid until the callback runs or the
 * exchange is aborted.
 */
int http_post_source(struct http_client *c, size_t len, const struct http_body_ops *ops,
		     void *src, bool soap_action, http_done_cb cb, void *ctx);

/* Abort a running exchange (its callback is not called). Safe at any time,
 * twice, with no session, and from inside the done callback. */
void http_abort(struct http_client *c);

/* End the session: abort, close the connection, forget cookies. Safe at any
 * time, twice, and from inside the done callback (the response passed to
 * the callback stays valid until it returns). */
void http_session_end(struct http_client *c);

/* The URL of the last response after redirects, without userinfo (for logs),
 * or NULL. Owned by the client; valid until the next exchange finishes or
 * the next session begins. */
const char *http_effective_url(struct http_client *c);

/* Tests only: cap response bodies at n bytes instead of HTTP_MAX_BODY_BYTES
 * (n == 0 restores it). Applies from the next exchange on. */
void http_set_max_body(struct http_client *c, size_t n);

/* Call once at start-up / shut-down (curl_global_init/cleanup; init also
 * calls xbuf_malloc_tune for the big bodies we send). */
int http_global_init(void);
void http_global_cleanup(void);

#endif
