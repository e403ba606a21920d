/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for curl_auth, against the libcurl the build links (Debian's
 * has Digest): the probe finds Digest when CURLOPT_HTTPAUTH allows it and
 * not when it allows only Basic (which, like a libcurl built without
 * Digest, leaves a Digest challenge unanswered), also with a proxy in the
 * environment; it leaves no descriptor open and takes well under 100 ms.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <time.h>

#include <curl/curl.h>

#include "curl_auth.h"

struct probe_case {
	const char *name;
	unsigned long auth;
	const char *proxy;      /* http_proxy in the environment, or NULL */
	int want;
};

static const struct probe_case cases[] = {
	{ "Digest", CURLAUTH_DIGEST, NULL, 1 },
	{ "Basic and Digest (the session's)", CURLAUTH_BASIC | CURLAUTH_DIGEST, NULL, 1 },
	{ "Basic only", CURLAUTH_BASIC, NULL, 0 },
	{ "Digest, proxy in the environment", CURLAUTH_DIGEST, "http://127.0.0.1:9", 1 },
	{ "Basic, proxy in the environment", CURLAUTH_BASIC, "http://127.0.0.1:9", 0 },
};

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void test_probe(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct probe_case *c = &cases[i];
		int fds = open_fds();
		double t0 = now_ms();

		print_message("# %s\n", c->name);
		if (c->proxy)
			setenv("http_proxy", c->proxy, 1);
		else
			unsetenv("http_proxy");
		assert_int_equal(curl_auth_probe(c->auth), c->want);
		assert_true(now_ms() - t0 < 100.0);
		assert_int_equal(open_fds(), fds);
	}
	unsetenv("http_proxy");
}

static void test_has_digest(void **state)
{
	(void)state;
	assert_int_equal(curl_auth_has_digest(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_has_digest),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests_name("curl_auth", tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
