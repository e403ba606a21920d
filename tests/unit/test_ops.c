/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the device operations (agent/ops/ops.c) and their RPC
 * handlers, with the real loop and event queue and a fake `system` plugin
 * (a shell script logging its verb): ScheduleInform's arguments as a
 * table, the timer, the "scheduled" file saved, reloaded and read when
 * corrupt or overdue (as a table), then Reboot, FactoryReset and the
 * reboot without an event: what runs after the session, the "M Reboot"
 * saved first, sessions held, the state dir wiped, a failed plugin undone
 * (a retry wait kept; a failed factory reset falls back to the session's
 * Reboot), the asked-for operation kept on disk until it runs (and run by
 * the next start), and no re-exec on OpenWrt.
 */
#define _GNU_SOURCE 1  /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "busy.h"
#include "config.h"
#include "events.h"
#include "gate.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "ops.h"
#include "platform.h"
#include "rpc.h"
#include "soap.h"
#include "store.h"

/* The fake platform: logs "VERB PLATFORM" to ../calls, fails when ../fail
 * or ../fail-VERB exists. */
static const char fake_system[] =
	"#!/bin/sh\n"
	"echo \"$1 $CWMPD_PLATFORM\" >>\"$CWMPD_STATE_DIR/../calls\"\n"
	"[ ! -f \"$CWMPD_STATE_DIR/../fail\" ] && [ ! -f \"$CWMPD_STATE_DIR/../fail-$1\" ]\n";

/* What an agent gives the operations, and the operations. */
struct parts {
	struct config cfg;
	struct platform *platform;
	struct gate gate;
	struct busy busy;
	struct events events;
	void *session;                  /* non-NULL: a session runs */
	struct ops *ops;
};

struct fx {
	char dir[64], state[96], plugins[96];
	char platform[16];
	struct loop *l;
	struct parts a;
	int session_fired;
};

static bool session_running(void *ctx)
{
	return ((struct fx *)ctx)->a.session != NULL;
}

/* Start the operations as the agent does. 0. */
static int ops_start(struct fx *f)
{
	const struct ops_env env = { .loop = f->l, .cfg = &f->a.cfg, .events = &f->a.events,
				     .gate = &f->a.gate, .busy = &f->a.busy,
				     .platform = f->a.platform, .session_running = session_running,
				     .ctx = f };

	if (f->a.ops)
		return 0;
	f->a.ops = ops_new(&env);
	return f->a.ops ? 0 : -ENOMEM;
}

static void ops_stop(struct fx *f)
{
	ops_free(f->a.ops);
	f->a.ops = NULL;
}

/* As the agent does: a raised event opens the session gate soon. */
static void raised_cb(void *ctx, enum event_code code)
{
	struct fx *f = ctx;

	(void)code;
	gate_soon(&f->a.gate);
}

/* The gate opened: the agent would start a session now. */
static void gate_cb(void *ctx)
{
	((struct fx *)ctx)->session_fired++;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void path_of(char *out, size_t len, const struct fx *f, const char *name)
{
	snprintf(out, len, "%s/%s", f->dir, name);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char path[160];

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_ops.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->state, sizeof(f->state), "%s/state", f->dir);
	snprintf(f->plugins, sizeof(f->plugins), "%s/plugins", f->dir);
	snprintf(f->platform, sizeof(f->platform), "sim");
	if (mkdir(f->state, 0700) != 0 || mkdir(f->plugins, 0700) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/system", f->plugins);
	write_file(path, fake_system, 0755);
	log_set_level(LOG_LVL_ERR);
	f->l = loop_new();
	f->a.cfg.state_dir = f->state;
	f->a.cfg.plugin_dir = f->plugins;
	f->a.cfg.platform = f->platform;
	f->a.platform = platform_new(f->l, &f->a.cfg);
	gate_init(&f->a.gate, f->l, gate_cb, f);
	busy_init(&f->a.busy, f->l);
	events_init(&f->a.events, f->state);
	events_on_raise(&f->a.events, raised_cb, f);
	*state = f;
	return f->l ? 0 : -1;
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ops_stop(f);
	gate_fini(&f->a.gate);
	events_fini(&f->a.events);
	platform_free(f->a.platform);
	loop_free(f->l);
	nftw(f->dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* Run the loop until done(f) or timeout_ms; returns the time it took. */
static int64_t run_until(struct fx *f, bool (*done)(struct fx *f), int64_t timeout_ms)
{
	int64_t t0 = loop_now_ms();

	while (!done(f) && loop_now_ms() - t0 < timeout_ms)
		loop_run_once(f->l, 20);
	assert_true(done(f));
	return loop_now_ms() - t0;
}

/* The queue as "CODE[=key]|...". */
static const char *queue(const struct fx *f)
{
	static char out[1024];
	size_t pos = 0;

	out[0] = '\0';
	for (size_t i = 0; i < f->a.events.n; i++) {
		const struct event *ev = &f->a.events.v[i];

		pos += (size_t)snprintf(out + pos, sizeof(out) - pos, "%s%s%s%s", i ? "|" : "",
					event_code_str(ev->code), ev->command_key[0] ? "=" : "",
					ev->command_key);
	}
	return out;
}

/* A file of the fixture's dir ("calls") or state dir ("state/x"), "" when missing. */
static const char *file(const struct fx *f, const char *name)
{
	static char text[4096];
	char path[160];
	FILE *fp;
	size_t n = 0;

	path_of(path, sizeof(path), f, name);
	fp = fopen(path, "r");
	if (fp) {
		n = fread(text, 1, sizeof(text) - 1, fp);
		fclose(fp);
	}
	text[n] = '\0';
	return text;
}

static bool has_scheduled(struct fx *f)
{
	return events_has(&f->a.events, EV_SCHEDULED);
}

/* The `system` verb has run and its callback too. */
static bool plugin_done(struct fx *f)
{
	return strchr(file(f, "calls"), '\n') && ops_state(f->a.ops) != OPS_RUNNING;
}

/* ---- ScheduleInform ------------------------------------------------------- */

static void test_schedule_arguments(void **state)
{
	static const struct {
		unsigned delay;
		const char *key;
		int rc;
	} cases[] = {
		{ 0, "k", -EINVAL },
		{ 1, NULL, -EINVAL },
		{ 1, "123456789012345678901234567890123", -EINVAL },    /* 33 bytes */
		{ 1, "12345678901234567890123456789012", 0 },           /* 32 */
		{ 1, "", 0 },
		{ 4294967295u, "far", 0 },
	};
	struct fx *f = *state;

	assert_int_equal(ops_schedule_inform(f->a.ops, 5, "k"), -ENODEV);
	assert_int_equal(ops_start(f), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(ops_schedule_inform(f->a.ops, cases[i].delay, cases[i].key),
				 cases[i].rc);
	for (unsigned i = ops_scheduled(f->a.ops); i < OPS_SCHEDULED_MAX; i++)
		assert_int_equal(ops_schedule_inform(f->a.ops, 100, "fill"), 0);
	assert_int_equal(ops_schedule_inform(f->a.ops, 100, "one more"), -ENOSPC);
	assert_int_equal(ops_scheduled(f->a.ops), OPS_SCHEDULED_MAX);
}

static void test_schedule_fires_once(void **state)
{
	struct fx *f = *state;
	int64_t t0;

	assert_int_equal(ops_start(f), 0);
	t0 = loop_now_ms();     /* before the timer is armed: a loaded machine may
				   take a while between the two */
	assert_int_equal(ops_schedule_inform(f->a.ops, 1, "k1"), 0);
	assert_int_equal(ops_schedule_inform(f->a.ops, 1, "k2"), 0);
	assert_non_null(strstr(file(f, "state/scheduled"), "\tk1\n"));
	run_until(f, has_scheduled, 3000);
	assert_true(loop_now_ms() - t0 >= 1000);        /* DelaySeconds, not earlier */
	for (int i = 0; i < 5; i++)
		loop_run_once(f->l, 20);
	assert_string_equal(queue(f), "3 SCHEDULED|M ScheduleInform=k1|M ScheduleInform=k2");
	assert_true(f->session_fired > 0);              /* events_raise asked for a session */
	assert_string_equal(file(f, "state/scheduled"), "");
	assert_int_equal(ops_scheduled(f->a.ops), 0);
}

static void test_schedule_survives_restart(void **state)
{
	struct fx *f = *state;
	long long due, now = (long long)time(NULL);
	unsigned delay;
	char key[8];

	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_schedule_inform(f->a.ops, 100, "later"), 0);
	assert_int_equal(ops_schedule_inform(f->a.ops, 1, "soon"), 0);
	assert_int_equal(sscanf(file(f, "state/scheduled"), "%lld %u\t%7s", &due, &delay, key), 3);
	assert_true(due >= now + 100 && due <= now + 102);
	assert_int_equal(delay, 100);
	assert_string_equal(key, "later");
	ops_stop(f);
	assert_null(f->a.ops);
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_scheduled(f->a.ops), 2);
	run_until(f, has_scheduled, 3000);
	assert_string_equal(queue(f), "3 SCHEDULED|M ScheduleInform=soon");
	assert_int_equal(ops_scheduled(f->a.ops), 1);
	assert_null(strstr(file(f, "state/scheduled"), "soon"));
	assert_non_null(strstr(file(f, "state/scheduled"), "later"));
}

/* lines with each '@' replaced by due, into out. */
static void expand(char *out, size_t len, const char *lines, long long due)
{
	size_t pos = 0;

	out[0] = '\0';
	for (const char *c = lines; *c && pos + 24 < len; c++) {
		if (*c == '@')
			pos += (size_t)snprintf(out + pos, len - pos, "%lld", due);
		else
			out[pos++] = *c;
	}
	out[pos] = '\0';
}

/* Saved files as the next start reads them: what fires within how long.
 * An '@' in lines stands for the due time, now + at. */
static void test_schedule_load(void **state)
{
	static const struct {
		const char *name;
		long long at;           /* due, relative to now */
		const char *lines;
		unsigned kept;
		int64_t max_ms;         /* fires within; -1: not within 300 ms */
		const char *queue;
	} cases[] = {
		{ "overdue", -50, "@ 5\tover\n", 1, 300, "3 SCHEDULED|M ScheduleInform=over" },
		{ "clock went back", 1000000, "@ 1\tback\n", 1, 1300,
		  "3 SCHEDULED|M ScheduleInform=back" },
		{ "bad lines skipped", 0, "x 1\ta\n5\tb\n1 0\tc\n1 1\t123456789012345678901234567890123\n"
		  "no tab\n1 1\tbad\\q\n-5 1\tneg\n@ 1\tgood\\tkey\n", 1, 1300,
		  "3 SCHEDULED|M ScheduleInform=good\tkey" },
		{ "not due", 600, "@ 900\tnot yet\n", 1, -1, "" },
		{ "empty", 0, "", 0, -1, "" },
	};
	struct fx *f = *state;
	char text[512], path[160];

	path_of(path, sizeof(path), f, "state/scheduled");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		expand(text, sizeof(text), cases[i].lines, (long long)time(NULL) + cases[i].at);
		write_file(path, text, 0600);
		events_remove(&f->a.events, EV_SCHEDULED);
		events_remove(&f->a.events, EV_M_SCHEDULE_INFORM);
		assert_int_equal(ops_start(f), 0);
		print_message("# %s\n", cases[i].name);
		assert_int_equal(ops_scheduled(f->a.ops), cases[i].kept);
		if (cases[i].max_ms >= 0) {
			assert_true(run_until(f, has_scheduled, cases[i].max_ms + 500) <=
				    cases[i].max_ms);
		} else {
			for (int64_t t0 = loop_now_ms(); loop_now_ms() - t0 < 300;)
				loop_run_once(f->l, 50);
		}
		assert_string_equal(queue(f), cases[i].queue);
		ops_stop(f);
	}
}

/* ---- Reboot, FactoryReset --------------------------------------------------- */

static void test_reboot_after_the_session(void **state)
{
	struct fx *f = *state;

	assert_int_equal(ops_reboot(f->a.ops, "rk"), -ENODEV);
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_reboot(f->a.ops, "123456789012345678901234567890123"), -EINVAL);
	assert_int_equal(ops_reboot(f->a.ops, "rk"), 0);
	assert_int_equal(ops_state(f->a.ops), OPS_PENDING);
	for (int i = 0; i < 5; i++)
		loop_run_once(f->l, 10);
	assert_string_equal(file(f, "calls"), "");      /* nothing during the session */
	ops_session_done(f->a.ops, false);                 /* even after a failed one */
	assert_int_equal(ops_state(f->a.ops), OPS_RUNNING);
	assert_non_null(strstr(file(f, "state/events"), "M Reboot\trk\n"));   /* saved first */
	assert_true(loop_timer_remaining(f->l, &f->a.gate.timer) > 60000); /* held */
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "reboot sim\n");
	assert_int_equal(ops_state(f->a.ops), OPS_REBOOTING);
	assert_true(ops_reexec_wanted(f->a.ops));
	assert_string_equal(queue(f), "M Reboot=rk");
	assert_int_equal(f->session_fired, 0);
	ops_session_done(f->a.ops, true);                  /* nothing pending: no second run */
	loop_run_once(f->l, 50);
	assert_string_equal(file(f, "calls"), "reboot sim\n");
}

static void test_reboot_fails(void **state)
{
	struct fx *f = *state;
	char path[160];

	path_of(path, sizeof(path), f, "fail");
	write_file(path, "", 0600);
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(events_add(&f->a.events, EV_PERIODIC, ""), 0);
	assert_int_equal(ops_reboot(f->a.ops, "rk"), 0);
	ops_session_done(f->a.ops, true);
	run_until(f, plugin_done, 5000);
	assert_false(ops_reexec_wanted(f->a.ops));
	assert_int_equal(ops_state(f->a.ops), OPS_IDLE);
	assert_string_equal(queue(f), "2 PERIODIC");     /* no M Reboot without a reboot */
	assert_null(strstr(file(f, "state/events"), "M Reboot"));
	for (int i = 0; i < 5 && !f->session_fired; i++)
		loop_run_once(f->l, 20);
	assert_int_equal(f->session_fired, 1);           /* sessions resumed */
}

static void test_reboot_fails_keeps_retry_wait(void **state)
{
	struct fx *f = *state;
	char path[160];

	path_of(path, sizeof(path), f, "fail");
	write_file(path, "", 0600);
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_reboot(f->a.ops, "rk"), 0);
	gate_retry(&f->a.gate, 30000);                           /* a retry wait */
	ops_session_done(f->a.ops, false);
	run_until(f, plugin_done, 5000);
	assert_int_equal(ops_state(f->a.ops), OPS_IDLE);
	assert_true(loop_timer_remaining(f->l, &f->a.gate.timer) > 20000);
	assert_true(loop_timer_remaining(f->l, &f->a.gate.timer) <= 30000);
	assert_int_equal(f->session_fired, 0);
}

static bool rebooted(struct fx *f)
{
	return ops_state(f->a.ops) == OPS_REBOOTING;
}

static void test_factory_reset_fails_then_reboot(void **state)
{
	struct fx *f = *state;
	char path[160];

	path_of(path, sizeof(path), f, "fail-factory-reset");
	write_file(path, "", 0600);
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_reboot(f->a.ops, "rk"), 0);
	assert_int_equal(ops_factory_reset(f->a.ops), 0);
	ops_session_done(f->a.ops, true);
	run_until(f, rebooted, 5000);
	assert_string_equal(file(f, "calls"), "factory-reset sim\nreboot sim\n");
	assert_true(ops_reexec_wanted(f->a.ops));
	assert_string_equal(queue(f), "M Reboot=rk");
	assert_non_null(strstr(file(f, "state/events"), "M Reboot\trk\n"));
}

static void test_pending_survives_restart(void **state)
{
	struct fx *f = *state;

	assert_int_equal(ops_start(f), 0);
	assert_string_equal(file(f, "state/pending-op"), "");
	assert_int_equal(ops_reboot(f->a.ops, "rk"), 0);
	assert_string_equal(file(f, "state/pending-op"), "reboot\trk\n");
	assert_int_equal(ops_factory_reset(f->a.ops), 0);
	assert_string_equal(file(f, "state/pending-op"), "reboot\trk\nfactory-reset\t\n");
	ops_stop(f);                /* killed before the session's end */
	assert_string_equal(file(f, "calls"), "");
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_state(f->a.ops), OPS_RUNNING);        /* before any session */
	assert_true(loop_timer_remaining(f->l, &f->a.gate.timer) > 60000); /* held */
	assert_string_equal(file(f, "state/pending-op"), "");   /* taken: run once */
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "factory-reset sim\n");
	assert_true(ops_reexec_wanted(f->a.ops));
}

static void test_pending_reboot_survives_restart(void **state)
{
	struct fx *f = *state;

	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_reboot(f->a.ops, "k1"), 0);
	ops_stop(f);
	assert_int_equal(ops_start(f), 0);
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "reboot sim\n");
	assert_string_equal(queue(f), "M Reboot=k1");
	ops_stop(f);                /* the re-exec: nothing left to run */
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_state(f->a.ops), OPS_IDLE);
}

static void test_pending_save_fails(void **state)
{
	struct fx *f = *state;
	char gone[160];

	assert_int_equal(ops_start(f), 0);
	path_of(gone, sizeof(gone), f, "no/such/dir");
	f->a.cfg.state_dir = gone;
	assert_true(ops_reboot(f->a.ops, "rk") < 0);
	assert_true(ops_factory_reset(f->a.ops) < 0);
	assert_int_equal(ops_state(f->a.ops), OPS_IDLE);     /* nothing asked for */
	f->a.cfg.state_dir = f->state;
}

static void test_openwrt_no_reexec(void **state)
{
	struct fx *f = *state;

	snprintf(f->platform, sizeof(f->platform), "openwrt");
	platform_config(f->a.platform, &f->a.cfg);     /* as a reload does */
	assert_int_equal(ops_start(f), 0);
	assert_int_equal(ops_reboot(f->a.ops, ""), 0);
	ops_session_done(f->a.ops, true);
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "reboot openwrt\n");
	assert_int_equal(ops_state(f->a.ops), OPS_REBOOTING);
	assert_false(ops_reexec_wanted(f->a.ops));          /* the system goes down */
	assert_true(loop_timer_remaining(f->l, &f->a.gate.timer) > 60000);
	assert_string_equal(queue(f), "M Reboot");
}

static void test_factory_reset(void **state)
{
	static const char *const files[] = { "state/state", "state/attrs", "state/instances",
					     "state/transfers" };
	struct fx *f = *state;
	char path[160], sim[160];

	assert_int_equal(ops_factory_reset(f->a.ops), -ENODEV);
	assert_int_equal(ops_start(f), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path_of(path, sizeof(path), f, files[i]);
		write_file(path, "x\n", 0600);
	}
	path_of(sim, sizeof(sim), f, "state/sim");
	assert_int_equal(mkdir(sim, 0700), 0);
	assert_int_equal(ops_schedule_inform(f->a.ops, 100, "gone"), 0);
	assert_int_equal(ops_reboot(f->a.ops, "rk"), 0);
	assert_int_equal(ops_factory_reset(f->a.ops), 0);
	assert_int_equal(ops_reboot(f->a.ops, "rk2"), 0);   /* the reset still wins */
	ops_session_done(f->a.ops, true);
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "factory-reset sim\n");
	assert_true(ops_reexec_wanted(f->a.ops));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		assert_string_equal(file(f, files[i]), "");
	assert_string_equal(file(f, "state/events"), "");
	assert_string_equal(file(f, "state/scheduled"), "");
	assert_int_equal(access(sim, F_OK), 0);         /* the sim store is the plugin's */
	path_of(path, sizeof(path), f, "state/late");
	write_file(path, "saved on the way out\n", 0600);
	ops_stop(f);                                /* wipes once more */
	assert_int_equal(access(path, F_OK), -1);
}

static void test_reboot_without_event(void **state)
{
	struct fx *f = *state;

	ops_reboot_after_session(f->a.ops);                /* not started: ignored */
	assert_int_equal(ops_start(f), 0);
	f->a.session = f;             /* a session runs: wait for it */
	ops_reboot_after_session(f->a.ops);
	for (int i = 0; i < 5; i++)
		loop_run_once(f->l, 10);
	assert_string_equal(file(f, "calls"), "");
	f->a.session = NULL;
	ops_session_done(f->a.ops, true);
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "reboot sim\n");
	assert_string_equal(queue(f), "");               /* no M Reboot */
}

static void test_reboot_without_event_between_sessions(void **state)
{
	struct fx *f = *state;

	assert_int_equal(ops_start(f), 0);
	ops_reboot_after_session(f->a.ops);
	assert_string_equal(file(f, "calls"), "");      /* from the loop, not at once */
	run_until(f, plugin_done, 5000);
	assert_string_equal(file(f, "calls"), "reboot sim\n");
	assert_true(ops_reexec_wanted(f->a.ops));
	assert_string_equal(queue(f), "");
}

/* ---- the RPC handlers --------------------------------------------------------- */

#define ENV(body) "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" " \
	"xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><soap-env:Header><cwmp:ID " \
	"soap-env:mustUnderstand=\"1\">id-1</cwmp:ID></soap-env:Header><soap-env:Body>" \
	body "</soap-env:Body></soap-env:Envelope>"
#define SI(d, k) ENV("<cwmp:ScheduleInform><DelaySeconds>" d "</DelaySeconds><CommandKey>" \
		     k "</CommandKey></cwmp:ScheduleInform>")

static void answer_cb(void *ctx, struct xbuf *response)
{
	struct soap_msg **out = ctx;

	assert_int_equal(soap_parse(response->data, response->len, out), 0);
}

static void test_rpc_handlers(void **state)
{
	static const struct {
		const char *req;
		bool agent;
		const char *answer;     /* body element */
		int fault;
		unsigned scheduled;     /* after it */
		enum ops_state ops;
	} cases[] = {
		{ SI("0", "k"), true, "Fault", 9003, 0, OPS_IDLE },
		{ SI("-1", "k"), true, "Fault", 9003, 0, OPS_IDLE },
		{ SI("x", "k"), true, "Fault", 9003, 0, OPS_IDLE },
		{ SI("4294967296", "k"), true, "Fault", 9003, 0, OPS_IDLE },
		{ SI("5", "123456789012345678901234567890123"), true, "Fault", 9003, 0, OPS_IDLE },
		{ ENV("<cwmp:ScheduleInform><DelaySeconds>5</DelaySeconds></cwmp:ScheduleInform>"),
		  true, "Fault", 9003, 0, OPS_IDLE },
		{ SI("5", "k"), false, "Fault", 9002, 0, OPS_IDLE },
		{ SI(" 5 ", "k"), true, "ScheduleInformResponse", 0, 1, OPS_IDLE },
		{ ENV("<cwmp:Reboot></cwmp:Reboot>"), true, "Fault", 9003, 1, OPS_IDLE },
		{ ENV("<cwmp:Reboot><CommandKey>rk</CommandKey></cwmp:Reboot>"), false, "Fault", 9002,
		  1, OPS_IDLE },
		{ ENV("<cwmp:Reboot><CommandKey>rk</CommandKey></cwmp:Reboot>"), true,
		  "RebootResponse", 0, 1, OPS_PENDING },
		{ ENV("<cwmp:FactoryReset/>"), false, "Fault", 9002, 1, OPS_PENDING },
		{ ENV("<cwmp:FactoryReset></cwmp:FactoryReset>"), true, "FactoryResetResponse", 0, 1,
		  OPS_PENDING },
	};
	struct fx *f = *state;

	assert_int_equal(ops_start(f), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct soap_msg *m = NULL, *r = NULL;

		print_message("# case %zu\n", i);
		assert_int_equal(soap_parse(cases[i].req, strlen(cases[i].req), &m), 0);
		/* agent false: as when ops did not start (9002) */
		const struct rpc_env env = { .cfg = &f->a.cfg,
					     .ops = cases[i].agent ? f->a.ops : NULL };

		rpc_dispatch(&env, m, answer_cb, &r);
		assert_non_null(r);
		assert_string_equal(r->name, cases[i].answer);
		assert_string_equal(r->id, "id-1");
		assert_int_equal(r->fault_code, cases[i].fault);
		assert_int_equal(ops_scheduled(f->a.ops), cases[i].scheduled);
		assert_int_equal(ops_state(f->a.ops), cases[i].ops);
		soap_msg_free(r);
		soap_msg_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schedule_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schedule_fires_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schedule_survives_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schedule_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_after_the_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_fails_keeps_retry_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_factory_reset_fails_then_reboot, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pending_survives_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_reboot_survives_restart, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pending_save_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_openwrt_no_reexec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_factory_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_without_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_without_event_between_sessions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rpc_handlers, setup, teardown),
	};

	return cmocka_run_group_tests_name("ops", tests, NULL, NULL);
}
