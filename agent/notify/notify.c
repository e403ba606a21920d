/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Value-change notifications (notify.h) in two parts. The watch set is
 * pure bookkeeping: a sorted array of the watched parameters with the
 * value last reported, a change waiting for an Inform and the change in
 * flight. The poller feeds it: it reads the attributes to learn which
 * parameters have Notification 1 or 2, has the fill engine (dm_fill.h)
 * run "get PREFIX" for only the plugins backing them (one at a time, each
 * with the plugin time limit; a plugin that fails keeps its last values)
 * into a tree of its own, adds the native values and the agent's own
 * forced-inform values (the ones the Inform carries), and compares. A poll
 * never overlaps a session: a session's start cancels it, and one that saw
 * a session end or the ACS set a value is thrown away; either is made
 * again after the session, so the ACS's own changes are never taken for
 * the device's. Polls run at start, after every session (so that a
 * SetParameterAttributes or SetParameterValues gives the new baseline at
 * once), every cfg.notify_interval seconds (0: never by timer) and on
 * SIGUSR1. AddObject needs nothing: a new instance joins the set with its
 * current value at the next poll; a deleted one leaves it. Not watched:
 * hidden and command parameters (their values never go on the wire) and
 * the ParameterKey (only the ACS's own RPCs change it).
 *
 * Only the watched values are kept (NOTIFY_WATCH_MAX at most); the poll's
 * tree is freed when the poll ends. The "notified" file is written only
 * when a reported value or the watched set changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrs.h"
#include "dm_fill.h"
#include "dm_load.h"
#include "dm_plugin.h"
#include "log.h"
#include "notify.h"
#include "notify_agent.h"
#include "schema.h"
#include "store.h"
#include "tree.h"
#include "types.h"
#include "xbuf.h"

/* ---- the poller ------------------------------------------------------------ */

struct notify;
static bool session_running(const struct notify *n);

struct notify {
	struct notify_env env;
	struct notify_set *set;
	struct loop_timer poll_timer;     /* the next poll */
	struct loop_timer throttle_timer; /* an active notification held back */
	int64_t last_end_ms;              /* end of the last successful session, -1:
					     none (DefaultActiveNotificationThrottle) */
	/* the running poll */
	bool running;
	bool spoiled;                     /* a session ran meanwhile: throw away */
	bool again;                       /* poll once more when this one ends */
	bool over;                        /* NOTIFY_WATCH_MAX reached (logged) */
	size_t changed;                   /* new changes found */
	struct attrs *at;                 /* owned */
	struct dm_tree *tree;             /* owned */
	struct dm_fill *fill;             /* owned: fills tree */
	bool *want;                       /* per plugin index; [0]: native */
};

static void poll_start(struct notify *n);

static void save(struct notify *n)
{
	struct xbuf b;
	int rc;

	if (!notify_set_dirty(n->set))
		return;
	xbuf_init(&b, STORE_MAX_FILE);
	notify_set_format(n->set, &b);
	rc = xbuf_error(&b);
	if (rc == 0)
		rc = store_write(n->env.cfg->state_dir, NOTIFY_FILE, b.data ? b.data : "", b.len);
	if (rc == 0)
		notify_set_saved(n->set);
	else
		log_err("notify: cannot save %s/%s: %s", n->env.cfg->state_dir, NOTIFY_FILE,
			strerror(-rc));
	xbuf_fini(&b);
}

static void load(struct notify *n)
{
	char *text = NULL;
	size_t len = 0, bad = 0;
	int rc = store_read(n->env.cfg->state_dir, NOTIFY_FILE, &text, &len, STORE_MAX_FILE);

	if (rc == 0)
		rc = notify_set_parse(n->set, text, len, &bad, notify_source_of, NULL);
	if (rc != 0 && rc != -ENOENT)
		log_err("notify: cannot read %s/%s: %s", n->env.cfg->state_dir, NOTIFY_FILE,
			strerror(-rc));
	if (bad)
		log_warn("notify: %s/%s: %zu bad lines skipped", n->env.cfg->state_dir,
			 NOTIFY_FILE, bad);
	free(text);
}

static bool session_running(const struct notify *n)
{
	return n->env.session_running && n->env.session_running(n->env.ctx);
}

/* ---- asking for a session ---- */

static void queue_event(struct notify *n)
{
	if (!events_has(n->env.events, EV_VALUE_CHANGE) &&
	    events_add(n->env.events, EV_VALUE_CHANGE, "") != 0)
		log_err("notify: cannot queue 4 VALUE CHANGE");
}

/* An active change: a session now, or when the throttle allows. */
static void want_session(struct notify *n)
{
	int64_t wait = notify_throttle_wait_ms(loop_now_ms(), n->last_end_ms,
					       n->env.cfg->notify_throttle);

	if (wait > 0) {
		queue_event(n);
		if (!n->throttle_timer.pending) {
			log_info("notify: active notification in %.1f s (throttle)",
				 (double)wait / 1000.0);
			loop_timer_set(n->env.loop, &n->throttle_timer, wait);
		}
		return;
	}
	loop_timer_cancel(n->env.loop, &n->throttle_timer);
	events_raise(n->env.events, EV_VALUE_CHANGE, "");
}

static void throttle_timer_cb(struct loop_timer *t)
{
	struct notify *n = container_of(t, struct notify, throttle_timer);
	bool active = false;

	if (!session_running(n) && notify_set_pending(n->set, &active) && active)
		want_session(n);
}

/* After a poll: queue the event for the changes waiting; start a session
 * for an active one. */
static void report(struct notify *n)
{
	bool active = false;
	size_t waiting = notify_set_pending(n->set, &active);

	log_debug("notify: poll done: %zu watched, %zu new changes, %zu waiting",
		  notify_set_count(n->set), n->changed, waiting);
	if (!waiting) {
		/* Every waiting value went back: nothing changed after all. */
		loop_timer_cancel(n->env.loop, &n->throttle_timer);
		if (events_has(n->env.events, EV_VALUE_CHANGE)) {
			log_info("notify: the changed values went back: 4 VALUE CHANGE dropped");
			events_remove(n->env.events, EV_VALUE_CHANGE);
		}
		return;
	}
	if (n->changed)
		log_notice("notify: %zu changed value%s waiting (%s)", waiting,
			   waiting > 1 ? "s" : "", active ? "active" : "passive");
	if (active)
		want_session(n);
	else
		queue_event(n);
}

/* ---- one poll ---- */

static void poll_arm(struct notify *n, int64_t ms)
{
	if (ms >= 0)
		loop_timer_set(n->env.loop, &n->poll_timer, ms);
	else
		loop_timer_cancel(n->env.loop, &n->poll_timer);
}

/* The timer after a poll: soon when one more was asked for, else the
 * interval. */
static void poll_rearm(struct notify *n)
{
	unsigned iv = n->env.cfg->notify_interval;

	if (n->again)
		poll_arm(n, session_running(n) ? -1 : 0);   /* after the session, else now */
	else
		poll_arm(n, iv ? (int64_t)iv * 1000 : -1);
	n->again = false;
}

static void poll_free(struct notify *n)
{
	dm_fill_free(n->fill);
	n->fill = NULL;
	attrs_free(n->at);
	n->at = NULL;
	dm_tree_free(n->tree);
	n->tree = NULL;
	free(n->want);
	n->want = NULL;
	n->running = false;
}

/* Mark the plugins of schema node node and everything below it. */
static void mark_subtree(bool *want, uint32_t node)
{
	const struct dm_node *d = &dm_schema[node];

	if (d->type != DM_T_OBJECT && (d->flags & DM_F_FORCED_INFORM))
		return;                 /* the agent's own value */
	want[d->plugin] = true;
	for (uint32_t i = 0; i < d->n_children; i++)
		mark_subtree(want, d->first_child + i);
}

/* An attributes entry: Notification 1 or 2 at or below its path. */
static int want_cb(void *ctx, const struct attrs_item *it)
{
	long node = dm_plugin_schema_node(it->path);

	if ((it->notification == 1 || it->notification == 2) && node >= 0)
		mark_subtree(ctx, (uint32_t)node);
	return 0;
}

/* Which plugins back watched parameters: the attributes set to 1 or 2
 * and the schema's forced ones (not the forced-inform: the agent's). */
static void want_plugins(const struct attrs *at, bool *want)
{
	for (size_t i = 0; i < dm_schema_len; i++)
		if ((dm_schema[i].notify == DM_N_FORCE_ENABLED ||
		     dm_schema[i].notify == DM_N_FORCE_DEFAULT_ENABLED) &&
		    !(dm_schema[i].flags & DM_F_FORCED_INFORM))
			want[dm_schema[i].plugin] = true;
	attrs_each(at, want_cb, want);
}

static int load_native(struct notify *n)
{
	struct xbuf b;
	int rc;

	xbuf_init(&b, PLUGIN_MAX_OUTPUT);
	rc = n->env.native_get ? n->env.native_get(n->env.ctx, &b) : -ENOSYS;
	if (rc == 0)
		rc = dm_load(n->tree, "native values", NULL, b.data ? b.data : "", b.len, NULL);
	xbuf_fini(&b);
	return rc;
}

/* Source src was read this poll (the native values always are when
 * wanted: the poll does not start without them). */
static bool loaded(const struct notify *n, uint16_t src)
{
	return src < dm_plugins_len && n->want[src] && (src == 0 || dm_fill_loaded(n->fill, src));
}

static int walk_cb(void *ctx, const struct dm_tree_item *it)
{
	struct notify *n = ctx;
	const struct dm_node *d = it->node;
	int rc;

	if (it->kind != DM_TREE_PARAM || !loaded(n, d->plugin) ||
	    (d->flags & (DM_F_FORCED_INFORM | DM_F_HIDDEN | DM_F_COMMAND)))
		return 0;
	if (d->plugin == 0 && notify_source_of(NULL, it->path) == NOTIFY_SRC_AGENT)
		return 0;               /* ConnReqJabberID: compare_all's */
	rc = notify_observe_node(n->set, n->at, it->path, it->valid ? it->value : NULL, d,
				 d->plugin);
	if (rc == -E2BIG && !n->over)
		log_warn("notify: more than %d watched parameters: %s and others not watched",
			 NOTIFY_WATCH_MAX, it->path);
	n->over |= rc == -E2BIG;
	n->changed += rc == 1;
	return rc < 0 && rc != -E2BIG ? rc : 0;
}

/* A source not read this poll keeps its entries. */
static bool keep_cb(void *ctx, uint16_t src)
{
	struct notify *n = ctx;

	if (src == NOTIFY_SRC_AGENT)
		return !notify_identity_stable(&n->env);
	/* Kept only when its plugin was to be read and failed: the entries
	 * of a plugin nobody watches any more go (a new watch starts from
	 * the value it finds). */
	return dm_fill_failed(n->fill, src);
}

/* Compare what the poll read with the set. 0 or -errno (logged). */
static int compare_all(struct notify *n)
{
	int rc;

	notify_set_begin(n->set);
	/* The agent's own values first: a full watch set keeps them (the
	 * ConnectionRequestURL above all). */
	rc = notify_observe_agent(&n->env, n->set, n->at);
	if (rc >= 0) {
		n->changed += (size_t)rc;
		rc = dm_tree_walk(n->tree, "", 0, walk_cb, n);
	}
	if (rc < 0) {
		log_err("notify: poll failed: %s", strerror(-rc));
		return rc;
	}
	notify_set_sweep(n->set, keep_cb, n);
	return 0;
}

/* Every plugin has answered: compare, save, report. */
static void poll_end(struct notify *n)
{
	if (n->spoiled || session_running(n)) {
		log_debug("notify: a session ran during the poll: polling again after it");
		n->again = true;
	} else {
		compare_all(n);
		save(n);
		report(n);
	}
	poll_free(n);
	poll_rearm(n);
}

/* Every wanted plugin has answered, or failed (logged by the engine). */
static void filled_cb(void *ctx, int err)
{
	struct notify *n = ctx;

	if (err)
		log_warn("notify: the values of the plugins that failed are not compared");
	poll_end(n);
}

static int poll_setup(struct notify *n)
{
	int rc = attrs_load(n->env.cfg->state_dir, &n->at);

	if (rc != 0)
		return rc;
	n->tree = dm_tree_new();
	n->fill = n->tree ? dm_fill_new(n->env.loop, n->env.platform, n->tree) : NULL;
	n->want = calloc(dm_plugins_len, sizeof(bool));
	if (!n->fill || !n->want)
		return -ENOMEM;
	want_plugins(n->at, n->want);
	if (n->want[0])
		rc = load_native(n);
	if (rc == 0)
		rc = dm_fill_run(n->fill, n->want, 1, DM_FILL_GO_ON, filled_cb, n);
	return rc;
}

static void poll_start(struct notify *n)
{
	int rc;

	if (n->running || session_running(n)) {
		n->again = true;        /* after this poll, or after the session */
		return;
	}
	loop_timer_cancel(n->env.loop, &n->poll_timer);
	n->running = true;
	n->spoiled = n->over = false;
	n->changed = 0;
	rc = poll_setup(n);
	if (rc != 0) {
		log_err("notify: cannot poll: %s", strerror(-rc));
		poll_free(n);
		poll_rearm(n);
	}
}

static void poll_timer_cb(struct loop_timer *t)
{
	poll_start(container_of(t, struct notify, poll_timer));
}

/* ---- the contract ---------------------------------------------------------- */

struct notify *notify_new(const struct notify_env *env)
{
	struct notify *n = calloc(1, sizeof(*n));

	if (!n || !(n->set = notify_set_new())) {
		free(n);
		return NULL;
	}
	n->env = *env;
	n->last_end_ms = -1;
	n->poll_timer.cb = poll_timer_cb;
	n->throttle_timer.cb = throttle_timer_cb;
	load(n);
	poll_arm(n, 0);         /* the first poll: changes while we were down */
	return n;
}

void notify_reload(struct notify *n)
{
	if (!n)
		return;
	if (n->running)
		n->again = true;        /* then the new interval */
	else if (!session_running(n))
		poll_arm(n, 0);         /* the ConnectionRequestURL may be new */
}

void notify_poll_now(struct notify *n)
{
	if (n) {
		log_info("notify: polling now");
		poll_start(n);
	}
}

void notify_session_begin(struct notify *n)
{
	if (!n || !n->running)
		return;
	log_debug("notify: a session starts: polling again after it");
	poll_free(n);
	n->again = false;       /* notify_session_done polls anyway */
}

void notify_acs_set(struct notify *n, const char *path, const char *value)
{
	if (!n)
		return;
	n->spoiled |= n->running;
	if (notify_set_acs(n->set, path, value) != 0)
		log_err("notify: out of memory: %s may be reported as changed", path);
}

size_t notify_inform_params(struct notify *n, struct param_value *out, size_t max)
{
	struct events *ev;
	struct attrs *at = NULL;
	int changed;

	if (!n)
		return 0;
	ev = n->env.events;
	/* The forced-inform values in this Inform against the reported ones:
	 * a new SoftwareVersion after an upgrade reports 4 VALUE CHANGE in
	 * the very Inform that carries it. The queue is already marked sent
	 * (session_start): mark the new event too. */
	changed = attrs_load(n->env.cfg->state_dir, &at) == 0
		? notify_observe_agent(&n->env, n->set, at) : 0;
	attrs_free(at);
	if (events_has(ev, EV_BOOTSTRAP)) {
		/* A bootstrap discarded "4 VALUE CHANGE": the ACS takes the
		 * device as it finds it, so the changes waiting go with it. */
		notify_set_discard(n->set);
		events_remove(ev, EV_VALUE_CHANGE);
		save(n);
		return 0;
	}
	if (changed > 0 && !events_has(ev, EV_VALUE_CHANGE)) {
		queue_event(n);
		events_mark_sent(ev);
	}
	if (!events_has(ev, EV_VALUE_CHANGE))
		return 0;               /* not queued (no room): the changes wait */
	return notify_set_inform(n->set, out, max);
}

void notify_informed(struct notify *n)
{
	if (!n)
		return;
	notify_set_done(n->set, true);
	save(n);
}

void notify_session_done(struct notify *n, bool ok)
{
	if (!n)
		return;
	notify_set_done(n->set, ok);    /* nothing in flight after notify_informed */
	if (ok)         /* whatever the session was for (TR-181) */
		n->last_end_ms = loop_now_ms();
	n->spoiled |= n->running;
	if (!ok && notify_set_pending(n->set, NULL))
		queue_event(n);         /* the retry carries them */
	save(n);
	if (n->running)
		n->again = true;
	else
		poll_arm(n, 0);         /* changes during the session, new baselines */
}

void notify_free(struct notify *n)
{
	if (!n)
		return;
	poll_free(n);
	loop_timer_cancel(n->env.loop, &n->poll_timer);
	loop_timer_cancel(n->env.loop, &n->throttle_timer);
	notify_set_free(n->set);
	free(n);
}
