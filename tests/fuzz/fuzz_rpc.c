/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the RPC dispatcher: whatever parses as an envelope is
 * dispatched as an ACS request, and the answer must be a parsable envelope.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rpc.h"
#include "soap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void done_cb(void *ctx, struct xbuf *response)
{
	struct soap_msg *m = NULL;

	(void)ctx;
	if (soap_parse(response->data, response->len, &m) != 0)
		abort();
	soap_msg_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct soap_msg *m = NULL;

	log_set_level(LOG_LVL_ERR);
	if (soap_parse((const char *)data, size, &m) != 0)
		return 0;
	if (m->name && strcmp(m->name, "Fault") != 0)
		rpc_dispatch(NULL, m, done_cb, NULL);
	soap_msg_free(m);
	return 0;
}
