/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterValues: fills the session's tree for every requested name
 * (full or partial paths, at most GPV_MAX_NAMES), then writes each
 * parameter at or below them with its xsi:type from the schema. One
 * unknown name faults the whole request (9005). Hidden parameters read as
 * "", command parameters as their default. A long list is written again
 * piece by piece while it is sent (rpc_answer_list).
 *
 * A value that does not fit its type (a plugin printed "" for an
 * unsignedInt: the tree marks it, tree.h) never goes on the wire. Named
 * exactly, it faults the request with 9002: TR-069 wants a value for each
 * parameter named, and GenieACS takes one missing from the answer as an
 * empty xsd:string with only a warning in its own log (the very value
 * this check keeps away), while it shows a fault on the task with its
 * code. Below a partial path it is left out: which parameters a partial
 * path holds is the CPE's to say, and one broken value must not hide all
 * the others. The plugin's line was logged when it was loaded (dm_load.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "rpc_gpv.h"
#include "schema.h"
#include "soap.h"
#include "soap_type.h"
#include "tree.h"

/* The list between its pieces (rpc_answer_list): it is written again for
 * each piece from the session's tree. */
struct gpv_ctx {
	struct dm_cache *dm;
	char **names;
};

/* One walk: items before skip are passed over, and it stops before an item
 * once out has reached want. */
struct gpv_walk {
	struct xbuf *out;
	size_t skip, want, seen, written;
	bool more;
};

#define WALK_STOP 1

const char *rpc_gpv_value(const struct dm_tree_item *it)
{
	if (it->node->flags & DM_F_HIDDEN)
		return "";
	if (it->node->flags & DM_F_COMMAND)
		return dm_node_default(it->node);
	return it->value ? it->value : "";
}

static int param_cb(void *ctx, const struct dm_tree_item *it)
{
	struct gpv_walk *w = ctx;
	struct xbuf *b = w->out;

	if (!it->valid)
		return 0;               /* left out: below a partial path (act) */
	if (w->seen++ < w->skip)
		return 0;
	if (b->len >= w->want) {
		w->more = true;
		return WALK_STOP;
	}
	xbuf_adds(b, "<ParameterValueStruct><Name>");
	xbuf_add_xml(b, it->path);
	xbuf_adds(b, "</Name><Value xsi:type=\"");
	xbuf_adds(b, soap_type_of(it->node));
	xbuf_adds(b, "\">");
	xbuf_add_xml(b, rpc_gpv_value(it));
	xbuf_adds(b, "</Value></ParameterValueStruct>");
	w->written++;
	return xbuf_error(b);
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
		if ((*fault = rpc_text(s, &names[n++])) != 0)
			break;
	if (n > 0 && !names[n - 1]) {
		names_free(names);
		return NULL;
	}
	*fault = 0;
	return names;
}

/* rpc_items_fn: the values under every name, in order. */
static long items(void *ctx, struct xbuf *out, size_t skip, size_t want, bool *more)
{
	struct gpv_ctx *g = ctx;
	struct dm_tree *t = dm_cache_tree(g->dm);
	struct gpv_walk w = { .out = out, .skip = skip, .want = want };
	struct dm_tree_pos pos;
	int rc = 0;

	for (size_t i = 0; g->names[i] && rc == 0; i++) {
		if (!t || dm_tree_resolve(t, g->names[i], &pos) != 0)
			return -ENOENT;
		rc = dm_tree_walk_pos(t, &pos, 0, param_cb, &w);
	}
	*more = w.more;
	return rc < 0 ? rc : (long)w.written;
}

static void ctx_free(void *ctx)
{
	struct gpv_ctx *g = ctx;

	names_free(g->names);
	free(g);
}

/* The driver's state (rpc_dm.h): the names, until the list takes them. */
struct gpv {
	struct rpc_dm_run run;
	char **names;
	size_t n;
};

static int decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct gpv *g = (struct gpv *)run;
	int fault;

	g->names = names_read(args, &fault);
	while (g->names && g->names[g->n])
		g->n++;
	return g->names ? 0 : fault;
}

static size_t paths(struct rpc_dm_run *run, const char *const **out)
{
	struct gpv *g = (struct gpv *)run;

	*out = (const char *const *)g->names;
	return g->n;
}

/* A name that exists: is it a parameter whose value cannot be sent? */
static bool named_invalid(const struct dm_tree *t, const char *name)
{
	struct dm_tree_value v;

	if (dm_tree_get(t, name, &v) != 0 || v.valid)
		return false;           /* an object, or a good value */
	log_warn("rpc: GetParameterValues: %s has no valid value (%s%s): fault 9002", name,
		 v.node->plugin ? "plugin " : "the agent's own",
		 v.node->plugin ? dm_plugins[v.node->plugin] : "");
	return true;
}

/* 9005 first, then 9002: see the head of this file. */
int rpc_gpv_check(const struct dm_tree *t, const char *const *names, size_t n, size_t *bad)
{
	struct dm_tree_pos pos;

	for (*bad = 0; *bad < n; (*bad)++)
		if (dm_tree_resolve(t, names[*bad], &pos) != 0)
			return CWMP_FAULT_INVALID_PARAMETER_NAME;
	for (*bad = 0; *bad < n; (*bad)++)
		if (named_invalid(t, names[*bad]))
			return CWMP_FAULT_INTERNAL_ERROR;
	return 0;
}

/* Check every name, then answer with the list (which takes the names). */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct gpv *gv = (struct gpv *)run;
	struct gpv_ctx *g;
	struct rpc_list l = { "GetParameterValuesResponse", "ParameterList",
			      "cwmp:ParameterValueStruct", items, ctx_free, NULL };
	size_t bad;
	int fault = rpc_gpv_check(t, (const char *const *)gv->names, gv->n, &bad);

	if (fault)
		return fault;
	g = calloc(1, sizeof(*g));
	if (!g)
		return CWMP_FAULT_INTERNAL_ERROR;
	g->dm = run->r->env->dm;
	g->names = gv->names;
	gv->names = NULL;
	l.ctx = g;
	return rpc_answer_list(run->r, &l);
}

static void fini(struct rpc_dm_run *run)
{
	names_free(((struct gpv *)run)->names);
}

static const struct rpc_dm gpv = {
	"GetParameterValues", sizeof(struct gpv), decode, paths, act, fini
};

int rpc_get_parameter_values(struct rpc_req *r)
{
	return rpc_dm_start(r, &gpv);
}
