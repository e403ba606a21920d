/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the poll loop: timer order and re-arming, descriptors,
 * child reaping, signals delivered in the loop, fd removal from a callback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"

struct rec_timer {
	struct loop_timer t;
	int id;
	int *log;
	int *n;
};

static void rec_cb(struct loop_timer *t)
{
	struct rec_timer *r = container_of(t, struct rec_timer, t);

	r->log[(*r->n)++] = r->id;
}

static void run_for(struct loop *l, int ms)
{
	int64_t end = loop_now_ms() + ms;

	while (loop_now_ms() < end)
		loop_run_once(l, (int)(end - loop_now_ms()));
}

static void test_timers_fire_in_order(void **state)
{
	struct loop *l = loop_new();
	int log[8], n = 0;
	struct rec_timer a = { .t.cb = rec_cb, .id = 1, .log = log, .n = &n };
	struct rec_timer b = { .t.cb = rec_cb, .id = 2, .log = log, .n = &n };
	struct rec_timer c = { .t.cb = rec_cb, .id = 3, .log = log, .n = &n };

	(void)state;
	assert_non_null(l);
	loop_timer_set(l, &c.t, 60);
	loop_timer_set(l, &a.t, 10);
	loop_timer_set(l, &b.t, 30);
	assert_true(loop_timer_remaining(l, &c.t) > 30);
	run_for(l, 120);
	assert_int_equal(n, 3);
	assert_int_equal(log[0], 1);
	assert_int_equal(log[1], 2);
	assert_int_equal(log[2], 3);
	assert_int_equal(loop_timer_remaining(l, &a.t), -1);
	loop_free(l);
}

static void test_timer_cancel_and_rearm(void **state)
{
	struct loop *l = loop_new();
	int log[8], n = 0;
	struct rec_timer a = { .t.cb = rec_cb, .id = 1, .log = log, .n = &n };
	struct rec_timer b = { .t.cb = rec_cb, .id = 2, .log = log, .n = &n };

	(void)state;
	loop_timer_set(l, &a.t, 10);
	loop_timer_set(l, &b.t, 20);
	loop_timer_cancel(l, &a.t);
	loop_timer_cancel(l, &a.t);          /* idle: a no-op */
	loop_timer_set(l, &b.t, 40);         /* re-arm moves it */
	run_for(l, 25);
	assert_int_equal(n, 0);
	run_for(l, 40);
	assert_int_equal(n, 1);
	assert_int_equal(log[0], 2);
	loop_free(l);
}

struct pipe_reader {
	struct loop_fd f;
	char buf[16];
	size_t len;
	struct loop *l;
};

static void reader_cb(struct loop_fd *f, short revents)
{
	struct pipe_reader *r = container_of(f, struct pipe_reader, f);
	ssize_t n = read(f->fd, r->buf + r->len, sizeof(r->buf) - r->len);

	if (n > 0)
		r->len += (size_t)n;
	if (n <= 0 || (revents & POLLHUP))
		loop_fd_del(r->l, f);
}

static void test_fd_readable_and_removed(void **state)
{
	struct loop *l = loop_new();
	int p[2];
	struct pipe_reader r = { .f.events = POLLIN, .f.cb = reader_cb };

	(void)state;
	assert_int_equal(pipe(p), 0);
	r.f.fd = p[0];
	r.l = l;
	assert_int_equal(loop_fd_add(l, &r.f), 0);
	assert_int_equal(write(p[1], "hello", 5), 5);
	loop_run_once(l, 100);
	assert_int_equal(r.len, 5);
	close(p[1]);
	loop_run_once(l, 100);
	assert_false(r.f.registered);
	close(p[0]);
	loop_free(l);
}

struct child_rec {
	struct loop_child c;
	int status;
	int done;
};

static void child_cb(struct loop_child *c, int wstatus)
{
	struct child_rec *r = container_of(c, struct child_rec, c);

	r->status = wstatus;
	r->done = 1;
}

static void test_child_reaped_with_status(void **state)
{
	struct loop *l = loop_new();
	struct child_rec r = { .c.cb = child_cb };
	int64_t end;

	(void)state;
	r.c.pid = fork();
	if (r.c.pid == 0)
		_exit(7);
	loop_child_add(l, &r.c);
	end = loop_now_ms() + 2000;
	while (!r.done && loop_now_ms() < end)
		loop_run_once(l, 100);
	assert_true(r.done);
	assert_true(WIFEXITED(r.status));
	assert_int_equal(WEXITSTATUS(r.status), 7);
	loop_free(l);
}

static void sig_cb(struct loop *l, int signo, void *ctx)
{
	*(int *)ctx = signo;
	loop_quit(l);
}

static void test_signal_runs_in_loop(void **state)
{
	struct loop *l = loop_new();
	int got = 0;

	(void)state;
	loop_set_signal_cb(l, sig_cb, &got);
	kill(getpid(), SIGHUP);
	assert_int_equal(loop_run(l), 0);
	assert_int_equal(got, SIGHUP);
	loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers_fire_in_order),
		cmocka_unit_test(test_timer_cancel_and_rearm),
		cmocka_unit_test(test_fd_readable_and_removed),
		cmocka_unit_test(test_child_reaped_with_status),
		cmocka_unit_test(test_signal_runs_in_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
