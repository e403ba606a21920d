/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Connection Request server: one non-blocking listening socket and a
 * fixed table of CR_MAX_CONNS connections, all driven by the poll loop.
 * A connection reads one request head (httpreq.c; at most CR_MAX_REQUEST
 * bytes and HTTPREQ_MAX_HEADERS fields), gets one answer with
 * "Connection: close", lingers a moment reading what the client still
 * sends (so our answer is not lost to a reset) and is closed; each has
 * CR_CONN_TIME_MS from accept to close, whatever it does. When every slot
 * is taken, a new connection takes the slot of the oldest answered one, or
 * else of the oldest one still reading once it has been open
 * CR_EVICT_AGE_MS: idle or slow clients cannot lock the ACS out. When all
 * are younger than that, accepting pauses until a slot frees (new clients
 * wait in the kernel's backlog; the loop does not spin). Authentication
 * is Digest (digest.c) against cpe.username/cpe.password read at each
 * request, so credentials the ACS has just set apply as soon as the agent
 * has reloaded its config. A valid request is never refused for its pace:
 * it starts a session, or joins the one pending. What is limited is what
 * does not succeed: cr_guard.c backs off an address that keeps failing,
 * and its connections are then answered 429 at accept, before any read.
 */
#define _GNU_SOURCE 1   /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "events.h"
#include "loop.h"
#include "connreq.h"
#include "cr_guard.h"
#include "digest.h"
#include "httpreq.h"
#include "log.h"
#include "tcp_listen.h"

#define CR_MAX_CONNS 16
#define CR_MAX_REQUEST 4096             /* request head, bytes */
#define CR_MAX_RESPONSE 1024
#define CR_CONN_TIME_MS 5000            /* accept to close */
#define CR_LINGER_MS 1000               /* after our answer, at most */
#define CR_ACCEPT_BATCH 32              /* per loop iteration */
#define CR_BACKLOG 64
#define CR_LOG_EVERY_MS 60000
#define CR_PAUSE_MS 1000                /* after EMFILE and the like */
#define CR_EVICT_AGE_MS 250             /* an idle client may lose its slot */
#define CR_ADDR_MAX 64

enum conn_state { CONN_FREE, CONN_READ, CONN_WRITE, CONN_DRAIN };

struct cr_conn {
	struct loop_fd fd;
	struct loop_timer timer;        /* closes it when its time is up */
	struct connreq *cr;
	enum conn_state state;
	int64_t since_ms;               /* accepted at */
	char peer[INET6_ADDRSTRLEN];
	uint8_t key[CR_GUARD_KEY_LEN];  /* its address, for cr_guard */
	size_t in_len, out_len, out_off;
	char in[CR_MAX_REQUEST];
	char out[CR_MAX_RESPONSE];
};

/* A message said at most once a minute, with the count of the others. */
struct cr_quiet {
	int64_t last_ms;
	unsigned hidden;
	bool said;
};

struct connreq {
	struct loop *loop;
	const struct config *cfg;       /* read at each request and reload */
	struct events *events;          /* EV_CONNECTION_REQUEST is raised here */
	struct loop_fd lfd;             /* fd -1: not listening */
	struct loop_timer pause;        /* accepting again (table full, EMFILE) */
	bool paused;                    /* lfd out of the loop for now */
	bool want;                      /* what lfd was opened for: */
	unsigned port;
	char address[CR_ADDR_MAX];
	struct digest_server dg;
	struct cr_guard guard;
	struct cr_quiet denied, blocked;
	struct cr_conn conns[CR_MAX_CONNS];
};

static void conn_close(struct cr_conn *c);

/* ---- small helpers ----------------------------------------------------------- */

static bool quiet_due(struct cr_quiet *q, int64_t now)
{
	if (q->said && now - q->last_ms < CR_LOG_EVERY_MS) {
		q->hidden++;
		return false;
	}
	q->said = true;
	q->last_ms = now;
	return true;
}

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

static bool listen_wanted(const struct config *cfg)
{
	return cfg->enable && cfg->cr_enable;   /* EnableCWMP false: no CR either */
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
static void conn_drain(struct cr_conn *c)
{
	ssize_t n = 1;

	for (int i = 0; i < 4 && n > 0; i++)
		n = recv(c->fd.fd, c->in, sizeof(c->in), 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		conn_close(c);
}

static void conn_flush(struct cr_conn *c)
{
	struct connreq *cr = c->cr;
	int64_t left;
	ssize_t n = send(c->fd.fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(c);
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
static void respond(struct cr_conn *c, int code, const char *extra)
{
	int n = snprintf(c->out, sizeof(c->out),
			 "HTTP/1.1 %d %s\r\nContent-Length: 0\r\nConnection: close\r\n%s\r\n",
			 code, reason(code), extra ? extra : "");

	if (n < 0 || (size_t)n >= sizeof(c->out)) {
		conn_close(c);
		return;
	}
	log_debug("connreq: %s: %d", c->peer, code);
	c->out_len = (size_t)n;
	c->out_off = 0;
	c->state = CONN_WRITE;
	c->fd.events = POLLOUT;
	conn_flush(c);
}

/* The guard's answer for a request that did not succeed: say so (at most
 * once a minute) when it blocked the address. */
static void charged(struct cr_conn *c, bool blocks)
{
	struct connreq *cr = c->cr;
	int64_t now = loop_now_ms();

	if (!blocks || !quiet_due(&cr->blocked, now))
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
	respond(c, code, extra);
}

static void challenge(struct cr_conn *c, bool stale)
{
	char hdr[DIGEST_CHALLENGE_MAX];
	int n = digest_challenge(&c->cr->dg, loop_now_ms() / 1000, stale, hdr, sizeof(hdr));

	respond(c, 401, n > 0 ? hdr : NULL);
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
	respond(c, 200, NULL);
	events_raise(cr->events, EV_CONNECTION_REQUEST, "");
}

static void denied(struct cr_conn *c)
{
	struct connreq *cr = c->cr;

	if (quiet_due(&cr->denied, loop_now_ms())) {
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

static void conn_read(struct cr_conn *c)
{
	struct httpreq r;
	ssize_t n = recv(c->fd.fd, c->in + c->in_len, sizeof(c->in) - c->in_len, 0);
	int rc;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(c);
		return;
	}
	c->in_len += (size_t)n;
	rc = httpreq_parse(c->in, c->in_len, &r);
	if (rc == -EAGAIN && c->in_len < sizeof(c->in))
		return;
	if (rc == -EAGAIN || rc == -E2BIG)
		refuse(c, 431, NULL);
	else if (rc < 0)
		refuse(c, 400, NULL);
	else
		handle(c, &r);
}

/* ---- connections -------------------------------------------------------------- */

static void conn_cb(struct loop_fd *f, short revents)
{
	struct cr_conn *c = container_of(f, struct cr_conn, fd);

	(void)revents;
	if (c->state == CONN_READ)
		conn_read(c);
	else if (c->state == CONN_WRITE)
		conn_flush(c);
	else if (c->state == CONN_DRAIN)
		conn_drain(c);
}

static void conn_timer_cb(struct loop_timer *t)
{
	struct cr_conn *c = container_of(t, struct cr_conn, timer);

	if (c->state == CONN_READ)
		log_debug("connreq: %s: no complete request in time; closing", c->peer);
	conn_close(c);
}

static void listen_resume(struct connreq *cr);

static void conn_close(struct cr_conn *c)
{
	if (c->state == CONN_FREE)
		return;
	loop_fd_del(c->cr->loop, &c->fd);
	loop_timer_cancel(c->cr->loop, &c->timer);
	close(c->fd.fd);
	c->fd.fd = -1;
	c->state = CONN_FREE;
	listen_resume(c->cr);           /* a slot is free: accept again */
}

/* Which slot a new connection takes: a free one; else the oldest that is
 * answered already; else the oldest still reading if it has had
 * CR_EVICT_AGE_MS (an idle client, not one we are about to serve).
 * NULL when all are fresh: *wait_ms says when the oldest stops being. */
static struct cr_conn *conn_pick(struct connreq *cr, int64_t now, int64_t *wait_ms)
{
	struct cr_conn *done = NULL, *reading = NULL;

	for (size_t i = 0; i < CR_MAX_CONNS; i++) {
		struct cr_conn *c = &cr->conns[i];

		if (c->state == CONN_FREE)
			return c;
		if (c->state != CONN_READ && (!done || c->since_ms < done->since_ms))
			done = c;
		if (c->state == CONN_READ && (!reading || c->since_ms < reading->since_ms))
			reading = c;
	}
	if (done)
		return done;
	*wait_ms = reading->since_ms + CR_EVICT_AGE_MS - now;
	return *wait_ms <= 0 ? reading : NULL;
}

static void peer_name(const struct sockaddr_storage *ss, char *out, size_t len)
{
	const void *src = ss->ss_family == AF_INET6
		? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
		: (const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	if (!inet_ntop(ss->ss_family, src, out, (socklen_t)len))
		snprintf(out, len, "?");
}

/* A blocked address gets 429 at once, its request unread. */
static void blocked(struct cr_conn *c)
{
	const struct cr_guard *g = &c->cr->guard;
	int64_t now = loop_now_ms();
	char hdr[48];

	if (cr_guard_wait(g, c->key, now) <= 0)
		return;
	snprintf(hdr, sizeof(hdr), "Retry-After: %lld\r\n",
		 (long long)((cr_guard_retry_after(g, c->key, now) + 999) / 1000));
	respond(c, 429, hdr);
}

/* Put the accepted fd in slot c (closing whoever had it). */
static void conn_open(struct connreq *cr, struct cr_conn *c, int fd,
		      const struct sockaddr_storage *ss)
{
	if (c->state != CONN_FREE) {
		log_debug("connreq: %d connections open: closing the one from %s",
			  CR_MAX_CONNS, c->peer);
		conn_close(c);
	}
	c->cr = cr;
	c->fd.fd = fd;
	c->fd.events = POLLIN;
	c->fd.cb = conn_cb;
	c->timer.cb = conn_timer_cb;
	c->since_ms = loop_now_ms();
	c->in_len = c->out_len = c->out_off = 0;
	peer_name(ss, c->peer, sizeof(c->peer));
	cr_guard_key(ss, c->key);
	if (loop_fd_add(cr->loop, &c->fd) != 0) {
		close(fd);
		c->fd.fd = -1;
		return;
	}
	c->state = CONN_READ;
	loop_timer_set(cr->loop, &c->timer, CR_CONN_TIME_MS);
	blocked(c);
}

/* ---- the listening socket -------------------------------------------------------- */

/* Stop accepting for ms (new clients wait in the kernel's backlog). */
static void listen_pause(struct connreq *cr, int64_t ms)
{
	if (!cr->paused)
		loop_fd_del(cr->loop, &cr->lfd);
	cr->paused = true;
	loop_timer_set(cr->loop, &cr->pause, ms);
}

static void listen_resume(struct connreq *cr)
{
	if (!cr->paused)
		return;
	cr->paused = false;
	loop_timer_cancel(cr->loop, &cr->pause);
	if (cr->lfd.fd >= 0 && loop_fd_add(cr->loop, &cr->lfd) != 0)
		log_err("connreq: cannot watch the listening socket");
}

static void pause_cb(struct loop_timer *t)
{
	listen_resume(container_of(t, struct connreq, pause));
}

static void listen_cb(struct loop_fd *f, short revents)
{
	struct connreq *cr = container_of(f, struct connreq, lfd);
	struct sockaddr_storage ss;
	struct cr_conn *c;
	int64_t wait = 0;
	socklen_t sl;
	int fd, err;

	(void)revents;
	for (int i = 0; i < CR_ACCEPT_BATCH; i++) {
		c = conn_pick(cr, loop_now_ms(), &wait);
		if (!c) {
			listen_pause(cr, wait);
			return;
		}
		sl = sizeof(ss);
		memset(&ss, 0, sizeof(ss));
		fd = accept4(f->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			conn_open(cr, c, fd, &ss);
			continue;
		}
		err = errno;            /* before log_err can change it */
		if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
			log_err("connreq: accept: %s; pausing %d ms", strerror(err), CR_PAUSE_MS);
			listen_pause(cr, CR_PAUSE_MS);
		}
		if (err != EINTR && err != ECONNABORTED)
			return;
	}
}

static int listen_open(struct connreq *cr)
{
	const struct config *cfg = cr->cfg;
	int fd = tcp_listen(cfg->cr_address, cfg->cr_port, CR_BACKLOG);

	if (fd == -EINVAL)
		log_err("connreq: cpe.address '%s' is not an IP address", cfg->cr_address);
	else if (fd < 0)
		log_err("connreq: cannot listen on %s port %u: %s",
			cfg->cr_address[0] ? cfg->cr_address : "any address", cfg->cr_port,
			strerror(-fd));
	if (fd < 0)
		return fd;
	cr->lfd.fd = fd;
	cr->lfd.events = POLLIN;
	cr->lfd.cb = listen_cb;
	if (loop_fd_add(cr->loop, &cr->lfd) != 0) {
		close(fd);
		cr->lfd.fd = -1;
		return -ENOMEM;
	}
	log_notice("connreq: listening on %s port %u, path %s",
		   cfg->cr_address[0] ? cfg->cr_address : "any address", cfg->cr_port,
		   cfg->cr_path);
	return 0;
}

static void listen_close(struct connreq *cr)
{
	for (size_t i = 0; i < CR_MAX_CONNS; i++)
		conn_close(&cr->conns[i]);
	listen_resume(cr);
	if (cr->lfd.fd < 0)
		return;
	loop_fd_del(cr->loop, &cr->lfd);
	close(cr->lfd.fd);
	cr->lfd.fd = -1;
}

/* Credentials that make connection requests useless or weak. */
static void warn_credentials(const struct connreq *cr, const struct config *cfg)
{
	if (!cr->want)
		return;
	if (!cfg->cr_username[0])
		log_warn("connreq: ConnectionRequestUsername (cpe.username) is empty: "
			 "every connection request is refused with 401");
	else if (!cfg->cr_password[0])
		log_warn("connreq: ConnectionRequestPassword (cpe.password) is empty: "
			 "anyone who knows the username can start sessions");
}

/* Listen (or not) as the config says; remember what for. */
static int apply(struct connreq *cr)
{
	const struct config *cfg = cr->cfg;
	int rc = 0;

	cr->want = listen_wanted(cfg);
	cr->port = cfg->cr_port;
	snprintf(cr->address, sizeof(cr->address), "%s", cfg->cr_address);
	if (cr->want)
		rc = listen_open(cr);
	else
		log_notice("connreq: connection requests are off (%s)",
			   cfg->enable ? "cpe.cr_enable" : "acs.enable");
	warn_credentials(cr, cfg);
	return rc;
}

/* ---- the contract ----------------------------------------------------------------- */

struct connreq *connreq_new(struct loop *l, const struct config *cfg, struct events *ev)
{
	struct connreq *cr = calloc(1, sizeof(*cr));
	int rc;

	if (!cr)
		return NULL;
	rc = digest_server_init(&cr->dg);
	if (rc != 0) {
		log_err("connreq: no random secret for nonces: %s", strerror(-rc));
		free(cr);
		return NULL;
	}
	cr->loop = l;
	cr->cfg = cfg;
	cr->events = ev;
	cr->lfd.fd = -1;
	cr->pause.cb = pause_cb;
	for (size_t i = 0; i < CR_MAX_CONNS; i++)
		cr->conns[i].fd.fd = -1;
	apply(cr);
	return cr;
}

void connreq_reload(struct connreq *cr)
{
	const struct config *cfg = cr->cfg;

	/* Path and credentials are read at each request: nothing to do. */
	if (cr->want == listen_wanted(cfg) && cr->port == cfg->cr_port &&
	    strcmp(cr->address, cfg->cr_address) == 0 && (cr->lfd.fd >= 0 || !cr->want)) {
		warn_credentials(cr, cfg);
		return;
	}
	listen_close(cr);
	apply(cr);
}

void connreq_free(struct connreq *cr)
{
	if (!cr)
		return;
	listen_close(cr);
	memset(&cr->dg, 0, sizeof(cr->dg));     /* the nonce secret */
	free(cr);
}
