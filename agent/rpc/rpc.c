/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RPC dispatcher: finds the handler for the ACS's request by the body
 * element's name in the method table and runs it on a request whose
 * buffer already holds the envelope's head (rpc_answer.c finishes it). An
 * unknown method, or one the session's cwmp version does not define, gets
 * 9000. The dispatcher calls the handlers; they never call it back.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"


static const struct rpc_method methods[] = {
	{ "GetRPCMethods", rpc_get_rpc_methods, CWMP_NS_1_0 },
	{ "GetParameterNames", rpc_get_parameter_names, CWMP_NS_1_0 },
	{ "GetParameterValues", rpc_get_parameter_values, CWMP_NS_1_0 },
	{ "SetParameterValues", rpc_set_parameter_values, CWMP_NS_1_0 },
	{ "GetParameterAttributes", rpc_get_parameter_attributes, CWMP_NS_1_0 },
	{ "SetParameterAttributes", rpc_set_parameter_attributes, CWMP_NS_1_0 },
	{ "AddObject", rpc_add_object, CWMP_NS_1_0 },
	{ "DeleteObject", rpc_delete_object, CWMP_NS_1_0 },
	{ "ScheduleInform", rpc_schedule_inform, CWMP_NS_1_0 },
	{ "Reboot", rpc_reboot, CWMP_NS_1_0 },
	{ "FactoryReset", rpc_factory_reset, CWMP_NS_1_0 },
	{ "Download", rpc_download, CWMP_NS_1_0 },
	{ "Upload", rpc_upload, CWMP_NS_1_0 },
	{ "GetQueuedTransfers", rpc_get_queued_transfers, CWMP_NS_1_0 },
	{ "GetAllQueuedTransfers", rpc_get_all_queued_transfers, CWMP_NS_1_1 },
	{ "ScheduleDownload", rpc_schedule_download, CWMP_NS_1_2 },
	{ "CancelTransfer", rpc_cancel_transfer, CWMP_NS_1_2 },
};

static const struct rpc_method *method_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

/* An answer that is no RPC's: the SOAP MustUnderstand fault, or 9004 when
 * out of memory. */
static void answer_now(const struct soap_msg *msg, rpc_done_cb done, rpc_answer_cb answer,
		       void *ctx)
{
	struct xbuf out;

	xbuf_init(&out, RPC_ANSWER_MAX);
	if (msg->must_understand_failed) {
		log_warn("rpc: %s carries a header we must understand and do not",
			 msg->name ? msg->name : "?");
		soap_write_must_understand(&out, msg->ns, msg->id);
	} else {
		soap_write_fault(&out, msg->ns, msg->id, CWMP_FAULT_RESOURCES_EXCEEDED, NULL,
				 NULL, 0);
	}
	if (answer)
		answer(ctx, &out, NULL);
	else
		done(ctx, &out);
	xbuf_fini(&out);
}

static void dispatch(const struct rpc_env *env, const struct soap_msg *msg, rpc_done_cb done,
		     rpc_answer_cb answer, void *ctx)
{
	const struct rpc_method *m = method_find(msg->name);
	struct rpc_req *r = msg->must_understand_failed ? NULL : calloc(1, sizeof(*r));
	int fault;

	if (!r) {
		answer_now(msg, done, answer, ctx);
		return;
	}
	r->env = env;
	r->methods = methods;
	r->n_methods = sizeof(methods) / sizeof(methods[0]);
	r->msg = msg;
	r->args = msg->body;
	r->ns = msg->ns;
	r->done = done;
	r->answer = answer;
	r->done_ctx = ctx;
	xbuf_init(&r->body, RPC_ANSWER_MAX);
	soap_envelope_open(&r->body, r->ns, msg->id, false);
	r->head_len = xbuf_error(&r->body) ? 0 : r->body.len;
	if (msg->too_big) {
		log_warn("rpc: %s has more than %d XML nodes: not read", msg->name ? msg->name : "?",
			 SOAP_MAX_NODES);
		fault = CWMP_FAULT_RESOURCES_EXCEEDED;
	} else if (!m || msg->ns < m->min_ns) {
		log_notice("rpc: method %s is not supported%s", msg->name ? msg->name : "(none)",
			   m ? " in this cwmp version" : "");
		fault = CWMP_FAULT_METHOD_NOT_SUPPORTED;
	} else {
		log_info("rpc: %s", m->name);
		fault = m->handle(r);
	}
	if (fault != RPC_PENDING)
		rpc_complete(r, fault);
}

void rpc_dispatch(const struct rpc_env *env, const struct soap_msg *msg, rpc_done_cb done,
		  void *ctx)
{
	dispatch(env, msg, done, NULL, ctx);
}

void rpc_dispatch_source(const struct rpc_env *env, const struct soap_msg *msg,
			 rpc_answer_cb done, void *ctx)
{
	dispatch(env, msg, NULL, done, ctx);
}

int rpc_text(const xmlNode *node, char **out)
{
	errno = 0;
	*out = node ? soap_text(node) : NULL;
	if (*out)
		return 0;
	return !node || errno == EINVAL ? CWMP_FAULT_INVALID_ARGUMENTS : CWMP_FAULT_INTERNAL_ERROR;
}
