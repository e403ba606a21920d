/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cr_guard.c: the per-address back-off of the connection request server.
 * Scripts of (time, address, event) steps with the answer expected from
 * each: valid requests back to back are never blocked, ten failures are
 * free, the eleventh blocks for about a second, later blocks grow to a
 * minute, challenges cost the base price, Retry-After leaves room for a
 * whole Digest exchange, the block drains with time, other addresses are not affected,
 * IPv6 counts per /64, and a full table forgets the address with the
 * least debt.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cr_guard.h"

static void key_of(const char *addr, uint8_t key[CR_GUARD_KEY_LEN])
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, addr, &s4->sin_addr), 1);
	}
	cr_guard_key(&ss, key);
}

enum step_kind { FAIL, CHALLENGE, OK, WAIT, RETRY };

struct step {
	int64_t at_ms;
	const char *addr;
	enum step_kind kind;
	int64_t want;           /* FAIL, CHALLENGE: 1 if it blocks; WAIT, RETRY: ms */
};

static void play(const struct step *steps, size_t n)
{
	struct cr_guard g;
	uint8_t key[CR_GUARD_KEY_LEN];

	memset(&g, 0, sizeof(g));
	for (size_t i = 0; i < n; i++) {
		const struct step *s = &steps[i];

		key_of(s->addr, key);
		switch (s->kind) {
		case FAIL:
			if (cr_guard_failed(&g, key, s->at_ms) != (s->want != 0))
				fail_msg("step %zu: failed() at %lld", i, (long long)s->at_ms);
			break;
		case CHALLENGE:
			if (cr_guard_challenged(&g, key, s->at_ms) != (s->want != 0))
				fail_msg("step %zu: challenged() at %lld", i, (long long)s->at_ms);
			break;
		case RETRY:
			if (cr_guard_retry_after(&g, key, s->at_ms) != s->want)
				fail_msg("step %zu: retry after %lld, want %lld", i,
					 (long long)cr_guard_retry_after(&g, key, s->at_ms),
					 (long long)s->want);
			break;
		case OK:
			cr_guard_ok(&g, key, s->at_ms);
			break;
		case WAIT:
			if (cr_guard_wait(&g, key, s->at_ms) != s->want)
				fail_msg("step %zu: wait %lld, want %lld", i,
					 (long long)cr_guard_wait(&g, key, s->at_ms), (long long)s->want);
			break;
		}
	}
}

/* An ACS doing challenge + valid answer 100 times within a second. */
static void test_valid_back_to_back(void **state)
{
	struct step steps[201];

	(void)state;
	for (int i = 0; i < 100; i++) {
		steps[2 * i] = (struct step){ i * 10, "192.0.2.1", CHALLENGE, 0 };
		steps[2 * i + 1] = (struct step){ i * 10 + 5, "192.0.2.1", OK, 0 };
	}
	steps[200] = (struct step){ 1000, "192.0.2.1", WAIT, 0 };
	play(steps, 201);
}

static void test_guessing_backs_off(void **state)
{
	static const struct step steps[] = {
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", WAIT, 0 },            /* ten are free */
		{ 0, "192.0.2.9", FAIL, 1 },            /* the eleventh blocks */
		{ 0, "192.0.2.9", WAIT, 1000 },
		{ 0, "192.0.2.9", RETRY, 3000 },        /* room for a challenge + answer */
		{ 0, "192.0.2.1", WAIT, 0 },            /* the ACS is not affected */
		{ 400, "192.0.2.9", WAIT, 600 },
		{ 1000, "192.0.2.9", WAIT, 0 },         /* drained: one more try */
		{ 1000, "192.0.2.9", FAIL, 1 },         /* costs 2 s now */
		{ 1000, "192.0.2.9", WAIT, 2000 },
		{ 3000, "192.0.2.9", FAIL, 1 },         /* then 4 s */
		{ 3000, "192.0.2.9", WAIT, 4000 },
		/* A success refunds one base cost (its challenge's), not the
		 * debt of the failures. */
		{ 7000, "192.0.2.9", OK, 0 },
		{ 7000, "192.0.2.9", WAIT, 0 },
		{ 7000, "192.0.2.9", FAIL, 1 },         /* 9 s + 8 s */
		{ 7000, "192.0.2.9", WAIT, 7000 },
	};

	(void)state;
	play(steps, sizeof(steps) / sizeof(steps[0]));
}

/* Challenges cost the base price and add no strike; a client told
 * Retry-After gets through with one challenge and a right answer. */
static void test_challenges(void **state)
{
	struct step steps[16];
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 10; i++)
		steps[n++] = (struct step){ 0, "192.0.2.7", CHALLENGE, 0 };
	steps[n++] = (struct step){ 0, "192.0.2.7", CHALLENGE, 1 };
	steps[n++] = (struct step){ 0, "192.0.2.7", RETRY, 3000 };
	steps[n++] = (struct step){ 3000, "192.0.2.7", CHALLENGE, 0 };
	steps[n++] = (struct step){ 3000, "192.0.2.7", WAIT, 0 };
	steps[n++] = (struct step){ 3000, "192.0.2.7", OK, 0 };
	steps[n++] = (struct step){ 3000, "192.0.2.7", RETRY, 0 };
	play(steps, n);
}

static void test_cost_caps_at_a_minute(void **state)
{
	struct step steps[40];
	size_t n = 0;
	int64_t t = 0;

	(void)state;
	for (int i = 0; i < 10; i++)
		steps[n++] = (struct step){ 0, "198.51.100.7", FAIL, 0 };
	for (int k = 0; k < 9; k++) {
		int64_t c = (int64_t)CR_GUARD_COST_MS << (k < CR_GUARD_MAX_STRIKES ? k : CR_GUARD_MAX_STRIKES);

		steps[n++] = (struct step){ t, "198.51.100.7", FAIL, 1 };
		steps[n++] = (struct step){ t, "198.51.100.7", WAIT, c };
		t += c;
	}
	steps[n++] = (struct step){ t, "198.51.100.7", WAIT, 0 };
	play(steps, n);
	assert_int_equal((int64_t)CR_GUARD_COST_MS << CR_GUARD_MAX_STRIKES, 64000);
}

static void test_strikes_forgiven(void **state)
{
	static const struct step steps[] = {
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 0 }, { 0, "192.0.2.9", FAIL, 0 },
		{ 0, "192.0.2.9", FAIL, 1 },
		/* An hour later, with no block since: cheap again. */
		{ CR_GUARD_FORGIVE_MS, "192.0.2.9", FAIL, 0 },
		{ CR_GUARD_FORGIVE_MS, "192.0.2.9", WAIT, 0 },
	};

	(void)state;
	play(steps, sizeof(steps) / sizeof(steps[0]));
}

static void test_ipv6_per_64(void **state)
{
	static const struct step steps[] = {
		{ 0, "2001:db8:1:2::1", FAIL, 0 }, { 0, "2001:db8:1:2::2", FAIL, 0 },
		{ 0, "2001:db8:1:2::3", FAIL, 0 }, { 0, "2001:db8:1:2::4", FAIL, 0 },
		{ 0, "2001:db8:1:2::5", FAIL, 0 }, { 0, "2001:db8:1:2::6", FAIL, 0 },
		{ 0, "2001:db8:1:2::7", FAIL, 0 }, { 0, "2001:db8:1:2::8", FAIL, 0 },
		{ 0, "2001:db8:1:2::9", FAIL, 0 }, { 0, "2001:db8:1:2::a", FAIL, 0 },
		{ 0, "2001:db8:1:2:ffff::1", FAIL, 1 }, /* same /64 */
		{ 0, "2001:db8:1:3::1", WAIT, 0 },       /* the next /64 */
		{ 0, "::ffff:192.0.2.9", WAIT, 0 },      /* v4-mapped = IPv4 */
	};

	(void)state;
	play(steps, sizeof(steps) / sizeof(steps[0]));
}

static void test_v4_mapped_is_v4(void **state)
{
	uint8_t a[CR_GUARD_KEY_LEN], b[CR_GUARD_KEY_LEN];

	(void)state;
	key_of("::ffff:192.0.2.9", a);
	key_of("192.0.2.9", b);
	assert_memory_equal(a, b, CR_GUARD_KEY_LEN);
}

/* A full table: the newcomer takes the slot of the least debt, so the
 * blocked address stays blocked. */
static void test_full_table(void **state)
{
	struct cr_guard g;
	uint8_t key[CR_GUARD_KEY_LEN];
	char addr[32];

	(void)state;
	memset(&g, 0, sizeof(g));
	key_of("203.0.113.250", key);
	for (int i = 0; i < 10; i++)
		cr_guard_failed(&g, key, 0);
	assert_true(cr_guard_failed(&g, key, 0));
	for (int i = 0; i < 3 * CR_GUARD_SLOTS; i++) {
		snprintf(addr, sizeof(addr), "10.0.%d.%d", i / 250, i % 250);
		key_of(addr, key);
		assert_false(cr_guard_failed(&g, key, 0));
	}
	key_of("203.0.113.250", key);
	assert_int_equal(cr_guard_wait(&g, key, 0), 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_back_to_back),
		cmocka_unit_test(test_guessing_backs_off),
		cmocka_unit_test(test_challenges),
		cmocka_unit_test(test_cost_caps_at_a_minute),
		cmocka_unit_test(test_strikes_forgiven),
		cmocka_unit_test(test_ipv6_per_64),
		cmocka_unit_test(test_v4_mapped_is_v4),
		cmocka_unit_test(test_full_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
