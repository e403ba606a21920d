/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The STUN codec (stun_msg.h): a Binding Request written attribute by
 * attribute, each padded to 4 bytes, MESSAGE-INTEGRITY last (RFC 5389
 * 15.4: the HMAC-SHA1 of the message before it, with the header's length
 * counting the attribute itself); responses read attribute by attribute
 * with every length checked against what is left.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "stun_msg.h"

#define ATTR_HDR 4
#define MI_LEN (ATTR_HDR + HASH_SHA1_LEN)

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* ---- writing ------------------------------------------------------------- */

struct writer {
	uint8_t *buf;
	size_t cap, len;
	int err;
};

static void put_attr(struct writer *w, unsigned type, const void *v, size_t n)
{
	size_t room = ATTR_HDR + pad4(n);

	if (w->err || n > 0xffff || w->cap - w->len < room) {
		w->err = -E2BIG;
		return;
	}
	put16(w->buf + w->len, type);
	put16(w->buf + w->len + 2, (unsigned)n);
	if (n)
		memcpy(w->buf + w->len + ATTR_HDR, v, n);
	memset(w->buf + w->len + ATTR_HDR + n, 0, pad4(n) - n);
	w->len += room;
}

static void put_str(struct writer *w, unsigned type, const char *s)
{
	if (s && *s)
		put_attr(w, type, s, strlen(s));
}

/* The HMAC over buf[0, at) with the header's length covering the
 * MESSAGE-INTEGRITY attribute that starts at at. */
static int integrity(uint8_t *buf, size_t at, const uint8_t *key, size_t key_len,
		     uint8_t *mac)
{
	uint8_t saved[2] = { buf[2], buf[3] };
	int rc;

	put16(buf + 2, (unsigned)(at + MI_LEN - STUN_HEADER_LEN));
	rc = hash_hmac_sha1(key, key_len, buf, at, mac);
	buf[2] = saved[0];
	buf[3] = saved[1];
	return rc == 0 ? 0 : -EIO;
}

static void put_integrity(struct writer *w, const struct stun_request *r)
{
	uint8_t mac[HASH_SHA1_LEN];
	size_t at = w->len;

	if (w->err || w->cap - w->len < MI_LEN) {
		w->err = w->err ? w->err : -E2BIG;
		return;
	}
	if (integrity(w->buf, at, r->key, r->key_len, mac) != 0) {
		w->err = -EIO;
		return;
	}
	put_attr(w, STUN_A_MESSAGE_INTEGRITY, mac, sizeof(mac));
}

int stun_msg_write(const struct stun_request *r, uint8_t *buf, size_t cap)
{
	struct writer w = { buf, cap, STUN_HEADER_LEN, cap < STUN_HEADER_LEN ? -E2BIG : 0 };
	bool signed_msg = r->username && *r->username;

	if (w.err)
		return w.err;
	put16(buf, STUN_BINDING_REQUEST);
	put32(buf + 4, STUN_MAGIC);
	memcpy(buf + 8, r->txid, STUN_TXID_LEN);
	put_attr(&w, STUN_A_CONNECTION_REQUEST_BINDING, STUN_TR111_BINDING,
		 sizeof(STUN_TR111_BINDING) - 1);
	if (r->binding_change)
		put_attr(&w, STUN_A_BINDING_CHANGE, NULL, 0);
	if (signed_msg) {
		put_str(&w, STUN_A_USERNAME, r->username);
		put_str(&w, STUN_A_REALM, r->realm);
		put_str(&w, STUN_A_NONCE, r->nonce);
		put_integrity(&w, r);
	}
	if (w.err)
		return w.err;
	put16(buf + 2, (unsigned)(w.len - STUN_HEADER_LEN));
	return (int)w.len;
}

/* ---- reading ------------------------------------------------------------- */

bool stun_msg_is_stun(const uint8_t *buf, size_t len)
{
	return len >= STUN_HEADER_LEN && (buf[0] & 0xc0) == 0 && get32(buf + 4) == STUN_MAGIC &&
	       get16(buf + 2) == len - STUN_HEADER_LEN && (len & 3) == 0;
}

/* (XOR-)MAPPED-ADDRESS: family, port, address; XOR'ed with the magic
 * cookie (and the transaction id for IPv6) when x. */
static int read_address(const uint8_t *buf, const uint8_t *v, size_t n, bool x,
			struct sockaddr_storage *out)
{
	uint8_t mask[16];
	unsigned port;

	if (n < 4)
		return -EINVAL;
	memset(mask, 0, sizeof(mask));
	if (x) {
		put32(mask, STUN_MAGIC);
		memcpy(mask + 4, buf + 8, STUN_TXID_LEN);
	}
	port = get16(v + 2) ^ (x ? STUN_MAGIC >> 16 : 0);
	memset(out, 0, sizeof(*out));
	if (v[1] == 0x01 && n == 8) {
		struct sockaddr_in *s = (struct sockaddr_in *)out;

		s->sin_family = AF_INET;
		s->sin_port = htons((uint16_t)port);
		for (int i = 0; i < 4; i++)
			((uint8_t *)&s->sin_addr)[i] = v[4 + i] ^ mask[i];
		return 0;
	}
	if (v[1] == 0x02 && n == 20) {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)out;

		s->sin6_family = AF_INET6;
		s->sin6_port = htons((uint16_t)port);
		for (int i = 0; i < 16; i++)
			s->sin6_addr.s6_addr[i] = v[4 + i] ^ mask[i];
		return 0;
	}
	return -EINVAL;
}

static int read_error(const uint8_t *v, size_t n, int *code)
{
	if (n < 4 || v[2] < 3 || v[2] > 6 || v[3] > 99)
		return -EINVAL;
	*code = v[2] * 100 + v[3];
	return 0;
}

/* One attribute (type, value v of n bytes) into out. */
static int read_attr(const uint8_t *buf, unsigned type, const uint8_t *v, size_t n,
		     struct stun_response *out, bool *have_xor)
{
	switch (type) {
	case STUN_A_XOR_MAPPED_ADDRESS:
		*have_xor = true;
		out->has_mapped = true;
		return read_address(buf, v, n, true, &out->mapped);
	case STUN_A_MAPPED_ADDRESS:
		if (*have_xor)
			return 0;
		out->has_mapped = true;
		return read_address(buf, v, n, false, &out->mapped);
	case STUN_A_ERROR_CODE:
		return read_error(v, n, &out->error_code);
	case STUN_A_REALM:
		out->realm = (struct stun_str){ (const char *)v, n };
		return 0;
	case STUN_A_NONCE:
		out->nonce = (struct stun_str){ (const char *)v, n };
		return 0;
	default:
		return 0;
	}
}

int stun_msg_parse(const uint8_t *buf, size_t len, struct stun_response *out)
{
	bool have_xor = false;
	size_t off = STUN_HEADER_LEN;

	memset(out, 0, sizeof(*out));
	if (!stun_msg_is_stun(buf, len))
		return -EINVAL;
	out->type = (uint16_t)get16(buf);
	memcpy(out->txid, buf + 8, STUN_TXID_LEN);
	while (off < len) {
		unsigned type;
		size_t n;

		if (len - off < ATTR_HDR)
			return -EINVAL;
		type = get16(buf + off);
		n = get16(buf + off + 2);
		if (len - off - ATTR_HDR < pad4(n))
			return -EINVAL;
		if (type == STUN_A_MESSAGE_INTEGRITY) {
			if (n != HASH_SHA1_LEN)
				return -EINVAL;
			out->integrity_at = off;
			return 0;       /* what follows is not covered: ignored */
		}
		if (read_attr(buf, type, buf + off + ATTR_HDR, n, out, &have_xor) != 0)
			return -EINVAL;
		off += ATTR_HDR + pad4(n);
	}
	return 0;
}

int stun_msg_check(const uint8_t *buf, size_t len, const struct stun_response *r,
		   const uint8_t *key, size_t key_len)
{
	uint8_t copy[STUN_RECV_MAX], mac[HASH_SHA1_LEN];
	size_t at = r->integrity_at;

	if (!at)
		return -ENOENT;
	if (at + MI_LEN > len || at > sizeof(copy))
		return -EINVAL;
	memcpy(copy, buf, at);
	if (integrity(copy, at, key, key_len, mac) != 0)
		return -EIO;
	return hash_equal(mac, buf + at + ATTR_HDR, sizeof(mac)) ? 0 : -EACCES;
}

int stun_key_short(const char *password, uint8_t *key)
{
	size_t n = strlen(password);

	if (n > STUN_KEY_MAX)
		return -E2BIG;
	memcpy(key, password, n);
	return (int)n;
}

int stun_key_long(const char *username, const char *realm, const char *password,
		  uint8_t *key)
{
	const struct hash_part parts[] = {
		{ username, strlen(username) }, { ":", 1 }, { realm, strlen(realm) }, { ":", 1 },
		{ password, strlen(password) },
	};

	return hash_sum(HASH_MD5, parts, 5, key) == 16 ? 16 : -EIO;
}
