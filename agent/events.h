/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event queue: what the next Inform reports, and the TR-069 rules for
 * each event code (single or multiple, retried or dropped when a session
 * fails, kept or dropped across a reboot, BOOTSTRAP discarding the rest).
 * The queue is saved to the state directory after every change (file
 * "events"), so nothing that must be delivered is lost in a crash.
 */
#ifndef CWMP_EVENTS_H
#define CWMP_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

enum event_code {
	EV_BOOTSTRAP,                  /* "0 BOOTSTRAP" */
	EV_BOOT,                       /* "1 BOOT" */
	EV_PERIODIC,                   /* "2 PERIODIC" */
	EV_SCHEDULED,                  /* "3 SCHEDULED" */
	EV_VALUE_CHANGE,               /* "4 VALUE CHANGE" */
	EV_KICKED,                     /* "5 KICKED" */
	EV_CONNECTION_REQUEST,         /* "6 CONNECTION REQUEST" */
	EV_TRANSFER_COMPLETE,          /* "7 TRANSFER COMPLETE" */
	EV_DIAGNOSTICS_COMPLETE,       /* "8 DIAGNOSTICS COMPLETE" */
	EV_REQUEST_DOWNLOAD,           /* "9 REQUEST DOWNLOAD" */
	EV_AUTONOMOUS_TRANSFER_COMPLETE, /* "10 AUTONOMOUS TRANSFER COMPLETE" */
	EV_DU_STATE_CHANGE_COMPLETE,   /* "11 DU STATE CHANGE COMPLETE" */
	EV_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE, /* "12 ..." */
	EV_WAKEUP,                     /* "13 WAKEUP" */
	EV_HEARTBEAT,                  /* "14 HEARTBEAT" */
	EV_M_REBOOT,                   /* "M Reboot" */
	EV_M_SCHEDULE_INFORM,          /* "M ScheduleInform" */
	EV_M_DOWNLOAD,                 /* "M Download" */
	EV_M_SCHEDULE_DOWNLOAD,        /* "M ScheduleDownload" */
	EV_M_UPLOAD,                   /* "M Upload" */
	EV_M_CHANGE_DU_STATE,          /* "M ChangeDUState" */
	EV_COUNT
};

#define EVENT_KEY_MAX 32               /* CommandKey length (xsd) */
#define EVENTS_MAX 64                  /* queue cap; past it the oldest
					  droppable event goes first */

struct event {
	enum event_code code;
	char command_key[EVENT_KEY_MAX + 1];
	bool sent;                     /* in the Inform now in flight */
};

/* Who starts sessions (the agent): told when an event is raised. */
typedef void (*events_raised_cb)(void *ctx, enum event_code code);

struct events {
	struct event v[EVENTS_MAX];
	size_t n;
	char *state_dir;               /* owned; NULL = do not persist (tests) */
	events_raised_cb raised;       /* events_on_raise; NULL: nobody */
	void *raised_ctx;
};

/* "0 BOOTSTRAP" etc. (static storage), NULL for a code out of range. */
const char *event_code_str(enum event_code code);
/* Code for a wire string, or -EINVAL. */
int event_code_parse(const char *s);

/* Empty queue persisting to state_dir (copied; may be NULL). */
void events_init(struct events *q, const char *state_dir);
void events_fini(struct events *q);

/*
 * Load the queue saved by a previous run and apply the reboot rules: drop
 * what does not survive a reboot (VALUE CHANGE, CONNECTION REQUEST,
 * DIAGNOSTICS COMPLETE, the old BOOT). A missing file is an empty queue; a
 * corrupt line is logged and skipped. 0 or -errno (I/O only).
 * Call it right after events_init, before queueing this boot's events:
 * any change saves the queue and so overwrites the file. (What is already
 * queued stays; the loaded events join it under the dedupe rules.)
 * File: "# cwmpd events v1", then one "CODE<TAB>escaped-CommandKey" a line.
 */
int events_load(struct events *q);

/*
 * Queue an event. Single events (numbered codes) are kept once; "M" events
 * once per CommandKey (NULL = ""; numbered codes always get ""). Adding an
 * event already queued keeps its place, but if it is in the Inform now in
 * flight it is unmarked: it happened again and is reported again. Adding
 * BOOTSTRAP discards every other pending event but BOOT, "7 TRANSFER
 * COMPLETE" and the transfers' "M" events (their TransferCompletes are
 * still to be sent; only if they fill the queue do they go). When EVENTS_MAX
 * are queued the oldest event that is not BOOTSTRAP, BOOT, TRANSFER COMPLETE
 * or an "M" event is dropped. Saves the queue (a save failure is logged, the
 * queue in memory is still right). 0, -EINVAL for a bad code or a key longer
 * than EVENT_KEY_MAX, -ENOSPC when nothing can be dropped.
 */
int events_add(struct events *q, enum event_code code, const char *command_key);

/* Queue an event that needs a session (a connection request, a periodic
 * or scheduled inform, a value change, a transfer complete): events_add,
 * then the listener set with events_on_raise is told, also when the add
 * failed (logged) -- the session still reports what it can. 0 or
 * events_add's -errno. */
int events_raise(struct events *q, enum event_code code, const char *command_key);

/* Set the listener of events_raise (cb NULL: none). */
void events_on_raise(struct events *q, events_raised_cb cb, void *ctx);

bool events_has(const struct events *q, enum event_code code);
bool events_empty(const struct events *q);

/* Mark every queued event as carried by the Inform now being sent. */
void events_mark_sent(struct events *q);

/* InformResponse received: remove the events marked sent; save. Held
 * back (unmarked, kept) until the ACS answers TransferComplete, see
 * events_remove: "7 TRANSFER COMPLETE", and while it is queued "M Download",
 * "M ScheduleDownload" and "M Upload". */
void events_delivered(struct events *q);

/* The session failed before InformResponse: unmark, drop the events that
 * must not be retried (CONNECTION REQUEST); save. */
void events_failed(struct events *q);

/* Remove every event with this code (e.g. "7 TRANSFER COMPLETE" after the
 * ACS answered TransferComplete; removing that code also removes every
 * "M Download", "M ScheduleDownload" and "M Upload"). Saves. */
void events_remove(struct events *q, enum event_code code);

/* Remove the one event with this code and CommandKey (NULL = ""), e.g. the
 * "M Download" of one TransferComplete when others are still pending. */
void events_remove_key(struct events *q, enum event_code code, const char *command_key);

/* Write the queue to the state dir now (every change above already tries
 * to, logging a failure): 0 or -errno, for a caller that must know the
 * events are on disk (M Reboot before a reboot). */
int events_save(const struct events *q);

#endif
