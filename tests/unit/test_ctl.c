/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's control socket (ctl.c, unix_listen.c): the request's framing
 * (each vector whole and byte by byte) and parsing (good requests, every
 * kind of bad one, exactly-sized buffers so an over-read shows under
 * valgrind), the socket that cannot be planted (a file, a symlink,
 * another user's socket, a live cwmpd, an open directory; our own stale
 * socket replaced; only our own file removed), and the server in the real
 * loop: answers, bad and oversized requests, a fifth client turned away,
 * a slow client that neither stalls the others nor outlives its time, the
 * socket moved by a reload and removed at the end.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cmd.h"
#include "ctl_proto.h"
#include "events.h"
#include "loop.h"
#include "unix_listen.h"

#define REQ(cmd) "cwmpctl\t1\ncommand\t" cmd "\n\n"

/* ---- framing ------------------------------------------------------------------- */

static const struct frame_case {
	const char *in;
	long want;
} frames[] = {
	{ "", 0 },
	{ "\n", 1 },
	{ "cwmpctl\t1\n", 0 },
	{ "cwmpctl\t1\ncommand\tstatus\n", 0 },
	{ "cwmpctl\t1\ncommand\tstatus\n\n", 26 },
	{ "cwmpctl\t1\ncommand\tstatus\n\nmore after the end", 26 },
	{ "cwmpctl\t1\narg\ta\\n\\nb\n\n", 22 },        /* escaped newlines are no end */
	{ "a\r\n\r\n", 0 },                              /* CRLF: not our framing */
};

static void test_frame(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		const char *in = frames[i].in;
		size_t len = strlen(in);
		long got = ctl_request_frame(in, len);

		if (got != frames[i].want)
			fail_msg("frame case %zu: got %ld, want %ld", i, got, frames[i].want);
		/* byte by byte: nothing is whole before its end */
		for (size_t n = 0; n < len; n++) {
			char *part = malloc(n + 1);

			memcpy(part, in, n);
			got = ctl_request_frame(part, n);
			free(part);
			if (frames[i].want && n < (size_t)frames[i].want && got != 0)
				fail_msg("frame case %zu, %zu bytes: got %ld", i, n, got);
		}
	}
}

static void test_frame_cap(void **state)
{
	char *big = malloc(CTL_MAX_REQUEST + 10);

	(void)state;
	memset(big, 'a', CTL_MAX_REQUEST + 10);
	assert_int_equal(ctl_request_frame(big, CTL_MAX_REQUEST - 1), 0);
	assert_int_equal(ctl_request_frame(big, CTL_MAX_REQUEST), -E2BIG);
	assert_int_equal(ctl_request_frame(big, CTL_MAX_REQUEST + 10), -E2BIG);
	big[CTL_MAX_REQUEST - 2] = big[CTL_MAX_REQUEST - 1] = '\n';
	assert_int_equal(ctl_request_frame(big, CTL_MAX_REQUEST + 10), CTL_MAX_REQUEST);
	free(big);
}

/* ---- parsing ------------------------------------------------------------------- */

/* Parse in from an exactly-sized copy. */
static int parse(const char *in, struct ctl_request *req, const char **why)
{
	size_t len = strlen(in);
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, in, len);
	rc = ctl_request_parse(copy, len, req, why);
	free(copy);
	return rc;
}

static void test_parse(void **state)
{
	struct ctl_request r;
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse("cwmpctl\t1\nformat\tjson\ncommand\tset\narg\tDevice.X\\tY\n"
			       "arg\t\narg\ta\\\\b\\nc\n\n", &r, &why), 0);
	assert_true(r.json);
	assert_string_equal(r.command, "set");
	assert_int_equal(r.n_args, 3);
	assert_string_equal(r.args[0], "Device.X\tY");
	assert_string_equal(r.args[1], "");
	assert_string_equal(r.args[2], "a\\b\nc");
	ctl_request_fini(&r);
	assert_null(r.command);

	assert_int_equal(parse("cwmpctl\t1\ncommand\tstatus\nformat\ttext\n\n", &r, &why), 0);
	assert_false(r.json);
	assert_int_equal(r.n_args, 0);
	ctl_request_fini(&r);
}

static const struct bad_case {
	const char *in;
	int rc;
	const char *why;
} bads[] = {
	{ "\n", -EPROTO, "not a cwmpctl request" },
	{ "command\tstatus\n\n", -EPROTO, "not a cwmpctl request" },
	{ "GET / HTTP/1.0\r\n\r\n", -EPROTO, "a malformed line" },
	{ "cwmpctl\t2\ncommand\tstatus\n\n", -EPROTO,
	  "cwmpctl and cwmpd speak different protocol versions" },
	{ "cwmpctl\t1\n\n", -EPROTO, "no command" },
	{ "cwmpctl\t1\nformat\tjson\n\n", -EPROTO, "no command" },
	{ "cwmpctl\t1\ncommand\tget\ncommand\tset\n\n", -EPROTO, "a bad or second command line" },
	{ "cwmpctl\t1\ncommand\t\n\n", -EPROTO, "a bad or second command line" },
	{ "cwmpctl\t1\ncommand\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n", -EPROTO,
	  "a bad or second command line" },
	{ "cwmpctl\t1\nformat\txml\ncommand\tstatus\n\n", -EPROTO, "a bad or second format line" },
	{ "cwmpctl\t1\nformat\tjson\nformat\tjson\ncommand\tstatus\n\n", -EPROTO,
	  "a bad or second format line" },
	{ "cwmpctl\t1\ncommand\tstatus\nuser\troot\n\n", -EPROTO, "an unknown line" },
	{ "cwmpctl\t1\ncommand\tstatus\narg\ta\\qb\n\n", -EPROTO, "a malformed line" },
	{ "cwmpctl\t1\ncommand\tstatus\nno tab here\n\n", -EPROTO, "a malformed line" },
	{ "cwmpctl\t1\ncommand\tstatus\narg\ta\tb\n\n", -EPROTO, "a malformed line" },
};

static void test_parse_bad(void **state)
{
	struct ctl_request r;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		int rc;

		why = NULL;
		rc = parse(bads[i].in, &r, &why);
		if (rc != bads[i].rc || !why || strcmp(why, bads[i].why) != 0)
			fail_msg("bad case %zu: got %d (%s)", i, rc, why ? why : "-");
		ctl_request_fini(&r);
	}
}

/* A NUL inside a line makes it malformed, and the parse reads no further
 * than len. */
static void test_parse_nul(void **state)
{
	static const char in[] = "cwmpctl\t1\ncommand\tst\0atus\n\n";
	struct ctl_request r;
	const char *why = NULL;

	(void)state;
	assert_int_equal(ctl_request_parse(in, sizeof(in) - 1, &r, &why), -EPROTO);
	assert_string_equal(why, "a malformed line");
	ctl_request_fini(&r);
}

static void test_parse_args_cap(void **state)
{
	struct ctl_request r;
	const char *why = NULL;
	char *in = malloc(20 + (CTL_MAX_ARGS + 1) * 6 + 20);
	size_t len = 0;

	(void)state;
	len += (size_t)sprintf(in, "cwmpctl\t1\ncommand\tget\n");
	for (int i = 0; i < CTL_MAX_ARGS; i++)
		len += (size_t)sprintf(in + len, "arg\tx\n");
	len += (size_t)sprintf(in + len, "\n");
	assert_int_equal(ctl_request_parse(in, len, &r, &why), 0);
	assert_int_equal(r.n_args, CTL_MAX_ARGS);
	ctl_request_fini(&r);
	len -= 1;
	len += (size_t)sprintf(in + len, "arg\tx\n\n");
	assert_int_equal(ctl_request_parse(in, len, &r, &why), -E2BIG);
	assert_string_equal(why, "too many arguments");
	ctl_request_fini(&r);
	free(in);
}

/* ---- the socket nobody can plant -------------------------------------------------- */

struct dir {
	char path[64];
	char sock[96];
};

static void dir_make(struct dir *d)
{
	snprintf(d->path, sizeof(d->path), "/tmp/cwmpd-ctl.XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->sock, sizeof(d->sock), "%s/ctl.sock", d->path);
}

static void dir_remove(struct dir *d)
{
	unlink(d->sock);
	rmdir(d->path);
}

/* A socket bound at path and closed without unlink: what a crash leaves. */
static void stale_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
}

static void test_listen(void **state)
{
	struct dir d;
	struct stat made, st, again;
	int fd, fd2;

	(void)state;
	dir_make(&d);
	fd = unix_listen(d.sock, 4, &made);
	assert_true(fd >= 0);
	assert_int_equal(lstat(d.sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_ino, made.st_ino);
	/* a live one is left alone */
	assert_int_equal(unix_listen(d.sock, 4, &again), -EADDRINUSE);
	assert_int_equal(lstat(d.sock, &st), 0);
	close(fd);
	/* closed without unlink (a crash): ours, nobody listens: replaced */
	fd2 = unix_listen(d.sock, 4, &again);
	assert_true(fd2 >= 0);
	/* another file's identity does not remove it */
	assert_int_equal(stat(d.path, &st), 0);
	unix_unlink(d.sock, &st);
	assert_int_equal(lstat(d.sock, &st), 0);
	unix_unlink(d.sock, &again);
	assert_int_equal(lstat(d.sock, &st), -1);
	close(fd2);
	stale_socket(d.sock);
	fd = unix_listen(d.sock, 4, &made);
	assert_true(fd >= 0);
	close(fd);
	dir_remove(&d);
}

static void test_listen_planted(void **state)
{
	struct dir d;
	struct stat made, st;
	FILE *f;

	(void)state;
	dir_make(&d);
	f = fopen(d.sock, "w");
	fputs("not a socket", f);
	fclose(f);
	assert_int_equal(unix_listen(d.sock, 4, &made), -EEXIST);
	assert_int_equal(lstat(d.sock, &st), 0);
	assert_true(S_ISREG(st.st_mode));       /* left as it was */
	unlink(d.sock);
	assert_int_equal(symlink("/tmp", d.sock), 0);
	assert_int_equal(unix_listen(d.sock, 4, &made), -EEXIST);
	unlink(d.sock);
	if (geteuid() == 0) {
		/* another user's stale socket is theirs, not ours to remove */
		stale_socket(d.sock);
		assert_int_equal(lchown(d.sock, 65534, 65534), 0);
		assert_int_equal(unix_listen(d.sock, 4, &made), -EEXIST);
		assert_int_equal(lstat(d.sock, &st), 0);
		unlink(d.sock);
	}
	assert_int_equal(unix_listen("relative.sock", 4, &made), -ENAMETOOLONG);
	dir_remove(&d);
}

static void test_listen_dir(void **state)
{
	struct dir d;
	struct stat made;
	int fd;

	(void)state;
	dir_make(&d);
	assert_int_equal(chmod(d.path, 0777), 0);       /* anyone may swap entries */
	assert_int_equal(unix_listen(d.sock, 4, &made), -EPERM);
	assert_int_equal(chmod(d.path, 0775), 0);
	assert_int_equal(unix_listen(d.sock, 4, &made), -EPERM);
	assert_int_equal(chmod(d.path, 01777), 0);      /* sticky, like /tmp */
	fd = unix_listen(d.sock, 4, &made);
	assert_true(fd >= 0);
	close(fd);
	unix_unlink(d.sock, &made);
	assert_int_equal(chmod(d.path, 0755), 0);
	if (geteuid() == 0) {
		assert_int_equal(chown(d.path, 65534, 65534), 0);
		assert_int_equal(unix_listen(d.sock, 4, &made), -EPERM);
	}
	dir_remove(&d);
}

/* ---- the server in the loop ---------------------------------------------------- */

struct srv {
	struct dir d;
	struct loop *loop;
	struct config cfg;
	struct events ev;
	struct ctl_cmds *cmds;
	struct ctl *ctl;
};

static void status_cb(void *ctx, struct ctl_status *out)
{
	(void)ctx;
	*out = (struct ctl_status){ .retry_in_ms = -1 };
}

static const char *busy_cb(void *ctx)
{
	(void)ctx;
	return "a session with the ACS is running";
}

static int srv_setup(void **state)
{
	static const char conf[] = "config acs 'acs'\n\toption url 'http://acs/'\n";
	struct srv *s = calloc(1, sizeof(*s));
	char err[256];

	dir_make(&s->d);
	s->loop = loop_new();
	assert_int_equal(config_parse("t", conf, strlen(conf), &s->cfg, err, sizeof(err)), 0);
	free(s->cfg.ctl_socket);
	s->cfg.ctl_socket = strdup(s->d.sock);
	events_init(&s->ev, NULL);
	s->cmds = ctl_cmds_new(&(struct ctl_env){ .cfg = &s->cfg, .events = &s->ev,
						  .dm = { .loop = s->loop }, .status = status_cb,
						  .dm_busy = busy_cb });
	s->ctl = ctl_new(s->loop, &s->cfg, s->cmds);
	assert_non_null(s->ctl);
	*state = s;
	return 0;
}

static int srv_teardown(void **state)
{
	struct srv *s = *state;
	struct stat st;

	ctl_free(s->ctl);
	assert_int_equal(lstat(s->d.sock, &st), -1);   /* removed at the end */
	ctl_cmds_free(s->cmds);
	events_fini(&s->ev);
	config_fini(&s->cfg);
	loop_free(s->loop);
	dir_remove(&s->d);
	free(s);
	return 0;
}

static int client(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void send_str(int fd, const char *s, size_t len)
{
	assert_int_equal(send(fd, s, len, MSG_NOSIGNAL), (ssize_t)len);
}

/* Run the loop until fd's peer closes (at most ms): what came, in out. */
static size_t until_closed(struct srv *s, int fd, char *out, size_t size, int ms)
{
	size_t len = 0;
	ssize_t n;

	for (int64_t end = loop_now_ms() + ms; loop_now_ms() < end;) {
		loop_run_once(s->loop, 10);
		n = recv(fd, out + len, size - 1 - len, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			break;          /* what came before a reset is read first */
		if (n > 0)
			len += (size_t)n;
	}
	out[len] = '\0';
	return len;
}

static void exchange(struct srv *s, const char *req, size_t len, const char *want_start)
{
	char out[4096];
	int fd = client(s->d.sock);

	send_str(fd, req, len);
	until_closed(s, fd, out, sizeof(out), 2000);
	close(fd);
	if (strncmp(out, want_start, strlen(want_start)) != 0)
		fail_msg("got [%s], want [%s...]", out, want_start);
}

static void test_server(void **state)
{
	struct srv *s = *state;
	char *big = malloc(CTL_MAX_REQUEST + 100);

	exchange(s, REQ("status"), strlen(REQ("status")),
		 "0\nACS URL               http://acs/\n");
	exchange(s, "cwmpctl\t1\nformat\tjson\ncommand\tevents\n\n", 38, "0\n{\"events\":[]}\n");
	exchange(s, REQ("get\narg\tDevice."), strlen(REQ("get\narg\tDevice.")),
		 "4\nbusy: a session with the ACS is running; try again\n");
	exchange(s, REQ("bogus"), strlen(REQ("bogus")), "2\nunknown command 'bogus'");
	exchange(s, "GET / HTTP/1.1\n\n", 16, "2\nbad request: a malformed line\n");
	memset(big, 'a', CTL_MAX_REQUEST + 100);
	exchange(s, big, CTL_MAX_REQUEST + 100, "2\nbad request: too large\n");
	exchange(s, big, CTL_MAX_REQUEST + 1, "2\nbad request: too large\n");
	free(big);
}

/* The cap crossed in the middle of a read: still "too large", at once. */
static void test_server_cap_midread(void **state)
{
	struct srv *s = *state;
	char *big = malloc(CTL_MAX_REQUEST);
	char out[256];
	int fd = client(s->d.sock);

	memset(big, 'a', CTL_MAX_REQUEST);
	send_str(fd, big, CTL_MAX_REQUEST - 100);
	for (int i = 0; i < 20; i++)
		loop_run_once(s->loop, 5);              /* all of it read */
	send_str(fd, big, 200);
	until_closed(s, fd, out, sizeof(out), 1000);
	close(fd);
	free(big);
	assert_string_equal(out, "2\nbad request: too large\n");
}

/* Four silent clients hold every slot: a fifth is told busy at once; the
 * silent ones are closed after CTL_READ_MS, and then a client is served. */
static void test_server_slots(void **state)
{
	struct srv *s = *state;
	int idle[CTL_MAX_CONNS], fd;
	char out[512];
	int64_t t0 = loop_now_ms();

	for (int i = 0; i < CTL_MAX_CONNS; i++) {
		idle[i] = client(s->d.sock);
		send_str(idle[i], "cwmpctl\t1\n", 10);          /* and nothing more */
	}
	for (int i = 0; i < 5; i++)
		loop_run_once(s->loop, 10);
	fd = client(s->d.sock);
	send_str(fd, REQ("status"), strlen(REQ("status")));   /* unread: a reset */
	until_closed(s, fd, out, sizeof(out), 1000);
	close(fd);
	assert_string_equal(out, "4\nbusy: too many cwmpctl clients at once; try again\n");
	/* the silent ones are closed when their time is up */
	for (int i = 0; i < CTL_MAX_CONNS; i++) {
		assert_int_equal(until_closed(s, idle[i], out, sizeof(out), CTL_READ_MS + 1000), 0);
		close(idle[i]);
	}
	assert_true(loop_now_ms() - t0 >= CTL_READ_MS - 50);
	exchange(s, REQ("events"), strlen(REQ("events")), "0\nno events pending\n");
}

/* A slow client does not hold up another one. */
static void test_server_slow(void **state)
{
	struct srv *s = *state;
	int slow = client(s->d.sock);
	char out[512];
	int64_t t0;

	send_str(slow, "cwmpctl\t1\ncomm", 14);
	t0 = loop_now_ms();
	exchange(s, REQ("events"), strlen(REQ("events")), "0\nno events pending\n");
	assert_true(loop_now_ms() - t0 < 1000);
	send_str(slow, "and\tevents\n\n", 12);          /* finishes in time: served */
	until_closed(s, slow, out, sizeof(out), 2000);
	assert_string_equal(out, "0\nno events pending\n");
	close(slow);
}

static void test_server_reload(void **state)
{
	struct srv *s = *state;
	char old[96];
	struct stat st;
	FILE *f;

	snprintf(old, sizeof(old), "%s", s->d.sock);
	snprintf(s->d.sock, sizeof(s->d.sock), "%s/other.sock", s->d.path);
	free(s->cfg.ctl_socket);
	s->cfg.ctl_socket = strdup(s->d.sock);
	ctl_reload(s->ctl);
	assert_int_equal(lstat(old, &st), -1);
	exchange(s, REQ("events"), strlen(REQ("events")), "0\n");
	/* off, then a planted file: no socket, until it is gone and a reload comes */
	free(s->cfg.ctl_socket);
	s->cfg.ctl_socket = strdup("");
	ctl_reload(s->ctl);
	assert_int_equal(lstat(s->d.sock, &st), -1);
	f = fopen(s->d.sock, "w");
	fclose(f);
	free(s->cfg.ctl_socket);
	s->cfg.ctl_socket = strdup(s->d.sock);
	ctl_reload(s->ctl);
	assert_int_equal(lstat(s->d.sock, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	unlink(s->d.sock);
	ctl_reload(s->ctl);
	exchange(s, REQ("events"), strlen(REQ("events")), "0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_frame_cap),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_nul),
		cmocka_unit_test(test_parse_args_cap),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_listen_planted),
		cmocka_unit_test(test_listen_dir),
		cmocka_unit_test_setup_teardown(test_server, srv_setup, srv_teardown),
		cmocka_unit_test_setup_teardown(test_server_cap_midread, srv_setup, srv_teardown),
		cmocka_unit_test_setup_teardown(test_server_slots, srv_setup, srv_teardown),
		cmocka_unit_test_setup_teardown(test_server_slow, srv_setup, srv_teardown),
		cmocka_unit_test_setup_teardown(test_server_reload, srv_setup, srv_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
