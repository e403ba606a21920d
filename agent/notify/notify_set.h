/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watch set of value-change notifications (notify.h), the pure part:
 * no agent and no I/O, so the unit tests drive it directly.
 */
#ifndef CWMP_NOTIFY_SET_H
#define CWMP_NOTIFY_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpe_msg.h"

/*
 * one entry per watched parameter, with the value last reported (or set by
 * the ACS), a change waiting for an Inform, and the change carried by the
 * Inform in flight. Values are compared as text, booleans canonically
 * ("1" = "true").
 */
#define NOTIFY_FILE "notified"          /* in the state dir: path<TAB>reported */
#define NOTIFY_WATCH_MAX 1024           /* entries kept; more are not watched */
#define NOTIFY_SRC_AGENT 0xffffu        /* source of the agent's forced-inform values */

struct notify_set;
struct xbuf;

/* One value read by a poll. Every pointer is only read during the call. */
struct notify_obs {
	const char *path;
	const char *value;      /* NULL: read, but not valid for its type (see
				   notify_set_observe) */
	const char *type;       /* static xsi:type string (soap_type_of), kept */
	uint16_t src;           /* plugin index, 0 native, NOTIFY_SRC_AGENT */
	bool active;            /* Notification 2 */
	bool forced;            /* forced-inform: never returned by _inform */
	bool boolean;           /* xsd:boolean: "1"/"true" and "0"/"false" are equal */
};

/* An empty set, or NULL (no memory). Free with notify_set_free (NULL ok). */
struct notify_set *notify_set_new(void);
void notify_set_free(struct notify_set *s);

/* Load len bytes of the NOTIFY_FILE text (reported values) into the empty
 * set s; src_of(ctx, path) (NULL: 0) gives each entry its source, as a
 * poll would (a plugin index, 0, NOTIFY_SRC_AGENT). Bad lines are skipped
 * and counted in *bad (may be NULL). 0 or -ENOMEM. */
int notify_set_parse(struct notify_set *s, const char *buf, size_t len, size_t *bad,
		     uint16_t (*src_of)(void *ctx, const char *path), void *ctx);

/* The NOTIFY_FILE text of s appended to b (errors stick in the xbuf). */
void notify_set_format(const struct notify_set *s, struct xbuf *b);

/* Number of watched parameters. */
size_t notify_set_count(const struct notify_set *s);

/* True when the file text changed since the last notify_set_saved. */
bool notify_set_dirty(const struct notify_set *s);
void notify_set_saved(struct notify_set *s);

/* A poll starts: no entry seen yet. */
void notify_set_begin(struct notify_set *s);

/*
 * A value read. A parameter not in the set joins it with this value as
 * the reported one (a new watch, instance or parameter: no notification);
 * after notify_set_acs the value read is taken as the reported one (the
 * ACS's own change, as the plugin reads it back); a value equal to the
 * reported one drops a waiting change (it went back). Returns 1 for a new
 * change (a value differing from the reported one and from any change
 * already waiting), 0 otherwise, -E2BIG when a new entry would pass
 * NOTIFY_WATCH_MAX, -ENOMEM. A value that is not valid (value NULL) is no
 * change and never reported: the entry keeps what it holds and counts as
 * seen (the sweep keeps it); a parameter not watched yet starts being
 * watched at its first valid value. Returns 0 then.
 */
int notify_set_observe(struct notify_set *s, const struct notify_obs *o);

/* After a poll: drop the entries not seen, except those whose source
 * keep_cb(ctx, src) says was not read this time (a plugin that failed).
 * An entry whose change is in flight is always kept. */
void notify_set_sweep(struct notify_set *s, bool (*keep_cb)(void *ctx, uint16_t src),
		      void *ctx);

/* Number of entries with a change waiting or in flight; *active (may be
 * NULL) tells whether one of them is active. */
size_t notify_set_pending(const struct notify_set *s, bool *active);

/* The waiting changes go in flight (forced-inform ones always, the others
 * while out has room): up to max of them, forced-inform ones excluded,
 * into out (strings owned by the set until notify_set_done). A second
 * call before notify_set_done gives the same. Returns how many. */
size_t notify_set_inform(struct notify_set *s, struct param_value *out, size_t max);

/* The session ended: when ok, the values in flight become the reported
 * ones; otherwise they wait again (unless a newer change or an ACS set
 * replaced them). */
void notify_set_done(struct notify_set *s, bool ok);

/* Forget the waiting changes (a bootstrap): their values become the
 * reported ones. Changes in flight are left to notify_set_done. */
void notify_set_discard(struct notify_set *s);

/* The ACS set path to value: that is the reported value now, a waiting
 * change is dropped, and the next value read is taken as is (see
 * _observe). Unknown paths are ignored. 0 or -ENOMEM. */
int notify_set_acs(struct notify_set *s, const char *path, const char *value);

/* Milliseconds until an active-notification session may start, given
 * the monotonic time now, the end of the last session (< 0: none) and
 * DefaultActiveNotificationThrottle in seconds. 0 = now. */
int64_t notify_throttle_wait_ms(int64_t now_ms, int64_t last_end_ms, unsigned throttle_s);

#endif
