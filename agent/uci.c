/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The UCI file reader: splits the text into statements of up to four words
 * (a word joins unquoted, '' and "" parts, with backslash escapes), checks
 * each statement against its keyword and builds the list of sections and
 * options (uci_edit.c rewrites one option). Input is bounded by len,
 * never by a NUL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uci.h"

#define MAX_WORDS 4   /* keyword and at most three arguments */

struct word {
	char buf[UCI_MAX_VALUE + 1];
	size_t len;
	int line;
	size_t start, end;   /* offsets in the text */
};

struct parser {
	const char *text;
	size_t len, pos;
	int line;
	int err_line;
	char *err;
	size_t errlen;
	struct uci_file *file;
	struct uci_section *sec;          /* current section */
	struct uci_section **sec_tail;
	struct uci_option **opt_tail;
	struct word words[MAX_WORDS];
	int nwords;
};

static int fail(struct parser *ps, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;

	ps->err_line = line;
	if (ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

void uci_printable(const char *s, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < outlen; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[i] = '\0';
	if (s[i] && outlen > 4)
		memcpy(out + outlen - 4, "...", 4);
}

/* Length of a backslash-newline at pos (joins lines), or 0. A backslash
 * that ends the text joins with nothing: length 1. */
static size_t continuation(const struct parser *ps, size_t pos)
{
	const char *t = ps->text;

	if (pos >= ps->len || t[pos] != '\\')
		return 0;
	if (pos + 1 == ps->len)
		return 1;
	if (t[pos + 1] == '\n')
		return 2;
	if (pos + 2 < ps->len && t[pos + 1] == '\r' && t[pos + 2] == '\n')
		return 3;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void skip_blanks(struct parser *ps)
{
	size_t n;

	while (ps->pos < ps->len) {
		if (is_blank(ps->text[ps->pos])) {
			ps->pos++;
		} else if ((n = continuation(ps, ps->pos)) != 0) {
			ps->pos += n;
			ps->line += n > 1;
		} else {
			break;
		}
	}
}

static int add_char(struct parser *ps, struct word *w, char c)
{
	if (w->len >= UCI_MAX_VALUE)
		return fail(ps, w->line, "value longer than %d bytes", UCI_MAX_VALUE);
	w->buf[w->len++] = c;
	return 0;
}

/* A backslash outside single quotes: joins lines or escapes one byte. */
static int backslash(struct parser *ps, struct word *w)
{
	size_t n = continuation(ps, ps->pos);

	if (n) {
		ps->pos += n;
		ps->line += n > 1;
		return 0;
	}
	ps->pos++;
	return add_char(ps, w, ps->text[ps->pos++]);
}

/* A quoted part starting at pos; q is the quote character. */
static int quoted(struct parser *ps, struct word *w, char q)
{
	int qline = ps->line;
	int rc;

	ps->pos++;
	for (;;) {
		if (ps->pos >= ps->len)
			return fail(ps, qline, "unterminated quote");
		char c = ps->text[ps->pos];
		if (c == q) {
			ps->pos++;
			return 0;
		}
		if (c == '\\' && q == '"') {
			rc = backslash(ps, w);
		} else {
			if (c == '\n')
				ps->line++;
			rc = add_char(ps, w, c);
			ps->pos++;
		}
		if (rc)
			return rc;
	}
}

/* One word at pos, which is not blank, a newline, ';' or '#'. */
static int read_word(struct parser *ps, struct word *w)
{
	int rc = 0;

	w->len = 0;
	w->line = ps->line;
	w->start = ps->pos;
	while (rc == 0 && ps->pos < ps->len) {
		char c = ps->text[ps->pos];
		if (is_blank(c) || c == '\n' || c == ';' || c == '#')
			break;
		if (c == '\'' || c == '"')
			rc = quoted(ps, w, c);
		else if (c == '\\')
			rc = backslash(ps, w);
		else
			rc = add_char(ps, w, ps->text[ps->pos++]);
	}
	w->buf[w->len] = '\0';
	w->end = ps->pos;
	return rc;
}

/* Words up to the end of the statement, then past its terminator. */
static int read_statement(struct parser *ps)
{
	int rc;

	ps->nwords = 0;
	for (;;) {
		skip_blanks(ps);
		if (ps->pos >= ps->len)
			return 0;
		char c = ps->text[ps->pos];
		if (c == '\n' || c == ';' || c == '#')
			break;
		if (ps->nwords == MAX_WORDS)
			return fail(ps, ps->line, "too many arguments");
		rc = read_word(ps, &ps->words[ps->nwords++]);
		if (rc)
			return rc;
	}
	if (ps->text[ps->pos] == '#')
		while (ps->pos < ps->len && ps->text[ps->pos] != '\n')
			ps->pos++;
	if (ps->pos < ps->len) {
		if (ps->text[ps->pos] == '\n')
			ps->line++;
		ps->pos++;
	}
	return 0;
}

static bool is_ident(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* A section type: printable ASCII without spaces (uci allows "wifi-iface"). */
static bool is_type(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f)
			return false;
	return true;
}

static int bad_word(struct parser *ps, const struct word *w, const char *what)
{
	char shown[40];

	uci_printable(w->buf, shown, sizeof(shown));
	return fail(ps, w->line, "invalid %s '%s'", what, shown);
}

static int out_of_memory(struct parser *ps)
{
	fail(ps, 0, "out of memory");
	return -ENOMEM;
}

static int do_config(struct parser *ps)
{
	struct word *w = ps->words;
	struct uci_section *s;

	if (ps->nwords < 2)
		return fail(ps, w[0].line, "missing section type");
	if (ps->nwords > 3)
		return fail(ps, w[3].line, "too many arguments");
	if (!is_type(w[1].buf))
		return bad_word(ps, &w[1], "section type");
	if (ps->nwords == 3 && w[2].len && !is_ident(w[2].buf))
		return bad_word(ps, &w[2], "section name");
	s = calloc(1, sizeof(*s));
	if (!s)
		return out_of_memory(ps);
	*ps->sec_tail = s;
	ps->sec_tail = &s->next;
	ps->sec = s;
	ps->opt_tail = &s->options;
	s->line = w[0].line;
	s->start = w[0].start;
	s->end = w[ps->nwords - 1].end;
	s->type = strdup(w[1].buf);
	if (ps->nwords == 3 && w[2].len)
		s->name = strdup(w[2].buf);
	if (!s->type || (ps->nwords == 3 && w[2].len && !s->name))
		return out_of_memory(ps);
	return 0;
}

static int add_option(struct parser *ps, bool is_list)
{
	struct word *w = ps->words;
	struct uci_option *o;

	if (!ps->sec)
		return fail(ps, w[0].line, "%s outside a section", is_list ? "list" : "option");
	if (ps->nwords < 2)
		return fail(ps, w[0].line, "missing option name");
	if (!is_ident(w[1].buf))
		return bad_word(ps, &w[1], "option name");
	if (ps->nwords < 3)
		return fail(ps, w[0].line, "missing value");
	if (ps->nwords > 3)
		return fail(ps, w[3].line, "too many arguments");
	o = calloc(1, sizeof(*o));
	if (!o)
		return out_of_memory(ps);
	*ps->opt_tail = o;
	ps->opt_tail = &o->next;
	o->is_list = is_list;
	o->line = w[0].line;
	o->start = w[0].start;
	o->end = w[2].end;
	o->name = strdup(w[1].buf);
	o->value = strdup(w[2].buf);
	if (!o->name || !o->value)
		return out_of_memory(ps);
	return 0;
}

static int do_option(struct parser *ps)
{
	return add_option(ps, false);
}

static int do_list(struct parser *ps)
{
	return add_option(ps, true);
}

/* `package NAME` names the config in an import; the file is ours already. */
static int do_package(struct parser *ps)
{
	struct word *w = ps->words;

	if (ps->nwords < 2)
		return fail(ps, w[0].line, "missing package name");
	if (ps->nwords > 2)
		return fail(ps, w[2].line, "too many arguments");
	if (!is_ident(w[1].buf))
		return bad_word(ps, &w[1], "package name");
	return 0;
}

static const struct keyword {
	const char *name;
	const char *abbrev;
	int (*run)(struct parser *ps);
} keywords[] = {
	{ "config", "c", do_config },
	{ "option", "o", do_option },
	{ "list", "l", do_list },
	{ "package", "p", do_package },
};

static int run_statement(struct parser *ps)
{
	const char *kw = ps->words[0].buf;

	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(kw, keywords[i].name) == 0 || strcmp(kw, keywords[i].abbrev) == 0)
			return keywords[i].run(ps);
	return bad_word(ps, &ps->words[0], "keyword");
}

static int check_nul(struct parser *ps)
{
	const char *nul = ps->len ? memchr(ps->text, '\0', ps->len) : NULL;
	int line = 1;

	if (!nul)
		return 0;
	for (const char *p = ps->text; p < nul; p++)
		line += *p == '\n';
	return fail(ps, line, "NUL byte");
}

static int parse_all(struct parser *ps)
{
	int rc = check_nul(ps);

	while (rc == 0 && ps->pos < ps->len) {
		rc = read_statement(ps);
		if (rc == 0 && ps->nwords > 0)
			rc = run_statement(ps);
	}
	return rc;
}

int uci_parse(const char *text, size_t len, struct uci_file **out,
	      int *err_line, char *err, size_t errlen)
{
	struct parser *ps = NULL;
	int rc = -ENOMEM;

	*out = NULL;
	*err_line = 0;
	if (errlen)
		err[0] = '\0';
	if (len > UCI_MAX_FILE) {
		snprintf(err, errlen, "file larger than %d bytes", UCI_MAX_FILE);
		return -E2BIG;
	}
	ps = calloc(1, sizeof(*ps));
	if (!ps || !(ps->file = calloc(1, sizeof(*ps->file)))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ps->text = text;
	ps->len = len;
	ps->line = 1;
	ps->err = err;
	ps->errlen = errlen;
	ps->sec_tail = &ps->file->sections;
	rc = parse_all(ps);
	*err_line = ps->err_line;
	if (rc == 0) {
		*out = ps->file;
		ps->file = NULL;
	}
out:
	if (ps)
		uci_file_free(ps->file);
	free(ps);
	return rc;
}

static void options_free(struct uci_option *o)
{
	while (o) {
		struct uci_option *next = o->next;
		free(o->name);
		free(o->value);
		free(o);
		o = next;
	}
}

void uci_file_free(struct uci_file *f)
{
	struct uci_section *s, *next;

	if (!f)
		return;
	for (s = f->sections; s; s = next) {
		next = s->next;
		options_free(s->options);
		free(s->type);
		free(s->name);
		free(s);
	}
	free(f);
}

struct uci_section *uci_section_find(struct uci_file *f, const char *name)
{
	for (struct uci_section *s = f->sections; s; s = s->next)
		if (s->name && strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

struct uci_section *uci_section_last(struct uci_file *f, const char *type)
{
	struct uci_section *last = NULL;

	for (struct uci_section *s = f->sections; s; s = s->next)
		if (strcmp(s->type, type) == 0)
			last = s;
	return last;
}

bool uci_is_ident(const char *s)
{
	return is_ident(s);
}
