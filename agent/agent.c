/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent's schedule and lasting state: BOOT and BOOTSTRAP at start, the
 * periodic timer, when a session may start (one at a time, after the retry
 * wait of a failed one), the retry count, the device identity from the
 * platform plugin, and the small "state" file (the ACS URL last used, the
 * ParameterKey).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "connreq.h"
#include "dm_cache.h"
#include "http.h"
#include "log.h"
#include "notify.h"
#include "ops.h"
#include "periodic.h"
#include "platform.h"
#include "plugin.h"
#include "retry.h"
#include "session.h"
#include "store.h"
#include "transfers.h"
#include "tree.h"

#define STATE_FILE "state"
#define IDENTITY_RETRY_MS 60000

static void session_timer_cb(struct loop_timer *t);
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
	if (!a->config_path || !a->http || !a->platform) {
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
	a->session_timer.cb = session_timer_cb;
	a->periodic_timer.cb = periodic_timer_cb;
	a->identity_timer.cb = identity_timer_cb;
	return a;
}

void agent_free(struct agent *a)
{
	if (!a)
		return;
	session_free(a->session);
	notify_stop(a);
	transfers_stop(a);
	ops_stop(a);
	connreq_stop(a);
	if (a->identity_call)
		plugin_cancel(a->identity_call);
	loop_timer_cancel(a->loop, &a->session_timer);
	loop_timer_cancel(a->loop, &a->periodic_timer);
	loop_timer_cancel(a->loop, &a->identity_timer);
	http_client_free(a->http);
	platform_free(a->platform);
	events_fini(&a->events);
	identity_fini(&a->id);
	config_fini(&a->cfg);
	free(a->config_path);
	free(a);
}

/* ---- the state file ------------------------------------------------------ */

/* Save what must outlive the process: the ACS URL the BOOTSTRAP was for,
 * and the ParameterKey. */
static void state_save(struct agent *a, const char *acs_url)
{
	char text[2048];
	int n1, n2, rc;

	n1 = store_kv_format(text, sizeof(text), "acs_url", acs_url);
	n2 = n1 < 0 ? n1 : store_kv_format(text + n1, sizeof(text) - (size_t)n1,
					    "parameter_key", a->parameter_key);
	rc = n2 < 0 ? n2 : store_write(a->cfg.state_dir, STATE_FILE, text, (size_t)(n1 + n2));
	if (rc != 0)
		log_err("state: cannot save %s/%s: %s", a->cfg.state_dir, STATE_FILE,
			strerror(-rc));
}

/* Returns the ACS URL saved by the last run (caller frees), or NULL. */
static char *state_load(struct agent *a)
{
	char *text = NULL, *url = NULL, *key;
	size_t len;
	int rc = store_read(a->cfg.state_dir, STATE_FILE, &text, &len, STORE_MAX_FILE);

	if (rc == -ENOENT)
		return NULL;
	if (rc != 0) {
		log_err("state: cannot read %s/%s: %s; starting afresh", a->cfg.state_dir,
			STATE_FILE, strerror(-rc));
		return NULL;
	}
	url = store_kv_get(text, "acs_url");
	key = store_kv_get(text, "parameter_key");
	if (!url)
		log_warn("state: %s/%s has no ACS URL (corrupt?): bootstrapping again",
			 a->cfg.state_dir, STATE_FILE);
	if (key && strlen(key) <= AGENT_PARAM_KEY_MAX)
		snprintf(a->parameter_key, sizeof(a->parameter_key), "%s", key);
	free(key);
	free(text);
	return url;
}

/* BOOTSTRAP on first contact and whenever the ACS URL changed. */
static void check_bootstrap(struct agent *a, const char *last_url)
{
	if (last_url && strcmp(last_url, a->cfg.acs_url) == 0)
		return;
	log_notice("agent: %s: queueing 0 BOOTSTRAP",
		   last_url ? "the ACS URL changed" : "first contact with this ACS");
	events_add(&a->events, EV_BOOTSTRAP, "");
	state_save(a, a->cfg.acs_url);
}

void agent_set_parameter_key(struct agent *a, const char *key)
{
	struct dm_tree *t = dm_cache_tree(a);

	snprintf(a->parameter_key, sizeof(a->parameter_key), "%s", key ? key : "");
	state_save(a, a->cfg.acs_url);
	if (t)       /* the session's snapshot shows it at once */
		dm_tree_set(t, "Device.ManagementServer.ParameterKey", a->parameter_key);
}

/* ---- when sessions run --------------------------------------------------- */

/* EnableCWMP false (acs.enable 0): no session at all; events wait in the
 * queue until it is enabled again (SIGHUP after editing the config). */
static bool may_start(struct agent *a)
{
	return a->cfg.enable && a->identity_ready && !a->session && !a->session_timer.pending &&
	       (a->session_wanted || !events_empty(&a->events));
}

static void maybe_start_session(struct agent *a)
{
	if (!may_start(a))
		return;
	a->session = session_start(a);
	if (!a->session) {
		log_err("agent: cannot start a session");
		agent_session_done(a, false);
	}
}

static void session_timer_cb(struct loop_timer *t)
{
	maybe_start_session(container_of(t, struct agent, session_timer));
}

void agent_trigger(struct agent *a, enum event_code code, const char *command_key)
{
	if (events_add(&a->events, code, command_key) != 0)
		log_err("agent: cannot queue event %s", event_code_str(code));
	/* From the loop, never from inside the caller's stack. */
	if (!a->session && !a->session_timer.pending)
		loop_timer_set(a->loop, &a->session_timer, 0);
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
	loop_timer_set(a->loop, &a->session_timer, (int64_t)wait);
}

void agent_session_done(struct agent *a, bool ok)
{
	session_free(a->session);
	a->session = NULL;
	transfers_session_done(a, ok);
	notify_session_done(a, ok);
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
			loop_timer_set(a->loop, &a->session_timer, 0);
	} else {
		schedule_retry(a);
	}
	ops_session_done(a, ok);        /* last: a reboot may start here */
}

/* ---- periodic informs ---------------------------------------------------- */

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
	now = ts.tv_sec < a->periodic_due ? a->periodic_due : ts.tv_sec;
	next = periodic_next(now, a->cfg.periodic_interval, a->cfg.periodic_time);
	wait_ms = ((int64_t)next - ts.tv_sec) * 1000 - ts.tv_nsec / 1000000;
	a->periodic_due = next;
	loop_timer_set(a->loop, &a->periodic_timer, wait_ms > 0 ? wait_ms : 0);
	log_info("agent: next periodic inform in %.1f s", (double)wait_ms / 1000.0);
}

static void periodic_timer_cb(struct loop_timer *t)
{
	struct agent *a = container_of(t, struct agent, periodic_timer);

	agent_trigger(a, EV_PERIODIC, "");
	periodic_arm(a);
}

/* ---- identity ------------------------------------------------------------ */

static void identity_done(void *ctx, const struct plugin_result *r)
{
	struct agent *a = ctx;
	struct identity id;
	const char *why = NULL;

	a->identity_call = NULL;
	if (r->err || r->exit_code != 0) {
		log_err("agent: the identity plugin failed (%s, exit %d)",
			r->err ? strerror(-r->err) : "ran", r->exit_code);
	}
	memset(&id, 0, sizeof(id));
	if (identity_from_output(&id, r->err ? "" : r->out, r->err ? 0 : r->out_len,
				 &a->cfg) != 0 || identity_check(&id, &why) != 0) {
		log_err("agent: no usable device identity (%s); retrying in %d s",
			why ? why : "out of memory", IDENTITY_RETRY_MS / 1000);
		identity_fini(&id);
		loop_timer_set(a->loop, &a->identity_timer, IDENTITY_RETRY_MS);
		return;
	}
	identity_fini(&a->id);
	a->id = id;
	a->identity_ready = true;
	log_info("agent: device %s %s-%s-%s, software %s", a->id.manufacturer, a->id.oui,
		 a->id.product_class, a->id.serial_number, a->id.software_version);
	maybe_start_session(a);
}

static void identity_fetch(struct agent *a)
{
	static const char *const args[] = { "identity", NULL };
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

/* The parts that run beside the sessions; each logs its own failure and
 * the agent runs on without it. */
static void start_modules(struct agent *a)
{
	if (connreq_start(a) != 0)
		log_err("agent: no connection requests");
	if (ops_start(a) != 0)
		log_err("agent: scheduled informs and pending operations not loaded");
	if (transfers_start(a) != 0)
		log_err("agent: the transfer queue is not loaded");
	if (notify_start(a) != 0)
		log_err("agent: no value-change notifications");
}

int agent_start(struct agent *a)
{
	char *last_url;
	int rc = store_init(a->cfg.state_dir);

	if (rc != 0) {
		log_err("agent: cannot use state dir %s: %s", a->cfg.state_dir, strerror(-rc));
		return rc;
	}
	events_load(&a->events);
	last_url = state_load(a);
	check_bootstrap(a, last_url);
	free(last_url);
	events_add(&a->events, EV_BOOT, "");
	periodic_arm(a);
	identity_fetch(a);
	start_modules(a);
	return 0;
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
	if (new_url) {
		check_bootstrap(a, "");
		agent_trigger(a, EV_BOOTSTRAP, "");
	}
	periodic_arm(a);
	identity_fetch(a);
	connreq_reload(a);
	notify_reload(a);
}

/* ---- ConnectionRequestURL ------------------------------------------------ */

/* The first address of interface ifname (any non-loopback one when ifname
 * is empty), IPv4 preferred. */
static int interface_address(const char *ifname, char *out, size_t len)
{
	struct ifaddrs *ifa, *i;
	int rc = -ENOENT;

	if (getifaddrs(&ifa) != 0)
		return -errno;
	for (int want = AF_INET; rc != 0 && want != 0; want = want == AF_INET ? AF_INET6 : 0) {
		for (i = ifa; i && rc != 0; i = i->ifa_next) {
			if (!i->ifa_addr || i->ifa_addr->sa_family != want)
				continue;
			if (ifname[0] ? strcmp(i->ifa_name, ifname) != 0
				      : (i->ifa_flags & IFF_LOOPBACK) != 0)
				continue;
			const void *src = want == AF_INET
				? (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
				: (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
			if (want == AF_INET6 && IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)src))
				continue;
			if (inet_ntop(want, src, out, (socklen_t)len))
				rc = 0;
		}
	}
	freeifaddrs(ifa);
	return rc;
}

const char *agent_connection_request_url(struct agent *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN + 2] = "";
	const char *addr = a->cfg.cr_address;
	bool v6;

	if (!a->cfg.enable || !a->cfg.cr_enable) {
		buf[0] = '\0';          /* no server: TR-181 says the URL is empty */
		return buf;
	}
	if (strcmp(addr, "0.0.0.0") == 0 || strcmp(addr, "::") == 0 ||
	    strcmp(addr, "[::]") == 0)
		addr = "";              /* listening everywhere: show a real address */
	if (!addr[0]) {
		if (interface_address(a->cfg.cr_interface, host, sizeof(host)) != 0) {
			buf[0] = '\0';
			return buf;
		}
		addr = host;
	}
	v6 = strchr(addr, ':') != NULL && addr[0] != '[';
	snprintf(buf, len, "http://%s%s%s:%u%s", v6 ? "[" : "", addr, v6 ? "]" : "",
		 a->cfg.cr_port, a->cfg.cr_path);
	return buf;
}
