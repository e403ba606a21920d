/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader for the UCI file syntax (config/option/list lines, quoting with ''
 * and "", backslash escapes in "", comments with #). It knows nothing of
 * cwmpd's options: config.c maps the result. Hostile input gets an error
 * with its line number, never a crash; sizes are capped.
 */
#ifndef CWMP_UCI_H
#define CWMP_UCI_H

#include <stddef.h>

#define UCI_MAX_FILE   (256 * 1024)   /* bytes */
#define UCI_MAX_VALUE  4096           /* bytes in one value */

struct uci_option {
	char *name;
	char *value;        /* unescaped value */
	int is_list;        /* 1 for 'list' lines: one uci_option per value */
	int line;
	struct uci_option *next;
};

struct uci_section {
	char *type;         /* "acs" */
	char *name;         /* "acs", or NULL for an anonymous section */
	int line;
	struct uci_option *options;   /* in file order */
	struct uci_section *next;
};

struct uci_file {
	struct uci_section *sections; /* in file order */
};

/*
 * Parse len bytes of text. On success returns 0 and *out (caller frees with
 * uci_file_free). On a syntax error returns -EINVAL and sets *err_line and
 * err (a short reason, NUL-terminated within errlen). -E2BIG past
 * UCI_MAX_FILE, -ENOMEM.
 */
int uci_parse(const char *text, size_t len, struct uci_file **out,
	      int *err_line, char *err, size_t errlen);
void uci_file_free(struct uci_file *f);

/* First section with this name (named sections) or NULL. */
struct uci_section *uci_section_find(struct uci_file *f, const char *name);

#endif
