/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the connection request transports tell the ACS beside the
 * ConnectionRequestURL: the methods built in and on
 * (SupportedConnReqMethods), and what the STUN client learnt at run time
 * (UDPConnectionRequestAddress, NATDetected). The ACS picks its way to the
 * CPE by these values (GenieACS: UDP when UDPConnectionRequestAddress is
 * set and STUNEnable is true), so the Inform carries them (cr_status_inform)
 * and a change of the address is an active notification. The agent holds
 * one struct cr_status; the STUN client writes it; the data model, the
 * Inform and the notifications read it. A new transport adds its values
 * here.
 */
#ifndef CWMP_CR_STATUS_H
#define CWMP_CR_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "cpe_msg.h"
#include "xbuf.h"

#define CR_STATUS_ADDR_MAX 64           /* "[IPv6]:port" */
#define CR_STATUS_INFORM_MAX 4          /* values cr_status_inform adds at most */

struct cr_status {
	bool udp_known;                 /* STUN answered since it (re)started */
	bool nat_detected;              /* the mapped address is not the local one */
	char udp_address[CR_STATUS_ADDR_MAX];   /* the mapped "host:port" */
};

/* SupportedConnReqMethods into buf (len bytes), returned: "HTTP", then
 * each other method that is built in and on in cfg ("HTTP,STUN"). */
const char *cr_status_methods(const struct config *cfg, char *buf, size_t len);

/* UDPConnectionRequestAddress: the mapped address when STUN is on and has
 * answered, NULL while it has not (not known yet: left out of the Inform,
 * no notification), "" when STUN is off or not built in. */
const char *cr_status_udp_address(const struct cr_status *st, const struct config *cfg);

/* NATDetected: false whenever STUN is off. */
bool cr_status_nat(const struct cr_status *st, const struct config *cfg);

/* The values the Inform carries for the ACS's choice of method (STUNEnable
 * and a known UDPConnectionRequestAddress; none without STUN built in)
 * into out (room for CR_STATUS_INFORM_MAX; strings static or in st).
 * Returns how many. */
size_t cr_status_inform(const struct cr_status *st, const struct config *cfg,
			struct param_value *out);

/* The run-time values as plugin lines (Device.ManagementServer.
 * SupportedConnReqMethods, UDPConnectionRequestAddress, NATDetected) onto
 * out; 0 or the xbuf's error. */
int cr_status_native(const struct cr_status *st, const struct config *cfg, struct xbuf *out);

#endif
