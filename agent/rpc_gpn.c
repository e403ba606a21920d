/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterNames: fills the session's tree for the requested path, then
 * lists what is at and below it (NextLevel false) or its direct children
 * (NextLevel true) with their Writable flag: a parameter's access, for a
 * table and its instances whether AddObject/DeleteObject are allowed, and
 * 0 for plain objects. The list is built in a scratch buffer first so the
 * arrayType can give its length.
 */
#include <errno.h>
#include <stdbool.h>

#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"
#include "tree.h"

struct gpn_list {
	struct xbuf items;
	size_t n;
};

struct gpn_args {
	char path[DM_TREE_PATH_MAX + 1];
	bool next_level;
};

/* ParameterPath and NextLevel from the request: 0 or a fault code. */
static int args_read(const xmlNode *args, struct gpn_args *ga)
{
	char nl[16];
	int rc = soap_child_text(args, "ParameterPath", ga->path, sizeof(ga->path));

	if (rc == -E2BIG)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	if (rc != 0 || soap_child_text(args, "NextLevel", nl, sizeof(nl)) != 0 ||
	    soap_parse_bool(nl, &ga->next_level) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	return 0;
}

static int item_cb(void *ctx, const struct dm_tree_item *it)
{
	struct gpn_list *l = ctx;
	int writable = it->kind != DM_TREE_OBJECT && (it->node->flags & DM_F_WRITABLE);

	xbuf_adds(&l->items, "<ParameterInfoStruct><Name>");
	xbuf_add_xml(&l->items, it->path);
	xbuf_printf(&l->items, "</Name><Writable>%d</Writable></ParameterInfoStruct>", writable);
	l->n++;
	return xbuf_error(&l->items);
}

/* Walk the tree into r->body: 0 or a fault code. */
static int answer(struct rpc_req *r, const struct gpn_args *ga)
{
	struct dm_tree *t = dm_cache_tree(r->a);
	struct gpn_list l = { .n = 0 };
	struct dm_tree_pos pos;
	int rc, fault = 0;

	if (!t || dm_tree_resolve(t, ga->path, &pos) != 0)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	if (ga->next_level && pos.kind == DM_TREE_PARAM)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	xbuf_init(&l.items, SOAP_MAX_RESPONSE);
	rc = dm_tree_walk_pos(t, &pos, ga->next_level ? DM_WALK_NEXT_LEVEL : DM_WALK_OBJECTS,
			      item_cb, &l);
	if (rc != 0) {
		fault = rc == -E2BIG ? CWMP_FAULT_RESOURCES_EXCEEDED : CWMP_FAULT_INTERNAL_ERROR;
		goto out;
	}
	xbuf_printf(&r->body, "<cwmp:GetParameterNamesResponse><ParameterList "
		    "soap-enc:arrayType=\"cwmp:ParameterInfoStruct[%zu]\">", l.n);
	xbuf_add(&r->body, l.items.data ? l.items.data : "", l.items.len);
	xbuf_adds(&r->body, "</ParameterList></cwmp:GetParameterNamesResponse>");
out:
	xbuf_fini(&l.items);
	return fault;
}

static void filled_cb(void *ctx, int err)
{
	struct rpc_req *r = ctx;
	struct gpn_args ga;
	int fault = args_read(r->args, &ga);

	if (fault == 0)
		fault = err ? CWMP_FAULT_INTERNAL_ERROR : answer(r, &ga);
	rpc_complete(r, fault);
}

int rpc_get_parameter_names(struct rpc_req *r)
{
	struct gpn_args ga;
	const char *paths[1] = { ga.path };
	int fault = args_read(r->args, &ga), rc;

	if (fault)
		return fault;
	rc = dm_cache_fill(r->a, paths, 1, filled_cb, r);
	if (rc != 0) {
		log_warn("rpc: GetParameterNames: cannot read the data model: %d", rc);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	return RPC_PENDING;
}
