/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CPE fault table (TR-069 A.5.1, 9000..9032): the FaultString we send
 * for each code, whether the SOAP faultcode is Client or Server, and the
 * mapping from an internal negative errno to the code an RPC answers with.
 */
#include <errno.h>
#include <stddef.h>

#include "fault.h"

#define FAULT_FIRST 9000

struct fault_def {
	const char *string;
	bool client;
};

static const struct fault_def faults[] = {
	[9000 - FAULT_FIRST] = { "Method not supported", false },
	[9001 - FAULT_FIRST] = { "Request denied (no reason specified)", false },
	[9002 - FAULT_FIRST] = { "Internal error", false },
	[9003 - FAULT_FIRST] = { "Invalid arguments", true },
	[9004 - FAULT_FIRST] = { "Resources exceeded", false },
	[9005 - FAULT_FIRST] = { "Invalid parameter name", true },
	[9006 - FAULT_FIRST] = { "Invalid parameter type", true },
	[9007 - FAULT_FIRST] = { "Invalid parameter value", true },
	[9008 - FAULT_FIRST] = { "Attempt to set a non-writable parameter", true },
	[9009 - FAULT_FIRST] = { "Notification request rejected", false },
	[9010 - FAULT_FIRST] = { "File transfer failure", false },
	[9011 - FAULT_FIRST] = { "Upload failure", false },
	[9012 - FAULT_FIRST] = { "File transfer server authentication failure", false },
	[9013 - FAULT_FIRST] = { "Unsupported protocol for file transfer", false },
	[9014 - FAULT_FIRST] = { "File transfer failure: unable to join multicast group", false },
	[9015 - FAULT_FIRST] = { "File transfer failure: unable to contact file server", false },
	[9016 - FAULT_FIRST] = { "File transfer failure: unable to access file", false },
	[9017 - FAULT_FIRST] = { "File transfer failure: unable to complete download", false },
	[9018 - FAULT_FIRST] = { "File transfer failure: file corrupted", false },
	[9019 - FAULT_FIRST] = { "File transfer failure: file authentication failure", false },
	[9020 - FAULT_FIRST] = { "File transfer failure: unable to complete download "
				 "within specified time windows", true },
	[9021 - FAULT_FIRST] = { "Cancelation of file transfer not permitted in current "
				 "transfer state", true },
	[9022 - FAULT_FIRST] = { "Invalid UUID format", false },
	[9023 - FAULT_FIRST] = { "Unknown Execution Environment", false },
	[9024 - FAULT_FIRST] = { "Disabled Execution Environment", false },
	[9025 - FAULT_FIRST] = { "Deployment Unit to Execution Environment mismatch", false },
	[9026 - FAULT_FIRST] = { "Duplicate Deployment Unit", false },
	[9027 - FAULT_FIRST] = { "System resources exceeded", false },
	[9028 - FAULT_FIRST] = { "Unknown Deployment Unit", false },
	[9029 - FAULT_FIRST] = { "Invalid Deployment Unit state", false },
	[9030 - FAULT_FIRST] = { "Invalid Deployment Unit update: downgrade not permitted", false },
	[9031 - FAULT_FIRST] = { "Invalid Deployment Unit update: version not specified", false },
	[9032 - FAULT_FIRST] = { "Invalid Deployment Unit update: version already exists", false },
};

#define N_FAULTS (sizeof(faults) / sizeof(faults[0]))

static const struct fault_def *fault_find(int code)
{
	if (code < FAULT_FIRST || (unsigned)(code - FAULT_FIRST) >= N_FAULTS)
		return NULL;
	return &faults[code - FAULT_FIRST];
}

const char *fault_string(int code)
{
	const struct fault_def *f = fault_find(code);

	if (f)
		return f->string;
	if (code >= 9800 && code <= 9899)
		return "Vendor fault";
	return "Unknown fault";
}

bool fault_is_client(int code)
{
	const struct fault_def *f = fault_find(code);

	return f ? f->client : false;
}

int fault_from_errno(int err)
{
	switch (err) {
	case 0:
		return 0;
	case -ENOMEM:
	case -E2BIG:
	case -ENOSPC:
	case -ERANGE:
	case -EFBIG:
		return CWMP_FAULT_RESOURCES_EXCEEDED;
	case -ENOSYS:
		return CWMP_FAULT_METHOD_NOT_SUPPORTED;
	default:
		return CWMP_FAULT_INTERNAL_ERROR;
	}
}
