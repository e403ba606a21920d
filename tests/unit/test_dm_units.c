/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the units of a pass (dm_units.c): plugin output taken in
 * (escaped, bad lines skipped, "deferred" reported), looked up, and given
 * back as the next plugin's stdin; reset between passes.
 */
#define _GNU_SOURCE 1
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "dm_units.h"

static char deferred_seen[128];

static void deferred_cb(void *ctx, const char *unit)
{
	(void)ctx;
	strncat(deferred_seen, unit, sizeof(deferred_seen) - strlen(deferred_seen) - 2);
	strcat(deferred_seen, ";");
}

static const struct {
	const char *out;        /* a plugin's stdout */
	const char *lines;      /* what the next plugin gets */
	const char *deferred;
} vectors[] = {
	{ "", "", "" },
	{ "uci:network\treverted\n", "uci:network\treverted\n", "" },
	{ "uci:network\tapplied\ninit:network\tdeferred\r\n",
	  "uci:network\tapplied\ninit:network\tdeferred\n", "init:network;" },
	{ "no tab\n\tempty\nuci:a\\tb\tdeferred", "uci:a\\tb\tdeferred\n", "uci:a\tb;" },
};

static void test_take(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		struct dm_units u;

		dm_units_init(&u);
		deferred_seen[0] = '\0';
		assert_int_equal(dm_units_take(&u, vectors[i].out, strlen(vectors[i].out),
					       deferred_cb, NULL), 0);
		assert_int_equal(u.lines.len, strlen(vectors[i].lines));
		if (u.lines.len)
			assert_string_equal(u.lines.data, vectors[i].lines);
		assert_string_equal(deferred_seen, vectors[i].deferred);
		dm_units_fini(&u);
	}
}

static void test_has_and_reset(void **state)
{
	struct dm_units u;
	const char *a = "uci:network\treverted\n", *b = "uci:a\\tb\tapplied\n";

	(void)state;
	dm_units_init(&u);
	assert_false(dm_units_has(&u, "uci:network"));
	assert_int_equal(dm_units_take(&u, a, strlen(a), NULL, NULL), 0);
	assert_int_equal(dm_units_take(&u, b, strlen(b), NULL, NULL), 0);
	assert_true(dm_units_has(&u, "uci:network"));
	assert_true(dm_units_has(&u, "uci:a\tb"));
	assert_false(dm_units_has(&u, "uci:net"));
	assert_false(dm_units_has(&u, "reverted"));
	dm_units_reset(&u);
	assert_int_equal(u.lines.len, 0);
	assert_false(dm_units_has(&u, "uci:network"));
	dm_units_fini(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_has_and_reset),
	};

	return cmocka_run_group_tests_name("dm_units", tests, NULL, NULL);
}
