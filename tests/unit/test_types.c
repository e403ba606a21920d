/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the TR-106 value checks: a table of (node, value, result)
 * vectors for every base type (boundaries, one past, overflow, the
 * non-canonical spellings "+5", " 5", "0x10", "1e3"), string sizes in
 * characters with multi-byte UTF-8, base64 and hexBinary sizes in decoded
 * bytes, enumerations, lists, each named data type, then what has no
 * value to check and dm_value_canonical (the xsi:type side is
 * test_soap_type.c). The nodes are built here by hand; nothing depends on
 * the generated schema. Each vector also runs from an exact-size heap
 * copy, and every prefix of it, under ASan.
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

#include "schema.h"
#include "types.h"

/* A node's spec (schema.h) as a literal. */
#define SPEC(...) (&(const struct dm_spec){ __VA_ARGS__ })
#define MINMAX (DM_F_HAS_MIN | DM_F_HAS_MAX)
#define NODE(t, f, lo, hi) { .type = (t), .flags = (f), \
	.spec = SPEC(.min = (lo), .max = (hi)) }
#define NAMED(dt) { .type = DM_T_STRING, .spec = SPEC(.datatype = (dt)) }

static const char oper_enum[] = "Up\0Down\0Error\0";

static const struct dm_node n_obj = NODE(DM_T_OBJECT, 0, 0, 0);
static const struct dm_node n_str = NODE(DM_T_STRING, 0, 0, 0);
static const struct dm_node n_str_len = NODE(DM_T_STRING, MINMAX, 2, 4);
static const struct dm_node n_int = NODE(DM_T_INT, 0, 0, 0);
static const struct dm_node n_int_rng = NODE(DM_T_INT, MINMAX, -10, 10);
static const struct dm_node n_int_min = NODE(DM_T_INT, DM_F_HAS_MIN, 0, 0);
static const struct dm_node n_uint = NODE(DM_T_UNSIGNED_INT, 0, 0, 0);
static const struct dm_node n_uint_rng = NODE(DM_T_UNSIGNED_INT, MINMAX, 1, 65535);
static const struct dm_node n_long = NODE(DM_T_LONG, 0, 0, 0);
static const struct dm_node n_long_rng = NODE(DM_T_LONG, MINMAX, -5000000000, 5000000000);
static const struct dm_node n_ulong = NODE(DM_T_UNSIGNED_LONG, 0, 0, 0);
static const struct dm_node n_ulong_rng = NODE(DM_T_UNSIGNED_LONG, MINMAX, 10, INT64_MAX);
static const struct dm_node n_bool = NODE(DM_T_BOOLEAN, 0, 0, 0);
static const struct dm_node n_dt = NODE(DM_T_DATETIME, 0, 0, 0);
static const struct dm_node n_b64 = NODE(DM_T_BASE64, 0, 0, 0);
static const struct dm_node n_b64_rng = NODE(DM_T_BASE64, MINMAX, 1, 3);
static const struct dm_node n_hex = NODE(DM_T_HEXBINARY, 0, 0, 0);
static const struct dm_node n_hex_rng = NODE(DM_T_HEXBINARY, MINMAX, 1, 2);
static const struct dm_node n_enum = {
	.type = DM_T_STRING,
	.spec = SPEC(.enums = oper_enum),
};
static const struct dm_node n_enum_list = {
	.type = DM_T_STRING, .flags = DM_F_LIST,
	.spec = SPEC(.enums = oper_enum),
};
static const struct dm_node n_uint_list = {
	.type = DM_T_UNSIGNED_INT, .flags = DM_F_LIST | MINMAX,
	.spec = SPEC(.min = 1, .max = 100, .list_max = 16),
};
static const struct dm_node n_str_list = {
	.type = DM_T_STRING, .flags = DM_F_LIST | DM_F_HAS_MAX,
	.spec = SPEC(.max = 3, .list_max = 10),
};
static const struct dm_node n_ip_list = {
	.type = DM_T_STRING, .flags = DM_F_LIST,
	.spec = SPEC(.datatype = "IPAddress"),
};
static const struct dm_node n_ip = NAMED("IPAddress");
static const struct dm_node n_ip4 = NAMED("IPv4Address");
static const struct dm_node n_ip6 = NAMED("IPv6Address");
static const struct dm_node n_pfx = NAMED("IPPrefix");
static const struct dm_node n_pfx4 = NAMED("IPv4Prefix");
static const struct dm_node n_pfx6 = NAMED("IPv6Prefix");
static const struct dm_node n_mac = NAMED("MACAddress");
static const struct dm_node n_alias = NAMED("Alias");
static const struct dm_node n_url = NAMED("URL");
static const struct dm_node n_counter = {
	.type = DM_T_UNSIGNED_LONG,
	.spec = SPEC(.datatype = "StatsCounter64"),
};

struct value_case {
	const struct dm_node *n;
	const char *value;
	int rc;
};

#define OK(n, v) { &(n), (v), 0 }
#define BAD(n, v) { &(n), (v), -EINVAL }
#define E_ACUTE "\xc3\xa9"          /* 2 bytes, 1 character */
#define GRIN "\xf0\x9f\x98\x80"     /* 4 bytes, 1 character */

static const struct value_case cases[] = {
	/* string: any valid UTF-8, sizes in characters */
	OK(n_str, ""), OK(n_str, "hello"), OK(n_str, " with spaces "), OK(n_str, E_ACUTE),
	OK(n_str, GRIN), OK(n_str, "\xe2\x82\xac"), OK(n_str, "\xef\xbf\xbd"),
	BAD(n_str, "\xc3"), BAD(n_str, "a\xc3(b"), BAD(n_str, "\xc0\xaf"), BAD(n_str, "\xc1\xbf"),
	BAD(n_str, "\xe0\x80\xaf"), BAD(n_str, "\xed\xa0\x80"), BAD(n_str, "\xf4\x90\x80\x80"),
	BAD(n_str, "\xf8\x88\x80\x80\x80"), BAD(n_str, "\xff"), BAD(n_str, "\xe2\x82"),
	BAD(n_str, "\x80"), BAD(n_str, GRIN "\xf0\x9f\x98"),
	BAD(n_str_len, ""), BAD(n_str_len, "a"), OK(n_str_len, "ab"), OK(n_str_len, "abcd"),
	BAD(n_str_len, "abcde"), OK(n_str_len, E_ACUTE E_ACUTE),
	OK(n_str_len, E_ACUTE E_ACUTE E_ACUTE E_ACUTE),
	BAD(n_str_len, E_ACUTE E_ACUTE E_ACUTE E_ACUTE E_ACUTE),
	OK(n_str_len, GRIN GRIN GRIN GRIN), BAD(n_str_len, GRIN), OK(n_str_len, "a" GRIN),
	BAD(n_str_len, "ab\xc3"),
	/* int */
	OK(n_int, "0"), OK(n_int, "1"), OK(n_int, "-1"), OK(n_int, "2147483647"), OK(n_int, "-2147483648"),
	BAD(n_int, "2147483648"), BAD(n_int, "-2147483649"), BAD(n_int, "4294967296"),
	BAD(n_int, "9223372036854775808"), BAD(n_int, "99999999999999999999999"),
	BAD(n_int, "+5"), BAD(n_int, " 5"), BAD(n_int, "5 "), BAD(n_int, ""), BAD(n_int, "0x10"),
	BAD(n_int, "1e3"), BAD(n_int, "-"), BAD(n_int, "-0"), BAD(n_int, "007"), BAD(n_int, "1.0"),
	BAD(n_int, "5\n"), BAD(n_int, "--5"), BAD(n_int, "\xd9\xa1"), BAD(n_int, "true"),
	BAD(n_int_rng, "-11"), OK(n_int_rng, "-10"), OK(n_int_rng, "0"), OK(n_int_rng, "10"),
	BAD(n_int_rng, "11"), BAD(n_int_rng, "2147483648"),
	BAD(n_int_min, "-1"), OK(n_int_min, "0"), OK(n_int_min, "2147483647"),
	BAD(n_int_min, "2147483648"),
	/* unsignedInt */
	OK(n_uint, "0"), OK(n_uint, "4294967295"), BAD(n_uint, "4294967296"), BAD(n_uint, "-1"),
	BAD(n_uint, "-0"), BAD(n_uint, "+5"), BAD(n_uint, " 5"), BAD(n_uint, "5 "), BAD(n_uint, ""),
	BAD(n_uint, "0x10"), BAD(n_uint, "1e3"), BAD(n_uint, "01"), BAD(n_uint, "18446744073709551616"),
	BAD(n_uint_rng, "0"), OK(n_uint_rng, "1"), OK(n_uint_rng, "65535"), BAD(n_uint_rng, "65536"),
	/* long */
	OK(n_long, "0"), OK(n_long, "9223372036854775807"), OK(n_long, "-9223372036854775808"),
	BAD(n_long, "9223372036854775808"), BAD(n_long, "-9223372036854775809"),
	BAD(n_long, "18446744073709551616"), BAD(n_long, "-18446744073709551616"),
	BAD(n_long, "+5"), BAD(n_long, " 5"), BAD(n_long, "5 "), BAD(n_long, ""),
	BAD(n_long, "0x10"), BAD(n_long, "1e3"), BAD(n_long, "-0"),
	BAD(n_long_rng, "-5000000001"), OK(n_long_rng, "-5000000000"), OK(n_long_rng, "5000000000"),
	BAD(n_long_rng, "5000000001"),
	/* unsignedLong */
	OK(n_ulong, "0"), OK(n_ulong, "18446744073709551615"), BAD(n_ulong, "18446744073709551616"),
	BAD(n_ulong, "99999999999999999999"), BAD(n_ulong, "184467440737095516150"),
	BAD(n_ulong, "-1"), BAD(n_ulong, "-0"), BAD(n_ulong, "+5"), BAD(n_ulong, " 5"),
	BAD(n_ulong, "5 "), BAD(n_ulong, ""), BAD(n_ulong, "0x10"), BAD(n_ulong, "1e3"),
	BAD(n_ulong_rng, "9"), OK(n_ulong_rng, "10"), OK(n_ulong_rng, "9223372036854775807"),
	BAD(n_ulong_rng, "9223372036854775808"),
	/* boolean: exactly these four */
	OK(n_bool, "0"), OK(n_bool, "1"), OK(n_bool, "true"), OK(n_bool, "false"),
	BAD(n_bool, "TRUE"), BAD(n_bool, "True"), BAD(n_bool, "yes"), BAD(n_bool, "no"),
	BAD(n_bool, ""), BAD(n_bool, "2"), BAD(n_bool, " true"), BAD(n_bool, "true "),
	BAD(n_bool, "01"), BAD(n_bool, "t"), BAD(n_bool, "-1"), BAD(n_bool, "truex"),
	/* dateTime */
	OK(n_dt, "0001-01-01T00:00:00Z"), OK(n_dt, "2024-02-29T23:59:59Z"),
	OK(n_dt, "2000-02-29T00:00:00Z"), OK(n_dt, "9999-12-31T23:59:59Z"),
	OK(n_dt, "2024-12-31T23:59:59.123456Z"), OK(n_dt, "2024-01-01T00:00:00.0Z"),
	OK(n_dt, "2024-01-01T00:00:00+01:00"), OK(n_dt, "2024-01-01T00:00:00-05:30"),
	OK(n_dt, "2024-01-01T00:00:00+14:00"), OK(n_dt, "2024-01-01T00:00:00-00:00"),
	OK(n_dt, "2024-01-01T00:00:00"), OK(n_dt, "0001-01-03T03:04:05"),
	OK(n_dt, "2024-01-01T00:00:00.5"), OK(n_dt, "2024-04-30T12:00:00Z"),
	BAD(n_dt, "2023-02-29T00:00:00Z"), BAD(n_dt, "1900-02-29T00:00:00Z"),
	BAD(n_dt, "0000-01-01T00:00:00Z"), BAD(n_dt, "2024-13-01T00:00:00Z"),
	BAD(n_dt, "2024-00-01T00:00:00Z"), BAD(n_dt, "2024-01-00T00:00:00Z"),
	BAD(n_dt, "2024-04-31T00:00:00Z"), BAD(n_dt, "2024-01-32T00:00:00Z"),
	BAD(n_dt, "2024-01-01T24:00:00Z"), BAD(n_dt, "2024-01-01T23:60:00Z"),
	BAD(n_dt, "2024-01-01T23:59:60Z"), BAD(n_dt, "2024-01-01 00:00:00Z"),
	BAD(n_dt, "2024-01-01t00:00:00z"), BAD(n_dt, "2024-01-01T00:00:00."),
	BAD(n_dt, "2024-01-01T00:00:00.Z"), BAD(n_dt, "2024-01-01T00:00:00ZZ"),
	BAD(n_dt, "2024-01-01T00:00:00+0100"), BAD(n_dt, "2024-01-01T00:00:00+01"),
	BAD(n_dt, "2024-01-01T00:00:00+14:01"), BAD(n_dt, "2024-01-01T00:00:00+15:00"),
	BAD(n_dt, "2024-01-01T00:00:00+01:60"), BAD(n_dt, "2024-01-01T00:00:00+1a:00"),
	BAD(n_dt, ""), BAD(n_dt, "2024-1-01T00:00:00Z"), BAD(n_dt, "12024-01-01T00:00:00Z"),
	BAD(n_dt, "2024-01-01T00:00Z"), BAD(n_dt, "2024-01-01"), BAD(n_dt, "-2024-01-01T00:00:00Z"),
	BAD(n_dt, "+2024-01-01T00:00:00Z"), BAD(n_dt, "2024-01-01T00:00:00Z "),
	BAD(n_dt, " 2024-01-01T00:00:00Z"), BAD(n_dt, "2024/01/01T00:00:00Z"),
	BAD(n_dt, "2024-01-01T00:00:00.1.2Z"), BAD(n_dt, "1704067200"),
	/* base64: sizes in decoded bytes */
	OK(n_b64, ""), OK(n_b64, "QQ=="), OK(n_b64, "QUI="), OK(n_b64, "QUJD"), OK(n_b64, "QUJDRA=="),
	OK(n_b64, "+/8="), OK(n_b64, "AAAA"),
	BAD(n_b64, "QR=="), BAD(n_b64, "QUJ="), BAD(n_b64, "Q==="), BAD(n_b64, "===="),
	BAD(n_b64, "QQ="), BAD(n_b64, "QQ"), BAD(n_b64, "Q"), BAD(n_b64, "QUJD\n"), BAD(n_b64, "QU JD"),
	BAD(n_b64, "QUJ*"), BAD(n_b64, "=QUJ"), BAD(n_b64, "QQ==QQ=="), BAD(n_b64, "-_8="),
	BAD(n_b64, "QUJD="), BAD(n_b64, "QU=D"),
	BAD(n_b64_rng, ""), OK(n_b64_rng, "QQ=="), OK(n_b64_rng, "QUJD"), BAD(n_b64_rng, "QUJDRA=="),
	/* hexBinary: sizes in decoded bytes */
	OK(n_hex, ""), OK(n_hex, "00"), OK(n_hex, "aBcD"), OK(n_hex, "0123456789abcdefABCDEF"),
	BAD(n_hex, "0"), BAD(n_hex, "abc"), BAD(n_hex, "0g"), BAD(n_hex, "0x10"), BAD(n_hex, " 00"),
	BAD(n_hex, "00 "), BAD(n_hex, "00:11"),
	BAD(n_hex_rng, ""), OK(n_hex_rng, "ff"), OK(n_hex_rng, "ffff"), BAD(n_hex_rng, "ffffff"),
	/* enumerations */
	OK(n_enum, "Up"), OK(n_enum, "Down"), OK(n_enum, "Error"), BAD(n_enum, "up"),
	BAD(n_enum, "Up "), BAD(n_enum, ""), BAD(n_enum, "Upx"), BAD(n_enum, "U"), BAD(n_enum, "Up,Down"),
	OK(n_enum_list, ""), OK(n_enum_list, "Up"), OK(n_enum_list, "Up,Down"),
	OK(n_enum_list, "Error,Up,Down,Up"), BAD(n_enum_list, "Up,down"), BAD(n_enum_list, "Up, Down"),
	BAD(n_enum_list, "Up,,Down"), BAD(n_enum_list, "Up,"), BAD(n_enum_list, ",Up"),
	BAD(n_enum_list, ","),
	/* lists */
	OK(n_uint_list, ""), OK(n_uint_list, "1"), OK(n_uint_list, "1,2,3"),
	OK(n_uint_list, "100,100,100,100"), BAD(n_uint_list, "1,2,3,4,5,6,7,8,9"),
	BAD(n_uint_list, "0,1"), BAD(n_uint_list, "1,101"), BAD(n_uint_list, "1, 2"),
	BAD(n_uint_list, "1 ,2"), BAD(n_uint_list, "1,,2"), BAD(n_uint_list, "1,-2"),
	BAD(n_uint_list, "1;2"), BAD(n_uint_list, "1,"), BAD(n_uint_list, ","),
	OK(n_str_list, ""), OK(n_str_list, "a,bb,ccc"), BAD(n_str_list, "abcd"), BAD(n_str_list, "a,abcd"),
	OK(n_str_list, E_ACUTE "," E_ACUTE E_ACUTE "," E_ACUTE E_ACUTE E_ACUTE),
	OK(n_str_list, "aaa,bbb,cc"), BAD(n_str_list, "aaa,bbb,ccc"), OK(n_str_list, ",,"),
	OK(n_str_list, "a, b"), BAD(n_str_list, "\xc3"), BAD(n_str_list, "a,\xc3,b"),
	OK(n_ip_list, ""), OK(n_ip_list, "8.8.8.8,2001:4860:4860::8888"),
	BAD(n_ip_list, "8.8.8.8, 1.1.1.1"), BAD(n_ip_list, "8.8.8.8,bogus"),
	/* IPAddress and friends */
	OK(n_ip, ""), OK(n_ip, "192.168.1.1"), OK(n_ip, "0.0.0.0"), OK(n_ip, "255.255.255.255"),
	OK(n_ip, "::1"), OK(n_ip, "::"), OK(n_ip, "fe80::1"), OK(n_ip, "2001:DB8::1"),
	OK(n_ip, "::ffff:1.2.3.4"), OK(n_ip, "0:0:0:0:0:0:13.1.68.3"),
	OK(n_ip, "1080:0:0:800:ba98:3210:11aa:12dd"),
	OK(n_ip, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"),
	BAD(n_ip, "256.1.1.1"), BAD(n_ip, "1.2.3"), BAD(n_ip, "1.2.3.4.5"), BAD(n_ip, "01.2.3.4"),
	BAD(n_ip, "1.2.3.04"), BAD(n_ip, "1..2.3"), BAD(n_ip, "1.2.3.4."), BAD(n_ip, ".1.2.3.4"),
	BAD(n_ip, " 1.2.3.4"), BAD(n_ip, "1.2.3.4 "), BAD(n_ip, "1.2.3.1234"), BAD(n_ip, "1.2.3.-4"),
	BAD(n_ip, "fe80::1%eth0"), BAD(n_ip, "1:2:3:4:5:6:7:8:9"), BAD(n_ip, ":::"),
	BAD(n_ip, "gggg::"), BAD(n_ip, "[::1]"), BAD(n_ip, "localhost"), BAD(n_ip, "0x7f.0.0.1"),
	BAD(n_ip, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555"),
	OK(n_ip4, ""), OK(n_ip4, "10.0.0.1"), OK(n_ip4, "255.255.255.0"), BAD(n_ip4, "::1"),
	BAD(n_ip4, "10.0.0.256"), BAD(n_ip4, "10.0.0"),
	OK(n_ip6, ""), OK(n_ip6, "::1"), OK(n_ip6, "2001:db8::"), BAD(n_ip6, "10.0.0.1"),
	BAD(n_ip6, "2001:db8::/32"),
	OK(n_pfx, ""), OK(n_pfx, "192.168.1.0/24"), OK(n_pfx, "1.2.3.4/32"), OK(n_pfx, "0.0.0.0/0"),
	BAD(n_pfx, "1.2.3.4/33"), OK(n_pfx, "2001:db8::/64"), OK(n_pfx, "::/0"),
	OK(n_pfx, "::1/128"), BAD(n_pfx, "::1/129"), OK(n_pfx, "/24"), OK(n_pfx, "/128"),
	BAD(n_pfx, "/129"), BAD(n_pfx, "1.2.3.4"), BAD(n_pfx, "1.2.3.4/"), BAD(n_pfx, "1.2.3.4/024"),
	BAD(n_pfx, "1.2.3.4/-1"), BAD(n_pfx, "1.2.3.4/2/3"), BAD(n_pfx, "1.2.3.4/1000"),
	BAD(n_pfx, "/"), BAD(n_pfx, "1.2.3.4/ 8"), BAD(n_pfx, "bogus/8"),
	OK(n_pfx4, ""), OK(n_pfx4, "10.0.0.0/8"), OK(n_pfx4, "/32"), BAD(n_pfx4, "/33"),
	BAD(n_pfx4, "::/0"), BAD(n_pfx4, "10.0.0.0"),
	OK(n_pfx6, ""), OK(n_pfx6, "2001:db8::/32"), OK(n_pfx6, "/64"), BAD(n_pfx6, "10.0.0.0/8"),
	BAD(n_pfx6, "2001:db8::/200"),
	OK(n_mac, ""), OK(n_mac, "00:11:22:aa:BB:cC"), OK(n_mac, "FF:FF:FF:FF:FF:FF"),
	BAD(n_mac, "00:11:22:33:44"), BAD(n_mac, "00-11-22-33-44-55"), BAD(n_mac, "0011.2233.4455"),
	BAD(n_mac, "00:11:22:33:44:55:66"), BAD(n_mac, "00:11:22:33:44:5g"),
	BAD(n_mac, "00:11:22:33:44:555"), BAD(n_mac, "0:11:22:33:44:555"), BAD(n_mac, "001122334455"),
	BAD(n_mac, "00:11:22:33:44:55 "),
	OK(n_alias, ""), OK(n_alias, "cpe-1"), OK(n_alias, "my alias"),
	OK(n_url, "anything at all"), OK(n_url, ""),
	OK(n_counter, "18446744073709551615"), BAD(n_counter, ""), BAD(n_counter, "-1"),
	/* objects have no value */
	BAD(n_obj, ""), BAD(n_obj, "x"),
};

/* Check from an exact-size heap copy, so an over-read trips ASan. */
static int check_copy(const struct dm_node *n, const char *v, size_t len)
{
	char *copy = malloc(len + 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, v, len);
	copy[len] = '\0';
	rc = dm_value_check(n, copy);
	free(copy);
	return rc;
}

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct value_case *c = &cases[i];
		size_t len = strlen(c->value);
		int rc = dm_value_check(c->n, c->value);

		if (rc != c->rc)
			fail_msg("case %zu \"%s\": got %d, want %d", i, c->value, rc, c->rc);
		assert_int_equal(check_copy(c->n, c->value, len), c->rc);
		for (size_t k = 0; k < len; k++) {
			rc = check_copy(c->n, c->value, k);
			assert_true(rc == 0 || rc == -EINVAL);
		}
	}
}

/* Alias: 64 characters at most, counted as characters, not bytes. */
static void test_alias(void **state)
{
	char buf[2 * 66 + 1];
	size_t off = 0;

	(void)state;
	memset(buf, 'a', 64);
	buf[64] = '\0';
	assert_int_equal(dm_value_check(&n_alias, buf), 0);
	buf[64] = 'a';
	buf[65] = '\0';
	assert_int_equal(dm_value_check(&n_alias, buf), -EINVAL);
	for (int i = 0; i < 64; i++, off += 2)
		memcpy(buf + off, E_ACUTE, 2);
	buf[off] = '\0';
	assert_int_equal(dm_value_check(&n_alias, buf), 0);
	memcpy(buf + off, E_ACUTE, 3);
	assert_int_equal(dm_value_check(&n_alias, buf), -EINVAL);
}

/* What a consumer can carry (issue 13, 3), on the real schema: a WPA
 * passphrase is 8..63 printable US-ASCII (no newline for hostapd.conf, no
 * UTF-8); an SSID is at most 32 octets, not 32 characters. */
static void test_consumer_limits(void **state)
{
	long key = dm_schema_find("Device.WiFi.AccessPoint.{i}.Security.KeyPassphrase");
	long ssid = dm_schema_find("Device.WiFi.SSID.{i}.SSID");
	char buf[3 * 33 + 1];

	(void)state;
	assert_true(key > 0 && ssid > 0);
	assert_int_equal(dm_value_check(&dm_schema[key], "correct horse ~42"), 0);
	assert_int_equal(dm_value_check(&dm_schema[key], "short"), -EINVAL);
	assert_int_equal(dm_value_check(&dm_schema[key], "line one\nwpa_psk_file=/x"), -EINVAL);
	assert_int_equal(dm_value_check(&dm_schema[key], "tab\tinside it"), -EINVAL);
	assert_int_equal(dm_value_check(&dm_schema[key], "p" E_ACUTE "sswords"), -EINVAL);
	memset(buf, 'a', 32);
	buf[32] = '\0';
	assert_int_equal(dm_value_check(&dm_schema[ssid], buf), 0);
	for (int i = 0; i < 16; i++)
		memcpy(buf + 2 * i, E_ACUTE, 2);
	buf[32] = '\0';
	assert_int_equal(dm_value_check(&dm_schema[ssid], buf), 0);      /* 16 chars, 32 octets */
	memcpy(buf + 32, E_ACUTE, 3);
	assert_int_equal(dm_value_check(&dm_schema[ssid], buf), -EINVAL); /* 17 chars, 34 octets */
}

/* Nothing to check against: no node, no value, an object, an unknown type. */
static void test_unchecked(void **state)
{
	const struct dm_node bogus = NODE(200, 0, 0, 0);

	(void)state;
	assert_int_equal(dm_value_check(NULL, "1"), -EINVAL);
	assert_int_equal(dm_value_check(&n_int, NULL), -EINVAL);
	assert_int_equal(dm_value_check(&n_obj, ""), -EINVAL);
	assert_int_equal(dm_value_check(&bogus, "1"), -EINVAL);
}

struct canon_case {
	const struct dm_node *n;
	const char *in;
	size_t outlen;
	int rc;
	const char *out;
};

static const struct canon_case canon_cases[] = {
	{ &n_bool, "1", 16, 0, "true" },
	{ &n_bool, "true", 16, 0, "true" },
	{ &n_bool, "0", 16, 0, "false" },
	{ &n_bool, "false", 16, 0, "false" },
	{ &n_bool, "1", 5, 0, "true" },
	{ &n_bool, "1", 4, -ENOSPC, "" },
	{ &n_bool, "0", 5, -ENOSPC, "" },
	{ &n_str, "abc", 4, 0, "abc" },
	{ &n_str, "abc", 3, -ENOSPC, "" },
	{ &n_str, "", 1, 0, "" },
	{ &n_int, "-42", 16, 0, "-42" },
	{ &n_dt, "2024-01-01T00:00:00.250Z", 32, 0, "2024-01-01T00:00:00.250Z" },
	{ &n_uint_list, "1,2", 16, 0, "1,2" },
};

static void test_canonical(void **state)
{
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof(canon_cases) / sizeof(canon_cases[0]); i++) {
		const struct canon_case *c = &canon_cases[i];

		memset(out, 'X', sizeof(out));
		assert_int_equal(dm_value_canonical(c->n, c->in, out, c->outlen), c->rc);
		assert_string_equal(out, c->out);
	}
	assert_int_equal(dm_value_canonical(&n_bool, "1", out, 0), -ENOSPC);
	assert_int_equal(dm_value_canonical(NULL, "1", out, sizeof(out)), -EINVAL);
	assert_int_equal(dm_value_canonical(&n_bool, NULL, out, sizeof(out)), -EINVAL);
	assert_int_equal(dm_value_canonical(&n_bool, "1", NULL, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_alias),
		cmocka_unit_test(test_consumer_limits),
		cmocka_unit_test(test_unchecked),
		cmocka_unit_test(test_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
