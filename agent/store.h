/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The state directory: small files written atomically (temp file, fsync,
 * rename, fsync of the directory) and only when their content changes, so a
 * crash or power cut leaves either the old or the new file and flash is not
 * worn by rewriting the same bytes.
 */
#ifndef CWMP_STORE_H
#define CWMP_STORE_H

#include <stddef.h>

#define STORE_MAX_FILE (1024 * 1024)

/* Create dir (and its parents) with mode 0700 if missing. 0 or -errno. */
int store_init(const char *dir);

/* Atomically replace dir/name with len bytes of buf; no write when the file
 * already holds exactly those bytes. 0 or -errno.
 * In every function here name is one path component: empty, holding '/' or
 * starting with '.' (reserved for the temp files ".name.tmp") is -EINVAL. */
int store_write(const char *dir, const char *name, const void *buf, size_t len);

/* Read dir/name into a new NUL-terminated buffer (*buf, caller frees) of
 * *len bytes. -ENOENT when missing, -EFBIG past max bytes, other -errno. */
int store_read(const char *dir, const char *name, char **buf, size_t *len, size_t max);

/* Remove dir/name; a missing file is not an error. */
int store_remove(const char *dir, const char *name);

/* Remove every regular file in dir (factory reset); subdirectories,
 * symlinks and the like are left alone. A missing dir is not an error.
 * 0 or the first -errno met (the other files are still removed); a
 * readdir that fails is an error, not the end of the directory. */
int store_wipe(const char *dir);

/*
 * A tiny key=value format for state files: one "key=value" per line, value
 * escaped with \n \\ as in the plugin protocol. kv_get returns a new string
 * (caller frees) or NULL when absent (or out of memory). A malformed line
 * is skipped; when a key appears twice the first good line wins.
 */
char *store_kv_get(const char *text, const char *key);

/*
 * Write one "key=value\n" line, value escaped, into out (size bytes, always
 * NUL-terminated when size > 0). Build a file by appending: out + used,
 * size - used. Returns the line's length, -EINVAL for an empty key or one
 * holding '=', '\n', '\t' or '\\', or -ENOSPC when out is too small.
 */
int store_kv_format(char *out, size_t size, const char *key, const char *value);

/*
 * The escaping of the plugin protocol, for state files: backslash, tab,
 * newline and carriage return become \\ \t \n \r. store_escape writes s escaped into out (size
 * bytes, NUL-terminated) and returns its length or -ENOSPC.
 * store_unescape reads len bytes of in (need not be NUL-terminated) into out
 * and returns the length, -EINVAL for a bad or trailing escape or a raw NUL,
 * tab or newline, -ENOSPC when out (size bytes incl. the NUL) is too small.
 */
int store_escape(char *out, size_t size, const char *s);
int store_unescape(char *out, size_t size, const char *in, size_t len);

/*
 * The state dir is cwmpd's alone (it holds the ACS and connection request
 * passwords, the transfer queue, the sim's Wi-Fi keys): mode 0700 on dir
 * and every directory below it, 0600 on every file, whatever an older
 * version or an operator left (a dir made 0755 by hand). Symlinks are not
 * followed. 0, or the first -errno (the walk goes on; logged).
 */
int store_private(const char *dir);

#endif
