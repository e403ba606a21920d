/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The STUN client and the UDP socket it shares with the UDP connection
 * requests (stun.h has the contract). One transaction at a time: a random
 * transaction id, sent up to STUN_SENDS times with the wait doubling from
 * STUN_RTO_MS; its answer must come from the server's address and carry
 * the id. The socket is opened in the server's address family once its
 * name is resolved (resolve.h), bound to stun.udp_port on every address.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cr_guard.h"
#include "hash.h"
#include "log.h"
#include "resolve.h"
#include "stun.h"
#include "stun_msg.h"
#include "udp_cr_rx.h"

#define HOST_MAX 257
#define RECV_BATCH 16                   /* datagrams per wakeup */
#define RTO_MAX_MS 8000

struct stun {
	struct stun_env e;
	struct loop_fd fd;              /* the UDP socket; fd -1: none */
	struct resolve res;
	struct loop_timer timer;        /* the next send */
	struct sockaddr_storage server; /* resolved; family 0: not yet */
	/* what the socket and the lookup are for */
	bool on;
	unsigned udp_port, server_port;
	char server_name[HOST_MAX];
	/* the transaction */
	uint8_t txid[STUN_TXID_LEN];
	bool in_flight, signed_req, change_sent;
	unsigned sends, auth_tries;
	int64_t rto_ms;
	bool binding_change;            /* send BINDING-CHANGE until answered */
	bool auth;                      /* the server wants MESSAGE-INTEGRITY */
	char realm[128], nonce[256];    /* the long-term mechanism's */
	struct cr_quiet quiet;          /* the client's own complaints */
	struct udp_cr_rx rx;
};

/* ---- helpers ----------------------------------------------------------------- */

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		       memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) == 0;
	}
	return false;
}

static socklen_t addr_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

/* "a.b.c.d:port" or "[v6]:port" (with_port), or the bare address. */
static void addr_text(const struct sockaddr_storage *ss, bool with_port, char *out, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	unsigned port;

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)ss;

		inet_ntop(AF_INET6, &s->sin6_addr, ip, sizeof(ip));
		port = ntohs(s->sin6_port);
		if (with_port) {
			snprintf(out, len, "[%s]:%u", ip, port);
			return;
		}
	} else {
		const struct sockaddr_in *s = (const void *)ss;

		inet_ntop(AF_INET, &s->sin_addr, ip, sizeof(ip));
		port = ntohs(s->sin_port);
		if (with_port) {
			snprintf(out, len, "%s:%u", ip, port);
			return;
		}
	}
	snprintf(out, len, "%s", ip);
}

static int random_txid(uint8_t *txid)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, txid, STUN_TXID_LEN) : -1;

	if (fd >= 0)
		close(fd);
	return n == STUN_TXID_LEN ? 0 : -EIO;
}

/* The host of the ACS URL (an IPv6 literal with its brackets). */
static void acs_host(const char *url, char *out, size_t len)
{
	const char *p = strstr(url, "://"), *end, *at, *close;
	size_t n;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	close = *p == '[' ? memchr(p, ']', (size_t)(end - p)) : NULL;
	n = close ? (size_t)(close - p) + 1 : strcspn(p, ":/?#");
	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), p);
}

/* A warning about the server or the network, at most once a minute. */
static void complain(struct stun *s, const char *what, const char *detail)
{
	if (!cr_quiet_due(&s->quiet, loop_now_ms()))
		return;
	log_warn("stun: %s%s (%u more since the last message)", what, detail, s->quiet.hidden);
	s->quiet.hidden = 0;
}

/* ---- the findings ------------------------------------------------------------ */

static void set_status(struct stun *s, bool known, const char *addr, bool nat)
{
	struct cr_status *st = s->e.status;
	bool moved = known && st->udp_known && strcmp(st->udp_address, addr) != 0;

	if (st->udp_known == known && st->nat_detected == nat && !moved)
		return;
	if (moved) {
		log_notice("stun: the NAT binding moved: %s -> %s", st->udp_address, addr);
		s->binding_change = true;
	} else if (known) {
		log_notice("stun: UDP connection requests reach us at %s (NAT %s)", addr,
			   nat ? "detected" : "not detected");
	}
	st->udp_known = known;
	st->nat_detected = known && nat;
	snprintf(st->udp_address, sizeof(st->udp_address), "%s", known ? addr : "");
	if (s->e.changed)
		s->e.changed(s->e.ctx);
}

/* The address the kernel sends to the server from (a scratch socket,
 * connected, sends nothing), with our port. */
static int local_addr(const struct stun *s, struct sockaddr_storage *out)
{
	socklen_t len = sizeof(*out);
	int fd = socket(s->server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = fd < 0 || connect(fd, (const void *)&s->server, addr_len(&s->server)) != 0 ||
		 getsockname(fd, (void *)out, &len) != 0 ? -errno : 0;

	if (fd >= 0)
		close(fd);
	if (out->ss_family == AF_INET)
		((struct sockaddr_in *)out)->sin_port = htons((uint16_t)s->udp_port);
	else
		((struct sockaddr_in6 *)out)->sin6_port = htons((uint16_t)s->udp_port);
	return rc;
}

/* ---- sending ----------------------------------------------------------------- */

static unsigned keepalive_s(const struct config *cfg)
{
	unsigned p = cfg->stun_min_keepalive ? cfg->stun_min_keepalive : STUN_KEEPALIVE_DEFAULT_S;

	if (cfg->stun_max_keepalive > 0 && p > (unsigned)cfg->stun_max_keepalive)
		p = (unsigned)cfg->stun_max_keepalive;
	return p;
}

static int build(struct stun *s, uint8_t *buf)
{
	const struct config *cfg = s->e.cfg;
	uint8_t key[STUN_KEY_MAX];
	struct stun_request r = { .binding_change = s->binding_change };
	int klen = 0, n;

	memcpy(r.txid, s->txid, sizeof(r.txid));
	s->signed_req = s->auth && cfg->stun_username[0];
	if (s->signed_req) {
		klen = s->realm[0] ? stun_key_long(cfg->stun_username, s->realm, cfg->stun_password, key)
				   : stun_key_short(cfg->stun_password, key);
		r.username = cfg->stun_username;
		r.realm = s->realm;
		r.nonce = s->nonce;
		r.key = key;
		r.key_len = klen > 0 ? (size_t)klen : 0;
	}
	n = klen < 0 ? klen : stun_msg_write(&r, buf, STUN_MAX_MSG);
	hash_wipe(key, sizeof(key));
	return n;
}

static void send_now(struct stun *s)
{
	uint8_t buf[STUN_MAX_MSG];
	int n = build(s, buf);

	s->change_sent = s->binding_change;
	if (n < 0)
		complain(s, "cannot build a Binding Request: ", strerror(-n));
	else if (sendto(s->fd.fd, buf, (size_t)n, MSG_DONTWAIT, (const void *)&s->server,
			addr_len(&s->server)) < 0)
		log_debug("stun: sendto: %s", strerror(errno));
	s->sends++;
	loop_timer_set(s->e.loop, &s->timer, s->rto_ms);
	s->rto_ms = s->rto_ms * 2 > RTO_MAX_MS ? RTO_MAX_MS : s->rto_ms * 2;
}

/* A new transaction, now. */
static void transaction(struct stun *s)
{
	if (s->fd.fd < 0 || random_txid(s->txid) != 0) {
		loop_timer_set(s->e.loop, &s->timer, (int64_t)keepalive_s(s->e.cfg) * 1000);
		return;
	}
	s->in_flight = true;
	s->sends = 0;
	s->rto_ms = STUN_RTO_MS;
	send_now(s);
}

/* The transaction is over: the next one after a keep-alive period (at
 * once for a BINDING-CHANGE). */
static void idle(struct stun *s)
{
	s->in_flight = false;
	s->auth_tries = 0;
	loop_timer_set(s->e.loop, &s->timer,
		       s->binding_change ? 0 : (int64_t)keepalive_s(s->e.cfg) * 1000);
}

static void timer_cb(struct loop_timer *t)
{
	struct stun *s = container_of(t, struct stun, timer);
	char where[HOST_MAX + 8];

	if (!s->in_flight) {
		transaction(s);
		return;
	}
	if (s->sends < STUN_SENDS) {
		send_now(s);
		return;
	}
	addr_text(&s->server, true, where, sizeof(where));
	complain(s, "no answer from the STUN server ", where);
	idle(s);
}

/* ---- receiving --------------------------------------------------------------- */

static void success(struct stun *s, const uint8_t *buf, size_t len,
		    const struct stun_response *r)
{
	const struct config *cfg = s->e.cfg;
	struct sockaddr_storage local;
	uint8_t key[STUN_KEY_MAX];
	char mapped[CR_STATUS_ADDR_MAX];
	int klen = -1;

	if (s->signed_req && r->integrity_at) {
		klen = s->realm[0] ? stun_key_long(cfg->stun_username, s->realm, cfg->stun_password, key)
				   : stun_key_short(cfg->stun_password, key);
		if (klen < 0 || stun_msg_check(buf, len, r, key, (size_t)klen) != 0) {
			hash_wipe(key, sizeof(key));
			complain(s, "a Binding Response with a wrong MESSAGE-INTEGRITY: dropped", "");
			return;
		}
		hash_wipe(key, sizeof(key));
	}
	if (!r->has_mapped) {
		complain(s, "a Binding Response without a mapped address: dropped", "");
		return;
	}
	if (s->change_sent)
		s->binding_change = false;
	addr_text(&r->mapped, true, mapped, sizeof(mapped));
	set_status(s, true, mapped, local_addr(s, &local) != 0 || !same_addr(&local, &r->mapped));
	idle(s);
}

static void copy_str(char *out, size_t len, struct stun_str v)
{
	snprintf(out, len, "%.*s", (int)(v.len < len ? v.len : len - 1), v.p);
}

static void error(struct stun *s, const struct stun_response *r)
{
	char why[64];

	if ((r->error_code == 401 || r->error_code == 438) && s->e.cfg->stun_username[0] &&
	    s->auth_tries++ < 2) {
		s->auth = true;
		if (r->realm.p)
			copy_str(s->realm, sizeof(s->realm), r->realm);
		if (r->nonce.p)
			copy_str(s->nonce, sizeof(s->nonce), r->nonce);
		loop_timer_cancel(s->e.loop, &s->timer);
		if (random_txid(s->txid) == 0) {
			s->sends = 0;
			s->rto_ms = STUN_RTO_MS;
			send_now(s);
			return;
		}
	}
	snprintf(why, sizeof(why), "%d%s", r->error_code,
		 r->error_code == 401 ? ": check stun.username and stun.password" : "");
	complain(s, "the STUN server answers error ", why);
	idle(s);
}

static void stun_datagram(struct stun *s, const uint8_t *buf, size_t len,
			  const struct sockaddr_storage *from)
{
	struct stun_response r;

	if (stun_msg_parse(buf, len, &r) != 0 || !s->in_flight || !same_addr(from, &s->server) ||
	    memcmp(r.txid, s->txid, STUN_TXID_LEN) != 0)
		return;                 /* not ours, or late: dropped */
	if (r.type == STUN_BINDING_SUCCESS)
		success(s, buf, len, &r);
	else if (r.type == STUN_BINDING_ERROR)
		error(s, &r);
}

static void fd_cb(struct loop_fd *f, short revents)
{
	struct stun *s = container_of(f, struct stun, fd);
	uint8_t buf[STUN_RECV_MAX];
	char peer[INET6_ADDRSTRLEN];

	(void)revents;
	for (int i = 0; i < RECV_BATCH; i++) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(f->fd, buf, sizeof(buf), MSG_DONTWAIT, (void *)&from, &flen);

		if (n < 0)
			return;
		if (stun_msg_is_stun(buf, (size_t)n)) {
			stun_datagram(s, buf, (size_t)n, &from);
			continue;
		}
		addr_text(&from, false, peer, sizeof(peer));
		udp_cr_rx_datagram(&s->rx, s->e.cfg, s->e.events, (const char *)buf,
				   (size_t)n < UDP_CR_MAX ? (size_t)n : UDP_CR_MAX, peer);
	}
}

/* ---- the socket and the server ------------------------------------------------ */

static void close_socket(struct stun *s)
{
	if (s->fd.fd < 0)
		return;
	loop_fd_del(s->e.loop, &s->fd);
	close(s->fd.fd);
	s->fd.fd = -1;
}

static int open_socket(struct stun *s, int family)
{
	struct sockaddr_storage ss = { .ss_family = (sa_family_t)family };
	int one = 1, fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	if (family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)s->udp_port);
	else
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)s->udp_port);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const void *)&ss, addr_len(&ss)) != 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	s->fd = (struct loop_fd){ .fd = fd, .events = POLLIN, .cb = fd_cb };
	if (loop_fd_add(s->e.loop, &s->fd) != 0) {
		close(fd);
		s->fd.fd = -1;
		return -ENOMEM;
	}
	return 0;
}

static void resolved(struct resolve *res, int rc, const struct sockaddr_storage *ss)
{
	struct stun *s = container_of(res, struct stun, res);
	char port[8];

	if (rc != 0) {
		complain(s, "cannot resolve the STUN server ", s->server_name);
		loop_timer_set(s->e.loop, &s->timer, (int64_t)keepalive_s(s->e.cfg) * 1000);
		return;
	}
	if (s->fd.fd >= 0 && ss->ss_family != s->server.ss_family)
		close_socket(s);
	s->server = *ss;
	if (s->fd.fd < 0 && (rc = open_socket(s, ss->ss_family)) != 0) {
		snprintf(port, sizeof(port), "%u", s->udp_port);
		log_err("stun: cannot listen on UDP port %s: %s", port, strerror(-rc));
		s->server.ss_family = 0;
		loop_timer_set(s->e.loop, &s->timer, (int64_t)keepalive_s(s->e.cfg) * 1000);
		return;
	}
	transaction(s);
}

/* The timer while no server address is known: look it up (again). */
static void lookup(struct stun *s)
{
	int rc = resolve_start(&s->res, s->e.loop, s->server_name, s->server_port, resolved);

	if (rc != 0) {
		complain(s, "no STUN server to ask: ", s->server_name[0] ? s->server_name : "(none)");
		loop_timer_set(s->e.loop, &s->timer, (int64_t)keepalive_s(s->e.cfg) * 1000);
	}
}

static void stop(struct stun *s)
{
	resolve_cancel(&s->res);
	loop_timer_cancel(s->e.loop, &s->timer);
	close_socket(s);
	s->server.ss_family = 0;
	s->in_flight = false;
	s->auth = false;
	s->realm[0] = s->nonce[0] = '\0';
	set_status(s, false, "", false);
}

static void lookup_timer_cb(struct loop_timer *t)
{
	struct stun *s = container_of(t, struct stun, timer);

	if (!s->server.ss_family)
		lookup(s);
	else
		timer_cb(t);
}

static void apply(struct stun *s)
{
	const struct config *cfg = s->e.cfg;
	char name[HOST_MAX];
	bool on = cfg->enable && cfg->stun_enable;

	if (cfg->stun_server[0])
		snprintf(name, sizeof(name), "%s", cfg->stun_server);
	else
		acs_host(cfg->acs_url, name, sizeof(name));
	if (on == s->on && (!on || (s->udp_port == cfg->stun_udp_port &&
				    s->server_port == cfg->stun_port &&
				    strcmp(s->server_name, name) == 0)))
		return;
	stop(s);
	s->on = on;
	s->udp_port = cfg->stun_udp_port;
	s->server_port = cfg->stun_port;
	snprintf(s->server_name, sizeof(s->server_name), "%s", name);
	if (!on)
		return;
	log_notice("stun: Binding Requests to %s port %u from UDP port %u", name, s->server_port,
		   s->udp_port);
	lookup(s);
}

struct stun *stun_new(const struct stun_env *env)
{
	struct stun *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->e = *env;
	s->fd.fd = -1;
	s->res.fd.fd = -1;
	s->timer.cb = lookup_timer_cb;
	apply(s);
	return s;
}

void stun_reload(struct stun *s)
{
	if (s)
		apply(s);
}

void stun_free(struct stun *s)
{
	if (!s)
		return;
	resolve_cancel(&s->res);
	loop_timer_cancel(s->e.loop, &s->timer);
	close_socket(s);
	free(s);
}
