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
#include "notify_set.h"

#define NOTIFY_INFORM_MAX 64    /* changed parameters per Inform; the rest wait */

struct agent;
struct notify;

/* Load the last reported values, arm the poll timer. 0 or -errno. */
int notify_start(struct agent *a);

/* After a config reload (poll interval, throttle): poll soon (the
 * ConnectionRequestURL may have changed). */
void notify_reload(struct agent *a);

/* Poll now (SIGUSR1); during a session or a poll: after it. */
void notify_poll_now(struct agent *a);

/* A session is starting: a running poll is cancelled (its plugins
 * killed); notify_session_done polls again. */
void notify_session_begin(struct agent *a);

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
size_t notify_inform_params(struct agent *a, struct param_value *out, size_t max);

/* The InformResponse arrived: the values in that Inform count as reported
 * (saved), whatever happens to the rest of the session. */
void notify_informed(struct agent *a);

/* The session ended. Values of an Inform that got no InformResponse wait
 * again and "4 VALUE CHANGE" is queued for the retry. The throttle counts
 * from the end of a session whose Inform delivered an active change. A
 * poll follows (changes during the session, new baselines after
 * SetParameterAttributes). */
void notify_session_done(struct agent *a, bool ok);

/* Cancel timers and free. */
void notify_stop(struct agent *a);

#endif
