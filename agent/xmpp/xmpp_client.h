/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The XMPP client for connection requests (TR-069 Annex K): logs in to the
 * configured server as xmpp.username@xmpp.domain/xmpp.resource (STARTTLS
 * required unless xmpp.use_tls is 0), keeps the connection alive with
 * XEP-0199 pings, reconnects with the TR-181 back-off when it is lost,
 * and answers connection requests (xmpp_cr.h decides): a valid one raises
 * EV_CONNECTION_REQUEST. Driven from the poll loop: libstrophe's socket is
 * watched, xmpp_run_once is called only when it is ready (or for a
 * timeout while logging in), never to poll.
 *
 * Built with libstrophe (xmpp_client.c) or without (xmpp_none.c: no
 * client, and a warning when the config enables one).
 */
#ifndef CWMP_XMPP_CLIENT_H
#define CWMP_XMPP_CLIENT_H

#include <stdbool.h>
#include <time.h>

#include "config.h"
#include "events.h"
#include "loop.h"

struct xmpp_client;

struct xmpp_client_env {
	struct loop *loop;
	const struct config *cfg;       /* read at connect and at each request */
	struct events *events;          /* EV_CONNECTION_REQUEST goes here */
	/* The JabberID the ACS must use changed (ConnReqJabberID: an active
	 * notification); may be NULL. */
	void (*jid_changed)(void *ctx);
	void *ctx;
};

/* What Device.XMPP.Connection.1 shows. Strings are the client's (valid
 * until its next loop callback) or static. */
struct xmpp_status {
	const char *status;             /* TR-181 Status: Enabled, Disabled,
					   Connecting, ServerNotPresent,
					   Error_Misconfigured,
					   Error_AuthenticationFailure, Error */
	const char *jid;                /* the full JID bound now, "" when not */
	const char *cr_jid;             /* the last one bound (kept in the state
					   dir across restarts), "" before any */
	bool tls;                       /* TLSEstablished */
	time_t last_change;             /* of status; 0: none yet */
};

/* Whether this build has an XMPP client at all. */
bool xmpp_client_built(void);

/* A client for env (copied); it connects when the config enables it.
 * NULL when not built (logged when the config enables it) or out of
 * memory (logged). Free with xmpp_client_free. */
struct xmpp_client *xmpp_client_new(const struct xmpp_client_env *env);

/* After a config reload: reconnect when the connection's settings
 * changed, disconnect when disabled. */
void xmpp_client_reload(struct xmpp_client *c);

/* Its status into *st; c NULL: a client that is not there (Disabled, or
 * Error_Misconfigured when the config enables one). */
void xmpp_client_status(const struct xmpp_client *c, const struct config *cfg,
			struct xmpp_status *st);

/* Disconnect and free; NULL is a no-op. */
void xmpp_client_free(struct xmpp_client *c);

#endif
