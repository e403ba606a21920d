/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xsd:dateTime for CWMP: CurrentTime and transfer times are written in UTC
 * with a Z; values from the ACS (PeriodicInformTime, ScheduleReboot, ...)
 * are read strictly: exact field widths, real calendar dates, an optional
 * fraction of any length and an optional zone offset. The Unknown Time and
 * anything before 1970 map to TIMEFMT_UNKNOWN.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

static const char unknown_time[] = "0001-01-01T00:00:00Z";

int timefmt_format(time_t t, char *out, size_t outlen)
{
	struct tm tm;
	size_t n;

	if (t <= TIMEFMT_UNKNOWN) {
		if (outlen < sizeof(unknown_time))
			return -ENOSPC;
		memcpy(out, unknown_time, sizeof(unknown_time));
		return 0;
	}
	if (!gmtime_r(&t, &tm))
		return -EINVAL;
	n = strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return n ? 0 : -ENOSPC;
}

/* Read exactly n digits at *s; advances *s. */
static bool digits(const char **s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return false;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return true;
}

static bool expect(const char **s, char c)
{
	if (**s != c)
		return false;
	(*s)++;
	return true;
}

static int days_in_month(int year, int mon)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 2 && leap ? 29 : days[mon - 1];
}

/* "YYYY-MM-DDThh:mm:ss" into tm (fields checked); advances *s. */
static bool parse_fields(const char **s, struct tm *tm)
{
	int y, mo, d, h, mi, se;

	if (!digits(s, 4, &y) || !expect(s, '-') || !digits(s, 2, &mo) ||
	    !expect(s, '-') || !digits(s, 2, &d) || !expect(s, 'T') ||
	    !digits(s, 2, &h) || !expect(s, ':') || !digits(s, 2, &mi) ||
	    !expect(s, ':') || !digits(s, 2, &se))
		return false;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return false;
	/* 24:00:00 is the end of the day (xsd); a leap second 60 is not xsd */
	if (mi > 59 || se > 59 || h > 24 || (h == 24 && (mi || se)))
		return false;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = se;
	return true;
}

/* ".digits" (ignored; must be zero at 24:00:00), then Z, +hh:mm, -hh:mm or
 * nothing; *off gets the offset in seconds east of UTC. */
static bool parse_tail(const char *s, bool end_of_day, long *off)
{
	int sign, h, m;

	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return false;
		for (; isdigit((unsigned char)*s); s++)
			if (end_of_day && *s != '0')
				return false;
	}
	*off = 0;
	if (*s == '\0')
		return true;
	if (*s == 'Z')
		return s[1] == '\0';
	if (*s != '+' && *s != '-')
		return false;
	sign = *s++ == '-' ? -1 : 1;
	if (!digits(&s, 2, &h) || !expect(&s, ':') || !digits(&s, 2, &m) || *s)
		return false;
	if (m > 59 || h > 14 || (h == 14 && m))
		return false;
	*off = sign * (h * 3600L + m * 60L);
	return true;
}

int timefmt_parse(const char *s, time_t *out)
{
	struct tm tm;
	time_t t;
	long off;

	if (!s || !parse_fields(&s, &tm) || !parse_tail(s, tm.tm_hour == 24, &off))
		return -EINVAL;
	if (tm.tm_year < 70) {
		*out = TIMEFMT_UNKNOWN;
		return 0;
	}
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -EINVAL;         /* does not fit time_t */
	t -= off;
	*out = t < 0 ? TIMEFMT_UNKNOWN : t;
	return 0;
}
