/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetAllQueuedTransfers (TR-069 A.4.1.7): as GetQueuedTransfers, with
 * IsDownload, FileType, FileSize (0 for an upload or when not announced)
 * and TargetFileName (as the Download asked; empty for an upload). Only transfers the
 * ACS asked for exist here (no autonomous ones). cwmp-1-0 has no such
 * method: asked in that namespace, it is 9000 like any unknown method.
 */
#include "config.h"
#include "fault.h"
#include "rpc.h"
#include "transfers.h"

static void write_one(struct xbuf *b, const struct transfer *t, int state)
{
	xbuf_adds(b, "<AllQueuedTransferStruct><CommandKey>");
	xbuf_add_xml(b, t->command_key);
	xbuf_printf(b, "</CommandKey><State>%d</State><IsDownload>%d</IsDownload><FileType>",
		    state, TRANSFER_IS_UPLOAD(t) ? 0 : 1);
	xbuf_add_xml(b, transfers_file_type_name(t->file_type));
	xbuf_printf(b, "</FileType><FileSize>%llu</FileSize><TargetFileName>",
		    (unsigned long long)(t->file_size > 4294967295ULL ? 0 : t->file_size));
	xbuf_add_xml(b, t->target_name);
	xbuf_adds(b, "</TargetFileName></AllQueuedTransferStruct>");
}

int rpc_get_all_queued_transfers(struct rpc_req *r)
{
	const struct transfer *v;
	size_t n, count = 0, at;

	if (r->ns == CWMP_NS_1_0)
		return CWMP_FAULT_METHOD_NOT_SUPPORTED;
	v = transfers_list(r->env->transfers, &n);
	xbuf_adds(&r->body, "<cwmp:GetAllQueuedTransfersResponse>");
	at = soap_array_open(&r->body, "TransferList", "cwmp:AllQueuedTransferStruct");
	for (size_t i = 0; i < n; i++) {
		int state = transfers_queued_state(&v[i]);

		if (state) {
			write_one(&r->body, &v[i], state);
			count++;
		}
	}
	soap_array_close(&r->body, at, "TransferList", count);
	xbuf_adds(&r->body, "</cwmp:GetAllQueuedTransfersResponse>");
	return 0;
}
