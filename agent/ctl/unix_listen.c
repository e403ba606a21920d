/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A Unix control socket nobody else can plant or take over (unix_listen.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "unix_listen.h"

static bool owner_ok(uid_t uid)
{
	return uid == 0 || uid == geteuid();
}

static int address(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (path[0] != '/' || strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return 0;
}

/* The directory holding path: root's or ours, and no one else may add or
 * remove its entries (sticky when others may write). */
static int dir_ok(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *slash = strrchr(path, '/');
	struct stat st;

	snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (stat(dir, &st) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (!owner_ok(st.st_uid) || ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)))
		return -EPERM;
	return 0;
}

/* Does a process listen on the socket at sa? */
static bool listened(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool on;

	if (fd < 0)
		return true;            /* cannot tell: leave it */
	on = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 || errno == EAGAIN;
	close(fd);
	return on;
}

/* Make room at path: nothing there, or our own socket left by a crash
 * (removed). 0 or -errno. */
static int clear_path(const char *path, const struct sockaddr_un *sa)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid())
		return -EEXIST;
	if (listened(sa))
		return -EADDRINUSE;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
}

/* Bind with mode 0600 from the start (no window where others may
 * connect), then check that path is the socket just made. */
static int bind_private(int fd, const char *path, const struct sockaddr_un *sa,
			struct stat *made)
{
	mode_t old = umask(0177);
	int rc = bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 ? 0 : -errno;

	umask(old);
	if (rc != 0)
		return rc;
	if (lstat(path, made) != 0)
		return -errno;
	return S_ISSOCK(made->st_mode) && made->st_uid == geteuid() ? 0 : -EEXIST;
}

int unix_listen(const char *path, int backlog, struct stat *made)
{
	struct sockaddr_un sa;
	int fd, rc = address(path, &sa);

	memset(made, 0, sizeof(*made));        /* nothing made yet: nothing to unlink */
	if (rc == 0)
		rc = dir_ok(path);
	if (rc == 0)
		rc = clear_path(path, &sa);
	if (rc != 0)
		return rc;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = bind_private(fd, path, &sa, made);
	if (rc == 0 && listen(fd, backlog) != 0)
		rc = -errno;
	if (rc != 0) {
		if (rc != -EADDRINUSE && rc != -EEXIST)
			unix_unlink(path, made);
		close(fd);
		return rc;
	}
	return fd;
}

void unix_unlink(const char *path, const struct stat *made)
{
	struct stat st;

	if (lstat(path, &st) == 0 && st.st_dev == made->st_dev && st.st_ino == made->st_ino)
		unlink(path);
}
