/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CWMP fault codes: the one table that maps a code to its FaultString and
 * SOAP faultcode, and an internal error (negative errno) to a code. Fault
 * codes exist only in the RPC layer; errno values never reach the wire.
 */
#ifndef CWMP_FAULT_H
#define CWMP_FAULT_H

#include <stdbool.h>

enum cwmp_fault {
	CWMP_FAULT_METHOD_NOT_SUPPORTED = 9000,
	CWMP_FAULT_REQUEST_DENIED = 9001,
	CWMP_FAULT_INTERNAL_ERROR = 9002,
	CWMP_FAULT_INVALID_ARGUMENTS = 9003,
	CWMP_FAULT_RESOURCES_EXCEEDED = 9004,
	CWMP_FAULT_INVALID_PARAMETER_NAME = 9005,
	CWMP_FAULT_INVALID_PARAMETER_TYPE = 9006,
	CWMP_FAULT_INVALID_PARAMETER_VALUE = 9007,
	CWMP_FAULT_NON_WRITABLE_PARAMETER = 9008,
	CWMP_FAULT_NOTIFICATION_REJECTED = 9009,
	CWMP_FAULT_DOWNLOAD_FAILURE = 9010,
	CWMP_FAULT_UPLOAD_FAILURE = 9011,
	CWMP_FAULT_FILE_SERVER_AUTH = 9012,
	CWMP_FAULT_UNSUPPORTED_PROTOCOL = 9013,
	CWMP_FAULT_MULTICAST = 9014,
	CWMP_FAULT_CONTACT_FILE_SERVER = 9015,
	CWMP_FAULT_ACCESS_FILE = 9016,
	CWMP_FAULT_COMPLETE_DOWNLOAD = 9017,
	CWMP_FAULT_FILE_CORRUPTED = 9018,
	CWMP_FAULT_FILE_AUTH = 9019,
	CWMP_FAULT_TIME_WINDOW = 9020,
	CWMP_FAULT_CANCEL_NOT_PERMITTED = 9021,
	/* 9022..9032 only inside DUStateChangeComplete results */
	CWMP_FAULT_INVALID_UUID = 9022,
	CWMP_FAULT_UNKNOWN_EE = 9023,
	CWMP_FAULT_DISABLED_EE = 9024,
	CWMP_FAULT_DU_EE_MISMATCH = 9025,
	CWMP_FAULT_DUPLICATE_DU = 9026,
	CWMP_FAULT_SYSTEM_RESOURCES = 9027,
	CWMP_FAULT_UNKNOWN_DU = 9028,
	CWMP_FAULT_INVALID_DU_STATE = 9029,
	CWMP_FAULT_DU_DOWNGRADE = 9030,
	CWMP_FAULT_DU_NO_VERSION = 9031,
	CWMP_FAULT_DU_VERSION_EXISTS = 9032,
};

/* The standard FaultString for a code, "Vendor fault" for 9800..9899,
 * "Unknown fault" otherwise. A static string. */
const char *fault_string(int code);
/* True when the SOAP faultcode for code is "Client" (9003, 9005..9008,
 * 9020, 9021); false for every other code, vendor ones included. */
bool fault_is_client(int code);
/* The one table from an error of the agent's own parts (the store, the
 * queues, the data model, a plugin run) to a fault code, for every RPC:
 * 0 -> 0; -ENOMEM, -E2BIG, -ENOSPC, -ERANGE, -EFBIG (a cap or a counter
 * reached) -> 9004; -ENOSYS -> 9000; anything else (-EINVAL from a corrupt
 * file, -EIO, -ENODEV: a part that did not start, ...) -> 9002. What is
 * wrong with the ACS's own arguments (9003, 9005..9008) the handlers find
 * and say themselves: an internal error never turns into the ACS's fault. */
int fault_from_errno(int err);

#endif
