/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The TR-069 session retry wait (3.2.1.1): retry n waits a random time in
 * [m*(k/1000)^(n-1), m*(k/1000)^n] seconds with n capped at 10. The range is
 * computed in long double (exact for the usual k = 2000) and saturates at
 * UINT64_MAX milliseconds; the pick within it is exact integer arithmetic.
 */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "retry.h"

#define RETRY_K_UNIT 1000u

/* m * (k/1000)^e seconds in milliseconds, rounded, saturating. */
static uint64_t wait_ms(unsigned m, unsigned k, unsigned e)
{
	long double x = (long double)m * 1000.0L;

	for (unsigned i = 0; i < e && x < 0x1p64L; i++)
		x = x * k / RETRY_K_UNIT;
	x += 0.5L;
	return x >= 0x1p64L ? UINT64_MAX : (uint64_t)x;
}

void retry_range_ms(unsigned m, unsigned k, unsigned n, uint64_t *lo, uint64_t *hi)
{
	if (n < 1)
		n = 1;
	if (n > RETRY_N_CAP)
		n = RETRY_N_CAP;
	if (k < RETRY_K_UNIT)
		k = RETRY_K_UNIT;
	*lo = wait_ms(m, k, n - 1);
	*hi = wait_ms(m, k, n);
}

uint64_t retry_wait_ms(unsigned m, unsigned k, unsigned n, uint32_t r)
{
	uint64_t lo, hi, span, q, rem;

	retry_range_ms(m, k, n, &lo, &hi);
	span = hi - lo;
	/* lo + span * r / UINT32_MAX without a 128-bit product */
	q = span / UINT32_MAX;
	rem = span % UINT32_MAX;
	return lo + q * r + rem * r / UINT32_MAX;
}

/* A 32-bit finalizer (murmur3) so that close inputs give unrelated outputs. */
static uint32_t mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static int read_urandom(uint32_t *out)
{
	ssize_t n;
	int fd, ret = -EIO;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, out, sizeof(*out));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(*out))
		ret = 0;
	close(fd);
	return ret;
}

uint32_t retry_random(void)
{
	struct timespec rt = { 0, 0 }, mono = { 0, 0 };
	uint32_t r = 0;

	if (read_urandom(&r) == 0)
		return r;
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	r = mix32((uint32_t)rt.tv_sec ^ (uint32_t)rt.tv_nsec);
	r = mix32(r ^ (uint32_t)mono.tv_nsec ^ ((uint32_t)getpid() << 16));
	return r;
}
