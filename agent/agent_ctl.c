/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent as cwmpctl sees it (agent_int.h): the status it shows, when a
 * get or set may run, what an inform and a set do to the sessions.
 */
#include <stddef.h>

#include "agent.h"
#include "agent_int.h"
#include "ctl.h"
#include "ctl_cmd.h"
#include "dm_deferred.h"
#include "events.h"
#include "gate.h"
#include "log.h"
#include "notify.h"
#include "transfers.h"

static void ctl_status_cb(void *ctx, struct ctl_status *st)
{
	struct agent *a = ctx;

	st->session_running = a->session != NULL;
	st->session_start = a->session_start;
	st->last_end = a->session_end;
	st->last_ok = a->session_ok;
	st->retry_count = a->retry_count;
	st->retry_in_ms = a->retry_count ? loop_timer_remaining(a->loop, &a->gate.timer) : -1;
	st->next_periodic = a->cfg.periodic_enable ? a->periodic_due : 0;
	st->wan_device = a->id.wan_device;
	st->transfers = a->transfers ? transfers_list(a->transfers, &st->n_transfers) : NULL;
}

/* A cwmpctl get or set may not run beside a session's data model, nor
 * beside the applies it deferred, nor delay a shutdown. */
static const char *ctl_busy_cb(void *ctx)
{
	struct agent *a = ctx;

	if (busy_quitting(&a->busy))
		return "cwmpd is shutting down";
	if (a->session)
		return "a session with the ACS is running";
	if (dm_deferred_running(a->deferred))
		return "changes deferred by the last session are being applied";
	return NULL;
}

/* cwmpctl inform: the operator asks for a session now, retry wait or not. */
static void ctl_inform_cb(void *ctx, enum event_code code)
{
	struct agent *a = ctx;

	events_raise(&a->events, code, "");
	if (!a->session)
		gate_now(&a->gate);
}

/* A cwmpctl get or set (or the applies a set deferred) ended: a session
 * held back for it starts. Events merely queued (a passive notification)
 * wait as they would have: no session is made for them here, so the poll
 * after a set reports its changes in the session it asks for. */
static void ctl_idle_cb(void *ctx)
{
	struct agent *a = ctx;

	if (!a->start_held || agent_dm_in_use(a))
		return;
	a->start_held = false;
	gate_soon(&a->gate);
}

static void ctl_deferred_cb(void *ctx)
{
	struct agent *a = ctx;

	notify_poll_now(a->notify);
	ctl_idle_cb(a);
}

/* cwmpctl set applied values: the config and identity are read again when
 * it wrote ManagementServer or DeviceInfo ones, the applies its plugins
 * deferred run now (there is no session to wait for), then the watched
 * values are polled: a change with notification on is "4 VALUE CHANGE". */
static void ctl_written_cb(void *ctx, bool config)
{
	struct agent *a = ctx;

	if (config)
		agent_reload(a);
	if (dm_deferred_run(a->deferred, ctl_deferred_cb, a) != 0)
		notify_poll_now(a->notify);
}

void agent_start_ctl(struct agent *a)
{
	a->ctl_cmds = ctl_cmds_new(&(struct ctl_env){
		.cfg = &a->cfg, .events = &a->events,
		.dm = { .loop = a->loop, .platform = a->platform, .busy = &a->busy,
			.deferred = a->deferred, .state = &a->state, .native_get = agent_native_get,
			.ctx = a },
		.native_write = agent_native_write, .status = ctl_status_cb, .dm_busy = ctl_busy_cb,
		.inform = ctl_inform_cb, .written = ctl_written_cb, .idle = ctl_idle_cb, .ctx = a });
	a->ctl = a->ctl_cmds ? ctl_new(a->loop, &a->cfg, a->ctl_cmds) : NULL;
	if (!a->ctl)
		log_err("agent: no control socket for cwmpctl (out of memory)");
}
