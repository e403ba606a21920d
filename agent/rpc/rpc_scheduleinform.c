/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ScheduleInform: DelaySeconds (>= 1) and CommandKey; ops.c keeps the
 * pending inform (state dir, re-armed after a restart) and, when it is due,
 * queues "3 SCHEDULED" and "M ScheduleInform" with the key. Faults: 9003
 * for a missing, non-numeric or zero DelaySeconds or a missing or oversized
 * CommandKey, 9004 when too many are pending, 9002 when it cannot be saved.
 */
#include <errno.h>

#include "events.h"
#include "fault.h"
#include "ops.h"
#include "rpc.h"
#include "soap.h"

int rpc_schedule_inform(struct rpc_req *r)
{
	char delay[32], key[EVENT_KEY_MAX + 1];
	unsigned d = 0;
	int rc;

	if (soap_child_text(r->args, "DelaySeconds", delay, sizeof(delay)) != 0 ||
	    soap_parse_uint(delay, &d) != 0 || d == 0 ||
	    soap_child_text(r->args, "CommandKey", key, sizeof(key)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	rc = ops_schedule_inform(r->env->ops, d, key);
	if (rc != 0)
		return fault_from_errno(rc);
	xbuf_adds(&r->body, "<cwmp:ScheduleInformResponse></cwmp:ScheduleInformResponse>");
	return 0;
}
