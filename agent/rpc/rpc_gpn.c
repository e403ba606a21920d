/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterNames: fills the session's tree for the requested path, then
 * lists what is at and below it (NextLevel false) or its direct children
 * (NextLevel true) with their Writable flag: a parameter's access, for a
 * table and its instances whether AddObject/DeleteObject are allowed, both
 * on the platform in use (dm_node_writable: what its plugins can do), and
 * 0 for plain objects. The list is written straight into the response; a
 * long one again piece by piece while it is sent (rpc_answer_list).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "soap.h"
#include "tree.h"

struct gpn_args {
	char path[DM_TREE_PATH_MAX + 1];
	bool next_level;
};

/* The driver's state (rpc_dm.h). */
struct gpn {
	struct rpc_dm_run run;
	struct gpn_args args;
	const char *paths[1];
};

/* The list between its pieces (rpc_answer_list): it is written again for
 * each piece from the session's tree. */
struct gpn_ctx {
	struct dm_cache *dm;
	struct gpn_args args;
	unsigned platform;              /* dm_platform_bit */
};

/* One walk: items before skip are passed over, and it stops before an item
 * once out has reached want. */
struct gpn_walk {
	struct xbuf *out;
	size_t skip, want, seen, written;
	unsigned platform;
	bool more;
};

#define WALK_STOP 1

/* ParameterPath and NextLevel from the request: 0 or a fault code. */
static int decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct gpn_args *ga = &((struct gpn *)run)->args;
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
	struct gpn_walk *w = ctx;
	struct xbuf *b = w->out;
	bool writable = it->kind != DM_TREE_OBJECT && dm_node_writable(it->node, w->platform);

	if (w->seen++ < w->skip)
		return 0;
	if (b->len >= w->want) {
		w->more = true;
		return WALK_STOP;
	}
	xbuf_adds(b, "<ParameterInfoStruct><Name>");
	xbuf_add_xml(b, it->path);
	xbuf_adds(b, writable ? "</Name><Writable>1</Writable></ParameterInfoStruct>"
			      : "</Name><Writable>0</Writable></ParameterInfoStruct>");
	w->written++;
	return xbuf_error(b);
}

/* rpc_items_fn: what is at and below the path, or its next level. */
static long items(void *ctx, struct xbuf *out, size_t skip, size_t want, bool *more)
{
	struct gpn_ctx *g = ctx;
	struct dm_tree *t = dm_cache_tree(g->dm);
	struct gpn_walk w = { .out = out, .skip = skip, .want = want, .platform = g->platform };
	struct dm_tree_pos pos;
	int rc;

	if (!t || dm_tree_resolve(t, g->args.path, &pos) != 0)
		return -ENOENT;
	rc = dm_tree_walk_pos(t, &pos, g->args.next_level ? DM_WALK_NEXT_LEVEL : DM_WALK_OBJECTS,
			      item_cb, &w);
	*more = w.more;
	return rc < 0 ? rc : (long)w.written;
}

static size_t paths(struct rpc_dm_run *run, const char *const **out)
{
	struct gpn *g = (struct gpn *)run;

	g->paths[0] = g->args.path;
	*out = g->paths;
	return 1;
}

/* Check the path, then answer with the list: 0 or a fault code. */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	const struct gpn_args *ga = &((struct gpn *)run)->args;
	struct rpc_req *r = run->r;
	struct dm_tree_pos pos;
	struct gpn_ctx *g;
	struct rpc_list l = { "GetParameterNamesResponse", "ParameterList",
			      "cwmp:ParameterInfoStruct", items, free, NULL };

	if (dm_tree_resolve(t, ga->path, &pos) != 0)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	if (ga->next_level && pos.kind == DM_TREE_PARAM)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	g = calloc(1, sizeof(*g));
	if (!g)
		return CWMP_FAULT_INTERNAL_ERROR;
	g->dm = r->env->dm;
	g->args = *ga;
	g->platform = rpc_dm_platform(r);
	l.ctx = g;
	return rpc_answer_list(r, &l);
}

static const struct rpc_dm gpn = {
	"GetParameterNames", sizeof(struct gpn), decode, paths, act, NULL
};

int rpc_get_parameter_names(struct rpc_req *r)
{
	return rpc_dm_start(r, &gpn);
}
