/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A listening Unix stream socket for a local control channel, made so that
 * no other user can put their own file or socket in its place: the
 * directory must be root's or ours and writable by nobody else (or
 * sticky, like /tmp, where others cannot remove or rename our entries), an
 * existing file at the path is removed only when it is a socket of ours
 * that nobody listens on (left by a crash), and the socket is created with
 * mode 0600. The caller remembers which file it made (struct stat) and
 * removes only that one.
 */
#ifndef CWMP_UNIX_LISTEN_H
#define CWMP_UNIX_LISTEN_H

#include <sys/stat.h>

/*
 * A bound, listening, non-blocking, close-on-exec socket at path (absolute,
 * at most 107 bytes); *made gets the socket file's identity. Returns the fd
 * (the caller closes it), or: -EPERM (the directory may be written by
 * another user), -EEXIST (something not ours is at path: another user's
 * file or socket, or not a socket), -EADDRINUSE (a process listens on our
 * socket there: another cwmpd), -ENAMETOOLONG, or another -errno.
 */
int unix_listen(const char *path, int backlog, struct stat *made);

/* Remove path when it still is the socket file made describes. */
void unix_unlink(const char *path, const struct stat *made);

#endif
