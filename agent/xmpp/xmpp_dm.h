/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The XMPP parameters as native plugin lines: Device.XMPP. (one
 * connection with one server) and ManagementServer's ConnReqXMPPConnection,
 * ConnReqAllowedJabberIDs and ConnReqJabberID, from the config (section
 * 'xmpp') and the client's status; and where each writable one lives in
 * the config (dm_native.c writes them with its own).
 */
#ifndef CWMP_XMPP_DM_H
#define CWMP_XMPP_DM_H

#include <stdbool.h>

#include "config.h"
#include "dm_native.h"
#include "xbuf.h"
#include "xmpp_client.h"

/* Append the lines to out (owned by the caller). The passwords read "".
 * 0 or the xbuf's error (-ENOMEM, -E2BIG). */
int xmpp_dm_get(const struct config *cfg, const struct xmpp_status *st, struct xbuf *out);

/* The config option of the writable XMPP parameter at path (a whole
 * path, instance 1), or NULL. */
const struct native_opt *xmpp_dm_opt(const char *path);

/* ConnReqJabberID: st's last JID while the connection is enabled and
 * referenced, else "". Not a copy: valid as long as st's strings. */
const char *xmpp_dm_conn_req_jid(const struct config *cfg, const struct xmpp_status *st);

/* XMPP connection requests are built in, enabled and pointed at the
 * connection (SupportedConnReqMethods lists XMPP). */
bool xmpp_dm_available(const struct config *cfg);

#endif
