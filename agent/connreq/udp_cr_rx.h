/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The UDP connection request listener's decisions (TR-069 Annex G): one
 * datagram parsed and checked (udp_cr.h) against the connection request
 * credentials of the config at this moment; a valid one raises
 * EV_CONNECTION_REQUEST (a session, or joins the pending one), anything
 * else is dropped and logged at most once a minute with the count of the
 * others. Nothing is ever answered (Annex G: no response), and a source
 * address is never blocked: UDP sources are forged at will, and blocking
 * one would let anybody lock the ACS out.
 */
#ifndef CWMP_UDP_CR_RX_H
#define CWMP_UDP_CR_RX_H

#include <stddef.h>

#include "config.h"
#include "cr_guard.h"
#include "events.h"
#include "udp_cr.h"

struct udp_cr_rx {
	struct udp_cr_seen seen;        /* the ids accepted */
	struct cr_quiet refused;        /* the log of what is dropped */
};

/* Decide the datagram buf[0, len) from peer (its address, for the log). */
void udp_cr_rx_datagram(struct udp_cr_rx *rx, const struct config *cfg, struct events *ev,
			const char *buf, size_t len, const char *peer);

#endif
