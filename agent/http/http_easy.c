/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parts of the HTTP client that only look at a URL or set options on a
 * curl easy handle: URL helpers (scheme check, authority, userinfo
 * stripping for logs), the authentication and TLS options of a session,
 * and close-on-exec on the sockets libcurl opens for a handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http_easy.h"

bool http_url_is_http(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* The authority of url (after "scheme://", up to the path) and its length. */
const char *http_url_authority(const char *url, size_t *len)
{
	const char *p = strstr(url, "://");

	p = p ? p + 3 : url;
	*len = strcspn(p, "/?#");
	return p;
}

/* A copy of url without "user:password@" (caller frees), or NULL. */
char *http_url_strip_userinfo(const char *url)
{
	size_t alen, skip = 0, total = strlen(url);
	const char *a = http_url_authority(url, &alen);
	size_t head = (size_t)(a - url);
	char *out;

	for (size_t i = 0; i < alen; i++)
		if (a[i] == '@')
			skip = i + 1;
	out = malloc(total - skip + 1);
	if (!out)
		return NULL;
	memcpy(out, url, head);
	memcpy(out + head, a + skip, total - head - skip + 1);
	return out;
}

int http_easy_set_auth(CURL *e, const struct http_opts *o)
{
	int bad = 0;

	if (!o->username || !o->username[0])
		return 0;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPAUTH,
				(long)(CURLAUTH_BASIC | CURLAUTH_DIGEST)) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERNAME, o->username) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PASSWORD, o->password ? o->password : "") != CURLE_OK;
	return bad ? -EINVAL : 0;
}

int http_easy_set_tls(CURL *e, const struct http_opts *o)
{
	int bad = 0;

	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, o->verify ? 1L : 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, o->verify ? 2L : 0L) != CURLE_OK;
	if (o->ca_file && o->ca_file[0])
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, o->ca_file) != CURLE_OK;
	if (o->client_cert && o->client_cert[0])
		bad |= curl_easy_setopt(e, CURLOPT_SSLCERT, o->client_cert) != CURLE_OK;
	if (o->client_key && o->client_key[0])
		bad |= curl_easy_setopt(e, CURLOPT_SSLKEY, o->client_key) != CURLE_OK;
	return bad ? -EINVAL : 0;
}


/* libcurl opens its connections without FD_CLOEXEC (7.x): set it before
 * the connect, so a plugin forked meanwhile never inherits one. */
static int sockopt_cb(void *ctx, curl_socket_t fd, curlsocktype purpose)
{
	(void)ctx;
	(void)purpose;
	return fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 ? CURL_SOCKOPT_OK : CURL_SOCKOPT_ERROR;
}

int http_easy_set_cloexec(CURL *e)
{
	return curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, sockopt_cb) == CURLE_OK ? 0
										    : -EINVAL;
}
