/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gate.c, the session gate, and busy.c, what a shutdown waits for, on a
 * real loop: the gate opens soon; a retry wait keeps it shut and gate_now
 * cuts it short unless a hold is on; a hold remembers the retry wait and
 * gives it back on release; the hold's own limit opens it. busy: the last
 * run to leave quits the loop when a shutdown waits, else tells the idle
 * listener.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "busy.h"
#include "gate.h"
#include "log.h"
#include "loop.h"

struct fx {
	struct loop *l;
	struct gate g;
	int opened;
	int idle;
};

static void opened_cb(void *ctx)
{
	((struct fx *)ctx)->opened++;
}

static void idle_cb(void *ctx)
{
	((struct fx *)ctx)->idle++;
}

static int setup(void **state)
{
	struct fx *f = test_calloc(1, sizeof(*f));

	log_set_level(LOG_LVL_ERR);
	f->l = loop_new();
	gate_init(&f->g, f->l, opened_cb, f);
	*state = f;
	return f->l ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	gate_fini(&f->g);
	loop_free(f->l);
	test_free(f);
	return 0;
}

static void spin(struct fx *f, int ms)
{
	for (int i = 0; i < ms / 10; i++)
		loop_run_once(f->l, 10);
}

static void test_soon(void **state)
{
	struct fx *f = *state;

	gate_soon(&f->g);
	assert_true(gate_closed(&f->g));        /* from the loop, not at once */
	assert_int_equal(f->opened, 0);
	spin(f, 30);
	assert_int_equal(f->opened, 1);
	assert_false(gate_closed(&f->g));
}

static void test_retry_and_now(void **state)
{
	struct fx *f = *state;

	gate_retry(&f->g, 60000);
	gate_soon(&f->g);                       /* a wait is on: still shut */
	spin(f, 30);
	assert_int_equal(f->opened, 0);
	gate_now(&f->g);                        /* the ACS asks: the wait is cut */
	spin(f, 30);
	assert_int_equal(f->opened, 1);
}

static void test_hold_keeps_the_wait(void **state)
{
	struct fx *f = *state;

	gate_retry(&f->g, 30000);
	gate_hold(&f->g, 300000);
	gate_now(&f->g);                        /* a hold still holds */
	spin(f, 30);
	assert_int_equal(f->opened, 0);
	assert_true(loop_timer_remaining(f->l, &f->g.timer) > 200000);
	gate_hold(&f->g, 300000);               /* a second hold changes nothing */
	gate_release(&f->g);                    /* gate_now dropped the wait: open now */
	spin(f, 30);
	assert_int_equal(f->opened, 1);

	gate_retry(&f->g, 30000);
	gate_hold(&f->g, 300000);
	gate_release(&f->g);                    /* the retry wait goes on */
	assert_true(loop_timer_remaining(f->l, &f->g.timer) > 20000);
	assert_true(loop_timer_remaining(f->l, &f->g.timer) <= 30000);
	gate_release(&f->g);                    /* not held: no-op */
	assert_true(loop_timer_remaining(f->l, &f->g.timer) > 20000);
}

static void test_hold_limit(void **state)
{
	struct fx *f = *state;

	gate_hold(&f->g, 20);                   /* the reboot never came */
	spin(f, 60);
	assert_int_equal(f->opened, 1);
	assert_false(f->g.held);
}

static struct busy *leaving;           /* leave_cb's busy */
static bool timed_out;

static void leave_cb(struct loop_timer *t)
{
	(void)t;
	busy_leave(leaving);
}

static void guard_cb(struct loop_timer *t)
{
	(void)t;
	timed_out = true;
	loop_quit(leaving->loop);
}

static void test_busy(void **state)
{
	struct fx *f = *state;
	struct loop_timer leave = { .cb = leave_cb }, guard = { .cb = guard_cb };
	struct busy b;

	busy_init(&b, f->l);
	busy_on_idle(&b, idle_cb, f);
	assert_false(busy_active(&b));
	busy_enter(&b);
	busy_enter(&b);
	assert_true(busy_active(&b));
	busy_leave(&b);
	assert_int_equal(f->idle, 0);           /* one still runs */
	busy_leave(&b);
	assert_int_equal(f->idle, 1);           /* the last one out */
	busy_leave(&b);                         /* unbalanced: logged, ignored */
	assert_int_equal(f->idle, 1);

	/* SIGTERM while a run is on: the loop goes on until it leaves. */
	leaving = &b;
	timed_out = false;
	busy_enter(&b);
	assert_true(busy_quit(&b));             /* waits for the run */
	assert_true(busy_quitting(&b));
	loop_timer_set(f->l, &leave, 50);
	loop_timer_set(f->l, &guard, 5000);
	assert_int_equal(loop_run(f->l), 0);    /* ended by the last run leaving */
	assert_false(timed_out);
	assert_int_equal(f->idle, 1);           /* no idle call on the way out */
	loop_timer_cancel(f->l, &guard);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_soon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_and_now, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_keeps_the_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
