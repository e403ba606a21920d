/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to cwmpctl's commands: ctl_cmd.c (the table, the commands that
 * answer at once), ctl_dm.c (get and set, which run plugins) and ctl_out.c
 * (how answers are written). Nothing else includes this.
 */
#ifndef CWMP_CTL_INT_H
#define CWMP_CTL_INT_H

#include <stdbool.h>

#include "ctl_cmd.h"

struct ctl_op;

struct ctl_cmds {
	struct ctl_env env;
	struct ctl_op *op;              /* the running get or set (ctl_dm.c), or NULL */
};

/* One command being answered. */
struct ctl_call {
	bool json;
	ctl_answer_cb done;             /* NULL: nobody waits any more */
	void *ctx;
	struct ctl_answer ans;
};

/* ctl_out.c: give the answer with status to whoever waits, then free its output. */
void ctl_call_end(struct ctl_call *call, int status);

/* Replace what b holds with msg: a line of text, or JSON
 * {"error":{"message":...}}. */
void ctl_error_msg(struct xbuf *b, bool json, const char *msg);

/* End with an error message (fmt): a line of text, or JSON
 * {"error":{"message":...}}. */
void ctl_call_error(struct ctl_call *call, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append s as a JSON string, quotes included. */
void ctl_json_str(struct xbuf *b, const char *s);

/* Append one fault: "PARAM: CODE STRING" as a line of text, or the JSON
 * members "code", "message" and (param not NULL) "parameter". */
void ctl_fault(struct xbuf *b, bool json, const char *param, int code);

/* ctl_dm.c: get and set, started with call (copied); each ends it. */
void ctl_dm_get(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call);
void ctl_dm_set(struct ctl_cmds *c, const struct ctl_request *req, struct ctl_call *call);
/* Drop the answer of the running op for ctx (the client went away). */
void ctl_dm_forget(struct ctl_cmds *c, void *ctx);
/* Stop the running op (shutdown): its plugins are killed, nobody is
 * answered, env.idle is not called. */
void ctl_dm_cancel(struct ctl_cmds *c);

#endif
