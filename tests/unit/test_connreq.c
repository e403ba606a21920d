/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connection request server (connreq.c) on a real loop and loopback
 * sockets, with a config and an event queue and nothing else: the
 * answers (401 with both challenges, 200 with a right Digest response and
 * the event queued, 404, 405, 400, 431), no limit on valid requests, the
 * back-off of an address that keeps failing (429), an empty username
 * refusing everything, a full connection table making room for a new
 * client, the per-connection time limit, reloads that move the port,
 * change the credentials or turn it off, and a port another program holds
 * (tried again with a growing wait until it is free).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "connreq.h"
#include "digest.h"
#include "loop.h"

#define USER "acs"
#define PASS "pw"

struct fixture {
	struct loop *loop;
	struct config cfg;
	struct events events;
	struct connreq *cr;
	char dir[64];
	unsigned port;
};

static unsigned free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

/* A config for port with extra cpe lines (the caller frees it). */
static void make_config(struct fixture *f, struct config *cfg, const char *extra)
{
	char text[1024], err[256];
	int n = snprintf(text, sizeof(text),
			 "config acs 'acs'\n\toption url 'http://127.0.0.1:9/acs'\n"
			 "config cpe 'cpe'\n\toption port '%u'\n\toption address '127.0.0.1'\n"
			 "\toption path '/cr'\n\toption state_dir '%s'\n%s",
			 f->port, f->dir, extra);

	assert_int_equal(config_parse("test", text, (size_t)n, cfg, err, sizeof(err)), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_connreq.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->port = free_port();
	f->loop = loop_new();
	assert_non_null(f->loop);
	make_config(f, &f->cfg, "\toption username '" USER "'\n\toption password '" PASS "'\n");
	events_init(&f->events, NULL);
	f->cr = connreq_new(f->loop, &f->cfg, &f->events);
	assert_non_null(f->cr);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

	connreq_free(f->cr);
	events_fini(&f->events);
	config_fini(&f->cfg);
	loop_free(f->loop);
	snprintf(path, sizeof(path), "%s/events", f->dir);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- a client -------------------------------------------------------------------- */

static int client(unsigned port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Run the loop until fd's peer closes; what it sent goes to out. */
static size_t read_all(struct fixture *f, int fd, char *out, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	for (int i = 0; i < 500; i++) {
		loop_run_once(f->loop, 10);
		while ((n = recv(fd, out + len, cap - 1 - len, 0)) > 0)
			len += (size_t)n;
		if (n == 0 || (n < 0 && errno != EAGAIN))
			break;
	}
	out[len] = '\0';
	return len;
}

static int status_of(const char *resp)
{
	return strncmp(resp, "HTTP/1.1 ", 9) == 0 ? (int)strtol(resp + 9, NULL, 10) : -1;
}

/* Send req (len bytes) on a new connection; the answer in out; its status. */
static int exchange(struct fixture *f, const char *req, size_t len, char *out, size_t cap)
{
	int fd = client(f->port), status;

	assert_true(fd >= 0);
	assert_int_equal(send(fd, req, len, 0), (ssize_t)len);
	read_all(f, fd, out, cap);
	close(fd);
	status = status_of(out);
	return status;
}

static int get(struct fixture *f, const char *auth, char *out, size_t cap)
{
	char req[1024];
	int n = snprintf(req, sizeof(req), "GET /cr HTTP/1.1\r\nHost: x\r\n%s%s%s\r\n",
			 auth ? "Authorization: " : "", auth ? auth : "", auth ? "\r\n" : "");

	return exchange(f, req, (size_t)n, out, cap);
}

/* The two-step Digest exchange with user/pass; the final status. */
static int connection_request(struct fixture *f, const char *user, const char *pass,
			      char *out, size_t cap)
{
	char nonce[DIGEST_NONCE_LEN + 1], resp[65], auth[512];
	const char *p;

	if (get(f, NULL, out, cap) != 401)
		return -1;
	p = strstr(out, "algorithm=MD5, nonce=\"");
	assert_non_null(p);
	memcpy(nonce, p + 22, DIGEST_NONCE_LEN);
	nonce[DIGEST_NONCE_LEN] = '\0';
	assert_int_equal(digest_response("MD5", user, DIGEST_REALM, pass, "GET", "/cr", nonce,
					 "00000001", "abc", "auth", resp), 0);
	snprintf(auth, sizeof(auth), "Digest username=\"%s\", realm=\"" DIGEST_REALM "\", "
		 "nonce=\"%s\", uri=\"/cr\", algorithm=MD5, qop=auth, nc=00000001, "
		 "cnonce=\"abc\", response=\"%s\"", user, nonce, resp);
	return get(f, auth, out, cap);
}

/* ---- the cases ------------------------------------------------------------------------- */

static void test_challenge_and_accept(void **state)
{
	struct fixture *f = *state;
	char out[2048];

	assert_int_equal(get(f, NULL, out, sizeof(out)), 401);
	assert_non_null(strstr(out, "WWW-Authenticate: Digest realm=\"cwmpd\", qop=\"auth\", "
				    "algorithm=SHA-256, nonce=\""));
	assert_non_null(strstr(out, "algorithm=MD5"));
	assert_non_null(strstr(out, "Content-Length: 0\r\nConnection: close\r\n"));
	assert_int_equal(connection_request(f, USER, "nope", out, sizeof(out)), 401);
	assert_false(events_has(&f->events, EV_CONNECTION_REQUEST));
	assert_int_equal(connection_request(f, USER, PASS, out, sizeof(out)), 200);
	assert_true(strstr(out, "\r\n\r\n") == out + strlen(out) - 4);   /* no body */
	assert_true(events_has(&f->events, EV_CONNECTION_REQUEST));
}

static void test_bad_requests(void **state)
{
	static const struct {
		const char *req;
		int status;
	} v[] = {
		{ "GET /other HTTP/1.1\r\n\r\n", 404 },
		{ "POST /cr HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405 },
		{ "GET /cr HTTP/1.1\r\nBroken\r\n\r\n", 400 },
		{ "\x16\x03\x01\x00\x10\r\n\r\n", 400 },
		{ "GET http://127.0.0.1:1/cr HTTP/1.1\r\n\r\n", 401 },
		{ "GET http://127.0.0.1:1/crx HTTP/1.1\r\n\r\n", 404 },
		{ "GET /cr?a=b HTTP/1.0\r\n\r\n", 401 },
	};
	struct fixture *f = *state;
	char out[2048], big[6000];
	int n;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(exchange(f, v[i].req, strlen(v[i].req), out, sizeof(out)),
				 v[i].status);
	assert_non_null(strstr(out, "HTTP/1.1 401"));
	n = snprintf(big, sizeof(big), "GET /cr HTTP/1.1\r\n");
	for (int i = 0; i < 40; i++)
		n += snprintf(big + n, sizeof(big) - (size_t)n, "H%d: v\r\n", i);
	n += snprintf(big + n, sizeof(big) - (size_t)n, "\r\n");
	assert_int_equal(exchange(f, big, (size_t)n, out, sizeof(out)), 431);
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /cr HTTP/1.1\r\nX: ", 21);
	assert_int_equal(exchange(f, big, sizeof(big), out, sizeof(out)), 431);
	assert_false(events_has(&f->events, EV_CONNECTION_REQUEST));
}

/* Valid requests are never refused for their pace. */
static void test_no_rate_limit(void **state)
{
	struct fixture *f = *state;
	char out[2048];

	for (int i = 0; i < 30; i++)
		assert_int_equal(connection_request(f, USER, PASS, out, sizeof(out)), 200);
}

/* Wrong passwords back the address off: 429 with Retry-After at once,
 * for everything from it (a valid request too) until the debt drains. */
static void test_backoff(void **state)
{
	struct fixture *f = *state;
	char out[2048];

	/* Each attempt is two failures (the challenge, the wrong answer):
	 * five are free. */
	for (int i = 0; i < 5; i++)
		assert_int_equal(connection_request(f, USER, "x", out, sizeof(out)), 401);
	assert_int_equal(connection_request(f, USER, "x", out, sizeof(out)), 429);
	/* Room for a challenge and an answer: 11 s of debt down to 8. */
	assert_non_null(strstr(out, "Retry-After: 3\r\n"));
	assert_int_equal(get(f, NULL, out, sizeof(out)), 429);
	assert_false(events_has(&f->events, EV_CONNECTION_REQUEST));
	usleep(3050 * 1000);
	assert_int_equal(connection_request(f, USER, PASS, out, sizeof(out)), 200);
	assert_true(events_has(&f->events, EV_CONNECTION_REQUEST));
}

static void reload_with(struct fixture *f, const char *extra)
{
	struct config cfg;

	make_config(f, &cfg, extra);
	config_fini(&f->cfg);
	f->cfg = cfg;
	connreq_reload(f->cr);
}

static void test_empty_username(void **state)
{
	struct fixture *f = *state;
	char out[2048];

	reload_with(f, "");
	assert_int_equal(connection_request(f, "", "", out, sizeof(out)), 401);
	assert_false(events_has(&f->events, EV_CONNECTION_REQUEST));
	reload_with(f, "\toption username 'new'\n\toption password 'pw2'\n");
	assert_int_equal(connection_request(f, USER, PASS, out, sizeof(out)), 401);
	assert_int_equal(connection_request(f, "new", "pw2", out, sizeof(out)), 200);
}

static void test_reload_port_and_enable(void **state)
{
	struct fixture *f = *state;
	unsigned old = f->port;
	char out[2048];
	int fd;

	f->port = free_port();
	reload_with(f, "\toption username 'u'\n\toption password 'p'\n");
	fd = client(old);
	assert_true(fd < 0);
	assert_int_equal(connection_request(f, "u", "p", out, sizeof(out)), 200);
	reload_with(f, "\toption username 'u'\n\toption cr_enable '0'\n");
	fd = client(f->port);
	assert_true(fd < 0);
	reload_with(f, "\toption username 'u'\n\toption password 'p'\n");
	assert_int_equal(get(f, NULL, out, sizeof(out)), 401);
}

/* A listening socket of another program on port (the caller closes it). */
static int occupy(unsigned port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 1), 0);
	return fd;
}

/* Run the loop for ms. */
static void run_for(struct fixture *f, int64_t ms)
{
	int64_t end = loop_now_ms() + ms;

	while (loop_now_ms() < end)
		loop_run_once(f->loop, 10);
}

/* A reload onto a port another program holds: no listener, tries again
 * after 1 s, then 2 s later; the port freed, the server is back on it. */
static void test_port_taken(void **state)
{
	struct fixture *f = *state;
	char out[2048];
	int busy;

	f->port = free_port();
	busy = occupy(f->port);
	reload_with(f, "\toption username 'u'\n\toption password 'p'\n");
	run_for(f, 1300);               /* the first retry (1 s) failed too */
	close(busy);
	run_for(f, 1200);               /* the next one is 2 s after it */
	assert_true(client(f->port) < 0);
	run_for(f, 1000);
	assert_int_equal(connection_request(f, "u", "p", out, sizeof(out)), 200);
}

/* 16 idle connections and a 17th: the oldest is closed, the new one served. */
static void test_full_table(void **state)
{
	struct fixture *f = *state;
	int idle[16], fd;
	char out[2048], c;

	for (int i = 0; i < 16; i++) {
		idle[i] = client(f->port);
		assert_true(idle[i] >= 0);
		loop_run_once(f->loop, 10);
	}
	assert_int_equal(get(f, NULL, out, sizeof(out)), 401);
	fcntl(idle[0], F_SETFL, O_NONBLOCK);
	assert_int_equal(recv(idle[0], &c, 1, 0), 0);      /* closed to make room */
	fcntl(idle[15], F_SETFL, O_NONBLOCK);
	assert_int_equal(recv(idle[15], &c, 1, 0), -1);    /* still open */
	for (int i = 0; i < 16; i++)
		close(idle[i]);
	fd = client(f->port);
	assert_true(fd >= 0);
	close(fd);
}

/* A client that sends half a request is closed after 5 s. */
static void test_time_limit(void **state)
{
	struct fixture *f = *state;
	int fd = client(f->port);
	int64_t t0 = loop_now_ms(), took;
	char out[64];

	assert_true(fd >= 0);
	assert_int_equal(send(fd, "GET /cr HTTP/1.1\r\n", 18, 0), 18);
	read_all(f, fd, out, sizeof(out));
	took = loop_now_ms() - t0;
	close(fd);
	assert_string_equal(out, "");
	assert_true(took >= 4900 && took < 6000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_challenge_and_accept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_rate_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_username, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_port_and_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_limit, setup, teardown),
	};

	return cmocka_run_group_tests_name("connreq", tests, NULL, NULL);
}
