/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A temporary directory per test, for cmocka's setup/teardown: the state
 * is a struct tmpdir whose path is a fresh /tmp/cwmpd-test.XXXXXX,
 * removed with everything in it afterwards.
 */
#ifndef CWMP_TEST_TMPDIR_H
#define CWMP_TEST_TMPDIR_H

struct tmpdir {
	char path[64];
};

int tmpdir_setup(void **state);
int tmpdir_teardown(void **state);

#endif
