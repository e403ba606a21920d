/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The cryptography the agent needs, and only that: MD5 and SHA-256 (HTTP
 * Digest), HMAC-SHA-256 (the connection request server's nonce tags),
 * HMAC-SHA1 (TR-069 Annex G's UDP connection requests, STUN's
 * MESSAGE-INTEGRITY), a constant-time comparison and a wipe the compiler keeps. One file per
 * crypto library implements it, chosen at configure time
 * (--with-crypto=openssl|mbedtls): hash_openssl.c (OpenSSL's libcrypto)
 * and hash_mbedtls.c (mbedTLS's libmbedcrypto). Build with the library
 * libcurl uses, so that a router carries one TLS library (OpenWrt's libcurl
 * uses mbedTLS). No other file includes either library's headers.
 */
#ifndef CWMP_HASH_H
#define CWMP_HASH_H

#include <stdbool.h>
#include <stddef.h>

#define HASH_MAX_LEN 32         /* bytes of the longest digest (SHA-256) */

enum hash_alg {
	HASH_MD5,               /* 16 bytes */
	HASH_SHA256,            /* 32 bytes */
};

/* One piece of a message; the message is the pieces one after another. */
struct hash_part {
	const void *p;
	size_t len;
};

/*
 * The digest of parts[0] parts[1] ... parts[n - 1] into out (room for
 * HASH_MAX_LEN bytes). Returns its length (16 or 32), or -EINVAL for an
 * algorithm the library was built without, -ENOMEM, -EIO.
 */
int hash_sum(enum hash_alg alg, const struct hash_part *parts, size_t n,
	     unsigned char *out);

/* HMAC-SHA-256 (RFC 2104) of msg under key into out (32 bytes). 0, or
 * -EINVAL, -ENOMEM, -EIO as hash_sum. */
int hash_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t len,
		     unsigned char *out);

#define HASH_SHA1_LEN 20

/* HMAC-SHA1 (RFC 2104) of msg under key into out (HASH_SHA1_LEN bytes).
 * 0, or -EINVAL, -ENOMEM, -EIO as hash_sum. */
int hash_hmac_sha1(const void *key, size_t key_len, const void *msg, size_t len,
		   unsigned char *out);

/* True when the n bytes at a and at b are the same; the time taken does
 * not depend on where they differ. */
bool hash_equal(const void *a, const void *b, size_t n);

/* Zero n bytes at p (a secret), in a way the compiler does not drop. */
void hash_wipe(void *p, size_t n);

/* The library and its version, e.g. "OpenSSL 3.0.11 19 Sep 2023" (static). */
const char *hash_library(void);

#endif
