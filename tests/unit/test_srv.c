/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DNS SRV answers (srv.h): records read from responses built here as a
 * DNS server writes them (compressed names, other record types first),
 * every truncation and the hostile shapes refused, and the pick by
 * priority and weight.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "srv.h"

struct msg {
	uint8_t b[1024];
	size_t n;
};

static void put8(struct msg *m, unsigned v)
{
	assert_true(m->n < sizeof(m->b));
	m->b[m->n++] = (uint8_t)v;
}

static void put16(struct msg *m, unsigned v)
{
	put8(m, v >> 8);
	put8(m, v & 0xff);
}

/* A name as labels ("a.b" -> 1 a 1 b 0); "" is the root. */
static void put_name(struct msg *m, const char *name)
{
	while (*name) {
		size_t l = strcspn(name, ".");

		put8(m, (unsigned)l);
		for (size_t i = 0; i < l; i++)
			put8(m, (uint8_t)name[i]);
		name += l + (name[l] == '.');
	}
	put8(m, 0);
}

/* Header and the question _xmpp-client._tcp.example.com SRV IN: the
 * domain's labels start at byte 30 (for pointers to it). */
static void start(struct msg *m, unsigned answers)
{
	memset(m, 0, sizeof(*m));
	put16(m, 0x1234);
	put16(m, 0x8180);
	put16(m, 1);
	put16(m, answers);
	put16(m, 0);
	put16(m, 0);
	put_name(m, "_xmpp-client._tcp.example.com");
	put16(m, 33);
	put16(m, 1);
}

/* An answer's owner (a pointer to the question), type, class, TTL; the
 * data's length is filled in by end_rr. Returns where the length goes. */
static size_t begin_rr(struct msg *m, unsigned type, unsigned class)
{
	size_t at;

	put16(m, 0xc00c);
	put16(m, type);
	put16(m, class);
	put16(m, 0);
	put16(m, 300);
	at = m->n;
	put16(m, 0);
	return at;
}

static void end_rr(struct msg *m, size_t at)
{
	size_t len = m->n - at - 2;

	m->b[at] = (uint8_t)(len >> 8);
	m->b[at + 1] = (uint8_t)len;
}

/* An SRV record of class class; returns where its length is. */
static size_t put_srv_class(struct msg *m, unsigned class, unsigned prio, unsigned weight,
			    unsigned port, const char *target)
{
	size_t at = begin_rr(m, 33, class);

	put16(m, prio);
	put16(m, weight);
	put16(m, port);
	put_name(m, target);
	end_rr(m, at);
	return at;
}

static void put_srv(struct msg *m, unsigned prio, unsigned weight, unsigned port,
		    const char *target)
{
	put_srv_class(m, 1, prio, weight, port, target);
}

static void test_records(void **state)
{
	struct msg m;
	struct srv_rec r[SRV_MAX];
	size_t at;

	(void)state;
	start(&m, 4);
	at = begin_rr(&m, 5, 1);                /* a CNAME first: skipped */
	put_name(&m, "elsewhere.example.net");
	end_rr(&m, at);
	put_srv(&m, 10, 60, 5222, "xmpp1.example.com");
	at = begin_rr(&m, 33, 1);               /* the target compressed: "xmpp2" + example.com */
	put16(&m, 20);
	put16(&m, 0);
	put16(&m, 5223);
	put8(&m, 5);
	memcpy(m.b + m.n, "xmpp2", 5);
	m.n += 5;
	put16(&m, 0xc000 | 30);
	end_rr(&m, at);
	put_srv_class(&m, 3, 1, 1, 1, "chaos");  /* class IN only: this one is CH */
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), 2);
	assert_int_equal(r[0].priority, 10);
	assert_int_equal(r[0].weight, 60);
	assert_int_equal(r[0].port, 5222);
	assert_string_equal(r[0].target, "xmpp1.example.com");
	assert_int_equal(r[1].priority, 20);
	assert_int_equal(r[1].port, 5223);
	assert_string_equal(r[1].target, "xmpp2.example.com");
	assert_int_equal(srv_parse(m.b, m.n, r, 1), 1);         /* max kept */
}

/* Every prefix of a good answer is malformed: the counts promise more. */
static void test_truncated(void **state)
{
	struct msg m;
	struct srv_rec r[SRV_MAX];

	(void)state;
	start(&m, 2);
	put_srv(&m, 10, 60, 5222, "xmpp1.example.com");
	put_srv(&m, 10, 40, 5222, ".");
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), 2);
	assert_string_equal(r[1].target, "");                  /* "." */
	for (size_t n = 0; n < m.n; n++)
		assert_int_equal(srv_parse(m.b, n, r, SRV_MAX), -EBADMSG);
}

static void test_hostile(void **state)
{
	struct msg m;
	struct srv_rec r[SRV_MAX];
	size_t at;

	(void)state;
	start(&m, 1);                           /* a pointer to itself */
	at = begin_rr(&m, 33, 1);
	put16(&m, 0);
	put16(&m, 0);
	put16(&m, 1);
	put16(&m, 0xc000 | (unsigned)m.n);
	end_rr(&m, at);
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), -EBADMSG);

	start(&m, 1);                           /* a target past 255 bytes */
	at = begin_rr(&m, 33, 1);
	put16(&m, 0);
	put16(&m, 0);
	put16(&m, 1);
	for (int i = 0; i < 5; i++) {
		put8(&m, 63);
		for (int j = 0; j < 63; j++)
			put8(&m, 'a');
	}
	put8(&m, 0);
	end_rr(&m, at);
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), -EBADMSG);

	start(&m, 1);                           /* a space in a label */
	put_srv(&m, 0, 0, 1, "bad host.example.com");
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), -EBADMSG);

	start(&m, 1);                           /* the target past the data's length */
	at = put_srv_class(&m, 1, 0, 0, 1, "xmpp.example.com");
	m.b[at + 1] -= 3;
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), -EBADMSG);

	start(&m, 1);                           /* data too short for an SRV record */
	at = begin_rr(&m, 33, 1);
	put16(&m, 0);
	put16(&m, 0);
	end_rr(&m, at);
	assert_int_equal(srv_parse(m.b, m.n, r, SRV_MAX), -EBADMSG);
}

static size_t pick(const struct srv_rec *v, size_t n, unsigned rnd)
{
	size_t i = srv_pick(v, n, rnd);

	assert_true(i < n);
	return i;
}

static void test_pick(void **state)
{
	struct srv_rec v[4];

	(void)state;
	memset(v, 0, sizeof(v));
	v[0] = (struct srv_rec){ .priority = 20, .weight = 100 };
	v[1] = (struct srv_rec){ .priority = 10, .weight = 1 };
	v[2] = (struct srv_rec){ .priority = 10, .weight = 3 };
	v[3] = (struct srv_rec){ .priority = 10, .weight = 0 };
	/* priority 10, weights 0, 1, 3: a draw r of 0..4 */
	assert_int_equal(pick(v, 4, 0), 3);     /* weight 0 first: only r = 0 */
	assert_int_equal(pick(v, 4, 1), 1);
	assert_int_equal(pick(v, 4, 2), 2);
	assert_int_equal(pick(v, 4, 4), 2);
	assert_int_equal(pick(v, 4, 5), 3);     /* rnd % 5 */
	for (unsigned rnd = 0; rnd < 100; rnd++)
		assert_int_not_equal(pick(v, 4, rnd), 0);     /* priority 20: never */
	assert_int_equal(pick(v, 1, 12345), 0);
	v[1].weight = v[2].weight = 0;          /* all weights 0: the first */
	assert_int_equal(pick(v, 4, 7), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_pick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
