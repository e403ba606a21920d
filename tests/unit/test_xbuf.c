/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for xbuf: appends, growth, the cap and its sticky error, steal,
 * move, counting, truncation, and the XML escaping (entities, dropped
 * control characters, invalid UTF-8 replaced), including a property test
 * that whatever bytes go in, the output is well-formed XML text.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/parser.h>

#include "xbuf.h"

#define FFFD "\xEF\xBF\xBD"

static void test_append(void **state)
{
	struct xbuf b;
	char big[1000];

	xbuf_init(&b, 4096);
	assert_int_equal(xbuf_adds(&b, "abc"), 0);
	assert_int_equal(xbuf_add(&b, "defXX", 3), 0);
	assert_int_equal(xbuf_add(&b, NULL, 0), 0);
	assert_int_equal(xbuf_printf(&b, "-%d-%s", 42, "x"), 0);
	assert_string_equal(b.data, "abcdef-42-x");
	assert_int_equal(b.len, 11);
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(xbuf_printf(&b, "%s|", big), 0);   /* grows past XBUF_MIN */
	assert_int_equal(b.len, 11 + 999 + 1);
	assert_int_equal(b.data[b.len - 1], '|');
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(xbuf_error(&b), 0);
	xbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	xbuf_fini(&b);
	xbuf_fini(&b);              /* twice is harmless */
}

struct cap_case {
	size_t cap;
	const char *first;
	const char *second;
	int rc2;
	const char *want;
};

static const struct cap_case cap_cases[] = {
	{ 6, "abc", "def", 0, "abcdef" },            /* exactly at the cap */
	{ 5, "abc", "def", -E2BIG, "abc" },          /* one past: nothing added */
	{ 0, "", "", 0, "" },
	{ 0, "", "a", -E2BIG, "" },
	{ 300, "", "", 0, "" },
};

static void test_cap(void **state)
{
	for (size_t i = 0; i < sizeof(cap_cases) / sizeof(cap_cases[0]); i++) {
		const struct cap_case *c = &cap_cases[i];
		struct xbuf b;

		xbuf_init(&b, c->cap);
		assert_int_equal(xbuf_adds(&b, c->first), 0);
		if (xbuf_adds(&b, c->second) != c->rc2)
			fail_msg("cap case %zu: rc", i);
		assert_int_equal(xbuf_error(&b), c->rc2);
		assert_int_equal(b.len, strlen(c->want));
		if (b.data)
			assert_string_equal(b.data, c->want);
		if (c->rc2) {
			/* sticky: even an empty append fails now */
			assert_int_equal(xbuf_adds(&b, ""), c->rc2);
			assert_int_equal(xbuf_printf(&b, "%s", ""), c->rc2);
			assert_int_equal(xbuf_add_xml(&b, ""), c->rc2);
			assert_null(xbuf_steal(&b, NULL));
			assert_int_equal(xbuf_error(&b), 0);   /* steal resets */
		}
		xbuf_fini(&b);
	}
}

static void test_printf_cap(void **state)
{
	struct xbuf b;

	xbuf_init(&b, 10);
	assert_int_equal(xbuf_printf(&b, "%s", "0123456789"), 0);
	xbuf_reset(&b);
	assert_int_equal(xbuf_printf(&b, "%s", "0123456789A"), -E2BIG);
	assert_int_equal(b.len, 0);
	xbuf_fini(&b);
}

static void test_steal(void **state)
{
	struct xbuf b;
	size_t len = 99;
	char *s;

	xbuf_init(&b, 100);
	s = xbuf_steal(&b, &len);          /* nothing added yet */
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	xbuf_adds(&b, "hello");
	s = xbuf_steal(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	free(s);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 100);
	assert_int_equal(xbuf_adds(&b, "again"), 0);   /* usable after steal */
	assert_string_equal(b.data, "again");
	xbuf_fini(&b);
}

static void test_move(void **state)
{
	struct xbuf a, b;
	char *data;

	(void)state;
	xbuf_init(&a, 100);
	xbuf_init(&b, 1000);
	xbuf_adds(&a, "old contents");
	xbuf_adds(&b, "moved");
	data = b.data;
	xbuf_move(&a, &b);
	assert_ptr_equal(a.data, data);    /* the bytes did not move */
	assert_string_equal(a.data, "moved");
	assert_int_equal(a.len, 5);
	assert_int_equal(a.cap, 1000);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 1000);
	assert_int_equal(xbuf_adds(&b, "again"), 0);   /* usable after the move */
	assert_string_equal(b.data, "again");
	xbuf_move(&a, &a);                  /* no-op */
	assert_string_equal(a.data, "moved");
	xbuf_fini(&b);
	xbuf_init(&b, 2);
	assert_int_equal(xbuf_adds(&b, "abc"), -E2BIG);
	xbuf_move(&a, &b);                  /* the sticky error moves along */
	assert_int_equal(xbuf_error(&a), -E2BIG);
	assert_int_equal(xbuf_error(&b), 0);
	xbuf_fini(&a);
	xbuf_fini(&b);
}

/* A counting xbuf gives the length the same appends give, stores nothing,
 * and keeps the cap. */
static void test_count(void **state)
{
	struct xbuf real, count;

	(void)state;
	xbuf_init(&real, 100);
	xbuf_init_count(&count, 100);
	for (int i = 0; i < 2; i++) {
		struct xbuf *b = i ? &count : &real;

		assert_int_equal(xbuf_adds(b, "abc"), 0);
		assert_int_equal(xbuf_printf(b, "<%d>", 12345), 0);
		assert_int_equal(xbuf_add_xml(b, "a&b\xff\x01<"), 0);
	}
	assert_int_equal(count.len, real.len);
	assert_null(count.data);
	assert_int_equal(xbuf_add(&count, "x", 100), -E2BIG);  /* the cap still holds */
	assert_int_equal(xbuf_error(&count), -E2BIG);
	xbuf_fini(&count);
	xbuf_truncate(&real, 3);
	assert_string_equal(real.data, "abc");
	xbuf_truncate(&real, 10);          /* longer than it is: nothing */
	assert_int_equal(real.len, 3);
	xbuf_fini(&real);
}

static void test_malloc_tune(void **state)
{
	int rc = xbuf_malloc_tune();

	(void)state;
	/* -ENOTSUP where malloc is not glibc's own (e.g. under a sanitizer) */
	assert_true(rc == 0 || rc == -ENOTSUP);
	assert_int_equal(xbuf_malloc_tune(), rc);   /* twice is harmless */
}

struct xml_case {
	const char *in;
	const char *want;
};

static const struct xml_case xml_cases[] = {
	{ "", "" },
	{ "plain text", "plain text" },
	{ "a&b", "a&amp;b" },
	{ "<>\"'", "&lt;&gt;&quot;&apos;" },
	{ "&amp;", "&amp;amp;" },
	{ "tab\tlf\ncr\r.", "tab\tlf\ncr&#13;." },
	{ "a\x01" "b\x08" "c\x0b\x0c\x1f" "d", "abcd" },
	{ "\x7f", "\x7f" },                          /* DEL is an XML 1.0 Char */
	{ "caf\xc3\xa9", "caf\xc3\xa9" },             /* é */
	{ "\xe2\x82\xac", "\xe2\x82\xac" },           /* € */
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },   /* U+1F600 */
	{ "\xff", FFFD },
	{ "a\xc3", "a" FFFD },                        /* truncated sequence */
	{ "\xc3(", FFFD "(" },
	{ "\xc0\xaf", FFFD FFFD },                    /* overlong '/' */
	{ "\xe0\x80\xaf", FFFD FFFD FFFD },           /* overlong */
	{ "\xed\xa0\x80", FFFD FFFD FFFD },           /* surrogate D800 */
	{ "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },  /* past U+10FFFF */
	{ "\xef\xbf\xbe\xef\xbf\xbf", "" },           /* U+FFFE U+FFFF: not Chars */
	{ "\xef\xbf\xbd", FFFD },                     /* U+FFFD itself stays */
	{ "\x80<", FFFD "&lt;" },
};

/* Each case through add, between brackets: exactly what it wants. */
static void check_escapes(const struct xml_case *cases, size_t n,
			  int (*add)(struct xbuf *b, const char *s), const char *what)
{
	for (size_t i = 0; i < n; i++) {
		struct xbuf b;

		xbuf_init(&b, 1024);
		xbuf_adds(&b, "[");
		assert_int_equal(add(&b, cases[i].in), 0);
		xbuf_adds(&b, "]");
		if (strlen(b.data) != b.len || b.len != strlen(cases[i].want) + 2 ||
		    strncmp(b.data + 1, cases[i].want, b.len - 2) != 0)
			fail_msg("%s case %zu: got \"%s\"", what, i, b.data);
		xbuf_fini(&b);
	}
}

static void test_add_xml(void **state)
{
	check_escapes(xml_cases, sizeof(xml_cases) / sizeof(xml_cases[0]), xbuf_add_xml, "xml");
}

static void test_add_xml_cap(void **state)
{
	struct xbuf b;

	xbuf_init(&b, 8);
	assert_int_equal(xbuf_add_xml(&b, "a&b"), 0);          /* 7 bytes */
	assert_int_equal(xbuf_add_xml(&b, "<"), -E2BIG);
	assert_int_equal(xbuf_error(&b), -E2BIG);
	xbuf_fini(&b);
}

static const struct xml_case json_cases[] = {
	{ "", "" },
	{ "plain <text> & 'quotes'", "plain <text> & 'quotes'" },
	{ "say \"hi\" \\ there", "say \\\"hi\\\" \\\\ there" },
	{ "tab\tlf\ncr\r\x01\x1f", "tab\\u0009lf\\u000acr\\u000d\\u0001\\u001f" },
	{ "\x7f", "\x7f" },                          /* DEL needs no escape */
	{ "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac" },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "\xff", FFFD },
	{ "a\xc3", "a" FFFD },
	{ "\xc0\xaf", FFFD FFFD },                    /* overlong '/' */
	{ "\xed\xa0\x80", FFFD FFFD FFFD },           /* surrogate */
	{ "\x80\"", FFFD "\\\"" },
};

static void test_add_json(void **state)
{
	check_escapes(json_cases, sizeof(json_cases) / sizeof(json_cases[0]), xbuf_add_json,
		      "json");
}

static void test_add_json_cap(void **state)
{
	struct xbuf b;

	xbuf_init(&b, 4);
	assert_int_equal(xbuf_add_json(&b, "\"\""), 0);       /* 4 bytes escaped */
	assert_int_equal(xbuf_add_json(&b, "a"), -E2BIG);
	assert_int_equal(xbuf_error(&b), -E2BIG);
	xbuf_fini(&b);
}

/* Random bytes through xbuf_add_xml, inside an element and inside an
 * attribute, always parse as XML and the text never grows markup. */
static void test_add_xml_wellformed(void **state)
{
	unsigned seed = 12345;
	char in[64];

	xmlInitParser();
	for (int round = 0; round < 2000; round++) {
		struct xbuf b;
		xmlDoc *doc;
		size_t n;

		for (n = 0; n < sizeof(in) - 1; n++) {
			seed = seed * 1103515245u + 12345u;
			in[n] = (char)((seed >> 16) & 0xFF);
			if (!in[n])
				in[n] = (char)0xC3;
		}
		in[(seed >> 8) % sizeof(in)] = '\0';
		xbuf_init(&b, 4096);
		xbuf_adds(&b, "<a x=\"");
		xbuf_add_xml(&b, in);
		xbuf_adds(&b, "\">");
		xbuf_add_xml(&b, in);
		xbuf_adds(&b, "</a>");
		assert_int_equal(xbuf_error(&b), 0);
		doc = xmlReadMemory(b.data, (int)b.len, NULL, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc)
			fail_msg("round %d: not well-formed: %s", round, b.data);
		assert_null(xmlDocGetRootElement(doc)->children ?
			    xmlDocGetRootElement(doc)->children->next : NULL);
		xmlFreeDoc(doc);
		xbuf_fini(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_printf_cap),
		cmocka_unit_test(test_steal),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_malloc_tune),
		cmocka_unit_test(test_add_xml),
		cmocka_unit_test(test_add_xml_cap),
		cmocka_unit_test(test_add_json),
		cmocka_unit_test(test_add_json_cap),
		cmocka_unit_test(test_add_xml_wellformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
