/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session's tree and how it gets filled: the schema says which plugin
 * backs each node, so the requested paths give a set of plugins; each runs
 * "get PREFIX" for its top object (the highest schema node it backs) with a
 * time limit, and its output is loaded into the tree restricted to that
 * prefix. Up to FILL_PARALLEL plugins run at once (the cold first request
 * of a session is mostly plugin start-up); each output is loaded from its
 * own callback, in whatever order they finish: the tree sorts by schema, so
 * the order does not show. The first failure cancels the calls still
 * running. The caller is told from a zero-delay timer, not from the last
 * plugin's callback, so that plugin's output (the biggest one, often) is
 * freed before the caller builds a response from the tree. The native
 * values are loaded once, on the first fill.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cwmp_state.h"
#include "dm_cache.h"
#include "dm_plugin.h"
#include "log.h"
#include "plugin.h"
#include "schema.h"
#include "tree.h"

#define PREFIX_MAX DM_TREE_PATH_MAX
#define FILL_PARALLEL 4

struct dm_cache;

/* One running "get". */
struct fill_slot {
	struct dm_cache *c;
	struct plugin_call *call;       /* NULL: the slot is free */
	uint16_t idx;
};

struct dm_cache {
	struct dm_tree *tree;
	bool native_loaded;
	bool *loaded;                   /* per plugin index, this session */
	bool *want;                     /* the running fill's plugins */
	size_t next;                    /* next plugin index to look at */
	struct fill_slot slots[FILL_PARALLEL];
	size_t running;                 /* slots in use */
	int err;                        /* the running fill's first error */
	struct loop_timer end_timer;    /* calls back once the last call is over */
	dm_cache_done_cb done;          /* non-NULL while a fill runs */
	void *ctx;
	struct dm_env env;
	struct dm_write *writing;       /* dm_write.h: the running write, or NULL */
};

static bool fill_step(struct dm_cache *c);
static void end_timer_cb(struct loop_timer *t);

struct dm_cache *dm_cache_new(const struct dm_env *env)
{
	struct dm_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->tree = dm_tree_new();
	c->loaded = calloc(dm_plugins_len, sizeof(bool));
	c->want = calloc(dm_plugins_len, sizeof(bool));
	if (!c->tree || !c->loaded || !c->want) {
		dm_tree_free(c->tree);
		free(c->loaded);
		free(c->want);
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < FILL_PARALLEL; i++)
		c->slots[i].c = c;
	c->end_timer.cb = end_timer_cb;
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

/* Kill every call still running (their callbacks never run) and the
 * pending end. */
static void cancel_all(struct dm_cache *c)
{
	loop_timer_cancel(c->env.loop, &c->end_timer);
	for (size_t i = 0; i < FILL_PARALLEL; i++) {
		plugin_cancel(c->slots[i].call);
		c->slots[i].call = NULL;
	}
	c->running = 0;
}

/* The fill is over: call back. The callback may drop the cache, so this is
 * the last thing any caller does with c. */
static void fill_end(struct dm_cache *c, int err)
{
	dm_cache_done_cb done = c->done;

	cancel_all(c);
	c->done = NULL;
	done(c->ctx, err);
}

static void end_timer_cb(struct loop_timer *t)
{
	struct dm_cache *c = container_of(t, struct dm_cache, end_timer);

	fill_end(c, c->err);
}

/* Load one plugin's output into the tree: 0 or -EIO (logged). Output
 * that breaks the line format (a plugin printing garbage) fails the fill,
 * and what it loaded is dropped; good lines the schema refuses are
 * skipped with a warning. */
static int load_result(struct dm_cache *c, uint16_t idx, const struct plugin_result *r)
{
	const char *name = dm_plugins[idx];
	char prefix[PREFIX_MAX];
	struct dm_tree_load_stats st = { 0, 0 };

	if (r->err || r->exit_code != 0) {
		log_err("dm: plugin %s get failed (%s, exit %d)", name,
			r->err ? strerror(-r->err) : "ran", r->exit_code);
		return -EIO;
	}
	if (dm_plugin_prefix(idx, prefix, sizeof(prefix)) != 0)
		return -EIO;
	if (dm_tree_load_stats(c->tree, prefix, r->out, r->out_len, &st) != 0 || st.malformed) {
		log_err("dm: cannot load the output of plugin %s (%zu malformed lines)", name,
			st.malformed);
		dm_tree_drop(c->tree, prefix);
		return -EIO;
	}
	if (st.refused)
		log_warn("dm: plugin %s: %zu lines refused", name, st.refused);
	c->loaded[idx] = true;
	return 0;
}

static void get_done_cb(void *ctx, const struct plugin_result *r)
{
	struct fill_slot *s = ctx;
	struct dm_cache *c = s->c;

	s->call = NULL;
	c->running--;
	if (c->err == 0)
		c->err = load_result(c, s->idx, r);
	if (fill_step(c)) {
		cancel_all(c);          /* after an error: the others are not needed */
		loop_timer_set(c->env.loop, &c->end_timer, 0);
	}
}

static int run_get(struct dm_cache *c, struct fill_slot *s, uint16_t idx)
{
	char prefix[PREFIX_MAX];
	const char *args[] = { "get", prefix, NULL };
	int rc = dm_plugin_prefix(idx, prefix, sizeof(prefix));

	s->idx = idx;
	if (rc == 0)
		rc = dm_plugin_run(c->env.platform, idx, args, NULL, 0, get_done_cb, s, &s->call);
	if (rc == 0)
		c->running++;
	return rc;
}

static struct fill_slot *slot_free(struct dm_cache *c)
{
	for (size_t i = 0; i < FILL_PARALLEL; i++)
		if (!c->slots[i].call)
			return &c->slots[i];
	return NULL;
}

/* Start wanted plugins not yet loaded while slots are free. True when the
 * fill is over: nothing left to start or run, or an error. */
static bool fill_step(struct dm_cache *c)
{
	while (c->err == 0 && c->running < FILL_PARALLEL && c->next < dm_plugins_len) {
		size_t idx = c->next++;

		if (!c->want[idx] || c->loaded[idx])
			continue;
		if (run_get(c, slot_free(c), (uint16_t)idx) != 0)
			c->err = -EIO;
	}
	return c->err != 0 || (c->running == 0 && c->next == dm_plugins_len);
}

static int load_native(struct dm_cache *c)
{
	struct xbuf b;
	size_t bad = 0;
	int rc;

	if (c->native_loaded)
		return 0;
	xbuf_init(&b, PLUGIN_MAX_OUTPUT);
	rc = c->env.native_get ? c->env.native_get(c->env.ctx, &b) : 0;
	if (rc == 0)
		rc = dm_tree_load(c->tree, NULL, b.data ? b.data : "", b.len, &bad);
	if (rc == 0 && bad)
		log_warn("dm: %zu native values refused", bad);
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
	c->want[0] = false;
	c->done = done;
	c->ctx = ctx;
	c->next = 1;
	c->err = 0;
	c->running = 0;
	if (fill_step(c))
		fill_end(c, c->err);
	return 0;
}
void dm_cache_invalidate(struct dm_cache *c, uint16_t idx)
{
	char prefix[PREFIX_MAX];

	if (idx >= dm_plugins_len)
		return;
	if (c->done) {
		log_err("dm: invalidate during a fill (plugin %s): ignored", dm_plugins[idx]);
		return;
	}
	if (idx == 0) {
		c->native_loaded = false;    /* reloaded over the old values */
		return;
	}
	if (c->loaded[idx] && dm_plugin_prefix(idx, prefix, sizeof(prefix)) == 0)
		dm_tree_drop(c->tree, prefix);
	c->loaded[idx] = false;
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
	cancel_all(c);
	if (c->done) {
		/* A fill still running (shutdown): its request is answered
		 * with a fault the caller then drops; nothing leaks. */
		dm_cache_done_cb done = c->done;

		c->done = NULL;
		done(c->ctx, -ECANCELED);
	}
	dm_tree_free(c->tree);
	free(c->loaded);
	free(c->want);
	free(c);
}
