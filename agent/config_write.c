/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writing the configuration file (config.h: config_set_option(s)): the
 * text is edited with uci_edit.c and replaced atomically (a temporary file
 * in the same directory, fsync, rename, directory fsync; mode kept).
 */
#define _GNU_SOURCE   /* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "uci.h"

static int write_all(int fd, const char *data, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* fsync the directory holding path, so that a rename in it is durable. */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd, rc = 0;

	if (!dir)
		return -ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

/* Replace path by data: temporary file beside it, fsync, rename. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof(".XXXXXX"));
	struct stat st;
	int fd = -1, rc;

	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".XXXXXX", sizeof(".XXXXXX"));
	if (stat(path, &st) != 0 || (fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_all(fd, data, len);
	if (rc == 0 && (fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0))
		rc = -errno;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc)
		unlink(tmp);
	else
		rc = sync_dir(path);
out:
	free(tmp);
	return rc;
}

int config_set_options(const char *path, const struct config_edit *e, size_t n)
{
	char *text = NULL, *out = NULL;
	size_t len, outlen;
	int rc;

	rc = config_read_file(path, &text, &len);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = uci_text_set_option(text, len, e[i].section, e[i].option, e[i].value, &out,
					 &outlen);
		if (rc == 0) {
			free(text);
			text = out;
			len = outlen;
			out = NULL;
		}
	}
	if (rc == 0)
		rc = write_atomic(path, text, len);
	free(text);
	free(out);
	return rc;
}

int config_set_option(const char *path, const char *section, const char *option,
		      const char *value)
{
	struct config_edit e = { section, option, value };

	return config_set_options(path, &e, 1);
}
