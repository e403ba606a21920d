/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's commands (ctl_cmd.h): the table and the commands that answer
 * at once (status, events, inform). get and set are ctl_dm.c's; the
 * helpers every answer is written with, ctl_out.c's.
 *
 * inform takes only the events whose meaning is "someone wants a session":
 * none or "6 CONNECTION REQUEST" (as icwmp's `ubus call tr069 inform`
 * defaults to) and "2 PERIODIC". The others each say something the agent
 * tracks itself and an operator cannot truthfully claim: 0 BOOTSTRAP and
 * 1 BOOT (they make the ACS provision the device anew; BOOTSTRAP also
 * discards the queue), 3 SCHEDULED and the M events (their RPC's
 * CommandKey), 4 VALUE CHANGE (without the changed parameters: notify.h
 * owns it, and `cwmpctl set` or SIGUSR1 give it honestly), 7/10 TRANSFER
 * COMPLETE (the transfers' own), 8 DIAGNOSTICS COMPLETE and the rest
 * (nothing here runs diagnostics or deployment units).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cr_url.h"
#include "ctl_int.h"
#include "ctl_proto.h"
#include "fault.h"
#include "timefmt.h"
#include "transfers.h"

/* A time as xsd:dateTime, JSON null / "none" for 0. */
static void put_time(struct xbuf *b, bool json, time_t t, const char *none)
{
	char s[TIMEFMT_LEN];

	if (t <= 0) {
		xbuf_adds(b, json ? "null" : none);
		return;
	}
	timefmt_format(t, s, sizeof(s));
	if (json)
		ctl_json_str(b, s);
	else
		xbuf_adds(b, s);
}

/* ---- events ----------------------------------------------------------------- */

static void events_json(struct xbuf *b, const struct events *q)
{
	xbuf_adds(b, "[");
	for (size_t i = 0; i < q->n; i++) {
		xbuf_adds(b, i ? ",{\"code\":" : "{\"code\":");
		ctl_json_str(b, event_code_str(q->v[i].code));
		xbuf_adds(b, ",\"command_key\":");
		ctl_json_str(b, q->v[i].command_key);
		xbuf_printf(b, ",\"in_flight\":%s}", q->v[i].sent ? "true" : "false");
	}
	xbuf_adds(b, "]");
}

/* "1 BOOT, M Download (key)" */
static void events_text(struct xbuf *b, const struct events *q, const char *sep)
{
	for (size_t i = 0; i < q->n; i++) {
		xbuf_printf(b, "%s%s", i ? sep : "", event_code_str(q->v[i].code));
		if (q->v[i].command_key[0])
			xbuf_printf(b, " (CommandKey %s)", q->v[i].command_key);
		if (q->v[i].sent)
			xbuf_adds(b, " (in the Inform being sent)");
	}
}

static void cmd_events(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call)
{
	const struct events *q = c->env.events;
	struct xbuf *b = &call->ans.out;

	(void)req;
	if (call->json) {
		xbuf_adds(b, "{\"events\":");
		events_json(b, q);
		xbuf_adds(b, "}\n");
	} else if (q->n) {
		events_text(b, q, "\n");
		xbuf_adds(b, "\n");
	} else {
		xbuf_adds(b, "no events pending\n");
	}
	ctl_call_end(call, CTL_EXIT_OK);
}

/* ---- inform ----------------------------------------------------------------- */

static void cmd_inform(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call)
{
	const char *ev = req->n_args ? req->args[0] : "6 CONNECTION REQUEST";
	int code = event_code_parse(ev);
	struct ctl_status st = { .retry_in_ms = -1 };
	const char *when;

	if (code != EV_CONNECTION_REQUEST && code != EV_PERIODIC) {
		ctl_call_error(call, CTL_EXIT_USAGE, "inform: '%s' is not an event an operator "
			       "may send: \"6 CONNECTION REQUEST\" (the default) or \"2 PERIODIC\"",
			       ev);
		return;
	}
	c->env.inform(c->env.ctx, (enum event_code)code);
	c->env.status(c->env.ctx, &st);
	when = !c->env.cfg->enable ? "none: CWMP is off (acs.enable 0), the event waits"
	       : st.session_running ? "after the running one" : "now";
	if (call->json) {
		xbuf_adds(&call->ans.out, "{\"event\":");
		ctl_json_str(&call->ans.out, event_code_str((enum event_code)code));
		xbuf_adds(&call->ans.out, ",\"session\":");
		ctl_json_str(&call->ans.out, when);
		xbuf_adds(&call->ans.out, "}\n");
	} else {
		xbuf_printf(&call->ans.out, "queued %s; session: %s\n",
			    event_code_str((enum event_code)code), when);
	}
	ctl_call_end(call, CTL_EXIT_OK);
}

/* ---- status ----------------------------------------------------------------- */

static const char *const transfer_states[TRANSFER_STATE_COUNT] = {
	[TRANSFER_QUEUED] = "queued", [TRANSFER_RUNNING] = "running",
	[TRANSFER_APPLYING] = "applying", [TRANSFER_REBOOTING] = "rebooting",
	[TRANSFER_DONE] = "done",
};

static const char *transfer_kind(const struct transfer *t)
{
	return TRANSFER_IS_UPLOAD(t) ? "Upload" : TRANSFER_IS_SCHEDULED(t) ? "ScheduleDownload"
									     : "Download";
}

static void transfers_json(struct xbuf *b, const struct ctl_status *st)
{
	xbuf_adds(b, "[");
	for (size_t i = 0; i < st->n_transfers; i++) {
		const struct transfer *t = &st->transfers[i];

		xbuf_printf(b, "%s{\"kind\":\"%s\",\"file_type\":", i ? "," : "",
			    transfer_kind(t));
		ctl_json_str(b, transfers_file_type_name(t->file_type));
		xbuf_adds(b, ",\"command_key\":");
		ctl_json_str(b, t->command_key);
		xbuf_printf(b, ",\"state\":\"%s\",\"due\":", transfer_states[t->state]);
		put_time(b, true, t->due, NULL);
		xbuf_printf(b, ",\"fault\":%d}", t->fault);
	}
	xbuf_adds(b, "]");
}

static void transfers_text(struct xbuf *b, const struct ctl_status *st)
{
	if (!st->n_transfers)
		xbuf_adds(b, "none");
	for (size_t i = 0; i < st->n_transfers; i++) {
		const struct transfer *t = &st->transfers[i];

		xbuf_printf(b, "%s%s \"%s\" (CommandKey %s): %s", i ? "\n                      "
			    : "", transfer_kind(t), transfers_file_type_name(t->file_type),
			    t->command_key, transfer_states[t->state]);
		if (t->state == TRANSFER_QUEUED) {
			xbuf_adds(b, ", not before ");
			put_time(b, false, t->due, "now");
		}
		if (t->state == TRANSFER_DONE)
			xbuf_printf(b, ", fault %d, TransferComplete pending", t->fault);
	}
}

static void status_json(struct xbuf *b, const struct ctl_env *e, const struct ctl_status *st,
			const char *cr)
{
	xbuf_adds(b, "{\"acs_url\":");
	ctl_json_str(b, e->cfg->acs_url);
	xbuf_printf(b, ",\"enabled\":%s,\"session\":{\"running\":%s,\"start\":",
		    e->cfg->enable ? "true" : "false", st->session_running ? "true" : "false");
	put_time(b, true, st->session_start, NULL);
	xbuf_adds(b, ",\"last_end\":");
	put_time(b, true, st->last_end, NULL);
	xbuf_printf(b, ",\"last_result\":%s},\"retry\":{\"count\":%u,\"next_in_ms\":",
		    !st->last_end ? "null" : st->last_ok ? "\"ok\"" : "\"failed\"",
		    st->retry_count);
	if (st->retry_in_ms < 0)
		xbuf_adds(b, "null");
	else
		xbuf_printf(b, "%lld", (long long)st->retry_in_ms);
	xbuf_printf(b, "},\"periodic\":{\"enabled\":%s,\"interval\":%u,\"next\":",
		    e->cfg->periodic_enable ? "true" : "false", e->cfg->periodic_interval);
	put_time(b, true, st->next_periodic, NULL);
	xbuf_adds(b, "},\"connection_request_url\":");
	ctl_json_str(b, cr);
	xbuf_adds(b, ",\"events\":");
	events_json(b, e->events);
	xbuf_adds(b, ",\"transfers\":");
	transfers_json(b, st);
	xbuf_adds(b, "}\n");
}

#define LABEL "%-22s"

static void status_sessions(struct xbuf *b, const struct ctl_status *st)
{
	xbuf_printf(b, LABEL, "session");
	if (st->session_running) {
		xbuf_adds(b, "running since ");
		put_time(b, false, st->session_start, "?");
	} else {
		xbuf_adds(b, "idle");
	}
	xbuf_printf(b, "\n" LABEL, "last session");
	if (st->last_end) {
		put_time(b, false, st->last_end, "");
		xbuf_adds(b, st->last_ok ? ": ok" : ": failed");
	} else {
		xbuf_adds(b, "none yet");
	}
	xbuf_printf(b, "\n" LABEL, "retry");
	if (st->retry_in_ms >= 0)
		xbuf_printf(b, "%u failed in a row; next try in %.1f s", st->retry_count,
			    (double)st->retry_in_ms / 1000.0);
	else if (st->retry_count)
		xbuf_printf(b, "%u failed in a row", st->retry_count);
	else
		xbuf_adds(b, "none");
}

static void status_text(struct xbuf *b, const struct ctl_env *e, const struct ctl_status *st,
			const char *cr)
{
	xbuf_printf(b, LABEL "%s\n" LABEL "%s\n", "ACS URL", e->cfg->acs_url, "CWMP",
		    e->cfg->enable ? "enabled" : "disabled (acs.enable 0)");
	status_sessions(b, st);
	xbuf_printf(b, "\n" LABEL, "next periodic Inform");
	put_time(b, false, st->next_periodic, "off");
	xbuf_printf(b, "\n" LABEL "%s\n" LABEL, "ConnectionRequestURL", cr[0] ? cr : "(none)",
		    "pending events");
	if (!e->events->n)
		xbuf_adds(b, "none");
	events_text(b, e->events, ", ");
	xbuf_printf(b, "\n" LABEL, "pending transfers");
	transfers_text(b, st);
	xbuf_adds(b, "\n");
}

static void cmd_status(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call)
{
	struct ctl_status st = { .retry_in_ms = -1 };
	char buf[2100];                 /* as dm_native.c's */
	const char *cr;

	(void)req;
	c->env.status(c->env.ctx, &st);
	cr = cr_url(c->env.cfg, st.wan_device, buf, sizeof(buf));
	if (call->json)
		status_json(&call->ans.out, &c->env, &st, cr);
	else
		status_text(&call->ans.out, &c->env, &st, cr);
	ctl_call_end(call, CTL_EXIT_OK);
}

/* ---- the table -------------------------------------------------------------- */

static const struct ctl_command {
	const char *name;
	size_t min_args, max_args;
	void (*run)(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call);
	const char *usage;
} commands[] = {
	{ "status", 0, 0, cmd_status, "status" },
	{ "events", 0, 0, cmd_events, "events" },
	{ "inform", 0, 1, cmd_inform, "inform [EVENT]" },
	{ "get", 1, CTL_MAX_ARGS, ctl_dm_get, "get PATH..." },
	{ "set", 2, CTL_MAX_ARGS, ctl_dm_set, "set PATH VALUE [PATH VALUE]..." },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void ctl_cmd_run(struct ctl_cmds *c, const struct ctl_request *req, ctl_answer_cb done,
		 void *ctx)
{
	struct ctl_call call = { .json = req->json, .done = done, .ctx = ctx };
	const struct ctl_command *cmd = NULL;

	xbuf_init(&call.ans.out, CTL_MAX_ANSWER);
	for (size_t i = 0; i < N_COMMANDS && !cmd; i++)
		if (strcmp(commands[i].name, req->command) == 0)
			cmd = &commands[i];
	if (!cmd)
		ctl_call_error(&call, CTL_EXIT_USAGE, "unknown command '%s': status, events, "
			       "inform, get or set", req->command);
	else if (req->n_args < cmd->min_args || req->n_args > cmd->max_args)
		ctl_call_error(&call, CTL_EXIT_USAGE, "usage: %s", cmd->usage);
	else
		cmd->run(c, req, &call);
}

struct ctl_cmds *ctl_cmds_new(const struct ctl_env *env)
{
	struct ctl_cmds *c = calloc(1, sizeof(*c));

	if (c)
		c->env = *env;
	return c;
}

void ctl_cmds_free(struct ctl_cmds *c)
{
	if (!c)
		return;
	ctl_dm_cancel(c);
	free(c);
}

void ctl_cmd_forget(struct ctl_cmds *c, void *ctx)
{
	if (c)
		ctl_dm_forget(c, ctx);
}

bool ctl_cmds_busy(const struct ctl_cmds *c)
{
	return c && c->op;
}
