/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hash.h on mbedTLS's libmbedcrypto (--with-crypto=mbedtls), through its
 * generic message-digest layer (md.h), whose calls are the same in mbedTLS
 * 2.16 to 3.6. mbedTLS 2.x has no public constant-time comparison: ours is
 * below.
 */
#include <errno.h>

#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/version.h>

#include "hash.h"

static const mbedtls_md_info_t *info_of(enum hash_alg alg)
{
	switch (alg) {
	case HASH_MD5:
		return mbedtls_md_info_from_type(MBEDTLS_MD_MD5);
	case HASH_SHA256:
		return mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	}
	return NULL;
}

static int map_err(int rc)
{
	return rc == 0 ? 0 : rc == MBEDTLS_ERR_MD_ALLOC_FAILED ? -ENOMEM : -EIO;
}

int hash_sum(enum hash_alg alg, const struct hash_part *parts, size_t n,
	     unsigned char *out)
{
	const mbedtls_md_info_t *info = info_of(alg);
	mbedtls_md_context_t ctx;
	int rc;

	if (!info || mbedtls_md_get_size(info) > HASH_MAX_LEN)
		return -EINVAL;         /* not built into this mbedTLS */
	mbedtls_md_init(&ctx);
	rc = mbedtls_md_setup(&ctx, info, 0);
	if (rc == 0)
		rc = mbedtls_md_starts(&ctx);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = mbedtls_md_update(&ctx, parts[i].p, parts[i].len);
	if (rc == 0)
		rc = mbedtls_md_finish(&ctx, out);
	mbedtls_md_free(&ctx);
	return rc == 0 ? (int)mbedtls_md_get_size(info) : map_err(rc);
}

int hash_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t len,
		     unsigned char *out)
{
	const mbedtls_md_info_t *info = info_of(HASH_SHA256);

	if (!info)
		return -EINVAL;
	return map_err(mbedtls_md_hmac(info, key, key_len, msg, len, out));
}

int hash_hmac_sha1(const void *key, size_t key_len, const void *msg, size_t len,
		   unsigned char *out)
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);

	if (!info)
		return -EINVAL;
	return map_err(mbedtls_md_hmac(info, key, key_len, msg, len, out));
}

bool hash_equal(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= x[i] ^ y[i];
	return diff == 0;
}

void hash_wipe(void *p, size_t n)
{
	mbedtls_platform_zeroize(p, n);
}

const char *hash_library(void)
{
	return MBEDTLS_VERSION_STRING_FULL;
}
