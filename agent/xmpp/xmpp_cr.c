/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The XMPP connection request's verdict (xmpp_cr.h): the sender's JID
 * against ConnReqAllowedJabberIDs, the credentials against the
 * ConnectionRequestUsername/Password in constant time (both sides hashed
 * first, so not even the length leaks), and the sender's debt in the
 * guard.
 */
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "xmpp_cr.h"

#define GUARD_FAMILY 0xff       /* a key byte no socket address family uses */

/* The length of jid's bare part (before the '/' of the resource). */
static size_t bare_len(const char *jid)
{
	return strcspn(jid, "/");
}

/* One list entry e[0, n) against jid: a bare entry matches any resource. */
static bool entry_matches(const char *e, size_t n, const char *jid)
{
	size_t eb = strcspn(e, "/"), jb = bare_len(jid);

	if (eb > n)
		eb = n;
	if (eb != jb || eb == 0 || strncasecmp(e, jid, eb) != 0)
		return false;
	if (eb == n)
		return true;    /* bare entry */
	return strlen(jid + jb) == n - eb && memcmp(e + eb, jid + jb, n - eb) == 0;
}

bool xmpp_jid_allowed(const char *list, const char *jid)
{
	const char *p = list ? list : "";
	bool empty = true;
	size_t n;

	for (p += strspn(p, " \t,"); *p; p += n, p += strspn(p, " \t,")) {
		n = strcspn(p, ",");
		empty = false;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (jid && entry_matches(p, n, jid))
			return true;
		n = strcspn(p, ",");
	}
	return empty;
}

void xmpp_cr_guard_key(const char *jid, uint8_t key[CR_GUARD_KEY_LEN])
{
	char bare[XMPP_JID_MAX];
	unsigned char sum[HASH_MAX_LEN];
	size_t n = jid ? bare_len(jid) : 0;
	struct hash_part part = { bare, n };

	if (n >= sizeof(bare))
		n = part.len = sizeof(bare) - 1;
	for (size_t i = 0; i < n; i++)
		bare[i] = (jid[i] >= 'A' && jid[i] <= 'Z') ? (char)(jid[i] - 'A' + 'a') : jid[i];
	memset(key, 0, CR_GUARD_KEY_LEN);
	key[0] = GUARD_FAMILY;
	if (hash_sum(HASH_SHA256, &part, 1, sum) >= CR_GUARD_KEY_LEN - 1)
		memcpy(key + 1, sum, CR_GUARD_KEY_LEN - 1);
}

/* a and b are the same string; the time taken does not tell where they
 * differ, nor their lengths. */
static bool secret_eq(const char *a, const char *b)
{
	unsigned char ha[HASH_MAX_LEN], hb[HASH_MAX_LEN];
	struct hash_part pa = { a, strlen(a) }, pb = { b, strlen(b) };

	if (hash_sum(HASH_SHA256, &pa, 1, ha) != 32 || hash_sum(HASH_SHA256, &pb, 1, hb) != 32)
		return false;
	return hash_equal(ha, hb, 32);
}

static bool credentials_ok(const struct xmpp_cr_req *r, const struct xmpp_cr_policy *p)
{
	bool user, pass;

	if (!p->username || !p->username[0] || !r->username || !r->password)
		return false;
	/* both compared, whatever the first gives */
	user = secret_eq(r->username, p->username);
	pass = secret_eq(r->password, p->password ? p->password : "");
	return user && pass;
}

/* No from: the stanza came from our own server or account, which only
 * an empty list lets through. */
static bool sender_ok(const struct xmpp_cr_req *r, const struct xmpp_cr_policy *p)
{
	return xmpp_jid_allowed(p->allowed, r->from && r->from[0] ? r->from : NULL);
}

enum xmpp_cr_verdict xmpp_cr_decide(struct cr_guard *g, const struct xmpp_cr_req *r,
				    const struct xmpp_cr_policy *p, int64_t now_ms)
{
	uint8_t key[CR_GUARD_KEY_LEN];
	enum xmpp_cr_verdict v;

	xmpp_cr_guard_key(r->from, key);
	if (cr_guard_wait(g, key, now_ms) > 0)
		return XMPP_CR_BLOCKED;
	if (!sender_ok(r, p))
		v = XMPP_CR_SENDER_REFUSED;
	else if (!credentials_ok(r, p))
		v = XMPP_CR_BAD_CREDENTIALS;
	else
		v = XMPP_CR_ACCEPT;
	if (v == XMPP_CR_ACCEPT)
		cr_guard_ok(g, key, now_ms);
	else
		cr_guard_failed(g, key, now_ms);
	return v;
}
