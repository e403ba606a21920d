/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for dm_path_parse: a table of vectors (valid paths with their
 * expected parts, every syntax error, hostile input: control characters,
 * UTF-8, spaces, dot runs), the length and depth limits at and one past
 * the edge, and every prefix of each vector parsed from an exact-size heap
 * copy so that ASan catches any read past the NUL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "path.h"

struct path_case {
	const char *in;
	int rc;
	bool partial;
	const char *parts;   /* names joined by '/', instances as "#N" */
};

static const struct path_case cases[] = {
	/* valid */
	{ "", 0, true, "" },
	{ "Device.", 0, true, "Device" },
	{ "Device", 0, false, "Device" },
	{ "Device.WiFi.", 0, true, "Device/WiFi" },
	{ "Device.WiFi.SSID.2.SSID", 0, false, "Device/WiFi/SSID/#2/SSID" },
	{ "Device.WiFi.SSID.2.", 0, true, "Device/WiFi/SSID/#2" },
	{ "Device.X.1", 0, false, "Device/X/#1" },
	{ "Device.X.4294967295.", 0, true, "Device/X/#4294967295" },
	{ "Device.X.10.Y", 0, false, "Device/X/#10/Y" },
	{ "Device._x.X_ACME-Com_9.a", 0, false, "Device/_x/X_ACME-Com_9/a" },
	{ "_", 0, false, "_" },
	{ "1", 0, false, "#1" },
	/* empty components */
	{ ".", -EINVAL, false, NULL },
	{ "..", -EINVAL, false, NULL },
	{ ".Device", -EINVAL, false, NULL },
	{ ".Device.", -EINVAL, false, NULL },
	{ "Device..", -EINVAL, false, NULL },
	{ "Device..X", -EINVAL, false, NULL },
	{ "Device.X..", -EINVAL, false, NULL },
	{ "Device.X...", -EINVAL, false, NULL },
	/* instance numbers */
	{ "Device.X.0.", -EINVAL, false, NULL },
	{ "Device.X.0", -EINVAL, false, NULL },
	{ "Device.X.01.", -EINVAL, false, NULL },
	{ "Device.X.00", -EINVAL, false, NULL },
	{ "Device.X.4294967296.", -EINVAL, false, NULL },
	{ "Device.X.10000000000.", -EINVAL, false, NULL },
	{ "Device.X.99999999999999999999999.", -EINVAL, false, NULL },
	{ "Device.X.1a.", -EINVAL, false, NULL },
	{ "Device.X.2X", -EINVAL, false, NULL },
	{ "Device.X.-1.", -EINVAL, false, NULL },
	{ "Device.X.+1.", -EINVAL, false, NULL },
	{ "Device.X.1_", -EINVAL, false, NULL },
	/* wildcards and alias addressing: not supported */
	{ "Device.X.{i}.", -EINVAL, false, NULL },
	{ "Device.X.*.", -EINVAL, false, NULL },
	{ "Device.X.*", -EINVAL, false, NULL },
	{ "Device.X.[cpe-1].", -EINVAL, false, NULL },
	/* names */
	{ "-Device.", -EINVAL, false, NULL },
	{ "Dev/ice.", -EINVAL, false, NULL },
	{ "Dev:ice", -EINVAL, false, NULL },
	{ "Device.X=1", -EINVAL, false, NULL },
	/* spaces and control characters */
	{ " Device.", -EINVAL, false, NULL },
	{ "Device. ", -EINVAL, false, NULL },
	{ "Device .X", -EINVAL, false, NULL },
	{ "Device.\tX", -EINVAL, false, NULL },
	{ "Device.X\n", -EINVAL, false, NULL },
	{ "Device.\x01", -EINVAL, false, NULL },
	{ "Device.\x7f", -EINVAL, false, NULL },
	{ " ", -EINVAL, false, NULL },
	/* UTF-8 and high bytes */
	{ "Device.Wi\xc3\xa9.", -EINVAL, false, NULL },
	{ "\xc3\x89vice.", -EINVAL, false, NULL },
	{ "Device.\xff", -EINVAL, false, NULL },
	{ "Device.\xe2\x80\x8bX", -EINVAL, false, NULL },
};

static void parts_join(const struct dm_path *p, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n && off < size; i++) {
		const struct dm_path_part *q = &p->part[i];
		int w = q->instance ?
			snprintf(buf + off, size - off, "%s#%u", i ? "/" : "", (unsigned)q->instance) :
			snprintf(buf + off, size - off, "%s%.*s", i ? "/" : "", (int)q->len, q->name);

		off += (size_t)w;
	}
}

/* Parse from an exact-size heap copy, so an over-read trips ASan. */
static int parse_copy(const char *s, size_t len, struct dm_path *p, char **copy)
{
	*copy = malloc(len + 1);
	assert_non_null(*copy);
	memcpy(*copy, s, len);
	(*copy)[len] = '\0';
	return dm_path_parse(*copy, p);
}

/* Whatever the result, it must be self-consistent. */
static void check_sane(const char *s, size_t len, int rc, const struct dm_path *p)
{
	assert_true(rc == 0 || rc == -EINVAL || rc == -E2BIG);
	if (rc < 0) {
		assert_int_equal(p->n, 0);
		return;
	}
	assert_true(p->n <= DM_PATH_MAX_PARTS);
	for (size_t i = 0; i < p->n; i++) {
		assert_true(p->part[i].name >= s);
		assert_true(p->part[i].name + p->part[i].len <= s + len);
		assert_true(p->part[i].len > 0);
	}
	assert_int_equal(p->partial, len == 0 || s[len - 1] == '.');
}

static void test_vectors(void **state)
{
	char buf[600];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct path_case *c = &cases[i];
		struct dm_path p;
		char *copy;
		int rc = parse_copy(c->in, strlen(c->in), &p, &copy);

		if (rc != c->rc)
			fail_msg("case %zu \"%s\": got %d, want %d", i, c->in, rc, c->rc);
		check_sane(copy, strlen(copy), rc, &p);
		if (rc == 0) {
			assert_int_equal(p.partial, c->partial);
			parts_join(&p, buf, sizeof(buf));
			assert_string_equal(buf, c->parts);
		}
		free(copy);
	}
}

/* Every prefix of every vector parses or fails cleanly. */
static void test_prefixes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].in);

		for (size_t k = 0; k <= len; k++) {
			struct dm_path p;
			char *copy;
			int rc = parse_copy(cases[i].in, k, &p, &copy);

			check_sane(copy, k, rc, &p);
			free(copy);
		}
	}
}

/* "Device.AAAA....": total length len, a valid parameter path. */
static void long_path(char *buf, size_t len)
{
	memcpy(buf, "Device.", 7);
	memset(buf + 7, 'A', len - 7);
	buf[len] = '\0';
}

static void test_length(void **state)
{
	char buf[DM_PATH_MAX + 64];
	struct dm_path p;

	(void)state;
	long_path(buf, DM_PATH_MAX);
	assert_int_equal(dm_path_parse(buf, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.part[1].len, DM_PATH_MAX - 7);
	buf[DM_PATH_MAX - 1] = '.';
	assert_int_equal(dm_path_parse(buf, &p), 0);
	assert_true(p.partial);
	long_path(buf, DM_PATH_MAX + 1);
	assert_int_equal(dm_path_parse(buf, &p), -E2BIG);
	assert_int_equal(p.n, 0);
	long_path(buf, DM_PATH_MAX + 60);
	buf[3] = ' ';          /* the length is checked first */
	assert_int_equal(dm_path_parse(buf, &p), -E2BIG);
}

/* "A.A.A..." with parts components, partial or not. */
static void deep_path(char *buf, size_t parts, bool partial)
{
	size_t off = 0;

	for (size_t i = 0; i < parts; i++) {
		buf[off++] = 'A';
		buf[off++] = '.';
	}
	buf[partial ? off : off - 1] = '\0';
}

static void test_depth(void **state)
{
	char buf[2 * DM_PATH_MAX_PARTS + 8];
	struct dm_path p;

	(void)state;
	deep_path(buf, DM_PATH_MAX_PARTS, true);
	assert_int_equal(dm_path_parse(buf, &p), 0);
	assert_int_equal(p.n, DM_PATH_MAX_PARTS);
	assert_true(p.partial);
	deep_path(buf, DM_PATH_MAX_PARTS, false);
	assert_int_equal(dm_path_parse(buf, &p), 0);
	assert_int_equal(p.n, DM_PATH_MAX_PARTS);
	assert_false(p.partial);
	deep_path(buf, DM_PATH_MAX_PARTS + 1, true);
	assert_int_equal(dm_path_parse(buf, &p), -E2BIG);
	assert_int_equal(p.n, 0);
	deep_path(buf, DM_PATH_MAX_PARTS + 1, false);
	assert_int_equal(dm_path_parse(buf, &p), -E2BIG);
}

/* A realistic long path, 32 parts and exactly 256 characters: all of its
 * prefixes, and the same with each byte replaced by hostile ones. */
static void test_long_prefixes(void **state)
{
	static const char hostile[] = { ' ', '.', '\x01', '\x80', '0', '*', '{', '\xff' };
	char buf[DM_PATH_MAX + 1];
	struct dm_path p;
	size_t off = 0;

	(void)state;
	off += (size_t)snprintf(buf, sizeof(buf), "Device.");
	for (int i = 0; i < 15; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "Ob_%c.%u.",
					'a' + i, 4000000000u + (unsigned)i);
	memset(buf + off, 'z', DM_PATH_MAX - off);
	buf[DM_PATH_MAX] = '\0';
	assert_int_equal(dm_path_parse(buf, &p), 0);
	assert_int_equal(p.n, 32);
	assert_int_equal(p.part[2].instance, 4000000000u);
	for (size_t k = 0; k <= DM_PATH_MAX; k++) {
		char *copy;
		int rc = parse_copy(buf, k, &p, &copy);

		check_sane(copy, k, rc, &p);
		free(copy);
		for (size_t h = 0; h < sizeof(hostile) && k < DM_PATH_MAX; h++) {
			char save = buf[k];

			buf[k] = hostile[h];
			rc = parse_copy(buf, DM_PATH_MAX, &p, &copy);
			check_sane(copy, DM_PATH_MAX, rc, &p);
			free(copy);
			buf[k] = save;
		}
	}
}

static void test_null(void **state)
{
	struct dm_path p;

	(void)state;
	assert_int_equal(dm_path_parse(NULL, &p), -EINVAL);
	assert_int_equal(dm_path_parse("Device.", NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_long_prefixes),
		cmocka_unit_test(test_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
