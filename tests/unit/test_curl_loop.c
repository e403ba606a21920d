/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for curl_loop, table-driven: an idle one, then GETs against an
 * HTTP server on loopback served from the same loop: a plain one, a refused
 * connection, and the two things a done_cb may do: free the curl_loop, or
 * end it and start it again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "curl_loop.h"

#define REPLY "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"

/* A server that answers every connection with REPLY without reading the
 * request; it closes them at the end (no reset for an unread request). */
struct server {
	struct loop_fd fd;
	int port;
	int conns[4];
	int nconns;
};

static void server_accept_cb(struct loop_fd *f, short revents)
{
	struct server *s = container_of(f, struct server, fd);
	int c = accept(f->fd, NULL, NULL);

	(void)revents;
	if (c < 0)
		return;
	if (write(c, REPLY, sizeof(REPLY) - 1) < 0)
		perror("write");
	shutdown(c, SHUT_WR);
	if (s->nconns < 4)
		s->conns[s->nconns++] = c;
	else
		close(c);
}

/* Listen on an ephemeral loopback port; listening false closes it again,
 * so the port refuses connections. */
static void server_open(struct server *s, struct loop *l, bool listening)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	s->fd.fd = fd;
	if (!listening) {
		close(fd);
		s->fd.fd = -1;
		return;
	}
	assert_int_equal(listen(fd, 4), 0);
	s->fd.events = POLLIN;
	s->fd.cb = server_accept_cb;
	assert_int_equal(loop_fd_add(l, &s->fd), 0);
}

static void server_close(struct server *s, struct loop *l)
{
	for (int i = 0; i < s->nconns; i++)
		close(s->conns[i]);
	if (s->fd.fd < 0)
		return;
	loop_fd_del(l, &s->fd);
	close(s->fd.fd);
}

/* What a GET (or two, GET_AGAIN) saw; outlives a GET_FREE one. */
struct outcome {
	int done;                   /* done_cb calls */
	CURLcode rc;                /* the last one's */
	char body[16];              /* the last one's */
	size_t len;
};

enum get_then { GET_KEEP, GET_FREE, GET_AGAIN };

/* One GET on its own curl_loop, and what its done_cb does then. */
struct get {
	struct curl_loop cl;
	CURL *easy;
	struct loop *loop;
	enum get_then then;
	struct outcome *out;
};

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct outcome *o = userp;
	size_t n = size * nmemb;

	if (n > sizeof(o->body) - o->len)
		return 0;
	memcpy(o->body + o->len, data, n);
	o->len += n;
	return n;
}

static void get_done_cb(void *ctx, CURL *easy, CURLcode rc)
{
	struct get *g = ctx;

	assert_ptr_equal(easy, g->easy);
	g->out->done++;
	g->out->rc = rc;
	curl_loop_remove(&g->cl, easy);
	if (g->then == GET_FREE) {
		curl_easy_cleanup(g->easy);
		curl_loop_fini(&g->cl);
		free(g);
	} else if (g->then == GET_AGAIN) {
		g->then = GET_KEEP;
		g->out->len = 0;
		curl_loop_fini(&g->cl);
		assert_int_equal(curl_loop_init(&g->cl, g->loop, get_done_cb, g), 0);
		assert_int_equal(curl_loop_add(&g->cl, g->easy), 0);
	}
}

static struct get *get_new(struct loop *l, int port, enum get_then then, struct outcome *o)
{
	struct get *g = calloc(1, sizeof(*g));
	char url[64];

	assert_non_null(g);
	g->loop = l;
	g->then = then;
	g->out = o;
	g->easy = curl_easy_init();
	assert_non_null(g->easy);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	curl_easy_setopt(g->easy, CURLOPT_URL, url);
	curl_easy_setopt(g->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(g->easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(g->easy, CURLOPT_WRITEDATA, o);
	assert_int_equal(curl_loop_init(&g->cl, l, get_done_cb, g), 0);
	assert_int_equal(curl_loop_add(&g->cl, g->easy), 0);
	return g;
}

static void get_free(struct get *g)
{
	curl_loop_remove(&g->cl, g->easy);
	curl_easy_cleanup(g->easy);
	curl_loop_fini(&g->cl);
	assert_null(g->cl.socks);
	free(g);
}

/* Run the loop until *count reaches want, for at most 5 s. */
static void run_until(struct loop *l, const int *count, int want)
{
	int64_t end = loop_now_ms() + 5000;

	while (*count < want && loop_now_ms() < end)
		assert_int_equal(loop_run_once(l, 50), 0);
	assert_int_equal(*count, want);
}

static void test_idle(void **state)
{
	struct curl_loop cl = { 0 };
	CURL *e = curl_easy_init();

	(void)state;
	assert_non_null(e);
	curl_loop_fini(&cl);
	curl_loop_remove(&cl, e);
	assert_int_equal(curl_loop_add(&cl, e), -EINVAL);
	curl_easy_cleanup(e);
}

static const struct get_case {
	const char *name;
	bool listening;             /* false: the port refuses */
	enum get_then then;
	int done;                   /* done_cb calls expected */
	CURLcode rc;
	const char *body;
} get_cases[] = {
	{ "get", true, GET_KEEP, 1, CURLE_OK, "ok" },
	{ "refused", false, GET_KEEP, 1, CURLE_COULDNT_CONNECT, "" },
	/* done_cb frees what holds the curl_loop, as transfer_http.c does */
	{ "free in done_cb", true, GET_FREE, 1, CURLE_OK, "ok" },
	/* done_cb ends the curl_loop and starts it again, as http.c may */
	{ "again in done_cb", true, GET_AGAIN, 2, CURLE_OK, "ok" },
};

static void test_get_case(void **state)
{
	const struct get_case *c = *state;
	struct loop *l = loop_new();
	struct server s = { 0 };
	struct outcome o = { 0 };
	struct get *g;

	assert_non_null(l);
	server_open(&s, l, c->listening);
	g = get_new(l, s.port, c->then, &o);
	run_until(l, &o.done, c->done);
	assert_int_equal(o.rc, c->rc);
	assert_int_equal(o.len, strlen(c->body));
	assert_memory_equal(o.body, c->body, o.len);
	for (int i = 0; i < 3; i++)     /* nothing more, nothing freed used */
		assert_int_equal(loop_run_once(l, 10), 0);
	assert_int_equal(o.done, c->done);
	if (c->then != GET_FREE)
		get_free(g);
	server_close(&s, l);
	loop_free(l);
}

#define GET_CASE(i) { .name = get_cases[i].name, .test_func = test_get_case, \
		      .initial_state = (void *)&get_cases[i] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle),
		GET_CASE(0), GET_CASE(1), GET_CASE(2), GET_CASE(3),
	};
	int rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
