/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetQueuedTransfers (TR-069 A.4.1.1, deprecated by GetAllQueuedTransfers):
 * the Downloads and Uploads the ACS asked for that have not finished yet,
 * each with its CommandKey and State (1 not yet started, 2 in progress, 3
 * completed and finishing: the reboot into a new image). Transfers whose
 * TransferComplete is all that is left are not listed.
 */
#include "config.h"
#include "fault.h"
#include "rpc.h"
#include "transfers.h"

int rpc_get_queued_transfers(struct rpc_req *r)
{
	const struct transfer *v;
	size_t n, count = 0, at;

	v = transfers_list(r->env->transfers, &n);
	xbuf_adds(&r->body, "<cwmp:GetQueuedTransfersResponse>");
	at = soap_array_open(&r->body, "TransferList", "cwmp:QueuedTransferStruct");
	for (size_t i = 0; i < n; i++) {
		int state = transfers_queued_state(&v[i]);

		if (!state)
			continue;
		xbuf_adds(&r->body, "<QueuedTransferStruct><CommandKey>");
		xbuf_add_xml(&r->body, v[i].command_key);
		xbuf_printf(&r->body, "</CommandKey><State>%d</State></QueuedTransferStruct>", state);
		count++;
	}
	soap_array_close(&r->body, at, "TransferList", count);
	xbuf_adds(&r->body, "</cwmp:GetQueuedTransfersResponse>");
	return 0;
}
