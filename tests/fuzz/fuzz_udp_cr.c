/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the UDP connection request listener's input (udp_cr.h):
 * the bytes, from an exact-size heap copy, through udp_cr_parse (each
 * value checked to lie inside the datagram, the ones it bounds within
 * their bounds), then udp_cr_check against fixed credentials, which no
 * input without the password's HMAC passes, at a fixed time.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "udp_cr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(struct udp_cr_str s, const char *buf, size_t size)
{
	if (!s.p || s.p < buf || s.p + s.len > buf + size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct udp_cr_seen seen;
	char *buf = malloc(size ? size : 1);
	struct udp_cr_req r;
	enum udp_cr_verdict v;
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = udp_cr_parse(buf, size, &r);
	if (rc != 0 && rc != -EINVAL)
		abort();
	if (rc == 0) {
		check_str(r.ts, buf, size);
		check_str(r.id, buf, size);
		check_str(r.un, buf, size);
		check_str(r.cn, buf, size);
		check_str(r.sig, buf, size);
		if (r.id.len == 0 || r.id.len > UDP_CR_ID_MAX || r.sig.len != 40)
			abort();
		v = udp_cr_check(&seen, &r, "fuzzuser", "not in any seed", 1700000000);
		if (v == UDP_CR_OK || v == UDP_CR_REPLAY)
			abort();
	}
	free(buf);
	return 0;
}
