/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * When the next periodic Inform is due: the first ref + i * interval
 * strictly after now. The offset from now is worked out on the unsigned
 * distance between now and ref, so refs far in the past or the future and
 * intervals of any size give no overflow; the sum saturates at the largest
 * time_t.
 */
#include <limits.h>
#include <stdint.h>

#include "periodic.h"
#include "timefmt.h"

#define TIME_T_MAX ((time_t)(((uintmax_t)1 << (sizeof(time_t) * CHAR_BIT - 1)) - 1))

/* now + off, saturating at TIME_T_MAX; steps through a negative now so
 * that no intermediate sum overflows (32-bit time_t, 32-bit interval). */
static time_t add_sat(time_t now, uintmax_t off)
{
	while (now < 0 && off > (uintmax_t)TIME_T_MAX) {
		now += TIME_T_MAX;
		off -= (uintmax_t)TIME_T_MAX;
	}
	if (now >= 0 && off > (uintmax_t)(TIME_T_MAX - now))
		return TIME_T_MAX;
	return now + (time_t)off;
}

time_t periodic_next(time_t now, unsigned interval, time_t ref)
{
	uintmax_t iv = interval ? interval : 1, d;

	if (ref == TIMEFMT_UNKNOWN)
		return add_sat(now, iv);
	if (ref > now) {
		d = (uintmax_t)ref - (uintmax_t)now;
		return add_sat(now, (d - 1) % iv + 1);
	}
	d = (uintmax_t)now - (uintmax_t)ref;
	return add_sat(now, iv - d % iv);
}
