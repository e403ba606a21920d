/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UDP connection requests (TR-069 Annex G, from TR-111 Part 2): one
 * datagram holding an HTTP GET request line whose query carries ts (the
 * ACS's clock, seconds since 1970), id (the same for every copy of one
 * request), un (ConnectionRequestUsername), cn (a cnonce) and sig (the hex
 * HMAC-SHA1 keyed by ConnectionRequestPassword over ts, id, un and cn one
 * after another), as GenieACS sends it, three times:
 *   GET http://HOST:PORT?ts=TS&id=ID&un=USER&cn=CN&sig=HEX HTTP/1.1
 * The parser takes the first line only (what follows, a Host field, is
 * ignored). The checker decides one request against the credentials, the
 * clock and the ids it has accepted: the username, then the timestamp
 * (within UDP_CR_WINDOW_S of now), then the signature (compared in
 * constant time), then the id (not one accepted while its timestamp is
 * still in the window). No allocation, no clock of its own, no socket.
 */
#ifndef CWMP_UDP_CR_H
#define CWMP_UDP_CR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UDP_CR_MAX 1024                 /* bytes of a datagram read */
#define UDP_CR_WINDOW_S 300             /* |ts - now| allowed, seconds */
#define UDP_CR_IDS 128                  /* accepted ids remembered */
#define UDP_CR_ID_MAX 64                /* bytes of an id */
#define UDP_CR_CLOCK_SET 946684800      /* a clock before 2000 is not set */

/* A piece of the caller's buffer; not NUL-terminated. */
struct udp_cr_str {
	const char *p;
	size_t len;
};

struct udp_cr_req {
	struct udp_cr_str ts, id, un, cn, sig;  /* as sent (un may be %-encoded) */
	int64_t ts_value;
	uint8_t sig_bytes[20];
};

enum udp_cr_verdict {
	UDP_CR_OK,                      /* accepted, and its id remembered */
	UDP_CR_USER,                    /* un is not the username (or none is set) */
	UDP_CR_STALE,                   /* ts outside the window */
	UDP_CR_SIG,                     /* wrong signature */
	UDP_CR_REPLAY,                  /* an id already accepted */
};

/* The ids accepted, each until its timestamp leaves the window. When the
 * table is full, the oldest is dropped and its ts becomes the floor: no
 * ts at or below it is taken again. Zero it to start. */
struct udp_cr_seen {
	struct {
		char id[UDP_CR_ID_MAX];
		uint8_t len;
		int64_t ts;             /* 0: free */
	} e[UDP_CR_IDS];
	int64_t floor;                  /* ts at or below: stale */
	int64_t newest;                 /* the newest ts accepted */
};

/*
 * Parse the datagram buf[0, len) into *r (pointing into buf). 0; -EINVAL
 * when its first line is no "GET target HTTP/1.x", or the query lacks one
 * of ts, id, un, cn, sig, or has one twice, or ts is not a decimal number,
 * id is empty or longer than UDP_CR_ID_MAX, sig is not 40 hex digits.
 */
int udp_cr_parse(const char *buf, size_t len, struct udp_cr_req *r);

/*
 * Decide r against username and password at wall-clock time now (seconds
 * since 1970; before UDP_CR_CLOCK_SET the window is counted from the
 * newest ts accepted instead). un matches as sent or %-decoded; the
 * signature is checked over the form that matched. An accepted request's
 * id goes into seen.
 */
enum udp_cr_verdict udp_cr_check(struct udp_cr_seen *seen, const struct udp_cr_req *r,
				 const char *username, const char *password, int64_t now);

/* A short name for a verdict ("bad signature"), for the log. */
const char *udp_cr_verdict_str(enum udp_cr_verdict v);

#endif
