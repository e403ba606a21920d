/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ScheduleDownload's time windows (TR-069 A.4.1.8): when a scheduled
 * download may start, start again after a failed attempt, or must give up.
 * Pure functions over struct transfer (transfers.h): no loop, no clock of
 * their own, so the rules are unit-tested as a table.
 *
 * Rules: an attempt (download and apply) starts only inside a window
 * (WindowStart <= now < WindowEnd), in order. A window in mode
 * "4 Confirmation Needed" is never used: the device has no user interface
 * to ask, and without a confirmation the CPE must not download in it.
 * Modes 1 (At Any Time), 2 (Immediately) and 3 (When Idle: no session and
 * no other transfer running, which every transfer waits for) start at
 * WindowStart. After a failed attempt the window allows MaxRetries more
 * (-1: as many as fit in it), each after a wait (the session retry wait);
 * when its retries are used up or its end has passed, the next window
 * begins with a fresh count. When no window is left the transfer ends:
 * with the last attempt's fault, or 9020 when none started.
 */
#ifndef CWMP_TRANSFER_WINDOWS_H
#define CWMP_TRANSFER_WINDOWS_H

#include <time.h>

#include "transfers.h"
#include "xbuf.h"

enum transfer_window_check {
	TRANSFER_WINDOW_START,  /* start an attempt now */
	TRANSFER_WINDOW_WAIT,   /* not before *when (a window's start) */
	TRANSFER_WINDOW_OVER,   /* no window left */
};

/*
 * Is t (a scheduled download, QUEUED, due) allowed to start at now? Moves
 * t->win past windows that are over, skipped (mode 4) or out of retries
 * (resetting t->attempts). START: the caller counts the attempt
 * (t->attempts++) when it starts. WAIT: *when gets the start of the window
 * to wait for. OVER: t->win == t->n_windows.
 */
enum transfer_window_check transfer_window_check(struct transfer *t, time_t now, time_t *when);

/* Did t skip a window of mode 4 (for the FaultString of a 9020)? */
int transfer_window_skipped_confirmation(const struct transfer *t);

/* The queue file's schedule field: "" for an unscheduled transfer, else
 * "WIN ATTEMPTS" and per window " START END MODE MAXRETRIES". */
void transfer_windows_format(struct xbuf *out, const struct transfer *t);

/* Parse that field (len bytes, not NUL-terminated) into t: 0 or -EINVAL. */
int transfer_windows_parse(const char *s, size_t len, struct transfer *t);

#endif
