/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * When the next periodic Inform is due: every interval seconds, in phase with
 * PeriodicInformTime when it is a known time (in the past or the future),
 * else counted from when periodic informs were (re)configured.
 */
#ifndef CWMP_PERIODIC_H
#define CWMP_PERIODIC_H

#include <time.h>

/*
 * The first time strictly after now that is ref + i * interval for some
 * integer i (possibly negative). ref == TIMEFMT_UNKNOWN (0) means "no
 * phase": the result is now + interval. interval 0 is treated as 1.
 */
time_t periodic_next(time_t now, unsigned interval, time_t ref);

#endif
