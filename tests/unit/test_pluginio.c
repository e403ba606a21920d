/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for the plugin line format (pluginio) and for the identity built on
 * it: parse vectors whole and at every prefix from exact-size heap copies
 * (ASan catches any over-read), hostile input, escaping and round trips,
 * identity fields, config overrides and identity_check.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "identity.h"
#include "pluginio.h"
#include "xbuf.h"

/* Each good line is rendered as "[path][value]" into a capped buffer. */
struct collect {
	struct xbuf seen;
	unsigned lines;
	unsigned stop_at;       /* return 7 on this line (1-based); 0 = never */
};

static int collect_cb(void *ctx, const char *path, const char *value)
{
	struct collect *c = ctx;

	xbuf_printf(&c->seen, "[%s][%s]", path, value);
	c->lines++;
	return c->lines == c->stop_at ? 7 : 0;
}

/* Parse from an exact-size heap copy. Returns pluginio_parse's value. */
static int parse_copy(const char *in, size_t len, struct collect *c, size_t *bad)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, in, len);
	xbuf_init(&c->seen, 4 << 20);
	c->lines = 0;
	rc = pluginio_parse(copy, len, collect_cb, c, bad);
	free(copy);
	return rc;
}

#define V(in, out, bad) { in, sizeof(in) - 1, out, bad }

static const struct vec {
	const char *in;
	size_t len;
	const char *out;
	size_t bad;
} vecs[] = {
	V("", "", 0),
	V("A\tb\n", "[A][b]", 0),
	V("A\tb", "[A][b]", 0),
	V("A\tb\r\nC\td\r\n", "[A][b][C][d]", 0),
	V("A\tb\r", "[A][b]", 0),
	V("A\tb\rc\n", "[A][b\rc]", 0),
	V("A\tb\\r\n", "[A][b\r]", 0),              /* an escaped CR stays */
	V("A\\r\tb\\r\\r\r\n", "[A\r][b\r\r]", 0),
	V("A\ta\\tb\\nc\\\\d\n", "[A][a\tb\nc\\d]", 0),
	V("A\\tB\\\\\tv\n", "[A\tB\\][v]", 0),
	V("A\t\n", "[A][]", 0),
	V("A\t", "[A][]", 0),
	V("abc\n", "", 1),
	V("\tv\n", "", 1),
	V("\t\n", "", 1),
	V("A\t\\q\n", "", 1),
	V("A\\x\tv\n", "", 1),
	V("A\tv\\\n", "", 1),
	V("A\tv\\", "", 1),
	V("A\tv\\\r\n", "", 1),
	V("A\tv\0x\nB\tw\n", "[B][w]", 1),
	V("A\0\tv\n", "", 1),
	V("\0", "", 1),
	V("A\tb\tc\n", "", 1),
	V("\n\nA\tb\n\n", "[A][b]", 3),
	V("\r\n", "", 1),
	V("\n", "", 1),
	V("ok\t1\nbad\nok\t2\nbad\\t\t\\z\nok\t3", "[ok][1][ok][2][ok][3]", 2),
	V("\xff\xfe\t\x80\n", "[\xff\xfe][\x80]", 0),
	V("A\t\\\\\\\\\\t\n", "[A][\\\\\t]", 0),
};

static void test_vectors(void **state)
{
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		struct collect c = { .stop_at = 0 };
		size_t bad = 99;
		int rc = parse_copy(vecs[i].in, vecs[i].len, &c, &bad);

		assert_int_equal(rc, 0);
		assert_int_equal(xbuf_error(&c.seen), 0);
		assert_string_equal(c.seen.data ? c.seen.data : "", vecs[i].out);
		assert_int_equal(bad, vecs[i].bad);
		xbuf_fini(&c.seen);
	}
}

/* Cut a buffer of good lines at every byte: no over-read, never more lines
 * than the whole, and exactly the whole's lines up to each newline. */
static void test_every_prefix(void **state)
{
	static const char good[] =
		"Device.DeviceInfo.Manufacturer\tACME \\\\ Co\r\n"
		"Device.X.1.Name\tone\\ttwo\\nthree\n"
		"Device.Y\t\n"
		"Device.Z\tlast";
	struct collect whole = { .stop_at = 0 };
	size_t len = sizeof(good) - 1;

	assert_int_equal(parse_copy(good, len, &whole, NULL), 0);
	assert_int_equal(whole.lines, 4);
	for (size_t k = 0; k <= len; k++) {
		struct collect c = { .stop_at = 0 };
		size_t bad = 0;

		assert_int_equal(parse_copy(good, k, &c, &bad), 0);
		assert_true(c.lines <= whole.lines);
		assert_true(bad <= 1);
		if (k > 0 && good[k - 1] == '\n') {
			assert_int_equal(bad, 0);
			assert_true(c.seen.len < whole.seen.len);
			assert_memory_equal(c.seen.data, whole.seen.data, c.seen.len);
		}
		xbuf_fini(&c.seen);
	}
	xbuf_fini(&whole.seen);
}

static void test_path_length(void **state)
{
	char line[2 * PLUGINIO_MAX_PATH + 16];
	struct collect c = { .stop_at = 0 };
	size_t bad;

	/* exactly the limit: good; one more: bad */
	memset(line, 'p', PLUGINIO_MAX_PATH);
	memcpy(line + PLUGINIO_MAX_PATH, "\tv\n", 3);
	assert_int_equal(parse_copy(line, PLUGINIO_MAX_PATH + 3, &c, &bad), 0);
	assert_int_equal(c.lines, 1);
	assert_int_equal(bad, 0);
	xbuf_fini(&c.seen);
	memset(line, 'p', PLUGINIO_MAX_PATH + 1);
	memcpy(line + PLUGINIO_MAX_PATH + 1, "\tv\n", 3);
	assert_int_equal(parse_copy(line, PLUGINIO_MAX_PATH + 4, &c, &bad), 0);
	assert_int_equal(c.lines, 0);
	assert_int_equal(bad, 1);
	xbuf_fini(&c.seen);
	/* the limit counts unescaped bytes: 256 escapes in 512 raw bytes */
	for (size_t i = 0; i < PLUGINIO_MAX_PATH; i++)
		memcpy(line + 2 * i, "\\t", 2);
	memcpy(line + 2 * PLUGINIO_MAX_PATH, "\tv\n", 3);
	assert_int_equal(parse_copy(line, 2 * PLUGINIO_MAX_PATH + 3, &c, &bad), 0);
	assert_int_equal(c.lines, 1);
	assert_int_equal(bad, 0);
	xbuf_fini(&c.seen);
}

static void test_stop(void **state)
{
	static const char in[] = "a\t1\nb\t2\nc\t3\n";
	struct collect c = { .stop_at = 2 };

	assert_int_equal(parse_copy(in, sizeof(in) - 1, &c, NULL), 7);
	assert_string_equal(c.seen.data, "[a][1][b][2]");
	xbuf_fini(&c.seen);
}

static int numbered_cb(void *ctx, size_t line, const char *path, const char *value)
{
	xbuf_printf(ctx, "%zu[%s][%s]", line, path, value);
	return line == 8 ? 5 : 0;
}

/* Line numbers count every line: empty and bad ones, CRLF ones, the last
 * one without a newline; the callback's stop is returned as with
 * pluginio_parse. */
static void test_numbered(void **state)
{
	static const char in[] = "a\t1\n\nno tab\r\nb\t2\r\n\\q\t3\nc\t\nd\t4";
	static const char stop[] = "a\t1\n\n\n\n\n\ng\t7\nh\t8\ni\t9\n";
	struct xbuf seen;
	size_t bad = 0;

	(void)state;
	xbuf_init(&seen, 4096);
	assert_int_equal(pluginio_parse_numbered(in, sizeof(in) - 1, numbered_cb, &seen, &bad), 0);
	assert_int_equal(bad, 3);
	assert_string_equal(seen.data, "1[a][1]4[b][2]6[c][]7[d][4]");
	xbuf_reset(&seen);
	assert_int_equal(pluginio_parse_numbered(stop, sizeof(stop) - 1, numbered_cb, &seen, NULL),
			 5);
	assert_string_equal(seen.data, "1[a][1]7[g][7]8[h][8]");
	xbuf_fini(&seen);
}

/* 1 MB of pseudo-random bytes, then 1 MB of one long value, then 1 MB of
 * newlines: nothing crashes, over-reads or leaks. */
static void test_hostile(void **state)
{
	size_t len = 1 << 20;
	char *buf = malloc(len);
	uint32_t x = 2463534242u;
	struct collect c = { .stop_at = 0 };
	size_t bad;

	assert_non_null(buf);
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = "\t\n\\\r\0abntq"[x % 11];
		if (x % 7 == 0)
			buf[i] = (char)(x >> 8);
	}
	assert_int_equal(parse_copy(buf, len, &c, &bad), 0);
	assert_true(bad > 0);
	xbuf_fini(&c.seen);

	memset(buf, 'v', len);
	memcpy(buf, "Long\t", 5);
	assert_int_equal(parse_copy(buf, len, &c, &bad), 0);
	assert_int_equal(c.lines, 1);
	assert_int_equal(bad, 0);
	assert_int_equal(c.seen.len, len - 5 + 8);
	xbuf_fini(&c.seen);

	memset(buf, '\n', len);
	assert_int_equal(parse_copy(buf, len, &c, &bad), 0);
	assert_int_equal(bad, len);
	xbuf_fini(&c.seen);
	free(buf);
}

static const struct {
	const char *in;
	const char *out;
} escapes[] = {
	{ "", "" },
	{ "plain", "plain" },
	{ "a\tb", "a\\tb" },
	{ "a\nb", "a\\nb" },
	{ "a\\b", "a\\\\b" },
	{ "\\\t\n", "\\\\\\t\\n" },
	{ "\\n", "\\\\n" },
	{ "trailing\\", "trailing\\\\" },
	{ "\r\x01\xff", "\\r\x01\xff" },
	{ "end\r", "end\\r" },
	{ "a\r\nb", "a\\r\\nb" },
};

static void test_escape(void **state)
{
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		struct xbuf b;

		xbuf_init(&b, 1024);
		pluginio_escape(&b, escapes[i].in);
		assert_int_equal(xbuf_error(&b), 0);
		assert_string_equal(b.data ? b.data : "", escapes[i].out);
		xbuf_fini(&b);
	}
}

/* pluginio_write then pluginio_parse gives back every path and value. */
static void test_round_trip(void **state)
{
	static const char *const pairs[][2] = {
		{ "Device.A", "" },
		{ "Device.B", "tab\there" },
		{ "Device.C", "line\nbreak\n" },
		{ "Device.D", "back\\slash\\" },
		{ "Device.E\t\\\n", "\\t literally" },
		{ "Device.F\r", "ends in CR\r" },
		{ "Device.G", "\r\n\r" },
	};
	struct xbuf b, want;
	struct collect c = { .stop_at = 0 };
	size_t bad;

	xbuf_init(&b, 4096);
	xbuf_init(&want, 4096);
	for (size_t i = 0; i < 5; i++) {
		pluginio_write(&b, pairs[i][0], pairs[i][1]);
		xbuf_printf(&want, "[%s][%s]", pairs[i][0], pairs[i][1]);
	}
	assert_int_equal(xbuf_error(&b), 0);
	assert_int_equal(parse_copy(b.data, b.len, &c, &bad), 0);
	assert_int_equal(bad, 0);
	assert_string_equal(c.seen.data, want.data);
	xbuf_fini(&c.seen);
	xbuf_fini(&b);
	xbuf_fini(&want);
}

static void test_write_capped(void **state)
{
	struct xbuf b;

	xbuf_init(&b, 8);
	pluginio_write(&b, "Device.Long", "value");
	assert_int_equal(xbuf_error(&b), -E2BIG);
	xbuf_fini(&b);
}

/* ---- identity ---------------------------------------------------------- */

static const char id_out[] =
	"Device.DeviceInfo.Manufacturer\tACME\n"
	"Device.DeviceInfo.ManufacturerOUI\t00CAFE\n"
	"Device.DeviceInfo.ProductClass\tRouter\n"
	"Device.DeviceInfo.SerialNumber\tS1\n"
	"Device.DeviceInfo.HardwareVersion\thw\\t1\n"
	"Device.DeviceInfo.SoftwareVersion\t1.0\n"
	"Device.DeviceInfo.ProvisioningCode\t\n"
	"Device.DeviceInfo.ModelName\tModel X\n"
	"Device.DeviceInfo.UpTime\t12\n"
	"Device.Other.Manufacturer\tnot this\n"
	"garbage line\n"
	"Device.DeviceInfo.SerialNumber\tS2\n";

static void test_identity_output(void **state)
{
	struct identity id;
	const char *why = "unset";

	assert_int_equal(identity_from_output(&id, id_out, sizeof(id_out) - 1, NULL), 0);
	assert_string_equal(id.manufacturer, "ACME");
	assert_string_equal(id.oui, "00CAFE");
	assert_string_equal(id.product_class, "Router");
	assert_string_equal(id.serial_number, "S2");
	assert_string_equal(id.hardware_version, "hw\t1");
	assert_string_equal(id.software_version, "1.0");
	assert_string_equal(id.provisioning_code, "");
	assert_string_equal(id.model_name, "Model X");
	assert_int_equal(identity_check(&id, &why), 0);
	assert_null(why);
	identity_fini(&id);
	identity_fini(&id);
}

static void test_identity_config(void **state)
{
	struct config cfg;
	struct identity id;

	memset(&cfg, 0, sizeof(cfg));
	cfg.manufacturer = "Override Inc";
	cfg.oui = "";
	cfg.serial_number = "CFG-SERIAL";
	assert_int_equal(identity_from_output(&id, id_out, sizeof(id_out) - 1, &cfg), 0);
	assert_string_equal(id.manufacturer, "Override Inc");
	assert_string_equal(id.oui, "00CAFE");
	assert_string_equal(id.product_class, "Router");
	assert_string_equal(id.serial_number, "CFG-SERIAL");
	identity_fini(&id);

	/* nothing from the plugin: config values, and "" for the rest */
	cfg.oui = "A1B2C3";
	cfg.product_class = "PC";
	assert_int_equal(identity_from_output(&id, "", 0, &cfg), 0);
	assert_string_equal(id.oui, "A1B2C3");
	assert_string_equal(id.product_class, "PC");
	assert_string_equal(id.software_version, "");
	assert_string_equal(id.model_name, "");
	assert_int_equal(identity_check(&id, NULL), 0);
	identity_fini(&id);
}

static const struct {
	const char *manufacturer, *oui, *product_class, *serial;
	int rc;
} checks[] = {
	{ "M", "00CAFE", "P", "S", 0 },
	{ "M", "0123AF", "P", "S", 0 },
	{ "M", "00cafe", "P", "S", -EINVAL },
	{ "M", "00CAF", "P", "S", -EINVAL },
	{ "M", "00CAFEE", "P", "S", -EINVAL },
	{ "M", "00CAFG", "P", "S", -EINVAL },
	{ "M", "", "P", "S", -EINVAL },
	{ "", "00CAFE", "P", "S", -EINVAL },
	{ "M", "00CAFE", "", "S", -EINVAL },
	{ "M", "00CAFE", "P", "", -EINVAL },
	{ "M", "00CAFE", "P",
	  "0123456789012345678901234567890123456789012345678901234567890123", 0 },
	{ "M", "00CAFE", "P",
	  "01234567890123456789012345678901234567890123456789012345678901234", -EINVAL },
	{ NULL, "00CAFE", "P", "S", -EINVAL },
};

static void test_identity_check(void **state)
{
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		struct identity id = {
			.manufacturer = (char *)checks[i].manufacturer,
			.oui = (char *)checks[i].oui,
			.product_class = (char *)checks[i].product_class,
			.serial_number = (char *)checks[i].serial,
		};
		const char *why = NULL;

		assert_int_equal(identity_check(&id, &why), checks[i].rc);
		if (checks[i].rc)
			assert_non_null(why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_path_length),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_numbered),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_write_capped),
		cmocka_unit_test(test_identity_output),
		cmocka_unit_test(test_identity_config),
		cmocka_unit_test(test_identity_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
