/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the generated TR-181 schema (schema.c) and its lookups
 * (schema_lookup.c): the tree's integrity (links, contiguous sorted
 * children, tables and their NumberOfEntries parameters, a backing for
 * every parameter), the types of known parameters as the 2.19 model gives
 * them, what each platform may write (readonly=PLATFORM), dm_schema_child
 * and dm_schema_find, and that running gen_schema.py again reproduces
 * schema.c, schema_names.c, schema.tsv, plugins.am and writable.tsv byte for byte when
 * python3 and the Broadband Forum XML are at hand.
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
#include <sys/wait.h>
#include <unistd.h>

#include "schema.h"

static const struct dm_node *node_at(const char *path)
{
	long i = dm_schema_find(path);

	if (i < 0)
		fail_msg("%s not in the schema", path);
	return &dm_schema[i];
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- integrity --------------------------------------------------------- */

static void test_root(void **state)
{
	(void)state;
	assert_true(dm_schema_len > 1);
	assert_string_equal(dm_node_name(&dm_schema[0]), "Device");
	assert_int_equal(dm_schema[0].parent, 0);
	assert_int_equal(dm_schema[0].type, DM_T_OBJECT);
	assert_string_equal(dm_schema_version, "2.19");
	assert_true(dm_plugins_len > 1);
	assert_string_equal(dm_plugins[0], "");
	for (size_t i = 1; i < dm_plugins_len; i++)
		assert_true(dm_plugins[i][0] != '\0');
}

static void check_children(uint32_t i)
{
	const struct dm_node *n = &dm_schema[i];

	assert_true(n->first_child > i);
	assert_true(n->first_child + n->n_children <= dm_schema_len);
	for (uint32_t c = n->first_child; c < n->first_child + n->n_children; c++) {
		assert_int_equal(dm_schema[c].parent, i);
		if (c > n->first_child)
			assert_true(strcmp(dm_node_name(&dm_schema[c - 1]), dm_node_name(&dm_schema[c])) < 0);
	}
}

static void test_links(void **state)
{
	size_t total = 0;

	(void)state;
	for (uint32_t i = 0; i < dm_schema_len; i++) {
		const struct dm_node *n = &dm_schema[i];

		assert_true(dm_node_name(n)[0] != '\0');
		assert_null(strchr(dm_node_name(n), '.'));
		assert_true(n->plugin < dm_plugins_len);
		if (i > 0) {
			const struct dm_node *p = &dm_schema[n->parent];

			assert_true(n->parent < i);
			assert_true(i >= p->first_child && i < p->first_child + p->n_children);
		}
		if (n->type != DM_T_OBJECT)
			assert_int_equal(n->n_children, 0);
		else if (n->n_children > 0)
			check_children(i);
		else
			fail_msg("object %s has no children", dm_node_name(n));
		total += n->n_children;
	}
	assert_int_equal(total, dm_schema_len - 1);
}

static void test_tables(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < dm_schema_len; i++) {
		const struct dm_node *n = &dm_schema[i];
		long ne;

		if (!(n->flags & DM_F_TABLE))
			continue;
		assert_int_equal(n->type, DM_T_OBJECT);
		assert_non_null(dm_node_spec(n)->num_entries);
		ne = dm_schema_child(n->parent, dm_node_spec(n)->num_entries, strlen(dm_node_spec(n)->num_entries));
		if (ne < 0)
			fail_msg("%s: %s not served", dm_node_name(n), dm_node_spec(n)->num_entries);
		assert_int_equal(dm_schema[ne].type, DM_T_UNSIGNED_INT);
		assert_false(dm_schema[ne].flags & DM_F_WRITABLE);
	}
}

/* The table in node parent whose NumberOfEntries parameter is name, or -1. */
static long table_counted_by(uint32_t parent, const char *name)
{
	const struct dm_node *p = &dm_schema[parent];

	for (uint32_t c = p->first_child; c < p->first_child + p->n_children; c++)
		if ((dm_schema[c].flags & DM_F_TABLE) &&
		    strcmp(dm_node_spec(&dm_schema[c])->num_entries, name) == 0)
			return (long)c;
	return -1;
}

static void test_counts_have_tables(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < dm_schema_len; i++) {
		const struct dm_node *n = &dm_schema[i];

		if (n->type == DM_T_OBJECT || !ends_with(dm_node_name(n), "NumberOfEntries"))
			continue;
		if (table_counted_by(n->parent, dm_node_name(n)) < 0)
			fail_msg("%s counts no served table", dm_node_name(n));
	}
}

static void test_backing(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < dm_schema_len; i++) {
		const struct dm_node *n = &dm_schema[i];

		if (n->type == DM_T_OBJECT)
			continue;
		if (n->flags & DM_F_NATIVE)
			assert_int_equal(n->plugin, 0);
		else if (n->plugin == 0)
			fail_msg("parameter %s has neither plugin nor native", dm_node_name(n));
		if (n->flags & DM_F_TABLE)
			fail_msg("parameter %s flagged as a table", dm_node_name(n));
		if (dm_node_spec(n)->enums)
			assert_true(dm_node_spec(n)->enums[0] != '\0');
		if (dm_node_spec(n)->list_max)
			assert_true(n->flags & DM_F_LIST);
	}
}

/* ---- known parameters -------------------------------------------------- */

#define NOMIN INT64_MIN   /* DM_F_HAS_MIN must be off */
#define NOMAX INT64_MAX   /* DM_F_HAS_MAX must be off */

struct known {
	const char *path;
	enum dm_type type;
	unsigned on, off;      /* flags that must be set / clear */
	enum dm_notify notify;
	int64_t min, max;
	const char *datatype;  /* NULL: none */
	const char *plugin;    /* NULL: native */
};

static const struct known known[] = {
	{ "Device.DeviceInfo.UpTime", DM_T_UNSIGNED_INT, 0, DM_F_WRITABLE | DM_F_NATIVE,
	  DM_N_CAN_DENY, NOMIN, NOMAX, NULL, "deviceinfo" },
	{ "Device.DeviceInfo.SoftwareVersion", DM_T_STRING, DM_F_FORCED_INFORM, DM_F_WRITABLE,
	  DM_N_FORCE_ENABLED, NOMIN, 64, NULL, "deviceinfo" },
	{ "Device.DeviceInfo.ProvisioningCode", DM_T_STRING,
	  DM_F_FORCED_INFORM | DM_F_WRITABLE, 0, DM_N_FORCE_ENABLED, NOMIN, 64, NULL, "deviceinfo" },
	{ "Device.RootDataModelVersion", DM_T_STRING, DM_F_NATIVE | DM_F_FORCED_INFORM,
	  DM_F_WRITABLE, DM_N_NORMAL, NOMIN, 32, NULL, NULL },
	{ "Device.ManagementServer.PeriodicInformInterval", DM_T_UNSIGNED_INT,
	  DM_F_WRITABLE | DM_F_NATIVE, 0, DM_N_NORMAL, 1, NOMAX, NULL, NULL },
	{ "Device.ManagementServer.CWMPRetryIntervalMultiplier", DM_T_UNSIGNED_INT,
	  DM_F_WRITABLE | DM_F_NATIVE, 0, DM_N_NORMAL, 1000, 65535, NULL, NULL },
	{ "Device.ManagementServer.ParameterKey", DM_T_STRING,
	  DM_F_NATIVE | DM_F_FORCED_INFORM, DM_F_WRITABLE, DM_N_CAN_DENY, NOMIN, 32, NULL, NULL },
	{ "Device.ManagementServer.ConnectionRequestURL", DM_T_STRING,
	  DM_F_NATIVE | DM_F_FORCED_INFORM, DM_F_WRITABLE, DM_N_FORCE_DEFAULT_ENABLED,
	  NOMIN, 2048, "URL", NULL },
	{ "Device.ManagementServer.Password", DM_T_STRING,
	  DM_F_NATIVE | DM_F_HIDDEN | DM_F_WRITABLE, 0, DM_N_NORMAL, NOMIN, 256, NULL, NULL },
	{ "Device.ManagementServer.SupportedConnReqMethods", DM_T_STRING,
	  DM_F_NATIVE | DM_F_LIST, DM_F_WRITABLE, DM_N_NORMAL, NOMIN, NOMAX, NULL, NULL },
	{ "Device.WiFi.AccessPoint.{i}.Security.KeyPassphrase", DM_T_STRING,
	  DM_F_HIDDEN | DM_F_WRITABLE, DM_F_LIST, DM_N_NORMAL, 8, 63, NULL, "wifi" },
	{ "Device.WiFi.AccessPoint.{i}.Security.PreSharedKey", DM_T_HEXBINARY,
	  DM_F_HIDDEN | DM_F_WRITABLE, 0, DM_N_NORMAL, NOMIN, 32, NULL, "wifi" },
	{ "Device.WiFi.Radio.{i}.TransmitPower", DM_T_INT, DM_F_WRITABLE, 0,
	  DM_N_NORMAL, -1, 100, NULL, "wifi" },
	{ "Device.NAT.PortMapping.{i}.Protocol", DM_T_STRING, DM_F_WRITABLE, 0,
	  DM_N_NORMAL, NOMIN, NOMAX, NULL, "nat" },
	{ "Device.NAT.PortMapping.{i}.ExternalPort", DM_T_UNSIGNED_INT, DM_F_WRITABLE, 0,
	  DM_N_NORMAL, 0, 65535, NULL, "nat" },
	{ "Device.Hosts.Host.{i}.PhysAddress", DM_T_STRING, 0, DM_F_WRITABLE,
	  DM_N_NORMAL, NOMIN, 64, NULL, "hosts" },   /* 2.19: a plain string(64) */
	{ "Device.Ethernet.Interface.{i}.MACAddress", DM_T_STRING, 0, DM_F_WRITABLE,
	  DM_N_NORMAL, NOMIN, 17, "MACAddress", "ethernet" },
	{ "Device.Ethernet.Interface.{i}.Stats.BytesSent", DM_T_UNSIGNED_LONG, 0, DM_F_WRITABLE,
	  DM_N_CAN_DENY, NOMIN, NOMAX, "StatsCounter64", "ethernet" },
	{ "Device.DHCPv4.Server.Pool.{i}.DNSServers", DM_T_STRING, DM_F_LIST | DM_F_WRITABLE, 0,
	  DM_N_NORMAL, NOMIN, 15, "IPv4Address", "dhcpv4" },
	{ "Device.IP.Interface.{i}.LowerLayers", DM_T_STRING, DM_F_LIST,
	  DM_F_WRITABLE, DM_N_NORMAL, NOMIN, NOMAX, NULL, "ip" },  /* map: readonly */
	{ "Device.DNS.Client.Server.{i}.DNSServer", DM_T_STRING, DM_F_WRITABLE, 0,
	  DM_N_NORMAL, NOMIN, 45, "IPAddress", "dns" },
};

static void check_known(const struct known *k)
{
	const struct dm_node *n = node_at(k->path);

	print_message("# %s\n", k->path);
	assert_int_equal(n->type, k->type);
	assert_int_equal(n->flags & k->on, k->on);
	assert_int_equal(n->flags & k->off, 0);
	assert_int_equal(n->notify, k->notify);
	assert_int_equal(!!(n->flags & DM_F_HAS_MIN), k->min != NOMIN);
	if (k->min != NOMIN)
		assert_int_equal(dm_node_spec(n)->min, k->min);
	assert_int_equal(!!(n->flags & DM_F_HAS_MAX), k->max != NOMAX);
	if (k->max != NOMAX)
		assert_int_equal(dm_node_spec(n)->max, k->max);
	if (k->datatype)
		assert_string_equal(dm_node_spec(n)->datatype, k->datatype);
	else
		assert_null(dm_node_spec(n)->datatype);
	if (k->plugin)
		assert_string_equal(dm_plugins[n->plugin], k->plugin);
	else
		assert_true(n->flags & DM_F_NATIVE);
}

static void test_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		check_known(&known[i]);
}

static void test_enums_defaults(void **state)
{
	const struct dm_node *n = node_at("Device.NAT.PortMapping.{i}.Protocol");
	const struct dm_node *s;

	(void)state;
	assert_non_null(dm_node_spec(n)->enums);
	assert_memory_equal(dm_node_spec(n)->enums, "TCP\0UDP\0", sizeof("TCP\0UDP\0"));
	s = node_at("Device.NAT.PortMapping.{i}.Status");
	assert_string_equal(dm_node_spec(s)->def, "Disabled");
	assert_string_equal(dm_node_spec(node_at("Device.NAT.PortMapping.{i}.Enable"))->def, "false");
	/* list defaults lose the XML's brackets: "[]" is "" */
	assert_string_equal(dm_node_spec(node_at("Device.Time.Client.{i}.Servers"))->def, "");
	assert_null(dm_node_spec(node_at("Device.DeviceInfo.UpTime"))->def);
	/* identical lists are emitted once */
	assert_ptr_equal(dm_node_spec(node_at("Device.IP.Interface.{i}.Status"))->enums,
			 dm_node_spec(node_at("Device.WiFi.SSID.{i}.Status"))->enums);
}

static void test_table_access(void **state)
{
	const struct dm_node *pm = node_at("Device.NAT.PortMapping.");
	const struct dm_node *radio = node_at("Device.WiFi.Radio.{i}.");

	(void)state;
	assert_int_equal(pm->flags & (DM_F_TABLE | DM_F_WRITABLE), DM_F_TABLE | DM_F_WRITABLE);
	assert_string_equal(dm_node_spec(pm)->num_entries, "PortMappingNumberOfEntries");
	assert_true(radio->flags & DM_F_TABLE);
	assert_false(radio->flags & DM_F_WRITABLE);
	assert_true(node_at("Device.DNS.Client.Server.")->flags & DM_F_WRITABLE);
	/* readWrite in the model, readonly in our map */
	assert_false(node_at("Device.IP.Interface.")->flags & DM_F_WRITABLE);
	assert_false(node_at("Device.Ethernet.Interface.{i}.Stats.")->flags & DM_F_TABLE);
	assert_true(node_at("Device.ManagementServer.")->flags & DM_F_NATIVE);
}

/* What the map's readonly=openwrt takes away on that platform only: sim
 * (and a platform the map does not know) keeps the model's access. */
static void test_platform_access(void **state)
{
	static const struct {
		const char *path;
		bool sim, openwrt;
	} cases[] = {
		{ "Device.NAT.PortMapping.", true, true },
		{ "Device.NAT.PortMapping.{i}.InternalClient", true, true },
		{ "Device.Users.User.", true, false },
		{ "Device.Users.User.{i}.Username", true, false },
		{ "Device.DHCPv4.Server.Pool.", true, false },
		{ "Device.DHCPv4.Server.Pool.{i}.MinAddress", true, true },
		{ "Device.DHCPv4.Server.Pool.{i}.DomainName", true, false },
		{ "Device.DHCPv4.Server.Pool.{i}.StaticAddress.", true, true },
		{ "Device.DNS.Client.Server.", true, false },
		{ "Device.DNS.Client.Server.{i}.DNSServer", true, true },
		{ "Device.ManagementServer.URL", true, true },
		{ "Device.IP.Interface.", false, false },
		{ "Device.DeviceInfo.UpTime", false, false },
	};
	unsigned sim = dm_platform_bit("sim"), openwrt = dm_platform_bit("openwrt");

	(void)state;
	assert_int_equal(dm_platforms_len, 2);
	assert_int_not_equal(sim, 0);
	assert_int_not_equal(openwrt, 0);
	assert_int_not_equal(sim, openwrt);
	assert_int_equal(dm_platform_bit("vxworks"), 0);
	assert_int_equal(dm_platform_bit(NULL), 0);
	assert_false(dm_node_writable(NULL, 0));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dm_node *n = node_at(cases[i].path);

		if (dm_node_writable(n, sim) != cases[i].sim ||
		    dm_node_writable(n, openwrt) != cases[i].openwrt ||
		    dm_node_writable(n, 0) != cases[i].sim)
			fail_msg("%s: writable %d on sim, %d on openwrt", cases[i].path,
				 dm_node_writable(n, sim), dm_node_writable(n, openwrt));
	}
}

/* ---- lookups ----------------------------------------------------------- */

static void test_child(void **state)
{
	long di = dm_schema_child(0, "DeviceInfo", 10);
	long up;

	(void)state;
	assert_true(di > 0);
	assert_string_equal(dm_node_name(&dm_schema[di]), "DeviceInfo");
	up = dm_schema_child((uint32_t)di, "UpTimeXYZ", 6);
	assert_true(up > 0);
	assert_string_equal(dm_node_name(&dm_schema[up]), "UpTime");
	assert_int_equal(dm_schema_child(0, "DeviceInf", 9), -1);
	assert_int_equal(dm_schema_child(0, "DeviceInfoX", 11), -1);
	assert_int_equal(dm_schema_child(0, "deviceinfo", 10), -1);
	assert_int_equal(dm_schema_child(0, "", 0), -1);
	assert_int_equal(dm_schema_child((uint32_t)up, "X", 1), -1);
	assert_int_equal(dm_schema_child((uint32_t)dm_schema_len, "DeviceInfo", 10), -1);
	assert_int_equal(dm_schema_child(UINT32_MAX, "DeviceInfo", 10), -1);
	/* every child is found by its own name */
	for (uint32_t i = 1; i < dm_schema_len; i++)
		assert_int_equal(dm_schema_child(dm_schema[i].parent, dm_node_name(&dm_schema[i]),
						 strlen(dm_node_name(&dm_schema[i]))), i);
}

static void test_find(void **state)
{
	static const struct { const char *path, *name; } good[] = {
		{ "Device.", "Device" },
		{ "Device.WiFi.", "WiFi" },
		{ "Device.WiFi.SSID.", "SSID" },
		{ "Device.WiFi.SSID.{i}.", "SSID" },
		{ "Device.WiFi.SSID.{i}.SSID", "SSID" },
		{ "Device.WiFi.AccessPoint.{i}.Security.", "Security" },
		{ "Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress", "IPAddress" },
		{ "Device.ManagementServer.URL", "URL" },
	};
	static const char *const bad[] = {
		"", "Device", ".", "Device..", "Device.DeviceInfo", "Device.DeviceInfo.UpTime.",
		"Device.WiFi.SSID.SSID", "Device.WiFi.SSID.1.SSID", "Device.WiFi.SSID.{i}",
		"Device.WiFi.SSID.{i}.{i}.", "Device.WiFi.{i}.", "Device.Nope.", "Devic.",
		"Device.DeviceInfo.UpTime.X", "InternetGatewayDevice.", "Device.DeviceInfo.Uptime",
		"Device.WiFi.SSID.{i}.SSID.", "Device.WiFi.SSID.{i}.Stats.BytesSent.",
	};
	const struct dm_node *ssid = node_at("Device.WiFi.SSID.{i}.SSID");

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (strcmp(dm_node_name(node_at(good[i].path)), good[i].name) != 0)
			fail_msg("%s: wrong node", good[i].path);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (dm_schema_find(bad[i]) != -1)
			fail_msg("\"%s\" found", bad[i]);
	assert_int_equal(dm_schema_find(NULL), -1);
	assert_ptr_equal(node_at("Device.WiFi.SSID."), node_at("Device.WiFi.SSID.{i}."));
	assert_int_equal(ssid->type, DM_T_STRING);
	assert_true(dm_schema[ssid->parent].flags & DM_F_TABLE);
}

/* ---- the generator reproduces schema.c --------------------------------- */

static char *srcdir(void)
{
	const char *env = getenv("top_srcdir");
	const char *file = __FILE__, *cut = strstr(file, "tests/unit/test_schema.c");

	if (env && *env)
		return strdup(env);
	if (cut == NULL || cut == file)
		return strdup(".");
	return strndup(file, (size_t)(cut - file - 1));
}

/* Whether files a and b have the same bytes (both under 1 MiB). */
static bool same_file(const char *a, const char *b)
{
	static char da[1 << 20], db[1 << 20];
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	size_t la = fa ? fread(da, 1, sizeof(da), fa) : 0;
	size_t lb = fb ? fread(db, 1, sizeof(db), fb) : 0;
	bool same = fa && fb && la == lb && la < sizeof(da) && memcmp(da, db, la) == 0;

	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* Run the generator; its exit status, or 127 when python3 cannot run. */
static int run_generator(const char *src, const char *xml, const char *dir)
{
	const char *py = getenv("PYTHON3");
	char script[4096], map[4096], out_c[4096], out_tsv[4096];
	int status;
	pid_t pid;

	if (py == NULL || *py == '\0' || strcmp(py, "no") == 0)
		py = "python3";
	snprintf(script, sizeof(script), "%s/datamodel/gen_schema.py", src);
	snprintf(map, sizeof(map), "%s/datamodel/map.txt", src);
	snprintf(out_c, sizeof(out_c), "%s/schema.c", dir);
	snprintf(out_tsv, sizeof(out_tsv), "%s/schema.tsv", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[] = { (char *)py, script, "--xml", (char *)xml, "--map", map,
				 "-o", out_c, "--tsv", out_tsv, NULL };
		execvp(py, argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The XML the generator reads by default, into xml. */
static void find_xml(const char *src, char *xml, size_t len)
{
	const char *bbf = getenv("CWMP_BBF_DIR");

	if (bbf && *bbf)
		snprintf(xml, len, "%s/tr-181-2-19-1-cwmp-full.xml", bbf);
	else
		snprintf(xml, len, "%s/../shared/bbf/tr-181-2-19-1-cwmp-full.xml", src);
}

/* Regenerate into dir and compare with the checked-in files: 0 the same,
 * 1 different (or the generator failed), 127 when python3 cannot run. */
static int reproduces(const char *src, const char *xml, const char *dir)
{
	/* Each file as the generator writes it into dir, and where it is kept. */
	static const char *const files[][2] = {
		{ "schema.c", "datamodel/schema.c" },
		{ "schema_names.c", "datamodel/schema_names.c" },
		{ "schema.tsv", "datamodel/schema.tsv" },
		{ "plugins.am", "datamodel/plugins.am" },
		{ "writable.tsv", "scripts/lib/writable.tsv" },
	};
	char fresh[4096], kept[4096];
	int rc = run_generator(src, xml, dir), out = rc == 127 ? 127 : 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(fresh, sizeof(fresh), "%s/%s", dir, files[i][0]);
		snprintf(kept, sizeof(kept), "%s/%s", src, files[i][1]);
		if (out != 127 && (rc != 0 || !same_file(fresh, kept))) {
			fprintf(stderr, "# %s is not what gen_schema.py makes (exit %d)\n",
				kept, rc);
			out = 1;
		}
		unlink(fresh);
	}
	return out;
}

/* Needs the Broadband Forum XML and python3: without either there is
 * nothing to compare, and the test says SKIP (and why), not ok. */
static void test_generator_reproduces(void **state)
{
	char *src = srcdir();
	char path[4096], xml[4096], dir[] = "/tmp/test_schema.XXXXXX";
	int rc = -1;

	(void)state;
	snprintf(path, sizeof(path), "%s/datamodel/schema.c", src);
	find_xml(src, xml, sizeof(xml));
	if (access(path, R_OK) == 0 && access(xml, R_OK) == 0 && mkdtemp(dir) != NULL) {
		rc = reproduces(src, xml, dir);
		rmdir(dir);
	}
	free(src);
	if (access(path, R_OK) != 0)
		fail_msg("%s missing", path);
	if (access(xml, R_OK) != 0 || rc == 127) {
		print_message("# SKIP: schema.c not regenerated: %s\n",
			      rc == 127 ? "python3 cannot run" : "no tr-181-2-19-1-cwmp-full.xml"
			      " (set CWMP_BBF_DIR, or put ../shared/bbf beside the tree)");
		skip();
	}
	assert_int_equal(rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_counts_have_tables),
		cmocka_unit_test(test_backing),
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_enums_defaults),
		cmocka_unit_test(test_table_access),
		cmocka_unit_test(test_platform_access),
		cmocka_unit_test(test_child),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_generator_reproduces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
