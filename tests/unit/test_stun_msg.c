/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stun_msg.c: the STUN codec. RFC 5769's sample IPv4 and IPv6 responses
 * (XOR-MAPPED-ADDRESS and MESSAGE-INTEGRITY with their short-term
 * password) read and checked, whole and at every truncation; Binding
 * Requests written with TR-111's attributes, plain, with BINDING-CHANGE,
 * signed short-term and long-term (their MESSAGE-INTEGRITY checked back,
 * and refused under another key or with a byte changed); error responses
 * with REALM and NONCE; MAPPED-ADDRESS; and malformed messages refused.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "stun_msg.h"

/* RFC 5769 2.2: a Binding Success Response, IPv4 192.0.2.1:32853. */
static const uint8_t rfc5769_v4[] = {
	0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01,
	0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b,
	0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63, 0x74, 0x6f, 0x72, 0x20,
	0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
	0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3,
	0x8c, 0x74, 0x89, 0xf9, 0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7,
	0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96,
};

/* RFC 5769 2.3: IPv6 2001:db8:1234:5678:11:2233:4455:6677 port 32853. */
static const uint8_t rfc5769_v6[] = {
	0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01,
	0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b,
	0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63, 0x74, 0x6f, 0x72, 0x20,
	0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
	0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9,
	0x00, 0x08, 0x00, 0x14, 0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1,
	0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75, 0xbf, 0xe3, 0xed, 0x41,
	0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c,
};

static const char rfc5769_password[] = "VOkJxbRl1RmTxUk/WvJxBt";

static void mapped_is(const struct stun_response *r, const char *ip, unsigned port)
{
	char text[INET6_ADDRSTRLEN];

	assert_true(r->has_mapped);
	if (r->mapped.ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)&r->mapped;

		inet_ntop(AF_INET, &s->sin_addr, text, sizeof(text));
		assert_int_equal(ntohs(s->sin_port), port);
	} else {
		const struct sockaddr_in6 *s = (const void *)&r->mapped;

		assert_int_equal(r->mapped.ss_family, AF_INET6);
		inet_ntop(AF_INET6, &s->sin6_addr, text, sizeof(text));
		assert_int_equal(ntohs(s->sin6_port), port);
	}
	assert_string_equal(text, ip);
}

static void check_rfc_vector(const uint8_t *msg, size_t len, const char *ip)
{
	uint8_t key[STUN_KEY_MAX], copy[128];
	struct stun_response r;
	int klen = stun_key_short(rfc5769_password, key);

	assert_int_equal(stun_msg_parse(msg, len, &r), 0);
	assert_int_equal(r.type, STUN_BINDING_SUCCESS);
	mapped_is(&r, ip, 32853);
	assert_int_equal(r.error_code, 0);
	assert_int_equal(stun_msg_check(msg, len, &r, key, (size_t)klen), 0);
	assert_int_equal(stun_msg_check(msg, len, &r, (const uint8_t *)"wrong", 5), -EACCES);
	/* every truncation is refused, never read past */
	for (size_t n = 0; n < len; n++)
		assert_int_equal(stun_msg_parse(msg, n, &r), -EINVAL);
	/* a byte changed under the HMAC */
	memcpy(copy, msg, len);
	copy[30] ^= 1;
	assert_int_equal(stun_msg_parse(copy, len, &r), 0);
	assert_int_equal(stun_msg_check(copy, len, &r, key, (size_t)klen), -EACCES);
}

static void test_rfc5769(void **state)
{
	(void)state;
	check_rfc_vector(rfc5769_v4, sizeof(rfc5769_v4), "192.0.2.1");
	check_rfc_vector(rfc5769_v6, sizeof(rfc5769_v6), "2001:db8:1234:5678:11:2233:4455:6677");
}

static const uint8_t txid[STUN_TXID_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

static void test_plain_request(void **state)
{
	struct stun_request r = { .binding_change = false };
	uint8_t buf[STUN_MAX_MSG];
	struct stun_response p;
	int n;

	(void)state;
	memcpy(r.txid, txid, sizeof(txid));
	n = stun_msg_write(&r, buf, sizeof(buf));
	assert_int_equal(n, 20 + 4 + 20);
	assert_int_equal(buf[0], 0x00);
	assert_int_equal(buf[1], 0x01);
	assert_int_equal(buf[3], 24);
	assert_memory_equal(buf + 4, "\x21\x12\xa4\x42", 4);
	assert_memory_equal(buf + 8, txid, sizeof(txid));
	assert_memory_equal(buf + 20, "\xc0\x01\x00\x14" "dslforum.org/TR-111 ", 24);
	assert_true(stun_msg_is_stun(buf, (size_t)n));
	assert_int_equal(stun_msg_parse(buf, (size_t)n, &p), 0);
	assert_int_equal(p.type, STUN_BINDING_REQUEST);
	assert_int_equal(p.integrity_at, 0);
	/* too small a buffer */
	assert_int_equal(stun_msg_write(&r, buf, 43), -E2BIG);
	assert_int_equal(stun_msg_write(&r, buf, 10), -E2BIG);

	r.binding_change = true;
	n = stun_msg_write(&r, buf, sizeof(buf));
	assert_int_equal(n, 48);
	assert_memory_equal(buf + 44, "\xc0\x02\x00\x00", 4);
}

static void signed_request(const char *realm, const char *nonce, const uint8_t *key,
			   size_t klen)
{
	struct stun_request r = { .username = "cpe", .realm = realm, .nonce = nonce,
				  .key = key, .key_len = klen };
	uint8_t buf[STUN_MAX_MSG];
	struct stun_response p;
	int n;

	memcpy(r.txid, txid, sizeof(txid));
	n = stun_msg_write(&r, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(stun_msg_parse(buf, (size_t)n, &p), 0);
	assert_int_equal((size_t)n, p.integrity_at + 24);      /* MESSAGE-INTEGRITY last */
	assert_int_equal(stun_msg_check(buf, (size_t)n, &p, key, klen), 0);
	assert_int_equal(stun_msg_check(buf, (size_t)n, &p, (const uint8_t *)"x", 1), -EACCES);
	if (realm) {
		assert_memory_equal(p.realm.p, realm, strlen(realm));
		assert_memory_equal(p.nonce.p, nonce, strlen(nonce));
	}
	buf[25] ^= 0x20;                /* in CONNECTION-REQUEST-BINDING */
	assert_int_equal(stun_msg_check(buf, (size_t)n, &p, key, klen), -EACCES);
}

static void test_signed_requests(void **state)
{
	uint8_t key[STUN_KEY_MAX];
	/* md5("cpe:example.org:secret") */
	static const uint8_t want[16] = { 0x8d, 0xfe, 0x95, 0x3f, 0x90, 0xb1, 0x30, 0x42,
					  0x2d, 0x50, 0xdc, 0x3a, 0xb1, 0x20, 0xe4, 0x87 };
	int n;

	(void)state;
	n = stun_key_short("secret", key);
	assert_int_equal(n, 6);
	signed_request(NULL, NULL, key, (size_t)n);
	assert_int_equal(stun_key_long("cpe", "example.org", "secret", key), 16);
	assert_memory_equal(key, want, 16);
	signed_request("example.org", "f00dcafe", key, 16);
}

static void test_error_response(void **state)
{
	/* 401 with REALM "r" and NONCE "nn" */
	static const uint8_t msg[] = {
		0x01, 0x11, 0x00, 0x1c, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		0x00, 0x09, 0x00, 0x08, 0x00, 0x00, 0x04, 0x01, 'N', 'o', 'p', 'e',
		0x00, 0x14, 0x00, 0x01, 'r', 0, 0, 0,
		0x00, 0x15, 0x00, 0x02, 'n', 'n', 0, 0,
	};
	struct stun_response r;

	(void)state;
	assert_int_equal(stun_msg_parse(msg, sizeof(msg), &r), 0);
	assert_int_equal(r.type, STUN_BINDING_ERROR);
	assert_int_equal(r.error_code, 401);
	assert_int_equal(r.realm.len, 1);
	assert_int_equal(r.nonce.len, 2);
	assert_memory_equal(r.nonce.p, "nn", 2);
	assert_memory_equal(r.txid, txid, sizeof(txid));
	assert_false(r.has_mapped);
	assert_int_equal(stun_msg_check(msg, sizeof(msg), &r, (const uint8_t *)"k", 1), -ENOENT);
}

static void test_mapped_address(void **state)
{
	/* the old MAPPED-ADDRESS (not XOR'ed): 10.0.0.1:7547 */
	static const uint8_t msg[] = {
		0x01, 0x01, 0x00, 0x0c, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x01, 0x1d, 0x7b, 10, 0, 0, 1,
	};
	struct stun_response r;

	(void)state;
	assert_int_equal(stun_msg_parse(msg, sizeof(msg), &r), 0);
	mapped_is(&r, "10.0.0.1", 7547);
}

static void test_malformed(void **state)
{
	uint8_t msg[64];
	struct stun_response r;

	(void)state;
	/* a header with the length of one attribute, then variations */
	memcpy(msg, "\x01\x01\x00\x0c\x21\x12\xa4\x42" "abcdefghijkl"
	       "\x00\x20\x00\x08\x00\x01\x00\x00\x01\x02\x03\x04", 32);
	assert_int_equal(stun_msg_parse(msg, 32, &r), 0);
	msg[23] = 0x0c;                 /* attribute longer than the message */
	assert_int_equal(stun_msg_parse(msg, 32, &r), -EINVAL);
	msg[23] = 0x04;                 /* an IPv4 address of 4 bytes */
	assert_int_equal(stun_msg_parse(msg, 32, &r), -EINVAL);
	msg[23] = 0x08;
	msg[25] = 0x03;                 /* family 3 */
	assert_int_equal(stun_msg_parse(msg, 32, &r), -EINVAL);
	msg[25] = 0x01;
	msg[4] = 0x22;                  /* no magic cookie */
	assert_int_equal(stun_msg_parse(msg, 32, &r), -EINVAL);
	assert_false(stun_msg_is_stun(msg, 32));
	msg[4] = 0x21;
	msg[0] = 0x41;                  /* top bits set */
	assert_false(stun_msg_is_stun(msg, 32));
	msg[0] = 0x01;
	assert_false(stun_msg_is_stun(msg, 31));        /* length mismatch */
	assert_false(stun_msg_is_stun((const uint8_t *)"GET / HTTP/1.1\r\n\r\n", 18));
	/* an ERROR-CODE out of range */
	memcpy(msg + 20, "\x00\x09\x00\x04\x00\x00\x07\x00", 8);
	msg[3] = 8;
	assert_int_equal(stun_msg_parse(msg, 28, &r), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc5769),
		cmocka_unit_test(test_plain_request),
		cmocka_unit_test(test_signed_requests),
		cmocka_unit_test(test_error_response),
		cmocka_unit_test(test_mapped_address),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
