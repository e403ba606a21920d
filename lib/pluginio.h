/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The plugin data format: one "path<TAB>value" per line, with backslash,
 * tab, newline and carriage return in either field escaped as \\ \t \n \r
 * (a raw CR before the LF is a CRLF line end, so a value's own last CR
 * must be escaped to survive). Used on stdin and
 * stdout of every plugin, by the data model to load plugin output into its
 * tree, and for the agent's own state files. It knows no protocol: a
 * second management protocol (USP) shares it with CWMP.
 */
#ifndef CWMP_PLUGINIO_H
#define CWMP_PLUGINIO_H

#include <stddef.h>

#include "xbuf.h"

#define PLUGINIO_MAX_PATH 256

/* Called once per good line with NUL-terminated, unescaped fields. Return
 * non-zero to stop the parse (that value is returned). */
typedef int (*pluginio_line_cb)(void *ctx, const char *path, const char *value);

/*
 * Parse len bytes (need not be NUL-terminated). A line without a TAB, with a
 * bad escape (anything but \\ \t \n \r, or a lone backslash at the end), with
 * a path longer than PLUGINIO_MAX_PATH (unescaped) or an empty path, with a
 * second raw TAB, or holding a NUL byte is counted in *bad_lines (may be
 * NULL) and skipped; so is an empty line. A CR just before the LF is
 * stripped; a last line without a newline is accepted. Returns 0, the
 * callback's non-zero value, or -ENOMEM.
 */
int pluginio_parse(const char *buf, size_t len, pluginio_line_cb cb, void *ctx,
		   size_t *bad_lines);

/* The same, with each good line's 1-based number in buf (every line
 * counts, bad and empty ones too), for messages that name the line. */
typedef int (*pluginio_numbered_cb)(void *ctx, size_t line, const char *path,
				    const char *value);
int pluginio_parse_numbered(const char *buf, size_t len, pluginio_numbered_cb cb, void *ctx,
			    size_t *bad_lines);

/* Append one escaped "path<TAB>value\n" line. Errors stick in the xbuf.
 * Every byte survives the round trip through pluginio_parse but NUL. */
void pluginio_write(struct xbuf *b, const char *path, const char *value);

/* Append s escaped (\\ \t \n \r). */
void pluginio_escape(struct xbuf *b, const char *s);

#endif
