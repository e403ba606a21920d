/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder while the transfer handlers are written (not in the method
 * table). */
#include "fault.h"
#include "rpc.h"

int rpc_download(struct rpc_req *r)
{
	(void)r;
	return CWMP_FAULT_METHOD_NOT_SUPPORTED;
}
