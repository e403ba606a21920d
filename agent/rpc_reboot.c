/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder while the handler is written (not in the method table). */
#include "fault.h"
#include "rpc.h"

int rpc_reboot(struct rpc_req *r)
{
	(void)r;
	return CWMP_FAULT_METHOD_NOT_SUPPORTED;
}
