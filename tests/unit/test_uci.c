/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the UCI reader (agent/uci.c) as tables: good files with
 * every quoting form, comment and line end, dumped and compared; every
 * syntax error with its line and reason; hostile input (long values, 10k
 * sections, NUL bytes, random bytes, the size cap); every prefix of every
 * good file in a buffer of exactly that size; and the rewriting of one
 * option (uci_text_set_option) byte for byte.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../agent/uci.h"

/* ---- helpers --------------------------------------------------------------- */

static void expect_str(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		print_error("%s:\n got: [%s]\nwant: [%s]\n", what, got, want);
		fail();
	}
}

static void expect_int(const char *what, long got, long want)
{
	if (got != want) {
		print_error("%s: got %ld, want %ld\n", what, got, want);
		fail();
	}
}

/* The parse result as text: "[type name @line]" and "o|l name=value @line". */
static void dump(const struct uci_file *f, char *out, size_t outlen)
{
	size_t n = 0;

	out[0] = '\0';
	for (const struct uci_section *s = f->sections; s; s = s->next) {
		n += (size_t)snprintf(out + n, outlen - n, "[%s %s @%d]\n", s->type,
				      s->name ? s->name : "-", s->line);
		for (const struct uci_option *o = s->options; o; o = o->next)
			n += (size_t)snprintf(out + n, outlen - n, "%c %s=%s @%d\n",
					      o->is_list ? 'l' : 'o', o->name, o->value, o->line);
		assert_true(n < outlen);
	}
}

/* Parse a copy of exactly len bytes so that ASan sees any over-read. */
static int parse_exact(const char *text, size_t len, struct uci_file **f, int *line,
		       char *err, size_t errlen)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	rc = uci_parse(copy, len, f, line, err, errlen);
	free(copy);
	return rc;
}

/* ---- good files ------------------------------------------------------------ */

static const struct good {
	const char *name;
	const char *text;
	const char *want;
} goods[] = {
	{ "basic", "config acs 'acs'\n\toption url 'http://a/'\n",
	  "[acs acs @1]\no url=http://a/ @2\n" },
	{ "empty file", "", "" },
	{ "only blanks and comments", "\n  \t\n# c\n   # d\n\r\n", "" },
	{ "unquoted, single, double",
	  "config t\noption a plain\noption b 'single q'\noption c \"double q\"\n",
	  "[t - @1]\no a=plain @2\no b=single q @3\no c=double q @4\n" },
	{ "parts concatenate", "config t\noption a 'a'\"b\"c'd'\n",
	  "[t - @1]\no a=abcd @2\n" },
	{ "escaped quote as uci writes it", "config t\noption a 'it'\\''s'\n",
	  "[t - @1]\no a=it's @2\n" },
	{ "backslash in double quotes", "config t\noption a \"x\\\"y\\\\z\\t\"\n",
	  "[t - @1]\no a=x\"y\\zt @2\n" },
	{ "backslash in single quotes is literal", "config t\noption a 'x\\y'\n",
	  "[t - @1]\no a=x\\y @2\n" },
	{ "backslash unquoted", "config t\noption a a\\ b\\#c\n",
	  "[t - @1]\no a=a b#c @2\n" },
	{ "empty values", "config t\noption a ''\noption b \"\"\n",
	  "[t - @1]\no a= @2\no b= @3\n" },
	{ "hash and semicolon quoted", "config t\noption a 'x # y; z'\n",
	  "[t - @1]\no a=x # y; z @2\n" },
	{ "comment after value", "config t # c\n\toption a b # c 'd\n\toption e f#g\n",
	  "[t - @1]\no a=b @2\no e=f @3\n" },
	{ "CRLF", "config acs 'acs'\r\n\toption url 'x'\r\n\toption a b\r\n",
	  "[acs acs @1]\no url=x @2\no a=b @3\n" },
	{ "lists", "config cpe\n\tlist dns '1.1.1.1'\n\tlist dns 8.8.8.8\n\toption x y\n",
	  "[cpe - @1]\nl dns=1.1.1.1 @2\nl dns=8.8.8.8 @3\no x=y @4\n" },
	{ "tabs and spaces", "  config\t t \t'n'  \n\t \toption\ta\t\tb\t\n",
	  "[t n @1]\no a=b @2\n" },
	{ "no newline at end", "config t\noption a b", "[t - @1]\no a=b @2\n" },
	{ "semicolons", "config t; option a b; option c 'd;e';\n",
	  "[t - @1]\no a=b @1\no c=d;e @1\n" },
	{ "short keywords", "p cwmpd\nc t n\no a b\nl c d\n",
	  "[t n @2]\no a=b @3\nl c=d @4\n" },
	{ "package line", "package cwmpd\n\nconfig t\n", "[t - @3]\n" },
	{ "multi-line quoted value", "config t\noption a 'l1\nl2'\noption b \"x\ny\"\noption c d\n",
	  "[t - @1]\no a=l1\nl2 @2\no b=x\ny @4\no c=d @6\n" },
	{ "line continuation", "config t\noption a \\\n  b\noption c x\\\ny\noption d \"p\\\nq\"\n",
	  "[t - @1]\no a=b @2\no c=xy @4\no d=pq @6\n" },
	{ "continuation with CRLF", "config t\r\noption a x\\\r\ny\r\noption b c\r\n",
	  "[t - @1]\no a=xy @2\no b=c @4\n" },
	{ "backslash at end of file", "config t\noption a b\\", "[t - @1]\no a=b @2\n" },
	{ "lone backslash at end of file", "config t\n\\", "[t - @1]\n" },
	{ "typed names", "config wifi-iface 'w0'\nconfig 'acs' \"acs\"\nconfig t ''\n",
	  "[wifi-iface w0 @1]\n[acs acs @2]\n[t - @3]\n" },
	{ "several sections", "config a\noption x 1\n\nconfig b 'n'\noption y 2\nconfig a\n",
	  "[a - @1]\no x=1 @2\n[b n @4]\no y=2 @5\n[a - @6]\n" },
	{ "bytes above ASCII in values", "config t\noption a '\xc3\xa9t\xc3\xa9'\n",
	  "[t - @1]\no a=\xc3\xa9t\xc3\xa9 @2\n" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_good(void **state)
{
	struct uci_file *f;
	char err[128], out[2048];
	int line;

	(void)state;
	for (size_t i = 0; i < N(goods); i++) {
		int rc = parse_exact(goods[i].text, strlen(goods[i].text), &f, &line, err,
				     sizeof(err));
		if (rc != 0)
			print_error("%s: line %d: %s\n", goods[i].name, line, err);
		expect_int(goods[i].name, rc, 0);
		dump(f, out, sizeof(out));
		expect_str(goods[i].name, out, goods[i].want);
		uci_file_free(f);
	}
}

/* Every prefix of every good file parses or fails with a reason. */
static void test_prefixes(void **state)
{
	struct uci_file *f;
	char err[128];
	int line;

	(void)state;
	for (size_t i = 0; i < N(goods); i++) {
		size_t len = strlen(goods[i].text);
		for (size_t n = 0; n <= len; n++) {
			int rc = parse_exact(goods[i].text, n, &f, &line, err, sizeof(err));
			if (rc == 0) {
				assert_non_null(f);
				uci_file_free(f);
				continue;
			}
			expect_int(goods[i].name, rc, -EINVAL);
			assert_null(f);
			assert_true(line >= 1);
			assert_true(err[0] != '\0');
		}
	}
}

static void test_offsets(void **state)
{
	static const char text[] = "config t 'n' # c\n\toption a 'b' # x\n\tlist c d;option e f\n";
	struct uci_file *f;
	struct uci_option *o;
	char err[64];
	int line;

	(void)state;
	assert_int_equal(uci_parse(text, strlen(text), &f, &line, err, sizeof(err)), 0);
	assert_int_equal(f->sections->start, 0);
	assert_int_equal(f->sections->end, 12);
	o = f->sections->options;
	assert_int_equal(o->start, 18);
	assert_int_equal(o->end, 30);
	o = o->next;
	assert_int_equal(o->start, 36);
	assert_int_equal(o->end, 44);
	o = o->next;
	assert_int_equal(o->start, 45);
	assert_int_equal(o->end, 55);
	assert_ptr_equal(uci_section_find(f, "n"), f->sections);
	assert_null(uci_section_find(f, "t"));
	assert_ptr_equal(uci_section_last(f, "t"), f->sections);
	assert_null(uci_section_last(f, "n"));
	uci_file_free(f);
}

/* ---- errors ---------------------------------------------------------------- */

static const struct bad {
	const char *name;
	const char *text;
	size_t len;          /* 0: strlen(text) */
	int line;
	const char *err;
} bads[] = {
	{ "option before section", "option a b\n", 0, 1, "option outside a section" },
	{ "list before section", "# c\n\nlist a b\nconfig t\n", 0, 3, "list outside a section" },
	{ "missing value", "config t\n\toption b\n", 0, 2, "missing value" },
	{ "missing value before comment", "config t\n\toption b # 'c'\n", 0, 2, "missing value" },
	{ "missing value at EOF", "config t\n\toption b", 0, 2, "missing value" },
	{ "missing option name", "config t\n\toption\n", 0, 2, "missing option name" },
	{ "missing section type", "\nconfig\n", 0, 2, "missing section type" },
	{ "missing package name", "package\n", 0, 1, "missing package name" },
	{ "unterminated single", "config t\noption a 'b\n", 0, 2, "unterminated quote" },
	{ "unterminated double", "config t\noption a \"b\\\"\n", 0, 2, "unterminated quote" },
	{ "unterminated at EOF", "config t\noption a 'b", 0, 2, "unterminated quote" },
	{ "unterminated over lines", "config t\n\noption a 'b\nc\n\nd\n", 0, 3, "unterminated quote" },
	{ "quote after value", "config t\noption a b'\n", 0, 2, "unterminated quote" },
	{ "bad option name", "config t\n\n\toption b-c d\n", 0, 3, "invalid option name 'b-c'" },
	{ "empty option name", "config t\noption '' d\n", 0, 2, "invalid option name ''" },
	{ "bad list name", "config t\nlist 'a.b' d\n", 0, 2, "invalid option name 'a.b'" },
	{ "bad section name", "config t b-c\n", 0, 1, "invalid section name 'b-c'" },
	{ "bad section type", "config 'a b'\n", 0, 1, "invalid section type 'a b'" },
	{ "empty section type", "config ''\n", 0, 1, "invalid section type ''" },
	{ "bad package name", "package 'a/b'\n", 0, 1, "invalid package name 'a/b'" },
	{ "unknown keyword", "config t\nopt a b\n", 0, 2, "invalid keyword 'opt'" },
	{ "keyword shown printable", "\x01\xff x\n", 0, 1, "invalid keyword '?" "?'" },
	{ "too many option args", "config t\noption a b c\n", 0, 2, "too many arguments" },
	{ "too many config args", "config t n x\n", 0, 1, "too many arguments" },
	{ "too many words", "config t\noption a b c d e\n", 0, 2, "too many arguments" },
	{ "too many package args", "package a b\n", 0, 1, "too many arguments" },
	{ "NUL byte", "config t\n\noption a b\0c\n", 21, 3, "NUL byte" },
	{ "NUL byte in comment", "# \0\n", 4, 1, "NUL byte" },
	{ "NUL byte at end", "config t\n\0", 10, 2, "NUL byte" },
	{ "error after continuation", "config t\noption a \\\nb c\n", 0, 3, "too many arguments" },
};

static void test_bad(void **state)
{
	struct uci_file *f;
	char err[128];
	int line;

	(void)state;
	for (size_t i = 0; i < N(bads); i++) {
		size_t len = bads[i].len ? bads[i].len : strlen(bads[i].text);
		int rc = parse_exact(bads[i].text, len, &f, &line, err, sizeof(err));
		expect_int(bads[i].name, rc, -EINVAL);
		assert_null(f);
		expect_str(bads[i].name, err, bads[i].err);
		expect_int(bads[i].name, line, bads[i].line);
	}
}

/* A small or zero error buffer is never overrun. */
static void test_small_err(void **state)
{
	struct uci_file *f;
	char err[8];
	int line;

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_equal(uci_parse("config t b-c\n", 13, &f, &line, err, 6), -EINVAL);
	assert_string_equal(err, "inval");
	assert_int_equal(err[6], 'x');
	assert_int_equal(uci_parse("config t b-c\n", 13, &f, &line, NULL, 0), -EINVAL);
	assert_int_equal(line, 1);
	assert_int_equal(uci_parse(NULL, 0, &f, &line, NULL, 0), 0);
	assert_null(f->sections);
	uci_file_free(f);
	uci_file_free(NULL);
}

/* ---- hostile input --------------------------------------------------------- */

static char *repeat(const char *head, char c, size_t n, const char *tail, size_t *len)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);

	assert_non_null(s);
	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	*len = h + n + t;
	return s;
}

static void test_long_values(void **state)
{
	struct uci_file *f;
	char err[128];
	size_t len;
	char *s;
	int line;

	(void)state;
	s = repeat("config t\noption a '", 'x', UCI_MAX_VALUE, "'\n", &len);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), 0);
	assert_int_equal(strlen(f->sections->options->value), UCI_MAX_VALUE);
	uci_file_free(f);
	free(s);

	s = repeat("config t\n\noption a ", 'x', UCI_MAX_VALUE + 1, "\n", &len);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "value longer than 4096 bytes");
	assert_int_equal(line, 3);
	free(s);

	s = repeat("config t\noption ", 'n', 100000, " v\n", &len);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "value longer than 4096 bytes");
	free(s);

	s = repeat("config t\n#", ' ', 200000, "\noption a b\n", &len);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), 0);
	assert_int_equal(f->sections->options->line, 3);
	uci_file_free(f);
	free(s);

	s = repeat("config t\n", '\n', 100000, "option a b\n", &len);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), 0);
	assert_int_equal(f->sections->options->line, 100002);
	uci_file_free(f);
	free(s);
}

static void test_many_sections(void **state)
{
	size_t cap = 10000 * 32, n = 0, count = 0;
	char *s = malloc(cap);
	struct uci_file *f;
	char err[128];
	int line;

	(void)state;
	assert_non_null(s);
	for (int i = 0; i < 10000; i++)
		n += (size_t)snprintf(s + n, cap - n, "config s s%d\n\to o %d\n", i, i);
	assert_true(n < UCI_MAX_FILE);
	assert_int_equal(uci_parse(s, n, &f, &line, err, sizeof(err)), 0);
	for (struct uci_section *sec = f->sections; sec; sec = sec->next)
		count++;
	assert_int_equal(count, 10000);
	assert_string_equal(uci_section_last(f, "s")->name, "s9999");
	assert_string_equal(uci_section_find(f, "s5000")->options->value, "5000");
	uci_file_free(f);
	free(s);
}

static void test_garbage(void **state)
{
	static const char alphabet[] = "config option list package 'x\"\\;#\n\r\t abc_-";
	uint32_t x = 2463534242u;
	char buf[4096], err[128];
	struct uci_file *f;
	int line, rc;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(round % 200) * 20 + 1;
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = round % 2 ? (char)x : alphabet[x % (sizeof(alphabet) - 1)];
		}
		rc = parse_exact(buf, len, &f, &line, err, sizeof(err));
		assert_true(rc == 0 || rc == -EINVAL);
		if (rc == 0)
			uci_file_free(f);
		else
			assert_true(line >= 1 && err[0]);
	}
}

static void test_size_cap(void **state)
{
	struct uci_file *f;
	char err[128];
	size_t len;
	char *s;
	int line;

	(void)state;
	s = repeat("config t\n#", 'x', UCI_MAX_FILE - 11, "\n", &len);
	assert_int_equal(len, UCI_MAX_FILE);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), 0);
	uci_file_free(f);
	free(s);

	s = repeat("config t\n#", 'x', UCI_MAX_FILE - 10, "\n", &len);
	assert_int_equal(uci_parse(s, len, &f, &line, err, sizeof(err)), -E2BIG);
	assert_null(f);
	assert_int_equal(line, 0);
	assert_string_equal(err, "file larger than 262144 bytes");
	free(s);
}

static void test_printable(void **state)
{
	char out[12];

	(void)state;
	uci_printable("abc", out, sizeof(out));
	assert_string_equal(out, "abc");
	uci_printable("a\nb\x7f\xc3", out, sizeof(out));
	assert_string_equal(out, "a?b??");
	uci_printable("0123456789ab", out, sizeof(out));
	assert_string_equal(out, "01234567...");
	uci_printable("0123456789a", out, sizeof(out));
	assert_string_equal(out, "0123456789a");
}

/* ---- rewriting one option -------------------------------------------------- */

static const struct edit {
	const char *name;
	const char *text;
	const char *type, *option, *value;
	const char *want;
} edits[] = {
	{ "replace keeps comments",
	  "# head\nconfig acs 'acs'\n\t# the url\n\toption url 'http://a/' # old\n\toption x y\n",
	  "acs", "url", "https://b/",
	  "# head\nconfig acs 'acs'\n\t# the url\n\toption url 'https://b/' # old\n\toption x y\n" },
	{ "replace unquoted and short keyword", "config acs\n  o   url\thttp://a/;o x y\n",
	  "acs", "url", "v", "config acs\n  option url 'v';o x y\n" },
	{ "quote in value", "config acs 'acs'\n\toption password 'a'\n",
	  "acs", "password", "it's \"x\"",
	  "config acs 'acs'\n\toption password 'it'\\''s \"x\"'\n" },
	{ "empty value", "config acs 'acs'\n\toption password 'a'\n",
	  "acs", "password", "", "config acs 'acs'\n\toption password ''\n" },
	{ "value with newline", "config acs 'acs'\n\toption a 'b'\n",
	  "acs", "a", "l1\nl2", "config acs 'acs'\n\toption a 'l1\nl2'\n" },
	{ "last of several wins", "config acs\n\toption a 1\n\toption a 2\nconfig acs\n\toption a 3\n\toption a 4\n",
	  "acs", "a", "5", "config acs\n\toption a 1\n\toption a 2\nconfig acs\n\toption a 3\n\toption a '5'\n" },
	{ "list replaced", "config acs\n\tlist a 1\n\tlist a 2\n",
	  "acs", "a", "3", "config acs\n\tlist a 1\n\toption a '3'\n" },
	{ "added at end of section", "config acs 'acs'\n\toption a 'b'\n\nconfig cpe 'cpe'\n\toption c d\n",
	  "acs", "url", "u",
	  "config acs 'acs'\n\toption a 'b'\n\toption url 'u'\n\nconfig cpe 'cpe'\n\toption c d\n" },
	{ "added after trailing comment", "config acs 'acs'\n\toption a 'b' # note\n# next\nconfig cpe\n",
	  "acs", "url", "u",
	  "config acs 'acs'\n\toption a 'b' # note\n\toption url 'u'\n# next\nconfig cpe\n" },
	{ "added to empty section", "config acs 'acs'\nconfig cpe\n", "acs", "url", "u",
	  "config acs 'acs'\n\toption url 'u'\nconfig cpe\n" },
	{ "added at EOF without newline", "config acs 'acs'\n\toption a b", "acs", "url", "u",
	  "config acs 'acs'\n\toption a b\n\toption url 'u'\n" },
	{ "added at EOF after comment", "config acs 'acs' # c", "acs", "url", "u",
	  "config acs 'acs' # c\n\toption url 'u'\n" },
	{ "added on a shared line", "config acs; option a b; config cpe\n", "acs", "url", "u",
	  "config acs; option a b; option url 'u'; config cpe\n" },
	{ "section appended", "config cpe 'cpe'\n\toption port 1\n", "acs", "url", "u",
	  "config cpe 'cpe'\n\toption port 1\n\nconfig acs 'acs'\n\toption url 'u'\n" },
	{ "section appended, no newline", "# only", "acs", "url", "u",
	  "# only\n\nconfig acs 'acs'\n\toption url 'u'\n" },
	{ "section appended to empty text", "", "acs", "url", "u",
	  "\nconfig acs 'acs'\n\toption url 'u'\n" },
	{ "CRLF kept", "config acs 'acs'\r\n\toption a b\r\n", "acs", "url", "u",
	  "config acs 'acs'\r\n\toption a b\r\n\toption url 'u'\r\n" },
	{ "CRLF replace", "config acs 'acs'\r\n\toption url x\r\n", "acs", "url", "u",
	  "config acs 'acs'\r\n\toption url 'u'\r\n" },
};

static void test_set_option(void **state)
{
	char *out;
	size_t outlen;

	(void)state;
	for (size_t i = 0; i < N(edits); i++) {
		const struct edit *e = &edits[i];
		int rc = uci_text_set_option(e->text, strlen(e->text), e->type, e->option,
					     e->value, &out, &outlen);
		expect_int(e->name, rc, 0);
		expect_str(e->name, out, e->want);
		expect_int(e->name, (long)outlen, (long)strlen(e->want));
		free(out);
	}
}

static void test_set_option_errors(void **state)
{
	char *out = (char *)"unchanged", *big;
	size_t outlen, len;

	(void)state;
	assert_int_equal(uci_text_set_option("option a b\n", 11, "acs", "a", "v", &out, &outlen),
			 -EINVAL);
	assert_null(out);
	assert_int_equal(uci_text_set_option("", 0, "a-b", "a", "v", &out, &outlen), -EINVAL);
	assert_int_equal(uci_text_set_option("", 0, "acs", "a.b", "v", &out, &outlen), -EINVAL);
	assert_int_equal(uci_text_set_option("", 0, "acs", "", "v", &out, &outlen), -EINVAL);
	big = repeat("", 'x', UCI_MAX_VALUE + 1, "", &len);
	assert_int_equal(uci_text_set_option("", 0, "acs", "a", big, &out, &outlen), -EINVAL);
	big[UCI_MAX_VALUE] = '\0';
	assert_int_equal(uci_text_set_option("", 0, "acs", "a", big, &out, &outlen), 0);
	free(out);
	memset(big, '\'', UCI_MAX_VALUE);  /* escapes to four times its size */
	assert_int_equal(uci_text_set_option("", 0, "acs", "a", big, &out, &outlen), 0);
	assert_int_equal(outlen, 4 * UCI_MAX_VALUE + 31);
	free(out);
	free(big);
	big = repeat("config acs\n#", 'x', UCI_MAX_FILE - 20, "\n", &len);
	assert_int_equal(uci_text_set_option(big, len, "acs", "a", "123456789", &out, &outlen),
			 -E2BIG);
	free(big);
	/* a trailing backslash would join the new line to the old: refused */
	assert_int_equal(uci_text_set_option("config acs\noption x y\\", 22, "acs", "a", "v",
					     &out, &outlen), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_small_err),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_many_sections),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_set_option),
		cmocka_unit_test(test_set_option_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
