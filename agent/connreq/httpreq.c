/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connection request server's HTTP/1.x request-head parser: a cursor
 * walks the caller's bytes once, checking the grammar of RFC 9112 as it
 * goes (tokens, visible target, HTTP/1.x, field lines), so that a hostile
 * head is refused as soon as its first bad byte arrives instead of when the
 * buffer is full. Running off the end of the data is -EAGAIN, never a read
 * past it. No allocation.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "httpreq.h"

struct cur {
	const char *p;
	const char *end;
};

/* tchar of RFC 9110 5.6.2. */
static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* field-vchar, SP or HTAB (obs-text allowed). */
static bool is_value_char(unsigned char c)
{
	return c == ' ' || c == '\t' || (c >= 0x21 && c != 0x7f);
}

static int token(struct cur *c, struct httpreq_str *out)
{
	const char *start = c->p;

	while (c->p < c->end && is_tchar((unsigned char)*c->p))
		c->p++;
	if (c->p == c->end)
		return -EAGAIN;
	if (c->p == start)
		return -EINVAL;
	out->p = start;
	out->len = (size_t)(c->p - start);
	return 0;
}

static int expect(struct cur *c, char ch)
{
	if (c->p == c->end)
		return -EAGAIN;
	if (*c->p != ch)
		return -EINVAL;
	c->p++;
	return 0;
}

/* CRLF or a bare LF. */
static int eol(struct cur *c)
{
	int rc = 0;

	if (c->p < c->end && *c->p == '\r')
		rc = expect(c, '\r');
	return rc ? rc : expect(c, '\n');
}

static int target(struct cur *c, struct httpreq_str *out)
{
	const char *start = c->p;

	while (c->p < c->end && (unsigned char)*c->p > 0x20 && (unsigned char)*c->p < 0x7f)
		c->p++;
	if (c->p == c->end)
		return -EAGAIN;
	if (c->p == start)
		return -EINVAL;
	out->p = start;
	out->len = (size_t)(c->p - start);
	return 0;
}

/* "HTTP/1." DIGIT */
static int version(struct cur *c, int *minor)
{
	static const char want[] = "HTTP/1.";
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(want) - 1; i++)
		rc = expect(c, want[i]);
	if (rc == 0 && c->p == c->end)
		rc = -EAGAIN;
	if (rc == 0 && (*c->p < '0' || *c->p > '9'))
		rc = -EINVAL;
	if (rc == 0)
		*minor = *c->p++ - '0';
	return rc;
}

static int request_line(struct cur *c, struct httpreq *r)
{
	int rc;

	while (c->p < c->end && (*c->p == '\r' || *c->p == '\n'))
		c->p++;         /* RFC 9112 2.2: ignore empty lines before it */
	rc = token(c, &r->method);
	if (rc == 0)
		rc = expect(c, ' ');
	if (rc == 0)
		rc = target(c, &r->target);
	if (rc == 0)
		rc = expect(c, ' ');
	if (rc == 0)
		rc = version(c, &r->minor_version);
	return rc ? rc : eol(c);
}

/* The value after the colon: OWS, the value, OWS, end of line. */
static int field_value(struct cur *c, struct httpreq_str *out)
{
	const char *start, *last;

	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
	start = last = c->p;
	while (c->p < c->end && is_value_char((unsigned char)*c->p)) {
		c->p++;
		if (c->p[-1] != ' ' && c->p[-1] != '\t')
			last = c->p;
	}
	if (c->p == c->end)
		return -EAGAIN;
	out->p = start;
	out->len = (size_t)(last - start);
	return eol(c);
}

static int field_line(struct cur *c, struct httpreq *r)
{
	struct httpreq_header h;
	int rc;

	if (*c->p == ' ' || *c->p == '\t')
		return -EINVAL;         /* obs-fold: RFC 9112 5.2 lets us refuse it */
	rc = token(c, &h.name);
	if (rc == 0)
		rc = expect(c, ':');
	if (rc == 0)
		rc = field_value(c, &h.value);
	if (rc == 0 && r->n_headers == HTTPREQ_MAX_HEADERS)
		rc = -E2BIG;
	if (rc == 0)
		r->headers[r->n_headers++] = h;
	return rc;
}

int httpreq_parse(const char *buf, size_t len, struct httpreq *r)
{
	struct cur c = { buf, buf + len };
	int rc;

	memset(r, 0, sizeof(*r));
	rc = request_line(&c, r);
	while (rc == 0) {
		if (c.p == c.end)
			return -EAGAIN;
		if (*c.p == '\r' || *c.p == '\n') {
			rc = eol(&c);
			return rc ? rc : (int)(c.p - buf);
		}
		rc = field_line(&c, r);
	}
	return rc;
}

const struct httpreq_str *httpreq_header(const struct httpreq *r, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < r->n_headers; i++)
		if (r->headers[i].name.len == n && strncasecmp(r->headers[i].name.p, name, n) == 0)
			return &r->headers[i].value;
	return NULL;
}

bool httpreq_str_eq(const struct httpreq_str *s, const char *lit)
{
	size_t n = strlen(lit);

	return s->len == n && memcmp(s->p, lit, n) == 0;
}
