/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UDP connection requests read and decided (udp_cr.h has the rules): the
 * request line split by hand, the query's five values kept as slices of
 * the datagram, and the checks cheapest first, so that a flood of forged
 * datagrams costs an HMAC only when its username and timestamp are right.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "udp_cr.h"

#define UN_MAX 256                      /* bytes of a username */
#define TEXT_MAX (20 + UDP_CR_ID_MAX + UN_MAX + 256)

/* ---- parsing ----------------------------------------------------------------- */

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The first line of buf[0, len), without its CR LF. */
static struct udp_cr_str first_line(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl ? (size_t)(nl - buf) : len;

	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return (struct udp_cr_str){ buf, n };
}

/* "GET SP target SP HTTP/1.x": the target's query (after its '?'). */
static int request_query(struct udp_cr_str line, struct udp_cr_str *query)
{
	const char *p = line.p, *end = line.p + line.len, *sp, *q;

	if (line.len < 4 || memcmp(p, "GET ", 4) != 0)
		return -EINVAL;
	p += 4;
	sp = memchr(p, ' ', (size_t)(end - p));
	if (!sp || sp == p || end - sp != 9 || memcmp(sp + 1, "HTTP/1.", 7) != 0 ||
	    sp[8] < '0' || sp[8] > '9')
		return -EINVAL;
	for (const char *c = p; c < sp; c++)
		if (*c <= 0x20 || *c >= 0x7f)
			return -EINVAL;
	q = memchr(p, '?', (size_t)(sp - p));
	if (!q)
		return -EINVAL;
	*query = (struct udp_cr_str){ q + 1, (size_t)(sp - q - 1) };
	return 0;
}

/* The field of r named by key (k bytes), or NULL. */
static struct udp_cr_str *field(struct udp_cr_req *r, const char *key, size_t k)
{
	static const char *const names[] = { "ts", "id", "un", "cn", "sig" };
	struct udp_cr_str *fields[] = { &r->ts, &r->id, &r->un, &r->cn, &r->sig };

	for (size_t i = 0; i < 5; i++)
		if (strlen(names[i]) == k && memcmp(names[i], key, k) == 0)
			return fields[i];
	return NULL;
}

/* key=value pairs separated by '&' into r; unknown keys are skipped. */
static int split_query(struct udp_cr_str q, struct udp_cr_req *r)
{
	const char *p = q.p, *end = q.p + q.len;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		struct udp_cr_str *f = eq ? field(r, p, (size_t)(eq - p)) : NULL;

		if (f && f->p)
			return -EINVAL;         /* twice */
		if (f)
			*f = (struct udp_cr_str){ eq + 1, (size_t)(stop - eq - 1) };
		p = amp ? amp + 1 : end;
	}
	return 0;
}

static int read_ts(struct udp_cr_str s, int64_t *out)
{
	int64_t v = 0;

	if (s.len == 0 || s.len > 18)
		return -EINVAL;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -EINVAL;
		v = v * 10 + (s.p[i] - '0');
	}
	*out = v;
	return 0;
}

static int read_sig(struct udp_cr_str s, uint8_t *out)
{
	if (s.len != 40)
		return -EINVAL;
	for (size_t i = 0; i < 20; i++) {
		int hi = hex_val(s.p[2 * i]), lo = hex_val(s.p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int udp_cr_parse(const char *buf, size_t len, struct udp_cr_req *r)
{
	struct udp_cr_str query;

	memset(r, 0, sizeof(*r));
	if (request_query(first_line(buf, len), &query) != 0 || split_query(query, r) != 0)
		return -EINVAL;
	if (!r->ts.p || !r->id.p || !r->un.p || !r->cn.p || !r->sig.p)
		return -EINVAL;
	if (r->id.len == 0 || r->id.len > UDP_CR_ID_MAX || r->un.len > UN_MAX ||
	    r->cn.len > 256)
		return -EINVAL;
	if (read_ts(r->ts, &r->ts_value) != 0 || read_sig(r->sig, r->sig_bytes) != 0)
		return -EINVAL;
	return 0;
}

/* ---- deciding ---------------------------------------------------------------- */

/* s %-decoded into out (UN_MAX bytes); its length, or -EINVAL. */
static int pct_decode(struct udp_cr_str s, char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len; i++, n++) {
		if (s.p[i] == '%') {
			int hi = i + 2 < s.len ? hex_val(s.p[i + 1]) : -1;
			int lo = i + 2 < s.len ? hex_val(s.p[i + 2]) : -1;

			if (hi < 0 || lo < 0)
				return -EINVAL;
			out[n] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[n] = s.p[i];
		}
	}
	return (int)n;
}

/* Which form of un names username: as sent, or %-decoded into dec. */
static bool user_matches(struct udp_cr_str un, const char *username, char *dec,
			 struct udp_cr_str *used)
{
	size_t want = strlen(username);
	int n;

	if (!want)
		return false;           /* no username: every request refused */
	if (un.len == want && memcmp(un.p, username, want) == 0) {
		*used = un;
		return true;
	}
	n = memchr(un.p, '%', un.len) ? pct_decode(un, dec) : -1;
	if (n < 0 || (size_t)n != want || memcmp(dec, username, want) != 0)
		return false;
	*used = (struct udp_cr_str){ dec, (size_t)n };
	return true;
}

static bool in_window(const struct udp_cr_seen *seen, int64_t ts, int64_t now)
{
	int64_t ref = now >= UDP_CR_CLOCK_SET ? now : seen->newest;

	if (ts <= seen->floor)
		return false;
	if (now < UDP_CR_CLOCK_SET && !seen->newest)
		return true;            /* no clock and nothing accepted yet */
	return ts >= ref - UDP_CR_WINDOW_S && ts <= ref + UDP_CR_WINDOW_S;
}

static bool sig_ok(const struct udp_cr_req *r, struct udp_cr_str un, const char *password)
{
	char text[TEXT_MAX];
	uint8_t mac[HASH_SHA1_LEN];
	int n = snprintf(text, sizeof(text), "%.*s%.*s%.*s%.*s", (int)r->ts.len, r->ts.p,
			 (int)r->id.len, r->id.p, (int)un.len, un.p, (int)r->cn.len, r->cn.p);
	bool ok;

	if (n < 0 || (size_t)n >= sizeof(text) ||
	    hash_hmac_sha1(password, strlen(password), text, (size_t)n, mac) != 0)
		return false;
	ok = hash_equal(mac, r->sig_bytes, sizeof(mac));
	hash_wipe(mac, sizeof(mac));
	return ok;
}

static bool seen_has(const struct udp_cr_seen *seen, struct udp_cr_str id)
{
	for (size_t i = 0; i < UDP_CR_IDS; i++)
		if (seen->e[i].ts && seen->e[i].len == id.len &&
		    memcmp(seen->e[i].id, id.p, id.len) == 0)
			return true;
	return false;
}

/* Remember id with its ts: a free or expired slot, else the oldest's, whose
 * ts becomes the floor. */
static void seen_add(struct udp_cr_seen *seen, struct udp_cr_str id, int64_t ts, int64_t now)
{
	size_t pick = 0;

	for (size_t i = 0; i < UDP_CR_IDS; i++) {
		if (!seen->e[i].ts || !in_window(seen, seen->e[i].ts, now)) {
			pick = i;
			seen->e[i].ts = 0;
			break;
		}
		if (seen->e[i].ts < seen->e[pick].ts)
			pick = i;
	}
	if (seen->e[pick].ts && seen->e[pick].ts > seen->floor)
		seen->floor = seen->e[pick].ts;
	memcpy(seen->e[pick].id, id.p, id.len);
	seen->e[pick].len = (uint8_t)id.len;
	seen->e[pick].ts = ts;
	if (ts > seen->newest)
		seen->newest = ts;
}

enum udp_cr_verdict udp_cr_check(struct udp_cr_seen *seen, const struct udp_cr_req *r,
				 const char *username, const char *password, int64_t now)
{
	char dec[UN_MAX];
	struct udp_cr_str un;

	if (!user_matches(r->un, username, dec, &un))
		return UDP_CR_USER;
	if (!in_window(seen, r->ts_value, now))
		return UDP_CR_STALE;
	if (!sig_ok(r, un, password))
		return UDP_CR_SIG;
	if (seen_has(seen, r->id))
		return UDP_CR_REPLAY;
	seen_add(seen, r->id, r->ts_value, now);
	return UDP_CR_OK;
}

const char *udp_cr_verdict_str(enum udp_cr_verdict v)
{
	switch (v) {
	case UDP_CR_OK: return "accepted";
	case UDP_CR_USER: return "unknown username";
	case UDP_CR_STALE: return "timestamp outside the window";
	case UDP_CR_SIG: return "bad signature";
	case UDP_CR_REPLAY: return "id seen before";
	}
	return "?";
}
