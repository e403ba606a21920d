/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the schema side of dm_plugin.h: which schema node a path
 * with instance numbers names (a table of paths, each also tried from an
 * exact-size heap copy and with every prefix, under ASan), which plugin
 * backs it, and the prefix a plugin serves. Running plugins is
 * test_dm_write.c's and the e2e suite's business.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dm_plugin.h"
#include "schema.h"

struct node_case {
	const char *path;
	const char *schema;    /* what dm_schema_find gives the same node; NULL: -1 */
};

static const struct node_case node_cases[] = {
	{ "", "Device." },
	{ "Device.", "Device." },
	{ "Device", "Device." },
	{ "Device.Hosts.", "Device.Hosts." },
	{ "Device.Hosts.Host.", "Device.Hosts.Host." },
	{ "Device.Hosts.Host.3.", "Device.Hosts.Host." },
	{ "Device.Hosts.Host.3.IPAddress", "Device.Hosts.Host.{i}.IPAddress" },
	{ "Device.Hosts.Host.4294967295.IPAddress", "Device.Hosts.Host.{i}.IPAddress" },
	/* instance numbers are decimal, 1..4294967295, no leading zero (TR-106) */
	{ "Device.Hosts.Host.01.", NULL },
	{ "Device.Hosts.Host.01.IPAddress", NULL },
	{ "Device.Hosts.Host.0.", NULL },
	{ "Device.Hosts.Host.00.", NULL },
	{ "Device.Hosts.Host.4294967296.", NULL },
	{ "Device.Hosts.Host.+3.", NULL },
	{ "Device.Hosts.Host.3a.", NULL },
	/* a number only right after a table */
	{ "Device.Hosts.3.", NULL },
	{ "Device.3.Hosts.", NULL },
	{ "Device.Hosts.Host.3.4.", NULL },
	/* syntax the path parser refuses */
	{ "Device..Hosts.", NULL },
	{ ".Device.", NULL },
	{ "Device.Hosts.Host.{i}.", NULL },
	{ "Device.Hosts.Host.*.", NULL },
	{ "Device.Hosts .", NULL },
	/* not in the schema */
	{ "Foo.", NULL },
	{ "3.", NULL },
	{ "Device.Nope.", NULL },
	{ "Device.Hosts.Host.3.Nope", NULL },
};

static void test_schema_node(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(node_cases) / sizeof(node_cases[0]); i++) {
		const struct node_case *c = &node_cases[i];
		long want = c->schema ? dm_schema_find(c->schema) : -1;
		size_t len = strlen(c->path);

		if (c->schema)
			assert_true(want >= 0);
		if (dm_plugin_schema_node(c->path) != want)
			fail_msg("\"%s\": got %ld, want %ld", c->path,
				 dm_plugin_schema_node(c->path), want);
		for (size_t k = 0; k <= len; k++) {
			char *copy = strndup(c->path, k);   /* exact size: ASan sees over-reads */
			long node;

			assert_non_null(copy);
			node = dm_plugin_schema_node(copy);
			free(copy);
			assert_true(k == len ? node == want : node >= -1);
		}
	}
	assert_int_equal(dm_plugin_schema_node(NULL), 0);
}

static void test_plugin_of(void **state)
{
	long host = dm_plugin_schema_node("Device.Hosts.Host.3.IPAddress");
	char prefix[128];
	uint16_t idx;

	(void)state;
	assert_true(host > 0);
	idx = dm_plugin_of((uint32_t)host);
	assert_true(idx > 0 && idx < dm_plugins_len);
	assert_string_equal(dm_plugins[idx], "hosts");
	assert_int_equal(dm_plugin_prefix(idx, prefix, sizeof(prefix)), 0);
	assert_string_equal(prefix, "Device.Hosts.");
	assert_int_equal(dm_plugin_prefix(idx, prefix, 6), -ENAMETOOLONG);
	assert_int_equal(dm_plugin_of(0), 0);
	assert_int_equal(dm_plugin_of((uint32_t)dm_schema_len), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_node),
		cmocka_unit_test(test_plugin_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
