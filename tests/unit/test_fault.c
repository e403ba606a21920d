/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fault.c: the one table from internal errors to CWMP fault codes, and the
 * fault strings and SOAP faultcodes, as a table of cases.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fault.h"

static void test_from_errno(void **state)
{
	static const struct {
		int err, fault;
	} v[] = {
		{ 0, 0 }, { -ENOMEM, 9004 }, { -E2BIG, 9004 }, { -ENOSPC, 9004 },
		{ -ERANGE, 9004 }, { -EFBIG, 9004 }, { -EINVAL, 9002 }, { -ENOENT, 9002 },
		{ -EACCES, 9002 }, { -EPERM, 9002 }, { -ENOSYS, 9000 }, { -EIO, 9002 },
		{ -ENODEV, 9002 }, { -ETIMEDOUT, 9002 }, { -EPROTO, 9002 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (fault_from_errno(v[i].err) != v[i].fault)
			fail_msg("errno %d: fault %d, want %d", -v[i].err,
				 fault_from_errno(v[i].err), v[i].fault);
}

static void test_strings(void **state)
{
	(void)state;
	assert_string_equal(fault_string(9000), "Method not supported");
	assert_string_equal(fault_string(9850), "Vendor fault");
	assert_string_equal(fault_string(1234), "Unknown fault");
	assert_true(fault_is_client(9003));
	assert_true(fault_is_client(9021));
	assert_false(fault_is_client(9002));
	assert_false(fault_is_client(9850));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_errno),
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
