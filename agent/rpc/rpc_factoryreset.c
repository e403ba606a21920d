/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FactoryReset (no arguments; GenieACS sends an empty element): answers
 * FactoryResetResponse at once; ops.c runs the platform's factory reset
 * once the session has ended, wipes the state dir and reboots, so the next
 * session is a "0 BOOTSTRAP" + "1 BOOT" one with an empty ParameterKey.
 * Fault 9002 when the operations did not start.
 */
#include "config.h"
#include "fault.h"
#include "ops.h"
#include "rpc.h"

int rpc_factory_reset(struct rpc_req *r)
{
	int rc = ops_factory_reset(r->env->ops);

	if (rc != 0)
		return fault_from_errno(rc);
	xbuf_adds(&r->body, "<cwmp:FactoryResetResponse></cwmp:FactoryResetResponse>");
	return 0;
}
