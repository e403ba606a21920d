/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for timefmt: writing UTC with a Z and the Unknown Time, and
 * reading xsd:dateTime strictly (fractions, offsets, calendar checks,
 * garbage), each vector whole and every prefix of it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "timefmt.h"

struct fmt_case {
	time_t t;
	const char *want;
};

static const struct fmt_case fmt_cases[] = {
	{ TIMEFMT_UNKNOWN, "0001-01-01T00:00:00Z" },
	{ -5, "0001-01-01T00:00:00Z" },
	{ 1, "1970-01-01T00:00:01Z" },
	{ 75053, "1970-01-01T20:50:53Z" },
	{ 1767225600, "2026-01-01T00:00:00Z" },
	{ 1709164800, "2024-02-29T00:00:00Z" },
	{ (time_t)253402300799LL, "9999-12-31T23:59:59Z" },
};

static void test_format(void **state)
{
	char out[TIMEFMT_LEN];

	for (size_t i = 0; i < sizeof(fmt_cases) / sizeof(fmt_cases[0]); i++) {
		assert_int_equal(timefmt_format(fmt_cases[i].t, out, sizeof(out)), 0);
		assert_string_equal(out, fmt_cases[i].want);
	}
	assert_int_equal(timefmt_format(1, out, 20), -ENOSPC);       /* needs 21 */
	assert_int_equal(timefmt_format(1, out, 21), 0);
	assert_int_equal(timefmt_format(TIMEFMT_UNKNOWN, out, 20), -ENOSPC);
	assert_int_equal(timefmt_format(TIMEFMT_UNKNOWN, out, 21), 0);
}

struct parse_case {
	const char *s;
	int rc;
	time_t want;
};

static const struct parse_case parse_cases[] = {
	{ "2026-01-01T00:00:00Z", 0, 1767225600 },
	{ "2026-01-01T00:00:00", 0, 1767225600 },             /* no offset: UTC */
	{ "1970-01-01T20:50:53.312Z", 0, 75053 },             /* GenieACS */
	{ "1970-01-01T03:02:42.252Z", 0, 10962 },
	{ "2026-01-01T00:00:00.123456789012345Z", 0, 1767225600 },
	{ "2026-01-01T00:00:00.9", 0, 1767225600 },           /* fraction dropped */
	{ "2026-01-01T01:00:00+01:00", 0, 1767225600 },
	{ "2025-12-31T23:00:00-01:00", 0, 1767225600 },
	{ "2026-01-01T05:30:00+05:30", 0, 1767225600 },
	{ "2026-01-01T14:00:00+14:00", 0, 1767225600 },
	{ "2025-12-31T10:00:00-14:00", 0, 1767225600 },
	{ "2026-01-01T00:00:00+00:00", 0, 1767225600 },
	{ "2026-01-01T00:00:00-00:00", 0, 1767225600 },
	{ "2025-12-31T24:00:00Z", 0, 1767225600 },            /* end of day */
	{ "2025-12-31T24:00:00.000Z", 0, 1767225600 },
	{ "2024-02-29T00:00:00Z", 0, 1709164800 },            /* leap year */
	{ "2000-02-29T12:00:00Z", 0, 951825600 },             /* 400 rule */
	{ "2038-01-19T03:14:08Z", 0, (time_t)2147483648LL },  /* past 2^31 */
	{ "9999-12-31T23:59:59Z", 0, (time_t)253402300799LL },
	{ "0001-01-01T00:00:00Z", 0, TIMEFMT_UNKNOWN },       /* Unknown Time */
	{ "1969-12-31T23:59:59Z", 0, TIMEFMT_UNKNOWN },
	{ "1900-01-01T00:00:00Z", 0, TIMEFMT_UNKNOWN },
	{ "1970-01-01T00:00:00Z", 0, 0 },
	{ "1970-01-01T00:00:00+01:00", 0, TIMEFMT_UNKNOWN },  /* 1969 in UTC */
	{ "1970-01-01T00:00:01-01:00", 0, 3601 },

	{ NULL, -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "garbage", -EINVAL, 0 },
	{ "2026-01-01", -EINVAL, 0 },
	{ "2026-01-01T00:00Z", -EINVAL, 0 },
	{ "2026-1-01T00:00:00Z", -EINVAL, 0 },
	{ "26-01-01T00:00:00Z", -EINVAL, 0 },
	{ "02026-01-01T00:00:00Z", -EINVAL, 0 },
	{ "-2026-01-01T00:00:00Z", -EINVAL, 0 },
	{ "0000-01-01T00:00:00Z", -EINVAL, 0 },
	{ "2026-00-01T00:00:00Z", -EINVAL, 0 },
	{ "2026-13-01T00:00:00Z", -EINVAL, 0 },
	{ "2026-01-00T00:00:00Z", -EINVAL, 0 },
	{ "2026-01-32T00:00:00Z", -EINVAL, 0 },
	{ "2026-02-30T00:00:00Z", -EINVAL, 0 },
	{ "2025-02-29T00:00:00Z", -EINVAL, 0 },               /* not a leap year */
	{ "1900-02-29T00:00:00Z", -EINVAL, 0 },               /* century rule */
	{ "2026-04-31T00:00:00Z", -EINVAL, 0 },
	{ "2026-01-01T25:00:00Z", -EINVAL, 0 },
	{ "2026-01-01T24:00:01Z", -EINVAL, 0 },
	{ "2026-01-01T24:01:00Z", -EINVAL, 0 },
	{ "2026-01-01T24:00:00.5Z", -EINVAL, 0 },
	{ "2026-01-01T00:60:00Z", -EINVAL, 0 },
	{ "2026-01-01T00:00:60Z", -EINVAL, 0 },
	{ "2026-01-01T00:00:00.Z", -EINVAL, 0 },
	{ "2026-01-01T00:00:00.", -EINVAL, 0 },
	{ "2026-01-01T00:00:00ZZ", -EINVAL, 0 },
	{ "2026-01-01T00:00:00Z ", -EINVAL, 0 },
	{ " 2026-01-01T00:00:00Z", -EINVAL, 0 },
	{ "2026-01-01 00:00:00Z", -EINVAL, 0 },
	{ "2026-01-01t00:00:00z", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+1:00", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+01", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+0100", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+01:00Z", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+15:00", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+14:30", -EINVAL, 0 },
	{ "2026-01-01T00:00:00+01:60", -EINVAL, 0 },
	{ "2026-01-01T00:00:00.1.2Z", -EINVAL, 0 },
	{ "2026-01-01T0a:00:00Z", -EINVAL, 0 },
	{ "2026-01-01T00:00:00\xc3\xa9", -EINVAL, 0 },
};

static void test_parse(void **state)
{
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		time_t t = (time_t)-12345;
		int rc = timefmt_parse(c->s, &t);

		if (rc != c->rc)
			fail_msg("\"%s\": rc %d, want %d", c->s ? c->s : "(null)", rc, c->rc);
		if (rc == 0 && t != c->want)
			fail_msg("\"%s\": %lld, want %lld", c->s, (long long)t, (long long)c->want);
		if (rc != 0 && t != (time_t)-12345)
			fail_msg("\"%s\": output written on error", c->s);
	}
}

/* Every prefix of a valid value fails but for the lengths where the prefix
 * is itself a valid value. */
static void test_parse_prefixes(void **state)
{
	const char *full = "2026-01-01T00:00:00.25+01:00";
	const size_t ok_len[] = { 19, 21, 22, 28 };   /* ...:00  .2  .25  +01:00 */
	char buf[64];

	for (size_t n = 0; n <= strlen(full); n++) {
		bool want_ok = false;
		time_t t;

		for (size_t k = 0; k < sizeof(ok_len) / sizeof(ok_len[0]); k++)
			want_ok = want_ok || ok_len[k] == n;
		memcpy(buf, full, n);
		buf[n] = '\0';
		if ((timefmt_parse(buf, &t) == 0) != want_ok)
			fail_msg("prefix \"%s\"", buf);
	}
}

static void test_roundtrip(void **state)
{
	char out[TIMEFMT_LEN];
	time_t back;

	for (time_t t = 1; t < (time_t)4102444800LL; t += 7777777) {   /* to 2100 */
		assert_int_equal(timefmt_format(t, out, sizeof(out)), 0);
		assert_int_equal(timefmt_parse(out, &back), 0);
		assert_int_equal((long long)back, (long long)t);
	}
	assert_int_equal(timefmt_format(TIMEFMT_UNKNOWN, out, sizeof(out)), 0);
	assert_int_equal(timefmt_parse(out, &back), 0);
	assert_int_equal(back, TIMEFMT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_prefixes),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
