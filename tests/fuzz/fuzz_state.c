/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the parsers of the state dir's own files, which a power
 * cut or a broken flash may leave as anything: the transfer queue
 * (transfers_parse, with ScheduleDownload windows), the reported values of
 * notifications (notify_set_parse) and the attributes (attrs_parse). Each
 * is checked by a round trip: what was parsed, written back and parsed
 * again, gives the same text once more. (A value ending in CR loses one CR
 * on each way back, the line format's one gap, as fuzz_pluginio notes:
 * with k CRs in the input the text must be stable after k + 1 rounds.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrs.h"
#include "notify_set.h"
#include "transfers.h"
#include "xbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define QUEUE_MAX TRANSFERS_MAX

static void same_text(const struct xbuf *a, const struct xbuf *b)
{
	if (a->len != b->len || (a->len && memcmp(a->data, b->data, a->len) != 0))
		abort();
}

/* Parse and write back buf with f into out (empty when it does not parse). */
typedef void (*rewrite_fn)(const char *buf, size_t size, struct xbuf *out);

static void rewrite_transfers(const char *buf, size_t size, struct xbuf *out)
{
	static struct transfer v[QUEUE_MAX];
	size_t n = 0, bad = 0;

	if (transfers_parse(buf, size, v, QUEUE_MAX, &n, &bad) != 0 || n > QUEUE_MAX)
		abort();
	transfers_format(out, v, n);
}

static void rewrite_notify(const char *buf, size_t size, struct xbuf *out)
{
	struct notify_set *s = notify_set_new();
	size_t bad = 0;

	if (!s)
		abort();
	if (notify_set_parse(s, buf, size, &bad, NULL, NULL) == 0)
		notify_set_format(s, out);
	notify_set_free(s);
}

static void rewrite_attrs(const char *buf, size_t size, struct xbuf *out)
{
	struct attrs *s = NULL;
	size_t bad = 0;

	if (attrs_parse(buf, size, &s, &bad) == 0)
		attrs_format(s, out);
	attrs_free(s);
}

/* Rewrite rounds times; the last two texts must be the same (not checked
 * from 64 rounds on: too many CRs to wait for). */
static void stable(rewrite_fn f, const char *buf, size_t size, int rounds)
{
	struct xbuf x[2];
	int k = 0;

	xbuf_init(&x[0], 1 << 22);
	xbuf_init(&x[1], 1 << 22);
	f(buf, size, &x[0]);
	for (int r = 1; r <= rounds && xbuf_error(&x[k]) == 0; r++) {
		xbuf_reset(&x[!k]);
		f(x[k].data ? x[k].data : "", x[k].len, &x[!k]);
		if (r == rounds && rounds < 64 && xbuf_error(&x[!k]) == 0)
			same_text(&x[k], &x[!k]);
		k = !k;
	}
	xbuf_fini(&x[0]);
	xbuf_fini(&x[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	int rounds = 1;

	for (size_t i = 0; i < size && rounds < 64; i++)
		rounds += buf[i] == '\r';

	stable(rewrite_transfers, buf, size, rounds);
	stable(rewrite_notify, buf, size, rounds);
	stable(rewrite_attrs, buf, size, rounds);
	return 0;
}
