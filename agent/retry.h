/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TR-069 session retry waits (3.2.1.1): retry n (1, 2, ...) waits a random
 * time in [m*(k/1000)^(n-1), m*(k/1000)^n] seconds, n capped at 10, with
 * m = CWMPRetryMinimumWaitInterval and k = CWMPRetryIntervalMultiplier.
 */
#ifndef CWMP_RETRY_H
#define CWMP_RETRY_H

#include <stdint.h>

#define RETRY_N_CAP 10

/* The wait range in milliseconds for retry n >= 1 (n = 0 is treated as 1).
 * Saturates instead of overflowing. */
void retry_range_ms(unsigned m, unsigned k, unsigned n, uint64_t *lo, uint64_t *hi);

/* A wait in the range, picked with the random number r (uniform over
 * uint32_t, e.g. from retry_random()). */
uint64_t retry_wait_ms(unsigned m, unsigned k, unsigned n, uint32_t r);

/* A random number from /dev/urandom (or time and pid if it fails). */
uint32_t retry_random(void);

#endif
