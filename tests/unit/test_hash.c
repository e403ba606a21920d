/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for hash.h, run against whichever library configure chose
 * (make check builds OpenSSL's; tests/check.sh also builds mbedTLS's):
 * the MD5 vectors of RFC 1321, the SHA-256 vectors of FIPS 180-2 and the
 * HMAC-SHA-256 vectors of RFC 4231, each hashed whole, one byte per part
 * and in two uneven parts; the constant-time comparison and the wipe.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hash.h"

#define MILLION_A 1000000

struct vector {
	enum hash_alg alg;
	const char *msg;        /* NULL: a million 'a's (FIPS 180-2 B.3) */
	const char *hex;
};

static const struct vector vectors[] = {
	{ HASH_MD5, "", "d41d8cd98f00b204e9800998ecf8427e" },
	{ HASH_MD5, "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ HASH_MD5, "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ HASH_MD5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
	{ HASH_MD5, "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
	{ HASH_MD5, "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
	  "57edf4a22be3c955ac49da2e2107b67a" },
	{ HASH_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ HASH_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ HASH_SHA256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ HASH_SHA256, NULL, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* The digest of parts, in hex; its length checked against alg. */
static void sum_hex(enum hash_alg alg, const struct hash_part *parts, size_t n, char *hex)
{
	unsigned char out[HASH_MAX_LEN];
	int len = hash_sum(alg, parts, n, out);

	assert_int_equal(len, alg == HASH_MD5 ? 16 : 32);
	to_hex(out, (size_t)len, hex);
}

static void check_whole_and_split(enum hash_alg alg, const char *msg, size_t len,
				  const char *want)
{
	struct hash_part whole = { msg, len }, two[2] = { { msg, len / 3 },
							  { msg + len / 3, len - len / 3 } };
	struct hash_part bytes[128];
	char hex[2 * HASH_MAX_LEN + 1];

	sum_hex(alg, &whole, 1, hex);
	assert_string_equal(hex, want);
	sum_hex(alg, two, 2, hex);
	assert_string_equal(hex, want);
	if (len > sizeof(bytes) / sizeof(bytes[0]))
		return;
	for (size_t i = 0; i < len; i++)
		bytes[i] = (struct hash_part){ msg + i, 1 };
	sum_hex(alg, bytes, len, hex);
	assert_string_equal(hex, want);
}

static void test_vectors(void **state)
{
	static char million[MILLION_A];

	(void)state;
	memset(million, 'a', sizeof(million));
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		const char *msg = v->msg ? v->msg : million;

		check_whole_and_split(v->alg, msg, v->msg ? strlen(msg) : sizeof(million), v->hex);
	}
}

static void test_no_parts(void **state)
{
	char hex[2 * HASH_MAX_LEN + 1];

	(void)state;
	sum_hex(HASH_MD5, NULL, 0, hex);
	assert_string_equal(hex, vectors[0].hex);   /* MD5 of nothing */
	assert_int_equal(hash_sum((enum hash_alg)99, NULL, 0, (unsigned char[HASH_MAX_LEN]){ 0 }),
			 -EINVAL);
}

struct hmac_vector {
	unsigned char key_byte; /* key: key_len times this byte, or key_text */
	size_t key_len;
	const char *key_text;
	const char *msg;
	const char *hex;
};

/* RFC 4231 test cases 1, 2, 3 (as text: 50 x 0xdd), 6 and 7. */
static const struct hmac_vector hmac_vectors[] = {
	{ 0x0b, 20, NULL, "Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ 0, 0, "Jefe", "what do ya want for nothing?",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ 0xaa, 20, NULL, NULL,
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ 0xaa, 131, NULL, "This is a test using a larger than block-size key and a larger "
	  "than block-size data. The key needs to be hashed before being used by the HMAC "
	  "algorithm.",
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
};

static void test_hmac(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hmac_vectors) / sizeof(hmac_vectors[0]); i++) {
		const struct hmac_vector *v = &hmac_vectors[i];
		unsigned char key[131], dd[50], out[32];
		const void *msg = v->msg;
		size_t msg_len = v->msg ? strlen(v->msg) : sizeof(dd);
		char hex[65];

		memset(key, v->key_byte, sizeof(key));
		memset(dd, 0xdd, sizeof(dd));
		if (!msg)
			msg = dd;
		assert_int_equal(hash_hmac_sha256(v->key_text ? (const void *)v->key_text : key,
						  v->key_text ? strlen(v->key_text) : v->key_len,
						  msg, msg_len, out), 0);
		to_hex(out, sizeof(out), hex);
		assert_string_equal(hex, v->hex);
	}
}

/* RFC 2202 HMAC-SHA1 test cases 1, 2, 3 (50 x 0xdd), 6 and 7. */
static const struct hmac_vector sha1_vectors[] = {
	{ 0x0b, 20, NULL, "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ 0, 0, "Jefe", "what do ya want for nothing?",
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ 0xaa, 20, NULL, NULL, "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
	{ 0xaa, 80, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
	{ 0xaa, 80, NULL, "Test Using Larger Than Block-Size Key and Larger Than One "
	  "Block-Size Data", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
};

static void test_hmac_sha1(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sha1_vectors) / sizeof(sha1_vectors[0]); i++) {
		const struct hmac_vector *v = &sha1_vectors[i];
		unsigned char key[80], dd[50], out[HASH_SHA1_LEN];
		const void *msg = v->msg;
		char hex[2 * HASH_SHA1_LEN + 1];

		memset(key, v->key_byte, sizeof(key));
		memset(dd, 0xdd, sizeof(dd));
		if (!msg)
			msg = dd;
		assert_int_equal(hash_hmac_sha1(v->key_text ? (const void *)v->key_text : key,
						v->key_text ? strlen(v->key_text) : v->key_len,
						msg, v->msg ? strlen(v->msg) : sizeof(dd), out), 0);
		to_hex(out, sizeof(out), hex);
		assert_string_equal(hex, v->hex);
	}
}

static void test_equal(void **state)
{
	unsigned char a[32], b[32];

	(void)state;
	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_true(hash_equal(a, b, sizeof(a)));
	assert_true(hash_equal(a, b, 0));
	for (size_t i = 0; i < sizeof(b); i++) {
		b[i] ^= 0x80;
		assert_false(hash_equal(a, b, sizeof(a)));
		assert_true(hash_equal(a, b, i));   /* the bytes before it still match */
		b[i] ^= 0x80;
	}
}

static void test_wipe(void **state)
{
	unsigned char secret[40], zero[40] = { 0 };

	(void)state;
	memset(secret, 0xff, sizeof(secret));
	hash_wipe(secret, 17);
	assert_memory_equal(secret, zero, 17);
	assert_int_equal(secret[17], 0xff);
	hash_wipe(secret, sizeof(secret));
	assert_memory_equal(secret, zero, sizeof(secret));
}

static void test_library(void **state)
{
	const char *name = hash_library();

	(void)state;
	assert_non_null(name);
	print_message("# hashes from %s\n", name);
	assert_true(strstr(name, "OpenSSL") || strstr(name, "mbed TLS") || strstr(name, "Mbed TLS"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_no_parts),
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_hmac_sha1),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_library),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
