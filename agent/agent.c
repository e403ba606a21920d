/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent's schedule and lasting state: BOOT and BOOTSTRAP at start, the
 * periodic timer, when a session may start (one at a time, after the retry
 * wait of a failed one), the retry count, the device identity from the
 * platform plugin, and the small "state" file (the ACS URL last used, the
 * ParameterKey).
 */
#include <errno.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "agent_int.h"
#include "busy.h"
#include "connreq.h"
#include "ctl.h"
#include "ctl_cmd.h"
#include "curl_auth.h"
#include "cwmp_state.h"
#include "dm_deferred.h"
#include "dm_native.h"
#include "gate.h"
#include "http.h"
#include "log.h"
#include "notify.h"
#include "ops.h"
#include "periodic.h"
#include "platform.h"
#include "plugin.h"
#include "retry.h"
#include "session.h"
#include "stun.h"
#include "store.h"
#include "transfers.h"
#include "xmpp_client.h"
#include "xmpp_dm.h"

#define IDENTITY_RETRY_MS 60000

static void gate_opened(void *ctx);
static void event_raised(void *ctx, enum event_code code);
static void session_ended(void *ctx, bool ok);
static void acs_changed(void *ctx);
static void periodic_timer_cb(struct loop_timer *t);
static void identity_fetch(struct agent *a);
static void identity_timer_cb(struct loop_timer *t);

struct agent *agent_new(struct loop *l, const char *config_path, struct config *cfg)
{
	struct agent *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->loop = l;
	a->config_path = strdup(config_path);
	a->http = http_client_new(l);
	a->platform = platform_new(l, cfg);
	a->deferred = dm_deferred_new(a->platform, &a->busy);
	if (!a->config_path || !a->http || !a->platform || !a->deferred) {
		dm_deferred_free(a->deferred);
		platform_free(a->platform);
		http_client_free(a->http);
		free(a->config_path);
		free(a);
		return NULL;
	}
	a->cfg = *cfg;
	memset(cfg, 0, sizeof(*cfg));
	platform_config(a->platform, &a->cfg);
	events_init(&a->events, a->cfg.state_dir);
	events_on_raise(&a->events, event_raised, a);
	cwmp_state_init(&a->state, a->cfg.state_dir);
	gate_init(&a->gate, l, gate_opened, a);
	busy_init(&a->busy, l);
	a->periodic_timer.cb = periodic_timer_cb;
	a->identity_timer.cb = identity_timer_cb;
	return a;
}

void agent_free(struct agent *a)
{
	if (!a)
		return;
	ctl_free(a->ctl);               /* first: its get or set uses the rest */
	ctl_cmds_free(a->ctl_cmds);
	session_free(a->session);
	notify_free(a->notify);
	transfers_free(a->transfers);
	ops_free(a->ops);               /* after the others: a factory reset wipes last */
	connreq_free(a->connreq);
#ifdef HAVE_STUN
	stun_free(a->stun);
#endif
	xmpp_client_free(a->xmpp);
	if (a->identity_call)
		plugin_cancel(a->identity_call);
	gate_fini(&a->gate);
	loop_timer_cancel(a->loop, &a->periodic_timer);
	loop_timer_cancel(a->loop, &a->identity_timer);
	http_client_free(a->http);
	dm_deferred_free(a->deferred);
	platform_free(a->platform);
	events_fini(&a->events);
	cwmp_state_fini(&a->state);
	identity_fini(&a->id);
	config_fini(&a->cfg);
	free(a->config_path);
	free(a);
}

/* ---- BOOTSTRAP -------------------------------------------------------------- */

/* BOOTSTRAP on first contact and whenever the ACS URL changed (force:
 * the URL changed by a reload). */
static void check_bootstrap(struct agent *a, bool force)
{
	const char *last = a->state.acs_url;

	if (!force && last && strcmp(last, a->cfg.acs_url) == 0)
		return;
	log_notice("agent: %s: queueing 0 BOOTSTRAP",
		   last ? "the ACS URL changed" : "first contact with this ACS");
	events_add(&a->events, EV_BOOTSTRAP, "");
	cwmp_state_set_url(&a->state, a->cfg.acs_url);
}

/* ---- when sessions run --------------------------------------------------- */

/* EnableCWMP false (acs.enable 0): no session at all; events wait in the
 * queue until it is enabled again (SIGHUP after editing the config). */
static bool may_start(struct agent *a)
{
	return a->cfg.enable && a->identity_ready && !a->session &&
	       !gate_closed(&a->gate) && (a->session_wanted || !events_empty(&a->events));
}

/* Something else uses the data model: applies deferred by the last
 * session, or a cwmpctl get or set. */
bool agent_dm_in_use(const struct agent *a)
{
	return dm_deferred_running(a->deferred) || ctl_cmds_busy(a->ctl_cmds);
}

/* ConnReqJabberID now, for the Inform and the notifications (notify.h):
 * the client's buffer or a constant. */
static const char *conn_req_jid(void *ctx)
{
	struct agent *a = ctx;
	struct xmpp_status xs;

	xmpp_client_status(a->xmpp, &a->cfg, &xs);
	return xmpp_dm_conn_req_jid(&a->cfg, &xs);
}

static void maybe_start_session(struct agent *a)
{
	if (!may_start(a))
		return;
	if (agent_dm_in_use(a)) {
		a->start_held = true;   /* the gate opens again when they end */
		return;
	}
	notify_session_begin(a->notify);        /* no poll runs during a session */
	a->session_start = time(NULL);
	a->session = session_start(&(struct session_env){
		.cfg = &a->cfg, .http = a->http, .events = &a->events, .id = &a->id,
		.state = &a->state, .crs = &a->crs, .notify = a->notify, .transfers = a->transfers,
		.retry_count = a->retry_count,
		.conn_req_jid = conn_req_jid(a),
		.dm = { .loop = a->loop, .platform = a->platform, .busy = &a->busy,
			.deferred = a->deferred, .state = &a->state, .native_get = agent_native_get,
			.ctx = a },
		.rpc = { .cfg = &a->cfg, .ops = a->ops, .transfers = a->transfers,
			 .notify = a->notify, .native_write = agent_native_write,
			 .changed = acs_changed, .ctx = a },
		.done = session_ended, .ctx = a });
	if (!a->session) {
		log_err("agent: cannot start a session");
		session_ended(a, false);
	}
}

static void gate_opened(void *ctx)
{
	maybe_start_session(ctx);
}

/* An event was raised (events_raise): a session as soon as the rules
 * allow, from the loop, never from inside the caller's stack. */
static void event_raised(void *ctx, enum event_code code)
{
	struct agent *a = ctx;

	if (a->session)
		return;         /* session_ended looks at the queue */
	if (code == EV_CONNECTION_REQUEST)
		gate_now(&a->gate);     /* the ACS is there: no retry wait */
	else
		gate_soon(&a->gate);
}

static void schedule_retry(struct agent *a)
{
	uint64_t wait;

	events_failed(&a->events);
	a->retry_count++;
	a->session_wanted = true;
	wait = retry_wait_ms(a->cfg.retry_min_wait, a->cfg.retry_multiplier, a->retry_count,
			     retry_random());
	log_notice("agent: retry %u in %.1f s", a->retry_count, (double)wait / 1000.0);
	gate_retry(&a->gate, (int64_t)wait);
}

/* After the session (and the applies it deferred): what waited for it
 * runs, or the retry wait starts. */
/* The daemon idles between sessions: give the memory a session freed back
 * to the system. glibc keeps it in the heap (a whole-tree GPV leaves about
 * half a MiB there); musl returns it by itself. */
static void heap_trim(void)
{
#ifdef HAVE_MALLOC_TRIM
	malloc_trim(0);
#endif
}

static void after_session(struct agent *a, bool ok)
{
	transfers_session_done(a->transfers, ok);
	notify_session_done(a->notify, ok);
	if (a->reload_wanted) {
		/* The ACS set ManagementServer parameters: the new URL,
		 * intervals and credentials take effect after its session. */
		a->reload_wanted = false;
		agent_reload(a);
	}
	if (ok) {
		a->retry_count = 0;
		a->session_wanted = false;
		if (!events_empty(&a->events))
			gate_soon(&a->gate);
	} else {
		schedule_retry(a);
	}
	heap_trim();
	ops_session_done(a->ops, ok);   /* last: a reboot may start here */
}

static void deferred_done(void *ctx)
{
	struct agent *a = ctx;

	after_session(a, a->session_ok);
}

/* The session ended (or could not start): first the applies it deferred
 * (a change that could have cut the way to the ACS during it), then the
 * rest. No session starts while they run. */
static void session_ended(void *ctx, bool ok)
{
	struct agent *a = ctx;

	session_free(a->session);
	a->session = NULL;
	a->session_ok = ok;
	a->session_end = time(NULL);
	if (dm_deferred_run(a->deferred, deferred_done, a) != 0)
		after_session(a, ok);
}

/* ---- periodic informs ---------------------------------------------------- */

/* Arm the timer for the first tick after now, or after the tick that
 * fired last if the timer ran it a little early. A new interval or time
 * counts from now, not from the tick armed before it. */
static void periodic_arm(struct agent *a)
{
	struct timespec ts;
	time_t now, next;
	int64_t wait_ms;

	loop_timer_cancel(a->loop, &a->periodic_timer);
	if (!a->cfg.periodic_enable)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* Never the same tick twice, even if the timer fired a little early. */
	now = ts.tv_sec < a->periodic_fired ? a->periodic_fired : ts.tv_sec;
	next = periodic_next(now, a->cfg.periodic_interval, a->cfg.periodic_time);
	wait_ms = ((int64_t)next - ts.tv_sec) * 1000 - ts.tv_nsec / 1000000;
	a->periodic_due = next;
	loop_timer_set(a->loop, &a->periodic_timer, wait_ms > 0 ? wait_ms : 0);
	log_info("agent: next periodic inform in %.1f s", (double)wait_ms / 1000.0);
}

static void periodic_timer_cb(struct loop_timer *t)
{
	struct agent *a = container_of(t, struct agent, periodic_timer);

	a->periodic_fired = a->periodic_due;
	events_raise(&a->events, EV_PERIODIC, "");
	periodic_arm(a);
}

/* ---- identity ------------------------------------------------------------ */

static void identity_take(struct agent *a, const struct plugin_result *r)
{
	struct identity id;
	const char *why = NULL;
	char how[PLUGIN_RESULT_STR_MAX];

	if (r->err || r->exit_code != 0)
		log_err("agent: plugin system identity: %s",
			plugin_result_str(r, how, sizeof(how)));
	memset(&id, 0, sizeof(id));
	if (identity_from_output(&id, r->err ? "" : r->out, r->err ? 0 : r->out_len,
				 &a->cfg) != 0 || identity_check(&id, &why) != 0) {
		log_err("agent: no usable device identity (%s); retrying in %d s",
			why ? why : "out of memory", IDENTITY_RETRY_MS / 1000);
		identity_fini(&id);
		loop_timer_set(a->loop, &a->identity_timer, IDENTITY_RETRY_MS);
		return;
	}
	bool held = !a->identity_ready || a->reloading;

	a->reloading = false;
	identity_fini(&a->id);
	a->id = id;
	a->identity_ready = true;
	log_info("agent: device %s %s-%s-%s, software %s", a->id.manufacturer, a->id.oui,
		 a->id.product_class, a->id.serial_number, a->id.software_version);
	if (held)       /* sessions held for it or for a new config; a poke starts none */
		maybe_start_session(a);
}

static void identity_done(void *ctx, const struct plugin_result *r)
{
	struct agent *a = ctx;

	a->identity_call = NULL;
	identity_take(a, r);
	if (a->poke_pending) {
		a->poke_pending = false;
		notify_poll_now(a->notify);
	}
}

/* "system identity [IFACE]": IFACE, cpe.interface, is resolved to its
 * device ("wan-device" line) where the platform knows logical interfaces. */
static void identity_fetch(struct agent *a)
{
	const char *iface = a->cfg.cr_interface;
	const char *const args[] = { "identity", iface && iface[0] ? iface : NULL, NULL };
	const struct platform_call c = { .plugin = "system", .args = args,
					 .timeout_ms = AGENT_IDENTITY_TIMEOUT_MS };

	if (a->identity_call)
		return;
	if (platform_run(a->platform, &c, identity_done, a, &a->identity_call) != 0)
		loop_timer_set(a->loop, &a->identity_timer, IDENTITY_RETRY_MS);
}

static void identity_timer_cb(struct loop_timer *t)
{
	identity_fetch(container_of(t, struct agent, identity_timer));
}

/* ---- start and reload ---------------------------------------------------- */

static bool session_running(void *ctx)
{
	return ((struct agent *)ctx)->session != NULL;
}

/* The identity is known and not being fetched again (after a reload). */
static bool identity_stable(void *ctx)
{
	struct agent *a = ctx;

	return a->identity_ready && !a->identity_call;
}

/* The agent's own values (ManagementServer., RootDataModelVersion). */
int agent_native_get(void *ctx, struct xbuf *out)
{
	struct agent *a = ctx;
	struct xmpp_status xs;
	int rc = dm_native_get(&a->cfg, a->state.parameter_key, a->id.wan_device, &a->crs, out);

	xmpp_client_status(a->xmpp, &a->cfg, &xs);
	return rc ? rc : xmpp_dm_get(&a->cfg, &xs, out);
}

/* ManagementServer values the ACS set, into the config file. */
int agent_native_write(void *ctx, const char *const *paths, const char *const *values,
		       size_t n)
{
	return dm_native_write(((struct agent *)ctx)->config_path, paths, values, n);
}

/* The ACS set ManagementServer or DeviceInfo values: reload after the
 * session. */
static void acs_changed(void *ctx)
{
	((struct agent *)ctx)->reload_wanted = true;
}

/* The running SoftwareVersion, NULL until the identity is known. */
static const char *software_version(void *ctx)
{
	struct agent *a = ctx;

	return a->identity_ready ? a->id.software_version : NULL;
}

/* The reboot a firmware upgrade waited for failed: its transfer says so. */
static void reboot_failed(void *ctx)
{
	transfers_reboot_failed(((struct agent *)ctx)->transfers);
}

/* The STUN client found a new UDPConnectionRequestAddress or NATDetected:
 * the notifications compare it now (active by default: a session). The
 * first address learnt after a session has begun without it (at start,
 * STUN may answer after the BOOT Inform is sent) has no reported value to
 * differ from: "4 VALUE CHANGE" makes the next Inform carry it, so the ACS
 * can use it at once rather than after the next periodic Inform. */
static void stun_changed(void *ctx)
{
	struct agent *a = ctx;
	bool known = a->crs.udp_known;

	if (known && !a->udp_was_known && a->session_start)
		events_raise(&a->events, EV_VALUE_CHANGE, "");
	a->udp_was_known = known;
	if (a->notify)
		notify_poll_now(a->notify);
}

/* The XMPP client logged in as another JID: ConnReqJabberID changed, an
 * active notification. */
static void xmpp_jid_changed(void *ctx)
{
	struct agent *a = ctx;

	if (a->notify)
		notify_poll_now(a->notify);
}

static void start_stun(struct agent *a)
{
#ifdef HAVE_STUN
	a->stun = stun_new(&(struct stun_env){
		.loop = a->loop, .cfg = &a->cfg, .events = &a->events, .status = &a->crs,
		.changed = stun_changed, .ctx = a });
	if (!a->stun)
		log_err("agent: no STUN or UDP connection requests (out of memory)");
#else
	(void)a;
	(void)stun_changed;
#endif
}

static void start_xmpp(struct agent *a)
{
	a->xmpp = xmpp_client_new(&(struct xmpp_client_env){
		.loop = a->loop, .cfg = &a->cfg, .events = &a->events,
		.jid_changed = xmpp_jid_changed, .ctx = a });
}

/* The parts that run beside the sessions; each logs its own failure and
 * the agent runs on without it. */
static void start_modules(struct agent *a)
{
	const struct ops_env ops = { .loop = a->loop, .cfg = &a->cfg, .events = &a->events,
				     .gate = &a->gate, .busy = &a->busy,
				     .platform = a->platform, .session_running = session_running,
				     .reboot_failed = reboot_failed, .ctx = a };

	a->connreq = connreq_new(a->loop, &a->cfg, &a->events);
	if (!a->connreq)
		log_err("agent: no connection requests");
	start_stun(a);
	start_xmpp(a);
	a->ops = ops_new(&ops);
	if (!a->ops)
		log_err("agent: no scheduled informs, reboots or factory resets (out of memory)");
	a->transfers = transfers_new(&(struct transfers_env){
		.loop = a->loop, .cfg = &a->cfg, .events = &a->events, .busy = &a->busy,
		.platform = a->platform, .ops = a->ops, .session_running = session_running,
		.software_version = software_version, .ctx = a });
	if (!a->transfers)
		log_err("agent: no transfers (out of memory)");
	a->notify = notify_new(&(struct notify_env){
		.loop = a->loop, .cfg = &a->cfg, .events = &a->events,
		.platform = a->platform, .id = &a->id, .crs = &a->crs,
		.identity_stable = identity_stable,
		.session_running = session_running, .native_get = agent_native_get,
		.conn_req_jid = conn_req_jid, .ctx = a });
	if (!a->notify)
		log_err("agent: no value-change notifications (out of memory)");
	agent_start_ctl(a);
}

int agent_start(struct agent *a)
{
	int rc = store_init(a->cfg.state_dir);

	if (rc != 0) {
		log_err("agent: cannot use state dir %s: %s", a->cfg.state_dir, strerror(-rc));
		return rc;
	}
	store_private(a->cfg.state_dir);
	curl_auth_report(a->cfg.acs_username);
	events_load(&a->events);
	cwmp_state_load(&a->state);
	check_bootstrap(a, false);
	events_add(&a->events, EV_BOOT, "");
	periodic_arm(a);
	identity_fetch(a);
	start_modules(a);
	return 0;
}

void agent_poke(struct agent *a)
{
	a->poke_pending = true;
	identity_fetch(a);
	if (!a->identity_call) {        /* could not start: poll with what we have */
		a->poke_pending = false;
		notify_poll_now(a->notify);
	}
}

void agent_reload(struct agent *a)
{
	struct config cfg;
	char err[512];
	bool new_url;

	if (config_load(a->config_path, &cfg, err, sizeof(err)) != 0) {
		log_err("agent: reload: %s (keeping the old configuration)", err);
		return;
	}
	if (strcmp(cfg.state_dir, a->cfg.state_dir) != 0)
		log_warn("agent: reload: state_dir changes need a restart; keeping %s",
			 a->cfg.state_dir);
	new_url = strcmp(cfg.acs_url, a->cfg.acs_url) != 0;
	free(cfg.state_dir);
	cfg.state_dir = a->cfg.state_dir;
	a->cfg.state_dir = NULL;
	config_fini(&a->cfg);
	a->cfg = cfg;
	log_set_level((enum log_level)a->cfg.log_level);
	platform_config(a->platform, &a->cfg);
	log_notice("agent: configuration reloaded");
	curl_auth_report(a->cfg.acs_username);
	if (new_url) {
		check_bootstrap(a, true);
		events_raise(&a->events, EV_BOOTSTRAP, "");
	}
	periodic_arm(a);
	/* The listener moves before a plugin is forked: a child holds a copy
	 * of the old socket until it has closed its fds, and the new one may
	 * need the old one's port (a failed listen is tried again anyway). */
	if (a->connreq)
		connreq_reload(a->connreq);
	else
		a->connreq = connreq_new(a->loop, &a->cfg, &a->events);
#ifdef HAVE_STUN
	stun_reload(a->stun);
#endif
	if (a->xmpp)
		xmpp_client_reload(a->xmpp);
	else
		start_xmpp(a);
	ctl_reload(a->ctl);
	a->reloading = true;
	a->poke_pending = true;         /* the ConnectionRequestURL may be new */
	identity_fetch(a);
	notify_reload(a->notify);
}
