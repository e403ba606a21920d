/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Rewriting one option in UCI text (for config_set_option): the file is
 * parsed, one edit is planned (replace the option's statement, or insert
 * it after the section's last statement, or append the section), applied,
 * and the result parsed again before it is returned. Every other byte of
 * the file stays as it was.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uci.h"

#define MAX_NAME 128  /* type and option names uci_text_set_option writes */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* One edit: replace text[from, to) with ins. */
struct edit {
	size_t from, to;
	char ins[4 * UCI_MAX_VALUE + 4 * MAX_NAME];
	size_t inslen;
};

static void edit_add(struct edit *e, const char *s)
{
	size_t n = strlen(s);

	if (n > sizeof(e->ins) - 1 - e->inslen)
		n = sizeof(e->ins) - 1 - e->inslen;   /* cannot happen: value is capped */
	memcpy(e->ins + e->inslen, s, n);
	e->inslen += n;
	e->ins[e->inslen] = '\0';
}

/* "option NAME 'VALUE'" with each ' written as '\'' */
static void edit_add_option(struct edit *e, const char *name, const char *value)
{
	char one[2] = { 0, 0 };

	edit_add(e, "option ");
	edit_add(e, name);
	edit_add(e, " '");
	for (const char *p = value; *p; p++) {
		one[0] = *p;
		edit_add(e, *p == '\'' ? "'\\''" : one);
	}
	edit_add(e, "'");
}

static const char *text_eol(const char *text, size_t len)
{
	const char *nl = len ? memchr(text, '\n', len) : NULL;

	return nl && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
}

static struct uci_option *option_last(struct uci_section *s, const char *name)
{
	struct uci_option *last = NULL;

	for (struct uci_option *o = s->options; o; o = o->next)
		if (strcmp(o->name, name) == 0)
			last = o;
	return last;
}

/* Add the new option to section s: on a line after its last statement. */
static void plan_insert(const char *text, size_t len, struct uci_section *s,
			const char *eol, const char *name, const char *value,
			struct edit *e)
{
	size_t end = s->end, q;

	for (struct uci_option *o = s->options; o; o = o->next)
		end = o->end;
	for (q = end; q < len && is_blank(text[q]); q++)
		;
	if (q < len && text[q] == '#')
		while (q < len && text[q] != '\n')
			q++;
	if (q < len && text[q] != '\n') {
		e->from = e->to = end;    /* more on this line: "; option ..." */
		edit_add(e, "; ");
		edit_add_option(e, name, value);
		return;
	}
	e->from = e->to = q < len ? q + 1 : len;
	if (q >= len)
		edit_add(e, eol);
	edit_add(e, "\t");
	edit_add_option(e, name, value);
	edit_add(e, eol);
}

/* No section of this type: append one at the end of the text. */
static void plan_section(const char *text, size_t len, const char *type,
			 const char *eol, const char *name, const char *value,
			 struct edit *e)
{
	e->from = e->to = len;
	if (len && text[len - 1] != '\n')
		edit_add(e, eol);
	edit_add(e, eol);
	edit_add(e, "config ");
	edit_add(e, type);
	edit_add(e, " '");
	edit_add(e, type);
	edit_add(e, "'");
	edit_add(e, eol);
	edit_add(e, "\t");
	edit_add_option(e, name, value);
	edit_add(e, eol);
}

static void plan_edit(const char *text, size_t len, struct uci_file *f, const char *type,
		      const char *name, const char *value, struct edit *e)
{
	const char *eol = text_eol(text, len);
	struct uci_section *s = uci_section_last(f, type);
	struct uci_option *o = s ? option_last(s, name) : NULL;

	if (o) {
		e->from = o->start;
		e->to = o->end;
		edit_add_option(e, name, value);
	} else if (s) {
		plan_insert(text, len, s, eol, name, value, e);
	} else {
		plan_section(text, len, type, eol, name, value, e);
	}
}

/* The edited text must parse and hold the value we meant to write. */
static int check_result(const char *text, size_t len, const char *type,
			const char *name, const char *value)
{
	struct uci_file *f = NULL;
	struct uci_section *s;
	struct uci_option *o;
	char why[128];
	int line, rc;

	rc = uci_parse(text, len, &f, &line, why, sizeof(why));
	if (rc)
		goto out;
	s = uci_section_last(f, type);
	o = s ? option_last(s, name) : NULL;
	if (!o || o->is_list || strcmp(o->value, value) != 0)
		rc = -EINVAL;
out:
	uci_file_free(f);
	return rc;
}

static int apply_edit(const char *text, size_t len, const struct edit *e,
		      char **out, size_t *outlen)
{
	size_t n = len - (e->to - e->from) + e->inslen;
	char *buf;

	if (n > UCI_MAX_FILE)
		return -E2BIG;
	buf = malloc(n + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, text, e->from);
	memcpy(buf + e->from, e->ins, e->inslen);
	memcpy(buf + e->from + e->inslen, text + e->to, len - e->to);
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return 0;
}

int uci_text_set_option(const char *text, size_t len, const char *type,
			const char *name, const char *value,
			char **out, size_t *outlen)
{
	struct uci_file *f = NULL;
	struct edit *e = NULL;
	char why[128];
	int line, rc = -EINVAL;

	*out = NULL;
	*outlen = 0;
	if (!uci_is_ident(type) || !uci_is_ident(name) || strlen(type) > MAX_NAME ||
	    strlen(name) > MAX_NAME || strlen(value) > UCI_MAX_VALUE)
		goto out;
	rc = uci_parse(text, len, &f, &line, why, sizeof(why));
	if (rc)
		goto out;
	rc = -ENOMEM;
	e = calloc(1, sizeof(*e));
	if (!e)
		goto out;
	plan_edit(text, len, f, type, name, value, e);
	rc = apply_edit(text, len, e, out, outlen);
	if (rc == 0 && (rc = check_result(*out, *outlen, type, name, value)) != 0) {
		free(*out);
		*out = NULL;
		*outlen = 0;
	}
out:
	free(e);
	uci_file_free(f);
	return rc;
}
