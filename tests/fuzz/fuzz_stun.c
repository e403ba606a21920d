/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the STUN client's input (stun_msg.h): the bytes, from an
 * exact-size heap copy, through stun_msg_is_stun and stun_msg_parse (the
 * result checked: strings inside the message, a mapped address of a known
 * family, an error code in range, MESSAGE-INTEGRITY inside), then
 * stun_msg_check under a fixed key, which no input can pass.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "stun_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(struct stun_str s, const uint8_t *buf, size_t size)
{
	if (s.p && ((const uint8_t *)s.p < buf || (const uint8_t *)s.p + s.len > buf + size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[] = "fuzz key";
	uint8_t *buf = malloc(size ? size : 1);
	struct stun_response r;
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = stun_msg_parse(buf, size, &r);
	if (rc != 0 && rc != -EINVAL)
		abort();
	if (rc == 0 && !stun_msg_is_stun(buf, size))
		abort();
	if (rc == 0) {
		check_str(r.realm, buf, size);
		check_str(r.nonce, buf, size);
		if (r.has_mapped && r.mapped.ss_family != AF_INET && r.mapped.ss_family != AF_INET6)
			abort();
		if (r.error_code && (r.error_code < 300 || r.error_code > 699))
			abort();
		if (r.integrity_at && r.integrity_at + 24 > size)
			abort();
		rc = stun_msg_check(buf, size, &r, key, sizeof(key) - 1);
		if (rc == 0)            /* a forged HMAC (the seeds use another key) */
			abort();
	}
	free(buf);
	return 0;
}
