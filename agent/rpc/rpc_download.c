/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Download (TR-069 A.3.2.8): check the arguments, queue the transfer
 * (transfers.h) and answer Status 1 with the Unknown Time: the file is
 * fetched and applied after the session, and the result comes back in a
 * TransferComplete. FileType "1 Firmware Upgrade Image" and "3 Vendor
 * Configuration File"; http:// and https:// only (else 9013); an announced
 * FileSize over the cpe download_max option is refused at once (9010).
 * TargetFileName is kept (GetAllQueuedTransfers reports it) and names a
 * vendor configuration file when the URL's path has no last segment
 * (TR-181 VendorConfigFile.{i}.Name: the URL's name first); SuccessURL
 * and FailureURL are accepted and ignored.
 */
#include <errno.h>
#include <stdint.h>
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
	if (transfers_file_type_parse(s, false, out) == 0)
		return 0;
	log_warn("rpc: Download of FileType '%s' refused: not supported", s);
	return CWMP_FAULT_INVALID_ARGUMENTS;
}

static int parse_uint(const xmlNode *args, const char *name, unsigned *out)
{
	char s[16];

	*out = 0;
	if (!soap_child(args, name))
		return 0;               /* optional in practice (GenieACS sends both) */
	if (soap_child_text(args, name, s, sizeof(s)) != 0 || soap_parse_uint(s, out) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	return 0;
}

/* The last segment of the URL's path ("" when it ends in '/' or has no
 * path), without query or fragment, into out (size bytes). */
static void url_file_name(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://"), *end, *slash = NULL;

	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = p + strcspn(p, "?#");
	p += strcspn(p, "/?#");            /* past the authority */
	for (const char *q = p; q < end; q++)
		if (*q == '/')
			slash = q;
	if (slash && end > slash + 1)
		snprintf(out, size, "%.*s", (int)(end - slash - 1), slash + 1);
}

int rpc_download_parse(struct rpc_req *r, struct transfer *t)
{
	const xmlNode *args = r->args;
	unsigned size = 0;
	int fault;

	if (soap_child_text(args, "CommandKey", t->command_key, sizeof(t->command_key)) != 0 ||
	    soap_child_text(args, "URL", t->url, sizeof(t->url)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	/* Absent credentials are none; too long ones are wrong. */
	if (soap_child_text(args, "Username", t->username, sizeof(t->username)) == -E2BIG ||
	    soap_child_text(args, "Password", t->password, sizeof(t->password)) == -E2BIG)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	if (soap_child_text(args, "TargetFileName", t->target_name,
			    sizeof(t->target_name)) == -E2BIG)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	url_file_name(t->url, t->file_name, sizeof(t->file_name));
	if (!t->file_name[0])
		snprintf(t->file_name, sizeof(t->file_name), "%s", t->target_name);
	fault = parse_file_type(args, &t->file_type);
	if (!fault)
		fault = parse_uint(args, "FileSize", &size);
	if (!fault && !http_url_is_http(t->url))
		fault = CWMP_FAULT_UNSUPPORTED_PROTOCOL;
	if (!fault && size > r->env->cfg->download_max) {
		log_warn("rpc: download of %u bytes refused: download_max is %u", size,
			 r->env->cfg->download_max);
		fault = CWMP_FAULT_DOWNLOAD_FAILURE;
	}
	t->file_size = fault ? 0 : size;
	return fault;
}

int rpc_download(struct rpc_req *r)
{
	struct transfer t;
	unsigned delay = 0;
	int fault, rc;

	memset(&t, 0, sizeof(t));
	fault = rpc_download_parse(r, &t);
	if (!fault)
		fault = parse_uint(r->args, "DelaySeconds", &delay);
	if (fault)
		return fault;
	t.due = time(NULL) + (time_t)delay;
	rc = transfers_add(r->env->transfers, &t);
	memset(t.password, 0, sizeof(t.password));
	if (rc != 0)
		return fault_from_errno(rc);
	xbuf_adds(&r->body, "<cwmp:DownloadResponse><Status>1</Status>"
		  "<StartTime>0001-01-01T00:00:00Z</StartTime>"
		  "<CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:DownloadResponse>");
	return 0;
}
