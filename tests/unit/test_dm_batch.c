/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the batch runner's argv and the split of its output
 * (dm_batch.c): a table of streams, each split whole and then cut at
 * every length (a runner killed halfway): only whole parts come out,
 * never a byte past the cut.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dm_batch.h"
#include "schema.h"

#define MAX_PARTS 4

struct got {
	size_t n;
	char text[MAX_PARTS][128];      /* "NAME STATUS [OUTPUT]" */
};

static void part_cb(void *ctx, const char *name, size_t name_len, int status, const char *out,
		    size_t len)
{
	struct got *g = ctx;

	assert_true(g->n < MAX_PARTS);
	snprintf(g->text[g->n++], sizeof(g->text[0]), "%.*s %d [%.*s]", (int)name_len, name,
		 status, (int)len, out);
}

struct split_case {
	const char *what;
	const char *stream;
	size_t n;                       /* whole parts */
	const char *parts[MAX_PARTS];
};

static const struct split_case cases[] = {
	{ "two parts", "\036begin nat\na\tb\nc\td\n\n\036end nat 0\n\036begin hosts\nx\ty\n\n\036end hosts 1\n",
	  2, { "nat 0 [a\tb\nc\td\n]", "hosts 1 [x\ty\n]" } },
	{ "empty part", "\036begin users\n\n\036end users 0\n", 1, { "users 0 []" } },
	{ "last line without LF", "\036begin ip\na\tb\n\036end ip 0\n", 1, { "ip 0 [a\tb]" } },
	{ "RS lines of the plugin stay its output",
	  "\036begin ip\n\036end ip 0\nz\n\036end nat 0\n\n\036end ip 0\n",
	  1, { "ip 0 [\036end ip 0\nz\n\036end nat 0\n]" } },
	{ "no end line", "\036begin ip\na\tb\n", 0, { NULL } },
	{ "killed in the second part", "\036begin ip\na\tb\n\n\036end ip 0\n\036begin nat\nc\td\n", 1,
	  { "ip 0 [a\tb\n]" } },
	{ "status too big", "\036begin ip\n\n\036end ip 256\n", 0, { NULL } },
	{ "status not a number", "\036begin ip\n\n\036end ip x\n", 0, { NULL } },
	{ "status without LF", "\036begin ip\n\n\036end ip 0", 0, { NULL } },
	{ "garbage first", "oops\n\036begin ip\n\n\036end ip 0\n", 0, { NULL } },
	{ "garbage between", "\036begin ip\n\n\036end ip 0\nx\n\036begin nat\n\n\036end nat 0\n", 1,
	  { "ip 0 []" } },
	{ "no name", "\036begin \n\n\036end  0\n", 0, { NULL } },
	{ "end of another name only", "\036begin ip\na\tb\n\n\036end nat 0\n", 0, { NULL } },
};

static void check_split(const struct split_case *c, size_t len, size_t want)
{
	struct got g = { 0 };
	char *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, c->stream, len);   /* exactly len bytes: ASan sees any over-read */
	assert_int_equal(dm_batch_split(copy, len, part_cb, &g), want);
	assert_int_equal(g.n, want);
	for (size_t i = 0; i < want; i++)
		if (strcmp(g.text[i], c->parts[i]) != 0)
			fail_msg("%s, %zu bytes, part %zu: \"%s\"", c->what, len, i, g.text[i]);
	free(copy);
}

static void test_split(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_split(&cases[i], strlen(cases[i].stream), cases[i].n);
}

/* Cut anywhere, a stream gives the whole parts before the cut. */
static void test_split_cut(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct split_case *c = &cases[i];
		size_t len = strlen(c->stream);

		for (size_t cut = 0; cut < len; cut++) {
			struct got g = { 0 };
			char *copy = malloc(cut ? cut : 1);
			size_t n;

			assert_non_null(copy);
			memcpy(copy, c->stream, cut);
			n = dm_batch_split(copy, cut, part_cb, &g);
			assert_true(n <= c->n);
			for (size_t k = 0; k < n; k++)
				assert_string_equal(g.text[k], c->parts[k]);
			free(copy);
		}
	}
}

static void test_args(void **state)
{
	struct dm_batch b;
	const char *const *a;
	uint16_t nat = 0, hosts = 0;

	(void)state;
	for (size_t i = 1; i < dm_plugins_len; i++) {
		if (strcmp(dm_plugins[i], "nat") == 0)
			nat = (uint16_t)i;
		if (strcmp(dm_plugins[i], "hosts") == 0)
			hosts = (uint16_t)i;
	}
	assert_true(nat && hosts);
	dm_batch_init(&b);
	assert_string_equal(dm_batch_args(&b)[0], "get");
	assert_null(dm_batch_args(&b)[1]);
	assert_int_equal(dm_batch_add(&b, nat), 0);
	assert_int_equal(dm_batch_add(&b, hosts), 0);
	a = dm_batch_args(&b);
	assert_string_equal(a[1], "nat");
	assert_string_equal(a[2], "Device.NAT.");
	assert_string_equal(a[3], "hosts");
	assert_string_equal(a[4], "Device.Hosts.");
	assert_null(a[5]);
	assert_int_equal(dm_batch_find(&b, "hosts", 5), 1);
	assert_int_equal(dm_batch_find(&b, "host", 4), -1);
	assert_int_equal(dm_batch_find(&b, "nat", 3), 0);
	assert_int_equal(dm_batch_add(&b, 0), -EINVAL);        /* native: no plugin */
	assert_int_equal(dm_batch_add(&b, (uint16_t)dm_plugins_len), -EINVAL);
	while (b.n < DM_BATCH_MAX)
		assert_int_equal(dm_batch_add(&b, nat), 0);
	assert_int_equal(dm_batch_add(&b, hosts), -ENOSPC);
	assert_null(dm_batch_args(&b)[2 * DM_BATCH_MAX + 1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_cut),
		cmocka_unit_test(test_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
