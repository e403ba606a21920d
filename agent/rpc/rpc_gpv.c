/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterValues: fills the session's tree for every requested name
 * (full or partial paths, at most GPV_MAX_NAMES), then writes each
 * parameter at or below them with its xsi:type from the schema. One
 * unknown name faults the whole request (9005). Hidden parameters read as
 * "", command parameters as their default. A long list is written again
 * piece by piece while it is sent (rpc_answer_list).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"
#include "soap_type.h"
#include "tree.h"

#define GPV_MAX_NAMES 1024

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
	struct gpv_walk *w = ctx;
	struct xbuf *b = w->out;

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
	xbuf_add_xml(b, shown_value(it));
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
		if (!(names[n++] = soap_text(s)))
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

/* Check every name, then answer with the list (which takes names). */
static int answer(struct rpc_req *r, char **names)
{
	struct dm_tree *t = dm_cache_tree(r->env->dm);
	struct gpv_ctx *g;
	struct dm_tree_pos pos;
	struct rpc_list l = { "GetParameterValuesResponse", "ParameterList",
			      "cwmp:ParameterValueStruct", items, ctx_free, NULL };

	for (size_t i = 0; names[i]; i++) {
		if (!t || dm_tree_resolve(t, names[i], &pos) != 0) {
			names_free(names);
			return CWMP_FAULT_INVALID_PARAMETER_NAME;
		}
	}
	g = calloc(1, sizeof(*g));
	if (!g) {
		names_free(names);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	g->dm = r->env->dm;
	g->names = names;
	l.ctx = g;
	return rpc_answer_list(r, &l);
}

static void filled_cb(void *ctx, int err)
{
	struct rpc_req *r = ctx;
	int fault;
	char **names = names_read(r->args, &fault);

	if (fault == 0 && err)
		fault = CWMP_FAULT_INTERNAL_ERROR;
	if (fault == 0)
		fault = answer(r, names);       /* takes names */
	else
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
	rc = dm_cache_fill(r->env->dm, (const char *const *)names, n, filled_cb, r);
	names_free(names);
	if (rc != 0) {
		log_warn("rpc: GetParameterValues: cannot read the data model: %d", rc);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	return RPC_PENDING;
}
