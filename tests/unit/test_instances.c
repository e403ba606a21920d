/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the AddObject instance counters (agent/dm/instances.c): the
 * file round trip, the max(counter, tree) + 1 rule, numbers that never go
 * down, a corrupt or oversized file, the end of the number space,
 * forgetting the counters below a deleted instance, and which schema tables
 * take AddObject/DeleteObject. Each file test works in its own mkdtemp dir.
 */
#define _GNU_SOURCE 1  /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "instances.h"
#include "pluginio.h"
#include "schema.h"
#include "store.h"
#include "tmpdir.h"
#include "tree.h"

#define PM "Device.NAT.PortMapping."
#define POOL "Device.DHCPv4.Server.Pool."

static void put_file(const struct tmpdir *t, const char *text, size_t len)
{
	assert_int_equal(store_write(t->path, INSTANCES_FILE, text, len), 0);
}

/* The file's text (caller frees); NULL when missing. */
static char *file_text(const struct tmpdir *t)
{
	char *buf = NULL;
	size_t len;

	if (store_read(t->path, INSTANCES_FILE, &buf, &len, STORE_MAX_FILE) != 0)
		return NULL;
	return buf;
}

static uint32_t counter(const struct tmpdir *t, const char *table)
{
	uint32_t n = 12345;

	assert_int_equal(instances_get(t->path, table, &n), 0);
	return n;
}

static uint32_t next(const struct tmpdir *t, const char *table, uint32_t highest)
{
	uint32_t n = 0;

	assert_int_equal(instances_next(t->path, table, highest, &n), 0);
	return n;
}

static void test_roundtrip(void **state)
{
	struct tmpdir *t = *state;
	char *text;

	assert_int_equal(counter(t, PM), 0);            /* no file yet */
	assert_null(file_text(t));
	assert_int_equal(next(t, PM, 0), 1);
	assert_int_equal(next(t, PM, 0), 2);
	assert_int_equal(next(t, POOL "1.StaticAddress.", 0), 1);
	assert_int_equal(counter(t, PM), 2);
	assert_int_equal(counter(t, POOL "1.StaticAddress."), 1);
	assert_int_equal(counter(t, POOL "2.StaticAddress."), 0);
	text = file_text(t);
	assert_non_null(text);
	assert_string_equal(text, PM "\t2\n" POOL "1.StaticAddress.\t1\n");
	free(text);
	assert_int_equal(next(t, PM, 0), 3);            /* the moved line goes last */
	text = file_text(t);
	assert_string_equal(text, POOL "1.StaticAddress.\t1\n" PM "\t3\n");
	free(text);
}

static void test_max_rule(void **state)
{
	static const struct {
		const char *file;    /* NULL: none */
		uint32_t highest;    /* highest instance in the tree */
		uint32_t want;
	} cases[] = {
		{ NULL, 0, 1 },
		{ NULL, 7, 8 },                          /* seeded instances, no counter */
		{ PM "\t5\n", 3, 6 },                    /* deleted 4 and 5: not reused */
		{ PM "\t5\n", 5, 6 },
		{ PM "\t2\n", 10, 11 },                  /* the device made more */
		{ PM "\t0\n", 0, 1 },
		{ "Device.NAT.PortMapping.1.\t9\n", 0, 1 },  /* another path */
		{ PM "\t4294967294\n", 0, 4294967295u },
		{ NULL, 4294967294u, 4294967295u },
	};
	struct tmpdir *t = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(store_remove(t->path, INSTANCES_FILE), 0);
		if (cases[i].file)
			put_file(t, cases[i].file, strlen(cases[i].file));
		assert_int_equal(next(t, PM, cases[i].highest), cases[i].want);
		assert_int_equal(counter(t, PM), cases[i].want);
	}
}

static void test_never_decreasing(void **state)
{
	struct tmpdir *t = *state;
	uint32_t last = 0, highest = 0, n;

	srand(42);
	for (int i = 0; i < 200; i++) {
		/* the tree's highest wanders: instances deleted, some made */
		highest = (uint32_t)rand() % (last + 3);
		n = next(t, PM, highest);
		assert_true(n > last);
		assert_true(n > highest);
		assert_int_equal(n, (last > highest ? last : highest) + 1);
		last = n;
	}
}

static void test_end_of_numbers(void **state)
{
	static const char full[] = PM "\t4294967295\n";
	struct tmpdir *t = *state;
	uint32_t n = 77;
	char *text;

	put_file(t, full, strlen(full));
	assert_int_equal(instances_next(t->path, PM, 0, &n), -ERANGE);
	assert_int_equal(n, 77);
	assert_int_equal(instances_next(t->path, "Device.X.", UINT32_MAX, &n), -ERANGE);
	text = file_text(t);
	assert_string_equal(text, full);                /* untouched */
	free(text);
}

static void test_corrupt(void **state)
{
	static const char bad[] =
		"garbage without a tab\n"
		PM "\t12abc\n"
		"Device.A.\t-3\n"
		"Device.B.\t99999999999\n"               /* past 32 bits */
		"Device.C.\t4294967296\n"
		"Device.D.\t\n"
		"\t5\n"                                  /* empty path */
		"Device.E.\\q\t5\n"                      /* bad escape */
		"Device.F.\t1\t2\n"                      /* second tab */
		"Device.G.\t 7\n"
		"\xff\xfe\x01\n"
		"Device.H.\t8\r\n"                       /* CRLF: accepted */
		PM "\t4\n"
		PM "\t9\n"                               /* twice: the larger counts */
		PM "\t6\n"
		"Device.I.\t3";                          /* no final newline */
	struct tmpdir *t = *state;
	char *text;

	put_file(t, bad, sizeof(bad) - 1);
	assert_int_equal(counter(t, PM), 9);
	assert_int_equal(counter(t, "Device.A."), 0);
	assert_int_equal(counter(t, "Device.B."), 0);
	assert_int_equal(counter(t, "Device.H."), 8);
	assert_int_equal(counter(t, "Device.I."), 3);
	assert_int_equal(next(t, PM, 0), 10);
	text = file_text(t);                            /* rewritten clean */
	assert_string_equal(text, "Device.H.\t8\nDevice.I.\t3\n" PM "\t10\n");
	free(text);
	assert_int_equal(next(t, "Device.I.", 0), 4);
}

static void test_binary_and_empty(void **state)
{
	static const char binary[] = { 'D', '\0', '\t', '1', '\n', '\0', '\n' };
	struct tmpdir *t = *state;

	put_file(t, binary, sizeof(binary));
	assert_int_equal(next(t, PM, 2), 3);
	put_file(t, "", 0);
	assert_int_equal(next(t, PM, 0), 1);
}

static void test_too_big(void **state)
{
	struct tmpdir *t = *state;
	struct xbuf b;
	char path[64];
	uint32_t n = 0;
	int i;

	/* a file past the cap is refused, not truncated */
	xbuf_init(&b, 2 * INSTANCES_MAX_FILE);
	for (i = 0; b.len <= INSTANCES_MAX_FILE; i++) {
		snprintf(path, sizeof(path), "Device.X.%d.Y.", i);
		pluginio_write(&b, path, "1");
	}
	put_file(t, b.data, b.len);
	assert_int_equal(instances_next(t->path, PM, 0, &n), -EFBIG);
	assert_int_equal(instances_get(t->path, PM, &n), -EFBIG);

	/* a file that would grow past it is not written: lines of at most 19
	 * bytes up to within 25 of the cap, then PM's line of 26 */
	xbuf_reset(&b);
	for (i = 0; b.len + 20 <= INSTANCES_MAX_FILE - 5; i++) {
		snprintf(path, sizeof(path), "Device.X.%d.Y.", i);
		pluginio_write(&b, path, "1");
	}
	put_file(t, b.data, b.len);
	assert_int_equal(instances_next(t->path, PM, 0, &n), -EFBIG);
	assert_int_equal(instances_get(t->path, PM, &n), 0);
	assert_int_equal(n, 0);
	xbuf_fini(&b);
}

static void test_bad_args(void **state)
{
	static const char *const tables[] = {
		"", "Device.NAT.PortMapping", "Device.NAT.PortMapping.1", NULL,
	};
	struct tmpdir *t = *state;
	char longname[PLUGINIO_MAX_PATH + 2];
	uint32_t n = 5;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		assert_int_equal(instances_next(t->path, tables[i], 0, &n), -EINVAL);
		assert_int_equal(instances_get(t->path, tables[i], &n), -EINVAL);
		assert_int_equal(instances_forget(t->path, tables[i]), -EINVAL);
	}
	memset(longname, 'a', sizeof(longname) - 2);
	longname[sizeof(longname) - 2] = '.';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(instances_next(t->path, longname, 0, &n), -EINVAL);
	assert_int_equal(instances_next(NULL, PM, 0, &n), -EINVAL);
	assert_int_equal(instances_next(t->path, PM, 0, NULL), -EINVAL);
	assert_int_equal(n, 5);
	longname[sizeof(longname) - 2] = '\0';          /* exactly the max: fine */
	longname[sizeof(longname) - 3] = '.';
	assert_int_equal(instances_next(t->path, longname, 0, &n), 0);
	assert_int_equal(n, 1);
}

static void test_no_dir(void **state)
{
	struct tmpdir *t = *state;
	char dir[128];
	uint32_t n = 5;

	snprintf(dir, sizeof(dir), "%s/missing", t->path);
	assert_int_equal(instances_get(dir, PM, &n), 0);  /* no file: 0 */
	assert_int_equal(n, 0);
	assert_true(instances_next(dir, PM, 0, &n) < 0);  /* cannot store: no number */
}

static void test_forget(void **state)
{
	static const char text[] =
		POOL "\t3\n"
		POOL "1.StaticAddress.\t4\n"
		POOL "10.StaticAddress.\t5\n"
		POOL "1.Option.\t2\n"
		POOL "2.StaticAddress.\t1\n";
	struct tmpdir *t = *state;
	char *now;

	assert_int_equal(instances_forget(t->path, POOL "1."), 0);  /* no file */
	assert_null(file_text(t));
	put_file(t, text, sizeof(text) - 1);
	assert_int_equal(instances_forget(t->path, POOL "1."), 0);
	now = file_text(t);
	assert_string_equal(now, POOL "\t3\n" POOL "10.StaticAddress.\t5\n"
			    POOL "2.StaticAddress.\t1\n");
	free(now);
	assert_int_equal(instances_forget(t->path, POOL "7."), 0);  /* nothing below */
	assert_int_equal(counter(t, POOL), 3);          /* its own table keeps it */
	assert_int_equal(next(t, POOL, 1), 4);
	assert_int_equal(counter(t, POOL "2.StaticAddress."), 1);
}

/* reserve raises the counter, never lowers it. */
static void test_reserve(void **state)
{
	struct tmpdir *t = *state;
	uint32_t n = 0;

	assert_int_equal(instances_reserve(t->path, PM, 5), 0);
	assert_int_equal(instances_get(t->path, PM, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(instances_reserve(t->path, PM, 3), 0);
	assert_int_equal(instances_get(t->path, PM, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(instances_next(t->path, PM, 1, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(instances_reserve(t->path, "no dot", 3), -EINVAL);
}

static void test_table_node(void **state)
{
	static const struct {
		const char *path;
		int ok;
		int ok_openwrt;   /* the same on platform openwrt (readonly=openwrt) */
	} cases[] = {
		{ PM, 1, 1 },
		{ PM "3.", 1, 1 },
		{ POOL, 1, 0 },
		{ POOL "1.", 1, 0 },
		{ POOL "1.StaticAddress.", 1, 1 },
		{ POOL "1.StaticAddress.2.", 1, 1 },
		{ "Device.Users.User.", 1, 0 },
		{ "Device.DNS.Client.Server.4.", 1, 0 },
		{ "Device.NAT.PortMapping", 0, 0 },          /* no trailing dot */
		{ PM "3", 0, 0 },
		{ PM "3.Enable", 0, 0 },                      /* a parameter */
		{ PM "{i}.", 0, 0 },
		{ "Device.NAT.", 0, 0 },                      /* not a table */
		{ "Device.", 0, 0 },
		{ "", 0, 0 },
		{ "Device.Hosts.Host.", 0, 0 },               /* read-only */
		{ "Device.Hosts.Host.1.", 0, 0 },
		{ "Device.ManagementServer.ManageableDevice.", 0, 0 },  /* native */
		{ "Device.Nope.", 0, 0 },
		{ "Device.NAT.PortMapping..", 0, 0 },
		{ "Other.NAT.PortMapping.", 0, 0 },
	};

	unsigned sim = dm_platform_bit("sim"), openwrt = dm_platform_bit("openwrt");

	(void)state;
	assert_int_not_equal(openwrt, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long node = instances_table_node(cases[i].path, sim);
		long on_openwrt = instances_table_node(cases[i].path, openwrt);

		if (cases[i].ok != (node > 0))
			fail_msg("%s: node %ld", cases[i].path, node);
		if (cases[i].ok_openwrt != (on_openwrt > 0))
			fail_msg("%s on openwrt: node %ld", cases[i].path, on_openwrt);
		if (instances_table_node(cases[i].path, 0) != node)
			fail_msg("%s: no platform is not sim", cases[i].path);
	}
	assert_int_equal(instances_table_node(PM, sim), instances_table_node(PM "12.", sim));
	assert_int_equal(instances_table_node(NULL, sim), -1);
}

/* What a read of the data model shows counts as handed out: port mapping 7
 * (made and deleted in LuCI before the next AddObject) is never given out
 * again; a read-only table (Hosts) keeps no counter; nested tables keep
 * theirs per parent instance; a second read writes nothing. */
static void test_reserve_seen(void **state)
{
	static const char out[] =
		"Device.NAT.PortMapping.3.Description\ta\n"
		"Device.NAT.PortMapping.7.Description\tb\n"
		"Device.Hosts.Host.40.HostName\th\n"
		"Device.DHCPv4.Server.Pool.1.StaticAddress.5.Chaddr\t00:11:22:33:44:55\n"
		"Device.DHCPv4.Server.Pool.2.Enable\ttrue\n";
	struct tmpdir *t = *state;
	struct dm_tree *tree = dm_tree_new();
	char *before, *after;

	assert_non_null(tree);
	assert_int_equal(dm_tree_load(tree, NULL, out, sizeof(out) - 1, NULL), 0);
	assert_int_equal(instances_reserve_seen(t->path, tree), 0);
	assert_int_equal(counter(t, PM), 7);
	assert_int_equal(counter(t, "Device.Hosts.Host."), 0);
	assert_int_equal(counter(t, "Device.DHCPv4.Server.Pool."), 2);
	assert_int_equal(counter(t, "Device.DHCPv4.Server.Pool.1.StaticAddress."), 5);
	before = file_text(t);
	assert_int_equal(instances_reserve_seen(t->path, tree), 0);
	after = file_text(t);
	assert_string_equal(before, after);
	assert_int_equal(next(t, PM, 3), 8);            /* 7 is gone from the tree: still not reused */
	free(before);
	free(after);
	dm_tree_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_max_rule, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_never_decreasing, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_end_of_numbers, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_binary_and_empty, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_too_big, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_no_dir, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_forget, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_reserve, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_reserve_seen, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_table_node),
	};

	return cmocka_run_group_tests_name("instances", tests, NULL, NULL);
}
