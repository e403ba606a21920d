/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DNS SRV answers (RFC 2782): the records of a response as res_query()
 * returns it, and the one to try (the lowest priority, then at random by
 * weight). Pure functions: resolve.c's child asks, the fuzz target and
 * the unit test feed them bytes.
 */
#ifndef CWMP_SRV_H
#define CWMP_SRV_H

#include <stddef.h>
#include <stdint.h>

#define SRV_NAME_MAX 256        /* a domain name as text, with its NUL */
#define SRV_MAX 16              /* records kept from one answer */

struct srv_rec {
	uint16_t priority;
	uint16_t weight;
	uint16_t port;
	char target[SRV_NAME_MAX];      /* without the final dot; "" for "." */
};

/* The SRV records among the answers of the DNS response msg (len bytes),
 * at most max into out (the rest ignored). Returns how many, or -EBADMSG
 * for a response that is not a well-formed answer (truncated, a name past
 * 255 bytes or with a pointer loop, a record running past its length).
 * Records of other types (a CNAME before them) are skipped. */
int srv_parse(const uint8_t *msg, size_t len, struct srv_rec *out, size_t max);

/* The record to try of v[0..n-1] (n > 0): among those of the lowest
 * priority, by weight (RFC 2782: rnd, any unsigned number, picks; the
 * ones of weight 0 first, so that they win only a draw of 0). Its index. */
size_t srv_pick(const struct srv_rec *v, size_t n, unsigned rnd);

#endif
