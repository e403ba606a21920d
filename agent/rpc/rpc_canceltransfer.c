/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CancelTransfer (TR-069 A.4.1.9, cwmp-1-2 and later): forget the queued
 * transfers with the CommandKey (transfers_cancel). One that has started
 * cannot be cancelled (9021); a key with nothing queued is 9003.
 */
#include <errno.h>

#include "config.h"
#include "fault.h"
#include "rpc.h"
#include "transfers.h"

int rpc_cancel_transfer(struct rpc_req *r)
{
	char key[TRANSFER_KEY_MAX + 1];
	int rc;

	if (r->ns != CWMP_NS_1_2)
		return CWMP_FAULT_METHOD_NOT_SUPPORTED; /* not in cwmp-1-0 or 1-1 */
	if (soap_child_text(r->args, "CommandKey", key, sizeof(key)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	rc = transfers_cancel(r->env->transfers, key);
	if (rc == -EBUSY)
		return CWMP_FAULT_CANCEL_NOT_PERMITTED;
	if (rc != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	xbuf_adds(&r->body, "<cwmp:CancelTransferResponse></cwmp:CancelTransferResponse>");
	return 0;
}
