/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a transfer's file lives: a directory of cwmpd's own inside the
 * download dir (/tmp on OpenWrt, shared with every local user), so that
 * nobody else can plant, read or swap a file a transfer writes or a plugin
 * reads (a firmware image between its check and its flashing, a
 * configuration export with the Wi-Fi keys, a symlink the plugin's export
 * would write through). It is "<dir>/cwmpd-transfers", made with mode
 * 0700; one already there is used only when it is a real directory (not
 * a symlink) owned by cwmpd's user with no access for group or others.
 * Otherwise (somebody made it first) a fresh one is made with mkdtemp,
 * "<dir>/cwmpd-XXXXXX", and kept for the life of the process: the files of
 * a transfer interrupted by a restart are then not found again, and that
 * transfer starts over.
 */
#ifndef CWMP_TRANSFER_DIR_H
#define CWMP_TRANSFER_DIR_H

#include <stddef.h>

#define TRANSFER_DIR_NAME "cwmpd-transfers"
#define TRANSFER_DIR_MAX 256

struct transfer_dir {
	char fallback[TRANSFER_DIR_MAX];   /* the mkdtemp one, "" until needed */
	char base[TRANSFER_DIR_MAX];       /* the download dir it was made in */
};

/* The private directory under base into out (size bytes). 0, or -errno:
 * -ENAMETOOLONG, or what mkdir, lstat or mkdtemp said. */
int transfer_dir_get(struct transfer_dir *d, const char *base, char *out, size_t size);

/* Is path a directory only uid can use (not a symlink, owned by uid, no
 * group or other permissions)? 0, -ENOTDIR, -EPERM, or lstat's -errno. */
int transfer_dir_check(const char *path, unsigned uid);

#endif
