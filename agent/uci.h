/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader for the UCI file syntax (config/option/list lines, quoting with ''
 * and "", backslash escapes in "", comments with #). It knows nothing of
 * cwmpd's options: config.c maps the result. Hostile input gets an error
 * with its line number, never a crash; sizes are capped.
 *
 * The syntax is what libuci's `uci import` accepts: statements `config TYPE
 * [NAME]`, `option NAME VALUE`, `list NAME VALUE`, `package NAME` (ignored),
 * keywords also as c/o/l/p; `;` ends a statement; an unquoted `#` starts a
 * comment anywhere; a word joins unquoted, 'single' and "double" quoted parts
 * like the shell; a backslash outside single quotes makes the next byte
 * literal, and a backslash before a newline joins lines; quoted values may
 * span lines. Stricter than libuci: option/list need a value, a section type
 * must be printable ASCII, NUL bytes are refused.
 */
#ifndef CWMP_UCI_H
#define CWMP_UCI_H

#include <stdbool.h>
#include <stddef.h>

#define UCI_MAX_FILE   (256 * 1024)   /* bytes */
#define UCI_MAX_VALUE  4096           /* bytes in one value */

struct uci_option {
	char *name;
	char *value;        /* unescaped value */
	int is_list;        /* 1 for 'list' lines: one uci_option per value */
	int line;
	struct uci_option *next;
	size_t start, end;  /* byte offsets of the statement in the parsed text */
};

struct uci_section {
	char *type;         /* "acs" */
	char *name;         /* "acs", or NULL for an anonymous section */
	int line;
	struct uci_option *options;   /* in file order */
	struct uci_section *next;
	size_t start, end;  /* byte offsets of the config statement */
};

struct uci_file {
	struct uci_section *sections; /* in file order */
};

/*
 * Parse len bytes of text (need not be NUL-terminated; never read past len).
 * On success returns 0 and *out (caller frees with uci_file_free). On a
 * syntax error returns -EINVAL and sets *err_line and err (a short reason,
 * NUL-terminated within errlen). -E2BIG past UCI_MAX_FILE, -ENOMEM (both
 * with *err_line 0 and a reason in err). *out is NULL on failure.
 */
int uci_parse(const char *text, size_t len, struct uci_file **out,
	      int *err_line, char *err, size_t errlen);
void uci_file_free(struct uci_file *f);

/* First section with this name (named sections) or NULL. */
struct uci_section *uci_section_find(struct uci_file *f, const char *name);

/* Last section of this type, or NULL. */
struct uci_section *uci_section_last(struct uci_file *f, const char *type);

/*
 * Rewrite one option in UCI text, keeping every other byte: in the last
 * section of the given type, the last option or list statement called name
 * becomes `option NAME 'VALUE'` (a ' in value written as '\'' like uci);
 * when there is none, that line is added after the section's last
 * statement; when there is no such section, `config TYPE 'TYPE'` and the
 * option are appended. Line ends follow the text's (LF or CRLF). The result
 * is parsed again before it is returned. Returns 0 and *out, NUL-terminated,
 * *outlen bytes, which the caller frees; -EINVAL when text does not parse,
 * type or name is not [A-Za-z0-9_]+ or value is over UCI_MAX_VALUE; -E2BIG
 * when the result would pass UCI_MAX_FILE; -ENOMEM.
 */
int uci_text_set_option(const char *text, size_t len, const char *type,
			const char *name, const char *value,
			char **out, size_t *outlen);

/*
 * Copy s into out (outlen > 4) for an error message: bytes outside
 * printable ASCII become '?', and a string that does not fit ends in "...".
 */
void uci_printable(const char *s, char *out, size_t outlen);

/* True for a name made of [A-Za-z0-9_]+ (option and section names). */
bool uci_is_ident(const char *s);

#endif
