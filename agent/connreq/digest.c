/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Server-side HTTP Digest (RFC 7616) for connection requests: parsing the
 * client's Authorization value, making challenges and nonces, and checking
 * a response. Hashes through hash.h (OpenSSL or mbedTLS); the nonce is
 * hex(issue second | serial | HMAC-SHA-256(secret, both)[0..16)), so it is
 * checked without a table; a small bitmap makes each nonce single-use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "digest.h"
#include "hash.h"

#define NONCE_BYTES 32          /* 8 time + 8 serial + 16 tag */
#define TAG_BYTES 16

/* ---- the Authorization value ------------------------------------------- */

struct pcur {
	const char *p, *end;
	char *out, *out_end;
};

static const struct {
	const char *name;
	size_t off;
} fields[] = {
	{ "username", offsetof(struct digest_auth, username) },
	{ "realm", offsetof(struct digest_auth, realm) },
	{ "nonce", offsetof(struct digest_auth, nonce) },
	{ "uri", offsetof(struct digest_auth, uri) },
	{ "response", offsetof(struct digest_auth, response) },
	{ "algorithm", offsetof(struct digest_auth, algorithm) },
	{ "qop", offsetof(struct digest_auth, qop) },
	{ "nc", offsetof(struct digest_auth, nc) },
	{ "cnonce", offsetof(struct digest_auth, cnonce) },
	{ "opaque", offsetof(struct digest_auth, opaque) },
	{ "userhash", offsetof(struct digest_auth, userhash) },
};

static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static void skip_ows(struct pcur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static int put(struct pcur *c, char ch)
{
	if (c->out == c->out_end)
		return -E2BIG;
	*c->out++ = ch;
	return 0;
}

/* A quoted-string, unescaped into the store. */
static int quoted(struct pcur *c)
{
	int rc = 0;

	for (c->p++; rc == 0 && c->p < c->end && *c->p != '"'; c->p++) {
		if (*c->p == '\\' && ++c->p == c->end)
			return -EINVAL;
		if (((unsigned char)*c->p < 0x20 && *c->p != '\t') || *c->p == 0x7f)
			return -EINVAL;
		rc = put(c, *c->p);
	}
	if (rc == 0 && c->p == c->end)
		return -EINVAL;
	c->p++;
	return rc;
}

/* token / quoted-string into the store; *val is its NUL-terminated copy. */
static int param_value(struct pcur *c, const char **val)
{
	char *start = c->out;
	int rc = 0;

	if (c->p < c->end && *c->p == '"') {
		rc = quoted(c);
	} else {
		if (c->p == c->end || !is_tchar((unsigned char)*c->p))
			return -EINVAL;
		while (rc == 0 && c->p < c->end && is_tchar((unsigned char)*c->p))
			rc = put(c, *c->p++);
	}
	if (rc == 0)
		rc = put(c, '\0');
	*val = start;
	return rc;
}

/* The slot of a known parameter name, or NULL (ignored). */
static const char **field_slot(struct digest_auth *d, const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].name) == len && strncasecmp(fields[i].name, name, len) == 0)
			return (const char **)(void *)((char *)d + fields[i].off);
	return NULL;
}

/* One name=value pair. */
static int param(struct pcur *c, struct digest_auth *d)
{
	const char *name = c->p, *val;
	const char **slot;
	size_t len;
	int rc;

	while (c->p < c->end && is_tchar((unsigned char)*c->p))
		c->p++;
	len = (size_t)(c->p - name);
	skip_ows(c);
	if (len == 0 || c->p == c->end || *c->p != '=')
		return -EINVAL;
	c->p++;
	skip_ows(c);
	rc = param_value(c, &val);
	if (rc != 0)
		return rc;
	slot = field_slot(d, name, len);
	if (slot && *slot)
		return -EINVAL;         /* a repeated parameter */
	if (slot)
		*slot = val;
	return 0;
}

/* #( name=value ) with empty elements allowed (RFC 9110 5.6.1). */
static int params(struct pcur *c, struct digest_auth *d)
{
	int rc = 0;
	bool need_comma = false;

	for (;;) {
		skip_ows(c);
		if (c->p == c->end)
			return 0;
		if (*c->p == ',') {
			c->p++;
			need_comma = false;
			continue;
		}
		if (need_comma)
			return -EINVAL;
		rc = param(c, d);
		if (rc != 0)
			return rc;
		need_comma = true;
	}
}

int digest_parse(const char *value, size_t len, struct digest_auth *d)
{
	struct pcur c = { value, value + len, NULL, NULL };

	memset(d, 0, sizeof(*d));
	if (len > DIGEST_MAX_HEADER)
		return -E2BIG;
	c.out = d->store;
	c.out_end = d->store + sizeof(d->store);
	skip_ows(&c);
	if ((size_t)(c.end - c.p) < 7 || strncasecmp(c.p, "Digest", 6) != 0 ||
	    (c.p[6] != ' ' && c.p[6] != '\t'))
		return -EINVAL;
	c.p += 7;
	return params(&c, d);
}

/* ---- hashes ---------------------------------------------------------------- */

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int from_hex(const char *s, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < 2 * n; i++) {
		char ch = s[i];
		int v = ch >= '0' && ch <= '9' ? ch - '0' :
			ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
			ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;

		if (v < 0)
			return -EINVAL;
		out[i / 2] = (unsigned char)(i % 2 ? (out[i / 2] << 4) | v : v);
	}
	return 0;
}

#define HASH_PARTS_MAX 6        /* the most digest_response joins */

/* hex(alg(parts[0] ":" parts[1] ":" ...)) into out (>= 65 bytes). */
static int hash_hex(enum hash_alg alg, const char *const *parts, size_t n, char *out)
{
	struct hash_part p[2 * HASH_PARTS_MAX - 1];
	unsigned char h[HASH_MAX_LEN];
	size_t k = 0;
	int len;

	if (n == 0 || n > HASH_PARTS_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			p[k++] = (struct hash_part){ ":", 1 };
		p[k++] = (struct hash_part){ parts[i], strlen(parts[i]) };
	}
	len = hash_sum(alg, p, k, h);
	if (len < 0)
		return len;
	to_hex(h, (size_t)len, out);
	hash_wipe(h, sizeof(h));
	return 0;
}

/* The hash of an algorithm parameter (NULL: MD5). 0 or -EINVAL. */
static int alg_of(const char *alg, enum hash_alg *out)
{
	if (!alg || strcasecmp(alg, "MD5") == 0)
		*out = HASH_MD5;
	else if (strcasecmp(alg, "SHA-256") == 0)
		*out = HASH_SHA256;
	else
		return -EINVAL;         /* -sess variants, SHA-512-256: not offered */
	return 0;
}

int digest_response(const char *alg, const char *username, const char *realm,
		    const char *password, const char *method, const char *uri,
		    const char *nonce, const char *nc, const char *cnonce, const char *qop,
		    char *out)
{
	enum hash_alg halg;
	char ha1[65], ha2[65];
	const char *p1[] = { username, realm, password };
	const char *p2[] = { method, uri };
	const char *full[] = { ha1, nonce, nc, cnonce, qop, ha2 };
	const char *legacy[] = { ha1, nonce, ha2 };
	int rc;

	if (alg_of(alg, &halg) != 0 || (qop && (!nc || !cnonce)))
		return -EINVAL;
	rc = hash_hex(halg, p1, 3, ha1);
	if (rc == 0)
		rc = hash_hex(halg, p2, 2, ha2);
	if (rc == 0)
		rc = qop ? hash_hex(halg, full, 6, out) : hash_hex(halg, legacy, 3, out);
	hash_wipe(ha1, sizeof(ha1));
	return rc;
}

/* ---- nonces ------------------------------------------------------------------ */

int digest_server_init(struct digest_server *s)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, s->secret, sizeof(s->secret));
	int rc = n == (ssize_t)sizeof(s->secret) ? 0 : (errno ? -errno : -EIO);

	if (fd >= 0)
		close(fd);
	memset(s->used, 0, sizeof(s->used));
	s->used_top = 0;
	s->next_serial = 1;
	s->algs = 0;
	return rc;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void nonce_tag(const struct digest_server *s, const unsigned char *msg,
		      unsigned char *tag)
{
	unsigned char mac[HASH_MAX_LEN];

	if (hash_hmac_sha256(s->secret, sizeof(s->secret), msg, 16, mac) != 0)
		memset(mac, 0, sizeof(mac));    /* an all-zero tag matches nothing made */
	memcpy(tag, mac, TAG_BYTES);
}

void digest_nonce_make(struct digest_server *s, int64_t now_s, char *out)
{
	unsigned char b[NONCE_BYTES];

	put_be64(b, (uint64_t)now_s);
	put_be64(b + 8, s->next_serial++);
	nonce_tag(s, b, b + 16);
	to_hex(b, sizeof(b), out);
}

/* Shift the used bitmap toward older serials by n. */
static void used_shift(struct digest_server *s, uint64_t n)
{
	const size_t words = DIGEST_REPLAY_WINDOW / 64;
	size_t ws = n >= DIGEST_REPLAY_WINDOW ? words : (size_t)(n / 64);
	unsigned bs = (unsigned)(n % 64);

	for (size_t i = words; i-- > 0;) {
		uint64_t hi = i >= ws ? s->used[i - ws] : 0;
		uint64_t lo = i >= ws + 1 ? s->used[i - ws - 1] : 0;

		s->used[i] = bs ? (hi << bs) | (lo >> (64 - bs)) : hi;
	}
}

/* Mark serial used: 0, or -EALREADY (used before or too old to know). */
static int used_mark(struct digest_server *s, uint64_t serial)
{
	uint64_t age;

	if (serial > s->used_top) {
		used_shift(s, serial - s->used_top);
		s->used_top = serial;
		s->used[0] |= 1;
		return 0;
	}
	age = s->used_top - serial;
	if (age >= DIGEST_REPLAY_WINDOW || (s->used[age / 64] >> (age % 64) & 1))
		return -EALREADY;
	s->used[age / 64] |= (uint64_t)1 << (age % 64);
	return 0;
}

/* 0 and the nonce used up; -ESTALE when it is not ours, expired or used. */
static int nonce_use(struct digest_server *s, const char *nonce, int64_t now_s)
{
	unsigned char b[NONCE_BYTES], tag[TAG_BYTES];
	int64_t made;

	if (strlen(nonce) != DIGEST_NONCE_LEN || from_hex(nonce, sizeof(b), b) != 0)
		return -ESTALE;
	nonce_tag(s, b, tag);
	if (!hash_equal(tag, b + 16, TAG_BYTES))
		return -ESTALE;
	made = (int64_t)get_be64(b);
	if (made > now_s || now_s - made > DIGEST_NONCE_LIFETIME_S)
		return -ESTALE;
	return used_mark(s, get_be64(b + 8)) == 0 ? 0 : -ESTALE;
}

int digest_challenge(struct digest_server *s, int64_t now_s, int stale, char *out,
		     size_t outlen)
{
	static const char *const algs[] = { "SHA-256", "MD5" };
	static const unsigned bits[] = { DIGEST_ALG_SHA256, DIGEST_ALG_MD5 };
	char nonce[DIGEST_NONCE_LEN + 1];
	size_t used = 0;
	int n;

	digest_nonce_make(s, now_s, nonce);
	for (size_t i = 0; i < 2; i++) {
		if (s->algs && !(s->algs & bits[i]))
			continue;
		n = snprintf(out + used, outlen - used,
			     "WWW-Authenticate: Digest realm=\"%s\", qop=\"auth\", "
			     "algorithm=%s, nonce=\"%s\"%s\r\n", DIGEST_REALM, algs[i], nonce,
			     stale ? ", stale=true" : "");
		if (n < 0 || (size_t)n >= outlen - used)
			return -ENOSPC;
		used += (size_t)n;
	}
	return (int)used;
}

/* ---- checking a response ----------------------------------------------------- */

/* Constant-time equality of two secrets of any length (via their SHA-256). */
static bool same_secret(const char *a, const char *b)
{
	unsigned char ha[HASH_MAX_LEN], hb[HASH_MAX_LEN];
	const struct hash_part pa = { a, strlen(a) }, pb = { b, strlen(b) };

	if (hash_sum(HASH_SHA256, &pa, 1, ha) != 32 || hash_sum(HASH_SHA256, &pb, 1, hb) != 32)
		return false;
	return hash_equal(ha, hb, 32);
}

static bool hex_same(const char *want, const char *got)
{
	char low[65];
	size_t n = strlen(want);

	if (strlen(got) != n || n >= sizeof(low))
		return false;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(got[i] >= 'A' && got[i] <= 'F' ? got[i] - 'A' + 'a' : got[i]);
	return hash_equal(want, low, n);
}

/* Whether s allows the algorithm d names. */
static bool alg_allowed(const struct digest_server *s, const struct digest_auth *d)
{
	enum hash_alg alg;

	if (alg_of(d->algorithm, &alg) != 0)
		return false;
	return !s->algs || (s->algs & (alg == HASH_MD5 ? DIGEST_ALG_MD5 : DIGEST_ALG_SHA256));
}

/* Everything a qop=auth response needs, for the request it came with, by
 * an algorithm s allows. */
static bool well_formed(const struct digest_server *s, const struct digest_auth *d,
			const char *target)
{
	return d->username && d->realm && d->nonce && d->uri && d->response && d->qop &&
	       d->nc && d->cnonce && alg_allowed(s, d) &&
	       strcmp(d->realm, DIGEST_REALM) == 0 && strcmp(d->qop, "auth") == 0 &&
	       strcmp(d->uri, target) == 0 && strlen(d->nc) == 8 &&
	       strspn(d->nc, "0123456789abcdefABCDEF") == 8 &&
	       (!d->userhash || strcasecmp(d->userhash, "false") == 0);
}

enum digest_result digest_check(struct digest_server *s, const struct digest_auth *d,
				const char *method, const char *target,
				const char *username, const char *password, int64_t now_s)
{
	char want[65];
	bool ok;

	if (!username[0] || !well_formed(s, d, target))
		return DIGEST_DENIED;
	if (digest_response(d->algorithm, d->username, d->realm, password, method, d->uri,
			    d->nonce, d->nc, d->cnonce, d->qop, want) != 0)
		return DIGEST_DENIED;
	/* & not &&: the time taken does not say which one was wrong. */
	ok = same_secret(d->username, username) & hex_same(want, d->response);
	hash_wipe(want, sizeof(want));
	if (!ok)
		return DIGEST_DENIED;
	return nonce_use(s, d->nonce, now_s) == 0 ? DIGEST_OK : DIGEST_STALE;
}
