/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CWMP session HTTP client on libcurl's multi interface, driven by our
 * poll loop through curl_loop.h. A session owns one multi handle (the
 * connection cache lives there, so ending the session really closes the
 * connection) and one easy handle (the cookies live there), both reused
 * for every POST.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "curl_loop.h"
#include "http.h"
#include "http_easy.h"
#include "log.h"
#include "xbuf.h"

#define HTTP_DEFAULT_TIMEOUT_S 30L
#define HTTP_MAX_CONNECT_S 30L
#define HTTP_MAX_REDIRS 5L
#define HTTP_USER_AGENT "cwmpd/" PACKAGE_VERSION

struct http_client {
	struct loop *loop;
	struct curl_loop cl;            /* per session: the connection cache */
	CURL *easy;                     /* per session: options and cookies */
	struct curl_slist *hdr_action;  /* SOAP with SOAPAction */
	struct curl_slist *hdr_soap;    /* SOAP without SOAPAction */
	struct curl_slist *hdr_empty;   /* the empty POST */
	char *url;                      /* session URL without userinfo */
	char *effective_url;            /* last one, without userinfo */
	const char *req;                /* the running exchange's body: the
					   caller's, not copied */
	const struct http_body_ops *src_ops;   /* or a body read while sent */
	void *src;
	size_t req_len;
	struct xbuf resp;               /* response body, capped at max_body */
	size_t max_body;
	long redirects_left;            /* per session, TR-069: at most 5 */
	bool busy;
	http_done_cb cb;
	void *ctx;
	char errbuf[CURL_ERROR_SIZE];
};

/* ---- the bodies ----------------------------------------------------------- */

/* CURLOPT_WRITEFUNCTION: anything short of n makes libcurl abort. */
static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_client *c = userp;
	size_t n = size * nmemb;

	return xbuf_add(&c->resp, data, n) == 0 ? n : 0;
}

/* CURLOPT_READFUNCTION, for http_post_source. */
static size_t read_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct http_client *c = userp;
	long n = c->src_ops ? c->src_ops->read(c->src, buf, size * nitems) : 0;

	return n < 0 ? CURL_READFUNC_ABORT : (size_t)n;
}

/* CURLOPT_SEEKFUNCTION: libcurl rewinds to send the body again. */
static int seek_cb(void *userp, curl_off_t offset, int origin)
{
	struct http_client *c = userp;

	if (!c->src_ops || offset != 0 || origin != SEEK_SET)
		return CURL_SEEKFUNC_CANTSEEK;
	c->src_ops->rewind(c->src);
	return CURL_SEEKFUNC_OK;
}

/* ---- session options ----------------------------------------------------- */

/* The options every session has, whatever the configuration. */
static const struct {
	CURLoption opt;
	long value;
} fixed_opts[] = {
	{ CURLOPT_NOSIGNAL, 1L },
	{ CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1 },
	{ CURLOPT_FOLLOWLOCATION, 1L },
	{ CURLOPT_MAXREDIRS, HTTP_MAX_REDIRS },
	{ CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL },   /* 301/302/303 stay POST */
#if LIBCURL_VERSION_NUM < 0x075500
	{ CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) },
#endif
};

/* A session that starts on https stays on https: no redirect leads it to
 * plain http, where the Inform and the answers would travel in clear. */
static int set_redirect_protocols(CURL *e, const char *url)
{
	bool https = strncasecmp(url, "https:", 6) == 0;

#if LIBCURL_VERSION_NUM >= 0x075500
	return curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR,
				https ? "https" : "http,https") != CURLE_OK;
#else
	return curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
				https ? (long)CURLPROTO_HTTPS
				      : (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK;
#endif
}

static int set_common(struct http_client *c, const struct http_opts *o)
{
	long timeout = o->timeout_s ? (long)o->timeout_s : HTTP_DEFAULT_TIMEOUT_S;
	CURL *e = c->easy;
	int bad = 0;

	for (size_t i = 0; i < sizeof(fixed_opts) / sizeof(fixed_opts[0]); i++)
		bad |= curl_easy_setopt(e, fixed_opts[i].opt, fixed_opts[i].value) != CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
#endif
	bad |= set_redirect_protocols(e, o->url);
	bad |= curl_easy_setopt(e, CURLOPT_URL, o->url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, HTTP_USER_AGENT) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, c) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_READDATA, c) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, seek_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SEEKDATA, c) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT,
				timeout < HTTP_MAX_CONNECT_S ? timeout : HTTP_MAX_CONNECT_S) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_COOKIEFILE, "") != CURLE_OK;   /* in memory */
	return bad ? -EINVAL : 0;
}

/* A redirect hands the session to another ACS host, which may ask for
 * the same credentials (TR-069 3.4.4/3.4.5): libcurl would answer its 401
 * with none. The ACS names that host, and a session that began on https
 * stays there. (Not for file transfers: a file server's redirect to a
 * mirror gets no credentials.) */
static int set_auth_across_redirects(CURL *e, const struct http_opts *o)
{
	if (!o->username || !o->username[0])
		return 0;
	return curl_easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 1L) == CURLE_OK ? 0 : -EINVAL;
}

static void warn_unverified(const struct http_client *c, const struct http_opts *o)
{
	size_t len;
	const char *host = http_url_authority(c->url, &len);   /* host[:port] */

	if (!o->verify && strncasecmp(c->url, "https://", 8) == 0)
		log_warn("TLS verification is off for %.*s", (int)len, host);
}

/* ---- exchanges ------------------------------------------------------------ */

static int map_curl_error(CURLcode code, bool too_big)
{
	switch (code) {
	case CURLE_OK:
		return 0;
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_COULDNT_CONNECT:
		return -ECONNREFUSED;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return -EHOSTUNREACH;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return -ECONNRESET;
	case CURLE_WRITE_ERROR:     /* our write_cb: the cap, or no memory */
		return too_big ? -E2BIG : -ENOMEM;
	case CURLE_OUT_OF_MEMORY:
		return -ENOMEM;
	default:                    /* TLS, HTTP syntax, too many redirects */
		return -EPROTO;
	}
}

/* Forget the running exchange: out of the multi, body and callback gone. */
static void exchange_reset(struct http_client *c)
{
	if (c->busy)
		curl_loop_remove(&c->cl, c->easy);
	c->busy = false;
	c->req = NULL;
	c->req_len = 0;
	c->src_ops = NULL;
	c->src = NULL;
	xbuf_fini(&c->resp);
	c->cb = NULL;
	c->ctx = NULL;
}

static void save_effective_url(struct http_client *c)
{
	char *url = NULL;

	free(c->effective_url);
	c->effective_url = NULL;
	if (curl_easy_getinfo(c->easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url)
		c->effective_url = http_url_strip_userinfo(url);
}

static void error_text(const struct http_client *c, CURLcode code, bool too_big, char *out,
		       size_t size)
{
	if (code == CURLE_OK)
		out[0] = '\0';
	else if (too_big)
		snprintf(out, size, "response body over %zu bytes", c->resp.cap);
	else
		snprintf(out, size, "%s", c->errbuf[0] ? c->errbuf : curl_easy_strerror(code));
}

static void log_exchange(const struct http_client *c, size_t sent, const struct http_response *r)
{
	const char *url = c->effective_url ? c->effective_url : c->url;

	if (r->err)
		log_debug("http: POST %s (%zu bytes): status %ld, error %d: %s", url, sent,
			  r->status, r->err, r->err_text);
	else
		log_debug("http: POST %s (%zu bytes): status %ld, %zu bytes, %s", url, sent,
			  r->status, r->len, r->content_type ? r->content_type : "no type");
}

/*
 * A redirect moves the rest of the session (TR-069 3.4.5): the next POSTs
 * go to where the last one ended up, and the redirects left for the
 * session shrink. The configured URL is used again by the next session.
 */
static void follow_redirect(struct http_client *c)
{
	long n = 0;
	char *url = NULL, *copy;

	if (curl_easy_getinfo(c->easy, CURLINFO_REDIRECT_COUNT, &n) != CURLE_OK || n <= 0)
		return;
	c->redirects_left = c->redirects_left > n ? c->redirects_left - n : 0;
	curl_easy_setopt(c->easy, CURLOPT_MAXREDIRS, c->redirects_left);
	if (curl_easy_getinfo(c->easy, CURLINFO_EFFECTIVE_URL, &url) != CURLE_OK || !url)
		return;
	copy = strdup(url);
	if (copy && curl_easy_setopt(c->easy, CURLOPT_URL, copy) == CURLE_OK)
		log_info("http: session moved to %s", c->effective_url ? c->effective_url : "?");
	free(copy);
}

/* Build the response, reset the client, then call back: the callback may
 * post again or end the session, so nothing of the client is used after. */
static void exchange_finish(struct http_client *c, CURLcode code)
{
	struct http_response r = { .body = "" };
	char errtext[CURL_ERROR_SIZE];
	char *body = NULL, *ctype = NULL, *info = NULL;
	http_done_cb cb = c->cb;
	void *ctx = c->ctx;
	size_t sent = c->req_len;
	bool too_big = xbuf_error(&c->resp) == -E2BIG;

	r.err = map_curl_error(code, too_big);
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &r.status);
	if (curl_easy_getinfo(c->easy, CURLINFO_CONTENT_TYPE, &info) == CURLE_OK && info)
		r.content_type = ctype = strdup(info);
	save_effective_url(c);
	error_text(c, code, too_big, errtext, sizeof(errtext));
	r.err_text = errtext;
	if (r.err == 0 && (body = xbuf_steal(&c->resp, &r.len)))
		r.body = body;
	exchange_reset(c);
	if (code == CURLE_OK)
		follow_redirect(c);
	log_exchange(c, sent, &r);
	cb(ctx, &r);
	free(body);
	free(ctype);
}

/* curl_loop's done_cb: the session's easy handle ended its exchange. */
static void exchange_done_cb(void *ctx, CURL *easy, CURLcode code)
{
	struct http_client *c = ctx;

	if (c->busy && easy == c->easy)
		exchange_finish(c, code);
}

static struct curl_slist *headers_for(const struct http_client *c, size_t len, bool soap_action)
{
	if (len == 0)
		return c->hdr_empty;
	return soap_action ? c->hdr_action : c->hdr_soap;
}

/* Start the exchange whose body options are set. */
static int exchange_start(struct http_client *c, size_t len, bool soap_action,
			  http_done_cb cb, void *ctx)
{
	CURL *e = c->easy;
	int bad = 0;

	xbuf_init(&c->resp, c->max_body);
	c->errbuf[0] = '\0';
	bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_for(c, len, soap_action)) != CURLE_OK;
	if (bad || curl_loop_add(&c->cl, e) != 0) {
		exchange_reset(c);
		return -ENOMEM;
	}
	c->busy = true;
	c->cb = cb;
	c->ctx = ctx;
	return 0;
}

int http_post(struct http_client *c, const char *body, size_t len, bool soap_action,
	      http_done_cb cb, void *ctx)
{
	if (!c->easy || !cb || (len && !body))
		return -EINVAL;
	if (c->busy)
		return -EBUSY;
	c->req = len ? body : "";       /* sent from there: POSTFIELDS, not COPYPOSTFIELDS */
	c->req_len = len;
	if (curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, c->req) != CURLE_OK) {
		exchange_reset(c);
		return -ENOMEM;
	}
	return exchange_start(c, len, soap_action, cb, ctx);
}

int http_post_source(struct http_client *c, size_t len, const struct http_body_ops *ops,
		     void *src, bool soap_action, http_done_cb cb, void *ctx)
{
	int bad = 0;

	if (!c->easy || !cb || !ops || !ops->read || !ops->rewind)
		return -EINVAL;
	if (c->busy)
		return -EBUSY;
	c->src_ops = ops;
	c->src = src;
	c->req_len = len;
	/* No POSTFIELDS: libcurl reads the body through read_cb. */
	bad |= curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, NULL) != CURLE_OK;
	bad |= curl_easy_setopt(c->easy, CURLOPT_POST, 1L) != CURLE_OK;
	if (bad) {
		exchange_reset(c);
		return -ENOMEM;
	}
	return exchange_start(c, len, soap_action, cb, ctx);
}

/* ---- sessions and the client ------------------------------------------------ */

void http_abort(struct http_client *c)
{
	if (c)
		exchange_reset(c);
}

void http_session_end(struct http_client *c)
{
	if (!c)
		return;
	exchange_reset(c);
	if (c->easy)
		curl_easy_cleanup(c->easy);
	c->easy = NULL;
	curl_loop_fini(&c->cl);         /* closes the kept-alive connection */
	free(c->url);
	c->url = NULL;
}

/* The session's multi handle, on the loop: one connection, no pipelining. */
static int multi_init(struct http_client *c)
{
	CURLM *m;
	int bad = 0;

	if (curl_loop_init(&c->cl, c->loop, exchange_done_cb, c) != 0)
		return -ENOMEM;
	m = c->cl.multi;
	bad |= curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING) != CURLM_OK;
	bad |= curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 1L) != CURLM_OK;
	return bad ? -ENOMEM : 0;
}

int http_session_begin(struct http_client *c, const struct http_opts *o)
{
	int rc = -EINVAL;

	http_session_end(c);
	free(c->effective_url);
	c->effective_url = NULL;
	if (!o || !o->url || !http_url_is_http(o->url))
		goto out;
	rc = -ENOMEM;
	c->url = http_url_strip_userinfo(o->url);
	c->easy = curl_easy_init();
	if (!c->url || !c->easy || multi_init(c) != 0)
		goto out;
	c->redirects_left = HTTP_MAX_REDIRS;
	rc = set_common(c, o);
	if (rc == 0)
		rc = http_easy_set_auth(c->easy, o);
	if (rc == 0)
		rc = set_auth_across_redirects(c->easy, o);
	if (rc == 0)
		rc = http_easy_set_tls(c->easy, o);
	if (rc == 0)
		rc = http_easy_set_cloexec(c->easy);
	if (rc == 0)
		warn_unverified(c, o);
out:
	if (rc != 0)
		http_session_end(c);
	return rc;
}

const char *http_effective_url(struct http_client *c)
{
	return c ? c->effective_url : NULL;
}

void http_set_max_body(struct http_client *c, size_t n)
{
	c->max_body = n ? n : HTTP_MAX_BODY_BYTES;
}

/* The request headers of one kind of POST (caller frees), or NULL. */
static struct curl_slist *headers_new(bool content_type, bool soap_action)
{
	const char *h[3];
	struct curl_slist *l = NULL, *t;
	size_t n = 0;

	/* "Name:" with no value removes a header libcurl would add itself. */
	h[n++] = content_type ? "Content-Type: text/xml; charset=\"utf-8\"" : "Content-Type:";
	if (soap_action)
		h[n++] = "SOAPAction: \"\"";
	h[n++] = "Expect:";
	for (size_t i = 0; i < n; i++) {
		t = curl_slist_append(l, h[i]);
		if (!t) {
			curl_slist_free_all(l);
			return NULL;
		}
		l = t;
	}
	return l;
}

struct http_client *http_client_new(struct loop *l)
{
	struct http_client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->loop = l;
	c->max_body = HTTP_MAX_BODY_BYTES;
	c->hdr_action = headers_new(true, true);
	c->hdr_soap = headers_new(true, false);
	c->hdr_empty = headers_new(false, false);
	if (!c->hdr_action || !c->hdr_soap || !c->hdr_empty) {
		http_client_free(c);
		c = NULL;
	}
	return c;
}

void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	http_session_end(c);
	curl_slist_free_all(c->hdr_action);
	curl_slist_free_all(c->hdr_soap);
	curl_slist_free_all(c->hdr_empty);
	free(c->effective_url);
	free(c);
}

int http_global_init(void)
{
	/* The start-up hook the daemon has: the bodies we send are built in
	 * xbufs, and a whole-tree answer is ~15 MB (see xbuf_malloc_tune). */
	if (xbuf_malloc_tune() != 0)
		log_warn("http: cannot tune malloc for big messages");
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -ENOMEM;
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}
