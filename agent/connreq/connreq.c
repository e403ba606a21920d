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
 * This file keeps the socket, the table and the contract; one
 * connection's request and answer are connreq_answer.c's.
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
#include "log.h"
#include "tcp_listen.h"

#include "connreq_int.h"

static bool listen_wanted(const struct config *cfg)
{
	return cfg->enable && cfg->cr_enable;   /* EnableCWMP false: no CR either */
}

/* ---- connections -------------------------------------------------------------- */

static void conn_cb(struct loop_fd *f, short revents)
{
	struct cr_conn *c = container_of(f, struct cr_conn, fd);

	(void)revents;
	if (c->state == CONN_READ)
		cr_conn_read(c);
	else if (c->state == CONN_WRITE)
		cr_conn_flush(c);
	else if (c->state == CONN_DRAIN)
		cr_conn_drain(c);
}

static void conn_timer_cb(struct loop_timer *t)
{
	struct cr_conn *c = container_of(t, struct cr_conn, timer);

	if (c->state == CONN_READ)
		log_debug("connreq: %s: no complete request in time; closing", c->peer);
	cr_conn_close(c);
}

static void listen_resume(struct connreq *cr);

void cr_conn_close(struct cr_conn *c)
{
	if (c->state == CONN_FREE)
		return;
	loop_fd_del(c->cr->loop, &c->fd);
	loop_timer_cancel(c->cr->loop, &c->timer);
	close(c->fd.fd);
	c->fd.fd = -1;
	free(c->in);
	c->in = c->out = NULL;
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
	cr_conn_respond(c, 429, hdr);
}

/* Put the accepted fd in slot c (closing whoever had it). Its buffers are
 * allocated here and freed when it closes. */
static void conn_open(struct connreq *cr, struct cr_conn *c, int fd,
		      const struct sockaddr_storage *ss)
{
	if (c->state != CONN_FREE) {
		log_debug("connreq: %d connections open: closing the one from %s",
			  CR_MAX_CONNS, c->peer);
		cr_conn_close(c);
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
	c->in = malloc(CR_MAX_REQUEST + CR_MAX_RESPONSE);
	if (!c->in || loop_fd_add(cr->loop, &c->fd) != 0) {
		log_warn("connreq: %s: out of memory: connection closed", c->peer);
		close(fd);
		c->fd.fd = -1;
		free(c->in);
		c->in = NULL;
		return;
	}
	c->out = c->in + CR_MAX_REQUEST;
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

/* A listen that failed (the port taken by another program or by our own
 * socket still closing, the address not up yet) is tried again from the
 * loop, 1 s later, then 2, 4, ... up to a minute, until it works or a
 * reload changes what to listen on. Not for an address that is no IP
 * literal: only a reload can mend that. */
static void relisten_arm(struct connreq *cr, int err, const char *where)
{
	int64_t ms = cr->relisten_ms ? cr->relisten_ms : CR_RELISTEN_MIN_MS;

	log_err("connreq: cannot listen on %s port %u: %s; trying again in %lld s", where,
		cr->cfg->cr_port, strerror(-err), (long long)(ms / 1000));
	loop_timer_set(cr->loop, &cr->relisten, ms);
	cr->relisten_ms = ms * 2 < CR_RELISTEN_MAX_MS ? ms * 2 : CR_RELISTEN_MAX_MS;
}

static void relisten_stop(struct connreq *cr)
{
	loop_timer_cancel(cr->loop, &cr->relisten);
	cr->relisten_ms = 0;
}

static int listen_open(struct connreq *cr)
{
	const struct config *cfg = cr->cfg;
	const char *where = cfg->cr_address[0] ? cfg->cr_address : "any address";
	int fd = tcp_listen(cfg->cr_address, cfg->cr_port, CR_BACKLOG);

	if (fd == -EINVAL) {
		log_err("connreq: cpe.address '%s' is not an IP address", cfg->cr_address);
		return fd;
	}
	if (fd < 0) {
		relisten_arm(cr, fd, where);
		return fd;
	}
	cr->lfd.fd = fd;
	cr->lfd.events = POLLIN;
	cr->lfd.cb = listen_cb;
	if (loop_fd_add(cr->loop, &cr->lfd) != 0) {
		close(fd);
		cr->lfd.fd = -1;
		relisten_arm(cr, -ENOMEM, where);
		return -ENOMEM;
	}
	relisten_stop(cr);
	log_notice("connreq: listening on %s port %u, path %s", where, cfg->cr_port,
		   cfg->cr_path);
	return 0;
}

static void relisten_cb(struct loop_timer *t)
{
	listen_open(container_of(t, struct connreq, relisten));
}

static void listen_close(struct connreq *cr)
{
	for (size_t i = 0; i < CR_MAX_CONNS; i++)
		cr_conn_close(&cr->conns[i]);
	listen_resume(cr);
	relisten_stop(cr);
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
	cr->relisten.cb = relisten_cb;
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
