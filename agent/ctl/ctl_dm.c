/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's get and set (ctl_cmd.h): a data model of their own, made on
 * the agent's dm_env for the one command and freed after it (so a plugin
 * is asked afresh each time), read with GetParameterValues' checks
 * (rpc_gpv.h) and written with SetParameterValues' (spv_write.h). One runs
 * at a time and never beside a session; it ends from the loop, where the
 * client is answered and then the agent told (a write: the config
 * reloaded when ManagementServer or DeviceInfo values changed, the
 * deferred applies run, the watched values polled, so a change with
 * notification on reaches the ACS as "4 VALUE CHANGE").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_int.h"
#include "ctl_proto.h"
#include "dm_cache.h"
#include "dm_write.h"
#include "fault.h"
#include "log.h"
#include "pluginio.h"
#include "rpc_gpv.h"
#include "soap_type.h"
#include "spv_write.h"
#include "types.h"

struct ctl_op {
	struct ctl_cmds *c;
	struct ctl_call call;           /* its answer */
	struct dm_cache *dm;
	char **names;                   /* get: the paths (n) */
	size_t n;
	struct spv_write *w;            /* set */
	bool written;                   /* set: applied */
	bool config;                    /* set: ManagementServer or DeviceInfo among them */
	int status;                     /* the answer's, once over */
	struct loop_timer end;          /* ends it from the loop */
};

static void op_free(struct ctl_op *op)
{
	dm_cache_free(op->dm);
	spv_write_free(op->w);
	for (size_t i = 0; i < op->n; i++)
		free(op->names[i]);
	free(op->names);
	xbuf_fini(&op->call.ans.out);
	free(op);
}

/* The op is over: answer, tell the agent, free. The answer goes first:
 * the reload after a write may move the socket and close the client. */
static void end_cb(struct loop_timer *t)
{
	struct ctl_op *op = container_of(t, struct ctl_op, end);
	struct ctl_cmds *c = op->c;

	c->op = NULL;
	dm_cache_free(op->dm);          /* no plugin of it runs any more */
	op->dm = NULL;
	ctl_call_end(&op->call, op->status);
	if (op->written)
		c->env.written(c->env.ctx, op->config);
	c->env.idle(c->env.ctx);
	op_free(op);
}

/* End with status once the stack has unwound (the data model's callbacks
 * are still on it). */
static void op_finish(struct ctl_op *op, int status)
{
	op->status = status;
	loop_timer_set(op->c->env.dm.loop, &op->end, 0);
}

static void op_error(struct ctl_op *op, int status, const char *msg)
{
	ctl_error_msg(&op->call.ans.out, op->call.json, msg);
	op_finish(op, status);
}

/* A new op for call, or NULL when the data model may not be used now
 * (call answered "busy"). */
static struct ctl_op *op_new(struct ctl_cmds *c, struct ctl_call *call)
{
	const char *why = c->op ? "another cwmpctl get or set is running"
				: c->env.dm_busy(c->env.ctx);
	struct ctl_op *op;

	if (why) {
		ctl_call_error(call, CTL_EXIT_BUSY, "busy: %s; try again", why);
		return NULL;
	}
	op = calloc(1, sizeof(*op));
	if (op)
		op->dm = dm_cache_new(&c->env.dm);
	if (!op || !op->dm) {
		free(op);
		ctl_call_error(call, CTL_EXIT_FAILED, "out of memory");
		return NULL;
	}
	op->c = c;
	op->call = *call;               /* the answer's buffer moves in */
	op->end.cb = end_cb;
	c->op = op;
	return op;
}

/* Fill the data model for paths, then cb. */
static void op_fill(struct ctl_op *op, const char *const *paths, size_t n,
		    dm_cache_done_cb cb)
{
	int rc = dm_cache_fill(op->dm, paths, n, cb, op);

	if (rc != 0) {
		log_warn("ctl: cannot read the data model: %s", strerror(-rc));
		op_error(op, CTL_EXIT_FAILED, "cannot read the data model (see cwmpd's log)");
	}
}

/* ---- get ---------------------------------------------------------------------- */

struct get_walk {
	struct xbuf *out;
	bool json;
	size_t count;
};

static int value_cb(void *ctx, const struct dm_tree_item *it)
{
	struct get_walk *w = ctx;

	if (!it->valid)
		return 0;               /* as GetParameterValues: left out */
	if (!w->json) {
		pluginio_write(w->out, it->path, rpc_gpv_value(it));
		return xbuf_error(w->out);
	}
	xbuf_adds(w->out, w->count++ ? ",{\"name\":" : "{\"name\":");
	ctl_json_str(w->out, it->path);
	xbuf_adds(w->out, ",\"value\":");
	ctl_json_str(w->out, rpc_gpv_value(it));
	xbuf_printf(w->out, ",\"type\":\"%s\"}", soap_type_of(it->node));
	return xbuf_error(w->out);
}

static void get_fault(struct ctl_op *op, const char *name, int code)
{
	struct xbuf *b = &op->call.ans.out;

	if (op->call.json)
		xbuf_adds(b, "{\"error\":{");
	ctl_fault(b, op->call.json, name, code);
	if (op->call.json)
		xbuf_adds(b, "}}\n");
	op_finish(op, CTL_EXIT_FAILED);
}

static void got_cb(void *ctx, int err)
{
	struct ctl_op *op = ctx;
	struct dm_tree *t = dm_cache_tree(op->dm);
	struct get_walk w = { &op->call.ans.out, op->call.json, 0 };
	size_t bad;
	int fault, rc = 0;

	if (err) {
		op_error(op, CTL_EXIT_FAILED, "cannot read the data model: a plugin failed "
			 "(see cwmpd's log)");
		return;
	}
	fault = rpc_gpv_check(t, (const char *const *)op->names, op->n, &bad);
	if (fault) {
		get_fault(op, op->names[bad], fault);
		return;
	}
	if (w.json)
		xbuf_adds(w.out, "{\"parameters\":[");
	for (size_t i = 0; i < op->n && rc == 0; i++)
		rc = dm_tree_walk(t, op->names[i], 0, value_cb, &w);
	if (w.json)
		xbuf_adds(w.out, "]}\n");
	op_finish(op, CTL_EXIT_OK);     /* a cut answer is reported by ctl_call_end */
}

void ctl_dm_get(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call)
{
	struct ctl_op *op;

	if (req->n_args > GPV_MAX_NAMES) {
		ctl_call_error(call, CTL_EXIT_USAGE, "get: at most %d paths", GPV_MAX_NAMES);
		return;
	}
	op = op_new(c, call);
	if (!op)
		return;
	op->names = calloc(req->n_args, sizeof(char *));
	for (size_t i = 0; op->names && i < req->n_args; i++, op->n++)
		if (!(op->names[i] = strdup(req->args[i])))
			break;
	if (op->n < req->n_args) {
		op_error(op, CTL_EXIT_FAILED, "out of memory");
		return;
	}
	op_fill(op, (const char *const *)op->names, op->n, got_cb);
}

/* ---- set ---------------------------------------------------------------------- */

/* 9003 with its list, or one fault for the whole set. */
static void set_fault(struct ctl_op *op, int fault)
{
	struct xbuf *b = &op->call.ans.out;
	bool json = op->call.json;
	const struct soap_param_fault *pf = NULL;
	size_t n = 0;

	if (fault == CWMP_FAULT_INVALID_ARGUMENTS)
		pf = spv_write_faults(op->w, &n);
	if (json)
		xbuf_adds(b, "{\"error\":{");
	if (!json && n == 0)
		xbuf_adds(b, "set: ");
	if (json || n == 0)
		ctl_fault(b, json, NULL, fault);
	if (json && n)
		xbuf_adds(b, ",\"faults\":[");
	for (size_t i = 0; i < n; i++) {
		xbuf_adds(b, json ? (i ? ",{" : "{") : "");
		ctl_fault(b, json, pf[i].name, pf[i].code);
		xbuf_adds(b, json ? "}" : "");
	}
	xbuf_adds(b, json ? (n ? "]}}\n" : "}}\n") : "");
	op_finish(op, CTL_EXIT_FAILED);
}

static void changed_cb(void *ctx)
{
	((struct ctl_op *)ctx)->config = true;
}

/* The agent's native_write, for the write's env (whose ctx is the op). */
static int native_write_cb(void *ctx, const char *const *paths, const char *const *values,
			   size_t n)
{
	const struct ctl_env *e = &((struct ctl_op *)ctx)->c->env;

	return e->native_write(e->ctx, paths, values, n);
}

static void written_cb(void *ctx, int fault, int status)
{
	struct ctl_op *op = ctx;
	struct xbuf *b = &op->call.ans.out;

	op->written = true;             /* also when it failed: an undo may not have */
	if (fault) {
		set_fault(op, fault);
		return;
	}
	if (op->call.json)
		xbuf_printf(b, "{\"status\":%d}\n", status);
	else
		xbuf_adds(b, status ? "ok: applied; some of it takes effect only after a reboot\n"
			  : "ok\n");
	op_finish(op, CTL_EXIT_OK);
}

static void set_filled_cb(void *ctx, int err)
{
	struct ctl_op *op = ctx;
	const struct ctl_env *e = &op->c->env;
	int fault = err ? CWMP_FAULT_INTERNAL_ERROR
		: spv_write_check(op->w, dm_cache_tree(op->dm), dm_platform_bit(e->cfg->platform));

	if (fault) {
		set_fault(op, fault);
		return;
	}
	spv_write_run(op->w, &(struct spv_env){
		.dm = op->dm, .native_write = native_write_cb, .changed = changed_cb,
		.notify = NULL, .key = NULL, .by = "cwmpctl", .ctx = op },
		written_cb, op);
}

void ctl_dm_set(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call)
{
	struct ctl_op *op;
	const char *const *names;
	size_t n;
	int fault = 0;

	if (req->n_args % 2 || req->n_args / 2 > SPV_MAX_PARAMS) {
		ctl_call_error(call, CTL_EXIT_USAGE, "usage: set PATH VALUE [PATH VALUE]... "
			       "(at most %d)", SPV_MAX_PARAMS);
		return;
	}
	op = op_new(c, call);
	if (!op)
		return;
	op->w = spv_write_new(req->n_args / 2);
	fault = op->w ? 0 : CWMP_FAULT_INTERNAL_ERROR;
	for (size_t i = 0; i + 1 < req->n_args && !fault; i += 2)
		fault = spv_write_add(op->w, req->args[i], req->args[i + 1], NULL);
	if (fault == CWMP_FAULT_INVALID_ARGUMENTS) {
		op_error(op, CTL_EXIT_USAGE, "set: a parameter is named twice");
		return;
	}
	if (fault) {
		set_fault(op, fault);
		return;
	}
	names = spv_write_names(op->w, &n);
	op_fill(op, names, n, set_filled_cb);
}

/* ---- the running op ---------------------------------------------------------- */

void ctl_dm_forget(struct ctl_cmds *c, void *ctx)
{
	if (c->op && c->op->call.ctx == ctx)
		c->op->call.done = NULL;
}

void ctl_dm_cancel(struct ctl_cmds *c)
{
	struct ctl_op *op = c->op;

	if (!op)
		return;
	op->call.done = NULL;
	/* A write is killed before its apply (a shutdown waits for an apply:
	 * busy.h); the callbacks only arm the end timer. */
	dm_write_cancel(dm_cache_writing(op->dm));
	dm_cache_free(op->dm);
	op->dm = NULL;
	loop_timer_cancel(op->c->env.dm.loop, &op->end);
	c->op = NULL;
	op_free(op);
}
