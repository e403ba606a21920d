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
 * already holds exactly those bytes. 0 or -errno. */
int store_write(const char *dir, const char *name, const void *buf, size_t len);

/* Read dir/name into a new NUL-terminated buffer (*buf, caller frees) of
 * *len bytes. -ENOENT when missing, -EFBIG past max bytes, other -errno. */
int store_read(const char *dir, const char *name, char **buf, size_t *len, size_t max);

/* Remove dir/name; a missing file is not an error. */
int store_remove(const char *dir, const char *name);

/* Remove every regular file in dir (factory reset). */
int store_wipe(const char *dir);

/*
 * A tiny key=value format for state files: one "key=value" per line, value
 * escaped with \n \\ as in the plugin protocol. kv_get returns a new string
 * (caller frees) or NULL when absent. A malformed line is skipped.
 */
char *store_kv_get(const char *text, const char *key);

#endif
