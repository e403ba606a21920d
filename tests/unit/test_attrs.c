/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the attribute store (agent/dm/attrs.c): defaults by the
 * schema's activeNotify class, longest-prefix lookup, the rules for partial
 * paths (newer settings win, values equal to the inherited one are not
 * stored), forget, the file format round trip in a mkdtemp dir, and garbage
 * files, whole and cut at every byte.
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
#include <unistd.h>

#include "attrs.h"
#include "pluginio.h"
#include "schema.h"
#include "store.h"
#include "xbuf.h"
#include "tmpdir.h"

#define SW_VERSION "Device.DeviceInfo.SoftwareVersion"    /* forceEnabled */
#define CR_URL "Device.ManagementServer.ConnectionRequestURL" /* forceDefaultEnabled */
#define UPTIME "Device.DeviceInfo.UpTime"                 /* canDeny */
#define PII "Device.ManagementServer.PeriodicInformInterval" /* normal */
#define HOSTNAME "Device.Hosts.Host.{i}.HostName"         /* normal */

static const struct dm_node *node(const char *schema_path)
{
	long i = dm_schema_find(schema_path);

	assert_true(i >= 0);
	return &dm_schema[i];
}

static struct attrs *fresh(void)
{
	struct attrs *at = attrs_new();

	assert_non_null(at);
	return at;
}

/* The file text of at, for exact comparisons. Caller frees. */
static char *text_of(const struct attrs *at)
{
	struct xbuf b;
	char *s;

	xbuf_init(&b, STORE_MAX_FILE);
	attrs_format(at, &b);
	s = xbuf_steal(&b, NULL);
	assert_non_null(s);
	return s;
}

static void assert_text(const struct attrs *at, const char *want)
{
	char *s = text_of(at);

	assert_string_equal(s, want);
	free(s);
}

static void write_file(const struct tmpdir *t, const char *text, size_t len)
{
	assert_int_equal(store_write(t->path, ATTRS_FILE, text, len), 0);
}

static void test_defaults(void **state)
{
	const struct { const char *schema, *path; int want; } cases[] = {
		{ SW_VERSION, SW_VERSION, 2 },
		{ CR_URL, CR_URL, 2 },
		{ UPTIME, UPTIME, 0 },
		{ PII, PII, 0 },
		{ HOSTNAME, "Device.Hosts.Host.3.HostName", 0 },
	};
	struct attrs *at = fresh();

	(void)state;
	assert_int_equal(node(SW_VERSION)->notify, DM_N_FORCE_ENABLED);
	assert_int_equal(node(CR_URL)->notify, DM_N_FORCE_DEFAULT_ENABLED);
	assert_int_equal(node(UPTIME)->notify, DM_N_CAN_DENY);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(attrs_notification(at, cases[i].path, node(cases[i].schema)),
				 cases[i].want);
		assert_int_equal(attrs_notification(NULL, cases[i].path, node(cases[i].schema)),
				 cases[i].want);
		assert_int_equal(attrs_access(at, cases[i].path), 0);
	}
	assert_int_equal(attrs_notification(at, PII, NULL), 0);
	assert_int_equal(attrs_notification(at, NULL, NULL), 0);
	assert_int_equal(attrs_access(NULL, PII), 0);
	assert_int_equal(attrs_count(at), 0);
	attrs_free(at);
	attrs_free(NULL);
}

static void test_longest_prefix(void **state)
{
	const struct dm_node *hn = node(HOSTNAME);
	const struct { const char *path; int notify; unsigned access; } cases[] = {
		{ "Device.Hosts.Host.1.HostName", 1, 0 },
		{ "Device.Hosts.Host.2.PhysAddress", 0, ATTRS_ACCESS_SUBSCRIBER },
		{ "Device.Hosts.Host.2.HostName", 2, ATTRS_ACCESS_SUBSCRIBER },
		{ "Device.Hosts.Host.21.HostName", 1, 0 },   /* "2." is no prefix of "21." */
		{ "Device.Hosts.HostNumberOfEntries", 1, 0 },
		{ "Device.HostsX.Y", 0, 0 },
		{ PII, 1, 0 },
		{ PII "X", 0, 0 },                           /* a parameter covers itself only */
	};
	struct attrs *at = fresh();

	(void)state;
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.", 1, NULL), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.2.", 0, NULL), 0);
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.2.", ATTRS_ACCESS_SUBSCRIBER), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.2.HostName", 2, hn), 0);
	assert_int_equal(attrs_set_notification(at, PII, 1, node(PII)), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(attrs_notification(at, cases[i].path, NULL), cases[i].notify);
		assert_int_equal(attrs_access(at, cases[i].path), cases[i].access);
	}
	assert_text(at, "Device.Hosts.\t1\n"
			"Device.Hosts.Host.2.\t0;Subscriber\n"
			"Device.Hosts.Host.2.HostName\t2\n"
			PII "\t1\n");
	attrs_free(at);
}

/* A partial path drops what is below it, for the attribute it sets only;
 * settings equal to what the path inherits are not stored. */
static void test_partial_override(void **state)
{
	const struct dm_node *hn = node(HOSTNAME);
	struct attrs *at = fresh();

	(void)state;
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.1.HostName", 1, hn), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.2.HostName", 2, hn), 0);
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.2.HostName",
					  ATTRS_ACCESS_SUBSCRIBER), 0);
	assert_int_equal(attrs_count(at), 2);

	assert_int_equal(attrs_set_notification(at, "Device.Hosts.", 0, NULL), 0);
	assert_text(at, "Device.Hosts.\t0\n"
			"Device.Hosts.Host.2.HostName\t-;Subscriber\n");
	assert_int_equal(attrs_notification(at, "Device.Hosts.Host.2.HostName", hn), 0);
	assert_int_equal(attrs_access(at, "Device.Hosts.Host.2.HostName"), ATTRS_ACCESS_SUBSCRIBER);

	/* equal to the inherited value: nothing more stored */
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.3.HostName", 0, hn), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.3.", 0, NULL), 0);
	assert_int_equal(attrs_count(at), 2);

	/* the access list of a partial path clears the ones below */
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.", 0), 0);
	assert_text(at, "Device.Hosts.\t0\n");

	/* "" means everything and is kept as "Device." */
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.4.", ATTRS_ACCESS_SUBSCRIBER), 0);
	assert_int_equal(attrs_set_notification(at, "", 1, NULL), 0);
	assert_text(at, "Device.\t1\n"
			"Device.Hosts.Host.4.\t-;Subscriber\n");
	assert_int_equal(attrs_notification(at, UPTIME, node(UPTIME)), 1);
	assert_int_equal(attrs_notification(at, CR_URL, node(CR_URL)), 1);
	/* forceEnabled reads 2 whatever is stored above it */
	assert_int_equal(attrs_notification(at, SW_VERSION, node(SW_VERSION)), 2);

	/* an explicitly empty AccessList below a Subscriber one is stored */
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.4.HostName", 0), 0);
	assert_text(at, "Device.\t1\n"
			"Device.Hosts.Host.4.\t-;Subscriber\n"
			"Device.Hosts.Host.4.HostName\t-;\n");
	assert_int_equal(attrs_access(at, "Device.Hosts.Host.4.HostName"), 0);
	attrs_free(at);
}

static void test_defaults_not_stored(void **state)
{
	struct attrs *at = fresh();

	(void)state;
	assert_int_equal(attrs_set_notification(at, UPTIME, 0, node(UPTIME)), 0);
	assert_int_equal(attrs_set_notification(at, CR_URL, 2, node(CR_URL)), 0);
	assert_int_equal(attrs_set_notification(at, SW_VERSION, 2, node(SW_VERSION)), 0);
	assert_int_equal(attrs_set_access(at, PII, 0), 0);
	assert_int_equal(attrs_count(at), 0);

	assert_int_equal(attrs_set_notification(at, CR_URL, 0, node(CR_URL)), 0);
	assert_int_equal(attrs_notification(at, CR_URL, node(CR_URL)), 0);
	assert_text(at, CR_URL "\t0\n");
	assert_int_equal(attrs_set_notification(at, CR_URL, 2, node(CR_URL)), 0);
	assert_int_equal(attrs_count(at), 0);

	/* a partial path with nothing above is always stored: its parameters'
	 * defaults differ */
	assert_int_equal(attrs_set_notification(at, "Device.ManagementServer.", 0, NULL), 0);
	assert_int_equal(attrs_notification(at, CR_URL, node(CR_URL)), 0);
	assert_int_equal(attrs_count(at), 1);
	attrs_free(at);
}

static void test_set_errors(void **state)
{
	char longpath[PLUGINIO_MAX_PATH + 8];
	struct attrs *at = fresh();
	char path[64];
	int rc = 0;

	(void)state;
	assert_int_equal(attrs_set_notification(at, PII, -1, NULL), -EINVAL);
	assert_int_equal(attrs_set_notification(at, PII, ATTRS_NOTIFY_MAX + 1, NULL), -EINVAL);
	assert_int_equal(attrs_set_notification(NULL, PII, 1, NULL), -EINVAL);
	assert_int_equal(attrs_set_notification(at, NULL, 1, NULL), -EINVAL);
	assert_int_equal(attrs_set_access(at, PII, 0x2), -EINVAL);
	assert_int_equal(attrs_set_access(NULL, PII, 0), -EINVAL);
	memset(longpath, 'a', sizeof(longpath) - 1);
	memcpy(longpath, "Device.", 7);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(attrs_set_notification(at, longpath, 1, NULL), -ENAMETOOLONG);
	longpath[PLUGINIO_MAX_PATH] = '\0';
	assert_int_equal(attrs_set_notification(at, longpath, 1, NULL), 0);
	assert_int_equal(attrs_forget(at, longpath), 1);

	for (int i = 1; rc == 0 && i <= ATTRS_MAX_ENTRIES + 1; i++) {
		snprintf(path, sizeof(path), "Device.Hosts.Host.%d.", i);
		rc = attrs_set_notification(at, path, 1, NULL);
		if (i <= ATTRS_MAX_ENTRIES)
			assert_int_equal(rc, 0);
	}
	assert_int_equal(rc, -E2BIG);
	assert_int_equal(attrs_count(at), ATTRS_MAX_ENTRIES);
	/* changing an existing entry still works at the cap */
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.7.", 1), 0);
	/* and a partial path above them all makes room */
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.", 2, NULL), 0);
	assert_text(at, "Device.Hosts.\t2\nDevice.Hosts.Host.7.\t-;Subscriber\n");
	attrs_free(at);
}

static void test_forget(void **state)
{
	static const struct { const char *path; int notify; } set[] = {
		{ "Device.Hosts.Host.2.", 1 }, { "Device.Hosts.Host.2.HostName", 2 },
		{ "Device.Hosts.Host.2.IPv4Address.1.", 0 }, { "Device.Hosts.Host.21.", 1 },
		{ "Device.Hosts.Host.1.HostName", 1 }, { "Device.Hosts.Host.1.HostNameX", 2 },
	};
	struct attrs *at = fresh();

	(void)state;
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		assert_int_equal(attrs_set_notification(at, set[i].path, set[i].notify, NULL), 0);
	assert_int_equal(attrs_count(at), 6);
	assert_int_equal(attrs_forget(at, "Device.Hosts.Host.2."), 3);
	assert_int_equal(attrs_forget(at, "Device.Hosts.Host.2."), 0);
	assert_int_equal(attrs_forget(at, "Device.Hosts.Host.1.HostName"), 1);
	assert_text(at, "Device.Hosts.Host.1.HostNameX\t2\n"
			"Device.Hosts.Host.21.\t1\n");
	assert_int_equal(attrs_notification(at, "Device.Hosts.Host.2.HostName", NULL), 0);
	assert_int_equal(attrs_forget(NULL, "Device."), 0);
	assert_int_equal(attrs_forget(at, NULL), 0);
	assert_int_equal(attrs_forget(at, ""), 2);
	assert_int_equal(attrs_count(at), 0);
	attrs_free(at);
}

/* attrs_each: the entries in path order as stored, each attribute or
 * ATTRS_UNSET; a non-zero return stops the walk. */
struct seen {
	char text[512];
	size_t n, stop_at;
};

static int each_cb(void *ctx, const struct attrs_item *it)
{
	struct seen *s = ctx;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%s %d %d\n", it->path,
		 it->notification, it->access);
	return ++s->n == s->stop_at ? -EINTR : 0;
}

static void test_each(void **state)
{
	struct attrs *at = fresh();
	struct seen s = { "", 0, 0 };

	(void)state;
	assert_int_equal(attrs_each(NULL, each_cb, &s), 0);
	assert_int_equal(attrs_set_notification(at, "", 1, NULL), 0);
	assert_int_equal(attrs_set_access(at, PII, ATTRS_ACCESS_SUBSCRIBER), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.", 0, NULL), 0);
	assert_int_equal(attrs_set_access(at, "Device.Hosts.", 0), 0);
	assert_int_equal(attrs_each(at, each_cb, &s), 0);
	assert_string_equal(s.text, "Device. 1 -1\n"
				    "Device.Hosts. 0 -1\n"
				    PII " -1 1\n");
	s = (struct seen){ "", 0, 2 };
	assert_int_equal(attrs_each(at, each_cb, &s), -EINTR);
	assert_int_equal(s.n, 2);
	attrs_free(at);
}

static void test_roundtrip(void **state)
{
	static const char want[] =
		"Device.\t0\n"
		"Device.Hosts.\t1;Subscriber\n"
		"Device.Hosts.Host.2.HostName\t2;\n"
		"Device.Hosts.Host.3.\t-;\n"
		"Device.ManagementServer.ConnectionRequestURL\t1\n";
	struct tmpdir *t = *state;
	struct attrs *at = fresh(), *back = NULL;
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(attrs_load(t->path, &back), 0);   /* no file: empty */
	assert_non_null(back);
	assert_int_equal(attrs_count(back), 0);
	attrs_free(back);

	assert_int_equal(attrs_set_notification(at, "", 0, NULL), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.", 1, NULL), 0);
	assert_int_equal(attrs_set_access(at, "Device.Hosts.", ATTRS_ACCESS_SUBSCRIBER), 0);
	assert_int_equal(attrs_set_notification(at, "Device.Hosts.Host.2.HostName", 2,
						node(HOSTNAME)), 0);
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.2.HostName", 0), 0);
	assert_int_equal(attrs_set_access(at, "Device.Hosts.Host.3.", 0), 0);
	assert_int_equal(attrs_set_notification(at, CR_URL, 1, node(CR_URL)), 0);
	assert_int_equal(attrs_save(at, t->path), 0);
	assert_int_equal(store_read(t->path, ATTRS_FILE, &buf, &len, STORE_MAX_FILE), 0);
	assert_string_equal(buf, want);
	free(buf);

	assert_int_equal(attrs_load(t->path, &back), 0);
	assert_int_equal(attrs_count(back), attrs_count(at));
	assert_text(back, want);
	assert_int_equal(attrs_notification(back, "Device.Hosts.Host.2.HostName", NULL), 2);
	assert_int_equal(attrs_access(back, "Device.Hosts.Host.2.HostName"), 0);
	assert_int_equal(attrs_access(back, "Device.Hosts.Host.1.HostName"),
			 ATTRS_ACCESS_SUBSCRIBER);
	assert_int_equal(attrs_notification(back, CR_URL, node(CR_URL)), 1);
	assert_int_equal(attrs_notification(back, UPTIME, node(UPTIME)), 0);
	attrs_free(back);

	assert_int_equal(attrs_save(at, "/proc/nonexistent-dir"), -ENOENT);
	assert_int_equal(attrs_save(NULL, t->path), -EINVAL);
	attrs_free(at);
}

static void test_garbage(void **state)
{
	static const char text[] =
		"Device.Hosts.\t1\n"
		"no tab here\n"
		"Device.A.\t7\n"
		"Device.A.\t3\n"
		"Device.A.\tx\n"
		"Device.A.\t11\n"
		"Device.A.\t-\n"
		"Device.A.\t\n"
		"Device.A.\t1;Nobody\n"
		"Device.A.\t1;Subscriber,\n"
		"Device.A.\t1;,Subscriber\n"
		"Device.A.\t1:Subscriber\n"
		"Other.A.\t1\n"
		"\tl\n"
		"Device.B.\t1\tmore\n"
		"Device.C.\\q\t1\n"
		"\xff\xfe\x01\n"
		"Device.Hosts.Host.2.\t-;Subscriber,Subscriber\n"
		"Device.Hosts.Host.2.\t0\n"        /* a later line adds to / replaces */
		"Device.D.\t2";                    /* no final newline */
	struct tmpdir *t = *state;
	struct attrs *at = NULL;
	size_t bad = 0;

	assert_int_equal(attrs_parse(text, sizeof(text) - 1, &at, &bad), 0);
	assert_int_equal(bad, 16);
	assert_text(at, "Device.D.\t2\n"
			"Device.Hosts.\t1\n"
			"Device.Hosts.Host.2.\t0;Subscriber\n");
	attrs_free(at);

	/* cut at every byte, and NUL bytes inside: never a crash */
	for (size_t len = 0; len < sizeof(text); len++) {
		char *copy = malloc(len + 1);

		assert_non_null(copy);
		memcpy(copy, text, len);
		assert_int_equal(attrs_parse(copy, len, &at, NULL), 0);
		assert_true(attrs_count(at) <= 3);
		attrs_free(at);
		if (len > 0)
			copy[len / 2] = '\0';
		assert_int_equal(attrs_parse(copy, len, &at, &bad), 0);
		attrs_free(at);
		free(copy);
	}

	/* through the file */
	write_file(t, text, sizeof(text) - 1);
	assert_int_equal(attrs_load(t->path, &at), 0);
	assert_int_equal(attrs_count(at), 3);
	attrs_free(at);
	write_file(t, "\0\0\0garbage", 10);
	assert_int_equal(attrs_load(t->path, &at), 0);
	assert_int_equal(attrs_count(at), 0);
	attrs_free(at);
	assert_int_equal(attrs_load(NULL, &at), -EINVAL);
	assert_null(at);
}

/* A file with more entries than the cap keeps the first ATTRS_MAX_ENTRIES
 * (by path order of insertion) and skips the rest. */
static void test_file_cap(void **state)
{
	struct tmpdir *t = *state;
	struct attrs *at = NULL;
	struct xbuf b;
	size_t bad = 0;

	xbuf_init(&b, STORE_MAX_FILE);
	for (int i = 1; i <= ATTRS_MAX_ENTRIES + 5; i++)
		xbuf_printf(&b, "Device.Hosts.Host.%d.\t1\n", i);
	assert_int_equal(xbuf_error(&b), 0);
	assert_int_equal(attrs_parse(b.data, b.len, &at, &bad), 0);
	assert_int_equal(attrs_count(at), ATTRS_MAX_ENTRIES);
	assert_int_equal(bad, 5);
	attrs_free(at);
	write_file(t, b.data, b.len);
	assert_int_equal(attrs_load(t->path, &at), 0);
	assert_int_equal(attrs_count(at), ATTRS_MAX_ENTRIES);
	attrs_free(at);
	xbuf_fini(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_longest_prefix),
		cmocka_unit_test(test_partial_override),
		cmocka_unit_test(test_defaults_not_stored),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_forget),
		cmocka_unit_test(test_each),
		cmocka_unit_test_setup_teardown(test_roundtrip, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_garbage, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_file_cap, tmpdir_setup, tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
