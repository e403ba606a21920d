/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Value-change notifications: the parameters whose Notification attribute
 * is 1 (passive) or 2 (active) are polled through the plugins on an
 * interval and on demand (SIGUSR1, e.g. from a hotplug script) and compared
 * with the values last reported (kept in the state dir). A change queues
 * "4 VALUE CHANGE" and puts the parameter in the next Inform; an active one
 * starts a session (DefaultActiveNotificationThrottle honoured). Changes
 * the ACS made itself are not reported.
 */
#ifndef CWMP_NOTIFY_H
#define CWMP_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpe_msg.h"
#include "config.h"
#include "events.h"
#include "identity.h"
#include "loop.h"
#include "notify_set.h"
#include "platform.h"
#include "xbuf.h"

#define NOTIFY_INFORM_MAX 64    /* changed parameters per Inform; the rest wait */

struct notify;
struct cr_status;

/* What the notifications work with; the pointers must outlive them. */
struct notify_env {
	struct loop *loop;
	const struct config *cfg;       /* state_dir, notify_interval, notify_throttle,
					   and the ConnectionRequestURL's parts */
	struct events *events;          /* 4 VALUE CHANGE */
	struct platform *platform;      /* the plugins' get */
	const struct identity *id;      /* the forced-inform DeviceInfo values */
	const struct cr_status *crs;    /* UDPConnectionRequestAddress (cr_status.h); NULL: none */
	/* The identity is known and not being fetched again. */
	bool (*identity_stable)(void *ctx);
	/* Is a session running? (a poll waits for its end) */
	bool (*session_running)(void *ctx);
	/* The agent's own values in the plugin line format (dm_native.h). */
	int (*native_get)(void *ctx, struct xbuf *out);
	/* ConnReqJabberID as the Inform and the data model give it ("" when
	 * XMPP connection requests are off); NULL: not watched. */
	const char *(*conn_req_jid)(void *ctx);
	void *ctx;
};

/* The notifications on env (copied): the last reported values loaded, the
 * first poll armed. NULL when out of memory. Free with notify_free (NULL
 * is a no-op). */
struct notify *notify_new(const struct notify_env *env);
void notify_free(struct notify *n);

/* After a config reload (poll interval, throttle): poll soon (the
 * ConnectionRequestURL may have changed). */
void notify_reload(struct notify *n);

/* Poll now (SIGUSR1); during a session or a poll: after it. */
void notify_poll_now(struct notify *n);

/* A session starts: a running poll is dropped (notify_session_done polls
 * again). */
void notify_session_begin(struct notify *n);

/* The ACS set path to value (SetParameterValues): the new value is the
 * reported one, no notification for it. */
void notify_acs_set(struct notify *n, const char *path, const char *value);

/* The changed parameters for the Inform being built: up to max entries
 * into out (strings owned by notify until notify_session_done), never one
 * of the forced-inform parameters (the session writes those itself).
 * Returns how many; 0 in a bootstrap Inform (BOOTSTRAP discarded "4 VALUE
 * CHANGE": the waiting changes are discarded too, their values taken as
 * reported) or when the event could not be queued. Called after the queue
 * was marked sent: when a forced-inform value in this Inform differs from
 * the reported one (SoftwareVersion after an upgrade) it queues "4 VALUE
 * CHANGE" marked sent, so this very Inform carries it. */
size_t notify_inform_params(struct notify *n, struct param_value *out, size_t max);

/* The InformResponse arrived: the values in that Inform count as reported
 * (saved), whatever happens to the rest of the session. */
void notify_informed(struct notify *n);

/* The session ended. Values of an Inform that got no InformResponse wait
 * again and "4 VALUE CHANGE" is queued for the retry. The throttle counts
 * from the end of the last successful session, whatever it was for
 * (TR-181 DefaultActiveNotificationThrottle). A poll follows (changes
 * during the session, new baselines after SetParameterAttributes). */
void notify_session_done(struct notify *n, bool ok);

#endif
