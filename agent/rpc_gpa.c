/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterAttributes: fills the session's tree for every requested name
 * (full or partial paths, "" for everything, at most GPA_MAX_NAMES), then
 * answers each parameter at or below them with its Notification and
 * AccessList from the attribute store (attrs.h, read from the state
 * directory for each request), the defaults where nothing is stored. One
 * unknown name faults the whole request (9005); an answer past
 * SOAP_MAX_RESPONSE is 9004.
 */
#include <errno.h>
#include <stdlib.h>

#include "agent.h"
#include "attrs.h"
#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"
#include "tree.h"

#define GPA_MAX_NAMES 1024

/* The request while the tree fills; owns the names. */
struct gpa_req {
	struct rpc_req *r;
	char **names;           /* n strings, NULL-terminated */
	size_t n;
};

struct gpa_list {
	const struct attrs *at;
	struct xbuf items;
	size_t n;
};

static void gpa_req_free(struct gpa_req *g)
{
	for (size_t i = 0; g && i < g->n; i++)
		free(g->names[i]);
	if (g)
		free(g->names);
	free(g);
}

/* ParameterNames into g: 0 or a fault code. */
static int names_read(const xmlNode *args, struct gpa_req *g)
{
	xmlNode *list = soap_child(args, "ParameterNames");
	xmlNode *s;
	size_t n = 0;

	if (!list)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	for (s = soap_child(list, "string"); s; s = soap_next(s))
		if (++n > GPA_MAX_NAMES)
			return CWMP_FAULT_RESOURCES_EXCEEDED;
	g->names = calloc(n + 1, sizeof(*g->names));
	if (!g->names)
		return CWMP_FAULT_INTERNAL_ERROR;
	for (s = soap_child(list, "string"); s; s = soap_next(s), g->n++)
		if (!(g->names[g->n] = soap_text(s)))
			return CWMP_FAULT_INTERNAL_ERROR;
	return 0;
}

static int param_cb(void *ctx, const struct dm_tree_item *it)
{
	struct gpa_list *l = ctx;

	xbuf_adds(&l->items, "<ParameterAttributeStruct><Name>");
	xbuf_add_xml(&l->items, it->path);
	xbuf_printf(&l->items, "</Name><Notification>%d</Notification>",
		    attrs_notification(l->at, it->path, it->node));
	if (attrs_access(l->at, it->path) & ATTRS_ACCESS_SUBSCRIBER)
		xbuf_adds(&l->items, "<AccessList soap-enc:arrayType=\"xsd:string[1]\"><string>"
			  ATTRS_SUBSCRIBER "</string></AccessList>");
	else
		xbuf_adds(&l->items, "<AccessList soap-enc:arrayType=\"xsd:string[0]\"></AccessList>");
	xbuf_adds(&l->items, "</ParameterAttributeStruct>");
	l->n++;
	return xbuf_error(&l->items);
}

/* Walk every name into l: 0 or a fault code. */
static int walk_names(const struct dm_tree *t, const struct gpa_req *g, struct gpa_list *l)
{
	struct dm_tree_pos pos;
	int rc;

	for (size_t i = 0; i < g->n; i++) {
		if (dm_tree_resolve(t, g->names[i], &pos) != 0)
			return CWMP_FAULT_INVALID_PARAMETER_NAME;
		rc = dm_tree_walk_pos(t, &pos, 0, param_cb, l);
		if (rc != 0)
			return rc == -E2BIG ? CWMP_FAULT_RESOURCES_EXCEEDED
					    : CWMP_FAULT_INTERNAL_ERROR;
	}
	return 0;
}

static int answer(struct gpa_req *g)
{
	struct dm_tree *t = dm_cache_tree(g->r->a);
	struct gpa_list l = { .n = 0 };
	struct dm_tree_pos pos;
	struct attrs *at = NULL;
	int rc, fault;

	for (size_t i = 0; i < g->n; i++)
		if (!t || dm_tree_resolve(t, g->names[i], &pos) != 0)
			return CWMP_FAULT_INVALID_PARAMETER_NAME;
	rc = attrs_load(g->r->a->cfg.state_dir, &at);
	if (rc < 0) {
		log_warn("rpc: GetParameterAttributes: cannot read the attributes: %d", rc);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	l.at = at;
	xbuf_init(&l.items, SOAP_MAX_RESPONSE);
	fault = walk_names(t, g, &l);
	if (fault == 0) {
		xbuf_printf(&g->r->body, "<cwmp:GetParameterAttributesResponse><ParameterList "
			    "soap-enc:arrayType=\"cwmp:ParameterAttributeStruct[%zu]\">", l.n);
		xbuf_add(&g->r->body, l.items.data ? l.items.data : "", l.items.len);
		xbuf_adds(&g->r->body, "</ParameterList></cwmp:GetParameterAttributesResponse>");
	}
	xbuf_fini(&l.items);
	attrs_free(at);
	return fault;
}

static void filled_cb(void *ctx, int err)
{
	struct gpa_req *g = ctx;
	struct rpc_req *r = g->r;
	int fault = err ? CWMP_FAULT_INTERNAL_ERROR : answer(g);

	gpa_req_free(g);
	rpc_complete(r, fault);
}

int rpc_get_parameter_attributes(struct rpc_req *r)
{
	struct gpa_req *g = calloc(1, sizeof(*g));
	int fault, rc;

	if (!g)
		return CWMP_FAULT_INTERNAL_ERROR;
	g->r = r;
	fault = names_read(r->args, g);
	if (fault) {
		gpa_req_free(g);
		return fault;
	}
	rc = dm_cache_fill(r->a, (const char *const *)g->names, g->n, filled_cb, g);
	if (rc != 0) {
		log_warn("rpc: GetParameterAttributes: cannot read the data model: %d", rc);
		gpa_req_free(g);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	return RPC_PENDING;
}
