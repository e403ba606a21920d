/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connection request parser (httpreq.c), table-driven: each vector is
 * parsed whole and then fed byte by byte (every prefix must be -EAGAIN or
 * the same early error), always from a heap copy of exactly its length so
 * that a read past the end shows under ASan or valgrind.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "httpreq.h"

struct vector {
	const char *in;
	int want;               /* > 0: complete (the head is all of in); or -errno */
	const char *method, *target, *host;
	size_t n_headers;
};

#define OK(in, m, t, h, n) { in, 1, m, t, h, n }
#define BAD(in, err) { in, err, NULL, NULL, NULL, 0 }

static const struct vector vectors[] = {
	OK("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/", "a", 1),
	OK("GET /cr?x=1 HTTP/1.0\r\n\r\n", "GET", "/cr?x=1", NULL, 0),
	OK("GET / HTTP/1.1\nHost:  b \t\n\n", "GET", "/", "b", 1),
	OK("\r\n\r\nGET / HTTP/1.1\r\nhOsT:c\r\n\r\n", "GET", "/", "c", 1),
	OK("POST /x HTTP/1.1\r\nA: 1\r\nB: \r\nHost: h h\r\n\r\n", "POST", "/x", "h h", 3),
	OK("GET / HTTP/1.1\r\nX: \xc3\xa9\x80\r\n\r\n", "GET", "/", NULL, 1),
	OK("M-._~!#$%&'*+^`| * HTTP/1.9\r\n\r\n", "M-._~!#$%&'*+^`|", "*", NULL, 0),
	BAD("GET  / HTTP/1.1\r\n\r\n", -EINVAL),
	BAD(" GET / HTTP/1.1\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/2.0\r\n\r\n", -EINVAL),
	BAD("GET / http/1.1\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1 \r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.x\r\n\r\n", -EINVAL),
	BAD("GET /\x01 HTTP/1.1\r\n\r\n", -EINVAL),
	BAD("G\x01T / HTTP/1.1\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\rHost: a\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\nHost a\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\nHost : a\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\n: a\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\nA: 1\r\n  folded\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\nA: x\x7fy\r\n\r\n", -EINVAL),
	BAD("GET / HTTP/1.1\r\nA: x\r\r\n\r\n", -EINVAL),
	BAD("\x16\x03\x01\x02\x00", -EINVAL),
	BAD("GET / HTTP/1.1\r\n", -EAGAIN),
	BAD("GET / HTTP/1.1\r\nHost: a\r\n\r", -EAGAIN),
	BAD("", -EAGAIN),
};

/* The copy the last parse ran on: *r points into it until the next one. */
static char *kept;

static int free_kept(void **state)
{
	(void)state;
	free(kept);
	kept = NULL;
	return 0;
}

/* in[0, len) from an exact-size heap copy. */
static int parse_copy(const char *in, size_t len, struct httpreq *r)
{
	free_kept(NULL);
	kept = malloc(len ? len : 1);
	assert_non_null(kept);
	memcpy(kept, in, len);
	return httpreq_parse(kept, len, r);
}

static void check_fields(const struct vector *v, const char *in, struct httpreq *r)
{
	const struct httpreq_str *host;
	int rc = httpreq_parse(in, strlen(v->in), r);

	assert_int_equal(rc, (int)strlen(v->in));
	assert_true(httpreq_str_eq(&r->method, v->method));
	assert_true(httpreq_str_eq(&r->target, v->target));
	assert_int_equal(r->n_headers, v->n_headers);
	host = httpreq_header(r, "Host");
	if (!v->host) {
		assert_true(!host || strcmp(v->method, "POST") == 0);
		return;
	}
	assert_non_null(host);
	assert_true(httpreq_str_eq(host, v->host));
}

static void test_whole(void **state)
{
	struct httpreq r;

	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		int rc = parse_copy(v->in, strlen(v->in), &r);

		if (v->want > 0)
			check_fields(v, v->in, &r);
		else
			assert_int_equal(rc, v->want);
	}
}

/* Every proper prefix is -EAGAIN, or (for a bad vector) the same error
 * once the bad byte is in. */
static void test_byte_by_byte(void **state)
{
	struct httpreq r;

	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		size_t len = strlen(v->in);
		int want = v->want > 0 ? (int)len : v->want;

		for (size_t n = 0; n < len; n++) {
			int rc = parse_copy(v->in, n, &r);

			assert_true(rc == -EAGAIN || (want < 0 && rc == want));
		}
	}
}

static void test_header_limit(void **state)
{
	char buf[2048];
	struct httpreq r;
	size_t n = (size_t)snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n");

	(void)state;
	for (int i = 0; i < HTTPREQ_MAX_HEADERS; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "H%d: %d\r\n", i, i);
	memcpy(buf + n, "\r\n", 2);
	assert_int_equal(parse_copy(buf, n + 2, &r), (int)n + 2);
	assert_int_equal(r.n_headers, HTTPREQ_MAX_HEADERS);
	assert_true(httpreq_str_eq(httpreq_header(&r, "h31"), "31"));
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "One: more\r\n\r\n");
	assert_int_equal(parse_copy(buf, n, &r), -E2BIG);
}

static void test_trailing_bytes(void **state)
{
	static const char in[] = "GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
	struct httpreq r;

	(void)state;
	assert_int_equal(parse_copy(in, sizeof(in) - 1, &r), (int)sizeof(in) - 4);
	assert_true(httpreq_str_eq(httpreq_header(&r, "content-length"), "3"));
	assert_null(httpreq_header(&r, "Content-Len"));
	assert_null(httpreq_header(&r, "Content-Length2"));
}

/* A NUL is a control character like any other, never an end of string. */
static void test_nul(void **state)
{
	static const char in[] = "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n";
	static const char in2[] = "GET /\0 HTTP/1.1\r\n\r\n";
	struct httpreq r;

	(void)state;
	assert_int_equal(parse_copy(in, sizeof(in) - 1, &r), -EINVAL);
	assert_int_equal(parse_copy(in2, sizeof(in2) - 1, &r), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_header_limit),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_nul),
	};

	return cmocka_run_group_tests_name("httpreq", tests, NULL, free_kept);
}
