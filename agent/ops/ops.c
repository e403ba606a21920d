/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ScheduleInform, Reboot and FactoryReset behind their RPC handlers:
 * pending scheduled informs with their timer and their file in the state
 * dir (re-armed at start, overdue ones at once), and the reboot or factory
 * reset that runs once the session asking for it has ended: "M Reboot"
 * saved in the event queue first, sessions held, then the platform's
 * `system reboot` / `system factory-reset`. On OpenWrt the system goes
 * down; on sim the loop ends and main re-executes the daemon.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "ops.h"
#include "platform.h"
#include "ops_pending.h"
#include "plugin.h"
#include "pluginio.h"
#include "store.h"
#include "xbuf.h"

#define SCHED_FILE "scheduled"
#define SCHED_FILE_MAX (64 * 1024)

enum ops_kind { OPS_NONE, OPS_REBOOT, OPS_FACTORY_RESET };   /* a later one wins */

struct sched {
	int64_t due;                    /* Unix time: what the file keeps */
	uint32_t delay;                 /* DelaySeconds: caps the wait after a restart */
	int64_t when_ms;                /* monotonic deadline in this process */
	char key[EVENT_KEY_MAX + 1];
};

struct ops {
	struct ops_env env;
	struct sched v[OPS_SCHEDULED_MAX];
	size_t n;
	struct loop_timer sched_timer;  /* the earliest of v */
	bool sched_dirty;               /* the file is behind v: save again */
	enum ops_kind pending;          /* runs when the session ends */
	bool reboot_event;              /* queue "M Reboot" with reboot_key */
	bool event_added;               /* run_pending queued "M Reboot" */
	char reboot_key[EVENT_KEY_MAX + 1];
	struct loop_timer run_timer;    /* ops_reboot_after_session between sessions */
	struct plugin_call *call;       /* the running `system` verb, or NULL */
	enum ops_kind running;
	bool rebooting;                 /* the verb succeeded */
	bool wiped;                     /* factory reset done: wipe again at stop */
	bool reexec;                    /* the loop ended for a sim reboot */
};

/* The wall clock in milliseconds since 1970. */
static int64_t now_unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- scheduled informs ----------------------------------------------------- */

/* Write the file (removed when nothing is pending). 0 or -errno, logged. */
static int sched_save(const struct ops *o)
{
	const char *dir = o->env.cfg->state_dir;
	char path[48];
	struct xbuf b;
	int rc;

	if (o->n == 0)
		return store_remove(dir, SCHED_FILE);
	xbuf_init(&b, SCHED_FILE_MAX);
	for (size_t i = 0; i < o->n; i++) {
		snprintf(path, sizeof(path), "%" PRId64 " %" PRIu32, o->v[i].due, o->v[i].delay);
		pluginio_write(&b, path, o->v[i].key);
	}
	rc = xbuf_error(&b);
	if (rc == 0)
		rc = store_write(dir, SCHED_FILE, b.data, b.len);
	xbuf_fini(&b);
	if (rc != 0)
		log_err("ops: cannot save %s/%s: %s", dir, SCHED_FILE, strerror(-rc));
	return rc;
}

/* Save after informs fired; when that fails the file still lists them
 * (a restart would fire them again): try again at the next chance. */
static void sched_sync(struct ops *o)
{
	o->sched_dirty = sched_save(o) != 0;
}

/* Arm the timer for the earliest pending inform (cancel it when none). */
static void sched_arm(struct ops *o)
{
	int64_t first = INT64_MAX;

	for (size_t i = 0; i < o->n; i++)
		if (o->v[i].when_ms < first)
			first = o->v[i].when_ms;
	if (o->n == 0)
		loop_timer_cancel(o->env.loop, &o->sched_timer);
	else
		loop_timer_set(o->env.loop, &o->sched_timer, first - loop_now_ms());
}

/* The events first, then the file: a crash in between fires it again at
 * the next start, and the queue keeps one "M ScheduleInform" per key. */
static void sched_timer_cb(struct loop_timer *t)
{
	struct ops *o = container_of(t, struct ops, sched_timer);
	int64_t now = loop_now_ms();
	size_t kept = 0, n = o->n;

	for (size_t i = 0; i < n; i++) {
		if (o->v[i].when_ms > now) {
			o->v[kept++] = o->v[i];
			continue;
		}
		log_notice("ops: scheduled inform due (CommandKey \"%s\")", o->v[i].key);
		events_raise(o->env.events, EV_SCHEDULED, "");
		events_raise(o->env.events, EV_M_SCHEDULE_INFORM, o->v[i].key);
	}
	o->n = kept;
	if (kept != n || o->sched_dirty)
		sched_sync(o);
	sched_arm(o);
}

/* Append one inform due after left_ms (0..delay s). */
static void sched_add(struct ops *o, int64_t due, uint32_t delay, int64_t left_ms,
		      const char *key)
{
	struct sched *s = &o->v[o->n++];

	s->due = due;
	s->delay = delay;
	s->when_ms = loop_now_ms() + left_ms;
	snprintf(s->key, sizeof(s->key), "%s", key);
}

/* "DUE DELAY" into its numbers: 0 or -EINVAL. */
static int sched_parse_times(const char *s, int64_t *due, uint32_t *delay)
{
	char *end;
	long long d, w;

	errno = 0;
	d = strtoll(s, &end, 10);
	if (end == s || *end != ' ' || errno)
		return -EINVAL;
	s = end + 1;
	w = strtoll(s, &end, 10);
	if (end == s || *end || errno || w < 1 || w > UINT32_MAX)
		return -EINVAL;
	*due = d;
	*delay = (uint32_t)w;
	return 0;
}

struct sched_load {
	struct ops *o;
	int64_t now_ms;                 /* wall clock */
	size_t bad;
};

/* pluginio_line_cb: one saved inform; a bad one is counted. The wait is
 * what is left until DUE, but never more than DELAY (the clock went back,
 * e.g. a router without a battery-backed clock before its NTP sync). */
static int sched_load_cb(void *ctx, const char *path, const char *value)
{
	struct sched_load *l = ctx;
	int64_t due, left, max;
	uint32_t delay;

	if (sched_parse_times(path, &due, &delay) != 0 || strlen(value) > EVENT_KEY_MAX ||
	    due > INT64_MAX / 1000 || due < 0 || l->o->n >= OPS_SCHEDULED_MAX) {
		l->bad++;
		return 0;
	}
	max = (int64_t)delay * 1000;
	left = due * 1000 - l->now_ms;
	left = left < 0 ? 0 : left > max ? max : left;
	sched_add(l->o, due, delay, left, value);
	return 0;
}

static int sched_load(struct ops *o)
{
	struct sched_load l = { .o = o, .now_ms = now_unix_ms() };
	const char *dir = o->env.cfg->state_dir;
	char *text = NULL;
	size_t len = 0, bad = 0;
	int rc = store_read(dir, SCHED_FILE, &text, &len, SCHED_FILE_MAX);

	if (rc == -ENOENT)
		return 0;
	if (rc != 0) {
		log_err("ops: cannot read %s/%s: %s", dir, SCHED_FILE, strerror(-rc));
		return rc;
	}
	rc = pluginio_parse(text, len, sched_load_cb, &l, &bad);
	free(text);
	if (bad + l.bad)
		log_warn("ops: skipped %zu bad line(s) in %s/%s", bad + l.bad, dir, SCHED_FILE);
	log_info("ops: %zu scheduled inform(s) pending", o->n);
	return rc;
}

int ops_schedule_inform(struct ops *o, unsigned delay_s, const char *command_key)
{
	int rc;

	if (!o)
		return -ENODEV;
	if (delay_s == 0 || !command_key || strlen(command_key) > EVENT_KEY_MAX)
		return -EINVAL;
	if (o->n >= OPS_SCHEDULED_MAX)
		return -ENOSPC;
	/* DUE rounded up to the second: a restart never makes it early. */
	sched_add(o, (now_unix_ms() + 999) / 1000 + delay_s, delay_s, (int64_t)delay_s * 1000,
		  command_key);
	rc = sched_save(o);
	if (rc != 0) {
		o->n--;
		return rc;
	}
	o->sched_dirty = false;
	log_info("ops: inform scheduled in %u s (CommandKey \"%s\")", delay_s, command_key);
	sched_arm(o);
	return 0;
}

/* ---- reboot and factory reset ------------------------------------------------ */

static bool session_running(const struct ops *o)
{
	return o->env.session_running && o->env.session_running(o->env.ctx);
}

static void state_wipe(struct ops *o)
{
	const char *dir = o->env.cfg->state_dir;
	int rc = store_wipe(dir);

	if (rc != 0)
		log_err("ops: factory reset: cannot wipe %s: %s", dir, strerror(-rc));
}

static void want(struct ops *o, enum ops_kind kind)
{
	if (kind > o->pending)
		o->pending = kind;
}

/* Save what the session asked for (ops_pending.h). 0 or -errno. */
static int pending_save(const struct ops *o)
{
	struct ops_pending p = { .reboot = o->reboot_event,
				 .factory_reset = o->pending == OPS_FACTORY_RESET };

	snprintf(p.key, sizeof(p.key), "%s", o->reboot_key);
	return ops_pending_save(o->env.cfg->state_dir, &p);
}

/* An operation the previous run answered for and did not run: ops_start
 * runs it before any session. */
static void pending_load(struct ops *o)
{
	struct ops_pending p;

	ops_pending_take(o->env.cfg->state_dir, &p);
	if (p.reboot) {
		want(o, OPS_REBOOT);
		o->reboot_event = true;
		snprintf(o->reboot_key, sizeof(o->reboot_key), "%s", p.key);
	}
	if (p.factory_reset)
		want(o, OPS_FACTORY_RESET);
	if (o->pending == OPS_NONE)
		return;
	log_notice("ops: a %s the ACS asked for before this start runs now",
		   o->pending == OPS_FACTORY_RESET ? "FactoryReset" : "Reboot");
}

/* ---- running it ----------------------------------------------------------------- */

/* The platform did not reboot: no "M Reboot" without a reboot, and the
 * sessions held for it may run again (after the retry wait they were
 * waiting for, if any). */
static void reboot_undo(struct ops *o)
{
	if (o->event_added)
		events_remove_key(o->env.events, EV_M_REBOOT, o->reboot_key);
	o->event_added = false;
	gate_release(o->env.gate);
}

/* The verb failed. A FactoryReset that came with a Reboot falls back to
 * that Reboot; otherwise the firmware waiting for a reboot learns it
 * failed. */
static void system_failed(struct ops *o, enum ops_kind kind)
{

	reboot_undo(o);
	if (kind == OPS_FACTORY_RESET && o->reboot_event && !busy_quitting(o->env.busy)) {
		log_notice("ops: running the Reboot of the same session instead");
		o->pending = OPS_REBOOT;
		loop_timer_set(o->env.loop, &o->run_timer, 0);
		return;
	}
	o->reboot_event = false;
	if (o->env.reboot_failed)
		o->env.reboot_failed(o->env.ctx);
}

static void system_done(void *ctx, const struct plugin_result *r)
{
	struct ops *o = ctx;
	enum ops_kind kind = o->running;
	char how[PLUGIN_RESULT_STR_MAX];

	o->call = NULL;
	o->running = OPS_NONE;
	if (r->err || r->exit_code != 0) {
		log_err("ops: plugin system %s: %s; not rebooting",
			kind == OPS_FACTORY_RESET ? "factory-reset" : "reboot",
			plugin_result_str(r, how, sizeof(how)));
		system_failed(o, kind);
		busy_leave(o->env.busy);   /* a shutdown that waited goes on */
		return;
	}
	o->reboot_event = false;
	o->event_added = false;
	o->rebooting = true;
	if (kind == OPS_FACTORY_RESET) {
		o->wiped = true;
		state_wipe(o);
	}
	if (busy_quitting(o->env.busy)) {
		/* SIGTERM waited for the verb: the device goes down now; the
		 * next start reports 1 BOOT (and M Reboot). */
		log_notice("ops: %s done; exiting as asked",
			   kind == OPS_FACTORY_RESET ? "factory-reset" : "reboot");
		busy_leave(o->env.busy);
		return;
	}
	busy_leave(o->env.busy);
	if (strcmp(o->env.cfg->platform, "sim") != 0) {
		log_notice("ops: the platform is rebooting; no session until it is down");
		return;
	}
	log_notice("ops: sim reboot: restarting the daemon");
	o->reexec = true;
	loop_quit(o->env.loop);
}

/* "M Reboot" on disk before a Reboot RPC's reboot (not before a factory
 * reset: it drops every event). */
static void reboot_event_save(struct ops *o)
{
	struct events *ev = o->env.events;

	if (!o->reboot_event || o->pending == OPS_FACTORY_RESET)
		return;
	o->event_added = events_add(ev, EV_M_REBOOT, o->reboot_key) == 0;
	if (!o->event_added || (events_save(ev) != 0 && events_save(ev) != 0))
		log_err("ops: M Reboot is not on disk: the ACS will not hear of this reboot");
}

/* Run the pending operation: "M Reboot" saved, the asked-for file
 * removed, sessions held, then the platform's verb. */
static void run_pending(struct ops *o)
{
	const char *args[] = { o->pending == OPS_FACTORY_RESET ? "factory-reset" : "reboot",
			       NULL };
	const struct platform_call c = { .plugin = "system", .args = args,
					 .timeout_ms = OPS_SYSTEM_TIMEOUT_MS };

	if (o->pending == OPS_NONE || o->call || o->rebooting || session_running(o))
		return;
	if (busy_active(o->env.busy))
		return;         /* never cut an apply short: busy_idle */
	reboot_event_save(o);
	store_remove(o->env.cfg->state_dir, OPS_PENDING_FILE);
	gate_hold(o->env.gate, OPS_HOLD_MS);
	o->running = o->pending;
	o->pending = OPS_NONE;
	log_notice("ops: running system %s", args[0]);
	if (platform_run(o->env.platform, &c, system_done, o, &o->call) != 0) {
		system_failed(o, o->running);
		o->running = OPS_NONE;
		return;
	}
	busy_enter(o->env.busy);
}

static void run_timer_cb(struct loop_timer *t)
{
	run_pending(container_of(t, struct ops, run_timer));
}

/* Ask for kind (with the Reboot's key when key): saved before the RPC is
 * answered; nothing changes when the save fails. 0 or -errno. */
static int ask(struct ops *o, enum ops_kind kind, const char *key)
{
	enum ops_kind pending = o->pending;
	bool event = o->reboot_event;
	char old[EVENT_KEY_MAX + 1];
	int rc;

	snprintf(old, sizeof(old), "%s", o->reboot_key);
	want(o, kind);
	if (key) {
		o->reboot_event = true;
		snprintf(o->reboot_key, sizeof(o->reboot_key), "%s", key);
	}
	rc = pending_save(o);
	if (rc != 0) {
		o->pending = pending;
		o->reboot_event = event;
		snprintf(o->reboot_key, sizeof(o->reboot_key), "%s", old);
	}
	return rc;
}

int ops_reboot(struct ops *o, const char *command_key)
{
	int rc;

	if (!o)
		return -ENODEV;
	if (!command_key || strlen(command_key) > EVENT_KEY_MAX)
		return -EINVAL;
	rc = ask(o, OPS_REBOOT, command_key);
	if (rc == 0)
		log_notice("ops: reboot after this session (CommandKey \"%s\")", command_key);
	return rc;
}

int ops_factory_reset(struct ops *o)
{
	int rc;

	if (!o)
		return -ENODEV;
	rc = ask(o, OPS_FACTORY_RESET, NULL);
	if (rc == 0)
		log_notice("ops: factory reset after this session");
	return rc;
}

void ops_reboot_after_session(struct ops *o)
{
	if (!o) {
		log_err("ops: reboot asked for before the start; ignored");
		return;
	}
	want(o, OPS_REBOOT);
	if (!session_running(o))        /* from the loop, never inside the caller's stack */
		loop_timer_set(o->env.loop, &o->run_timer, 0);
}

/* Nothing critical runs any more (busy.h): a reboot or factory reset
 * that waited for an apply runs now, from the loop, unless a session
 * runs. */
static void busy_idle(void *ctx)
{
	struct ops *o = ctx;

	if (o->pending != OPS_NONE && !session_running(o))
		loop_timer_set(o->env.loop, &o->run_timer, 0);
}

void ops_session_done(struct ops *o, bool ok)
{
	(void)ok;
	if (!o)
		return;
	if (o->sched_dirty)
		sched_sync(o);
	run_pending(o);
}

enum ops_state ops_state(const struct ops *o)
{
	if (!o)
		return OPS_IDLE;
	if (o->rebooting)
		return OPS_REBOOTING;
	if (o->call)
		return OPS_RUNNING;
	return o->pending != OPS_NONE ? OPS_PENDING : OPS_IDLE;
}

unsigned ops_scheduled(const struct ops *o)
{
	return o ? (unsigned)o->n : 0;
}

bool ops_reexec_wanted(const struct ops *o)
{
	return o && o->reexec;
}

/* ---- start and stop ------------------------------------------------------- */

struct ops *ops_new(const struct ops_env *env)
{
	struct ops *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->env = *env;
	o->sched_timer.cb = sched_timer_cb;
	o->run_timer.cb = run_timer_cb;
	busy_on_idle(o->env.busy, busy_idle, o);
	sched_load(o);                  /* a bad file: logged, nothing scheduled */
	sched_arm(o);
	pending_load(o);
	run_pending(o);         /* sessions are held while it runs */
	return o;
}

void ops_free(struct ops *o)
{
	if (!o)
		return;
	busy_on_idle(o->env.busy, NULL, NULL);
	if (o->call)
		busy_leave(o->env.busy);
	loop_timer_cancel(o->env.loop, &o->sched_timer);
	loop_timer_cancel(o->env.loop, &o->run_timer);
	plugin_cancel(o->call);
	if (o->wiped)
		state_wipe(o);
	free(o);
}
