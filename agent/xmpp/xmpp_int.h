/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to the XMPP client: xmpp_client.c (the connection, the loop,
 * reconnects, pings, status) and xmpp_iq.c (the stanzas it answers).
 * Nothing else includes this.
 */
#ifndef CWMP_XMPP_INT_H
#define CWMP_XMPP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <strophe.h>
#include <time.h>

#include "cr_guard.h"
#include "resolve.h"
#include "xmpp_client.h"
#include "xmpp_cr.h"

struct xmpp_client {
	struct xmpp_client_env env;
	xmpp_log_t xlog;                /* libstrophe's warnings and errors into ours */
	xmpp_ctx_t *ctx;
	xmpp_conn_t *conn;              /* NULL between connections */
	struct loop_fd fd;              /* libstrophe's socket; fd -1: none watched */
	struct loop_timer tick;         /* while logging in: its timeouts */
	struct loop_timer retry;        /* the next connection attempt */
	struct loop_timer keepalive;    /* the next ping */
	struct resolve res;             /* xmpp.server's name, looked up off the loop */
	int64_t login_deadline_ms;
	bool tcp_up;                    /* this connection got through TCP */
	bool logged_in;
	bool lost;                      /* libstrophe dropped it: release after its run */
	bool releasing;                 /* our own release: ignore its callback */
	bool ping_out;                  /* a ping waits for its answer */
	unsigned ping_seq;
	unsigned failures;              /* attempts in a row that did not log in */
	char *settings;                 /* what the connection was made with */
	const char *status;             /* TR-181 Status (static strings) */
	time_t last_change;
	char jid[XMPP_JID_MAX];         /* bound now, "" when not */
	char cr_jid[XMPP_JID_MAX];      /* the last bound (xmpp_jid in the state dir) */
	struct cr_guard guard;          /* failures per sender (bare JID) */
	struct cr_quiet denied, blocked;  /* refusals logged once a minute */
};

/* xmpp_iq.c: the handler of every <iq> once logged in (userdata: c). */
int xmpp_iq_cb(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata);

/* xmpp_iq.c: a ping to the server (XEP-0199) with id, answered through
 * pong. 0 or -ENOMEM. */
int xmpp_iq_ping(struct xmpp_client *c, const char *id, xmpp_handler pong);

#endif
