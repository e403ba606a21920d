/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DNS SRV answers (srv.h). The response is read as RFC 1035 lays it out:
 * a 12-byte header (counts at 4 and 6), the questions (name, type,
 * class), then the answers (name, type, class, TTL, length, data); an SRV
 * record's data is priority, weight and port (16 bits each) and the
 * target's name. Names may be compressed (a pointer anywhere into the
 * message); a pointer loop is cut after NAME_JUMPS_MAX jumps.
 */
#include <errno.h>
#include <stdbool.h>

#include "srv.h"

#define HEADER_LEN 12
#define TYPE_SRV 33
#define CLASS_IN 1
#define NAME_WIRE_MAX 255       /* RFC 1035 2.3.4, the root's byte included */
#define NAME_JUMPS_MAX 32

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* One label's bytes onto out (at *n): printable, no dot (it is a host
 * name for getaddrinfo). */
static int put_label(const uint8_t *p, size_t l, char *out, size_t *n)
{
	if (*n)
		out[(*n)++] = '.';
	for (size_t i = 0; i < l; i++) {
		if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == '.')
			return -EBADMSG;
		out[(*n)++] = (char)p[i];
	}
	return 0;
}

/* The name at *off as text into out (SRV_NAME_MAX bytes; "" for the
 * root); *off moves past it: past its first pointer when compressed. */
static int read_name(const uint8_t *msg, size_t len, size_t *off, char *out)
{
	size_t at = *off, n = 0, wire = 1;
	int jumps = 0;

	for (;;) {
		unsigned l;

		if (at >= len)
			return -EBADMSG;
		l = msg[at];
		if ((l & 0xc0) == 0xc0) {
			if (at + 1 >= len || ++jumps > NAME_JUMPS_MAX)
				return -EBADMSG;
			if (jumps == 1)
				*off = at + 2;
			at = (size_t)(l & 0x3f) << 8 | msg[at + 1];
			continue;
		}
		if (l & 0xc0)
			return -EBADMSG;        /* the extended label types: never in use */
		if (l == 0)
			break;
		wire += l + 1;
		if (wire > NAME_WIRE_MAX || at + 1 + l > len ||
		    put_label(msg + at + 1, l, out, &n) != 0)
			return -EBADMSG;
		at += 1 + l;
	}
	out[n] = '\0';
	if (jumps == 0)
		*off = at + 1;
	return 0;
}

/* The SRV record whose data (rdlen bytes) is at off into *rec. */
static int read_srv(const uint8_t *msg, size_t len, size_t off, unsigned rdlen,
		    struct srv_rec *rec)
{
	size_t end = off + rdlen, at = off + 6;

	if (rdlen < 7)
		return -EBADMSG;
	rec->priority = (uint16_t)be16(msg + off);
	rec->weight = (uint16_t)be16(msg + off + 2);
	rec->port = (uint16_t)be16(msg + off + 4);
	if (read_name(msg, len, &at, rec->target) != 0 || at > end)
		return -EBADMSG;
	return 0;
}

int srv_parse(const uint8_t *msg, size_t len, struct srv_rec *out, size_t max)
{
	char name[SRV_NAME_MAX];
	size_t off = HEADER_LEN, got = 0;
	unsigned questions, answers;

	if (len < HEADER_LEN)
		return -EBADMSG;
	questions = be16(msg + 4);
	answers = be16(msg + 6);
	for (unsigned i = 0; i < questions; i++) {
		if (read_name(msg, len, &off, name) != 0 || len - off < 4)
			return -EBADMSG;
		off += 4;
	}
	for (unsigned i = 0; i < answers; i++) {
		unsigned type, class, rdlen;

		if (read_name(msg, len, &off, name) != 0 || len - off < 10)
			return -EBADMSG;
		type = be16(msg + off);
		class = be16(msg + off + 2);
		rdlen = be16(msg + off + 8);
		off += 10;
		if (len - off < rdlen)
			return -EBADMSG;
		if (type == TYPE_SRV && class == CLASS_IN && got < max) {
			if (read_srv(msg, len, off, rdlen, &out[got]) != 0)
				return -EBADMSG;
			got++;
		}
		off += rdlen;
	}
	return (int)got;
}

/* Whether v is in the group to pick from, and in this pass (weight 0
 * first). */
static bool in_pass(const struct srv_rec *v, unsigned priority, int pass)
{
	return v->priority == priority && (pass == 0) == (v->weight == 0);
}

size_t srv_pick(const struct srv_rec *v, size_t n, unsigned rnd)
{
	unsigned priority = 0xffff;
	unsigned long sum = 0, run = 0, r;

	for (size_t i = 0; i < n; i++)
		if (v[i].priority < priority)
			priority = v[i].priority;
	for (size_t i = 0; i < n; i++)
		if (v[i].priority == priority)
			sum += v[i].weight;
	r = rnd % (sum + 1);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			if (!in_pass(&v[i], priority, pass))
				continue;
			run += v[i].weight;
			if (run >= r)
				return i;
		}
	return 0;       /* not reached: the last of the group has run == sum */
}
