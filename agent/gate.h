/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session gate: when the next session may start. The one owner of the
 * session timer: a session starts from the loop (never inside a caller's
 * stack) when one is asked for, not before a failed session's retry wait
 * has passed, and not while the gate is held (the platform rebooting: no
 * session until the device is down, at most for the hold's time limit).
 * The gate decides the time; its opener (the agent) decides whether a
 * session is due then.
 */
#ifndef CWMP_GATE_H
#define CWMP_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"

typedef void (*gate_open_cb)(void *ctx);

struct gate {
	struct loop *loop;
	struct loop_timer timer;        /* armed: not open before it fires */
	bool held;
	int64_t wait_until;             /* under a hold: the retry wait's end, -1 none */
	gate_open_cb open;
	void *ctx;
};

void gate_init(struct gate *g, struct loop *l, gate_open_cb open, void *ctx);
void gate_fini(struct gate *g);

/* A session is wanted: open from the loop, unless a wait or hold is on. */
void gate_soon(struct gate *g);

/* As gate_soon, but a retry wait is cut short (the ACS asks for the
 * session: a connection request); a hold still holds. */
void gate_now(struct gate *g);

/* A failed session: open after ms. */
void gate_retry(struct gate *g, int64_t ms);

/* No session for at most ms (a reboot runs); the retry wait on now is
 * remembered. */
void gate_hold(struct gate *g, int64_t ms);

/* The hold ends early (the reboot failed): the retry wait that was on
 * goes on, else the gate opens now. */
void gate_release(struct gate *g);

/* Not open now: a wait, a hold, or an opening already due. */
bool gate_closed(const struct gate *g);

#endif
