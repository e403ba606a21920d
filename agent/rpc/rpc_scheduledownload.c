/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ScheduleDownload (TR-069 A.4.1.8, cwmp-1-2 and later): a Download
 * (rpc_download_parse: the same arguments but DelaySeconds) with a
 * TimeWindowList of one or two windows, in seconds from now, in order and
 * not overlapping, each with its WindowMode ("1 At Any Time",
 * "2 Immediately", "3 When Idle", "4 Confirmation Needed"), UserMessage
 * (at most 256 characters; no user interface shows it) and MaxRetries
 * (-1 or more; absent: -1). What the windows mean is transfer_windows.h's:
 * attempts start only inside them, a mode-4 window is never used (no user
 * to confirm), failed attempts are retried as MaxRetries allows. The result
 * is a TransferComplete with "M ScheduleDownload".
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "transfers.h"

#define USER_MESSAGE_MAX 256

static int parse_mode(const char *s, int *mode)
{
	static const char *const modes[] = { "1 At Any Time", "2 Immediately", "3 When Idle",
					     "4 Confirmation Needed" };

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(s, modes[i]) == 0) {
			*mode = (int)i + 1;
			return 0;
		}
	}
	return -EINVAL;
}

/* MaxRetries: absent -1, else an xs:int >= -1. */
static int parse_retries(const xmlNode *w, int *out)
{
	char s[16], *end;
	long v;

	*out = -1;
	if (!soap_child(w, "MaxRetries"))
		return 0;
	if (soap_child_text(w, "MaxRetries", s, sizeof(s)) != 0 || !s[0])
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < -1 || v > INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* One TimeWindowStruct, relative to now: 0 or 9003. */
static int parse_window(const xmlNode *x, time_t now, struct transfer_window *out)
{
	char start[16], end[16], mode[64], msg[USER_MESSAGE_MAX + 1];
	unsigned s, e;

	if (soap_child_text(x, "WindowStart", start, sizeof(start)) != 0 ||
	    soap_child_text(x, "WindowEnd", end, sizeof(end)) != 0 ||
	    soap_child_text(x, "WindowMode", mode, sizeof(mode)) != 0 ||
	    soap_child_text(x, "UserMessage", msg, sizeof(msg)) == -E2BIG ||
	    soap_parse_uint(start, &s) != 0 || soap_parse_uint(end, &e) != 0 || e <= s ||
	    parse_mode(mode, &out->mode) != 0 || parse_retries(x, &out->max_retries) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	out->start = now + (time_t)s;
	out->end = now + (time_t)e;
	return 0;
}

/* The windows, in order and not overlapping, into t: 0 or 9003. */
static int parse_windows(const xmlNode *args, time_t now, struct transfer *t)
{
	const xmlNode *list = soap_child(args, "TimeWindowList");
	const xmlNode *x = list ? soap_child(list, "TimeWindowStruct") : NULL;
	struct transfer_window *w = t->windows;

	for (t->n_windows = 0; x; x = soap_next(x)) {
		if (t->n_windows == TRANSFER_WINDOWS_MAX ||
		    parse_window(x, now, &w[t->n_windows]) != 0)
			return CWMP_FAULT_INVALID_ARGUMENTS;
		if (t->n_windows && w[t->n_windows].start < w[t->n_windows - 1].end)
			return CWMP_FAULT_INVALID_ARGUMENTS;
		t->n_windows++;
	}
	return t->n_windows ? 0 : CWMP_FAULT_INVALID_ARGUMENTS;
}

int rpc_schedule_download(struct rpc_req *r)
{
	struct transfer t;
	time_t now = time(NULL);
	int fault, rc;

	memset(&t, 0, sizeof(t));
	if (r->ns != CWMP_NS_1_2)
		return CWMP_FAULT_METHOD_NOT_SUPPORTED; /* not in cwmp-1-0 or 1-1 */
	fault = rpc_download_parse(r, &t);
	if (!fault)
		fault = parse_windows(r->args, now, &t);
	if (fault)
		return fault;
	t.due = t.windows[0].start;
	t.deadline = t.windows[t.n_windows - 1].end;
	for (unsigned i = 0; i < t.n_windows; i++)
		if (t.windows[i].mode == TRANSFER_WINDOW_CONFIRM)
			log_notice("rpc: ScheduleDownload '%s': window %u needs a user's "
				   "confirmation; there is no user interface: it is not used",
				   t.command_key, i + 1);
	rc = transfers_add(r->env->transfers, &t);
	memset(t.password, 0, sizeof(t.password));
	if (rc != 0)
		return fault_from_errno(rc);
	xbuf_adds(&r->body, "<cwmp:ScheduleDownloadResponse></cwmp:ScheduleDownloadResponse>");
	return 0;
}
