/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session gate (gate.h): one timer, a hold flag, and the retry wait a
 * hold remembers.
 */
#include "gate.h"

static void timer_cb(struct loop_timer *t)
{
	struct gate *g = container_of(t, struct gate, timer);

	g->held = false;
	g->wait_until = -1;
	g->open(g->ctx);
}

void gate_init(struct gate *g, struct loop *l, gate_open_cb open, void *ctx)
{
	g->loop = l;
	g->timer.cb = timer_cb;
	g->held = false;
	g->wait_until = -1;
	g->open = open;
	g->ctx = ctx;
}

void gate_fini(struct gate *g)
{
	loop_timer_cancel(g->loop, &g->timer);
}

void gate_soon(struct gate *g)
{
	if (!g->timer.pending)
		loop_timer_set(g->loop, &g->timer, 0);
}

void gate_now(struct gate *g)
{
	if (g->held)
		g->wait_until = -1;     /* the hold still holds; no wait after it */
	else
		loop_timer_set(g->loop, &g->timer, 0);
}

void gate_retry(struct gate *g, int64_t ms)
{
	loop_timer_set(g->loop, &g->timer, ms);
}

void gate_hold(struct gate *g, int64_t ms)
{
	int64_t left = loop_timer_remaining(g->loop, &g->timer);

	if (!g->held)
		g->wait_until = left > 0 ? loop_now_ms() + left : -1;
	g->held = true;
	loop_timer_set(g->loop, &g->timer, ms);
}

void gate_release(struct gate *g)
{
	int64_t left = g->wait_until < 0 ? 0 : g->wait_until - loop_now_ms();

	if (!g->held)
		return;
	g->held = false;
	g->wait_until = -1;
	loop_timer_set(g->loop, &g->timer, left < 0 ? 0 : left);
}

bool gate_closed(const struct gate *g)
{
	return g->timer.pending;
}
