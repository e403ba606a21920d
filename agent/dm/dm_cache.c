/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session's tree and how it gets filled: the schema says which plugin
 * backs each node, so the requested paths give a set of plugins, which the
 * fill engine (dm_fill.h) loads, up to FILL_PARALLEL at once (the cold
 * first request of a session is mostly plugin start-up), stopping at the
 * first failure: a request needs every value it asked for. The engine
 * remembers what is loaded, so each plugin runs at most once per session
 * unless a write invalidates it. The native values are loaded once, on the
 * first fill.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cwmp_state.h"
#include "dm_cache.h"
#include "dm_fill.h"
#include "dm_load.h"
#include "instances.h"
#include "dm_plugin.h"
#include "log.h"
#include "plugin.h"
#include "schema.h"
#include "tree.h"

#define FILL_PARALLEL 4

struct dm_cache {
	struct dm_tree *tree;
	struct dm_fill *fill;           /* what of the tree is loaded */
	bool native_loaded;
	bool *want;                     /* the running fill's plugins */
	dm_cache_done_cb done;          /* non-NULL while a fill runs */
	void *ctx;
	struct dm_env env;
	struct dm_write *writing;       /* dm_write.h: the running write, or NULL */
};

struct dm_cache *dm_cache_new(const struct dm_env *env)
{
	struct dm_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->tree = dm_tree_new();
	c->fill = c->tree ? dm_fill_new(env->loop, env->platform, c->tree) : NULL;
	c->want = calloc(dm_plugins_len, sizeof(bool));
	if (!c->fill || !c->want) {
		dm_fill_free(c->fill);
		dm_tree_free(c->tree);
		free(c->want);
		free(c);
		return NULL;
	}
	c->env = *env;
	return c;
}

const struct dm_env *dm_cache_env(const struct dm_cache *c)
{
	return &c->env;
}

struct dm_write *dm_cache_writing(const struct dm_cache *c)
{
	return c ? c->writing : NULL;
}

void dm_cache_set_writing(struct dm_cache *c, struct dm_write *w)
{
	c->writing = w;
}

/* Mark the plugins of node and everything below it. */
static void mark_subtree(bool *want, uint32_t node)
{
	const struct dm_node *n = &dm_schema[node];

	want[n->plugin] = true;
	for (uint32_t i = 0; i < n->n_children; i++)
		mark_subtree(want, n->first_child + i);
}

static void want_path(bool *want, const char *path)
{
	long node = dm_plugin_schema_node(path);

	if (node >= 0)
		mark_subtree(want, (uint32_t)node);
}

/* The fill is over: call back. The callback may drop the cache, so this is
 * the last thing done with c. */
static void filled_cb(void *ctx, int err)
{
	struct dm_cache *c = ctx;
	dm_cache_done_cb done = c->done;

	if (c->env.state && c->env.state->dir)
		instances_reserve_seen(c->env.state->dir, c->tree);

	c->done = NULL;
	done(c->ctx, err);
}

static int load_native(struct dm_cache *c)
{
	struct dm_tree_load_stats st;
	struct xbuf b;
	int rc;

	if (c->native_loaded)
		return 0;
	xbuf_init(&b, PLUGIN_MAX_OUTPUT);
	rc = c->env.native_get ? c->env.native_get(c->env.ctx, &b) : 0;
	if (rc == 0)
		rc = dm_load(c->tree, "native values", NULL, b.data ? b.data : "", b.len, &st);
	if (rc == 0 && st.malformed)
		log_err("dm: %zu malformed native values", st.malformed);
	xbuf_fini(&b);
	c->native_loaded = rc == 0;
	return rc;
}

int dm_cache_fill(struct dm_cache *c, const char *const *paths, size_t n,
		  dm_cache_done_cb done, void *ctx)
{
	int rc;

	if (c->done)
		return -EBUSY;
	rc = load_native(c);
	if (rc != 0)
		return rc;
	memset(c->want, 0, dm_plugins_len * sizeof(bool));
	for (size_t i = 0; i < n; i++)
		want_path(c->want, paths[i]);
	rc = dm_fill_run(c->fill, c->want, FILL_PARALLEL, DM_FILL_STOP, filled_cb, c);
	if (rc == 0) {
		c->done = done;
		c->ctx = ctx;
	}
	return rc;
}

void dm_cache_invalidate(struct dm_cache *c, uint16_t idx)
{
	if (idx >= dm_plugins_len)
		return;
	if (c->done) {
		log_err("dm: invalidate during a fill (plugin %s): ignored", dm_plugins[idx]);
		return;
	}
	if (idx == 0)
		c->native_loaded = false;    /* reloaded over the old values */
	else
		dm_fill_forget(c->fill, idx);
}

struct dm_tree *dm_cache_tree(struct dm_cache *c)
{
	return c->tree;
}

void dm_cache_parameter_key(struct dm_cache *c, const char *key)
{
	struct cwmp_state *st = c->env.state;

	if (!st)
		return;
	cwmp_state_set_key(st, key);
	dm_tree_set(c->tree, "Device.ManagementServer.ParameterKey", st->parameter_key);
}

void dm_cache_free(struct dm_cache *c)
{
	if (!c)
		return;
	dm_fill_cancel(c->fill);
	if (c->done) {
		/* A fill still running (shutdown): its request is answered
		 * with a fault the caller then drops; nothing leaks. */
		dm_cache_done_cb done = c->done;

		c->done = NULL;
		done(c->ctx, -ECANCELED);
	}
	dm_fill_free(c->fill);
	dm_tree_free(c->tree);
	free(c->want);
	free(c);
}
