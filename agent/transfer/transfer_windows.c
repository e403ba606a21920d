/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ScheduleDownload's time windows: the start/retry/give-up rules and the
 * schedule's field in the queue file (transfer_windows.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transfer_windows.h"

/* May window w take another attempt, after `attempts` in it? */
static int retries_left(const struct transfer_window *w, unsigned attempts)
{
	return attempts == 0 || w->max_retries < 0 || attempts <= (unsigned)w->max_retries;
}

enum transfer_window_check transfer_window_check(struct transfer *t, time_t now, time_t *when)
{
	for (; t->win < t->n_windows; t->win++, t->attempts = 0) {
		const struct transfer_window *w = &t->windows[t->win];

		if (w->mode == TRANSFER_WINDOW_CONFIRM || now >= w->end ||
		    !retries_left(w, t->attempts))
			continue;
		if (now < w->start) {
			*when = w->start;
			return TRANSFER_WINDOW_WAIT;
		}
		return TRANSFER_WINDOW_START;
	}
	return TRANSFER_WINDOW_OVER;
}

int transfer_window_skipped_confirmation(const struct transfer *t)
{
	for (unsigned i = 0; i < t->n_windows; i++)
		if (t->windows[i].mode == TRANSFER_WINDOW_CONFIRM)
			return 1;
	return 0;
}

void transfer_windows_format(struct xbuf *out, const struct transfer *t)
{
	if (t->n_windows == 0)
		return;
	xbuf_printf(out, "%u %u", t->win, t->attempts);
	for (unsigned i = 0; i < t->n_windows; i++)
		xbuf_printf(out, " %lld %lld %d %d", (long long)t->windows[i].start,
			    (long long)t->windows[i].end, t->windows[i].mode,
			    t->windows[i].max_retries);
}

/* The next blank-separated decimal of s (advanced) within [min, max]. */
static int next_num(const char **s, const char *end, long long min, long long max,
		    long long *out)
{
	char buf[24], *e;
	size_t n = 0;

	while (*s < end && **s == ' ')
		(*s)++;
	while (*s < end && **s != ' ' && n < sizeof(buf) - 1)
		buf[n++] = *(*s)++;
	buf[n] = '\0';
	if (n == 0 || (buf[0] != '-' && (buf[0] < '0' || buf[0] > '9')))
		return -EINVAL;
	errno = 0;
	*out = strtoll(buf, &e, 10);
	return errno || *e || *out < min || *out > max ? -EINVAL : 0;
}

int transfer_windows_parse(const char *s, size_t len, struct transfer *t)
{
	const char *end = s + len;
	long long v[4], win, attempts;
	unsigned n = 0;

	t->n_windows = t->win = t->attempts = 0;
	if (len == 0)
		return 0;
	if (next_num(&s, end, 0, TRANSFER_WINDOWS_MAX, &win) != 0 ||
	    next_num(&s, end, 0, 1000000, &attempts) != 0)
		return -EINVAL;
	while (s < end) {
		if (n == TRANSFER_WINDOWS_MAX || next_num(&s, end, 0, INT64_MAX, &v[0]) != 0 ||
		    next_num(&s, end, 0, INT64_MAX, &v[1]) != 0 ||
		    next_num(&s, end, 1, 4, &v[2]) != 0 ||
		    next_num(&s, end, -1, INT32_MAX, &v[3]) != 0 || v[1] <= v[0])
			return -EINVAL;
		t->windows[n++] = (struct transfer_window){ (time_t)v[0], (time_t)v[1], (int)v[2],
							    (int)v[3] };
	}
	if (n == 0 || win > n)
		return -EINVAL;
	t->n_windows = n;
	t->win = (unsigned)win;
	t->attempts = (unsigned)attempts;
	return 0;
}
