/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ScheduleDownload (TR-069 A.4.1.8, cwmp-1-2 and later): a Download
 * (rpc_download_parse: the same arguments but DelaySeconds) with a
 * TimeWindowList of one or two windows, in seconds from now. The transfer
 * is queued to start at the first WindowStart, once (MaxRetries and
 * UserMessage are ignored) and in no other window; if it cannot start before
 * the last WindowEnd it ends with 9020. WindowMode "1 At Any Time",
 * "2 Immediately" and "3 When Idle" all mean "start at WindowStart" (no
 * user is there to be idle); "4 Confirmation Needed" is refused (9003).
 * The result is a TransferComplete with "M ScheduleDownload".
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "fault.h"
#include "rpc.h"
#include "transfers.h"

#define WINDOWS_MAX 2

struct window {
	unsigned start, end;    /* seconds from now */
};

static int parse_window(const xmlNode *w, struct window *out)
{
	static const char *const modes[] = { "1 At Any Time", "2 Immediately", "3 When Idle" };
	char start[16], end[16], mode[64];

	if (soap_child_text(w, "WindowStart", start, sizeof(start)) != 0 ||
	    soap_child_text(w, "WindowEnd", end, sizeof(end)) != 0 ||
	    soap_child_text(w, "WindowMode", mode, sizeof(mode)) != 0 ||
	    soap_parse_uint(start, &out->start) != 0 || soap_parse_uint(end, &out->end) != 0 ||
	    out->end <= out->start)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(mode, modes[i]) == 0)
			return 0;
	return CWMP_FAULT_INVALID_ARGUMENTS;
}

/* The windows, in order and not overlapping: 0 or 9003. */
static int parse_windows(const xmlNode *args, struct window *w, size_t *n)
{
	const xmlNode *list = soap_child(args, "TimeWindowList");
	const xmlNode *x = list ? soap_child(list, "TimeWindowStruct") : NULL;

	for (*n = 0; x; x = soap_next(x)) {
		if (*n == WINDOWS_MAX || parse_window(x, &w[*n]) != 0)
			return CWMP_FAULT_INVALID_ARGUMENTS;
		if (*n && w[*n].start < w[*n - 1].end)
			return CWMP_FAULT_INVALID_ARGUMENTS;
		(*n)++;
	}
	return *n ? 0 : CWMP_FAULT_INVALID_ARGUMENTS;
}

int rpc_schedule_download(struct rpc_req *r)
{
	struct window w[WINDOWS_MAX];
	struct transfer t;
	time_t now = time(NULL);
	size_t n = 0;
	int fault, rc;

	memset(&t, 0, sizeof(t));
	if (!r->a || !r->a->transfers)
		return CWMP_FAULT_INTERNAL_ERROR;      /* no agent: the RPC fuzzer */
	if (r->ns != CWMP_NS_1_2)
		return CWMP_FAULT_METHOD_NOT_SUPPORTED; /* not in cwmp-1-0 or 1-1 */
	fault = rpc_download_parse(r, &t);
	if (!fault)
		fault = parse_windows(r->args, w, &n);
	if (fault)
		return fault;
	t.due = now + (time_t)w[0].start;
	t.deadline = now + (time_t)w[n - 1].end;
	rc = transfers_add(r->a, &t);
	memset(t.password, 0, sizeof(t.password));
	if (rc != 0)
		return rc == -ENOSPC ? CWMP_FAULT_RESOURCES_EXCEEDED : CWMP_FAULT_INTERNAL_ERROR;
	xbuf_adds(&r->body, "<cwmp:ScheduleDownloadResponse></cwmp:ScheduleDownloadResponse>");
	return 0;
}
