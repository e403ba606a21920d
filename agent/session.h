/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One CWMP session with the ACS: Inform, then the CPE's own requests, then
 * the empty POST, then the ACS's requests answered one per POST until the
 * ACS sends an empty response. Runs entirely from loop callbacks; reports
 * the end through agent_session_done().
 */
#ifndef CWMP_SESSION_H
#define CWMP_SESSION_H

#include <stdbool.h>

struct agent;
struct session;

/* Start a session now. Returns the session (owned by the agent until
 * agent_session_done, which frees it with session_free), or NULL if it
 * could not even start (then agent_session_done(a, false) has been called
 * from the loop). */
struct session *session_start(struct agent *a);

/* Abort without calling back (shutdown). NULL is a no-op. */
void session_free(struct session *s);

#endif
