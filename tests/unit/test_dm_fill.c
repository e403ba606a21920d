/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the fill engine (dm_fill.c), with the real loop and two fake
 * plugins (fakeplug.h) under the names of real ones ("nat", "deviceinfo"). Each fake logs "NAME get PREFIX" to state_dir/log
 * and behaves as the file state_dir/mode-NAME says: (none) prints one good
 * value, fail exits 1, garbage prints a good value and a broken line, hang
 * sleeps (the time limit is 10 s: the tests cancel instead of waiting,
 * but for the batch runner's own limit, waited for once).
 * The batch tests add a fake batch runner (lib/batch.sh) that logs
 * "batch ARGS" and answers as state_dir/mode-batch says.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dm_fill.h"
#include "fakeplug.h"
#include "loop.h"
#include "schema.h"
#include "tree.h"

#define NAT_PARAM "Device.NAT.PortMapping.1.Description"
#define DI_PARAM "Device.DeviceInfo.Manufacturer"

static const char fake[] =
	"#!/bin/sh\n"
	"n=${0##*/}\n"
	"d=$CWMPD_STATE_DIR\n"
	"echo \"$n $*\" >>\"$d/log\"\n"
	"case $n in\n"
	"nat) line='" NAT_PARAM "\\tfrom-nat\\n' ;;\n"
	"*) line='" DI_PARAM "\\tfrom-di\\n' ;;\n"
	"esac\n"
	"case $(cat \"$d/mode-$n\" 2>/dev/null) in\n"
	"fail) exit 1 ;;\n"
	"garbage) printf \"$line\"; echo 'no tab at all' ;;\n"
	"hang) sleep 30 ;;\n"
	"*) printf \"$line\" ;;\n"
	"esac\n"
	"exit 0\n";

static const char *const names[] = { "nat", "deviceinfo" };

/* The batch runner: both parts (the values "from-batch"), or as mode-batch
 * says: partial (nat only, then killed), status (nat's get exited 1),
 * garbage (a broken line in deviceinfo's part), hang, slow (nat's part,
 * then it hangs until its time limit kills it). */
static const char batch[] =
	"d=$CWMPD_STATE_DIR\n"
	"echo \"batch $*\" >>\"$d/log\"\n"
	"part() { printf '\\036begin %s\\n'\"$2\"'\\n\\036end %s %s\\n' \"$1\" \"$1\" \"$3\"; }\n"
	"nat='" NAT_PARAM "\\tfrom-batch' di='" DI_PARAM "\\tfrom-batch'\n"
	"case $(cat \"$d/mode-batch\" 2>/dev/null) in\n"
	"partial) part nat \"$nat\" 0; printf '\\036begin deviceinfo\\n' ;;\n"
	"status) part nat \"$nat\" 1; part deviceinfo \"$di\" 0 ;;\n"
	"garbage) part nat \"$nat\" 0; part deviceinfo \"$di\\\\nno tab\" 0 ;;\n"
	"hang) sleep 30 ;;\n"
	"slow) part nat \"$nat\" 0; sleep 30 ;;\n"
	"*) part deviceinfo \"$di\" 0; part nat \"$nat\" 0 ;;\n"
	"esac\n";

struct env {
	struct fakeplug fp;
	struct loop *loop;
	struct dm_tree *tree;
	struct dm_fill *fill;
	bool *want;
	uint16_t nat, di;
	int calls;
	int err;
};

static void done_cb(void *ctx, int err)
{
	struct env *e = ctx;

	e->calls++;
	e->err = err;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	fakeplug_setup(&e->fp, fake, names, 2);
	e->loop = e->fp.loop;
	e->tree = dm_tree_new();
	assert_non_null(e->tree);
	e->fill = dm_fill_new(e->loop, e->fp.platform, e->tree);
	assert_non_null(e->fill);
	e->want = calloc(dm_plugins_len, sizeof(bool));
	assert_non_null(e->want);
	e->nat = fakeplug_index("nat");
	e->di = fakeplug_index("deviceinfo");
	e->want[e->nat] = e->want[e->di] = true;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	dm_fill_free(e->fill);
	dm_tree_free(e->tree);
	fakeplug_teardown(&e->fp);
	free(e->want);
	free(e);
	return 0;
}

/* Run the loop for about ms milliseconds. */
static void spin(struct env *e, int ms)
{
	int64_t end = loop_now_ms() + ms;

	while (loop_now_ms() < end)
		loop_run_once(e->loop, 20);
}

/* The value the tree holds at path, or NULL when it holds none. */
static const char *value_of(struct env *e, const char *path)
{
	static struct dm_tree_value v;

	if (dm_tree_get(e->tree, path, &v) != 0 || !v.set)
		return NULL;
	return v.value;
}

static int run(struct env *e, unsigned parallel, enum dm_fill_policy policy)
{
	e->calls = 0;
	e->err = 1;
	return dm_fill_run(e->fill, e->want, parallel, policy, done_cb, e);
}

/* Both load, each under its prefix; the end comes from the loop. */
static void test_success(void **state)
{
	struct env *e = *state;

	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	assert_int_equal(e->calls, 0);
	assert_true(dm_fill_busy(e->fill));
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	assert_false(dm_fill_busy(e->fill));
	assert_true(dm_fill_loaded(e->fill, e->nat));
	assert_true(dm_fill_loaded(e->fill, e->di));
	assert_string_equal(value_of(e, NAT_PARAM), "from-nat");
	assert_string_equal(value_of(e, DI_PARAM), "from-di");
	assert_non_null(strstr(fakeplug_log(&e->fp), "nat get Device.NAT.\n"));
}

/* A loaded plugin is not run again until it is forgotten; a fill with
 * nothing to do still ends from the loop. */
static void test_loaded_skipped_and_forget(void **state)
{
	struct env *e = *state;

	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	fakeplug_log(&e->fp);
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	assert_int_equal(e->calls, 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	assert_string_equal(fakeplug_log(&e->fp), "");
	dm_fill_forget(e->fill, e->nat);
	assert_false(dm_fill_loaded(e->fill, e->nat));
	assert_null(value_of(e, NAT_PARAM));
	assert_string_equal(value_of(e, DI_PARAM), "from-di");
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_string_equal(fakeplug_log(&e->fp), "nat get Device.NAT.\n");
	assert_string_equal(value_of(e, NAT_PARAM), "from-nat");
}

/* Stop at the first failure: -EIO, the other plugin (hanging) is killed
 * and not loaded. */
static void test_fail_stop(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "fail");
	fakeplug_mode(&e->fp, "deviceinfo", "hang");
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_true(dm_fill_failed(e->fill, e->nat));
	assert_false(dm_fill_loaded(e->fill, e->nat));
	assert_false(dm_fill_loaded(e->fill, e->di));
	assert_false(dm_fill_failed(e->fill, e->di));
	assert_null(value_of(e, DI_PARAM));
}

/* Go on: -EIO, but the other plugin is loaded; a later success clears
 * the failure. */
static void test_fail_go_on(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "fail");
	assert_int_equal(run(e, 1, DM_FILL_GO_ON), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_true(dm_fill_failed(e->fill, e->nat));
	assert_true(dm_fill_loaded(e->fill, e->di));
	assert_string_equal(value_of(e, DI_PARAM), "from-di");
	fakeplug_mode(&e->fp, "nat", "ok");
	assert_int_equal(run(e, 1, DM_FILL_GO_ON), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	assert_false(dm_fill_failed(e->fill, e->nat));
	assert_true(dm_fill_loaded(e->fill, e->nat));
}

/* A broken line fails the plugin, and its good lines are dropped. */
static void test_garbage(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "garbage");
	assert_int_equal(run(e, 2, DM_FILL_GO_ON), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_true(dm_fill_failed(e->fill, e->nat));
	assert_null(value_of(e, NAT_PARAM));
	assert_string_equal(value_of(e, DI_PARAM), "from-di");
}

/* Up to parallel at once: with 2 both hang together, with 1 only one
 * starts. Cancel kills them; the callback never runs. */
static void test_parallel_and_cancel(void **state)
{
	struct env *e = *state;
	const char *log;

	fakeplug_mode(&e->fp, "nat", "hang");
	fakeplug_mode(&e->fp, "deviceinfo", "hang");
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	spin(e, 500);
	log = fakeplug_log(&e->fp);
	assert_non_null(strstr(log, "nat get"));
	assert_non_null(strstr(log, "deviceinfo get"));
	dm_fill_cancel(e->fill);
	assert_false(dm_fill_busy(e->fill));
	spin(e, 100);
	assert_int_equal(e->calls, 0);
	assert_false(dm_fill_loaded(e->fill, e->nat));

	assert_int_equal(run(e, 1, DM_FILL_GO_ON), 0);
	spin(e, 500);
	log = fakeplug_log(&e->fp);
	assert_true((strstr(log, "nat get") != NULL) != (strstr(log, "deviceinfo get") != NULL));
	dm_fill_cancel(e->fill);
	spin(e, 100);
	assert_int_equal(e->calls, 0);
}

/* Cancel after the last plugin ended but before the loop called back:
 * the callback never runs, what was loaded stays. */
static void test_cancel_pending_end(void **state)
{
	struct env *e = *state;

	e->want[e->nat] = false;
	assert_int_equal(run(e, 1, DM_FILL_STOP), 0);
	for (int i = 0; i < 400 && !dm_fill_loaded(e->fill, e->di); i++)
		loop_run_once(e->loop, 50);
	assert_true(dm_fill_loaded(e->fill, e->di));
	if (e->calls == 0) {
		dm_fill_cancel(e->fill);
		spin(e, 100);
		assert_int_equal(e->calls, 0);
	}
}

/* One fill at a time; bad arguments; freeing a running fill. */
static void test_busy_and_free(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "hang");
	assert_int_equal(run(e, DM_FILL_PARALLEL_MAX + 1, DM_FILL_STOP), -EINVAL);
	assert_int_equal(run(e, 0, DM_FILL_STOP), -EINVAL);
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	assert_int_equal(run(e, 2, DM_FILL_STOP), -EBUSY);
	dm_fill_forget(e->fill, e->di);         /* ignored while running */
	spin(e, 300);
	dm_fill_free(e->fill);
	e->fill = NULL;
	spin(e, 100);
	assert_int_equal(e->calls, 0);
}

/* No platform: every plugin fails to start, reported from the loop. */
static void test_no_platform(void **state)
{
	struct env *e = *state;

	dm_fill_free(e->fill);
	e->fill = dm_fill_new(e->loop, NULL, e->tree);
	assert_non_null(e->fill);
	assert_int_equal(run(e, 4, DM_FILL_GO_ON), 0);
	assert_int_equal(e->calls, 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_true(dm_fill_failed(e->fill, e->nat));
	assert_true(dm_fill_failed(e->fill, e->di));
}

/* Two plugins: one batch, both loaded from it, neither run alone. */
static void test_batch(void **state)
{
	struct env *e = *state;
	const char *log;

	fakeplug_library(&e->fp, "batch.sh", batch);
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	log = fakeplug_log(&e->fp);
	assert_non_null(strstr(log, "batch get "));
	assert_non_null(strstr(log, " nat Device.NAT."));
	assert_non_null(strstr(log, " deviceinfo Device.DeviceInfo."));
	assert_null(strstr(log, "nat get"));
	assert_null(strstr(log, "deviceinfo get"));
	assert_string_equal(value_of(e, NAT_PARAM), "from-batch");
	assert_string_equal(value_of(e, DI_PARAM), "from-batch");
	/* One plugin left: it runs alone. */
	dm_fill_forget(e->fill, e->nat);
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_string_equal(fakeplug_log(&e->fp), "nat get Device.NAT.\n");
	assert_string_equal(value_of(e, NAT_PARAM), "from-nat");
}

/* What the batch did not serve runs alone: a missing part (the runner
 * died), a part with a failed get, a part with a broken line. */
static void test_batch_fallback(void **state)
{
	static const struct {
		const char *mode, *alone, *nat, *di;
	} cases[] = {
		{ "partial", "deviceinfo get Device.DeviceInfo.\n", "from-batch", "from-di" },
		{ "status", "nat get Device.NAT.\n", "from-nat", "from-batch" },
		{ "garbage", "deviceinfo get Device.DeviceInfo.\n", "from-batch", "from-di" },
	};
	struct env *e = *state;
	const char *log;

	fakeplug_library(&e->fp, "batch.sh", batch);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dm_fill_forget(e->fill, e->nat);
		dm_fill_forget(e->fill, e->di);
		fakeplug_mode(&e->fp, "batch", cases[i].mode);
		assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
		fakeplug_wait(&e->fp, &e->calls);
		assert_int_equal(e->err, 0);
		log = fakeplug_log(&e->fp);
		assert_non_null(strstr(log, "batch get "));
		assert_non_null(strstr(log, cases[i].alone));
		assert_string_equal(value_of(e, NAT_PARAM), cases[i].nat);
		assert_string_equal(value_of(e, DI_PARAM), cases[i].di);
	}
}

/* A plugin the batch could not serve fails alone as it always does: the
 * fill stops with -EIO and says which. */
static void test_batch_then_fail(void **state)
{
	struct env *e = *state;

	fakeplug_library(&e->fp, "batch.sh", batch);
	fakeplug_mode(&e->fp, "batch", "status");
	fakeplug_mode(&e->fp, "nat", "fail");
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_true(dm_fill_failed(e->fill, e->nat));
	assert_true(dm_fill_loaded(e->fill, e->di));
	assert_string_equal(value_of(e, DI_PARAM), "from-batch");
}

/* A runner killed at its time limit: the part it printed before counts,
 * the plugin it never got to runs alone. */
static void test_batch_time_limit(void **state)
{
	struct env *e = *state;
	const char *log;

	fakeplug_library(&e->fp, "batch.sh", batch);
	fakeplug_mode(&e->fp, "batch", "slow");
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	log = fakeplug_log(&e->fp);
	assert_non_null(strstr(log, "batch get "));
	assert_non_null(strstr(log, "deviceinfo get Device.DeviceInfo.\n"));
	assert_null(strstr(log, "nat get"));
	assert_string_equal(value_of(e, NAT_PARAM), "from-batch");
	assert_string_equal(value_of(e, DI_PARAM), "from-di");
}

/* Cancel kills a running batch; its callback never runs. */
static void test_batch_cancel(void **state)
{
	struct env *e = *state;

	fakeplug_library(&e->fp, "batch.sh", batch);
	fakeplug_mode(&e->fp, "batch", "hang");
	assert_int_equal(run(e, 2, DM_FILL_STOP), 0);
	spin(e, 300);
	assert_true(dm_fill_busy(e->fill));
	dm_fill_cancel(e->fill);
	spin(e, 200);
	assert_int_equal(e->calls, 0);
	assert_false(dm_fill_busy(e->fill));
	assert_false(dm_fill_loaded(e->fill, e->nat));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loaded_skipped_and_forget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_go_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parallel_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_pending_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_and_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_platform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_then_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_time_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_cancel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
