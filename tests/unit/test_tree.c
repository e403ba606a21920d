/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the data model instance tree (tree.c) against the real
 * generated schema: loading plugin output, reading values (set, default,
 * computed NumberOfEntries), paths refused by set and by resolve, walk
 * order, GetParameterNames listings with NextLevel true and false,
 * dropping subtrees, hostile plugin output, and 100,000 Hosts.Host
 * parameters: load and walk time and the tree's own count of bytes per
 * parameter, printed as a TAP comment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tree.h"

static const char fixture[] =
	"Device.DeviceInfo.Manufacturer\tACME\n"
	"Device.DeviceInfo.ModelName\tR1\n"
	"Device.DeviceInfo.UpTime\t42\n"
	"Device.Hosts.Host.10.PhysAddress\taa:bb:cc:dd:ee:10\n"
	"Device.Hosts.Host.10.Active\ttrue\n"
	"Device.Hosts.Host.2.PhysAddress\taa:bb:cc:dd:ee:02\n"
	"Device.Hosts.Host.2.HostName\tlap\\ttop\n"
	"Device.Hosts.Host.2.Active\tfalse\n"
	"Device.Hosts.Host.2.IPv4Address.1.IPAddress\t192.168.1.2\n"
	"Device.NAT.PortMapping.1.Enable\ttrue\n"
	"Device.NAT.PortMapping.1.ExternalPort\t8080\n"
	"Device.NAT.PortMapping.3.Description\t\n"
	"Device.NAT.PortMappingNumberOfEntries\t5\n"
	"Device.DHCPv4.Server.Pool.1.Enable\ttrue\n";

static struct dm_tree *fixture_tree(void)
{
	struct dm_tree *t = dm_tree_new();
	size_t bad = 99;

	assert_non_null(t);
	assert_int_equal(dm_tree_load(t, NULL, fixture, sizeof(fixture) - 1, &bad), 0);
	assert_int_equal(bad, 0);
	return t;
}

static int setup(void **state)
{
	*state = fixture_tree();
	return 0;
}

static int teardown(void **state)
{
	dm_tree_free(*state);
	return 0;
}

/* ---- get ---- */

struct get_case {
	const char *path;
	int rc;
	const char *value;
	bool set;
};

static const struct get_case get_cases[] = {
	{ "Device.DeviceInfo.Manufacturer", 0, "ACME", true },
	{ "Device.DeviceInfo.UpTime", 0, "42", true },
	{ "Device.DeviceInfo.SerialNumber", 0, "", false },
	{ "Device.Hosts.Host.2.HostName", 0, "lap\ttop", true },
	{ "Device.Hosts.Host.2.Layer1Interface", 0, "", false },
	{ "Device.Hosts.Host.10.Active", 0, "true", true },
	{ "Device.Hosts.HostNumberOfEntries", 0, "2", false },
	{ "Device.Hosts.Host.2.IPv4AddressNumberOfEntries", 0, "1", false },
	{ "Device.Hosts.Host.10.IPv4AddressNumberOfEntries", 0, "0", false },
	{ "Device.Hosts.Host.2.IPv4Address.1.IPAddress", 0, "192.168.1.2", true },
	{ "Device.NAT.PortMappingNumberOfEntries", 0, "5", true },
	{ "Device.NAT.PortMapping.3.Description", 0, "", true },
	{ "Device.NAT.PortMapping.3.Enable", 0, "false", false },
	{ "Device.DHCPv4.Server.Pool.1.LeaseTime", 0, "86400", false },
	{ "Device.DeviceInfo.ProcessStatus.ProcessNumberOfEntries", 0, "0", false },
	{ "Device.Hosts.Host.3.PhysAddress", -ENOENT, NULL, false },
	{ "Device.Hosts.Host.2.Nope", -ENOENT, NULL, false },
	{ "Device.Hosts.Host.2.", -ENOENT, NULL, false },
	{ "Device.Hosts.Host.2", -ENOENT, NULL, false },
	{ "Device.Hosts", -ENOENT, NULL, false },
	{ "Device.Hosts.Host.02.Active", -EINVAL, NULL, false },
	{ "Device.Hosts.Host.0.Active", -EINVAL, NULL, false },
	{ "Device.DHCPv4.Server.Pool.2.LeaseTime", -ENOENT, NULL, false },
	{ "", -ENOENT, NULL, false },
};

static void test_get(void **state)
{
	for (size_t i = 0; i < sizeof(get_cases) / sizeof(get_cases[0]); i++) {
		const struct get_case *c = &get_cases[i];
		struct dm_tree_value v;
		int rc = dm_tree_get(*state, c->path, &v);

		if (rc != c->rc)
			fail_msg("%s: rc %d, want %d", c->path, rc, c->rc);
		if (rc == 0 && (strcmp(v.value, c->value) != 0 || v.set != c->set))
			fail_msg("%s: \"%s\" set=%d, want \"%s\" set=%d", c->path, v.value,
				 v.set, c->value, c->set);
	}
}

static void test_replace(void **state)
{
	struct dm_tree_value v;

	assert_int_equal(dm_tree_set(*state, "Device.DeviceInfo.ModelName", "R2-long-name"), 0);
	assert_int_equal(dm_tree_get(*state, "Device.DeviceInfo.ModelName", &v), 0);
	assert_string_equal(v.value, "R2-long-name");
	assert_int_equal(dm_tree_set(*state, "Device.DeviceInfo.ModelName", "R3"), 0);
	assert_int_equal(dm_tree_get(*state, "Device.DeviceInfo.ModelName", &v), 0);
	assert_string_equal(v.value, "R3");
	assert_int_equal(dm_tree_set(*state, "Device.DeviceInfo.ModelName", ""), 0);
	assert_int_equal(dm_tree_get(*state, "Device.DeviceInfo.ModelName", &v), 0);
	assert_string_equal(v.value, "");
	assert_true(v.set);
}

/* ---- set refusals ---- */

struct set_case {
	const char *path;
	int rc;
};

static const struct set_case set_cases[] = {
	{ "Device.Hosts.Host.0.Active", -EINVAL },
	{ "Device.Hosts.Host.007.Active", -EINVAL },
	{ "Device.Hosts.Host.{i}.Active", -EINVAL },
	{ "Device.Hosts.Host.1.", -EINVAL },
	{ "Device.Hosts.", -EINVAL },
	{ "", -EINVAL },
	{ "Device..Hosts", -EINVAL },
	{ "Device.Hosts.Host.1.Active ", -EINVAL },
	{ "Device.Hosts.Host.4294967296.Active", -EINVAL },
	{ "Device.Hosts.Host.Active", -ENOENT },
	{ "Device.Hosts.3.Active", -ENOENT },
	{ "Device.Hosts.Host.1", -ENOENT },
	{ "Device.Hosts.Host", -ENOENT },
	{ "Device.Nope.X", -ENOENT },
	{ "Device", -ENOENT },
	{ "Device.DeviceInfo", -ENOENT },
	{ "Foo.Hosts.Host.1.Active", -ENOENT },
	{ "Device.Hosts.HostNumberOfEntries.X", -ENOENT },
	{ "Device.Hosts.Host.1.PhysAddress.X", -ENOENT },
	{ "Device.Hosts.Host.1.IPv4Address.IPAddress", -ENOENT },
	{ "Device.Hosts.Host.1.IPv4Address.1.2.IPAddress", -ENOENT },
	{ "Device.Hosts.Host.1.IPv4Address.1", -ENOENT },
};

static void test_set_refused(void **state)
{
	for (size_t i = 0; i < sizeof(set_cases) / sizeof(set_cases[0]); i++) {
		int rc = dm_tree_set(*state, set_cases[i].path, "x");

		if (rc != set_cases[i].rc)
			fail_msg("%s: rc %d, want %d", set_cases[i].path, rc, set_cases[i].rc);
	}
	/* nothing was created on the way */
	assert_int_equal(dm_tree_count(*state, "Device.Hosts.Host."), 2);
	assert_int_equal(dm_tree_count(*state, "Device.Hosts.Host.10.IPv4Address."), 0);
	assert_int_equal(dm_tree_set(NULL, "Device.DeviceInfo.UpTime", "1"), -EINVAL);
	assert_int_equal(dm_tree_set(*state, NULL, "1"), -EINVAL);
	assert_int_equal(dm_tree_set(*state, "Device.DeviceInfo.UpTime", NULL), -EINVAL);
}

static void test_add_count(void **state)
{
	assert_int_equal(dm_tree_add(*state, "Device.NAT.PortMapping.7."), 0);
	assert_int_equal(dm_tree_add(*state, "Device.NAT.PortMapping.7."), 0);
	assert_int_equal(dm_tree_add(*state, "Device.NAT.PortMapping."), -ENOENT);
	assert_int_equal(dm_tree_add(*state, "Device.NAT."), -ENOENT);
	assert_int_equal(dm_tree_add(*state, "Device.NAT.PortMapping.7.Enable"), -EINVAL);
	assert_int_equal(dm_tree_count(*state, "Device.NAT.PortMapping."), 3);
	assert_int_equal(dm_tree_count(*state, "Device.NAT.PortMapping.{i}."), -EINVAL);
	assert_int_equal(dm_tree_count(*state, "Device.NAT."), -ENOENT);
	assert_int_equal(dm_tree_count(*state, "Device.Hosts.Host.3.IPv4Address."), -ENOENT);
	assert_int_equal(dm_tree_count(*state, "Device.Hosts.Host.2.IPv4Address."), 1);
}

/* ---- walks ---- */

struct render {
	char buf[16384];
	size_t len;
	unsigned items;
	unsigned stop_at;
};

static int render_cb(void *ctx, const struct dm_tree_item *it)
{
	struct render *r = ctx;
	int n;

	assert_int_equal(strlen(it->path), it->path_len);
	assert_true((it->kind == DM_TREE_PARAM) == (it->value != NULL));
	assert_true((it->kind == DM_TREE_PARAM) == (it->path[it->path_len - 1] != '.'));
	if (it->kind == DM_TREE_PARAM)
		n = snprintf(r->buf + r->len, sizeof(r->buf) - r->len, "%s=%s\n", it->path,
			     it->value);
	else
		n = snprintf(r->buf + r->len, sizeof(r->buf) - r->len, "%s\n", it->path);
	assert_true(n > 0 && (size_t)n < sizeof(r->buf) - r->len);
	r->len += (size_t)n;
	return ++r->items == r->stop_at ? 77 : 0;
}

struct walk_case {
	const char *path;
	unsigned flags;
	int rc;
	const char *want;
};

#define GPN_NEXT (DM_WALK_NEXT_LEVEL)
#define GPN_ALL (DM_WALK_OBJECTS)

static const char host2_values[] =
	"Device.Hosts.Host.2.Active=false\n"
	"Device.Hosts.Host.2.HostName=lap\ttop\n"
	"Device.Hosts.Host.2.IPAddress=\n"
	"Device.Hosts.Host.2.IPv4Address.1.IPAddress=192.168.1.2\n"
	"Device.Hosts.Host.2.IPv4AddressNumberOfEntries=1\n"
	"Device.Hosts.Host.2.Layer1Interface=\n"
	"Device.Hosts.Host.2.Layer3Interface=\n"
	"Device.Hosts.Host.2.PhysAddress=aa:bb:cc:dd:ee:02\n";

#define HOST10_VALUES \
	"Device.Hosts.Host.10.Active=true\n" \
	"Device.Hosts.Host.10.HostName=\n" \
	"Device.Hosts.Host.10.IPAddress=\n" \
	"Device.Hosts.Host.10.IPv4AddressNumberOfEntries=0\n" \
	"Device.Hosts.Host.10.Layer1Interface=\n" \
	"Device.Hosts.Host.10.Layer3Interface=\n" \
	"Device.Hosts.Host.10.PhysAddress=aa:bb:cc:dd:ee:10\n"

static const struct walk_case walk_cases[] = {
	{ "Device.Hosts.Host.2.", 0, 0, host2_values },
	{ "Device.Hosts.Host.10.", 0, 0, HOST10_VALUES },
	{ "Device.Hosts.Host.2.PhysAddress", 0, 0, "Device.Hosts.Host.2.PhysAddress=aa:bb:cc:dd:ee:02\n" },
	{ "Device.Hosts.HostNumberOfEntries", 0, 0, "Device.Hosts.HostNumberOfEntries=2\n" },
	{ "Device.DeviceInfo.MemoryStatus.", 0, 0,
	  "Device.DeviceInfo.MemoryStatus.Free=\nDevice.DeviceInfo.MemoryStatus.Total=\n" },
	{ "Device.Hosts.Host.", 0, 0, "Device.Hosts.Host.2.Active=false\n"
	  "Device.Hosts.Host.2.HostName=lap\ttop\n"
	  "Device.Hosts.Host.2.IPAddress=\n"
	  "Device.Hosts.Host.2.IPv4Address.1.IPAddress=192.168.1.2\n"
	  "Device.Hosts.Host.2.IPv4AddressNumberOfEntries=1\n"
	  "Device.Hosts.Host.2.Layer1Interface=\n"
	  "Device.Hosts.Host.2.Layer3Interface=\n"
	  "Device.Hosts.Host.2.PhysAddress=aa:bb:cc:dd:ee:02\n" HOST10_VALUES },
	{ "Device.NAT.PortMapping.", GPN_ALL, 0,
	  "Device.NAT.PortMapping.\n"
	  "Device.NAT.PortMapping.1.\n"
	  "Device.NAT.PortMapping.1.AllInterfaces=false\n"
	  "Device.NAT.PortMapping.1.Description=\n"
	  "Device.NAT.PortMapping.1.Enable=true\n"
	  "Device.NAT.PortMapping.1.ExternalPort=8080\n"
	  "Device.NAT.PortMapping.1.ExternalPortEndRange=0\n"
	  "Device.NAT.PortMapping.1.Interface=\n"
	  "Device.NAT.PortMapping.1.InternalClient=\n"
	  "Device.NAT.PortMapping.1.InternalPort=\n"
	  "Device.NAT.PortMapping.1.LeaseDuration=\n"
	  "Device.NAT.PortMapping.1.Protocol=\n"
	  "Device.NAT.PortMapping.1.RemoteHost=\n"
	  "Device.NAT.PortMapping.1.Status=Disabled\n"
	  "Device.NAT.PortMapping.3.\n"
	  "Device.NAT.PortMapping.3.AllInterfaces=false\n"
	  "Device.NAT.PortMapping.3.Description=\n"
	  "Device.NAT.PortMapping.3.Enable=false\n"
	  "Device.NAT.PortMapping.3.ExternalPort=\n"
	  "Device.NAT.PortMapping.3.ExternalPortEndRange=0\n"
	  "Device.NAT.PortMapping.3.Interface=\n"
	  "Device.NAT.PortMapping.3.InternalClient=\n"
	  "Device.NAT.PortMapping.3.InternalPort=\n"
	  "Device.NAT.PortMapping.3.LeaseDuration=\n"
	  "Device.NAT.PortMapping.3.Protocol=\n"
	  "Device.NAT.PortMapping.3.RemoteHost=\n"
	  "Device.NAT.PortMapping.3.Status=Disabled\n" },
	{ "Device.NAT.PortMapping.", GPN_NEXT, 0,
	  "Device.NAT.PortMapping.1.\nDevice.NAT.PortMapping.3.\n" },
	{ "", GPN_NEXT, 0, "Device.\n" },
	{ "Device.Hosts.", GPN_NEXT, 0,
	  "Device.Hosts.Host.\nDevice.Hosts.HostNumberOfEntries=2\n" },
	{ "Device.Hosts.Host.", GPN_NEXT, 0, "Device.Hosts.Host.2.\nDevice.Hosts.Host.10.\n" },
	{ "Device.Hosts.Host.2.", GPN_NEXT, 0,
	  "Device.Hosts.Host.2.Active=false\n"
	  "Device.Hosts.Host.2.HostName=lap\ttop\n"
	  "Device.Hosts.Host.2.IPAddress=\n"
	  "Device.Hosts.Host.2.IPv4Address.\n"
	  "Device.Hosts.Host.2.IPv4AddressNumberOfEntries=1\n"
	  "Device.Hosts.Host.2.Layer1Interface=\n"
	  "Device.Hosts.Host.2.Layer3Interface=\n"
	  "Device.Hosts.Host.2.PhysAddress=aa:bb:cc:dd:ee:02\n" },
	{ "Device.Hosts.Host.2.Active", GPN_NEXT, -EINVAL, "" },
	{ "Device.Hosts.Host.2.", GPN_ALL, 0,
	  "Device.Hosts.Host.2.\n"
	  "Device.Hosts.Host.2.Active=false\n"
	  "Device.Hosts.Host.2.HostName=lap\ttop\n"
	  "Device.Hosts.Host.2.IPAddress=\n"
	  "Device.Hosts.Host.2.IPv4Address.\n"
	  "Device.Hosts.Host.2.IPv4Address.1.\n"
	  "Device.Hosts.Host.2.IPv4Address.1.IPAddress=192.168.1.2\n"
	  "Device.Hosts.Host.2.IPv4AddressNumberOfEntries=1\n"
	  "Device.Hosts.Host.2.Layer1Interface=\n"
	  "Device.Hosts.Host.2.Layer3Interface=\n"
	  "Device.Hosts.Host.2.PhysAddress=aa:bb:cc:dd:ee:02\n" },
	{ "Device.Hosts.Host.2.Active", GPN_ALL, 0, "Device.Hosts.Host.2.Active=false\n" },
	{ "Device.Hosts.Host.3.", 0, -ENOENT, "" },
	{ "Device.Hosts.Host.3.", GPN_NEXT, -ENOENT, "" },
	{ "Device.Hosts.Host.2.Active.", 0, -ENOENT, "" },
	{ "Device.Hosts", 0, -ENOENT, "" },
	{ "Device.Hosts.Host.02.", 0, -EINVAL, "" },
};

static void test_walk(void **state)
{
	static struct render r;

	for (size_t i = 0; i < sizeof(walk_cases) / sizeof(walk_cases[0]); i++) {
		const struct walk_case *c = &walk_cases[i];
		int rc;

		memset(&r, 0, sizeof(r));
		rc = dm_tree_walk(*state, c->path, c->flags, render_cb, &r);
		if (rc != c->rc || strcmp(r.buf, c->want) != 0)
			fail_msg("walk \"%s\" flags %u: rc %d want %d, got:\n%s\nwant:\n%s",
				 c->path, c->flags, rc, c->rc, r.buf, c->want);
	}
}

/* "Device.Hosts." in full: the object, the table, instances in ascending
 * order although Host.10 was loaded first, then the count. */
static void test_walk_hosts(void **state)
{
	static const char hosts_head[] = "Device.Hosts.\nDevice.Hosts.Host.\n"
		"Device.Hosts.Host.2.\nDevice.Hosts.Host.2.Active=false\n";
	static struct render r;
	static char want[4096];

	memset(&r, 0, sizeof(r));
	assert_int_equal(dm_tree_walk(*state, "Device.Hosts.", 0, render_cb, &r), 0);
	snprintf(want, sizeof(want), "%s%s%s", host2_values, HOST10_VALUES,
		 "Device.Hosts.HostNumberOfEntries=2\n");
	assert_string_equal(r.buf, want);

	memset(&r, 0, sizeof(r));
	assert_int_equal(dm_tree_walk(*state, "Device.Hosts.", GPN_ALL, render_cb, &r), 0);
	assert_int_equal(strncmp(r.buf, hosts_head, strlen(hosts_head)), 0);
	assert_non_null(strstr(r.buf, "\nDevice.Hosts.Host.10.\nDevice.Hosts.Host.10.Active="));
	assert_non_null(strstr(r.buf, "Device.Hosts.Host.10.IPv4Address.\n"
			       "Device.Hosts.Host.10.IPv4AddressNumberOfEntries=0\n"));
}

/* Device.'s next level: one line per schema child; the root in full. */
static void test_walk_root(void **state)
{
	static struct render r;
	long dev = dm_schema_find("Device.");

	memset(&r, 0, sizeof(r));
	assert_int_equal(dm_tree_walk(*state, "Device.", GPN_NEXT, render_cb, &r), 0);
	assert_int_equal(r.items, dm_schema[dev].n_children);
	assert_non_null(strstr(r.buf, "Device.DeviceInfo.\n"));
	assert_non_null(strstr(r.buf, "Device.Hosts.\n"));
	assert_null(strstr(r.buf, "Device.Hosts.Host"));

	memset(&r, 0, sizeof(r));
	assert_int_equal(dm_tree_walk(*state, "", GPN_ALL, render_cb, &r), 0);
	assert_int_equal(strncmp(r.buf, "Device.\n", 8), 0);
	assert_non_null(strstr(r.buf, "\nDevice.DeviceInfo.Manufacturer=ACME\n"));
	assert_non_null(strstr(r.buf, "\nDevice.NAT.PortMapping.3.\n"));
	assert_non_null(strstr(r.buf, "\nDevice.DeviceInfo.ProcessStatus.Process.\n"));

	memset(&r, 0, sizeof(r));
	r.stop_at = 3;
	assert_int_equal(dm_tree_walk(*state, "", 0, render_cb, &r), 77);
	assert_int_equal(r.items, 3);
}

/* Instances set in any order come out ascending. */
static void test_order(void **state)
{
	static const uint32_t order[] = { 50, 10, 70, 30, 60, 20, 80, 40, 5, 90 };
	static struct render r;
	struct dm_tree *t = dm_tree_new();
	char path[64];

	assert_non_null(t);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		snprintf(path, sizeof(path), "Device.Hosts.Host.%u.Active", (unsigned)order[i]);
		assert_int_equal(dm_tree_set(t, path, "true"), 0);
	}
	memset(&r, 0, sizeof(r));
	assert_int_equal(dm_tree_walk(t, "Device.Hosts.Host.", GPN_NEXT, render_cb, &r), 0);
	assert_string_equal(r.buf, "Device.Hosts.Host.5.\nDevice.Hosts.Host.10.\n"
			    "Device.Hosts.Host.20.\nDevice.Hosts.Host.30.\nDevice.Hosts.Host.40.\n"
			    "Device.Hosts.Host.50.\nDevice.Hosts.Host.60.\nDevice.Hosts.Host.70.\n"
			    "Device.Hosts.Host.80.\nDevice.Hosts.Host.90.\n");
	assert_int_equal(dm_tree_drop(t, "Device.Hosts.Host.90."), 0);
	assert_int_equal(dm_tree_drop(t, "Device.Hosts.Host.5."), 0);
	assert_int_equal(dm_tree_set(t, "Device.Hosts.Host.95.Active", "true"), 0);
	assert_int_equal(dm_tree_set(t, "Device.Hosts.Host.1.Active", "true"), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(dm_tree_walk(t, "Device.Hosts.Host.", GPN_NEXT, render_cb, &r), 0);
	assert_int_equal(strncmp(r.buf, "Device.Hosts.Host.1.\nDevice.Hosts.Host.10.\n", 42), 0);
	assert_non_null(strstr(r.buf, "Device.Hosts.Host.80.\nDevice.Hosts.Host.95.\n"));
	assert_int_equal(r.items, 10);
	dm_tree_free(t);
	(void)state;
}

/* ---- drop ---- */

static void test_drop(void **state)
{
	struct dm_tree *t = *state;
	struct dm_tree_value v;

	assert_int_equal(dm_tree_drop(t, "Device.Hosts.Host.2."), 0);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), 1);
	assert_int_equal(dm_tree_get(t, "Device.Hosts.Host.2.Active", &v), -ENOENT);
	assert_int_equal(dm_tree_get(t, "Device.Hosts.HostNumberOfEntries", &v), 0);
	assert_string_equal(v.value, "1");
	assert_int_equal(dm_tree_drop(t, "Device.Hosts.Host.2."), -ENOENT);

	assert_int_equal(dm_tree_drop(t, "Device.Hosts.Host.10.Active"), 0);
	assert_int_equal(dm_tree_get(t, "Device.Hosts.Host.10.Active", &v), 0);
	assert_string_equal(v.value, "");
	assert_false(v.set);

	/* a table: its instances and the count the plugin gave */
	assert_int_equal(dm_tree_drop(t, "Device.NAT.PortMapping."), 0);
	assert_int_equal(dm_tree_count(t, "Device.NAT.PortMapping."), 0);
	assert_int_equal(dm_tree_get(t, "Device.NAT.PortMappingNumberOfEntries", &v), 0);
	assert_string_equal(v.value, "0");

	/* re-created after a drop */
	assert_int_equal(dm_tree_set(t, "Device.Hosts.Host.2.Active", "true"), 0);
	assert_int_equal(dm_tree_get(t, "Device.Hosts.Host.2.PhysAddress", &v), 0);
	assert_string_equal(v.value, "");
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host.2.IPv4Address."), 0);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), 2);

	assert_int_equal(dm_tree_drop(t, "Device.Hosts."), 0);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.Manufacturer", &v), 0);
	assert_string_equal(v.value, "ACME");

	assert_int_equal(dm_tree_drop(t, ""), 0);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.Manufacturer", &v), 0);
	assert_false(v.set);
	assert_int_equal(dm_tree_count(t, "Device.DHCPv4.Server.Pool."), 0);
	assert_int_equal(dm_tree_drop(t, "Device.Nope."), -ENOENT);
	assert_int_equal(dm_tree_drop(t, "Device..X"), -EINVAL);

	/* usable again */
	assert_int_equal(dm_tree_load(t, NULL, fixture, sizeof(fixture) - 1, NULL), 0);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), 2);
}

/* ---- hostile plugin output ---- */

static void test_hostile(void **state)
{
	struct dm_tree *t = dm_tree_new();
	char buf[2048];
	size_t len = 0, bad = 0;
	struct dm_tree_value v;

	assert_non_null(t);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s",
		"Device.DeviceInfo.Manufacturer\tEVIL\n"
		"Device.Hosts.Host.1.Active\ttrue\n"
		"garbage\n"
		"\t\t\n"
		"Device.Hosts.Host.1.Active\tx\ty\n"
		"Device.Hosts.Host.99999999999.Active\t1\n"
		"Device.Hosts.Host.5.IPv4Address.1.IPAddress.X\t1\n"
		"Device.Hosts.Host.6.\t1\n"
		"Device.HostsX.Host.1.Active\t1\n"
		"Device.Hosts.Host.1.Active\\q\t1\n");
	buf[len++] = 'D';
	for (int i = 0; i < 300; i++)
		buf[len++] = 'a';
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\tlong\nDevice.Hosts");
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, ".a");
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\tdeep\n");
	buf[len++] = '\0';
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\tnul\nDevice.Hosts.Host.7.Active");

	assert_int_equal(dm_tree_load(t, "Device.Hosts.", buf, len, &bad), 0);
	assert_int_equal(bad, 13);
	assert_int_equal(dm_tree_get(t, "Device.DeviceInfo.Manufacturer", &v), 0);
	assert_string_equal(v.value, "");
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), 1);

	/* random bytes and random mutations of a good line: no crash */
	uint32_t x = 2463534242u;
	for (int round = 0; round < 2000; round++) {
		char line[64] = "Device.Hosts.Host.3.IPv4Address.2.IPAddress\t1.2.3.4\n";
		size_t n = strlen(line);

		for (int k = 0; k < 4; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			line[x % n] = round & 1 ? (char)(x >> 8) : ".1\t0A\\"[x % 6];
		}
		assert_int_equal(dm_tree_load(t, NULL, line, n, NULL), 0);
	}
	assert_true(dm_tree_count(t, "Device.Hosts.Host.") >= 1);
	dm_tree_free(t);
	dm_tree_free(NULL);
	(void)state;
}

/* ---- scale ---- */

#define N_HOSTS 12500   /* 8 parameters each: 100,000 */

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

static char *hosts_output(size_t *len)
{
	size_t cap = (size_t)N_HOSTS * 8 * 80, n = 0;
	char *buf = malloc(cap);

	assert_non_null(buf);
	for (unsigned h = 1; h <= N_HOSTS; h++)
		n += (size_t)snprintf(buf + n, cap - n,
			"Device.Hosts.Host.%u.Active\ttrue\n"
			"Device.Hosts.Host.%u.HostName\thost-%u\n"
			"Device.Hosts.Host.%u.IPAddress\t10.0.%u.%u\n"
			"Device.Hosts.Host.%u.IPv4Address.1.IPAddress\t10.0.%u.%u\n"
			"Device.Hosts.Host.%u.Layer1Interface\tDevice.Ethernet.Interface.1.\n"
			"Device.Hosts.Host.%u.Layer3Interface\tDevice.IP.Interface.1.\n"
			"Device.Hosts.Host.%u.PhysAddress\t02:00:00:00:%02x:%02x\n"
			"Device.Hosts.Host.%u.IPv4AddressNumberOfEntries\t1\n",
			h, h, h, h, h / 256, h % 256, h, h / 256, h % 256, h, h, h, h / 256,
			h % 256, h);
	*len = n;
	return buf;
}

struct counter {
	size_t params;
	size_t bytes;
};

static int count_cb(void *ctx, const struct dm_tree_item *it)
{
	struct counter *c = ctx;

	c->params += it->kind == DM_TREE_PARAM;
	c->bytes += it->path_len + (it->value ? strlen(it->value) : 0);
	return 0;
}

static void test_scale(void **state)
{
	struct dm_tree *t = dm_tree_new();
	struct counter c = { 0, 0 };
	struct timespec t0;
	size_t len, bad = 1, base;
	char *buf = hosts_output(&len);
	double load_ms, walk_ms;

	assert_non_null(t);
	base = dm_tree_mem(t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(dm_tree_load(t, "Device.Hosts.", buf, len, &bad), 0);
	load_ms = ms_since(&t0);
	assert_int_equal(bad, 0);
	assert_int_equal(dm_tree_values(t), (size_t)N_HOSTS * 8);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(dm_tree_walk(t, "", 0, count_cb, &c), 0);
	walk_ms = ms_since(&t0);
	assert_true(c.params >= (size_t)N_HOSTS * 8);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), N_HOSTS);

	printf("# tree: %zu values (%zu bytes of plugin output) loaded in %.1f ms, "
	       "whole tree (%zu params) walked in %.1f ms\n",
	       dm_tree_values(t), len, load_ms, c.params, walk_ms);
	printf("# tree: %zu bytes allocated, %zu empty; %.1f bytes per parameter\n",
	       dm_tree_mem(t), base, (double)(dm_tree_mem(t) - base) / (double)(N_HOSTS * 8));
	assert_true(dm_tree_mem(t) - base < (size_t)N_HOSTS * 8 * 200);
	assert_true(load_ms < 5000 && walk_ms < 5000);   /* sanitizers on: loose */

	/* a host in the middle, out of order reload, drop */
	assert_int_equal(dm_tree_drop(t, "Device.Hosts.Host.6000."), 0);
	assert_int_equal(dm_tree_set(t, "Device.Hosts.Host.6000.Active", "false"), 0);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), N_HOSTS);
	free(buf);
	dm_tree_free(t);
	(void)state;
}

/* Skipped lines counted by kind: garbage apart from good lines we refuse,
 * and values loaded that do not fit their type (test_tree_valid.c). */
static void test_load_stats(void **state)
{
	static const char buf[] =
		"Device.Hosts.Host.1.Active\ttrue\n"         /* good */
		"no tab at all\n"                             /* malformed */
		"Device.Hosts.Host.1.Active\\q\t1\n"          /* malformed: bad escape */
		"Device.Hosts.Nope\t1\n"                      /* refused: not in the schema */
		"Device.DeviceInfo.UpTime\t5\n"               /* refused: outside the prefix */
		"Device.Hosts.Host.2.Active\tmaybe\n";        /* invalid: loaded, marked */
	struct dm_tree *t = dm_tree_new();
	struct dm_tree_load_stats st = { 9, 9, 9 };
	size_t bad = 0;

	(void)state;
	assert_non_null(t);
	assert_int_equal(dm_tree_load_stats(t, "Device.Hosts.", buf, sizeof(buf) - 1, &st,
					    NULL, NULL), 0);
	assert_int_equal(st.malformed, 2);
	assert_int_equal(st.refused, 2);
	assert_int_equal(st.invalid, 1);
	assert_int_equal(dm_tree_count(t, "Device.Hosts.Host."), 2);
	assert_int_equal(dm_tree_load(t, "Device.Hosts.", buf, sizeof(buf) - 1, &bad), 0);
	assert_int_equal(bad, 5);
	assert_int_equal(dm_tree_load_stats(NULL, NULL, buf, 1, &st, NULL, NULL), -EINVAL);
	dm_tree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_hosts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_root, setup, teardown),
		cmocka_unit_test(test_order),
		cmocka_unit_test_setup_teardown(test_drop, setup, teardown),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_load_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
