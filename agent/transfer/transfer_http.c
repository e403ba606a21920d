/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One download or upload on its own libcurl multi handle, driven by the
 * poll loop through curl_loop.h, as http.c is.
 * A GET's body goes straight to a file (only 2xx bodies; an error page or
 * an authentication challenge is dropped), counted against a cap; a PUT
 * reads its body from a file (again from the start after a challenge).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "curl_loop.h"
#include "http_easy.h"
#include "log.h"
#include "transfer_http.h"

#define XFER_MAX_REDIRS 5L
#define XFER_USER_AGENT "cwmpd/" PACKAGE_VERSION

struct transfer_http {
	struct curl_loop cl;        /* its own multi handle */
	CURL *easy;
	int fd;                     /* the file; -1 once closed */
	uint64_t bytes, max_bytes;
	bool upload, too_big, write_failed;
	struct curl_slist *hdrs;    /* PUT: no "Expect: 100-continue" */
	transfer_http_cb cb;
	void *ctx;
	char errbuf[CURL_ERROR_SIZE];
};

static void transfer_done_cb(void *ctx, CURL *easy, CURLcode code);

/* ---- the body ------------------------------------------------------------------ */

static bool status_ok(CURL *e)
{
	long status = 0;

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	return status >= 200 && status < 300;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* CURLOPT_WRITEFUNCTION: anything short of n makes libcurl abort. */
static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer_http *g = userp;
	size_t n = size * nmemb;

	if (g->upload || !status_ok(g->easy))
		return n;               /* an answer to a PUT, an error page or a
					   challenge: dropped */
	if (g->bytes + n > g->max_bytes) {
		g->too_big = true;
		return 0;
	}
	if (write_all(g->fd, data, n) != 0) {
		g->write_failed = true;
		return 0;
	}
	g->bytes += n;
	return n;
}

/* CURLOPT_READFUNCTION (PUT). */
static size_t read_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct transfer_http *g = userp;
	ssize_t n;

	do
		n = read(g->fd, buf, size * nitems);
	while (n < 0 && errno == EINTR);
	return n < 0 ? CURL_READFUNC_ABORT : (size_t)n;
}

/* CURLOPT_SEEKFUNCTION: libcurl sends the body again after a challenge. */
static int seek_cb(void *userp, curl_off_t offset, int origin)
{
	struct transfer_http *g = userp;

	if (origin != SEEK_SET || lseek(g->fd, (off_t)offset, SEEK_SET) < 0)
		return CURL_SEEKFUNC_CANTSEEK;
	return CURL_SEEKFUNC_OK;
}

/* PUT the file open at g->fd. */
static int set_upload(struct transfer_http *g)
{
	CURL *e = g->easy;
	struct stat st;
	int bad = 0;

	if (fstat(g->fd, &st) != 0)
		return -errno;
	g->hdrs = curl_slist_append(NULL, "Expect:");
	if (!g->hdrs)
		return -ENOMEM;
	bad |= curl_easy_setopt(e, CURLOPT_UPLOAD, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_READDATA, g) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, seek_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SEEKDATA, g) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, g->hdrs) != CURLE_OK;
	return bad ? -EINVAL : 0;
}

/* ---- setting up -------------------------------------------------------------- */

static int set_opts(struct transfer_http *g, const struct transfer_http_opts *o)
{
	struct http_opts ho = { .url = o->url, .username = o->username,
				.password = o->password, .ca_file = o->ca_file,
				.verify = o->verify };
	CURL *e = g->easy;
	bool https = strncasecmp(o->url, "https:", 6) == 0;
	int bad = 0;

	if (https && !o->verify) {
		size_t len;
		const char *host = http_url_authority(o->url, &len);

		log_warn("TLS verification is off for the %s from %.*s",
			 o->upload ? "upload" : "download", (int)len, host ? host : "?");
	}
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_URL, o->url) != CURLE_OK;
	/* From https, a redirect never leads to plain http. */
#if LIBCURL_VERSION_NUM >= 0x075500
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR,
				https ? "https" : "http,https") != CURLE_OK;
#else
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS,
				(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
				https ? (long)CURLPROTO_HTTPS
				      : (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK;
#endif
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_MAXREDIRS, XFER_MAX_REDIRS) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, XFER_USER_AGENT) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, g->errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, g) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, TRANSFER_HTTP_CONNECT_S) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, TRANSFER_HTTP_LOW_SPEED) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, TRANSFER_HTTP_STALL_S) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)o->timeout_s) != CURLE_OK;
	if (!o->upload)
		bad |= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
					(curl_off_t)o->max_bytes) != CURLE_OK;
	bad |= http_easy_set_auth(e, &ho) != 0;
	bad |= http_easy_set_tls(e, &ho) != 0;
	bad |= http_easy_set_cloexec(e) != 0;
	return bad ? -EINVAL : 0;
}

/* Free everything; no callback. */
static void get_free(struct transfer_http *g)
{
	if (!g)
		return;
	curl_loop_remove(&g->cl, g->easy);
	if (g->easy)
		curl_easy_cleanup(g->easy);
	curl_loop_fini(&g->cl);
	if (g->fd >= 0)
		close(g->fd);
	curl_slist_free_all(g->hdrs);
	free(g);
}

int transfer_http_start(struct loop *l, const struct transfer_http_opts *o, transfer_http_cb cb,
		       void *ctx, struct transfer_http **out)
{
	struct transfer_http *g = calloc(1, sizeof(*g));
	int rc = -ENOMEM;

	if (!g)
		return -ENOMEM;
	g->max_bytes = o->max_bytes;
	g->cb = cb;
	g->ctx = ctx;
	g->upload = o->upload;
	/* A download's file is new: one left by an earlier try goes first
	 * (the directory is cwmpd's own: nobody else can plant one). */
	if (!o->upload && unlink(o->path) != 0 && errno != ENOENT) {
		rc = -errno;
		goto error;
	}
	g->fd = o->upload ? open(o->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
			  : open(o->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
				 0600);
	if (g->fd < 0) {
		rc = -errno;
		goto error;
	}
	g->easy = curl_easy_init();
	if (curl_loop_init(&g->cl, l, transfer_done_cb, g) != 0 || !g->easy)
		goto error;
	rc = set_opts(g, o);
	if (rc == 0 && o->upload)
		rc = set_upload(g);
	if (rc == 0 && curl_loop_add(&g->cl, g->easy) != 0)
		rc = -ENOMEM;
	if (rc != 0)
		goto error;
	*out = g;
	return 0;
error:
	get_free(g);
	return rc;
}

void transfer_http_cancel(struct transfer_http *g)
{
	get_free(g);
}

/* ---- the end --------------------------------------------------------------- */

static enum transfer_http_error map_code(const struct transfer_http *g, CURLcode code)
{
	switch (code) {
	case CURLE_OK:
		return status_ok(g->easy) ? TRANSFER_HTTP_OK : TRANSFER_HTTP_HTTP;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return TRANSFER_HTTP_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		return TRANSFER_HTTP_TLS;
	case CURLE_FILESIZE_EXCEEDED:
		return TRANSFER_HTTP_TOO_BIG;
	case CURLE_WRITE_ERROR:
		return g->too_big ? TRANSFER_HTTP_TOO_BIG : TRANSFER_HTTP_LOCAL;
	case CURLE_OUT_OF_MEMORY:
	case CURLE_READ_ERROR:
	case CURLE_ABORTED_BY_CALLBACK:
		return TRANSFER_HTTP_LOCAL;
	default:                    /* cut, stalled, timed out, bad HTTP */
		return TRANSFER_HTTP_INCOMPLETE;
	}
}

static void result_text(const struct transfer_http *g, CURLcode code,
			const struct transfer_http_result *r, char *out, size_t size)
{
	if (r->err == TRANSFER_HTTP_TOO_BIG)
		snprintf(out, size, "file larger than %llu bytes",
			 (unsigned long long)g->max_bytes);
	else if (r->err == TRANSFER_HTTP_HTTP)
		snprintf(out, size, "file server answered HTTP %ld", r->status);
	else if (r->err == TRANSFER_HTTP_LOCAL && g->write_failed)
		snprintf(out, size, "cannot write the file");
	else if (code == CURLE_ABORTED_BY_CALLBACK || code == CURLE_READ_ERROR)
		snprintf(out, size, "cannot read the file");
	else if (code != CURLE_OK)
		snprintf(out, size, "%s", g->errbuf[0] ? g->errbuf : curl_easy_strerror(code));
	else
		out[0] = '\0';
}

/* curl_loop's done_cb: report, then free the transfer. */
static void transfer_done_cb(void *ctx, CURL *easy, CURLcode code)
{
	struct transfer_http *g = ctx;
	struct transfer_http_result r = { 0 };
	char text[CURL_ERROR_SIZE + 64];

	(void)easy;                 /* g->easy, the only one */
	curl_easy_getinfo(g->easy, CURLINFO_RESPONSE_CODE, &r.status);
	r.err = map_code(g, code);
	r.bytes = g->bytes;
	result_text(g, code, &r, text, sizeof(text));
	r.text = text;
	if (g->fd >= 0 && close(g->fd) != 0 && r.err == TRANSFER_HTTP_OK)
		r.err = TRANSFER_HTTP_LOCAL;
	g->fd = -1;
	g->cb(g->ctx, &r);
	get_free(g);
}
