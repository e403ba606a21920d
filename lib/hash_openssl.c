/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hash.h on OpenSSL's libcrypto (--with-crypto=openssl): EVP digests,
 * one-shot HMAC, CRYPTO_memcmp and OPENSSL_cleanse.
 */
#include <errno.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hash.h"

static const EVP_MD *md_of(enum hash_alg alg)
{
	switch (alg) {
	case HASH_MD5:
		return EVP_md5();
	case HASH_SHA256:
		return EVP_sha256();
	}
	return NULL;
}

int hash_sum(enum hash_alg alg, const struct hash_part *parts, size_t n,
	     unsigned char *out)
{
	const EVP_MD *md = md_of(alg);
	EVP_MD_CTX *ctx;
	unsigned int len = 0;
	int ok;

	if (!md)
		return -EINVAL;
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, md, NULL);
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].p, parts[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len) && len <= HASH_MAX_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? (int)len : -ENOMEM;
}

int hash_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t len,
		     unsigned char *out)
{
	unsigned int out_len = 0;

	if (key_len > 0x7fffffff)
		return -EINVAL;
	return HMAC(EVP_sha256(), key, (int)key_len, msg, len, out, &out_len) && out_len == 32 ?
	       0 : -ENOMEM;
}

int hash_hmac_sha1(const void *key, size_t key_len, const void *msg, size_t len,
		   unsigned char *out)
{
	unsigned int out_len = 0;

	if (key_len > 0x7fffffff)
		return -EINVAL;
	return HMAC(EVP_sha1(), key, (int)key_len, msg, len, out, &out_len) &&
	       out_len == HASH_SHA1_LEN ? 0 : -ENOMEM;
}

bool hash_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void hash_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

const char *hash_library(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
