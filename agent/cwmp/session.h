/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One CWMP session with the ACS: Inform, then the CPE's own requests, then
 * the empty POST, then the ACS's requests answered one per POST until the
 * ACS sends an empty response. Runs entirely from loop callbacks; reports
 * the end through the done callback it was started with.
 */
#ifndef CWMP_SESSION_H
#define CWMP_SESSION_H

#include <stdbool.h>

#include "config.h"
#include "cwmp_state.h"
#include "dm_cache.h"
#include "events.h"
#include "http.h"
#include "identity.h"
#include "rpc.h"

struct notify;
struct session;
struct transfers;

/* done(ctx, ok) runs once when the session ends (ok: it completed); it
 * owns the session from then on and frees it with session_free. */
typedef void (*session_done_cb)(void *ctx, bool ok);

/* What a session works with; the pointers must outlive it. */
struct session_env {
	const struct config *cfg;       /* the ACS, TLS, the CR URL's parts */
	struct http_client *http;
	struct events *events;          /* what the Inform reports */
	const struct identity *id;      /* DeviceId and the forced DeviceInfo values */
	const struct cwmp_state *state; /* the ParameterKey */
	const struct cr_status *crs;    /* the connection request values (cr_status.h) */
	struct notify *notify;          /* changed values for the Inform; NULL: none */
	struct transfers *transfers;    /* TransferCompletes to send; NULL: none */
	unsigned retry_count;           /* failed sessions before this one */
	const char *conn_req_jid;       /* ConnReqJabberID, added to a BOOTSTRAP
					   Inform (a new ACS learns it there;
					   later changes are notified); NULL or
					   "": none */
	struct dm_env dm;               /* the session's data model is made on it */
	struct rpc_env rpc;             /* the ACS's requests run on it (its dm is
					   the session's, set by the session) */
	session_done_cb done;
	void *ctx;
};

/* Start a session now on env (copied). Returns the session, or NULL if it
 * could not even start (done is not called then). */
struct session *session_start(const struct session_env *env);

/* Abort without calling back (shutdown). NULL is a no-op. */
void session_free(struct session *s);

#endif
