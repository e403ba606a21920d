/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the instance tree's type check of plugin output (tree.h,
 * "Validity") against the real generated schema: a table of (parameter,
 * value, fits) pairs for every kind of type the schema has -- the empty
 * unsignedInt a wired-only router's wifi plugin printed, malformed
 * dateTimes, out-of-range ints, over-long strings, enumerations, lists,
 * IP and MAC addresses, booleans as 1/0, hidden parameters (never
 * checked) -- each loaded as one plugin line and then read back by get and
 * by a walk; then what the loader tells its caller (line numbers, counts),
 * a later good value clearing the mark, parameters without a value, and
 * the schema's own defaults.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tree.h"
#include "types.h"

#define RADIO "Device.WiFi.Radio.1."
#define POOL "Device.DHCPv4.Server.Pool.1."
#define AP "Device.WiFi.AccessPoint.1."

struct valid_case {
	const char *path;
	const char *value;
	bool valid;
};

#define OK(p, v) { (p), (v), true }
#define BAD(p, v) { (p), (v), false }
#define LONG65 "0123456789012345678901234567890123456789012345678901234567890123x"

static const struct valid_case cases[] = {
	/* unsignedInt: the wired-only router's empty counter first */
	BAD("Device.WiFi.RadioNumberOfEntries", ""), OK("Device.WiFi.RadioNumberOfEntries", "0"),
	OK("Device.WiFi.RadioNumberOfEntries", "2"), BAD("Device.WiFi.RadioNumberOfEntries", "-1"),
	BAD("Device.WiFi.RadioNumberOfEntries", " 1"), BAD("Device.WiFi.RadioNumberOfEntries", "01"),
	BAD("Device.WiFi.RadioNumberOfEntries", "4294967296"),
	OK("Device.DeviceInfo.UpTime", "4294967295"), BAD("Device.DeviceInfo.UpTime", "1.5"),
	OK("Device.NAT.PortMapping.1.ExternalPort", "65535"),
	BAD("Device.NAT.PortMapping.1.ExternalPort", "65536"),
	/* int with a range */
	OK(RADIO "TransmitPower", "-1"), OK(RADIO "TransmitPower", "100"),
	BAD(RADIO "TransmitPower", "101"), BAD(RADIO "TransmitPower", "-2"),
	BAD(RADIO "TransmitPower", "2147483648"), BAD(RADIO "TransmitPower", ""),
	OK(POOL "LeaseTime", "-1"), BAD(POOL "LeaseTime", "-2"),
	/* unsignedLong (StatsCounter64) */
	OK("Device.WiFi.SSID.1.Stats.BytesSent", "18446744073709551615"),
	BAD("Device.WiFi.SSID.1.Stats.BytesSent", "18446744073709551616"),
	BAD("Device.WiFi.SSID.1.Stats.BytesSent", ""),
	/* boolean: 1/0 as plugins print them, and true/false */
	OK(RADIO "Enable", "1"), OK(RADIO "Enable", "0"), OK(RADIO "Enable", "true"),
	OK(RADIO "Enable", "false"), BAD(RADIO "Enable", "yes"), BAD(RADIO "Enable", ""),
	BAD(RADIO "Enable", "TRUE"),
	/* dateTime */
	OK("Device.Time.CurrentLocalTime", "2024-01-01T00:00:00Z"),
	OK("Device.Time.CurrentLocalTime", "2024-01-01T00:00:00+01:00"),
	OK("Device.DeviceInfo.FirstUseDate", "0001-01-01T00:00:00Z"),
	BAD("Device.Time.CurrentLocalTime", "2024-13-01T00:00:00Z"),
	BAD("Device.Time.CurrentLocalTime", "2024-01-01 00:00:00"),
	BAD("Device.Time.CurrentLocalTime", "Mon Jan  1 00:00:00 UTC 2024"),
	BAD("Device.Time.CurrentLocalTime", "1704067200"), BAD("Device.Time.CurrentLocalTime", ""),
	/* strings: sizes, UTF-8, enumerations */
	OK("Device.DeviceInfo.SoftwareVersion", ""),
	OK("Device.DeviceInfo.SoftwareVersion", LONG65 + 1),
	BAD("Device.DeviceInfo.SoftwareVersion", LONG65),
	BAD("Device.DeviceInfo.SoftwareVersion", "bad \xff byte"),
	OK(RADIO "RegulatoryDomain", "DE "), BAD(RADIO "RegulatoryDomain", "DEUX"),
	BAD(RADIO "RegulatoryDomain", ""),
	OK(POOL "Status", "Enabled"), BAD(POOL "Status", "enabled"), BAD(POOL "Status", ""),
	/* lists */
	OK("Device.DNS.SupportedRecordTypes", "A,AAAA"), BAD("Device.DNS.SupportedRecordTypes", "A,MX"),
	OK(POOL "DNSServers", "192.168.1.1,8.8.8.8"), BAD(POOL "DNSServers", "8.8.8.8,bogus"),
	/* named types: IPv4Address, IPAddress, MACAddress */
	OK(POOL "MinAddress", "192.168.1.100"), OK(POOL "MinAddress", ""),
	BAD(POOL "MinAddress", "192.168.1.300"), BAD(POOL "MinAddress", "fe80::1"),
	OK("Device.DNS.Client.Server.1.DNSServer", "2001:db8::53"),
	BAD("Device.DNS.Client.Server.1.DNSServer", "dns.example"),
	OK("Device.WiFi.SSID.1.MACAddress", "02:ca:fe:00:01:01"),
	BAD("Device.WiFi.SSID.1.MACAddress", "02:ca:fe"),
	/* hidden parameters are never checked: they read as "" whatever they
	 * hold (a hexBinary, a string of 8..63) and their values must not be
	 * logged */
	OK(AP "Security.PreSharedKey", ""), OK(AP "Security.PreSharedKey", "zz"),
	OK(AP "Security.KeyPassphrase", ""), OK(AP "Security.KeyPassphrase", "short"),
	OK("Device.ManagementServer.Password", "\xff"),
};

/* Every invalid line the loader reported. */
struct seen {
	size_t n, line;
	char path[128], value[128];
	const struct dm_node *node;
};

static void invalid_cb(void *ctx, const struct dm_tree_invalid *inv)
{
	struct seen *s = ctx;

	s->n++;
	s->line = inv->line;
	snprintf(s->path, sizeof(s->path), "%s", inv->path);
	snprintf(s->value, sizeof(s->value), "%s", inv->value);
	s->node = inv->node;
}

/* The walk's item for one path. */
struct find {
	const char *path;
	bool found, valid;
	const char *value;
};

static int find_cb(void *ctx, const struct dm_tree_item *it)
{
	struct find *f = ctx;

	if (it->kind != DM_TREE_PARAM)
		assert_true(it->valid);
	if (it->kind == DM_TREE_PARAM && strcmp(it->path, f->path) == 0) {
		f->found = true;
		f->valid = it->valid;
		f->value = it->value;
	}
	return 0;
}

static void check_case(const struct valid_case *c)
{
	char line[512];
	struct dm_tree *t = dm_tree_new();
	struct dm_tree_load_stats st;
	struct seen seen = { 0 };
	struct find f = { c->path, false, false, NULL };
	struct dm_tree_value v;
	int n = snprintf(line, sizeof(line), "%s\t%s\n", c->path, c->value);

	assert_non_null(t);
	assert_int_equal(dm_tree_load_stats(t, NULL, line, (size_t)n, &st, invalid_cb, &seen), 0);
	assert_int_equal(st.malformed + st.refused, 0);
	if (st.invalid != !c->valid || seen.n != !c->valid)
		fail_msg("%s = \"%s\": %zu invalid, want %d", c->path, c->value, st.invalid,
			 !c->valid);
	assert_int_equal(dm_tree_get(t, c->path, &v), 0);
	if (v.valid != c->valid)
		fail_msg("%s = \"%s\": valid %d, want %d", c->path, c->value, v.valid, c->valid);
	assert_string_equal(v.value, c->value);         /* kept as given */
	assert_true(v.set);
	assert_int_equal(dm_tree_walk(t, "", 0, find_cb, &f), 0);
	assert_true(f.found);
	assert_int_equal(f.valid, c->valid);
	assert_string_equal(f.value, c->value);
	if (!c->valid) {
		assert_int_equal(seen.line, 1);
		assert_string_equal(seen.path, c->path);
		assert_string_equal(seen.value, c->value);
		assert_ptr_equal(seen.node, v.node);
	}
	dm_tree_free(t);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
}

/* Line numbers count every line (bad and empty ones too); the other
 * values of an instance still load; the counts add up. */
static void test_lines(void **state)
{
	static const char buf[] =
		"Device.WiFi.Radio.1.Enable\t1\n"             /* 1 */
		"\n"                                          /* 2: empty: malformed */
		"garbage\n"                                   /* 3: malformed */
		"Device.WiFi.Radio.1.Channel\t6\n"            /* 4 */
		"Device.WiFi.RadioNumberOfEntries\t\n"        /* 5: invalid */
		"Device.WiFi.Radio.1.LastChange\tsoon\r\n";   /* 6: invalid, CRLF */
	struct dm_tree *t = dm_tree_new();
	struct dm_tree_load_stats st;
	struct seen seen = { 0 };
	struct dm_tree_value v;
	size_t bad = 0;

	(void)state;
	assert_non_null(t);
	assert_int_equal(dm_tree_load_stats(t, "Device.WiFi.", buf, sizeof(buf) - 1, &st,
					    invalid_cb, &seen), 0);
	assert_int_equal(st.malformed, 2);
	assert_int_equal(st.refused, 0);
	assert_int_equal(st.invalid, 2);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.line, 6);
	assert_string_equal(seen.path, "Device.WiFi.Radio.1.LastChange");
	assert_string_equal(seen.value, "soon");
	assert_int_equal(dm_tree_get(t, "Device.WiFi.Radio.1.Channel", &v), 0);
	assert_true(v.valid);
	assert_string_equal(v.value, "6");
	assert_int_equal(dm_tree_count(t, "Device.WiFi.Radio."), 1);
	/* dm_tree_load counts them with the skipped lines; no callback needed */
	assert_int_equal(dm_tree_load(t, "Device.WiFi.", buf, sizeof(buf) - 1, &bad), 0);
	assert_int_equal(bad, 4);
	dm_tree_free(t);
}

/* A good value replaces a bad one and the mark goes (in the old space
 * when it fits there, in new space when not); dm_tree_set is taken as
 * valid; a bad value loaded over a good one marks it again. */
static void test_replace(void **state)
{
	static const char bad_long[] = "Device.DeviceInfo.UpTime\tquite a while\n";
	static const char good[] = "Device.DeviceInfo.UpTime\t42\n";
	static const char bad_short[] = "Device.DeviceInfo.UpTime\t-\n";
	static const char good_longer[] = "Device.DeviceInfo.UpTime\t123456\n";
	struct dm_tree *t = dm_tree_new();
	struct dm_tree_value v;
	size_t values;

	(void)state;
	assert_non_null(t);
	assert_int_equal(dm_tree_load(t, NULL, bad_long, sizeof(bad_long) - 1, NULL), 0);
	values = dm_tree_values(t);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.UpTime", &v), 0);
	assert_false(v.valid);
	assert_int_equal(dm_tree_load(t, NULL, good, sizeof(good) - 1, NULL), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.UpTime", &v), 0);
	assert_true(v.valid);
	assert_string_equal(v.value, "42");
	assert_int_equal(dm_tree_load(t, NULL, bad_short, sizeof(bad_short) - 1, NULL), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.UpTime", &v), 0);
	assert_false(v.valid);
	assert_string_equal(v.value, "-");
	assert_int_equal(dm_tree_load(t, NULL, good_longer, sizeof(good_longer) - 1, NULL), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.UpTime", &v), 0);
	assert_true(v.valid);
	assert_string_equal(v.value, "123456");
	assert_int_equal(dm_tree_values(t), values);    /* replacements, one value */
	assert_int_equal(dm_tree_load(t, NULL, bad_long, sizeof(bad_long) - 1, NULL), 0);
	assert_int_equal(dm_tree_set(t, "Device.DeviceInfo.UpTime", "not checked"), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.UpTime", &v), 0);
	assert_true(v.valid);
	/* a dropped value is no value: the default rules again */
	assert_int_equal(dm_tree_load(t, NULL, bad_long, sizeof(bad_long) - 1, NULL), 0);
	assert_int_equal(dm_tree_drop(t, "Device.DeviceInfo.UpTime"), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.UpTime", &v), 0);
	assert_false(v.set);
	assert_string_equal(v.value, "");
	assert_false(v.valid);                          /* "" is no unsignedInt */
	dm_tree_free(t);
}

/* A parameter without a value reads as its default or "": valid when
 * that fits (a string, a boolean with a default), not when it does not
 * (an unsignedInt the plugin left out); a NumberOfEntries is counted. */
static void test_unset(void **state)
{
	static const char buf[] = "Device.NAT.PortMapping.1.Description\tssh\n";
	struct dm_tree *t = dm_tree_new();
	struct dm_tree_value v;

	(void)state;
	assert_non_null(t);
	assert_int_equal(dm_tree_load(t, NULL, buf, sizeof(buf) - 1, NULL), 0);
	assert_int_equal(dm_tree_get(t, "Device.NAT.PortMapping.1.Enable", &v), 0);
	assert_false(v.set);
	assert_true(v.valid);
	assert_string_equal(v.value, "false");          /* the schema's default */
	assert_int_equal(dm_tree_get(t, "Device.NAT.PortMapping.1.InternalClient", &v), 0);
	assert_true(v.valid);
	assert_string_equal(v.value, "");
	assert_int_equal(dm_tree_get(t, "Device.NAT.PortMapping.1.ExternalPort", &v), 0);
	assert_false(v.set);
	assert_false(v.valid);
	assert_int_equal(dm_tree_get(t, "Device.NAT.PortMappingNumberOfEntries", &v), 0);
	assert_true(v.valid);
	assert_string_equal(v.value, "1");
	assert_int_equal(dm_tree_get(t, "Device.WiFi.RadioNumberOfEntries", &v), 0);
	assert_true(v.valid);
	assert_string_equal(v.value, "0");
	dm_tree_free(t);
}

/* The schema's own defaults fit their types: a default is never what
 * keeps a parameter from the wire. */
static void test_defaults(void **state)
{
	(void)state;
	for (size_t i = 0; i < dm_schema_len; i++) {
		const struct dm_node *n = &dm_schema[i];

		if (n->type != DM_T_OBJECT && dm_node_spec(n)->def && dm_value_check(n, dm_node_spec(n)->def) != 0)
			fail_msg("schema node %zu (%s): default \"%s\" is no valid %s", i,
				 dm_node_name(n), dm_node_spec(n)->def, dm_type_name(n));
	}
	assert_string_equal(dm_type_name(&dm_schema[0]), "object");
	assert_string_equal(dm_type_name(NULL), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_unset),
		cmocka_unit_test(test_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
