/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's commands (ctl_cmd.c, ctl_dm.c, ctl_out.c) without a socket:
 * the dispatch (unknown commands, argument counts), status, events and
 * inform against a fake agent, and get and set through the real data
 * model code with the real loop and a fake "time" plugin (fakeplug.h):
 * values, faults in text and JSON, all-or-nothing, busy during a session
 * or another get/set, the agent told after a write, an answer dropped for
 * a client that went away.
 */
#define _GNU_SOURCE 1
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "busy.h"
#include "config.h"
#include "ctl_cmd.h"
#include "ctl_proto.h"
#include "dm_native.h"
#include "events.h"
#include "fakeplug.h"
#include "loop.h"

/* The fake time plugin: get prints two values, set refuses a value
 * holding "bad" (9007) and accepts the rest; every call is logged. */
static const char fake[] =
	"#!/bin/sh\n"
	"d=$CWMPD_STATE_DIR\n"
	"in=$(cat)\n"
	"echo \"$1 [$in]\" >>\"$d/log\"\n"
	"case $1 in\n"
	"get) printf 'Device.Time.Enable\\ttrue\\nDevice.Time.LocalTimeZone\\tUTC\\n' ;;\n"
	"set) case $in in *bad*) printf 'Device.Time.LocalTimeZone\\t9007\\n'; exit 1 ;; esac ;;\n"
	"esac\n"
	"exit 0\n";

static const char conf[] =
	"config acs 'acs'\n\toption url 'http://acs.example:7547/'\n"
	"\toption periodic_interval '600'\n"
	"config cpe 'cpe'\n\toption platform 'sim'\n\toption address '192.0.2.1'\n";

struct t {
	struct fakeplug fp;
	struct config cfg;
	struct busy busy;
	struct events ev;
	struct ctl_cmds *c;
	struct ctl_status st;
	const char *busy_why;
	int informs, written, idle, native, answers;
	enum event_code informed;
	bool written_config;
	int status;
	char out[8192];
};

static void status_cb(void *ctx, struct ctl_status *out)
{
	*out = ((struct t *)ctx)->st;
}

static const char *busy_cb(void *ctx)
{
	return ((struct t *)ctx)->busy_why;
}

static void inform_cb(void *ctx, enum event_code code)
{
	struct t *t = ctx;

	t->informs++;
	t->informed = code;
}

static void written_cb(void *ctx, bool config)
{
	struct t *t = ctx;

	t->written++;
	t->written_config = config;
}

static void idle_cb(void *ctx)
{
	((struct t *)ctx)->idle++;
}

static int native_get(void *ctx, struct xbuf *out)
{
	return dm_native_get(&((struct t *)ctx)->cfg, "", NULL, NULL, out);
}

static int native_write(void *ctx, const char *const *paths, const char *const *values,
			size_t n)
{
	struct t *t = ctx;

	t->native++;
	assert_int_equal(n, 1);
	assert_string_equal(paths[0], "Device.ManagementServer.PeriodicInformInterval");
	assert_string_equal(values[0], "300");
	return 0;
}

static void answer_cb(void *ctx, struct ctl_answer *a)
{
	struct t *t = ctx;

	t->answers++;
	t->status = a->status;
	snprintf(t->out, sizeof(t->out), "%s", a->out.data ? a->out.data : "");
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	const char *names[] = { "time" };
	char err[256];

	assert_non_null(t);
	fakeplug_setup(&t->fp, fake, names, 1);
	assert_int_equal(config_parse("t", conf, strlen(conf), &t->cfg, err, sizeof(err)), 0);
	busy_init(&t->busy, t->fp.loop);
	events_init(&t->ev, NULL);
	t->st.retry_in_ms = -1;
	t->c = ctl_cmds_new(&(struct ctl_env){
		.cfg = &t->cfg, .events = &t->ev,
		.dm = { .loop = t->fp.loop, .platform = t->fp.platform, .busy = &t->busy,
			.native_get = native_get, .ctx = t },
		.native_write = native_write, .status = status_cb, .dm_busy = busy_cb,
		.inform = inform_cb, .written = written_cb, .idle = idle_cb, .ctx = t });
	assert_non_null(t->c);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	ctl_cmds_free(t->c);
	events_fini(&t->ev);
	config_fini(&t->cfg);
	fakeplug_teardown(&t->fp);
	free(t);
	return 0;
}

/* Run a command given as words (json: the JSON format). */
static void run_cmd(struct t *t, bool json, const char *command, ...)
{
	char *args[16];
	struct ctl_request req = { .json = json, .command = (char *)command, .args = args };
	va_list ap;
	const char *a;

	va_start(ap, command);
	while ((a = va_arg(ap, const char *)))
		args[req.n_args++] = (char *)a;
	va_end(ap);
	t->answers = 0;
	t->out[0] = '\0';
	ctl_cmd_run(t->c, &req, answer_cb, t);
}

/* Run the loop until the answer is in. */
static void wait_answer(struct t *t)
{
	fakeplug_wait(&t->fp, &t->answers);
}

static void expect(struct t *t, int status, const char *out)
{
	assert_int_equal(t->answers, 1);
	if (t->status != status || strcmp(t->out, out) != 0)
		fail_msg("got %d [%s], want %d [%s]", t->status, t->out, status, out);
}

/* ---- dispatch ---------------------------------------------------------------- */

static void test_dispatch(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "reboot", NULL);
	expect(t, CTL_EXIT_USAGE, "unknown command 'reboot': status, events, inform, get or set\n");
	run_cmd(t, true, "reboot", NULL);
	expect(t, CTL_EXIT_USAGE, "{\"error\":{\"message\":\"unknown command 'reboot': status, "
	       "events, inform, get or set\"}}\n");
	run_cmd(t, false, "status", "x", NULL);
	expect(t, CTL_EXIT_USAGE, "usage: status\n");
	run_cmd(t, false, "get", NULL);
	expect(t, CTL_EXIT_USAGE, "usage: get PATH...\n");
	run_cmd(t, false, "set", "Device.Time.Enable", NULL);
	expect(t, CTL_EXIT_USAGE, "usage: set PATH VALUE [PATH VALUE]...\n");
	run_cmd(t, false, "set", "Device.Time.Enable", "1", "Device.Time.LocalTimeZone", NULL);
	expect(t, CTL_EXIT_USAGE, "usage: set PATH VALUE [PATH VALUE]... (at most 1024)\n");
	run_cmd(t, false, "inform", "2 PERIODIC", "x", NULL);
	expect(t, CTL_EXIT_USAGE, "usage: inform [EVENT]\n");
	assert_int_equal(t->informs, 0);
	assert_string_equal(fakeplug_log(&t->fp), "");
}

/* ---- events and inform --------------------------------------------------------- */

static void test_events(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "events", NULL);
	expect(t, CTL_EXIT_OK, "no events pending\n");
	run_cmd(t, true, "events", NULL);
	expect(t, CTL_EXIT_OK, "{\"events\":[]}\n");
	events_add(&t->ev, EV_BOOT, "");
	events_add(&t->ev, EV_M_DOWNLOAD, "fw \"2\"");
	events_mark_sent(&t->ev);
	events_add(&t->ev, EV_PERIODIC, "");
	run_cmd(t, false, "events", NULL);
	expect(t, CTL_EXIT_OK, "1 BOOT (in the Inform being sent)\n"
	       "M Download (CommandKey fw \"2\") (in the Inform being sent)\n2 PERIODIC\n");
	run_cmd(t, true, "events", NULL);
	expect(t, CTL_EXIT_OK, "{\"events\":[{\"code\":\"1 BOOT\",\"command_key\":\"\","
	       "\"in_flight\":true},{\"code\":\"M Download\",\"command_key\":\"fw \\\"2\\\"\","
	       "\"in_flight\":true},{\"code\":\"2 PERIODIC\",\"command_key\":\"\","
	       "\"in_flight\":false}]}\n");
}

static void test_inform(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "inform", NULL);
	expect(t, CTL_EXIT_OK, "queued 6 CONNECTION REQUEST; session: now\n");
	assert_int_equal(t->informs, 1);
	assert_int_equal(t->informed, EV_CONNECTION_REQUEST);
	t->st.session_running = true;
	run_cmd(t, true, "inform", "2 PERIODIC", NULL);
	expect(t, CTL_EXIT_OK, "{\"event\":\"2 PERIODIC\",\"session\":\"after the running "
	       "one\"}\n");
	assert_int_equal(t->informed, EV_PERIODIC);
	t->cfg.enable = false;
	run_cmd(t, false, "inform", "6 CONNECTION REQUEST", NULL);
	expect(t, CTL_EXIT_OK, "queued 6 CONNECTION REQUEST; session: none: CWMP is off "
	       "(acs.enable 0), the event waits\n");
	for (const char *const *e = (const char *const[]){ "0 BOOTSTRAP", "1 BOOT", "3 SCHEDULED",
							   "4 VALUE CHANGE", "8 DIAGNOSTICS COMPLETE",
							   "M Reboot", "6", "", NULL }; *e; e++) {
		run_cmd(t, false, "inform", *e, NULL);
		assert_int_equal(t->status, CTL_EXIT_USAGE);
		assert_non_null(strstr(t->out, "is not an event an operator may send"));
	}
	assert_int_equal(t->informs, 3);
}

/* ---- status ------------------------------------------------------------------- */

static void test_status(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "status", NULL);
	expect(t, CTL_EXIT_OK,
	       "ACS URL               http://acs.example:7547/\n"
	       "CWMP                  enabled\n"
	       "session               idle\n"
	       "last session          none yet\n"
	       "retry                 none\n"
	       "next periodic Inform  off\n"
	       "ConnectionRequestURL  http://192.0.2.1:7547/\n"
	       "pending events        none\n"
	       "pending transfers     none\n");
	t->st = (struct ctl_status){ .session_running = true, .session_start = 1700000100,
				     .last_end = 1700000000, .last_ok = false, .retry_count = 2,
				     .retry_in_ms = 12500, .next_periodic = 1700003600 };
	events_add(&t->ev, EV_BOOT, "");
	events_add(&t->ev, EV_PERIODIC, "");
	run_cmd(t, false, "status", NULL);
	expect(t, CTL_EXIT_OK,
	       "ACS URL               http://acs.example:7547/\n"
	       "CWMP                  enabled\n"
	       "session               running since 2023-11-14T22:15:00Z\n"
	       "last session          2023-11-14T22:13:20Z: failed\n"
	       "retry                 2 failed in a row; next try in 12.5 s\n"
	       "next periodic Inform  2023-11-14T23:13:20Z\n"
	       "ConnectionRequestURL  http://192.0.2.1:7547/\n"
	       "pending events        1 BOOT, 2 PERIODIC\n"
	       "pending transfers     none\n");
	run_cmd(t, true, "status", NULL);
	expect(t, CTL_EXIT_OK,
	       "{\"acs_url\":\"http://acs.example:7547/\",\"enabled\":true,\"session\":"
	       "{\"running\":true,\"start\":\"2023-11-14T22:15:00Z\",\"last_end\":"
	       "\"2023-11-14T22:13:20Z\",\"last_result\":\"failed\"},\"retry\":{\"count\":2,"
	       "\"next_in_ms\":12500},\"periodic\":{\"enabled\":true,\"interval\":600,\"next\":"
	       "\"2023-11-14T23:13:20Z\"},\"connection_request_url\":\"http://192.0.2.1:7547/\","
	       "\"events\":[{\"code\":\"1 BOOT\",\"command_key\":\"\",\"in_flight\":false},"
	       "{\"code\":\"2 PERIODIC\",\"command_key\":\"\",\"in_flight\":false}],"
	       "\"transfers\":[]}\n");
}

/* ---- get ---------------------------------------------------------------------- */

static void test_get(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "get", "Device.Time.", "Device.ManagementServer.PeriodicInformInterval",
		NULL);
	assert_int_equal(t->answers, 0);        /* from the loop */
	wait_answer(t);
	expect(t, CTL_EXIT_OK, "Device.Time.ClientNumberOfEntries\t0\n"
	       "Device.Time.Enable\ttrue\nDevice.Time.LocalTimeZone\tUTC\n"
	       "Device.ManagementServer.PeriodicInformInterval\t600\n");
	assert_int_equal(t->idle, 1);
	assert_int_equal(t->written, 0);
	assert_string_equal(fakeplug_log(&t->fp), "get []\n");

	run_cmd(t, true, "get", "Device.Time.Enable", NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_OK, "{\"parameters\":[{\"name\":\"Device.Time.Enable\",\"value\":"
	       "\"true\",\"type\":\"xsd:boolean\"}]}\n");
	assert_string_equal(fakeplug_log(&t->fp), "get []\n");  /* afresh */
}

static void test_get_faults(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "get", "Device.Time.Enable", "Device.Nope", NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_FAILED, "Device.Nope: 9005 Invalid parameter name\n");
	run_cmd(t, true, "get", "Device.Time.", "Device.Time", NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_FAILED, "{\"error\":{\"code\":9005,\"message\":\"Invalid parameter "
	       "name\",\"parameter\":\"Device.Time\"}}\n");
	assert_int_equal(t->idle, 2);
}

/* ---- set ---------------------------------------------------------------------- */

static void test_set(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "set", "Device.Time.LocalTimeZone", "CET-1", "Device.Time.Enable", "0",
		NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_OK, "ok\n");
	assert_string_equal(fakeplug_log(&t->fp),
			    "get []\nrevert []\n"
			    "set [Device.Time.LocalTimeZone\tCET-1\nDevice.Time.Enable\tfalse]\n"
			    "apply []\n");
	assert_int_equal(t->written, 1);
	assert_false(t->written_config);
	assert_int_equal(t->idle, 1);
	assert_int_equal(t->native, 0);

	run_cmd(t, true, "set", "Device.ManagementServer.PeriodicInformInterval", "300", NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_OK, "{\"status\":0}\n");
	assert_int_equal(t->native, 1);
	assert_int_equal(t->written, 2);
	assert_true(t->written_config);
	assert_string_equal(fakeplug_log(&t->fp), "");  /* no plugin for a native value */
}

static void test_set_faults(void **state)
{
	struct t *t = *state;

	/* the checks: nothing reaches the plugin */
	run_cmd(t, false, "set", "Device.Time.Enable", "maybe", "Device.Time.Status", "x",
		"Device.Time.LocalTimeZone", "UTC", NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_FAILED, "Device.Time.Enable: 9007 Invalid parameter value\n"
	       "Device.Time.Status: 9008 Attempt to set a non-writable parameter\n");
	assert_string_equal(fakeplug_log(&t->fp), "get []\n");
	assert_int_equal(t->written, 0);

	/* the plugin refuses: reverted, all or nothing */
	run_cmd(t, true, "set", "Device.Time.LocalTimeZone", "bad", "Device.Time.Enable", "1",
		NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_FAILED, "{\"error\":{\"code\":9003,\"message\":\"Invalid arguments\","
	       "\"faults\":[{\"code\":9007,\"message\":\"Invalid parameter value\",\"parameter\":"
	       "\"Device.Time.LocalTimeZone\"}]}}\n");
	assert_string_equal(fakeplug_log(&t->fp),
			    "get []\nrevert []\n"
			    "set [Device.Time.LocalTimeZone\tbad\nDevice.Time.Enable\ttrue]\n"
			    "revert []\n");

	run_cmd(t, false, "set", "Device.Time.Enable", "1", "Device.Time.Enable", "0", NULL);
	wait_answer(t);
	expect(t, CTL_EXIT_USAGE, "set: a parameter is named twice\n");
	assert_int_equal(t->idle, 3);
}

/* ---- one at a time, never beside a session -------------------------------------- */

static void test_busy(void **state)
{
	struct t *t = *state;

	t->busy_why = "a session with the ACS is running";
	run_cmd(t, false, "get", "Device.Time.", NULL);
	expect(t, CTL_EXIT_BUSY, "busy: a session with the ACS is running; try again\n");
	run_cmd(t, true, "set", "Device.Time.Enable", "1", NULL);
	expect(t, CTL_EXIT_BUSY, "{\"error\":{\"message\":\"busy: a session with the ACS is "
	       "running; try again\"}}\n");
	assert_false(ctl_cmds_busy(t->c));
	t->busy_why = NULL;

	run_cmd(t, false, "get", "Device.Time.", NULL);
	assert_true(ctl_cmds_busy(t->c));
	run_cmd(t, false, "set", "Device.Time.Enable", "1", NULL);
	expect(t, CTL_EXIT_BUSY, "busy: another cwmpctl get or set is running; try again\n");
	run_cmd(t, false, "status", NULL);             /* status is never busy */
	assert_int_equal(t->status, CTL_EXIT_OK);
	t->answers = 0;
	wait_answer(t);
	assert_false(ctl_cmds_busy(t->c));
	assert_string_equal(fakeplug_log(&t->fp), "get []\n");
}

/* A client gone: no answer, the op still ends and the agent is told. */
static void test_forget(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "set", "Device.Time.Enable", "1", NULL);
	ctl_cmd_forget(t->c, t);
	for (int i = 0; i < 400 && ctl_cmds_busy(t->c); i++)
		loop_run_once(t->fp.loop, 50);
	assert_false(ctl_cmds_busy(t->c));
	assert_int_equal(t->answers, 0);
	assert_int_equal(t->written, 1);
	assert_int_equal(t->idle, 1);
}

/* Freed with a get running (shutdown): nothing answered, nothing leaks. */
static void test_free_running(void **state)
{
	struct t *t = *state;

	run_cmd(t, false, "get", "Device.Time.", NULL);
	assert_true(ctl_cmds_busy(t->c));
	ctl_cmds_free(t->c);
	t->c = NULL;
	for (int i = 0; i < 10; i++)
		loop_run_once(t->fp.loop, 20);
	assert_int_equal(t->answers, 0);
	assert_int_equal(t->idle, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dispatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_running, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
