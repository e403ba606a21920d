/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * log_syslog.c: the datagram format; a reader that never reads does not
 * block the writer (lines are dropped and counted), and once it reads
 * again the count comes first; a reader that went away and came back is
 * found again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "log_syslog.h"

static char dir[64];
static char path[100];

/* A reader bound at path, non-blocking. */
static int reader(void)
{
	struct sockaddr_un a;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	unlink(path);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* The next datagram into buf ("" when none). */
static const char *next(int fd, char *buf, size_t len)
{
	ssize_t n = recv(fd, buf, len - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_log_syslog.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/log", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_syslog_close();
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_format(void **state)
{
	char buf[256], want[256];
	int fd = reader();

	(void)state;
	assert_int_equal(log_syslog_open(path, "cwmpd"), 0);
	log_syslog_write(LOG_INFO, "hello");
	snprintf(want, sizeof(want), "<30>cwmpd[%ld]: hello", (long)getpid());
	assert_string_equal(next(fd, buf, sizeof(buf)), want);
	log_syslog_write(LOG_ERR, "bad");
	snprintf(want, sizeof(want), "<27>cwmpd[%ld]: bad", (long)getpid());
	assert_string_equal(next(fd, buf, sizeof(buf)), want);
	close(fd);
}

static void test_never_blocks(void **state)
{
	char buf[256];
	int fd = reader(), sent = 0;

	(void)state;
	assert_int_equal(log_syslog_open(path, "cwmpd"), 0);
	for (int i = 0; i < 100000 && log_syslog_dropped() == 0; i++, sent++)
		log_syslog_write(LOG_INFO, "filling the reader's queue");
	assert_true(log_syslog_dropped() > 0);          /* it came back: it did not block */
	log_syslog_write(LOG_INFO, "lost too");
	assert_int_equal(log_syslog_dropped(), 2);
	while (next(fd, buf, sizeof(buf))[0])           /* the reader catches up */
		sent--;
	assert_int_equal(sent, 1);                      /* all but the first dropped one */
	log_syslog_write(LOG_NOTICE, "after");
	assert_non_null(strstr(next(fd, buf, sizeof(buf)), "2 log lines dropped"));
	assert_non_null(strstr(next(fd, buf, sizeof(buf)), "]: after"));
	assert_int_equal(log_syslog_dropped(), 0);
	close(fd);
}

static void test_reader_back(void **state)
{
	char buf[256];
	int fd;

	(void)state;
	assert_int_equal(log_syslog_open(path, "cwmpd"), 0);
	unlink(path);
	log_syslog_write(LOG_INFO, "nobody there");     /* no reader: dropped, no error */
	assert_int_equal(log_syslog_dropped(), 1);
	fd = reader();
	log_syslog_write(LOG_INFO, "back");
	assert_non_null(strstr(next(fd, buf, sizeof(buf)), "1 log lines dropped"));
	assert_non_null(strstr(next(fd, buf, sizeof(buf)), "]: back"));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_back, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
