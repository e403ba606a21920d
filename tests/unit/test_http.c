/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests of the HTTP client against tests/unit/http_server.py on 127.0.0.1,
 * with the real poll loop: headers of SOAP and empty POSTs, 204, cookies kept
 * within a session only, Basic and Digest authentication, redirects that keep
 * the POST and the redirect limit, time limit, refused connection, TLS
 * failure, the body cap, keep-alive, calls made from inside the callback, and
 * bodies sent from the caller's buffer or read while they are sent.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http.h"
#include "log.h"
#include "loop.h"

struct env {
	pid_t pid;
	int port;
	struct loop *loop;
};

struct result {
	int calls;
	int err;
	long status;
	char *body;
	size_t len;
	char *ctype;
	char err_text[256];
	/* what the callback does after recording */
	struct http_client *client;
	bool end_in_cb;
	bool post_in_cb;
	int post_rc;
};

static const char SOAP[] = "<soap:Envelope>Inform</soap:Envelope>";

/* ---- the server ---------------------------------------------------------- */

static int read_port(int fd)
{
	char line[32];
	size_t n = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (n < sizeof(line) - 1 && poll(&p, 1, 10000) == 1) {
		ssize_t r = read(fd, line + n, 1);

		if (r <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return (int)strtol(line, NULL, 10);
}

static pid_t server_start(int *port)
{
	const char *top = getenv("top_srcdir");
	const char *py = getenv("PYTHON3");
	char script[4096];
	int p[2];
	pid_t pid;

	if (!py || !py[0] || strcmp(py, "no") == 0)
		py = "python3";
	snprintf(script, sizeof(script), "%s/tests/unit/http_server.py", top ? top : ".");
	if (pipe(p) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execlp(py, py, script, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	*port = pid > 0 ? read_port(p[0]) : 0;
	close(p[0]);
	return pid;
}

static int group_setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	if (http_global_init() != 0)
		return -1;
	log_open(LOG_DEST_STDERR, getenv("HTTP_TEST_DEBUG") ? LOG_LVL_DEBUG : LOG_LVL_ERR);
	e->pid = server_start(&e->port);
	e->loop = loop_new();
	*state = e;
	return e->pid > 0 && e->port > 0 && e->loop ? 0 : -1;
}

static int group_teardown(void **state)
{
	struct env *e = *state;

	loop_free(e->loop);
	if (e->pid > 0) {
		kill(e->pid, SIGTERM);
		waitpid(e->pid, NULL, 0);
	}
	free(e);
	http_global_cleanup();
	return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static void result_clear(struct result *r)
{
	free(r->body);
	free(r->ctype);
	memset(r, 0, sizeof(*r));
}

static void done_cb(void *ctx, const struct http_response *resp)
{
	struct result *r = ctx;

	r->calls++;
	r->err = resp->err;
	r->status = resp->status;
	r->len = resp->len;
	free(r->body);
	r->body = malloc(resp->len + 1);
	assert_non_null(r->body);
	memcpy(r->body, resp->body, resp->len + 1);
	free(r->ctype);
	r->ctype = resp->content_type ? strdup(resp->content_type) : NULL;
	snprintf(r->err_text, sizeof(r->err_text), "%s", resp->err_text);
	if (r->end_in_cb) {
		http_session_end(r->client);
		http_session_end(r->client);
		http_abort(r->client);
		/* resp stays valid until we return */
		assert_int_equal(resp->len, r->len);
		assert_memory_equal(resp->body, r->body, r->len);
	}
	if (r->post_in_cb) {
		r->post_in_cb = false;
		r->post_rc = http_post(r->client, "again", 5, false, done_cb, r);
	}
}

static void run_until(struct env *e, const int *calls, int want, int max_ms)
{
	int64_t end = loop_now_ms() + max_ms;

	while (*calls < want && loop_now_ms() < end)
		assert_int_equal(loop_run_once(e->loop, 50), 0);
}

static struct http_opts opts_for(struct env *e, const char *path, char *url, size_t size)
{
	struct http_opts o = { .url = url, .verify = true, .timeout_s = 10 };

	snprintf(url, size, "http://127.0.0.1:%d%s", e->port, path);
	return o;
}

static struct http_client *client_open(struct env *e, const char *path)
{
	struct http_client *c = http_client_new(e->loop);
	char url[128];
	struct http_opts o = opts_for(e, path, url, sizeof(url));

	assert_non_null(c);
	assert_int_equal(http_session_begin(c, &o), 0);
	return c;
}

/* POST and wait for the callback, checking it is not called from http_post. */
static void post_wait(struct env *e, struct http_client *c, const char *body, size_t len,
		      bool soap_action, struct result *r)
{
	int before = r->calls;

	assert_int_equal(http_post(c, body, len, soap_action, done_cb, r), 0);
	assert_int_equal(r->calls, before);
	run_until(e, &r->calls, before + 1, 15000);
	assert_int_equal(r->calls, before + 1);
}

static bool has_line(const struct result *r, const char *line)
{
	const char *p = r->body;
	size_t n = strlen(line);

	while (p && *p) {
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return true;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return false;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The value of the echo line starting with prefix, as a number. */
static long echo_num(const struct result *r, const char *prefix)
{
	const char *p = strstr(r->body, prefix);

	assert_non_null(p);
	return strtol(p + strlen(prefix), NULL, 10);
}

static bool echoed_body(const struct result *r, const char *body)
{
	char tail[256];

	snprintf(tail, sizeof(tail), "body %zu\n%s", strlen(body), body);
	return r->len >= strlen(tail) && strcmp(r->body + r->len - strlen(tail), tail) == 0;
}

/* ---- tests --------------------------------------------------------------- */

static void test_soap_post(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/echo");
	struct result r = { 0 };

	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.err, 0);
	assert_string_equal(r.err_text, "");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.ctype, "text/plain");
	assert_true(has_line(&r, "method POST"));
	assert_true(has_line(&r, "header Content-Type: text/xml; charset=\"utf-8\""));
	assert_true(has_line(&r, "header SOAPAction: \"\""));
	assert_true(has_line(&r, "header Content-Length: 37"));
	assert_true(has_line(&r, "header User-Agent: cwmpd/" PACKAGE_VERSION));
	assert_null(strstr(r.body, "header Expect"));
	assert_null(strstr(r.body, "header Authorization"));
	assert_true(echoed_body(&r, SOAP));

	post_wait(e, c, SOAP, strlen(SOAP), false, &r);
	assert_true(has_line(&r, "header Content-Type: text/xml; charset=\"utf-8\""));
	assert_null(strstr(r.body, "SOAPAction"));
	result_clear(&r);
	http_client_free(c);
}

static void test_empty_post(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/echo");
	struct result r = { 0 };

	post_wait(e, c, NULL, 0, true, &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.status, 200);
	assert_true(has_line(&r, "method POST"));
	assert_true(has_line(&r, "header Content-Length: 0"));
	assert_null(strstr(r.body, "Content-Type"));
	assert_null(strstr(r.body, "SOAPAction"));
	assert_null(strstr(r.body, "header Expect"));
	assert_true(has_line(&r, "body 0"));
	result_clear(&r);
	http_client_free(c);
}

static void test_large_post(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/echo");
	struct result r = { 0 };
	size_t n = 2 * 1024 * 1024;     /* past libcurl's Expect: 100-continue size */
	char *big = malloc(n);

	assert_non_null(big);
	memset(big, 'a', n);
	post_wait(e, c, big, n, true, &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.status, 200);
	assert_true(has_line(&r, "header Content-Length: 2097152"));
	assert_null(strstr(r.body, "header Expect"));
	assert_true(has_line(&r, "body 2097152"));
	assert_true(r.len > n);
	assert_memory_equal(r.body + r.len - n, big, n);
	free(big);
	result_clear(&r);
	http_client_free(c);
}

/* The body is sent from the caller's buffer, not a copy: it must still be
 * whole when libcurl sends it again after a 307 or a Digest challenge. */
static void test_body_resent_from_caller(void **state)
{
	static const char *const paths[] = { "/r307", "/digest" };
	struct env *e = *state;
	size_t n = 1024 * 1024 + 17;
	char *big = malloc(n), url[128], want[64];

	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
		struct http_client *c = http_client_new(e->loop);
		struct http_opts o = opts_for(e, paths[p], url, sizeof(url));
		struct result r = { 0 };

		o.username = "user";
		o.password = "pass";
		assert_non_null(c);
		assert_int_equal(http_session_begin(c, &o), 0);
		post_wait(e, c, big, n, true, &r);
		assert_int_equal(r.err, 0);
		assert_int_equal(r.status, 200);
		assert_true(starts_with(r.body, "method POST\n"));
		snprintf(want, sizeof(want), "body %zu", n);
		assert_true(has_line(&r, want));
		assert_true(r.len > n);
		assert_memory_equal(r.body + r.len - n, big, n);
		result_clear(&r);
		http_client_free(c);
	}
	free(big);
}

/* A body produced while it is sent: len bytes of a pattern, or a failure
 * after fail_at bytes. */
struct pattern_src {
	size_t len, off, fail_at;
	int rewinds;
};

static char pattern_byte(size_t i)
{
	return (char)('A' + i % 23);
}

static long pattern_read(void *src, char *buf, size_t n)
{
	struct pattern_src *p = src;
	size_t k = 0;

	if (p->fail_at && p->off >= p->fail_at)
		return -EIO;
	while (k < n && p->off < p->len)
		buf[k++] = pattern_byte(p->off++);
	return (long)k;
}

static void pattern_rewind(void *src)
{
	struct pattern_src *p = src;

	p->off = 0;
	p->rewinds++;
}

static const struct http_body_ops pattern_ops = { pattern_read, pattern_rewind };

/* http_post_source: the body read as it goes, with its Content-Length, and
 * read again from the start after a 307 and a Digest challenge. */
static void test_post_source(void **state)
{
	static const char *const paths[] = { "/echo", "/r307", "/digest" };
	struct env *e = *state;
	char url[128], want[64];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct pattern_src p = { .len = 1500000 };
		struct http_client *c = http_client_new(e->loop);
		struct http_opts o = opts_for(e, paths[i], url, sizeof(url));
		struct result r = { 0 };
		int before = r.calls;

		o.username = "user";
		o.password = "pass";
		assert_int_equal(http_session_begin(c, &o), 0);
		assert_int_equal(http_post_source(c, p.len, &pattern_ops, &p, true, done_cb, &r), 0);
		assert_int_equal(http_post_source(c, p.len, &pattern_ops, &p, true, done_cb, &r),
				 -EBUSY);
		run_until(e, &r.calls, before + 1, 15000);
		assert_int_equal(r.calls, 1);
		assert_int_equal(r.err, 0);
		assert_int_equal(r.status, 200);
		snprintf(want, sizeof(want), "header Content-Length: %zu", p.len);
		assert_true(has_line(&r, want));
		assert_true(has_line(&r, "header SOAPAction: \"\""));
		assert_null(strstr(r.body, "Transfer-Encoding"));
		assert_true(r.len > p.len);
		for (size_t k = 0; k < p.len; k++)
			assert_int_equal(r.body[r.len - p.len + k], pattern_byte(k));
		if (i == 0)
			assert_int_equal(p.rewinds, 0);
		/* then a buffer POST on the same handle: no read callback left over */
		post_wait(e, c, SOAP, strlen(SOAP), true, &r);
		assert_int_equal(r.status, 200);
		assert_true(echoed_body(&r, SOAP));
		result_clear(&r);
		http_client_free(c);
	}
}

/* A source that fails mid-way fails the exchange (callback once, err set). */
static void test_post_source_fails(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/echo");
	struct pattern_src p = { .len = 1000000, .fail_at = 300000 };
	struct result r = { 0 };

	assert_int_equal(http_post_source(c, p.len, &pattern_ops, &p, true, done_cb, &r), 0);
	run_until(e, &r.calls, 1, 15000);
	assert_int_equal(r.calls, 1);
	assert_int_not_equal(r.err, 0);
	assert_int_equal(http_post_source(c, 1, NULL, &p, true, done_cb, &r), -EINVAL);
	result_clear(&r);
	http_client_free(c);
}

static void test_204(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/204");
	struct result r = { 0 };

	post_wait(e, c, NULL, 0, false, &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.status, 204);
	assert_int_equal(r.len, 0);
	assert_string_equal(r.body, "");
	assert_null(r.ctype);
	result_clear(&r);
	http_client_free(c);
}

static void test_cookies(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/cookie");
	struct result r = { 0 };
	char url[128], cookie[128];
	struct http_opts o = opts_for(e, "/cookie", url, sizeof(url));
	const char *p;

	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_null(strstr(r.body, "header Cookie"));
	post_wait(e, c, NULL, 0, false, &r);
	p = strstr(r.body, "header Cookie: session=");
	assert_non_null(p);
	snprintf(cookie, sizeof(cookie), "%.*s", (int)strcspn(p, "\n"), p);
	post_wait(e, c, NULL, 0, false, &r);
	assert_true(has_line(&r, cookie));       /* the same cookie again */

	http_session_end(c);
	assert_int_equal(http_session_begin(c, &o), 0);
	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_null(strstr(r.body, "header Cookie"));
	result_clear(&r);
	http_client_free(c);
}

static void auth_case(struct env *e, const char *path, const char *pass, long status,
		      const char *auth_line)
{
	struct http_client *c = http_client_new(e->loop);
	struct result r = { 0 };
	char url[128];
	struct http_opts o = opts_for(e, path, url, sizeof(url));

	o.username = "user";
	o.password = pass;
	assert_int_equal(http_session_begin(c, &o), 0);
	for (int i = 0; i < 2; i++) {
		post_wait(e, c, SOAP, strlen(SOAP), true, &r);
		assert_int_equal(r.err, 0);
		assert_int_equal(r.status, status);
		if (auth_line) {
			assert_true(starts_with(r.body, "method POST\n"));   /* not the 401's */
			assert_true(has_line(&r, auth_line));
			assert_true(echoed_body(&r, SOAP));
			assert_null(strstr(url, "user"));
		}
	}
	result_clear(&r);
	http_client_free(c);
}

static void test_basic_auth(void **state)
{
	auth_case(*state, "/basic", "pass", 200, "auth basic");
	auth_case(*state, "/basic", "wrong", 401, NULL);
}

static void test_digest_auth(void **state)
{
	auth_case(*state, "/digest", "pass", 200, "auth digest");
	auth_case(*state, "/digest", "wrong", 401, NULL);
}

static void redirect_case(struct env *e, const char *path, const char *final)
{
	struct http_client *c = client_open(e, path);
	struct result r = { 0 };
	char want[128];

	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.status, 200);
	assert_true(starts_with(r.body, "method POST\n"));   /* not the 3xx's */
	assert_non_null(strstr(r.body, final));
	assert_true(has_line(&r, "header SOAPAction: \"\""));
	assert_true(echoed_body(&r, SOAP));
	snprintf(want, sizeof(want), "http://127.0.0.1:%d%s", e->port, final);
	assert_string_equal(http_effective_url(c), want);
	result_clear(&r);
	http_client_free(c);
}

static void test_redirect_307(void **state)
{
	redirect_case(*state, "/r307", "/echo");
}

static void test_redirect_302(void **state)
{
	redirect_case(*state, "/r302", "/echo");
	redirect_case(*state, "/hops/5", "/hops/0");
}

static void test_redirect_limit(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/hops/6");
	struct result r = { 0 };

	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.err, -EPROTO);
	assert_int_equal(r.status, 302);
	assert_string_not_equal(r.err_text, "");
	assert_string_equal(r.body, "");
	result_clear(&r);
	http_client_free(c);
}

static void test_timeout(void **state)
{
	struct env *e = *state;
	struct http_client *c = http_client_new(e->loop);
	struct result r = { 0 };
	char url[128];
	struct http_opts o = opts_for(e, "/hang", url, sizeof(url));
	int64_t start;

	o.timeout_s = 1;
	assert_int_equal(http_session_begin(c, &o), 0);
	start = loop_now_ms();
	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.err, -ETIMEDOUT);
	assert_string_not_equal(r.err_text, "");
	assert_true(loop_now_ms() - start >= 900);
	assert_true(loop_now_ms() - start < 5000);
	result_clear(&r);
	http_client_free(c);
}

static int closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void test_refused(void **state)
{
	struct env *e = *state;
	struct http_client *c = http_client_new(e->loop);
	struct result r = { 0 };
	char url[128];
	struct http_opts o = { .url = url, .verify = true };

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", closed_port());
	assert_int_equal(http_session_begin(c, &o), 0);
	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.err, -ECONNREFUSED);
	assert_int_equal(r.status, 0);
	result_clear(&r);
	http_client_free(c);
}

static void test_tls_failure(void **state)
{
	struct env *e = *state;
	struct http_client *c = http_client_new(e->loop);
	struct result r = { 0 };
	char url[128];
	struct http_opts o = { .url = url, .verify = false, .timeout_s = 5 };

	/* https to a plain HTTP server: the handshake fails. */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/echo", e->port);
	assert_int_equal(http_session_begin(c, &o), 0);
	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.err, -EPROTO);
	result_clear(&r);
	http_client_free(c);
}

static void big_case(struct env *e, struct http_client *c, size_t n, int err)
{
	char url[128];
	struct http_opts o = opts_for(e, "", url, sizeof(url));
	struct result r = { 0 };

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/big/%zu", e->port, n);
	assert_int_equal(http_session_begin(c, &o), 0);
	post_wait(e, c, NULL, 0, false, &r);
	assert_int_equal(r.err, err);
	assert_int_equal(r.len, err ? 0 : n);
	assert_int_equal(strlen(r.body), err ? 0 : n);
	if (err)
		assert_non_null(strstr(r.err_text, "over"));
	result_clear(&r);
}

static void test_body_cap(void **state)
{
	struct env *e = *state;
	struct http_client *c = http_client_new(e->loop);

	http_set_max_body(c, 1000);
	big_case(e, c, 999, 0);
	big_case(e, c, 1000, 0);
	big_case(e, c, 1001, -E2BIG);
	big_case(e, c, 100000, -E2BIG);
	http_set_max_body(c, 0);
	big_case(e, c, HTTP_MAX_BODY_BYTES, 0);
	big_case(e, c, HTTP_MAX_BODY_BYTES + 1, -E2BIG);
	http_client_free(c);
}

static void test_keepalive(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/echo");
	struct result r = { 0 };
	char url[128];
	struct http_opts o = opts_for(e, "/echo", url, sizeof(url));
	long conn;

	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	conn = echo_num(&r, "\nconn ");
	post_wait(e, c, NULL, 0, false, &r);
	assert_int_equal(echo_num(&r, "\nconn "), conn);

	/* A new session: a new connection, and the old one is closed. */
	http_session_end(c);
	assert_int_equal(http_session_begin(c, &o), 0);
	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_not_equal(echo_num(&r, "\nconn "), conn);
	conn = echo_num(&r, "\nconn ");
	for (int i = 0; i < 40 && echo_num(&r, "\nopen ") != 1; i++) {
		if (getenv("HTTP_TEST_DEBUG"))
			print_message("%d: %s\n", i, r.body);
		usleep(50000);
		post_wait(e, c, NULL, 0, false, &r);
	}
	if (echo_num(&r, "\nopen ") != 1)
		print_message("%s\n", r.body);
	assert_int_equal(echo_num(&r, "\nopen "), 1);
	assert_int_equal(echo_num(&r, "\nconn "), conn);
	result_clear(&r);
	http_client_free(c);
}

static void test_reentrant(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/echo");
	struct result r = { 0 };

	/* Post again from inside the callback. */
	r.client = c;
	r.post_in_cb = true;
	assert_int_equal(http_post(c, SOAP, strlen(SOAP), true, done_cb, &r), 0);
	assert_int_equal(r.calls, 0);
	run_until(e, &r.calls, 2, 10000);
	assert_int_equal(r.post_rc, 0);
	assert_int_equal(r.calls, 2);
	assert_true(echoed_body(&r, "again"));

	/* End the session from inside the callback. */
	r.end_in_cb = true;
	post_wait(e, c, SOAP, strlen(SOAP), true, &r);
	assert_int_equal(r.calls, 3);
	assert_int_equal(http_post(c, NULL, 0, false, done_cb, &r), -EINVAL);
	http_session_end(c);
	http_abort(c);
	result_clear(&r);
	http_client_free(c);
}

static void test_abort_and_misuse(void **state)
{
	struct env *e = *state;
	struct http_client *c = client_open(e, "/hang");
	struct result r = { 0 };
	struct http_opts bad = { .url = "ftp://127.0.0.1/" };
	struct http_opts none = { .url = NULL };

	assert_int_equal(http_post(c, SOAP, strlen(SOAP), true, done_cb, &r), 0);
	assert_int_equal(http_post(c, SOAP, strlen(SOAP), true, done_cb, &r), -EBUSY);
	for (int i = 0; i < 5; i++)
		loop_run_once(e->loop, 20);
	http_abort(c);
	http_abort(c);
	for (int i = 0; i < 5; i++)
		loop_run_once(e->loop, 20);
	assert_int_equal(r.calls, 0);
	http_session_end(c);
	http_session_end(c);

	assert_int_equal(http_session_begin(c, &bad), -EINVAL);
	assert_int_equal(http_session_begin(c, &none), -EINVAL);
	assert_int_equal(http_post(c, SOAP, strlen(SOAP), true, done_cb, &r), -EINVAL);
	assert_null(http_effective_url(c));
	http_client_free(c);
	http_client_free(NULL);
}

static void test_userinfo_not_logged(void **state)
{
	struct env *e = *state;
	struct http_client *c = http_client_new(e->loop);
	struct result r = { 0 };
	char url[128], want[128];
	struct http_opts o = { .url = url, .verify = true };

	snprintf(url, sizeof(url), "http://u:p@127.0.0.1:%d/echo", e->port);
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/echo", e->port);
	assert_int_equal(http_session_begin(c, &o), 0);
	post_wait(e, c, NULL, 0, false, &r);
	assert_int_equal(r.err, 0);
	assert_string_equal(http_effective_url(c), want);
	result_clear(&r);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soap_post),
		cmocka_unit_test(test_empty_post),
		cmocka_unit_test(test_large_post),
		cmocka_unit_test(test_body_resent_from_caller),
		cmocka_unit_test(test_post_source),
		cmocka_unit_test(test_post_source_fails),
		cmocka_unit_test(test_204),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_basic_auth),
		cmocka_unit_test(test_digest_auth),
		cmocka_unit_test(test_redirect_307),
		cmocka_unit_test(test_redirect_302),
		cmocka_unit_test(test_redirect_limit),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_tls_failure),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_reentrant),
		cmocka_unit_test(test_abort_and_misuse),
		cmocka_unit_test(test_userinfo_not_logged),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
