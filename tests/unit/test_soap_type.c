/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the SOAP typing of data-model values (soap_type.h): the
 * xsi:type matrix (every base type against every other, with and without
 * a prefix), its edges (xsd:string for anything, base64Binary, a mismatch
 * winning over a bad value) and the xsd names we write. The nodes are
 * built here by hand; the value checks themselves are test_types.c's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "soap_type.h"

/* A node's spec (schema.h) as a literal. */
#define SPEC(...) (&(const struct dm_spec){ __VA_ARGS__ })
#define NODE(t, f) { .type = (t), .flags = (f) }

static const char oper_enum[] = "Up\0Down\0";

static const struct dm_node n_obj = NODE(DM_T_OBJECT, 0);
static const struct dm_node n_str = NODE(DM_T_STRING, 0);
static const struct dm_node n_int = NODE(DM_T_INT, 0);
static const struct dm_node n_uint = NODE(DM_T_UNSIGNED_INT, 0);
static const struct dm_node n_long = NODE(DM_T_LONG, 0);
static const struct dm_node n_ulong = NODE(DM_T_UNSIGNED_LONG, 0);
static const struct dm_node n_bool = NODE(DM_T_BOOLEAN, 0);
static const struct dm_node n_dt = NODE(DM_T_DATETIME, 0);
static const struct dm_node n_b64 = NODE(DM_T_BASE64, 0);
static const struct dm_node n_hex = NODE(DM_T_HEXBINARY, 0);
static const struct dm_node n_uint_list = NODE(DM_T_UNSIGNED_INT, DM_F_LIST);
static const struct dm_node n_enum_list = {
	.type = DM_T_STRING, .flags = DM_F_LIST,
	.spec = SPEC(.enums = oper_enum),
};
static const struct dm_node n_ip = {
	.type = DM_T_STRING,
	.spec = SPEC(.datatype = "IPAddress"),
};
static const struct dm_node n_counter = {
	.type = DM_T_UNSIGNED_LONG,
	.spec = SPEC(.datatype = "StatsCounter64"),
};

/* One node and one valid value per base type, with the xsi local name. */
struct typed {
	const struct dm_node *n;
	const char *value;
	const char *local;
};

static const struct typed typed[] = {
	{ &n_str, "x", "string" },
	{ &n_int, "-1", "int" },
	{ &n_uint, "1", "unsignedInt" },
	{ &n_long, "-1", "long" },
	{ &n_ulong, "1", "unsignedLong" },
	{ &n_bool, "1", "boolean" },
	{ &n_dt, "0001-01-01T00:00:00Z", "dateTime" },
	{ &n_b64, "QQ==", "base64" },
	{ &n_hex, "00", "hexBinary" },
};

static void test_xsi_matrix(void **state)
{
	static const char *const prefixes[] = { "xsd:", "", "cwmp:", "xs:" };
	const size_t nt = sizeof(typed) / sizeof(typed[0]);
	char xsi[64];

	(void)state;
	for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++)
		for (size_t i = 0; i < nt; i++)
			for (size_t j = 0; j < nt; j++) {
				int want = (i == j || j == 0) ? 0 : -EPROTOTYPE;
				int rc;

				snprintf(xsi, sizeof(xsi), "%s%s", prefixes[p], typed[j].local);
				rc = soap_type_check(typed[i].n, typed[i].value, xsi);
				if (rc != want)
					fail_msg("%s for %s: got %d, want %d", xsi, typed[i].local, rc, want);
			}
}

struct edge {
	const struct dm_node *n;
	const char *value;
	const char *xsi;
	int rc;
};

static const struct edge edges[] = {
	/* string is taken for any type, but the value must still fit */
	{ &n_int, "abc", "xsd:string", -EINVAL },
	{ &n_bool, "yes", "xsd:string", -EINVAL },
	{ &n_bool, "true", "xsd:string", 0 },
	/* a mismatch wins over a bad value */
	{ &n_int, "abc", "xsd:boolean", -EPROTOTYPE },
	/* a matching type does not excuse a bad value */
	{ &n_int, "2147483648", "xsd:int", -EINVAL },
	{ &n_b64, "QQ==", "xsd:base64Binary", 0 },
	{ &n_b64, "QQ==", "SOAP-ENC:base64", 0 },
	{ &n_hex, "00", "xsd:base64Binary", -EPROTOTYPE },
	{ &n_int, "1", "xsd:Int", -EPROTOTYPE },
	{ &n_int, "1", "xsd:integer", -EPROTOTYPE },
	{ &n_int, "1", "xsd:", -EPROTOTYPE },
	{ &n_int, "1", "", -EPROTOTYPE },
	{ &n_int, "1", "xsd:int ", -EPROTOTYPE },
	{ &n_str, "1", "xsd:int", -EPROTOTYPE },
	/* no xsi:type: the value alone */
	{ &n_int, "1", NULL, 0 },
	{ &n_int, "x", NULL, -EINVAL },
	/* lists are xsd:string on the wire */
	{ &n_uint_list, "1,2", "xsd:string", 0 },
	{ &n_uint_list, "1,2", "xsd:unsignedInt", -EPROTOTYPE },
	/* named types are their base type */
	{ &n_ip, "::1", "xsd:string", 0 },
	{ &n_counter, "5", "xsd:unsignedLong", 0 },
	/* nothing to check against */
	{ &n_obj, "", "xsd:string", -EINVAL },
	{ NULL, "1", NULL, -EINVAL },
	{ &n_int, NULL, NULL, -EINVAL },
};

static void test_xsi_edges(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		const struct edge *e = &edges[i];
		int rc = soap_type_check(e->n, e->value, e->xsi);

		if (rc != e->rc)
			fail_msg("edge %zu (%s as %s): got %d, want %d", i,
				 e->value ? e->value : "NULL", e->xsi ? e->xsi : "NULL", rc, e->rc);
	}
}

static void test_type_of(void **state)
{
	static const struct dm_node bogus = NODE(200, 0);

	(void)state;
	for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "xsd:%s", typed[i].local);
		assert_string_equal(soap_type_of(typed[i].n), want);
	}
	assert_string_equal(soap_type_of(&n_uint_list), "xsd:string");
	assert_string_equal(soap_type_of(&n_enum_list), "xsd:string");
	assert_string_equal(soap_type_of(&n_counter), "xsd:unsignedLong");
	assert_null(soap_type_of(&n_obj));
	assert_null(soap_type_of(&bogus));
	assert_null(soap_type_of(NULL));
	assert_int_equal(soap_type_check(&bogus, "1", NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xsi_matrix),
		cmocka_unit_test(test_xsi_edges),
		cmocka_unit_test(test_type_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
