/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pure part of value-change notifications (notify.h): the watch set's
 * compare rules (baseline, change, change back, booleans, the ACS's own
 * sets), what goes in an Inform and what a session's end does with it, the
 * sweep after a poll, values that do not fit their types (held), the "notified" file round trip through the store,
 * and the DefaultActiveNotificationThrottle timing with a fake clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "identity.h"
#include "notify.h"
#include "attrs.h"
#include "notify.h"
#include "notify_agent.h"
#include "store.h"
#include "xbuf.h"

#define P1 "Device.NAT.PortMapping.1.Description"
#define P2 "Device.NAT.PortMapping.1.Enable"
#define P3 "Device.Hosts.Host.1.HostName"
#define CRURL "Device.ManagementServer.ConnectionRequestURL"
#define STUN "Device.ManagementServer.STUNEnable"

static int obs(struct notify_set *s, const char *path, const char *value)
{
	struct notify_obs o = { path, value, "xsd:string", 3, false, false, false };

	return notify_set_observe(s, &o);
}

static int obs_full(struct notify_set *s, const char *path, const char *value, bool active,
		    bool forced, bool boolean)
{
	struct notify_obs o = { path, value, boolean ? "xsd:boolean" : "xsd:string",
				forced ? NOTIFY_SRC_AGENT : 3, active, forced, boolean };

	return notify_set_observe(s, &o);
}

static char *text_of(const struct notify_set *s)
{
	struct xbuf b;
	char *t;

	xbuf_init(&b, 1 << 20);
	notify_set_format(s, &b);
	assert_int_equal(xbuf_error(&b), 0);
	t = strndup(b.data ? b.data : "", b.len);
	xbuf_fini(&b);
	return t;
}

static void assert_text(const struct notify_set *s, const char *want)
{
	char *t = text_of(s);

	assert_string_equal(t, want);
	free(t);
}

static int setup(void **state)
{
	*state = notify_set_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	notify_set_free(*state);
	return 0;
}

/* ---- compare ---- */

/* Each step: a value read, what observe returns, how many wait after. */
static const struct step {
	const char *value;
	int ret;
	size_t waiting;
} compare_steps[] = {
	{ "a", 0, 0 },          /* new: the baseline */
	{ "a", 0, 0 },          /* unchanged */
	{ "b", 1, 1 },          /* a change */
	{ "b", 0, 1 },          /* the same change again: not new */
	{ "c", 1, 1 },          /* changed again before any Inform */
	{ "a", 0, 0 },          /* back to the reported value */
	{ "", 1, 1 },           /* empty is a value too */
};

static void test_compare(void **state)
{
	struct notify_set *s = *state;

	for (size_t i = 0; i < sizeof(compare_steps) / sizeof(compare_steps[0]); i++) {
		assert_int_equal(obs(s, P1, compare_steps[i].value), compare_steps[i].ret);
		assert_int_equal(notify_set_pending(s, NULL), compare_steps[i].waiting);
	}
	assert_text(s, P1 "\ta\n");
}

static void test_boolean(void **state)
{
	struct notify_set *s = *state;
	bool active = true;

	assert_int_equal(obs_full(s, P2, "1", false, false, true), 0);
	assert_int_equal(obs_full(s, P2, "true", false, false, true), 0);
	assert_int_equal(obs_full(s, P2, "0", false, false, true), 1);
	assert_int_equal(obs_full(s, P2, "false", false, false, true), 0);
	assert_int_equal(notify_set_pending(s, &active), 1);
	assert_false(active);
	/* As strings, "1" and "true" differ. */
	assert_int_equal(obs(s, P1, "1"), 0);
	assert_int_equal(obs(s, P1, "true"), 1);
}

/* ---- Inform and session end ---- */

static void test_inform_ok(void **state)
{
	struct notify_set *s = *state;
	struct param_value out[4];
	bool active = false;

	obs(s, P1, "a");
	obs_full(s, P2, "true", false, false, true);
	assert_int_equal(notify_set_inform(s, out, 4), 0);
	notify_set_done(s, true);
	assert_int_equal(obs(s, P1, "b"), 1);
	assert_int_equal(obs_full(s, P2, "false", true, false, true), 1);
	assert_int_equal(notify_set_pending(s, &active), 2);
	assert_true(active);
	assert_int_equal(notify_set_inform(s, out, 4), 2);
	/* sorted by path: Description before Enable */
	assert_string_equal(out[0].name, P1);
	assert_string_equal(out[0].value, "b");
	assert_string_equal(out[0].type, "xsd:string");
	assert_string_equal(out[1].name, P2);
	assert_string_equal(out[1].value, "false");
	assert_string_equal(out[1].type, "xsd:boolean");
	/* a second Inform of the same session (redirect) gives the same */
	assert_int_equal(notify_set_inform(s, out, 4), 2);
	assert_string_equal(out[0].value, "b");
	notify_set_done(s, true);
	assert_int_equal(notify_set_pending(s, NULL), 0);
	assert_text(s, P1 "\tb\n" P2 "\tfalse\n");
	assert_int_equal(notify_set_inform(s, out, 4), 0);
}

static void test_inform_failed(void **state)
{
	struct notify_set *s = *state;
	struct param_value out[4];

	obs(s, P1, "a");
	obs(s, P1, "b");
	assert_int_equal(notify_set_inform(s, out, 4), 1);
	notify_set_done(s, false);
	assert_int_equal(notify_set_pending(s, NULL), 1);
	assert_text(s, P1 "\ta\n");
	assert_int_equal(notify_set_inform(s, out, 4), 1);
	assert_string_equal(out[0].value, "b");
	notify_set_done(s, true);
	assert_text(s, P1 "\tb\n");
}

/* A bootstrap discards the waiting changes: their values are reported;
 * which changes in flight are active. */
static void test_discard_and_active(void **state)
{
	struct notify_set *s = *state;
	struct param_value out[4];
	bool active = true;

	obs(s, P1, "a");
	obs_full(s, P3, "h", true, false, false);
	assert_int_equal(obs(s, P1, "b"), 1);
	notify_set_discard(s);
	assert_int_equal(notify_set_pending(s, NULL), 0);
	assert_text(s, P3 "\th\n" P1 "\tb\n");      /* sorted by path */
	assert_int_equal(obs(s, P1, "b"), 0);   /* b is the reported value now */
	assert_int_equal(obs(s, P1, "c"), 1);
	assert_int_equal(notify_set_inform(s, out, 4), 1);
	assert_int_equal(notify_set_pending(s, &active), 1);
	assert_false(active);
	notify_set_done(s, true);
	assert_int_equal(obs_full(s, P3, "h2", true, false, false), 1);
	assert_int_equal(notify_set_inform(s, out, 4), 1);
	assert_int_equal(notify_set_pending(s, &active), 1);
	assert_true(active);
	notify_set_done(s, true);
	assert_int_equal(notify_set_pending(s, &active), 0);
	assert_false(active);
	assert_text(s, P3 "\th2\n" P1 "\tc\n");
}

static void test_inform_forced_and_max(void **state)
{
	struct notify_set *s = *state;
	struct param_value out[2];

	obs_full(s, CRURL, "http://a/", true, true, false);
	obs(s, P1, "a");
	obs(s, P2, "a");
	obs(s, P3, "a");
	assert_int_equal(obs_full(s, CRURL, "http://b/", true, true, false), 1);
	obs(s, P1, "b");
	obs(s, P2, "b");
	obs(s, P3, "b");
	assert_int_equal(notify_set_pending(s, NULL), 4);
	/* the forced-inform one is never listed, only two fit */
	assert_int_equal(notify_set_inform(s, out, 2), 2);
	assert_string_equal(out[0].name, P3);
	assert_string_equal(out[1].name, P1);
	notify_set_done(s, true);
	/* the forced one counts as reported; the third waits */
	assert_int_equal(notify_set_pending(s, NULL), 1);
	assert_text(s, P3 "\tb\n" CRURL "\thttp://b/\n" P1 "\tb\n" P2 "\ta\n");
	assert_int_equal(notify_set_inform(s, out, 2), 1);
	assert_string_equal(out[0].name, P2);
}

/* ---- the ACS's own changes ---- */

static void test_acs_set(void **state)
{
	struct notify_set *s = *state;
	struct param_value out[2];

	assert_int_equal(notify_set_acs(s, P1, "x"), 0);     /* unknown: ignored */
	assert_text(s, "");
	obs(s, P1, "a");
	obs(s, P1, "changed");
	assert_int_equal(notify_set_acs(s, P1, "acs"), 0);
	assert_int_equal(notify_set_pending(s, NULL), 0);
	assert_text(s, P1 "\tacs\n");
	/* the plugin reads it back in its own form: still no change */
	assert_int_equal(obs(s, P1, "ACS"), 0);
	assert_text(s, P1 "\tACS\n");
	assert_int_equal(obs(s, P1, "device"), 1);
	/* set by the ACS while its change is in flight: the ACS's value wins */
	assert_int_equal(notify_set_inform(s, out, 2), 1);
	assert_int_equal(notify_set_acs(s, P1, "acs2"), 0);
	assert_string_equal(out[0].value, "device");           /* still valid */
	notify_set_done(s, true);
	assert_text(s, P1 "\tacs2\n");
	assert_int_equal(obs(s, P1, "acs2"), 0);
	assert_int_equal(notify_set_pending(s, NULL), 0);
}

/* ---- sweep ---- */

static bool keep_src5(void *ctx, uint16_t src)
{
	(void)ctx;
	return src == 5;
}

static void test_sweep(void **state)
{
	struct notify_set *s = *state;
	struct notify_obs kept = { P3, "h", "xsd:string", 5, false, false, false };
	struct param_value out[2];

	obs(s, P1, "a");
	obs(s, P2, "a");
	notify_set_observe(s, &kept);
	obs(s, P2, "b");
	notify_set_saved(s);
	notify_set_begin(s);
	obs(s, P1, "a");
	notify_set_sweep(s, keep_src5, NULL);
	assert_true(notify_set_dirty(s));
	assert_text(s, P3 "\th\n" P1 "\ta\n");
	assert_int_equal(notify_set_pending(s, NULL), 0);
	/* an entry in flight stays until the session ends */
	obs(s, P1, "b");
	assert_int_equal(notify_set_inform(s, out, 2), 1);
	notify_set_begin(s);
	notify_set_sweep(s, keep_src5, NULL);
	assert_text(s, P3 "\th\n" P1 "\ta\n");
	notify_set_done(s, true);
	assert_text(s, P3 "\th\n" P1 "\tb\n");
}

/* A value read but not valid for its type (NULL) is no change and never
 * reported: a watched entry keeps its reported value and its waiting
 * change, and survives the sweep; an unwatched one is not added. */
static void test_invalid_held(void **state)
{
	struct notify_set *s = *state;
	struct param_value out[2];

	assert_int_equal(obs(s, P1, "a"), 0);
	assert_int_equal(obs(s, P1, "b"), 1);
	notify_set_saved(s);
	notify_set_begin(s);
	assert_int_equal(obs(s, P1, NULL), 0);
	assert_int_equal(obs(s, P3, NULL), 0);
	notify_set_sweep(s, keep_src5, NULL);
	assert_false(notify_set_dirty(s));
	assert_int_equal(notify_set_count(s), 1);
	assert_int_equal(notify_set_pending(s, NULL), 1);
	assert_int_equal(notify_set_inform(s, out, 2), 1);
	assert_string_equal(out[0].value, "b");
	notify_set_done(s, true);
	assert_int_equal(obs(s, P1, NULL), 0);
	assert_text(s, P1 "\tb\n");
	assert_int_equal(obs(s, P1, "c"), 1);           /* valid again: compared */
}

static bool stable(void *ctx)
{
	(void)ctx;
	return true;
}

/* The agent's own values are checked too: a SoftwareVersion past the
 * schema's 64 characters is held (the Inform leaves it out: session.c). */
static void test_agent_values_invalid(void **state)
{
	static char good[] = "1.0", bad[] = "0123456789012345678901234567890123456789"
					    "0123456789012345678901234";
	struct notify_set *s = *state;
	struct config cfg;
	struct identity id;
	struct notify_env a = { .cfg = &cfg, .id = &id, .identity_stable = stable };
	struct attrs *at = attrs_new();

	assert_non_null(at);
	memset(&cfg, 0, sizeof(cfg));
	memset(&id, 0, sizeof(id));
	id.hardware_version = id.provisioning_code = good;
	id.software_version = bad;
	assert_int_equal(notify_observe_agent(&a, s, at), 0);
	assert_text(s, "Device.DeviceInfo.ProvisioningCode\t1.0\n" CRURL "\t\n" STUN "\tfalse\n");
	id.software_version = good;
	assert_int_equal(notify_observe_agent(&a, s, at), 0);   /* a new watch: baseline */
	id.software_version = bad;
	assert_int_equal(notify_observe_agent(&a, s, at), 0);   /* held */
	assert_int_equal(notify_set_pending(s, NULL), 0);
	attrs_free(at);
}

static bool identity_known(void *ctx);
static const char *jid_now;

static const char *jid_of(void *ctx)
{
	(void)ctx;
	return jid_now;
}

/* ConnReqJabberID is read like the agent's other values, when an Inform
 * is built too: seen first as "" (a BOOTSTRAP Inform before the first
 * login), the login is an active change, whichever poll sees it first
 * (e2e xmpp_connreq under valgrind: the first poll was dropped for the
 * bootstrap session and the login taken for the baseline). */
static void test_agent_jabber_id(void **state)
{
	struct notify_set *s = *state;
	struct config cfg;
	struct identity id;
	struct notify_env a = { .cfg = &cfg, .id = &id, .identity_stable = identity_known,
				.conn_req_jid = jid_of };
	struct attrs *at = attrs_new();
	bool active = false;

	assert_non_null(at);
	memset(&cfg, 0, sizeof(cfg));
	memset(&id, 0, sizeof(id));
	jid_now = "";
	assert_int_equal(notify_observe_agent(&a, s, at), 0);    /* the baseline */
	assert_text(s, "Device.ManagementServer.ConnReqJabberID\t\n" CRURL "\t\n" STUN "\tfalse\n");
	jid_now = "cpe@xmpp.test/cwmpd";
	assert_int_equal(notify_observe_agent(&a, s, at), 1);
	assert_int_equal(notify_set_pending(s, &active), 1);
	assert_true(active);    /* forceDefaultEnabled: Notification 2 */
	attrs_free(at);
}

/* STUNEnable rides in every Inform (forcedInform) and defaults to active
 * notification (forceDefaultEnabled, datamodel/map.txt "inform"), like
 * the ConnectionRequestURL: the polls skip forced-inform parameters, so it
 * must be one of the agent's own values, or a local change (the config
 * reloaded) is never notified (TR-069 A.3.2.4: Notification 2). */
static void test_agent_stun_enable(void **state)
{
	struct notify_set *s = *state;
	struct config cfg;
	struct identity id;
	struct notify_env a = { .cfg = &cfg, .id = &id, .identity_stable = identity_known };
	struct attrs *at = attrs_new();
	bool active = false;

	assert_non_null(at);
	memset(&cfg, 0, sizeof(cfg));
	memset(&id, 0, sizeof(id));
	assert_int_equal(notify_observe_agent(&a, s, at), 0);    /* the baseline */
	cfg.stun_enable = true;
	assert_int_equal(notify_observe_agent(&a, s, at), 1);
	assert_int_equal(notify_set_pending(s, &active), 1);
	assert_true(active);
	attrs_free(at);
}

static void test_cap(void **state)
{
	struct notify_set *s = *state;
	char path[64];

	for (int i = 0; i < NOTIFY_WATCH_MAX; i++) {
		snprintf(path, sizeof(path), "Device.Hosts.Host.%d.HostName", i + 1);
		assert_int_equal(obs(s, path, "h"), 0);
	}
	assert_int_equal(obs(s, "Device.Hosts.Host.99999.HostName", "h"), -E2BIG);
	assert_int_equal(obs(s, "Device.Hosts.Host.1.HostName", "changed"), 1);
}

/* ---- the file ---- */

static bool identity_known(void *ctx)
{
	(void)ctx;
	return true;
}

/* A full set: the agent's own values that do not fit are skipped, the
 * others still compared (the poll does not fail). The identity is known
 * but empty: only the ConnectionRequestURL and STUNEnable are there to
 * watch. */
static void test_agent_values_full_set(void **state)
{
	struct notify_set *s = *state;
	struct config cfg;
	struct identity id;
	struct notify_env a = { .cfg = &cfg, .id = &id, .identity_stable = identity_known };
	struct attrs *at = attrs_new();
	char path[64];

	assert_non_null(at);
	memset(&cfg, 0, sizeof(cfg));
	memset(&id, 0, sizeof(id));
	cfg.enable = cfg.cr_enable = true;
	cfg.cr_address = "127.0.0.1";
	cfg.cr_port = 7547;
	cfg.cr_path = "/";
	assert_int_equal(notify_observe_agent(&a, s, at), 0);    /* the baseline */
	assert_int_equal(notify_set_count(s), 2);               /* ConnectionRequestURL, STUNEnable */
	cfg.cr_port = 7548;
	assert_int_equal(notify_observe_agent(&a, s, at), 1);    /* a new URL */
	notify_set_free(s);
	*state = s = notify_set_new();
	for (int i = 0; i < NOTIFY_WATCH_MAX; i++) {
		snprintf(path, sizeof(path), "Device.Hosts.Host.%d.HostName", i + 1);
		assert_int_equal(obs(s, path, "h"), 0);
	}
	assert_int_equal(notify_observe_agent(&a, s, at), 0);    /* skipped, no error */
	assert_int_equal(notify_set_count(s), NOTIFY_WATCH_MAX);
	attrs_free(at);
}

static void test_round_trip(void **state)
{
	struct notify_set *s = *state, *back = notify_set_new();
	char dir[] = "/tmp/test_notify.XXXXXX", *text, *read = NULL;
	size_t len = 0, bad = 0;

	assert_non_null(back);
	obs(s, P1, "tab\there\nnewline \\ backslash");
	obs(s, P2, "");
	obs(s, P3, "plain");
	assert_true(notify_set_dirty(s));
	text = text_of(s);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(store_write(dir, NOTIFY_FILE, text, strlen(text)), 0);
	assert_int_equal(store_read(dir, NOTIFY_FILE, &read, &len, STORE_MAX_FILE), 0);
	assert_int_equal(notify_set_parse(back, read, len, &bad, NULL, NULL), 0);
	assert_int_equal(bad, 0);
	assert_false(notify_set_dirty(back));
	assert_text(back, text);
	/* the values read back are the reported ones */
	assert_int_equal(obs(back, P1, "tab\there\nnewline \\ backslash"), 0);
	assert_int_equal(obs(back, P3, "other"), 1);
	store_remove(dir, NOTIFY_FILE);
	rmdir(dir);
	free(read);
	free(text);
	notify_set_free(back);
}

static void test_parse_bad(void **state)
{
	struct notify_set *s = *state;
	static const char text[] = P1 "\tfirst\n" "no tab here\n" P1 "\tsecond\n"
				   P2 "\tbad escape \\q\n" P3 "\tok";
	size_t bad = 0;

	assert_int_equal(notify_set_parse(s, text, sizeof(text) - 1, &bad, NULL, NULL), 0);
	assert_int_equal(bad, 2);
	assert_text(s, P3 "\tok\n" P1 "\tfirst\n");
}

/* ---- throttle ---- */

static const struct throttle_case {
	int64_t now, last_end;
	unsigned throttle;
	int64_t want;
} throttle_cases[] = {
	{ 1000, -1, 5, 0 },             /* no session yet */
	{ 1000, 900, 0, 0 },            /* no throttle */
	{ 1000, 1000, 5, 5000 },        /* a session just ended */
	{ 3500, 1000, 5, 2500 },
	{ 5999, 1000, 5, 1 },
	{ 6000, 1000, 5, 0 },           /* exactly the throttle later */
	{ 90000, 1000, 5, 0 },
	{ 1000, 0, 4294967295u, 4294967295000 - 1000 },  /* the largest */
};

static void test_throttle(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(throttle_cases) / sizeof(throttle_cases[0]); i++) {
		const struct throttle_case *c = &throttle_cases[i];

		assert_int_equal(notify_throttle_wait_ms(c->now, c->last_end, c->throttle), c->want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boolean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inform_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inform_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inform_forced_and_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discard_and_active, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acs_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_values_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_jabber_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_stun_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_values_full_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_bad, setup, teardown),
		cmocka_unit_test(test_throttle),
	};

	return cmocka_run_group_tests_name("notify", tests, NULL, NULL);
}
