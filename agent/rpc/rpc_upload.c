/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Upload (TR-069 A.4.1.5): check the arguments, queue the transfer
 * (transfers.h) and answer Status 1 with the Unknown Time: the platform
 * plugin makes the file after the session ("firmware config-export FILE" or
 * "log-export FILE") and it is sent with HTTP PUT; the result comes back in
 * a TransferComplete ("M Upload"). FileType "1 Vendor Configuration File"
 * and "2 Vendor Log File" (the instance forms "3 ... <i>" and "4 ... <i>"
 * are refused with 9003); http:// and https:// only (else 9013).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "fault.h"
#include "http_easy.h"
#include "log.h"
#include "rpc.h"
#include "transfers.h"

static int parse_file_type(const xmlNode *args, enum transfer_file_type *out)
{
	char s[64];

	if (soap_child_text(args, "FileType", s, sizeof(s)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	if (transfers_file_type_parse(s, true, out) == 0)
		return 0;
	log_warn("rpc: Upload of FileType '%s' refused: not supported", s);
	return CWMP_FAULT_INVALID_ARGUMENTS;
}

static int parse_args(const xmlNode *args, struct transfer *t, unsigned *delay)
{
	char s[16];
	int fault;

	if (soap_child_text(args, "CommandKey", t->command_key, sizeof(t->command_key)) != 0 ||
	    soap_child_text(args, "URL", t->url, sizeof(t->url)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	if (soap_child_text(args, "Username", t->username, sizeof(t->username)) == -E2BIG ||
	    soap_child_text(args, "Password", t->password, sizeof(t->password)) == -E2BIG)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	fault = parse_file_type(args, &t->file_type);
	if (!fault && soap_child(args, "DelaySeconds") &&
	    (soap_child_text(args, "DelaySeconds", s, sizeof(s)) != 0 ||
	     soap_parse_uint(s, delay) != 0))
		fault = CWMP_FAULT_INVALID_ARGUMENTS;
	if (!fault && !http_url_is_http(t->url))
		fault = CWMP_FAULT_UNSUPPORTED_PROTOCOL;
	return fault;
}

int rpc_upload(struct rpc_req *r)
{
	struct transfer t;
	unsigned delay = 0;
	int fault, rc;

	memset(&t, 0, sizeof(t));
	fault = parse_args(r->args, &t, &delay);
	if (fault)
		return fault;
	t.due = time(NULL) + (time_t)delay;
	rc = transfers_add(r->env->transfers, &t);
	memset(t.password, 0, sizeof(t.password));
	if (rc != 0)
		return fault_from_errno(rc);
	xbuf_adds(&r->body, "<cwmp:UploadResponse><Status>1</Status>"
		  "<StartTime>0001-01-01T00:00:00Z</StartTime>"
		  "<CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:UploadResponse>");
	return 0;
}
