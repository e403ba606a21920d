/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for DNS SRV answers (srv.h): the bytes, from an exact-size
 * heap copy, through srv_parse (each record's target checked: a string of
 * printable bytes without spaces, shorter than SRV_NAME_MAX, no empty
 * label), then srv_pick over the records for a few draws (an index in
 * range, of the lowest priority).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "srv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_target(const char *t)
{
	size_t n = strnlen(t, SRV_NAME_MAX);

	if (n >= SRV_NAME_MAX || t[0] == '.' || (n && t[n - 1] == '.') || strstr(t, ".."))
		abort();
	for (size_t i = 0; i < n; i++)
		if (t[i] <= 0x20 || t[i] >= 0x7f)
			abort();
}

static void check_pick(const struct srv_rec *r, size_t n)
{
	unsigned lowest = 0xffff;

	for (size_t i = 0; i < n; i++)
		if (r[i].priority < lowest)
			lowest = r[i].priority;
	for (unsigned rnd = 0; rnd < 70000; rnd += 9973) {
		size_t i = srv_pick(r, n, rnd);

		if (i >= n || r[i].priority != lowest)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct srv_rec r[SRV_MAX];
	int n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	n = srv_parse(buf, size, r, SRV_MAX);
	if (n != -EBADMSG && (n < 0 || n > SRV_MAX))
		abort();
	for (int i = 0; i < n; i++)
		check_target(r[i].target);
	if (n > 0)
		check_pick(r, (size_t)n);
	free(buf);
	return 0;
}
