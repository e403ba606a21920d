/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for all-or-nothing writes through plugins (dm_write.c), with the
 * real loop and two fake plugins (fakeplug.h) under the names of real ones
 * ("nat", "deviceinfo"). Each fake logs its verb,
 * arguments and stdin to state_dir/log and behaves as the file
 * state_dir/mode-NAME says: ok, refuse (exit 1 with a fault line), crash
 * (SIGSEGV), sleep, or units: revert and apply print the unit both fakes
 * share ("uci:shared"; apply defers "init:shared") unless stdin says it is
 * done. The checks are on the exact call sequence.
 */
#define _GNU_SOURCE 1
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

#include "busy.h"
#include "dm_cache.h"
#include "dm_deferred.h"
#include "dm_write.h"
#include "fakeplug.h"
#include "loop.h"
#include "schema.h"

static const char fake[] =
	"#!/bin/sh\n"
	"n=${0##*/}\n"
	"d=$CWMPD_STATE_DIR\n"
	"in=$(cat)\n"
	"echo \"$n $* [$in]\" >>\"$d/log\"\n"
	"mode=$(cat \"$d/mode-$n\" 2>/dev/null)\n"
	"case \"$1:$mode\" in\n"
	"set:refuse) printf 'Device.X\\t9007\\n'; exit 1 ;;\n"
	"set:crash) kill -SEGV $$ ;;\n"
	"set:sleep) sleep 5 ;;\n"
	"revert:badrevert) exit 1 ;;\n"
	"apply:badapply) exit 1 ;;\n"
	"revert:*units) case $in in *uci:shared*) ;; *) printf 'uci:shared\\treverted\\n' ;; esac ;;\n"
	"apply:*units) case $in in *uci:shared*) ;; *)\n"
	"  printf 'uci:shared\\tapplied\\ninit:shared\\tdeferred\\n' ;; esac ;;\n"
	"esac\n"
	"exit 0\n";

static const char *const names[] = { "nat", "deviceinfo" };

struct env {
	struct fakeplug fp;
	struct loop *loop;
	struct busy busy;
	struct dm_cache *dm;
	struct dm_deferred *deferred;
	uint16_t nat, di;
	int calls;
	int err;
	size_t step;
	bool applied;
	bool was_deferred;
	char out[256];
	char why[DM_WRITE_WHY_MAX];
};

static void done_cb(void *ctx, const struct dm_write_result *r)
{
	struct env *e = ctx;

	e->calls++;
	e->err = r->err;
	e->step = r->step;
	e->applied = r->applied;
	e->was_deferred = r->deferred;
	snprintf(e->out, sizeof(e->out), "%s", r->out);
	snprintf(e->why, sizeof(e->why), "%s", r->why);
	assert_int_equal(r->out[r->out_len], '\0');
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	fakeplug_setup(&e->fp, fake, names, 2);
	e->loop = e->fp.loop;
	busy_init(&e->busy, e->loop);
	e->deferred = dm_deferred_new(e->fp.platform, &e->busy);
	assert_non_null(e->deferred);
	e->dm = dm_cache_new(&(struct dm_env){ .loop = e->loop, .platform = e->fp.platform,
					       .busy = &e->busy, .deferred = e->deferred });
	assert_non_null(e->dm);
	e->nat = fakeplug_index("nat");
	e->di = fakeplug_index("deviceinfo");
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	dm_cache_free(e->dm);
	dm_deferred_free(e->deferred);
	fakeplug_teardown(&e->fp);
	free(e);
	return 0;
}

/* Two sets: each plugin reverted before its first step, applied after. */
static struct dm_write *two_sets(struct env *e)
{
	struct dm_write *w = dm_write_new(e->dm);

	assert_non_null(w);
	assert_int_equal(dm_write_add(w, e->nat, "set", NULL, NULL, "Device.NAT.A\tx\n", 15), 0);
	assert_int_equal(dm_write_add(w, e->di, "set", NULL, NULL, "Device.DeviceInfo.B\ty\n", 22), 0);
	assert_int_equal(dm_write_add(w, e->nat, "add", "Device.NAT.PortMapping.", "7", NULL, 0), 0);
	return w;
}

static void test_success(void **state)
{
	struct env *e = *state;

	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	assert_int_equal(e->calls, 0);         /* never from inside run */
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	assert_string_equal(e->why, "");
	assert_string_equal(fakeplug_log(&e->fp),
			    "nat revert []\n"
			    "nat set [Device.NAT.A\tx]\n"
			    "deviceinfo revert []\n"
			    "deviceinfo set [Device.DeviceInfo.B\ty]\n"
			    "nat add Device.NAT.PortMapping. 7 []\n"
			    "nat apply []\n"
			    "deviceinfo apply []\n");
	assert_null(dm_cache_writing(e->dm));
}

static void test_refused(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "deviceinfo", "refuse");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EPERM);
	assert_string_equal(e->why, "plugin deviceinfo set: exit status 1");   /* not EPERM's text */
	assert_int_equal(e->step, 1);
	assert_string_equal(e->out, "Device.X\t9007\n");
	assert_string_equal(fakeplug_log(&e->fp),
			    "nat revert []\n"
			    "nat set [Device.NAT.A\tx]\n"
			    "deviceinfo revert []\n"
			    "deviceinfo set [Device.DeviceInfo.B\ty]\n"
			    "nat revert []\n"
			    "deviceinfo revert []\n");
}

static void test_crash(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "crash");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_string_equal(e->why, "plugin nat set: killed by signal 11");
	assert_int_equal(e->step, 0);
	assert_string_equal(fakeplug_log(&e->fp),
			    "nat revert []\n"
			    "nat set [Device.NAT.A\tx]\n"
			    "nat revert []\n");
}

/* A plugin whose revert fails before the first step: nothing runs. */
static void test_bad_prerevert(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "badrevert");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_string_equal(e->why, "plugin nat revert: exit status 1");
	assert_string_equal(fakeplug_log(&e->fp), "nat revert []\nnat revert []\n");
}

static int before_cb(void *ctx)
{
	int *calls = ctx;

	return ++*calls == 1 ? -EIO : 0;
}

/* The before-apply step refusing: everything is reverted, nothing applied. */
static void test_before_apply_fails(void **state)
{
	struct env *e = *state;
	struct dm_write *w = two_sets(e);
	int calls = 0;

	dm_write_before_apply(w, before_cb, &calls);
	assert_int_equal(dm_write_run(w, done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(calls, 1);
	assert_int_equal(e->err, -EIO);
	assert_int_equal(e->step, 3);
	assert_string_equal(e->why, "before the apply: Input/output error");
	assert_false(e->applied);
	assert_string_equal(fakeplug_log(&e->fp),
			    "nat revert []\n"
			    "nat set [Device.NAT.A\tx]\n"
			    "deviceinfo revert []\n"
			    "deviceinfo set [Device.DeviceInfo.B\ty]\n"
			    "nat add Device.NAT.PortMapping. 7 []\n"
			    "nat revert []\n"
			    "deviceinfo revert []\n");
}

/* An apply failing after another ran: reported as applied. */
static void test_apply_fails(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "deviceinfo", "badapply");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EIO);
	assert_string_equal(e->why, "plugin deviceinfo apply: exit status 1");
	assert_true(e->applied);
	assert_non_null(strstr(fakeplug_log(&e->fp), "nat apply []\ndeviceinfo apply []\n"));
}

/* Two plugins sharing a unit: the second is told the first reverted and
 * applied it (stdin), so it leaves it alone; the unit the first apply
 * deferred waits for the session's end. */
static void test_shared_units(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "units");
	fakeplug_mode(&e->fp, "deviceinfo", "units");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, 0);
	assert_true(e->was_deferred);
	assert_string_equal(fakeplug_log(&e->fp),
			    "nat revert []\n"
			    "nat set [Device.NAT.A\tx]\n"
			    "deviceinfo revert [uci:shared\treverted]\n"
			    "deviceinfo set [Device.DeviceInfo.B\ty]\n"
			    "nat add Device.NAT.PortMapping. 7 []\n"
			    "nat apply []\n"
			    "deviceinfo apply [uci:shared\tapplied\ninit:shared\tdeferred]\n");
	assert_int_equal(dm_deferred_waiting(e->deferred), 1);
}

/* A rollback is a pass of its own: the unit is reverted again, once. */
static void test_shared_units_rollback(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "nat", "units");
	fakeplug_mode(&e->fp, "deviceinfo", "refuse");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_int_equal(e->err, -EPERM);
	assert_false(e->was_deferred);
	assert_string_equal(fakeplug_log(&e->fp),
			    "nat revert []\n"
			    "nat set [Device.NAT.A\tx]\n"
			    "deviceinfo revert [uci:shared\treverted]\n"
			    "deviceinfo set [Device.DeviceInfo.B\ty]\n"
			    "nat revert []\n"
			    "deviceinfo revert [uci:shared\treverted]\n");
	assert_int_equal(dm_deferred_waiting(e->deferred), 0);
}

static void test_busy_and_cancel(void **state)
{
	struct env *e = *state;
	struct dm_write *w2;

	fakeplug_mode(&e->fp, "nat", "sleep");
	assert_int_equal(dm_write_run(two_sets(e), done_cb, e), 0);
	for (int i = 0; i < 10; i++)
		loop_run_once(e->loop, 20);
	w2 = two_sets(e);
	assert_int_equal(dm_write_run(w2, done_cb, e), -EBUSY);   /* w2 freed */
	dm_write_cancel(dm_cache_writing(e->dm));
	assert_int_equal(e->calls, 1);
	assert_int_equal(e->err, -ECANCELED);
	assert_string_equal(e->why, "cancelled (the session ended)");
	assert_null(dm_cache_writing(e->dm));
	dm_write_cancel(dm_cache_writing(e->dm));                  /* no-op */
	assert_int_equal(e->calls, 1);
	assert_null(strstr(fakeplug_log(&e->fp), "apply"));
}

static void test_bad_arguments(void **state)
{
	struct env *e = *state;
	struct dm_write *w = dm_write_new(e->dm);

	assert_null(dm_write_new(NULL));
	assert_int_equal(dm_write_add(w, 0, "set", NULL, NULL, NULL, 0), -EINVAL);
	assert_int_equal(dm_write_add(w, (uint16_t)dm_plugins_len, "set", NULL, NULL, NULL, 0),
			 -EINVAL);
	assert_int_equal(dm_write_add(w, e->nat, NULL, NULL, NULL, NULL, 0), -EINVAL);
	assert_int_equal(dm_write_add(w, e->nat, "add", NULL, "7", NULL, 0), -EINVAL);
	assert_int_equal(dm_write_run(w, done_cb, e), -EINVAL);   /* no steps; freed */
	assert_int_equal(dm_write_run(NULL, done_cb, e), -EINVAL);
	dm_write_free(NULL);
	assert_int_equal(e->calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_prerevert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_before_apply_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_units_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
	};

	return cmocka_run_group_tests_name("dm_write", tests, NULL, NULL);
}
