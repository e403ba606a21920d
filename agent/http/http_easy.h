/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to the HTTP client (http.c): URL helpers and the per-session
 * authentication and TLS options.
 */
#ifndef CWMP_HTTP_EASY_H
#define CWMP_HTTP_EASY_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "http.h"

/* True for an http:// or https:// URL (any case). */
bool http_url_is_http(const char *url);
/* The authority of url (after "scheme://", up to the path) and its length. */
const char *http_url_authority(const char *url, size_t *len);
/* A copy of url without "user:password@" (caller frees), or NULL. */
char *http_url_strip_userinfo(const char *url);

/* Basic and Digest with o's credentials (none when the username is empty).
 * 0 or -EINVAL. */
int http_easy_set_auth(CURL *e, const struct http_opts *o);
/* Peer and host checks, CA file, client certificate and key. 0 or -EINVAL. */
int http_easy_set_tls(CURL *e, const struct http_opts *o);
/* Every socket libcurl opens for e gets FD_CLOEXEC. 0 or -EINVAL. */
int http_easy_set_cloexec(CURL *e);

#endif
