/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmp_state.c, the agent's small state file: a first start has nothing,
 * the URL and the ParameterKey survive a reload of the file, a key longer
 * than 32 bytes is cut, a file without a URL keeps its key and asks for a
 * bootstrap (acs_url NULL), and a key that is too long in the file is
 * ignored.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cwmp_state.h"
#include "log.h"
#include "store.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	log_set_level(LOG_LVL_ERR);
	snprintf(dir, sizeof(dir), "/tmp/test_cwmp_state.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/state", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_round_trip(void **state)
{
	struct cwmp_state s, t;
	char long_key[64];

	(void)state;
	cwmp_state_init(&s, dir);
	assert_int_equal(cwmp_state_load(&s), -ENOENT);
	assert_null(s.acs_url);
	assert_int_equal(cwmp_state_set_url(&s, "https://acs.example/cwmp"), 0);
	assert_int_equal(cwmp_state_set_key(&s, "key 1\twith tab"), 0);
	cwmp_state_init(&t, dir);
	assert_int_equal(cwmp_state_load(&t), 0);
	assert_string_equal(t.acs_url, "https://acs.example/cwmp");
	assert_string_equal(t.parameter_key, "key 1\twith tab");
	cwmp_state_fini(&t);

	memset(long_key, 'k', sizeof(long_key) - 1);
	long_key[sizeof(long_key) - 1] = '\0';
	assert_int_equal(cwmp_state_set_key(&s, long_key), 0);
	assert_int_equal(strlen(s.parameter_key), CWMP_STATE_KEY_MAX);
	cwmp_state_fini(&s);
}

static void test_corrupt_file(void **state)
{
	static const char no_url[] = "parameter_key=pk\n";
	struct cwmp_state s;

	(void)state;
	assert_int_equal(store_write(dir, "state", no_url, sizeof(no_url) - 1), 0);
	cwmp_state_init(&s, dir);
	assert_int_equal(cwmp_state_load(&s), 0);
	assert_null(s.acs_url);                 /* bootstrap again */
	assert_string_equal(s.parameter_key, "pk");
	cwmp_state_fini(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
