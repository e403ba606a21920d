/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the periodic Inform timing (agent/periodic.c): the phase
 * from a reference time in the past or the future, no reference, now on a
 * boundary (the answer is strictly later), huge intervals and times near
 * the ends of time_t; then every small case against a brute-force search.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>

#include "periodic.h"
#include "timefmt.h"

#define TMAX ((time_t)(((uintmax_t)1 << (sizeof(time_t) * CHAR_BIT - 1)) - 1))
#define TMIN (-TMAX - 1)

static void test_table(void **state)
{
	const struct { time_t now; unsigned interval; time_t ref, want; } cases[] = {
		/* no phase: now + interval */
		{ 1000, 60, TIMEFMT_UNKNOWN, 1060 },
		{ 1000, 0, TIMEFMT_UNKNOWN, 1001 },
		/* ref in the past */
		{ 1050, 100, 1000, 1100 },
		{ 1099, 100, 1000, 1100 },
		{ 1100, 100, 1000, 1200 },          /* on a boundary: the next one */
		{ 1000, 100, 1000, 1100 },          /* now == ref */
		{ 1001, 100, 1000, 1100 },
		{ 1700000000, 86400, 1, 1700006401 },
		/* ref in the future: same phase, earlier */
		{ 1050, 100, 5000, 1100 },
		{ 1100, 100, 5000, 1200 },
		{ 4999, 1000, 5000, 5000 },
		{ 4000, 1000, 5000, 5000 },         /* a boundary before ref */
		{ 3999, 1000, 5000, 4000 },
		{ 1700000000, 3600, 4102444800, 1700002800 },
		/* interval 0 counts as 1 */
		{ 10, 0, 5, 11 },
		{ 10, 0, 50, 11 },
		/* ref before 1970 */
		{ 10, 60, -100, 20 },
		/* huge intervals */
		{ 2, UINT_MAX, 1, 1 + (time_t)UINT_MAX },
		{ 2, UINT_MAX, 3, 3 },
		{ 1700000000, UINT_MAX, 1, 1 + (time_t)UINT_MAX },
		/* the ends of time_t: saturate, no overflow */
		{ TMAX - 5, 100, TIMEFMT_UNKNOWN, TMAX },
		{ TMAX - 5, 100, 1, TMAX },
		{ TMAX - 5, 100, TMAX, TMAX },
		{ TMAX - 5, 3, TMAX, TMAX - 3 },
		{ TMAX - 5, UINT_MAX, TMIN, TMAX },
		{ TMIN, 10, TMAX, TMIN + 5 },       /* 2^64 - 1 = 5 (mod 10) */
		{ TMIN, UINT_MAX, TIMEFMT_UNKNOWN, TMIN + (time_t)UINT_MAX },
		{ -5, 10, TMAX, -3 },              /* TMAX = 7 (mod 10) */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t got = periodic_next(cases[i].now, cases[i].interval, cases[i].ref);

		assert_int_equal(got, cases[i].want);
	}
}

/* The smallest ref + i * interval > now, by walking. */
static time_t brute(time_t now, unsigned interval, time_t ref)
{
	time_t t = ref;

	if (ref == TIMEFMT_UNKNOWN)
		return now + interval;
	while (t > now)
		t -= interval;
	while (t <= now)
		t += interval;
	return t;
}

static void test_brute(void **state)
{
	(void)state;
	for (time_t now = -40; now <= 40; now++)
		for (unsigned iv = 1; iv <= 13; iv++)
			for (time_t ref = -60; ref <= 60; ref++) {
				time_t got = periodic_next(now, iv, ref);

				assert_int_equal(got, brute(now, iv, ref));
				assert_true(got > now);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_brute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
