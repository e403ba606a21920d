/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reboot: answers RebootResponse at once; ops.c reboots once the session
 * has ended, after saving "M Reboot" with the CommandKey so that the first
 * session after the reboot reports it with "1 BOOT". Faults: 9003 for a
 * missing or oversized CommandKey, 9002 when the operations did not start.
 */
#include "events.h"
#include "fault.h"
#include "ops.h"
#include "rpc.h"
#include "soap.h"

int rpc_reboot(struct rpc_req *r)
{
	char key[EVENT_KEY_MAX + 1];
	int rc;

	if (soap_child_text(r->args, "CommandKey", key, sizeof(key)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	rc = ops_reboot(r->env->ops, key);
	if (rc != 0)
		return fault_from_errno(rc);
	xbuf_adds(&r->body, "<cwmp:RebootResponse></cwmp:RebootResponse>");
	return 0;
}
