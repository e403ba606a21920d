/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to the transfer queue (transfers.c: the queue, its file, the
 * session side; transfer_run.c: running one transfer). Nothing else
 * includes this.
 */
#ifndef CWMP_TRANSFER_INT_H
#define CWMP_TRANSFER_INT_H

#include "transfer_dir.h"
#include <stddef.h>

#include "loop.h"
#include "transfers.h"

struct plugin_call;
struct transfer_http;

struct transfers {
	struct transfers_env env;
	struct transfer v[TRANSFERS_MAX];
	size_t n;
	bool booted[TRANSFERS_MAX];    /* REBOOTING at start: the reboot happened */
	unsigned next_id;
	struct loop_timer timer;       /* the first queued transfer's due time */
	struct transfer_http *http;    /* the running GET or PUT, or NULL */
	struct plugin_call *plugin;    /* the running plugin, or NULL */
	unsigned active;               /* id of the transfer running, 0 = none */
	unsigned sent;                 /* id of the TransferComplete in flight */
	struct transfer_dir dir;       /* where the files go (transfer_dir.h) */
};

static inline bool session_running(const struct transfers *ts)
{
	return ts->env.session_running && ts->env.session_running(ts->env.ctx);
}

/* The running SoftwareVersion, NULL while the identity is not known. */
static inline const char *software_version(const struct transfers *ts)
{
	return ts->env.software_version ? ts->env.software_version(ts->env.ctx) : NULL;
}

/* The transfer with this id, or NULL. */
struct transfer *transfer_find(struct transfers *ts, unsigned id);

/* Save the queue file; 0 or -errno (logged). */
int transfer_save(struct transfers *ts);

/* "<private dir>/transfer-ID.part", the transfer's temporary file, in
 * cwmpd's own directory (transfer_dir.h) of the cpe download_dir option
 * (else the state dir). 0, or -errno when there is no such directory
 * (logged; the transfer fails with 9002). */
int transfer_part_path(struct transfers *ts, const struct transfer *t, char *out, size_t size);
void transfer_remove_part(struct transfers *ts, const struct transfer *t);

/* Clear the URL and the credentials: not needed once the file is here
 * (and then no longer kept in the queue file). */
void transfer_forget_source(struct transfer *t);

/* "Download", "ScheduleDownload" or "Upload" (static). */
const char *transfer_method(const struct transfer *t);

/* t is DONE with this fault (0, or a code and a text; NULL text: the
 * standard string): saved, its temporary file removed, then the events
 * "7 TRANSFER COMPLETE" and "M Download"/"M ScheduleDownload"/"M Upload"
 * queued with events_raise. */
void transfer_finish(struct transfers *ts, struct transfer *t, int fault, const char *text);

/* An attempt failed: a ScheduleDownload is QUEUED again with this fault
 * kept as its last, due after a retry wait (transfer_run_next then asks
 * its windows whether it may start again or must end); any other transfer
 * is finished (transfer_finish). */
void transfer_failed(struct transfers *ts, struct transfer *t, int fault, const char *text);

/* Start the first queued transfer that is due, unless a session or
 * another transfer runs; arm ts->timer for the next one (transfer_run.c). */
void transfer_run_next(struct transfers *ts);
void transfer_timer_cb(struct loop_timer *tm);

#endif
