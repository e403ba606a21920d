/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the session retry waits (agent/retry.c): the default table
 * of TR-069 3.2.1.1, the cap at n = 10, k = 1000, other multipliers,
 * saturation at the largest m and k, the pick of a wait by r, and
 * retry_random.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "retry.h"

struct range_case {
	unsigned m, k, n;
	uint64_t lo, hi;
};

static const struct range_case range_cases[] = {
	/* the default table: m = 5, k = 2000 */
	{ 5, 2000, 0, 5000, 10000 },            /* n = 0 is n = 1 */
	{ 5, 2000, 1, 5000, 10000 },
	{ 5, 2000, 2, 10000, 20000 },
	{ 5, 2000, 3, 20000, 40000 },
	{ 5, 2000, 4, 40000, 80000 },
	{ 5, 2000, 5, 80000, 160000 },
	{ 5, 2000, 6, 160000, 320000 },
	{ 5, 2000, 7, 320000, 640000 },
	{ 5, 2000, 8, 640000, 1280000 },
	{ 5, 2000, 9, 1280000, 2560000 },
	{ 5, 2000, 10, 2560000, 5120000 },
	{ 5, 2000, 11, 2560000, 5120000 },
	{ 5, 2000, 1000, 2560000, 5120000 },
	{ 5, 2000, UINT32_MAX, 2560000, 5120000 },
	/* k = 1000: always m */
	{ 1, 1000, 1, 1000, 1000 },
	{ 1, 1000, 10, 1000, 1000 },
	{ 1, 1000, 50, 1000, 1000 },
	{ 65535, 1000, 10, 65535000, 65535000 },
	/* k below 1000 is taken as 1000 */
	{ 7, 500, 3, 7000, 7000 },
	/* fractions of a second */
	{ 10, 1500, 3, 22500, 33750 },
	{ 1, 1001, 1, 1000, 1001 },
	{ 3, 1234, 2, 3702, 4568 },             /* 3.702 .. 4.568148 s */
	/* the largest m and k: exact, then saturated */
	{ 65535, 65535, 1, 65535000, 4294836225ull },
	{ 65535, 65535, 2, 4294836225ull, 281462092005ull },
	{ 65535, 65535, 7, 5191742286784024364ull, UINT64_MAX },
	{ 65535, 65535, 8, UINT64_MAX, UINT64_MAX },
	{ 65535, 65535, 10, UINT64_MAX, UINT64_MAX },
	{ 65535, 65535, UINT32_MAX, UINT64_MAX, UINT64_MAX },
	{ 0, 2000, 3, 0, 0 },
};

/* Equal, give or take rounding where long double is only a double: values
 * below 2^40 ms must match exactly. */
static void assert_near(uint64_t got, uint64_t want)
{
	uint64_t diff = got > want ? got - want : want - got;

	assert_true(diff <= (want >> 40));
}

static void test_range(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(range_cases) / sizeof(range_cases[0]); i++) {
		const struct range_case *c = &range_cases[i];
		uint64_t lo = 1, hi = 1;

		retry_range_ms(c->m, c->k, c->n, &lo, &hi);
		assert_near(lo, c->lo);
		assert_near(hi, c->hi);
	}
}

static void test_wait_ends(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(range_cases) / sizeof(range_cases[0]); i++) {
		const struct range_case *c = &range_cases[i];
		uint64_t mid = retry_wait_ms(c->m, c->k, c->n, UINT32_MAX / 2), lo, hi;

		retry_range_ms(c->m, c->k, c->n, &lo, &hi);
		assert_int_equal(retry_wait_ms(c->m, c->k, c->n, 0), lo);
		assert_int_equal(retry_wait_ms(c->m, c->k, c->n, UINT32_MAX), hi);
		assert_true(mid >= lo && mid <= hi);
	}
}

static void test_wait_spread(void **state)
{
	const struct { uint32_t r; uint64_t want; } cases[] = {
		{ 0, 5000 }, { 1, 5000 }, { 0x80000000u, 7500 },
		{ UINT32_MAX - 1, 9999 }, { UINT32_MAX, 10000 },
	};
	uint64_t prev = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(retry_wait_ms(5, 2000, 1, cases[i].r), cases[i].want);
	/* never decreasing in r, also across a saturated top */
	for (uint64_t r = 0; r <= UINT32_MAX; r += 0x01000193u) {
		uint64_t w = retry_wait_ms(65535, 65535, 7, (uint32_t)r);

		assert_true(w >= prev);
		prev = w;
	}
}

static void test_random(void **state)
{
	uint32_t first = retry_random();
	int differ = 0;

	(void)state;
	for (int i = 0; i < 16; i++)
		differ += retry_random() != first;
	assert_true(differ > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_wait_ends),
		cmocka_unit_test(test_wait_spread),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
