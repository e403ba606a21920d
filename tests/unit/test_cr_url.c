/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cr_url.c, Device.ManagementServer.ConnectionRequestURL, as a table: an
 * address as configured (IPv6 in brackets), "" when connection requests
 * are off, a listening-everywhere address replaced by an interface's, the
 * loopback interface by name, and the device the platform resolved for a
 * logical interface (wan -> lo here) winning over the name.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "cr_url.h"

static void test_table(void **state)
{
	static const struct {
		bool enable, cr_enable;
		const char *address, *interface, *device, *path;
		unsigned port;
		const char *want;
	} v[] = {
		{ true, true, "192.0.2.1", "", NULL, "/cr", 7547, "http://192.0.2.1:7547/cr" },
		{ true, true, "2001:db8::1", "", NULL, "/", 7548, "http://[2001:db8::1]:7548/" },
		{ true, true, "[2001:db8::1]", "", NULL, "/", 7548, "http://[2001:db8::1]:7548/" },
		{ true, false, "192.0.2.1", "", NULL, "/", 7547, "" },
		{ false, true, "192.0.2.1", "", NULL, "/", 7547, "" },
		{ true, true, "0.0.0.0", "lo", NULL, "/x", 1, "http://127.0.0.1:1/x" },
		{ true, true, "", "lo", NULL, "/x", 2, "http://127.0.0.1:2/x" },
		{ true, true, "", "no-such-interface0", NULL, "/", 7547, "" },
		{ true, true, "", "wan", "lo", "/", 3, "http://127.0.0.1:3/" },
		{ true, true, "", "lo", "", "/", 4, "http://127.0.0.1:4/" },
		{ true, true, "", "lo", "no-such-interface0", "/", 5, "" },
	};
	char buf[300];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct config c;

		memset(&c, 0, sizeof(c));
		c.enable = v[i].enable;
		c.cr_enable = v[i].cr_enable;
		c.cr_address = (char *)v[i].address;
		c.cr_interface = (char *)v[i].interface;
		c.cr_path = (char *)v[i].path;
		c.cr_port = v[i].port;
		if (strcmp(cr_url(&c, v[i].device, buf, sizeof(buf)), v[i].want) != 0)
			fail_msg("case %zu: %s, want %s", i, buf, v[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
