/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterValues: fills the session's tree for every requested name
 * (full or partial paths, at most GPV_MAX_NAMES), then writes each
 * parameter at or below them with its xsi:type from the schema. One
 * unknown name faults the whole request (9005). Hidden parameters read as
 * "", command parameters as their default.
 */
#include <errno.h>
#include <stdlib.h>

#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"
#include "tree.h"
#include "types.h"

#define GPV_MAX_NAMES 1024

struct gpv_list {
	struct xbuf items;
	size_t n;
};

static const char *shown_value(const struct dm_tree_item *it)
{
	if (it->node->flags & DM_F_HIDDEN)
		return "";
	if (it->node->flags & DM_F_COMMAND)
		return it->node->def ? it->node->def : "";
	return it->value ? it->value : "";
}

static int param_cb(void *ctx, const struct dm_tree_item *it)
{
	struct gpv_list *l = ctx;

	xbuf_adds(&l->items, "<ParameterValueStruct><Name>");
	xbuf_add_xml(&l->items, it->path);
	xbuf_printf(&l->items, "</Name><Value xsi:type=\"%s\">", dm_type_xsd(it->node));
	xbuf_add_xml(&l->items, shown_value(it));
	xbuf_adds(&l->items, "</Value></ParameterValueStruct>");
	l->n++;
	return xbuf_error(&l->items);
}

static void names_free(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* The names in the request: NULL-terminated array of strings (free with
 * names_free), NULL with *fault set. */
static char **names_read(const xmlNode *args, int *fault)
{
	xmlNode *list = soap_child(args, "ParameterNames");
	xmlNode *s;
	size_t n = 0;
	char **names;

	*fault = CWMP_FAULT_INVALID_ARGUMENTS;
	if (!list)
		return NULL;
	for (s = soap_child(list, "string"); s; s = soap_next(s))
		n++;
	*fault = CWMP_FAULT_RESOURCES_EXCEEDED;
	if (n > GPV_MAX_NAMES)
		return NULL;
	*fault = CWMP_FAULT_INTERNAL_ERROR;
	names = calloc(n + 1, sizeof(*names));
	if (!names)
		return NULL;
	n = 0;
	for (s = soap_child(list, "string"); s; s = soap_next(s))
		if (!(names[n++] = soap_text(s)))
			break;
	if (n > 0 && !names[n - 1]) {
		names_free(names);
		return NULL;
	}
	*fault = 0;
	return names;
}

/* Walk every name into l: 0 or a fault code. */
static int walk_names(struct dm_tree *t, char **names, struct gpv_list *l)
{
	struct dm_tree_pos pos;
	int rc;

	for (size_t i = 0; names[i]; i++)
		if (!t || dm_tree_resolve(t, names[i], &pos) != 0)
			return CWMP_FAULT_INVALID_PARAMETER_NAME;
	for (size_t i = 0; names[i]; i++) {
		dm_tree_resolve(t, names[i], &pos);
		rc = dm_tree_walk_pos(t, &pos, 0, param_cb, l);
		if (rc != 0)
			return rc == -E2BIG ? CWMP_FAULT_RESOURCES_EXCEEDED
					    : CWMP_FAULT_INTERNAL_ERROR;
	}
	return 0;
}

static int answer(struct rpc_req *r, char **names)
{
	struct gpv_list l = { .n = 0 };
	int fault;

	xbuf_init(&l.items, SOAP_MAX_RESPONSE);
	fault = walk_names(dm_cache_tree(r->a), names, &l);
	if (fault == 0) {
		xbuf_printf(&r->body, "<cwmp:GetParameterValuesResponse><ParameterList "
			    "soap-enc:arrayType=\"cwmp:ParameterValueStruct[%zu]\">", l.n);
		xbuf_add(&r->body, l.items.data ? l.items.data : "", l.items.len);
		xbuf_adds(&r->body, "</ParameterList></cwmp:GetParameterValuesResponse>");
	}
	xbuf_fini(&l.items);
	return fault;
}

static void filled_cb(void *ctx, int err)
{
	struct rpc_req *r = ctx;
	int fault;
	char **names = names_read(r->args, &fault);

	if (fault == 0)
		fault = err ? CWMP_FAULT_INTERNAL_ERROR : answer(r, names);
	names_free(names);
	rpc_complete(r, fault);
}

int rpc_get_parameter_values(struct rpc_req *r)
{
	int fault, rc;
	char **names = names_read(r->args, &fault);
	size_t n = 0;

	if (!names)
		return fault;
	while (names[n])
		n++;
	rc = dm_cache_fill(r->a, (const char *const *)names, n, filled_cb, r);
	names_free(names);
	if (rc != 0) {
		log_warn("rpc: GetParameterValues: cannot read the data model: %d", rc);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	return RPC_PENDING;
}
