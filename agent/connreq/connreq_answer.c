/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One connection request, read, decided and answered (connreq.h has the
 * rules): the request head parsed (httpreq.c), the path and method
 * checked, the Digest answer checked (digest.c) against the credentials
 * of the config at this moment, the address's debt kept (cr_guard.c), and
 * one answer with "Connection: close", sent and then lingered on so that
 * closing does not reset it. A valid request raises EV_CONNECTION_REQUEST.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "connreq_int.h"
#include "httpreq.h"
#include "log.h"

static const char *reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

/* The request-target's path (without ?query; after the authority of an
 * absolute-form "http://host:port/path") is exactly path. */
static bool path_is(const struct httpreq_str *target, const char *path)
{
	const char *p = target->p, *end = target->p + target->len;
	size_t n = 0;

	if (target->len > 7 && strncasecmp(p, "http://", 7) == 0) {
		for (p += 7; p < end && *p != '/' && *p != '?';)
			p++;
	}
	while (p + n < end && p[n] != '?')
		n++;
	return n == strlen(path) && memcmp(p, path, n) == 0;
}

/* ---- answering --------------------------------------------------------------- */

/* Read and drop what the client still sends (a few reads per wakeup: a
 * fast sender must not hold the loop); its end, or an error, closes. */
void cr_conn_drain(struct cr_conn *c)
{
	ssize_t n = 1;

	for (int i = 0; i < 4 && n > 0; i++)
		n = recv(c->fd.fd, c->in, CR_MAX_REQUEST, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		cr_conn_close(c);
}

void cr_conn_flush(struct cr_conn *c)
{
	struct connreq *cr = c->cr;
	int64_t left;
	ssize_t n = send(c->fd.fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		cr_conn_close(c);
		return;
	}
	c->out_off += (size_t)n;
	if (c->out_off < c->out_len)
		return;
	/* All sent: half-close and read what the client still sends, so
	 * that closing does not reset the connection under our answer. */
	shutdown(c->fd.fd, SHUT_WR);
	c->state = CONN_DRAIN;
	c->fd.events = POLLIN;
	left = c->since_ms + CR_CONN_TIME_MS - loop_now_ms();
	loop_timer_set(cr->loop, &c->timer, left < CR_LINGER_MS ? left : CR_LINGER_MS);
}

/* Answer code with the extra header lines (each ending in CRLF) and close. */
void cr_conn_respond(struct cr_conn *c, int code, const char *extra)
{
	int n = snprintf(c->out, CR_MAX_RESPONSE,
			 "HTTP/1.1 %d %s\r\nContent-Length: 0\r\nConnection: close\r\n%s\r\n",
			 code, reason(code), extra ? extra : "");

	if (n < 0 || (size_t)n >= CR_MAX_RESPONSE) {
		cr_conn_close(c);
		return;
	}
	log_debug("connreq: %s: %d", c->peer, code);
	c->out_len = (size_t)n;
	c->out_off = 0;
	c->state = CONN_WRITE;
	c->fd.events = POLLOUT;
	cr_conn_flush(c);
}

/* The guard's answer for a request that did not succeed: say so (at most
 * once a minute) when it blocked the address. */
static void charged(struct cr_conn *c, bool blocks)
{
	struct connreq *cr = c->cr;
	int64_t now = loop_now_ms();

	if (!blocks || !cr_quiet_due(&cr->blocked, now))
		return;
	log_warn("connreq: %s: too many unsuccessful connection requests: 429 for %lld s "
		 "(%u more blocks since the last message)", c->peer,
		 (long long)((cr_guard_retry_after(&cr->guard, c->key, now) + 999) / 1000),
		 cr->blocked.hidden);
	cr->blocked.hidden = 0;
}

/* A failed request (garbage, wrong path or credentials): code, and debt. */
static void refuse(struct cr_conn *c, int code, const char *extra)
{
	charged(c, cr_guard_failed(&c->cr->guard, c->key, loop_now_ms()));
	cr_conn_respond(c, code, extra);
}

static void challenge(struct cr_conn *c, bool stale)
{
	char hdr[DIGEST_CHALLENGE_MAX];
	int n;

	c->cr->dg.algs = config_digest_algs(c->cr->cfg->cr_digest);
	n = digest_challenge(&c->cr->dg, loop_now_ms() / 1000, stale, hdr, sizeof(hdr));

	cr_conn_respond(c, 401, n > 0 ? hdr : NULL);
}

/* No credentials, or a stale nonce: a challenge, which a valid request
 * after it refunds. */
static void unauthenticated(struct cr_conn *c, bool stale)
{
	charged(c, cr_guard_challenged(&c->cr->guard, c->key, loop_now_ms()));
	challenge(c, stale);
}

/* ---- deciding ------------------------------------------------------------------- */

/* A valid request: always 200. It refunds the challenge before it, and
 * starts a session, or joins the one pending (events_raise). */
static void accepted(struct cr_conn *c)
{
	struct connreq *cr = c->cr;

	cr_guard_ok(&cr->guard, c->key, loop_now_ms());
	log_notice("connreq: connection request from %s accepted", c->peer);
	cr_conn_respond(c, 200, NULL);
	events_raise(cr->events, EV_CONNECTION_REQUEST, "");
}

static void denied(struct cr_conn *c)
{
	struct connreq *cr = c->cr;

	if (cr_quiet_due(&cr->denied, loop_now_ms())) {
		log_notice("connreq: %s: wrong connection request credentials "
			   "(%u more refused since the last message)", c->peer, cr->denied.hidden);
		cr->denied.hidden = 0;
	}
	charged(c, cr_guard_failed(&cr->guard, c->key, loop_now_ms()));
	challenge(c, false);
}

/* The request is a GET on our path: check its Authorization. */
static void authenticate(struct cr_conn *c, const struct httpreq *r)
{
	const struct config *cfg = c->cr->cfg;
	const struct httpreq_str *h = httpreq_header(r, "Authorization");
	struct digest_auth d;
	char target[CR_MAX_REQUEST + 1];

	if (!h) {
		unauthenticated(c, false);
		return;
	}
	if (!cfg->cr_username[0] || digest_parse(h->p, h->len, &d) != 0) {
		denied(c);
		return;
	}
	memcpy(target, r->target.p, r->target.len);
	target[r->target.len] = '\0';
	c->cr->dg.algs = config_digest_algs(cfg->cr_digest);
	switch (digest_check(&c->cr->dg, &d, "GET", target, cfg->cr_username,
			     cfg->cr_password, loop_now_ms() / 1000)) {
	case DIGEST_OK:
		accepted(c);
		break;
	case DIGEST_STALE:
		unauthenticated(c, true);
		break;
	default:
		denied(c);
		break;
	}
}

static void handle(struct cr_conn *c, const struct httpreq *r)
{
	if (!path_is(&r->target, c->cr->cfg->cr_path))
		refuse(c, 404, NULL);
	else if (!httpreq_str_eq(&r->method, "GET"))
		refuse(c, 405, "Allow: GET\r\n");
	else
		authenticate(c, r);
}

void cr_conn_read(struct cr_conn *c)
{
	struct httpreq r;
	ssize_t n = recv(c->fd.fd, c->in + c->in_len, CR_MAX_REQUEST - c->in_len, 0);
	int rc;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		cr_conn_close(c);
		return;
	}
	c->in_len += (size_t)n;
	rc = httpreq_parse(c->in, c->in_len, &r);
	if (rc == -EAGAIN && c->in_len < CR_MAX_REQUEST)
		return;
	if (rc == -EAGAIN || rc == -E2BIG)
		refuse(c, 431, NULL);
	else if (rc < 0)
		refuse(c, 400, NULL);
	else
		handle(c, &r);
}
