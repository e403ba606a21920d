/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File transfers the ACS asks for (Download, Upload, ScheduleDownload):
 * the persisted queue (state dir), the transfers themselves (libcurl in
 * the loop, to a temporary file, size caps, the ACS's credentials never in
 * argv or a log), their application through the platform plugin, and the
 * TransferComplete the CPE sends, kept until the ACS acknowledges it.
 */
#ifndef CWMP_TRANSFERS_H
#define CWMP_TRANSFERS_H

#include <stdbool.h>

#include "soap.h"
#include "xbuf.h"

struct agent;
struct soap_msg;

/* Load the queue and the pending TransferCompletes; resume or fail what a
 * crash interrupted. 0 or -errno. */
int transfers_start(struct agent *a);

/*
 * The session's turn to send a CPE request: when a TransferComplete is
 * pending, write its whole envelope (cwmp namespace ns, cwmp:ID id) into
 * out and return 1; 0 when there is none.
 */
int transfers_next_request(struct agent *a, struct xbuf *out, enum cwmp_ns ns, const char *id);

/* The ACS's answer to the request written last (TransferCompleteResponse,
 * or a Fault): acknowledged transfers are forgotten. */
void transfers_response(struct agent *a, const struct soap_msg *m);

/* A session ended: transfers waiting for the session's end may start. */
void transfers_session_done(struct agent *a, bool ok);

/* Cancel running transfers (kept in the queue) and free. */
void transfers_stop(struct agent *a);

#endif
