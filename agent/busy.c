/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Critical runs and the shutdown that waits for them (busy.h).
 */
#include "busy.h"
#include "log.h"

void busy_init(struct busy *b, struct loop *l)
{
	b->loop = l;
	b->runs = 0;
	b->quitting = false;
	b->idle = NULL;
	b->idle_ctx = NULL;
}

void busy_on_idle(struct busy *b, busy_idle_cb cb, void *ctx)
{
	b->idle = cb;
	b->idle_ctx = ctx;
}

void busy_enter(struct busy *b)
{
	b->runs++;
}

void busy_leave(struct busy *b)
{
	if (b->runs == 0) {
		log_err("busy: leave without enter");
		return;
	}
	if (--b->runs > 0)
		return;
	if (b->quitting)
		loop_quit(b->loop);     /* the shutdown was waiting for this */
	else if (b->idle)
		b->idle(b->idle_ctx);
}

bool busy_active(const struct busy *b)
{
	return b->runs > 0;
}

bool busy_quitting(const struct busy *b)
{
	return b->quitting;
}

bool busy_quit(struct busy *b)
{
	b->quitting = true;
	if (b->runs > 0)
		return true;
	loop_quit(b->loop);
	return false;
}
