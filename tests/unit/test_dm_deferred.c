/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the applies deferred to after the session (dm_deferred.c),
 * with the real loop and fake plugins (fakeplug.h) under the names of real
 * ones. Each fake logs "NAME VERB [stdin]" to state_dir/log and prints the
 * units it does: apply-deferred prints "init:NAME" and "init:both" as
 * applied, unless stdin says they are done; mode-NAME "fail" makes it exit
 * 1 after printing them.
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
#include "dm_deferred.h"
#include "fakeplug.h"
#include "loop.h"
#include "schema.h"

static const char fake[] =
	"#!/bin/sh\n"
	"n=${0##*/}\n"
	"d=$CWMPD_STATE_DIR\n"
	"in=$(cat)\n"
	"echo \"$n $* [$in]\" >>\"$d/log\"\n"
	"for u in init:$n init:both; do\n"
	"  case $in in *\"$u\"*) ;; *) printf '%s\\tapplied\\n' \"$u\" ;; esac\n"
	"done\n"
	"[ \"$(cat \"$d/mode-$n\" 2>/dev/null)\" = fail ] && exit 1\n"
	"exit 0\n";

static const char *const names[] = { "nat", "ip", "dns" };

struct env {
	struct fakeplug fp;
	struct busy busy;
	struct dm_deferred *d;
	uint16_t nat, ip, dns;
	int calls;
	bool busy_while_running;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	fakeplug_setup(&e->fp, fake, names, 3);
	busy_init(&e->busy, e->fp.loop);
	e->d = dm_deferred_new(e->fp.platform, &e->busy);
	assert_non_null(e->d);
	e->nat = fakeplug_index("nat");
	e->ip = fakeplug_index("ip");
	e->dns = fakeplug_index("dns");
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	dm_deferred_free(e->d);
	fakeplug_teardown(&e->fp);
	free(e);
	return 0;
}

static void done_cb(void *ctx)
{
	struct env *e = ctx;

	e->calls++;
	assert_false(dm_deferred_running(e->d));
	assert_false(busy_active(&e->busy));
}

/* One call per unit, in the order deferred, the first plugin of a unit
 * keeping it; a unit an earlier call did is not asked for again. */
static void test_run(void **state)
{
	struct env *e = *state;

	assert_int_equal(dm_deferred_add(e->d, e->ip, "init:ip"), 0);
	assert_int_equal(dm_deferred_add(e->d, e->dns, "init:ip"), 0);    /* stays ip's */
	assert_int_equal(dm_deferred_add(e->d, e->dns, "init:both"), 0);  /* ip does it */
	assert_int_equal(dm_deferred_add(e->d, e->nat, "init:nat"), 0);
	assert_int_equal(dm_deferred_waiting(e->d), 3);
	assert_int_equal(dm_deferred_run(e->d, done_cb, e), 0);
	assert_true(dm_deferred_running(e->d));
	assert_true(busy_active(&e->busy));
	assert_int_equal(dm_deferred_run(e->d, done_cb, e), -EBUSY);
	assert_int_equal(e->calls, 0);          /* never from inside run */
	fakeplug_wait(&e->fp, &e->calls);
	assert_string_equal(fakeplug_log(&e->fp),
			    "ip apply-deferred []\n"
			    "nat apply-deferred [init:ip\tapplied\ninit:both\tapplied]\n");
	assert_int_equal(dm_deferred_waiting(e->d), 0);
	assert_int_equal(dm_deferred_run(e->d, done_cb, e), -ENOENT);
}

/* A failed call is logged; the run goes on. */
static void test_failure(void **state)
{
	struct env *e = *state;

	fakeplug_mode(&e->fp, "ip", "fail");
	assert_int_equal(dm_deferred_add(e->d, e->ip, "init:ip"), 0);
	assert_int_equal(dm_deferred_add(e->d, e->nat, "init:nat"), 0);
	assert_int_equal(dm_deferred_run(e->d, done_cb, e), 0);
	fakeplug_wait(&e->fp, &e->calls);
	assert_string_equal(fakeplug_log(&e->fp),
			    "ip apply-deferred []\n"
			    "nat apply-deferred [init:ip\tapplied\ninit:both\tapplied]\n");
}

static void test_bad_arguments(void **state)
{
	struct env *e = *state;
	char big[DM_DEFERRED_UNIT_MAX + 1];

	memset(big, 'u', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(dm_deferred_add(NULL, e->ip, "init:ip"), -EINVAL);
	assert_int_equal(dm_deferred_add(e->d, e->ip, ""), -EINVAL);
	assert_int_equal(dm_deferred_add(e->d, e->ip, big), -EINVAL);
	assert_int_equal(dm_deferred_add(e->d, 0, "init:ip"), -EINVAL);
	assert_int_equal(dm_deferred_run(e->d, done_cb, e), -ENOENT);
	assert_int_equal(dm_deferred_run(e->d, NULL, e), -EINVAL);
	assert_int_equal(dm_deferred_waiting(NULL), 0);
	assert_false(dm_deferred_running(NULL));
	for (unsigned i = 0; i < DM_DEFERRED_MAX; i++) {
		char unit[16];

		snprintf(unit, sizeof(unit), "u%u", i);
		assert_int_equal(dm_deferred_add(e->d, e->ip, unit), 0);
	}
	assert_int_equal(dm_deferred_add(e->d, e->ip, "one-more"), -ENOSPC);
	dm_deferred_free(NULL);
	assert_int_equal(e->calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
	};

	return cmocka_run_group_tests_name("dm_deferred", tests, NULL, NULL);
}
