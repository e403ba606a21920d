/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connection request server's defence against guessing and floods:
 * a back-off per source address for requests that do not succeed, never a
 * limit on valid ones. Each unsuccessful request costs its address "debt"
 * (a cell rate per address) that drains in real time: CR_GUARD_COST_MS
 * for a challenge (a request without credentials, or with a stale nonce),
 * and for a failure (a wrong Digest answer, garbage, a wrong path) that
 * cost doubled for every block the address has had (up to
 * 2^CR_GUARD_MAX_STRIKES; forgotten after CR_GUARD_FORGIVE_MS without a
 * block). Past CR_GUARD_BURST_MS of debt the address is blocked until it
 * drains below again. A password guesser gets ten tries, then waits 1, 2,
 * 4 ... 64 s between tries. A successful request refunds the challenge
 * that came before it (a Digest client always takes one 401 first), so an
 * ACS that sends connection requests back to back is never blocked, and
 * the Retry-After a blocked address is told leaves room for one whole
 * Digest exchange (challenge and answer), so a client that waits as told
 * gets through with the right password.
 * blocked. IPv4 addresses count one by one; IPv6 ones by /64 (one
 * subscriber). A fixed table of CR_GUARD_SLOTS addresses: a new one takes
 * the slot with the least debt. No allocation, no clock of its own (the
 * caller passes the time), no knowledge of the agent.
 */
#ifndef CWMP_CR_GUARD_H
#define CWMP_CR_GUARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define CR_GUARD_SLOTS 64
#define CR_GUARD_COST_MS 1000           /* debt per unsuccessful request */
#define CR_GUARD_BURST_MS 10000         /* debt allowed before blocking */
#define CR_GUARD_MAX_STRIKES 6          /* cost at most 64 s a failure */
#define CR_GUARD_FORGIVE_MS 3600000     /* an hour clean: strikes forgotten */
#define CR_GUARD_KEY_LEN 17             /* family byte + 16 address bytes */

struct cr_guard_slot {
	uint8_t key[CR_GUARD_KEY_LEN];
	bool used;
	unsigned strikes;               /* blocks so far */
	int64_t debt_until_ms;          /* when its debt is paid */
	int64_t clean_since_ms;         /* last time it was blocked or set up */
};

struct cr_guard {
	struct cr_guard_slot slot[CR_GUARD_SLOTS];
};

#define CR_LOG_EVERY_MS 60000

/* A message said at most once a minute, with the count of the others
 * (every connection request transport logs its refusals through one). */
struct cr_quiet {
	int64_t last_ms;
	unsigned hidden;
	bool said;
};

/* A message at most once a minute: true when it is due now (else counted
 * in q->hidden). */
bool cr_quiet_due(struct cr_quiet *q, int64_t now);

/* The key of a peer address: IPv4 (also v4-mapped IPv6) whole, IPv6 /64. */
void cr_guard_key(const struct sockaddr_storage *ss, uint8_t key[CR_GUARD_KEY_LEN]);

/* Milliseconds until the address may be heard again; 0: now. */
int64_t cr_guard_wait(const struct cr_guard *g, const uint8_t *key, int64_t now_ms);

/* Milliseconds until a whole Digest exchange from it can pass (what to
 * put in Retry-After); 0: now. */
int64_t cr_guard_retry_after(const struct cr_guard *g, const uint8_t *key, int64_t now_ms);

/* A request without (fresh) credentials got a challenge: add
 * CR_GUARD_COST_MS. Returns true when this blocked the address. */
bool cr_guard_challenged(struct cr_guard *g, const uint8_t *key, int64_t now_ms);

/* A failed request from the address: add its (doubling) cost. Returns true
 * when this blocked the address (a new block: log it). */
bool cr_guard_failed(struct cr_guard *g, const uint8_t *key, int64_t now_ms);

/* A successful request: refund CR_GUARD_COST_MS (its challenge). */
void cr_guard_ok(struct cr_guard *g, const uint8_t *key, int64_t now_ms);

#endif
