/* SPDX-License-Identifier: BSD-2-Clause */
/* A temporary directory per test (tmpdir.h). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tmpdir.h"

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

int tmpdir_setup(void **state)
{
	struct tmpdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->path, sizeof(t->path), "/tmp/cwmpd-test.XXXXXX");
	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

int tmpdir_teardown(void **state)
{
	struct tmpdir *t = *state;

	nftw(t->path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}
