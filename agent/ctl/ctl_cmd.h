/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's commands, on the daemon's side: a table from command name to
 * handler, each answering in text or JSON with the client's exit status.
 *
 *   status          the ACS URL, the sessions (running, last, retry), the
 *                   next periodic Inform, the ConnectionRequestURL, the
 *                   pending events and transfers
 *   events          the queued events
 *   inform [EVENT]  queue EVENT ("6 CONNECTION REQUEST" when none, or
 *                   "2 PERIODIC") and start a session now
 *   get PATH...     values as GetParameterValues reads them (rpc_gpv.h)
 *   set PATH VALUE...  values written as SetParameterValues writes them
 *                   (spv_write.h), all or nothing, without a ParameterKey,
 *                   and notified like any change in the device
 *
 * get and set run one at a time, never during a session (nor while its
 * deferred applies run, nor during a shutdown): they are refused with
 * "busy" (exit status 4) rather than queued, so an operator's command
 * never waits an unknown time behind the ACS, and no session starts while
 * one runs (ctl_cmds_busy). The parts of the agent they need come in a
 * ctl_env.
 */
#ifndef CWMP_CTL_CMD_H
#define CWMP_CTL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "dm_cache.h"
#include "events.h"
#include "loop.h"
#include "xbuf.h"

struct ctl_cmds;
struct transfer;

/* A parsed request (ctl.h: ctl_request_parse). */
struct ctl_request {
	bool json;                      /* format json */
	char *command;                  /* owned */
	char **args;                    /* n_args strings, owned */
	size_t n_args;
};

/* One command's answer: the client's exit status (ctl_proto.h) and its
 * output, capped at CTL_MAX_ANSWER. */
struct ctl_answer {
	int status;
	struct xbuf out;
};

/* What status shows that only the agent knows. */
struct ctl_status {
	bool session_running;
	time_t session_start;           /* the running or last session's; 0: none yet */
	time_t last_end;                /* 0: no session ended yet */
	bool last_ok;
	unsigned retry_count;           /* failed sessions in a row */
	int64_t retry_in_ms;            /* -1: no retry wait on */
	time_t next_periodic;           /* 0: periodic informs off */
	const char *wan_device;         /* for the ConnectionRequestURL (cr_url.h) */
	const struct transfer *transfers;
	size_t n_transfers;
};

/* What the commands work with; the pointers must outlive them. */
struct ctl_env {
	const struct config *cfg;       /* the ACS URL, the platform, the CR URL's parts */
	struct events *events;          /* what events and status list */
	struct dm_env dm;               /* get and set make their data model on it */
	/* ManagementServer values into the config file (dm_native_write). */
	int (*native_write)(void *ctx, const char *const *paths, const char *const *values,
			    size_t n);
	void (*status)(void *ctx, struct ctl_status *out);
	/* Why the data model may not be used now (a session or its applies
	 * run, a shutdown waits), NULL when it may. */
	const char *(*dm_busy)(void *ctx);
	/* Queue code and start a session as soon as the rules allow (a
	 * retry wait cut short). */
	void (*inform)(void *ctx, enum event_code code);
	/* A set was applied; config: ManagementServer or DeviceInfo values
	 * among them (the config and the identity are to be read again). */
	void (*written)(void *ctx, bool config);
	/* A get or set ended: a session held back for it may start. */
	void (*idle)(void *ctx);
	void *ctx;
};

typedef void (*ctl_answer_cb)(void *ctx, struct ctl_answer *a);

/* The commands on env (copied). NULL when out of memory. Free with
 * ctl_cmds_free (NULL is a no-op): a running get is cancelled, a running
 * set is cancelled before its apply (dm_write.h). */
struct ctl_cmds *ctl_cmds_new(const struct ctl_env *env);
void ctl_cmds_free(struct ctl_cmds *c);

/*
 * Run req. done(ctx, answer) runs exactly once: before this returns for
 * every command but get and set, from the loop for those. The answer is
 * the callback's to take (xbuf_move) during the call; what is left is
 * freed. req is not kept.
 */
void ctl_cmd_run(struct ctl_cmds *c, const struct ctl_request *req, ctl_answer_cb done,
		 void *ctx);

/* The client waiting for ctx's answer went away: done will not run (the
 * command itself runs to its end: a write is never cut short). */
void ctl_cmd_forget(struct ctl_cmds *c, void *ctx);

/* A get or set is running: no session may start. false for NULL. */
bool ctl_cmds_busy(const struct ctl_cmds *c);

#endif
