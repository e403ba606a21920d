/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RPC dispatcher: finds the handler for the ACS's request by the body
 * element's name, wraps the handler's body in an envelope echoing the
 * request's cwmp:ID, and turns a fault code into a SOAP Fault. An unknown
 * method gets 9000.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"

#define RPC_MAX_RESPONSE SOAP_MAX_RESPONSE

static const struct rpc_method methods[] = {
	{ "GetRPCMethods", rpc_get_rpc_methods },
	{ "GetParameterNames", rpc_get_parameter_names },
	{ "GetParameterValues", rpc_get_parameter_values },
};

const struct rpc_method *rpc_methods(size_t *n)
{
	*n = sizeof(methods) / sizeof(methods[0]);
	return methods;
}

static const struct rpc_method *method_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

/* Build the envelope around the handler's body (or the fault) and hand it
 * to the caller; frees the request. */
static void finish(struct rpc_req *r, int fault)
{
	struct xbuf env;

	xbuf_init(&env, RPC_MAX_RESPONSE);
	if (fault == 0 && xbuf_error(&r->body))
		fault = xbuf_error(&r->body) == -E2BIG ? CWMP_FAULT_RESOURCES_EXCEEDED
						       : CWMP_FAULT_INTERNAL_ERROR;
	if (fault == 0) {
		soap_envelope_open(&env, r->ns, r->msg->id, false);
		xbuf_add(&env, r->body.data, r->body.len);
		soap_envelope_close(&env);
	} else {
		log_notice("rpc: %s answered with fault %d (%s)", r->msg->name ? r->msg->name : "?",
			   fault, fault_string(fault));
		soap_write_fault(&env, r->ns, r->msg->id, fault, NULL, NULL, 0);
	}
	r->done(r->done_ctx, &env);
	xbuf_fini(&env);
	xbuf_fini(&r->body);
	free(r);
}

void rpc_complete(struct rpc_req *r, int fault)
{
	finish(r, fault);
}

void rpc_dispatch(struct agent *a, const struct soap_msg *msg, rpc_done_cb done, void *ctx)
{
	const struct rpc_method *m = method_find(msg->name);
	struct rpc_req *r = calloc(1, sizeof(*r));
	int fault;

	if (!r) {
		struct xbuf env;

		xbuf_init(&env, RPC_MAX_RESPONSE);
		soap_write_fault(&env, msg->ns, msg->id, CWMP_FAULT_RESOURCES_EXCEEDED, NULL,
				 NULL, 0);
		done(ctx, &env);
		xbuf_fini(&env);
		return;
	}
	r->a = a;
	r->msg = msg;
	r->args = msg->body;
	r->ns = msg->ns;
	r->done = done;
	r->done_ctx = ctx;
	xbuf_init(&r->body, RPC_MAX_RESPONSE);
	if (msg->must_understand_failed) {
		log_warn("rpc: %s carries a header we must understand and do not",
			 msg->name ? msg->name : "?");
		fault = CWMP_FAULT_METHOD_NOT_SUPPORTED;
	} else if (!m) {
		log_notice("rpc: method %s is not supported", msg->name ? msg->name : "(none)");
		fault = CWMP_FAULT_METHOD_NOT_SUPPORTED;
	} else {
		log_info("rpc: %s", m->name);
		fault = m->handle(r);
	}
	if (fault != RPC_PENDING)
		finish(r, fault);
}
