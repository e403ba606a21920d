/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The STUN client of TR-111 Part 2 and the UDP connection request listener
 * of TR-069 Annex G, on one UDP socket (stun.udp_port), in the poll loop.
 * When stun.enable (and EnableCWMP) is on, it sends RFC 5389 Binding
 * Requests carrying CONNECTION-REQUEST-BINDING to stun.server (the ACS
 * URL's host when empty) : stun.port, from the socket the ACS's UDP
 * connection requests arrive on, so the NAT binding they need stays open:
 * a keep-alive every stun.min_keepalive seconds (30 when 0; never more
 * than stun.max_keepalive), retransmissions after 0.5, 1, 2 ... 8 s (seven
 * sends), and after a failed transaction the next one a keep-alive period
 * later. A server that asks for MESSAGE-INTEGRITY (401) gets USERNAME and
 * MESSAGE-INTEGRITY from stun.username/stun.password (with REALM and NONCE
 * under RFC 5389's long-term mechanism, a short-term key without them),
 * and the answers to such requests are checked when they carry it. The
 * mapped address is UDPConnectionRequestAddress, NATDetected says whether
 * it differs from the socket's own address and port; a new mapping sends
 * BINDING-CHANGE at once (until one is answered) and calls env.changed
 * (the agent polls its notifications: an active change starts a session).
 * Every other datagram is a UDP connection request (udp_cr_rx.h).
 */
#ifndef CWMP_STUN_H
#define CWMP_STUN_H

#include "config.h"
#include "cr_status.h"
#include "events.h"
#include "loop.h"

#define STUN_KEEPALIVE_DEFAULT_S 30
#define STUN_RTO_MS 500
#define STUN_SENDS 7

struct stun;

struct stun_env {
	struct loop *loop;
	const struct config *cfg;       /* read at each reload and request */
	struct events *events;          /* EV_CONNECTION_REQUEST */
	struct cr_status *status;       /* the findings, written here */
	void (*changed)(void *ctx);     /* UDPConnectionRequestAddress or NATDetected */
	void *ctx;
};

/* The client on env (copied; the pointers must outlive it), started when
 * the config says so. NULL when out of memory. */
struct stun *stun_new(const struct stun_env *env);

/* After a config reload: on, off, a new server, port or local port take
 * effect (a new socket, a new lookup); credentials and keep-alive periods
 * at the next request. */
void stun_reload(struct stun *s);

/* Close the socket, kill a running lookup, free; NULL is a no-op. */
void stun_free(struct stun *s);

#endif
