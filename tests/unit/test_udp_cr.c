/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * udp_cr.c: UDP connection requests as GenieACS forms them (request line
 * and Host field, sig = hex HMAC-SHA1(password, ts id un cn)) parsed and
 * decided: accepted once, its two copies refused as repeated ids; a bad
 * signature, an unknown user (and any user when none is set), a stale or
 * future timestamp, garbage and malformed queries refused; a %-encoded
 * username; a clock that is not set; the id table's floor when it is full.
 * Every datagram is also parsed at every truncation.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hash.h"
#include "udp_cr.h"

#define NOW 1700000000

/* A datagram as GenieACS sends it, into buf. */
static size_t genieacs(char *buf, size_t len, long long ts, const char *id, const char *un,
		       const char *password)
{
	char text[256], sig[41];
	uint8_t mac[HASH_SHA1_LEN];
	const char *cn = "0123456789abcdef";
	int n = snprintf(text, sizeof(text), "%lld%s%s%s", ts, id, un, cn);

	assert_int_equal(hash_hmac_sha1(password, strlen(password), text, (size_t)n, mac), 0);
	for (int i = 0; i < HASH_SHA1_LEN; i++)
		snprintf(sig + 2 * i, 3, "%02x", mac[i]);
	n = snprintf(buf, len, "GET http://10.0.0.1:7547?ts=%lld&id=%s&un=%s&cn=%s&sig=%s "
		     "HTTP/1.1\r\nHost: 10.0.0.1:7547\r\n\r\n", ts, id, un, cn, sig);
	return (size_t)n;
}

static enum udp_cr_verdict decide(struct udp_cr_seen *seen, const char *buf, size_t len,
				  int64_t now)
{
	struct udp_cr_req r;

	for (size_t n = 0; n < len; n++)        /* never past len */
		udp_cr_parse(buf, n, &r);
	assert_int_equal(udp_cr_parse(buf, len, &r), 0);
	return udp_cr_check(seen, &r, "cpe", "s3cret", now);
}

static void test_genieacs(void **state)
{
	static struct udp_cr_seen seen;
	char buf[512];
	size_t n = genieacs(buf, sizeof(buf), NOW, "123456", "cpe", "s3cret");

	(void)state;
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_OK);
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_REPLAY);   /* copy 2 */
	assert_int_equal(decide(&seen, buf, n, NOW + 1), UDP_CR_REPLAY);
	/* the next request, same second */
	n = genieacs(buf, sizeof(buf), NOW, "654321", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_OK);
	/* the first replayed 4 minutes later: still its id */
	n = genieacs(buf, sizeof(buf), NOW, "123456", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW + 240), UDP_CR_REPLAY);
	/* ... and 6 minutes later: its timestamp */
	assert_int_equal(decide(&seen, buf, n, NOW + 360), UDP_CR_STALE);
}

static void test_refused(void **state)
{
	static struct udp_cr_seen seen;
	struct udp_cr_req r;
	char buf[512];
	size_t n;

	(void)state;
	n = genieacs(buf, sizeof(buf), NOW, "1", "cpe", "wrong");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_SIG);
	n = genieacs(buf, sizeof(buf), NOW, "2", "other", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_USER);
	n = genieacs(buf, sizeof(buf), NOW - UDP_CR_WINDOW_S - 1, "3", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_STALE);
	n = genieacs(buf, sizeof(buf), NOW + UDP_CR_WINDOW_S + 1, "4", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_STALE);
	n = genieacs(buf, sizeof(buf), NOW - UDP_CR_WINDOW_S, "5", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_OK);
	/* no username configured: nobody */
	n = genieacs(buf, sizeof(buf), NOW, "6", "", "s3cret");
	assert_int_equal(udp_cr_parse(buf, n, &r), 0);
	assert_int_equal(udp_cr_check(&seen, &r, "", "s3cret", NOW), UDP_CR_USER);
	/* a signature changed in one digit, upper case accepted */
	n = genieacs(buf, sizeof(buf), NOW, "7", "cpe", "s3cret");
	for (char *p = strstr(buf, "sig=") + 4; *p != ' '; p++)
		*p = (char)(*p >= 'a' ? *p - 32 : *p);
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_OK);
	n = genieacs(buf, sizeof(buf), NOW, "8", "cpe", "s3cret");
	*(strstr(buf, "sig=") + 4) ^= 1;
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_SIG);
}

static void test_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"GET",
		"\x00\x01\x00\x00",
		"POST http://h:1?ts=1&id=1&un=u&cn=c&sig=0000000000000000000000000000000000000000 HTTP/1.1",
		"GET http://h:1?ts=1&id=1&un=u&cn=c&sig=0000000000000000000000000000000000000000 HTTP/2.0",
		"GET http://h:1?ts=1&id=1&un=u&cn=c&sig=0000000000000000000000000000000000000000",
		"GET http://h:1?ts=1&id=1&un=u&cn=c HTTP/1.1",                 /* no sig */
		"GET http://h:1?ts=1&id=1&un=u&sig=0000000000000000000000000000000000000000 HTTP/1.1",
		"GET http://h:1?ts=x&id=1&un=u&cn=c&sig=0000000000000000000000000000000000000000 HTTP/1.1",
		"GET http://h:1?ts=1&id=&un=u&cn=c&sig=0000000000000000000000000000000000000000 HTTP/1.1",
		"GET http://h:1?ts=1&id=1&un=u&cn=c&sig=000000000000000000000000000000000000000 HTTP/1.1",
		"GET http://h:1?ts=1&id=1&un=u&cn=c&sig=000000000000000000000000000000000000000g HTTP/1.1",
		"GET http://h:1?ts=1&ts=1&id=1&un=u&cn=c&sig=0000000000000000000000000000000000000000 HTTP/1.1",
		"GET http://h:1/ HTTP/1.1",
		"GET http://h:1?ts=1&id=1&un=u\x01&cn=c&sig=0000000000000000000000000000000000000000 HTTP/1.1",
	};
	struct udp_cr_req r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(udp_cr_parse(bad[i], strlen(bad[i]), &r), -EINVAL);
	/* the request line alone (no Host, no CR LF) and unknown keys are fine */
	static const char line[] = "GET http://h:1?x=1&ts=1&id=1&un=u&cn=c&"
				   "sig=0000000000000000000000000000000000000000 HTTP/1.0";

	assert_int_equal(udp_cr_parse(line, sizeof(line) - 1, &r), 0);
	assert_int_equal(r.ts_value, 1);
}

static void test_encoded_username(void **state)
{
	static struct udp_cr_seen seen;
	char buf[512], text[128];
	struct udp_cr_req r;
	uint8_t mac[HASH_SHA1_LEN];
	int n;

	(void)state;
	/* un sent as "a%20b" for "a b", signed over the decoded form */
	n = snprintf(text, sizeof(text), "%d%s%s%s", NOW, "9", "a b", "cn");
	assert_int_equal(hash_hmac_sha1("pw", 2, text, (size_t)n, mac), 0);
	n = snprintf(buf, sizeof(buf), "GET http://h:1?ts=%d&id=9&un=a%%20b&cn=cn&sig=", NOW);
	for (int i = 0; i < HASH_SHA1_LEN; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%02x", mac[i]);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, " HTTP/1.1");
	assert_int_equal(udp_cr_parse(buf, (size_t)n, &r), 0);
	assert_int_equal(udp_cr_check(&seen, &r, "a b", "pw", NOW), UDP_CR_OK);
	assert_int_equal(udp_cr_check(&seen, &r, "a%20c", "pw", NOW), UDP_CR_USER);
}

static void test_no_clock(void **state)
{
	static struct udp_cr_seen seen;
	char buf[512];
	size_t n;

	(void)state;
	/* the CPE's clock says 1970: the first is taken, then the window
	 * counts from it */
	n = genieacs(buf, sizeof(buf), NOW, "1", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, 100), UDP_CR_OK);
	n = genieacs(buf, sizeof(buf), NOW + 200, "2", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, 100), UDP_CR_OK);
	n = genieacs(buf, sizeof(buf), NOW - 400, "3", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, 100), UDP_CR_STALE);
}

static void test_full_table(void **state)
{
	static struct udp_cr_seen seen;
	char buf[512], id[16];
	size_t n;

	(void)state;
	for (int i = 0; i < UDP_CR_IDS; i++) {
		snprintf(id, sizeof(id), "%d", i);
		n = genieacs(buf, sizeof(buf), NOW - 100 + i, id, "cpe", "s3cret");
		assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_OK);
	}
	/* one more pushes the oldest (id 0, ts NOW - 100) out ... */
	n = genieacs(buf, sizeof(buf), NOW, "new", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_OK);
	/* ... and its replay is refused by the floor */
	n = genieacs(buf, sizeof(buf), NOW - 100, "0", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_STALE);
	n = genieacs(buf, sizeof(buf), NOW - 99, "1", "cpe", "s3cret");
	assert_int_equal(decide(&seen, buf, n, NOW), UDP_CR_REPLAY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genieacs),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_encoded_username),
		cmocka_unit_test(test_no_clock),
		cmocka_unit_test(test_full_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
