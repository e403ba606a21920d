/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Digest authentication (digest.c): the RFC 7616 3.9.1 example responses
 * for MD5 and SHA-256, the Authorization parser (quoting, escapes, empty
 * list elements, repeats, hostile input byte by byte), challenges, and the
 * nonce rules: fresh and right is OK once, a replay, an expired, a future,
 * a tampered or a foreign nonce with right credentials is STALE, anything
 * wrong in the credentials is DENIED.
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

#include "digest.h"

#define USER "Mufasa"
#define PASS "Circle of Life"
#define NOW 100000

/* ---- RFC 7616 3.9.1 ---------------------------------------------------------- */

static void test_rfc7616_vectors(void **state)
{
	static const char *const realm = "http-auth@example.org";
	static const char *const nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
	static const char *const cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
	char out[65];

	(void)state;
	assert_int_equal(digest_response("MD5", USER, realm, PASS, "GET", "/dir/index.html",
					 nonce, "00000001", cnonce, "auth", out), 0);
	assert_string_equal(out, "8ca523f5e9506fed4657c9700eebdbec");
	assert_int_equal(digest_response("SHA-256", USER, realm, PASS, "GET",
					 "/dir/index.html", nonce, "00000001", cnonce, "auth",
					 out), 0);
	assert_string_equal(out,
			    "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
	assert_int_equal(digest_response("MD5-sess", USER, realm, PASS, "GET", "/", nonce,
					 "00000001", cnonce, "auth", out), -EINVAL);
}

/* ---- parsing --------------------------------------------------------------------- */

static int parse(const char *s, struct digest_auth *d)
{
	return digest_parse(s, strlen(s), d);
}

static void test_parse(void **state)
{
	struct digest_auth d;

	(void)state;
	assert_int_equal(parse("Digest username=\"Mu\\\"fasa\", realm=cwmpd,, nonce=\"a,b\" ,"
			       "uri=\"/\",qop=auth , nc=00000001, cnonce=\"\", response=\"x\","
			       "Algorithm=SHA-256, other=\"ignored\", opaque=o", &d), 0);
	assert_string_equal(d.username, "Mu\"fasa");
	assert_string_equal(d.realm, "cwmpd");
	assert_string_equal(d.nonce, "a,b");
	assert_string_equal(d.uri, "/");
	assert_string_equal(d.qop, "auth");
	assert_string_equal(d.cnonce, "");
	assert_string_equal(d.algorithm, "SHA-256");
	assert_string_equal(d.opaque, "o");
	assert_null(d.userhash);
	assert_int_equal(parse("  digest\tusername=\"u\"", &d), 0);
	assert_string_equal(d.username, "u");
	assert_int_equal(parse("Digest", &d), -EINVAL);
	assert_int_equal(parse("Basic dXNlcjpwYXNz", &d), -EINVAL);
	assert_int_equal(parse("DigestX username=u", &d), -EINVAL);
	assert_int_equal(parse("Digest username=u username=v", &d), -EINVAL);
	assert_int_equal(parse("Digest username=u, USERNAME=v", &d), -EINVAL);
	assert_int_equal(parse("Digest username=\"u", &d), -EINVAL);
	assert_int_equal(parse("Digest username=\"u\\", &d), -EINVAL);
	assert_int_equal(parse("Digest username=", &d), -EINVAL);
	assert_int_equal(parse("Digest =u", &d), -EINVAL);
	assert_int_equal(parse("Digest username=\"a\x01\"", &d), -EINVAL);
	assert_int_equal(parse("Digest username=a\"b\"", &d), -EINVAL);
}

static void test_parse_size(void **state)
{
	size_t n = DIGEST_MAX_HEADER + 1;
	char *big = malloc(n);
	struct digest_auth d;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	memcpy(big, "Digest x=\"", 10);
	assert_int_equal(digest_parse(big, n, &d), -E2BIG);
	big[n - 2] = '"';
	assert_int_equal(digest_parse(big, n - 1, &d), 0);
	assert_null(d.username);                /* x is no field we keep */
	free(big);
}

/* Every prefix of a hostile value, from an exact-size heap copy. */
static void test_parse_prefixes(void **state)
{
	static const char in[] = "Digest username=\"a\\\\\\\"b\", realm=\"\\\", nc=,,x=\"";
	struct digest_auth d;

	(void)state;
	for (size_t n = 0; n < sizeof(in); n++) {
		char *buf = malloc(n ? n : 1);

		assert_non_null(buf);
		memcpy(buf, in, n);
		(void)digest_parse(buf, n, &d);
		free(buf);
	}
}

/* ---- challenges and checks ----------------------------------------------------- */

static void challenge_nonce(struct digest_server *s, int64_t now, char *nonce)
{
	char hdr[DIGEST_CHALLENGE_MAX];
	const char *p;
	int n = digest_challenge(s, now, 0, hdr, sizeof(hdr));

	assert_true(n > 0 && (size_t)n == strlen(hdr));
	assert_non_null(strstr(hdr, "WWW-Authenticate: Digest realm=\"cwmpd\", qop=\"auth\", "
				    "algorithm=SHA-256, nonce=\""));
	assert_non_null(strstr(hdr, "\r\nWWW-Authenticate: Digest realm=\"cwmpd\", "
				    "qop=\"auth\", algorithm=MD5, nonce=\""));
	assert_null(strstr(hdr, "stale"));
	p = strstr(hdr, "nonce=\"") + 7;
	memcpy(nonce, p, DIGEST_NONCE_LEN);
	nonce[DIGEST_NONCE_LEN] = '\0';
	assert_int_equal(strncmp(strstr(strstr(hdr, "MD5"), "nonce=\"") + 7, nonce,
				 DIGEST_NONCE_LEN), 0);
}

/* The Authorization a client would send for nonce; then digest_check. */
static enum digest_result try(struct digest_server *s, const char *alg, const char *nonce,
			      const char *user, const char *pass, const char *uri,
			      const char *target, int64_t now)
{
	char resp[65], hdr[1024];
	struct digest_auth d;

	assert_int_equal(digest_response(alg, user, DIGEST_REALM, pass, "GET", uri, nonce,
					 "00000001", "c0ffee", "auth", resp), 0);
	snprintf(hdr, sizeof(hdr), "Digest username=\"%s\", realm=\"cwmpd\", nonce=\"%s\", "
		 "uri=\"%s\", algorithm=%s, qop=auth, nc=00000001, cnonce=\"c0ffee\", "
		 "response=\"%s\"", user, nonce, uri, alg ? alg : "MD5", resp);
	assert_int_equal(parse(hdr, &d), 0);
	return digest_check(s, &d, "GET", target, USER, PASS, now);
}

/* cpe.digest: only the algorithms listed are offered and accepted. */
static void test_algs(void **state)
{
	struct digest_server s;
	char hdr[DIGEST_CHALLENGE_MAX], nonce[DIGEST_NONCE_LEN + 1];

	(void)state;
	assert_int_equal(config_digest_algs("SHA-256 MD5"), DIGEST_ALG_SHA256 | DIGEST_ALG_MD5);
	assert_int_equal(config_digest_algs(" md5  sha-256 "), DIGEST_ALG_SHA256 | DIGEST_ALG_MD5);
	assert_int_equal(config_digest_algs("SHA-256"), DIGEST_ALG_SHA256);
	assert_int_equal(config_digest_algs("MD5"), DIGEST_ALG_MD5);
	assert_int_equal(config_digest_algs(""), 0);
	assert_int_equal(config_digest_algs("MD5 MD5"), 0);
	assert_int_equal(config_digest_algs("MD5,SHA-256"), 0);
	assert_int_equal(config_digest_algs("SHA-512-256"), 0);
	assert_int_equal(digest_server_init(&s), 0);
	s.algs = DIGEST_ALG_SHA256;
	assert_true(digest_challenge(&s, NOW, 0, hdr, sizeof(hdr)) > 0);
	assert_non_null(strstr(hdr, "algorithm=SHA-256"));
	assert_null(strstr(hdr, "MD5"));
	digest_nonce_make(&s, NOW, nonce);
	assert_int_equal(try(&s, "MD5", nonce, USER, PASS, "/", "/", NOW), DIGEST_DENIED);
	assert_int_equal(try(&s, NULL, nonce, USER, PASS, "/", "/", NOW), DIGEST_DENIED);
	assert_int_equal(try(&s, "SHA-256", nonce, USER, PASS, "/", "/", NOW), DIGEST_OK);
	s.algs = DIGEST_ALG_MD5;
	assert_true(digest_challenge(&s, NOW, 0, hdr, sizeof(hdr)) > 0);
	assert_null(strstr(hdr, "SHA-256"));
	assert_non_null(strstr(hdr, "algorithm=MD5"));
	digest_nonce_make(&s, NOW, nonce);
	assert_int_equal(try(&s, "SHA-256", nonce, USER, PASS, "/", "/", NOW), DIGEST_DENIED);
	assert_int_equal(try(&s, "MD5", nonce, USER, PASS, "/", "/", NOW), DIGEST_OK);
}

static void test_check(void **state)
{
	struct digest_server s;
	char nonce[DIGEST_NONCE_LEN + 1];

	(void)state;
	assert_int_equal(digest_server_init(&s), 0);
	challenge_nonce(&s, NOW, nonce);
	assert_int_equal(try(&s, "MD5", nonce, USER, "wrong", "/", "/", NOW), DIGEST_DENIED);
	assert_int_equal(try(&s, "MD5", nonce, "mufasa", PASS, "/", "/", NOW), DIGEST_DENIED);
	assert_int_equal(try(&s, "MD5", nonce, USER, PASS, "/a", "/", NOW), DIGEST_DENIED);
	assert_int_equal(try(&s, "MD5", nonce, USER, PASS, "/", "/", NOW + 1), DIGEST_OK);
	assert_int_equal(try(&s, "MD5", nonce, USER, PASS, "/", "/", NOW + 1), DIGEST_STALE);
	challenge_nonce(&s, NOW, nonce);
	assert_int_equal(try(&s, "SHA-256", nonce, USER, PASS, "/?q", "/?q", NOW), DIGEST_OK);
	challenge_nonce(&s, NOW, nonce);
	assert_int_equal(try(&s, NULL, nonce, USER, PASS, "/", "/",
			     NOW + DIGEST_NONCE_LIFETIME_S + 1), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, nonce, USER, PASS, "/", "/", NOW - 1), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, nonce, USER, PASS, "/", "/",
			     NOW + DIGEST_NONCE_LIFETIME_S), DIGEST_OK);
	nonce[10] = nonce[10] == '0' ? '1' : '0';
	assert_int_equal(try(&s, NULL, nonce, USER, PASS, "/", "/", NOW), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, "not-ours", USER, PASS, "/", "/", NOW), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, "not-ours", USER, "x", "/", "/", NOW), DIGEST_DENIED);
}

static void test_check_incomplete(void **state)
{
	struct digest_server s;
	char nonce[DIGEST_NONCE_LEN + 1], hdr[1024], resp[65];
	struct digest_auth d;

	(void)state;
	assert_int_equal(digest_server_init(&s), 0);
	challenge_nonce(&s, NOW, nonce);
	/* No qop (RFC 2069): refused. */
	assert_int_equal(digest_response("MD5", USER, DIGEST_REALM, PASS, "GET", "/", nonce,
					 NULL, NULL, NULL, resp), 0);
	snprintf(hdr, sizeof(hdr), "Digest username=\"%s\", realm=\"cwmpd\", nonce=\"%s\", "
		 "uri=\"/\", response=\"%s\"", USER, nonce, resp);
	assert_int_equal(parse(hdr, &d), 0);
	assert_int_equal(digest_check(&s, &d, "GET", "/", USER, PASS, NOW), DIGEST_DENIED);
	/* An empty configured username refuses everything. */
	assert_int_equal(digest_check(&s, &d, "GET", "/", "", "", NOW), DIGEST_DENIED);
	/* userhash=true is not offered. */
	snprintf(hdr, sizeof(hdr), "Digest username=\"%s\", realm=\"cwmpd\", nonce=\"%s\", "
		 "uri=\"/\", qop=auth, nc=00000001, cnonce=\"c\", response=\"%s\", "
		 "userhash=true", USER, nonce, resp);
	assert_int_equal(parse(hdr, &d), 0);
	assert_int_equal(digest_check(&s, &d, "GET", "/", USER, PASS, NOW), DIGEST_DENIED);
}

/* Single use across the replay window, out of order too. */
static void test_replay_window(void **state)
{
	struct digest_server s;
	char n[3][DIGEST_NONCE_LEN + 1], later[DIGEST_NONCE_LEN + 1];

	(void)state;
	assert_int_equal(digest_server_init(&s), 0);
	for (int i = 0; i < 3; i++)
		digest_nonce_make(&s, NOW, n[i]);
	assert_int_equal(try(&s, NULL, n[2], USER, PASS, "/", "/", NOW), DIGEST_OK);
	assert_int_equal(try(&s, NULL, n[0], USER, PASS, "/", "/", NOW), DIGEST_OK);
	assert_int_equal(try(&s, NULL, n[0], USER, PASS, "/", "/", NOW), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, n[1], USER, PASS, "/", "/", NOW), DIGEST_OK);
	assert_int_equal(try(&s, NULL, n[2], USER, PASS, "/", "/", NOW), DIGEST_STALE);
	for (int i = 0; i < DIGEST_REPLAY_WINDOW + 70; i++)
		digest_nonce_make(&s, NOW, later);
	digest_nonce_make(&s, NOW, n[0]);
	assert_int_equal(try(&s, NULL, later, USER, PASS, "/", "/", NOW), DIGEST_OK);
	assert_int_equal(try(&s, NULL, later, USER, PASS, "/", "/", NOW), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, n[1], USER, PASS, "/", "/", NOW), DIGEST_STALE);
	assert_int_equal(try(&s, NULL, n[0], USER, PASS, "/", "/", NOW), DIGEST_OK);
}

static void test_stale_challenge(void **state)
{
	struct digest_server s;
	char hdr[DIGEST_CHALLENGE_MAX];

	(void)state;
	assert_int_equal(digest_server_init(&s), 0);
	assert_true(digest_challenge(&s, NOW, 1, hdr, sizeof(hdr)) > 0);
	assert_non_null(strstr(strstr(hdr, "SHA-256"), ", stale=true\r\n"));
	assert_non_null(strstr(strstr(hdr, "MD5"), ", stale=true\r\n"));
	assert_int_equal(digest_challenge(&s, NOW, 1, hdr, 100), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7616_vectors),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_parse_prefixes),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_algs),
		cmocka_unit_test(test_check_incomplete),
		cmocka_unit_test(test_replay_window),
		cmocka_unit_test(test_stale_challenge),
	};

	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
