/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the configuration table (agent/config.c): defaults, every
 * option set, every option's wrong values with the exact message, required
 * url, unknown options and sections warned about (stderr captured), the
 * last of several sections winning, the size cap, every prefix of a full
 * file, config_load on missing files and config_set_option round trips on
 * real files in a temporary directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../agent/config.h"
#include "../../agent/log.h"
#include "../../agent/uci.h"

#ifndef PLUGINDIR
#define PLUGINDIR "/usr/lib/cwmpd/plugins"
#endif

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define URL_LINE "config acs 'acs'\n\toption url 'http://acs.example.net/'\n"

static void expect_str(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		print_error("%s:\n got: [%s]\nwant: [%s]\n", what, got, want);
		fail();
	}
}

static void expect_int(const char *what, long long got, long long want)
{
	if (got != want) {
		print_error("%s: got %lld, want %lld\n", what, got, want);
		fail();
	}
}

static int parse(const char *text, struct config *cfg, char *err, size_t errlen)
{
	return config_parse("test.conf", text, strlen(text), cfg, err, errlen);
}

static bool is_zero(const struct config *cfg)
{
	static const struct config zero;

	return memcmp(cfg, &zero, sizeof(zero)) == 0;
}

/* ---- defaults and every option -------------------------------------------- */

static void test_defaults(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	assert_int_equal(parse(URL_LINE, &c, err, sizeof(err)), 0);
	assert_string_equal(c.acs_url, "http://acs.example.net/");
	assert_string_equal(c.acs_username, "");
	assert_string_equal(c.acs_password, "");
	assert_true(c.periodic_enable);
	assert_int_equal(c.periodic_interval, 86400);
	assert_int_equal(c.periodic_time, 0);
	assert_string_equal(c.ca_file, "");
	assert_string_equal(c.client_cert, "");
	assert_string_equal(c.client_key, "");
	assert_true(c.verify);
	assert_int_equal(c.timeout, 30);
	assert_int_equal(c.retry_min_wait, 5);
	assert_int_equal(c.retry_multiplier, 2000);
	assert_int_equal(c.cr_port, 7547);
	assert_string_equal(c.cr_path, "/");
	assert_string_equal(c.cr_interface, "");
	assert_string_equal(c.cr_address, "");
	assert_string_equal(c.cr_username, "");
	assert_string_equal(c.cr_password, "");
	assert_string_equal(c.state_dir, "/etc/cwmpd");
	assert_string_equal(c.platform, "openwrt");
	assert_string_equal(c.plugin_dir, PLUGINDIR);
	assert_int_equal(c.log_level, LOG_LVL_NOTICE);
	assert_string_equal(c.ctl_socket, "/var/run/cwmpd.sock");
	assert_string_equal(c.cr_digest, "SHA-256 MD5");
	assert_string_equal(c.manufacturer, "");
	assert_string_equal(c.oui, "");
	assert_string_equal(c.product_class, "");
	assert_string_equal(c.serial_number, "");
	config_fini(&c);
	assert_true(is_zero(&c));
	config_fini(&c);
	config_fini(NULL);
}

static const char full[] =
	"# every option\n"
	"config acs 'acs'\n"
	"\toption url 'https://u:p@acs.example.net:7548/cwmp?x=1'\n"
	"\toption username 'acsuser'\n"
	"\toption password \"it's secret\"\n"
	"\toption periodic_enable 'off'\n"
	"\toption periodic_interval '4294967295'\n"
	"\toption periodic_time '2024-02-29T12:34:56Z'\n"
	"\toption ca_file '/etc/ssl/ca.pem'\n"
	"\toption client_cert '/etc/cwmpd/cert.pem'\n"
	"\toption client_key '/etc/cwmpd/key.pem'\n"
	"\toption verify 'no'\n"
	"\toption timeout '3600'\n"
	"\toption retry_min_wait '65535'\n"
	"\toption retry_multiplier '1000'\n"
	"config cpe 'cpe'\n"
	"\toption port '1'\n"
	"\toption path '/cr'\n"
	"\toption interface 'lan'\n"
	"\toption address '192.0.2.1'\n"
	"\toption username 'cruser'\n"
	"\toption password 'crpass'\n"
	"\toption state_dir '/tmp/cwmpd'\n"
	"\toption platform 'sim'\n"
	"\toption plugin_dir '/opt/plugins'\n"
	"\toption log_level 'debug'\n"
	"config device 'device'\n"
	"\toption manufacturer 'ACME'\n"
	"\toption oui '00AABB'\n"
	"\toption product_class 'Box'\n"
	"\toption serial_number 'SN1'\n";

static void test_full(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	assert_int_equal(parse(full, &c, err, sizeof(err)), 0);
	assert_string_equal(c.acs_url, "https://u:p@acs.example.net:7548/cwmp?x=1");
	assert_string_equal(c.acs_username, "acsuser");
	assert_string_equal(c.acs_password, "it's secret");
	assert_false(c.periodic_enable);
	assert_int_equal(c.periodic_interval, 4294967295u);
	assert_int_equal(c.periodic_time, 1709210096);
	assert_string_equal(c.ca_file, "/etc/ssl/ca.pem");
	assert_string_equal(c.client_cert, "/etc/cwmpd/cert.pem");
	assert_string_equal(c.client_key, "/etc/cwmpd/key.pem");
	assert_false(c.verify);
	assert_int_equal(c.timeout, 3600);
	assert_int_equal(c.retry_min_wait, 65535);
	assert_int_equal(c.retry_multiplier, 1000);
	assert_int_equal(c.cr_port, 1);
	assert_string_equal(c.cr_path, "/cr");
	assert_string_equal(c.cr_interface, "lan");
	assert_string_equal(c.cr_address, "192.0.2.1");
	assert_string_equal(c.cr_username, "cruser");
	assert_string_equal(c.cr_password, "crpass");
	assert_string_equal(c.state_dir, "/tmp/cwmpd");
	assert_string_equal(c.platform, "sim");
	assert_string_equal(c.plugin_dir, "/opt/plugins");
	assert_int_equal(c.log_level, LOG_LVL_DEBUG);
	assert_string_equal(c.manufacturer, "ACME");
	assert_string_equal(c.oui, "00AABB");
	assert_string_equal(c.product_class, "Box");
	assert_string_equal(c.serial_number, "SN1");
	config_fini(&c);
}

/* The sample installed on OpenWrt parses and holds the defaults. */
static void test_sample(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[1024], err[256];
	struct config c;

	(void)state;
	snprintf(path, sizeof(path), "%s/openwrt/files/cwmpd.config", top ? top : ".");
	if (config_load(path, &c, err, sizeof(err)) != 0) {
		print_error("%s\n", err);
		fail();
	}
	assert_string_equal(c.acs_url, "https://acs.example.net:7547/");
	assert_int_equal(c.periodic_interval, 86400);
	assert_string_equal(c.cr_interface, "wan");
	assert_string_equal(c.plugin_dir, "/usr/lib/cwmpd/plugins");
	assert_int_equal(c.log_level, LOG_LVL_NOTICE);
	config_fini(&c);
}

/* ---- values, good and bad ---------------------------------------------------- */

/* paths of 108 bytes, one more than a sockaddr_un holds (the message
 * shows its first 68), and of 107 */
#define CTL_67A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define CTL_108 "/" CTL_67A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define CTL_107 "/" CTL_67A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* section, option, value; the option is on line 3 (acs) or 4 (cpe, device) */
static const struct value {
	const char *section, *option, *value;
	const char *err;    /* NULL: accepted */
} values[] = {
	{ "acs", "url", "HTTPS://a.b:8080/x?y#z", NULL },
	{ "acs", "url", "http://user:pw@[fe80::1%25eth0]:7547/", NULL },
	{ "acs", "url", "http://10.0.0.1", NULL },
	{ "acs", "url", "http://h?q", NULL },
	{ "acs", "url", "ftp://a/", "test.conf:3: option 'url': 'ftp://a/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://", "test.conf:3: option 'url': 'http://' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http:///x", "test.conf:3: option 'url': 'http:///x' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://a b/", "test.conf:3: option 'url': 'http://a b/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "acs.example.net", "test.conf:3: option 'url': 'acs.example.net' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://a:0/", "test.conf:3: option 'url': 'http://a:0/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://a:65536/", "test.conf:3: option 'url': 'http://a:65536/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://a:/", "test.conf:3: option 'url': 'http://a:/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://a:x/", "test.conf:3: option 'url': 'http://a:x/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://[::1/", "test.conf:3: option 'url': 'http://[::1/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://[]/", "test.conf:3: option 'url': 'http://[]/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://user@/", "test.conf:3: option 'url': 'http://user@/' is not an http:// or https:// URL with a host" },
	{ "acs", "url", "http://a\tb/", "test.conf:3: option 'url': 'http://a?b/' is not an http:// or https:// URL with a host" },
	{ "acs", "periodic_enable", "maybe", "test.conf:3: option 'periodic_enable': 'maybe' is not a boolean (1/0/true/false/yes/no/on/off)" },
	{ "acs", "periodic_enable", "", "test.conf:3: option 'periodic_enable': '' is not a boolean (1/0/true/false/yes/no/on/off)" },
	{ "acs", "periodic_enable", "TRUE", "test.conf:3: option 'periodic_enable': 'TRUE' is not a boolean (1/0/true/false/yes/no/on/off)" },
	{ "acs", "periodic_enable", "2", "test.conf:3: option 'periodic_enable': '2' is not a boolean (1/0/true/false/yes/no/on/off)" },
	{ "acs", "periodic_enable", "yes", NULL },
	{ "acs", "periodic_interval", "1", NULL },
	{ "acs", "periodic_interval", "007", NULL },
	{ "acs", "periodic_interval", "0", "test.conf:3: option 'periodic_interval': '0' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "4294967296", "test.conf:3: option 'periodic_interval': '4294967296' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "99999999999999999999999", "test.conf:3: option 'periodic_interval': '99999999999999999999999' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "-1", "test.conf:3: option 'periodic_interval': '-1' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "+5", "test.conf:3: option 'periodic_interval': '+5' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", " 5", "test.conf:3: option 'periodic_interval': ' 5' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "5 ", "test.conf:3: option 'periodic_interval': '5 ' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "5x", "test.conf:3: option 'periodic_interval': '5x' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "0x10", "test.conf:3: option 'periodic_interval': '0x10' is not a number in 1..4294967295" },
	{ "acs", "periodic_interval", "", "test.conf:3: option 'periodic_interval': '' is not a number in 1..4294967295" },
	{ "acs", "periodic_time", "", NULL },
	{ "acs", "periodic_time", "2024-13-01T00:00:00Z", "test.conf:3: option 'periodic_time': '2024-13-01T00:00:00Z' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2023-02-29T00:00:00Z", "test.conf:3: option 'periodic_time': '2023-02-29T00:00:00Z' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01T25:00:00Z", "test.conf:3: option 'periodic_time': '2024-01-01T25:00:00Z' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01 00:00:00", "test.conf:3: option 'periodic_time': '2024-01-01 00:00:00' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01T00:00:00+1:00", "test.conf:3: option 'periodic_time': '2024-01-01T00:00:00+1:00' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01T00:00:00.Z", "test.conf:3: option 'periodic_time': '2024-01-01T00:00:00.Z' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01T00:00:00Zjunk", "test.conf:3: option 'periodic_time': '2024-01-01T00:00:00Zjunk' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01T00:00", "test.conf:3: option 'periodic_time': '2024-01-01T00:00' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "2024-01-01T00:00:00+15:00", "test.conf:3: option 'periodic_time': '2024-01-01T00:00:00+15:00' is not an xsd:dateTime" },
	{ "acs", "periodic_time", "yesterday", "test.conf:3: option 'periodic_time': 'yesterday' is not an xsd:dateTime" },
	{ "acs", "verify", "nope", "test.conf:3: option 'verify': 'nope' is not a boolean (1/0/true/false/yes/no/on/off)" },
	{ "acs", "timeout", "0", "test.conf:3: option 'timeout': '0' is not a number in 1..3600" },
	{ "acs", "timeout", "3601", "test.conf:3: option 'timeout': '3601' is not a number in 1..3600" },
	{ "acs", "retry_min_wait", "0", "test.conf:3: option 'retry_min_wait': '0' is not a number in 1..65535" },
	{ "acs", "retry_min_wait", "65536", "test.conf:3: option 'retry_min_wait': '65536' is not a number in 1..65535" },
	{ "acs", "retry_multiplier", "999", "test.conf:3: option 'retry_multiplier': '999' is not a number in 1000..65535" },
	{ "acs", "retry_multiplier", "65536", "test.conf:3: option 'retry_multiplier': '65536' is not a number in 1000..65535" },
	{ "cpe", "port", "abc", "test.conf:4: option 'port': 'abc' is not a number in 1..65535" },
	{ "cpe", "port", "0", "test.conf:4: option 'port': '0' is not a number in 1..65535" },
	{ "cpe", "port", "65536", "test.conf:4: option 'port': '65536' is not a number in 1..65535" },
	{ "cpe", "port", "-1", "test.conf:4: option 'port': '-1' is not a number in 1..65535" },
	{ "cpe", "port", "65535", NULL },
	{ "cpe", "path", "cr", "test.conf:4: option 'path': 'cr' does not start with '/'" },
	{ "cpe", "path", "", "test.conf:4: option 'path': '' does not start with '/'" },
	{ "cpe", "platform", "linux", "test.conf:4: option 'platform': 'linux' is not one of openwrt, sim" },
	{ "cpe", "platform", "", "test.conf:4: option 'platform': '' is not one of openwrt, sim" },
	{ "cpe", "log_level", "verbose", "test.conf:4: option 'log_level': 'verbose' is not one of err, warn, notice, info, debug" },
	{ "cpe", "log_level", "", "test.conf:4: option 'log_level': '' is not one of err, warn, notice, info, debug" },
	{ "cpe", "log_level", "err", NULL },
	{ "cpe", "ctl_socket", "cwmpd.sock", "test.conf:4: option 'ctl_socket': 'cwmpd.sock' is not an absolute path of at most 107 bytes" },
	{ "cpe", "ctl_socket", CTL_108, "test.conf:4: option 'ctl_socket': '/" CTL_67A "...' is not an absolute path of at most 107 bytes" },
	{ "cpe", "ctl_socket", CTL_107, NULL },
	{ "cpe", "ctl_socket", "", NULL },
	{ "cpe", "digest", "MD5", NULL },
	{ "cpe", "digest", " sha-256 ", NULL },
	{ "cpe", "digest", "MD5 SHA-256", NULL },
	{ "cpe", "digest", "", "test.conf:4: option 'digest': '' is not SHA-256, MD5 or both (separated by a space)" },
	{ "cpe", "digest", "MD5 MD5", "test.conf:4: option 'digest': 'MD5 MD5' is not SHA-256, MD5 or both (separated by a space)" },
	{ "cpe", "digest", "SHA-256,MD5", "test.conf:4: option 'digest': 'SHA-256,MD5' is not SHA-256, MD5 or both (separated by a space)" },
	{ "device", "oui", "abcdef", "test.conf:4: option 'oui': 'abcdef' is not 6 upper-case hex digits" },
	{ "device", "oui", "12345", "test.conf:4: option 'oui': '12345' is not 6 upper-case hex digits" },
	{ "device", "oui", "1234567", "test.conf:4: option 'oui': '1234567' is not 6 upper-case hex digits" },
	{ "device", "oui", "GHIJKL", "test.conf:4: option 'oui': 'GHIJKL' is not 6 upper-case hex digits" },
	{ "device", "oui", "0A1B2C", NULL },
	{ "device", "oui", "", NULL },
	{ "stun", "max_keepalive", "-1", NULL },
	{ "stun", "max_keepalive", "60", NULL },
	{ "stun", "max_keepalive", "0", "test.conf:4: option 'max_keepalive': '0' is not -1 or a number in 1..86400" },
	{ "stun", "max_keepalive", "-2", "test.conf:4: option 'max_keepalive': '-2' is not -1 or a number in 1..86400" },
	{ "stun", "min_keepalive", "0", NULL },
	{ "stun", "port", "0", "test.conf:4: option 'port': '0' is not a number in 1..65535" },
	{ "stun", "udp_port", "70000", "test.conf:4: option 'udp_port': '70000' is not a number in 1..65535" },
#ifdef HAVE_STUN
	{ "stun", "enable", "1", NULL },
#else
	{ "stun", "enable", "1", "test.conf:4: option 'enable': '1' cannot be on: cwmpd was built with --disable-stun" },
#endif
	{ "stun", "enable", "0", NULL },
	{ "stun", "enable", "maybe", "test.conf:4: option 'enable': 'maybe' is not a boolean (1/0/true/false/yes/no/on/off)" },
};

static void test_values(void **state)
{
	char text[512], err[256], what[128];
	struct config c;

	(void)state;
	for (size_t i = 0; i < N(values); i++) {
		const struct value *v = &values[i];
		if (strcmp(v->section, "acs") == 0)
			snprintf(text, sizeof(text), URL_LINE "\toption %s \"%s\"\n", v->option,
				 v->value);
		else
			snprintf(text, sizeof(text), URL_LINE "config %s\n\toption %s \"%s\"\n",
				 v->section, v->option, v->value);
		snprintf(what, sizeof(what), "%s.%s='%s'", v->section, v->option, v->value);
		memset(&c, 0x5a, sizeof(c));
		int rc = parse(text, &c, err, sizeof(err));
		if (!v->err) {
			if (rc)
				print_error("%s: %s\n", what, err);
			expect_int(what, rc, 0);
			config_fini(&c);
			continue;
		}
		expect_int(what, rc, -EINVAL);
		expect_str(what, err, v->err);
		assert_true(is_zero(&c));
	}
}

static const struct time_vec {
	const char *value;
	long long want;
} times[] = {
	{ "2024-02-29T12:34:56Z", 1709210096 },
	{ "2024-02-29T12:34:56.789+02:00", 1709210096 - 7200 },
	{ "2024-02-29T12:34:56-01:30", 1709210096 + 5400 },
	{ "2024-01-01T00:00:00", 1704067200 },
	{ "2000-03-01T00:00:00Z", 951868800 },
	{ "9999-12-31T23:59:59Z", 253402300799 },
	{ "1970-01-01T00:00:01Z", 1 },
	{ "1970-01-01T00:30:00+01:00", 0 },
	{ "1969-12-31T23:59:59Z", 0 },
	{ "0001-01-01T00:00:00Z", 0 },
	{ "", 0 },
};

static void test_times(void **state)
{
	char text[256], err[256];
	struct config c;

	(void)state;
	for (size_t i = 0; i < N(times); i++) {
		snprintf(text, sizeof(text), URL_LINE "\toption periodic_time '%s'\n", times[i].value);
		expect_int(times[i].value, parse(text, &c, err, sizeof(err)), 0);
		expect_int(times[i].value, (long long)c.periodic_time, times[i].want);
		config_fini(&c);
	}
}

static void test_booleans(void **state)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	char text[256], err[256];
	struct config c;

	(void)state;
	for (size_t i = 0; i < N(yes); i++) {
		snprintf(text, sizeof(text), URL_LINE "\toption verify '%s'\n\toption periodic_enable '%s'\n",
			 no[i], yes[i]);
		assert_int_equal(parse(text, &c, err, sizeof(err)), 0);
		assert_false(c.verify);
		assert_true(c.periodic_enable);
		config_fini(&c);
	}
}

/* ---- whole files ------------------------------------------------------------- */

static const struct file_err {
	const char *name;
	const char *text;
	const char *err;
} file_errs[] = {
	{ "empty file", "", "test.conf: option 'url' in section 'acs' is required" },
	{ "no acs section", "config cpe 'cpe'\n\toption port 1\n",
	  "test.conf: option 'url' in section 'acs' is required" },
	{ "no url", "config acs 'acs'\n\toption username u\n",
	  "test.conf: option 'url' in section 'acs' is required" },
	{ "empty url", "config acs 'acs'\n\toption url ''\n",
	  "test.conf: option 'url' in section 'acs' is required" },
	{ "url only in an earlier acs", URL_LINE "config acs 'other'\n",
	  "test.conf: option 'url' in section 'acs' is required" },
	{ "syntax error", URL_LINE "\toption username 'x\n",
	  "test.conf:3: unterminated quote" },
	{ "syntax error first", "option url x\n", "test.conf:1: option outside a section" },
	{ "bad value after unknown", URL_LINE "\toption bogus 1\nconfig cpe\n\toption port x\n",
	  "test.conf:5: option 'port': 'x' is not a number in 1..65535" },
	{ "control bytes shown as ?", URL_LINE "config cpe\n\toption port 'a\nb\x01'\n",
	  "test.conf:4: option 'port': 'a?b?' is not a number in 1..65535" },
};

static void test_file_errors(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	for (size_t i = 0; i < N(file_errs); i++) {
		memset(&c, 0x5a, sizeof(c));
		expect_int(file_errs[i].name, parse(file_errs[i].text, &c, err, sizeof(err)), -EINVAL);
		expect_str(file_errs[i].name, err, file_errs[i].err);
		assert_true(is_zero(&c));
	}
}

static void test_long_value_in_message(void **state)
{
	char text[6000], err[512];
	struct config c;
	size_t n;

	(void)state;
	n = (size_t)snprintf(text, sizeof(text), URL_LINE "config cpe\n\toption port '");
	memset(text + n, '9', 4000);
	memcpy(text + n + 4000, "'\n", 3);
	assert_int_equal(parse(text, &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "test.conf:4: option 'port': '99999"));
	assert_non_null(strstr(err, "...' is not a number in 1..65535"));
	assert_null(strchr(err, '\n'));
	/* a short buffer is cut, not overrun */
	memset(err, 'x', sizeof(err));
	assert_int_equal(parse(text, &c, err, 10), -EINVAL);
	assert_string_equal(err, "test.conf");
	assert_int_equal(err[10], 'x');
	assert_int_equal(parse(text, &c, NULL, 0), -EINVAL);
}

static void test_size_cap(void **state)
{
	size_t len = UCI_MAX_FILE + 1;
	char *text = malloc(len), err[256];
	struct config c;

	(void)state;
	assert_non_null(text);
	memset(text, '#', len);
	memcpy(text, URL_LINE, strlen(URL_LINE));
	assert_int_equal(config_parse("big", text, len, &c, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "big: file larger than 262144 bytes");
	assert_int_equal(config_parse("big", text, len - 1, &c, err, sizeof(err)), 0);
	config_fini(&c);
	free(text);
}

/* Every prefix of a full file: parsed, or refused with a message and no leak. */
static void test_prefixes(void **state)
{
	size_t len = strlen(full);
	char err[256];
	struct config c;

	(void)state;
	log_set_level(LOG_LVL_ERR);     /* prefixes cut section types short */
	for (size_t n = 0; n <= len; n++) {
		char *copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, full, n);
		int rc = config_parse("p", copy, n, &c, err, sizeof(err));
		free(copy);
		if (rc == 0) {
			config_fini(&c);
			continue;
		}
		assert_int_equal(rc, -EINVAL);
		assert_true(is_zero(&c));
		assert_true(strncmp(err, "p:", 2) == 0);
	}
	log_set_level(LOG_LVL_NOTICE);
}

/* ---- warnings ------------------------------------------------------------------ */

/* Run config_parse with stderr captured into out. */
static int parse_captured(const char *text, struct config *cfg, char *out, size_t outlen)
{
	char err[256];
	FILE *tmp = tmpfile();
	int saved, rc;
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	rc = parse(text, cfg, err, sizeof(err));
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, outlen - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return rc;
}

static void test_warnings(void **state)
{
	static const char text[] =
		"config acs 'first'\n"
		"\toption url 'http://first/'\n"
		"\toption username 'first'\n"
		"config wifi-iface\n"
		"\toption ssid x\n"
		"config acs 'acs'\n"
		"\toption bogus 1\n"
		"\toption url 'http://second/'\n"
		"\tlist url 'http://third/'\n"
		"config cpe\n"
		"\toption port 1\n"
		"\toption port 2\n";
	struct config c;
	char out[2048];

	(void)state;
	log_set_level(LOG_LVL_WARN);
	assert_int_equal(parse_captured(text, &c, out, sizeof(out)), 0);
	log_set_level(LOG_LVL_NOTICE);
	assert_non_null(strstr(out, "test.conf:7: unknown option 'bogus' in section 'acs'"));
	assert_non_null(strstr(out, "test.conf:4: unknown section type 'wifi-iface'"));
	assert_non_null(strstr(out, "test.conf:1: section 'acs' ignored: a later one at line 6 wins"));
	assert_null(strstr(out, "ssid"));
	assert_string_equal(c.acs_url, "http://third/");
	assert_string_equal(c.acs_username, "");
	assert_int_equal(c.cr_port, 2);
	config_fini(&c);
}

/* ---- files --------------------------------------------------------------------- */

static char tmpdir[256];

static int make_tmpdir(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_config.XXXXXX", base ? base : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	(void)state;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	return rmdir(tmpdir);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void expect_file(const char *path, const char *want)
{
	char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	expect_str(path, buf, want);
}

static int count_files(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_load(void **state)
{
	char path[512], err[256], want[600];
	struct config c;

	(void)state;
	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(config_load(path, &c, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s: cannot read: %s", path, strerror(ENOENT));
	assert_string_equal(err, want);
	assert_true(is_zero(&c));

	assert_int_equal(config_load(tmpdir, &c, err, sizeof(err)), -EISDIR);
	assert_true(is_zero(&c));

	snprintf(path, sizeof(path), "%s/cwmpd", tmpdir);
	write_file(path, URL_LINE "config cpe\n\toption port x\n", 0600);
	assert_int_equal(config_load(path, &c, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:4: option 'port': 'x' is not a number in 1..65535", path);
	assert_string_equal(err, want);

	write_file(path, full, 0600);
	assert_int_equal(config_load(path, &c, err, sizeof(err)), 0);
	assert_string_equal(c.serial_number, "SN1");
	config_fini(&c);
	unlink(path);
}

static const char original[] =
	"# cwmpd\n"
	"config acs 'acs'\n"
	"\t# where the ACS is\n"
	"\toption url 'http://old/'   # keep me\n"
	"\toption username \"u\"\n"
	"\n"
	"config cpe 'cpe'\n"
	"\t# port\n"
	"\toption port '7547'\n"
	"# end\n";

static void test_set_option(void **state)
{
	char path[512], err[256];
	struct config c;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/cwmpd", tmpdir);
	write_file(path, original, 0640);

	assert_int_equal(config_set_option(path, "acs", "url", "http://new/?a='b'"), 0);
	expect_file(path,
		    "# cwmpd\n"
		    "config acs 'acs'\n"
		    "\t# where the ACS is\n"
		    "\toption url 'http://new/?a='\\''b'\\'''   # keep me\n"
		    "\toption username \"u\"\n"
		    "\n"
		    "config cpe 'cpe'\n"
		    "\t# port\n"
		    "\toption port '7547'\n"
		    "# end\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_files(), 1);

	assert_int_equal(config_set_option(path, "acs", "password", "p w"), 0);
	assert_int_equal(config_set_option(path, "cpe", "port", "8080"), 0);
	assert_int_equal(config_set_option(path, "device", "oui", "00AABB"), 0);
	expect_file(path,
		    "# cwmpd\n"
		    "config acs 'acs'\n"
		    "\t# where the ACS is\n"
		    "\toption url 'http://new/?a='\\''b'\\'''   # keep me\n"
		    "\toption username \"u\"\n"
		    "\toption password 'p w'\n"
		    "\n"
		    "config cpe 'cpe'\n"
		    "\t# port\n"
		    "\toption port '8080'\n"
		    "# end\n"
		    "\n"
		    "config device 'device'\n"
		    "\toption oui '00AABB'\n");
	assert_int_equal(count_files(), 1);

	assert_int_equal(config_load(path, &c, err, sizeof(err)), 0);
	assert_string_equal(c.acs_url, "http://new/?a='b'");
	assert_string_equal(c.acs_password, "p w");
	assert_int_equal(c.cr_port, 8080);
	assert_string_equal(c.oui, "00AABB");
	config_fini(&c);
	unlink(path);
}

static void test_set_option_errors(void **state)
{
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	assert_int_equal(config_set_option(path, "acs", "url", "x"), -ENOENT);
	assert_int_equal(count_files(), 0);

	snprintf(path, sizeof(path), "%s/broken", tmpdir);
	write_file(path, "config acs\n\toption url 'x\n", 0600);
	assert_int_equal(config_set_option(path, "acs", "url", "y"), -EINVAL);
	expect_file(path, "config acs\n\toption url 'x\n");
	write_file(path, original, 0600);
	assert_int_equal(config_set_option(path, "acs", "bad-name", "y"), -EINVAL);
	assert_int_equal(config_set_option(path, "a b", "url", "y"), -EINVAL);
	expect_file(path, original);
	assert_int_equal(count_files(), 1);
	unlink(path);
}

/* config_check_option: the same checks as loading, per option. */
static void test_check_option(void **state)
{
	(void)state;
	assert_int_equal(config_check_option("acs", "url", "https://acs.example:7547/x"), 0);
	assert_int_equal(config_check_option("acs", "url", "ftp://acs.example"), -EINVAL);
	assert_int_equal(config_check_option("acs", "url", ""), -EINVAL);   /* required */
	assert_int_equal(config_check_option("acs", "periodic_interval", "0"), -EINVAL);
	assert_int_equal(config_check_option("acs", "periodic_interval", "60"), 0);
	assert_int_equal(config_check_option("acs", "retry_multiplier", "999"), -EINVAL);
	assert_int_equal(config_check_option("acs", "enable", "0"), 0);
	assert_int_equal(config_check_option("acs", "enable", "maybe"), -EINVAL);
	assert_int_equal(config_check_option("acs", "periodic_time", "2026-01-01T00:00:00Z"), 0);
	assert_int_equal(config_check_option("acs", "periodic_time", "noon"), -EINVAL);
	assert_int_equal(config_check_option("acs", "nope", "1"), -ENOENT);
	assert_int_equal(config_check_option(NULL, "url", "x"), -ENOENT);
	assert_int_equal(config_check_option("acs", "username", NULL), -EINVAL);
}

/* The ManagementServer options the ACS may set have their defaults. */
static void test_management_defaults(void **state)
{
	static const char text[] = "config acs 'acs'\n\toption url 'http://a.example/'\n";
	struct config cfg;
	char err[256];

	(void)state;
	assert_int_equal(config_parse("t", text, sizeof(text) - 1, &cfg, err, sizeof(err)), 0);
	assert_true(cfg.enable);
	assert_false(cfg.upgrades_managed);
	assert_int_equal(cfg.notify_throttle, 0);
	assert_string_equal(cfg.provisioning_code, "");
	config_fini(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_long_value_in_message),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_set_option),
		cmocka_unit_test(test_set_option_errors),
		cmocka_unit_test(test_check_option),
		cmocka_unit_test(test_management_defaults),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
