/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-address back-off for unsuccessful connection requests (the rules are
 * in cr_guard.h). Pure: a table and arithmetic on the times it is given.
 */
#include <netinet/in.h>
#include <string.h>

#include "cr_guard.h"

void cr_guard_key(const struct sockaddr_storage *ss, uint8_t key[CR_GUARD_KEY_LEN])
{
	memset(key, 0, CR_GUARD_KEY_LEN);
	if (ss->ss_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(a)) {
			key[0] = 4;
			memcpy(key + 1, a->s6_addr + 12, 4);
		} else {
			key[0] = 6;
			memcpy(key + 1, a->s6_addr, 8);         /* the /64 */
		}
	} else if (ss->ss_family == AF_INET) {
		key[0] = 4;
		memcpy(key + 1, &((const struct sockaddr_in *)ss)->sin_addr, 4);
	}
}

static const struct cr_guard_slot *find(const struct cr_guard *g, const uint8_t *key)
{
	for (size_t i = 0; i < CR_GUARD_SLOTS; i++) {
		if (g->slot[i].used && memcmp(g->slot[i].key, key, CR_GUARD_KEY_LEN) == 0)
			return &g->slot[i];
	}
	return NULL;
}

/* The slot of key, made (in a free slot, else the one with the least
 * debt) when there is none. */
static struct cr_guard_slot *take(struct cr_guard *g, const uint8_t *key, int64_t now)
{
	struct cr_guard_slot *s = (struct cr_guard_slot *)find(g, key), *least = NULL;

	if (s)
		return s;
	for (size_t i = 0; i < CR_GUARD_SLOTS; i++) {
		s = &g->slot[i];
		if (!s->used) {
			least = s;
			break;
		}
		if (!least || s->debt_until_ms < least->debt_until_ms)
			least = s;
	}
	memset(least, 0, sizeof(*least));
	memcpy(least->key, key, CR_GUARD_KEY_LEN);
	least->used = true;
	least->debt_until_ms = now;
	least->clean_since_ms = now;
	return least;
}

static int64_t cost(const struct cr_guard_slot *s)
{
	unsigned k = s->strikes < CR_GUARD_MAX_STRIKES ? s->strikes : CR_GUARD_MAX_STRIKES;

	return (int64_t)CR_GUARD_COST_MS << k;
}

static int64_t debt(const struct cr_guard_slot *s, int64_t now)
{
	return s->debt_until_ms > now ? s->debt_until_ms - now : 0;
}

int64_t cr_guard_wait(const struct cr_guard *g, const uint8_t *key, int64_t now_ms)
{
	const struct cr_guard_slot *s = find(g, key);
	int64_t d = s ? debt(s, now_ms) : 0;

	return d > CR_GUARD_BURST_MS ? d - CR_GUARD_BURST_MS : 0;
}

int64_t cr_guard_retry_after(const struct cr_guard *g, const uint8_t *key, int64_t now_ms)
{
	const struct cr_guard_slot *s = find(g, key);
	int64_t d = s ? debt(s, now_ms) : 0, room = CR_GUARD_BURST_MS - 2 * CR_GUARD_COST_MS;

	return d > room ? d - room : 0;
}

/* Add cost to the address's debt; true if that blocks it. A strike is
 * counted when asked (failures, not challenges). */
static bool charge(struct cr_guard *g, const uint8_t *key, int64_t now, bool failure)
{
	struct cr_guard_slot *s = take(g, key, now);
	int64_t d = debt(s, now), c;

	if (d == 0 && now - s->clean_since_ms >= CR_GUARD_FORGIVE_MS)
		s->strikes = 0;
	c = failure ? cost(s) : CR_GUARD_COST_MS;
	s->debt_until_ms = now + d + c;
	if (d + c <= CR_GUARD_BURST_MS)
		return false;
	if (failure)
		s->strikes++;
	s->clean_since_ms = now;
	return true;
}

bool cr_guard_challenged(struct cr_guard *g, const uint8_t *key, int64_t now_ms)
{
	return charge(g, key, now_ms, false);
}

bool cr_guard_failed(struct cr_guard *g, const uint8_t *key, int64_t now_ms)
{
	return charge(g, key, now_ms, true);
}

void cr_guard_ok(struct cr_guard *g, const uint8_t *key, int64_t now_ms)
{
	struct cr_guard_slot *s = (struct cr_guard_slot *)find(g, key);
	int64_t d;

	if (!s)
		return;
	d = debt(s, now_ms) - CR_GUARD_COST_MS;
	s->debt_until_ms = now_ms + (d > 0 ? d : 0);
}

bool cr_quiet_due(struct cr_quiet *q, int64_t now)
{
	if (q->said && now - q->last_ms < CR_LOG_EVERY_MS) {
		q->hidden++;
		return false;
	}
	q->said = true;
	q->last_ms = now;
	return true;
}
