/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterAttributes: fills the session's tree for every requested name
 * (full or partial paths, "" for everything, at most GPA_MAX_NAMES), then
 * answers each parameter at or below them with its Notification and
 * AccessList from the attribute store (attrs.h, read from the state
 * directory for each request), the defaults where nothing is stored. One
 * unknown name faults the whole request (9005); an answer past
 * SOAP_MAX_RESPONSE is 9004. A long answer is written while it is sent
 * (rpc_answer_list), never held whole.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "config.h"
#include "attrs.h"
#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "soap.h"
#include "tree.h"

#define GPA_MAX_NAMES 1024

/* The driver's state (rpc_dm.h) while the tree fills; owns the names. */
struct gpa_req {
	struct rpc_dm_run run;
	char **names;           /* n strings, NULL-terminated */
	size_t n;
};

/* The answer's list (rpc_answer_list): owns the names and the store. */
struct gpa_list {
	struct dm_cache *dm;
	char **names;
	size_t n;
	struct attrs *at;
};

/* One walk over the names, writing items skip.. until out reaches want. */
struct gpa_walk {
	const struct attrs *at;
	struct xbuf *out;
	size_t skip, seen, written, want;
	bool more;
};

#define WALK_STOP 1

static void fini(struct rpc_dm_run *run)
{
	struct gpa_req *g = (struct gpa_req *)run;

	for (size_t i = 0; i < g->n; i++)
		free(g->names[i]);
	free(g->names);
}

/* ParameterNames into g: 0 or a fault code. */
static int decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct gpa_req *g = (struct gpa_req *)run;
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
	for (s = soap_child(list, "string"); s; s = soap_next(s), g->n++) {
		int fault = rpc_text(s, &g->names[g->n]);

		if (fault)
			return fault;
	}
	return 0;
}

static int param_cb(void *ctx, const struct dm_tree_item *it)
{
	struct gpa_walk *w = ctx;
	struct xbuf *b = w->out;

	if (w->seen++ < w->skip)
		return 0;
	if (b->len >= w->want) {
		w->more = true;
		return WALK_STOP;
	}
	xbuf_adds(b, "<ParameterAttributeStruct><Name>");
	xbuf_add_xml(b, it->path);
	xbuf_printf(b, "</Name><Notification>%d</Notification>",
		    attrs_notification(w->at, it->path, it->node));
	if (attrs_access(w->at, it->path) & ATTRS_ACCESS_SUBSCRIBER)
		xbuf_adds(b, "<AccessList soap-enc:arrayType=\"xsd:string[1]\"><string>"
			  ATTRS_SUBSCRIBER "</string></AccessList>");
	else
		xbuf_adds(b, "<AccessList soap-enc:arrayType=\"xsd:string[0]\"></AccessList>");
	xbuf_adds(b, "</ParameterAttributeStruct>");
	w->written++;
	return xbuf_error(b);
}

/* rpc_items_fn: the attributes under every name, in order. */
static long items(void *ctx, struct xbuf *out, size_t skip, size_t want, bool *more)
{
	struct gpa_list *l = ctx;
	struct dm_tree *t = dm_cache_tree(l->dm);
	struct gpa_walk w = { .at = l->at, .out = out, .skip = skip, .want = want };
	struct dm_tree_pos pos;
	int rc = 0;

	for (size_t i = 0; i < l->n && rc == 0; i++) {
		if (!t || dm_tree_resolve(t, l->names[i], &pos) != 0)
			return -ENOENT;
		rc = dm_tree_walk_pos(t, &pos, 0, param_cb, &w);
	}
	*more = w.more;
	return rc < 0 ? rc : (long)w.written;
}

static void list_free(void *ctx)
{
	struct gpa_list *l = ctx;

	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	attrs_free(l->at);
	free(l);
}

static size_t paths(struct rpc_dm_run *run, const char *const **out)
{
	struct gpa_req *g = (struct gpa_req *)run;

	*out = (const char *const *)g->names;
	return g->n;
}

/* Check every name, then answer with the list (which takes g's names). */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct gpa_req *g = (struct gpa_req *)run;
	struct rpc_req *r = run->r;
	struct rpc_list rl = { "GetParameterAttributesResponse", "ParameterList",
			       "cwmp:ParameterAttributeStruct", items, list_free, NULL };
	struct dm_tree_pos pos;
	struct gpa_list *l;
	int rc;

	for (size_t i = 0; i < g->n; i++)
		if (dm_tree_resolve(t, g->names[i], &pos) != 0)
			return CWMP_FAULT_INVALID_PARAMETER_NAME;
	l = calloc(1, sizeof(*l));
	if (!l)
		return CWMP_FAULT_INTERNAL_ERROR;
	rc = attrs_load(r->env->cfg->state_dir, &l->at);
	if (rc < 0) {
		log_warn("rpc: GetParameterAttributes: cannot read the attributes: %d", rc);
		free(l);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	l->dm = r->env->dm;
	l->names = g->names;
	l->n = g->n;
	g->names = NULL;
	g->n = 0;
	rl.ctx = l;
	return rpc_answer_list(r, &rl);     /* takes l */
}

static const struct rpc_dm gpa = {
	"GetParameterAttributes", sizeof(struct gpa_req), decode, paths, act, fini
};

int rpc_get_parameter_attributes(struct rpc_req *r)
{
	return rpc_dm_start(r, &gpa);
}
