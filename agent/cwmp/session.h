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

struct agent;
struct session;

/* done(ctx, ok) runs once when the session ends (ok: it completed); it
 * owns the session from then on and frees it with session_free. */
typedef void (*session_done_cb)(void *ctx, bool ok);

/* Start a session now. Returns the session, or NULL if it could not even
 * start (done is not called then). */
struct session *session_start(struct agent *a, session_done_cb done, void *ctx);

/* Abort without calling back (shutdown). NULL is a no-op. */
void session_free(struct session *s);

#endif
