/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpd's private directory for transfer files (transfer_dir.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "transfer_dir.h"

int transfer_dir_check(const char *path, unsigned uid)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (st.st_uid != uid || (st.st_mode & 077) != 0)
		return -EPERM;
	return 0;
}

/* A fresh "<base>/cwmpd-XXXXXX" into d->fallback. */
static int make_fallback(struct transfer_dir *d, const char *base)
{
	int n = snprintf(d->fallback, sizeof(d->fallback), "%s/cwmpd-XXXXXX", base);

	if (n < 0 || (size_t)n >= sizeof(d->fallback)) {
		d->fallback[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (!mkdtemp(d->fallback)) {
		int rc = -errno;

		d->fallback[0] = '\0';
		return rc;
	}
	snprintf(d->base, sizeof(d->base), "%s", base);
	return 0;
}

static int copy_out(const char *path, char *out, size_t size)
{
	int n = snprintf(out, size, "%s", path);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int transfer_dir_get(struct transfer_dir *d, const char *base, char *out, size_t size)
{
	char path[TRANSFER_DIR_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", base, TRANSFER_DIR_NAME);
	int rc;

	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	if (d->fallback[0] && strcmp(d->base, base) == 0 &&
	    transfer_dir_check(d->fallback, (unsigned)geteuid()) == 0)
		return copy_out(d->fallback, out, size);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -errno;
	rc = transfer_dir_check(path, (unsigned)geteuid());
	if (rc == 0)
		return copy_out(path, out, size);
	log_warn("transfers: %s is not cwmpd's own (%s): using a new private directory",
		 path, strerror(-rc));
	rc = make_fallback(d, base);
	return rc == 0 ? copy_out(d->fallback, out, size) : rc;
}
