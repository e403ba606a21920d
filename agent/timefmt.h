/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xsd:dateTime as CWMP uses it: we write UTC with a Z; we read any offset and
 * fractional seconds (GenieACS sends 1970-01-01T20:50:53.312Z). The Unknown
 * Time 0001-01-01T00:00:00Z maps to TIMEFMT_UNKNOWN.
 */
#ifndef CWMP_TIMEFMT_H
#define CWMP_TIMEFMT_H

#include <stddef.h>
#include <time.h>

#define TIMEFMT_UNKNOWN ((time_t)0)   /* the Unknown Time (and 1970-01-01T00:00:00Z) */
#define TIMEFMT_LEN 32                /* enough for any value timefmt_format writes */

/* Write t as "YYYY-MM-DDThh:mm:ssZ" (t <= TIMEFMT_UNKNOWN writes the
 * Unknown Time). Returns 0 or -ENOSPC. */
int timefmt_format(time_t t, char *out, size_t outlen);

/* Parse an xsd:dateTime. Accepts a fraction of any length (dropped) and Z,
 * +hh:mm or -hh:mm (no offset means UTC), and 24:00:00 as the end of a day.
 * The Unknown Time, and anything before 1970 UTC, give TIMEFMT_UNKNOWN.
 * Returns 0, or -EINVAL for anything else (bad syntax, a field out of range,
 * a date that does not exist, a time that does not fit time_t). */
int timefmt_parse(const char *s, time_t *out);

#endif
