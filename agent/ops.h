/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Operations on the device as a whole that the ACS asks for and that take
 * effect around sessions: ScheduleInform (a timer, kept across restarts),
 * Reboot and FactoryReset (done after the session that asked for them,
 * through the platform: `system reboot` / `system factory-reset`; on sim
 * the daemon re-executes itself). CommandKeys and pending operations are
 * kept in the state dir so nothing is lost across a reboot or a crash.
 */
#ifndef CWMP_OPS_H
#define CWMP_OPS_H

#include <stdbool.h>

struct agent;

/* Load pending scheduled informs (re-arm their timers). 0 or -errno. */
int ops_start(struct agent *a);

/* A session ended (ok: it completed). A pending reboot or factory reset
 * runs now. */
void ops_session_done(struct agent *a, bool ok);

/* Reboot the device once the current session has ended (at once when
 * none runs), without an "M Reboot" event: for a firmware upgrade that
 * needs one (transfers.c). */
void ops_reboot_after_session(struct agent *a);

/* Cancel timers and free; a no-op when not started. */
void ops_stop(struct agent *a);

#endif
