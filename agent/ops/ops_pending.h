/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Reboot or FactoryReset a session asked for, on disk until it runs
 * (ops.c), so a kill or a crash between the RPC's answer and the session's
 * end does not lose it. State dir file "pending-op", plugin line format:
 * "reboot<TAB>CommandKey" (a Reboot RPC) and/or "factory-reset<TAB>".
 * Missing when nothing is asked for.
 */
#ifndef CWMP_OPS_PENDING_H
#define CWMP_OPS_PENDING_H

#include <stdbool.h>
#include <stddef.h>

#include "events.h"

#define OPS_PENDING_FILE "pending-op"

struct ops_pending {
	bool reboot;                    /* a Reboot RPC, with key */
	bool factory_reset;
	char key[EVENT_KEY_MAX + 1];    /* the Reboot's CommandKey */
};

/* Write p into dir (the file removed when p asks for nothing). 0 or
 * -errno (logged). */
int ops_pending_save(const char *dir, const struct ops_pending *p);

/*
 * Read and remove the file: *p gets what it asked for (all false when
 * missing; unknown lines and over-long keys are ignored). When the file
 * exists but cannot be removed, *p is cleared and -errno returned (logged):
 * an operation that cannot be marked done is never run, so a broken state
 * dir never makes a reboot loop. 0 otherwise (also when it was missing).
 */
int ops_pending_take(const char *dir, struct ops_pending *p);

#endif
