/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SetParameterValues, all or nothing: the SOAP side. The request's
 * ParameterList and ParameterKey are read, the session's tree is filled
 * for the names, then spv_write.h checks every parameter (any refusal
 * answers 9003 with one SetParameterValuesFault per refused parameter and
 * changes nothing) and writes them through the plugins and the config
 * file. On success the ParameterKey is stored, the new values count as
 * reported (no value change notification for the ACS's own change), and
 * Status is 1 when a value takes effect only after a reboot, or when a
 * plugin deferred its apply to after the session (dm_deferred.h: e.g.
 * OpenWrt's network reload). The ACS's native changes (URL, periodic
 * inform, retry policy, credentials) take effect when the session ends.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "cwmp_state.h"
#include "fault.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "soap.h"
#include "spv_write.h"

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/* The driver's state (rpc_dm.h). */
struct spv {
	struct rpc_dm_run run;
	struct spv_write *w;
	char key[CWMP_STATE_KEY_MAX + 1];
};

static void fini(struct rpc_dm_run *run)
{
	spv_write_free(((struct spv *)run)->w);
}

/* fault, with the per-parameter faults attached to a 9003 (they stay in
 * the write until the driver frees the state, after the answer). */
static int with_faults(struct spv *s, int fault)
{
	struct rpc_req *r = s->run.r;

	if (fault == CWMP_FAULT_INVALID_ARGUMENTS && s->w)
		r->param_faults = spv_write_faults(s->w, &r->n_param_faults);
	return fault;
}

/* ---- reading the request -------------------------------------------------- */

/* The local part of the Value's xsi:type ("xsd:boolean" -> "boolean")
 * into *out (a new string, or NULL when absent). 0 or -ENOMEM. */
static int xsi_type_of(xmlNode *v, char **out)
{
	xmlChar *t = xmlGetNsProp(v, (const xmlChar *)"type", (const xmlChar *)XSI_NS);
	const char *colon;

	*out = NULL;
	if (!t)
		return 0;
	colon = strchr((const char *)t, ':');
	*out = strdup(colon ? colon + 1 : (const char *)t);
	xmlFree(t);
	return *out ? 0 : -ENOMEM;
}

/* One ParameterValueStruct into the write. 0 or a fault code. */
static int read_param(xmlNode *pvs, struct spv_write *w)
{
	xmlNode *name = soap_child(pvs, "Name");
	xmlNode *value = soap_child(pvs, "Value");
	char *n = NULL, *v = NULL, *type = NULL;
	int fault = CWMP_FAULT_INVALID_ARGUMENTS;

	if (!name || !value)
		return fault;
	if ((fault = rpc_text(name, &n)) == 0 && (fault = rpc_text(value, &v)) == 0) {
		fault = CWMP_FAULT_INTERNAL_ERROR;
		if (xsi_type_of(value, &type) == 0)
			fault = spv_write_add(w, n, v, type);
	}
	free(n);
	free(v);
	free(type);
	return fault;
}

/* Fill s from the request: 0 or a fault code. */
static int decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct spv *s = (struct spv *)run;
	xmlNode *list = soap_child(args, "ParameterList");
	xmlNode *pvs;
	size_t n = 0;
	int fault;

	if (!list || soap_child_text(args, "ParameterKey", s->key, sizeof(s->key)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	for (pvs = soap_child(list, "ParameterValueStruct"); pvs; pvs = soap_next(pvs))
		n++;
	if (n > SPV_MAX_PARAMS)
		return CWMP_FAULT_RESOURCES_EXCEEDED;
	s->w = spv_write_new(n);
	if (!s->w)
		return CWMP_FAULT_INTERNAL_ERROR;
	for (pvs = soap_child(list, "ParameterValueStruct"); pvs; pvs = soap_next(pvs)) {
		fault = read_param(pvs, s->w);
		if (fault)
			return fault;
	}
	return 0;
}

static size_t paths(struct rpc_dm_run *run, const char *const **out)
{
	size_t n;

	*out = spv_write_names(((struct spv *)run)->w, &n);
	return n;
}

/* ---- the answer ----------------------------------------------------------------- */

static void written_cb(void *ctx, int fault, int status)
{
	struct spv *s = ctx;

	if (fault == 0)
		xbuf_printf(&s->run.r->body, "<cwmp:SetParameterValuesResponse><Status>%d"
			    "</Status></cwmp:SetParameterValuesResponse>", status);
	rpc_dm_finish(&s->run, with_faults(s, fault));  /* s is freed */
}

/* The tree is filled: check every value, then write. */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct spv *s = (struct spv *)run;
	const struct rpc_env *env = run->r->env;
	int fault = spv_write_check(s->w, t, rpc_dm_platform(run->r));

	if (fault)
		return with_faults(s, fault);
	spv_write_run(s->w, &(struct spv_env){
		.dm = env->dm, .native_write = env->native_write, .changed = env->changed,
		.notify = env->notify, .key = s->key, .by = "the ACS", .ctx = env->ctx },
		written_cb, s);         /* ends with rpc_dm_finish */
	return RPC_PENDING;
}

static const struct rpc_dm spv = {
	"SetParameterValues", sizeof(struct spv), decode, paths, act, fini
};

int rpc_set_parameter_values(struct rpc_req *r)
{
	return rpc_dm_start(r, &spv);
}
