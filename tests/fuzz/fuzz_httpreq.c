/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the connection request server's input: the bytes, from
 * an exact-size heap copy, go through httpreq_parse (the results checked
 * for consistency: every string inside the head, the head within the
 * input, a complete head parsing the same again on its own), then every
 * Authorization field (or, when the bytes are no request, the bytes
 * themselves) through digest_parse and digest_check. A wrong answer aborts
 * as loudly as a crash.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "digest.h"
#include "httpreq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct digest_server server;
static int server_ready;

static void check_str(const struct httpreq_str *s, const char *buf, size_t head, int nonempty)
{
	if (s->p < buf || s->p + s->len > buf + head || (nonempty && s->len == 0))
		abort();
}

static void check_head(const char *buf, size_t size, int rc, const struct httpreq *r)
{
	struct httpreq again;

	if ((size_t)rc > size || r->n_headers > HTTPREQ_MAX_HEADERS)
		abort();
	check_str(&r->method, buf, (size_t)rc, 1);
	check_str(&r->target, buf, (size_t)rc, 1);
	for (size_t i = 0; i < r->n_headers; i++) {
		check_str(&r->headers[i].name, buf, (size_t)rc, 1);
		check_str(&r->headers[i].value, buf, (size_t)rc, 0);
	}
	if (httpreq_parse(buf, (size_t)rc, &again) != rc)
		abort();
}

static void fuzz_auth(const char *value, size_t len, const char *target)
{
	struct digest_auth d;
	const char *const *f = &d.username;
	int rc = digest_parse(value, len, &d);
	enum digest_result res;

	if (rc != 0 && rc != -EINVAL && rc != -E2BIG)
		abort();
	if (rc != 0)
		return;
	for (size_t i = 0; i < 11; i++)      /* username .. userhash */
		if (f[i] && (f[i] < d.store || f[i] >= d.store + sizeof(d.store) ||
			     !memchr(f[i], '\0', (size_t)(d.store + sizeof(d.store) - f[i]))))
			abort();
	res = digest_check(&server, &d, "GET", target, "user", "password", 1000);
	if (res != DIGEST_DENIED && res != DIGEST_STALE)
		abort();        /* nobody guesses a response for a fresh nonce */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1), target[64];
	struct httpreq r;
	size_t n;
	int rc;

	if (!buf)
		return 0;
	if (!server_ready && digest_server_init(&server) == 0)
		server_ready = 1;
	memcpy(buf, data, size);
	rc = httpreq_parse(buf, size, &r);
	if (rc == 0 || (rc < 0 && rc != -EAGAIN && rc != -EINVAL && rc != -E2BIG))
		abort();
	if (rc > 0) {
		check_head(buf, size, rc, &r);
		n = r.target.len < sizeof(target) - 1 ? r.target.len : sizeof(target) - 1;
		memcpy(target, r.target.p, n);
		target[n] = '\0';
		for (size_t i = 0; i < r.n_headers; i++) {
			const struct httpreq_header *h = &r.headers[i];

			if (h->name.len == 13 && strncasecmp(h->name.p, "Authorization", 13) == 0)
				fuzz_auth(h->value.p, h->value.len, target);
		}
	} else {
		fuzz_auth(buf, size, "/");
	}
	free(buf);
	return 0;
}
