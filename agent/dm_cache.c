/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session's tree and how it gets filled: the schema says which plugin
 * backs each node, so the requested paths give a set of plugins; each runs
 * "get PREFIX" for its top object (the highest schema node it backs) with a
 * time limit, and its output is loaded into the tree restricted to that
 * prefix. The chain runs one plugin at a time from the plugin callbacks.
 * The native values are loaded once, on the first fill.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "dm_cache.h"
#include "dm_native.h"
#include "log.h"
#include "plugin.h"
#include "schema.h"
#include "tree.h"

#define PREFIX_MAX DM_TREE_PATH_MAX

struct dm_cache {
	struct dm_tree *tree;
	bool native_loaded;
	bool *loaded;                   /* per plugin index, this session */
	bool *want;                     /* the running fill's plugins */
	size_t next;                    /* next plugin index to look at */
	struct plugin_call *call;       /* running plugin, or NULL */
	dm_cache_done_cb done;
	void *ctx;
	struct agent *a;
};

static void chain_next(struct dm_cache *c);

static struct dm_cache *cache_get(struct agent *a)
{
	struct dm_cache *c = a->dm_cache;

	if (c)
		return c;
	c = calloc(1, sizeof(*c));
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
	c->a = a;
	a->dm_cache = c;
	return c;
}

/* Mark the plugins of node and everything below it. */
static void mark_subtree(bool *want, uint32_t node)
{
	const struct dm_node *n = &dm_schema[node];

	want[n->plugin] = true;
	for (uint32_t i = 0; i < n->n_children; i++)
		mark_subtree(want, n->first_child + i);
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return len > 0;
}

/* Schema node of an ACS path (instance numbers skipped), or -1. */
static long schema_node_of(const char *path)
{
	long node = 0;
	const char *p, *dot;

	if (strncmp(path, "Device.", 7) != 0)
		return strcmp(path, "Device") == 0 ? 0 : -1;
	for (p = path + 7; *p && node >= 0; p = *dot ? dot + 1 : dot) {
		dot = strchr(p, '.');
		if (!dot)
			dot = p + strlen(p);
		if (all_digits(p, (size_t)(dot - p)))
			continue;
		node = dm_schema_child((uint32_t)node, p, (size_t)(dot - p));
	}
	return node;
}

static void want_path(bool *want, const char *path)
{
	long node = path[0] ? schema_node_of(path) : 0;

	if (node >= 0)
		mark_subtree(want, (uint32_t)node);
}

/* "Device.X.Y." for the highest schema node backed by plugin idx. */
static int plugin_prefix(uint16_t idx, char *out, size_t len)
{
	size_t i, at = len;
	uint32_t node;

	for (i = 0; i < dm_schema_len && dm_schema[i].plugin != idx; i++)
		;
	if (i == dm_schema_len)
		return -ENOENT;
	while (i > 0 && dm_schema[dm_schema[i].parent].plugin == idx)
		i = dm_schema[i].parent;
	out[--at] = '\0';
	for (node = (uint32_t)i;; node = dm_schema[node].parent) {
		size_t nl = strlen(dm_schema[node].name);

		if (nl + 1 >= at)
			return -ENAMETOOLONG;
		at -= nl + 1;
		memcpy(out + at, dm_schema[node].name, nl);
		out[at + nl] = '.';
		if (node == 0)
			break;
	}
	memmove(out, out + at, len - at);
	return 0;
}

static void fill_end(struct dm_cache *c, int err)
{
	dm_cache_done_cb done = c->done;

	c->done = NULL;
	c->call = NULL;
	done(c->ctx, err);
}

static void get_done_cb(void *ctx, const struct plugin_result *r)
{
	struct dm_cache *c = ctx;
	const char *name = dm_plugins[c->next];
	char prefix[PREFIX_MAX];
	size_t bad = 0;

	c->call = NULL;
	if (r->err || r->exit_code != 0) {
		log_err("dm: plugin %s get failed (%s, exit %d)", name,
			r->err ? strerror(-r->err) : "ran", r->exit_code);
		fill_end(c, -EIO);
		return;
	}
	if (plugin_prefix((uint16_t)c->next, prefix, sizeof(prefix)) != 0 ||
	    dm_tree_load(c->tree, prefix, r->out, r->out_len, &bad) != 0) {
		log_err("dm: cannot load the output of plugin %s", name);
		fill_end(c, -EIO);
		return;
	}
	if (bad)
		log_warn("dm: plugin %s: %zu bad lines skipped", name, bad);
	c->loaded[c->next] = true;
	c->next++;
	chain_next(c);
}

static int run_get(struct dm_cache *c, size_t idx)
{
	struct agent *a = c->a;
	char path[512], prefix[PREFIX_MAX], env_platform[64], env_state[512], env_lib[512];
	char *lib = agent_plugin_lib_dir(a->cfg.plugin_dir);
	char *argv[] = { (char *)dm_plugins[idx], "get", prefix, NULL };
	char *envp[] = { env_platform, env_state, env_lib,
			 "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	struct plugin_spec spec = { .path = path, .argv = argv, .envp = envp,
				    .timeout_ms = DM_CACHE_TIMEOUT_MS };
	int rc = plugin_prefix((uint16_t)idx, prefix, sizeof(prefix));

	snprintf(path, sizeof(path), "%s/%s", a->cfg.plugin_dir, dm_plugins[idx]);
	snprintf(env_platform, sizeof(env_platform), "CWMPD_PLATFORM=%s", a->cfg.platform);
	snprintf(env_state, sizeof(env_state), "CWMPD_STATE_DIR=%s", a->cfg.state_dir);
	snprintf(env_lib, sizeof(env_lib), "CWMPD_LIB=%s", lib ? lib : "");
	free(lib);
	if (rc == 0)
		rc = plugin_run(a->loop, &spec, get_done_cb, c, &c->call);
	if (rc != 0)
		log_err("dm: cannot run plugin %s: %s", dm_plugins[idx], strerror(-rc));
	return rc;
}

/* Start the next wanted plugin not yet loaded, or finish. */
static void chain_next(struct dm_cache *c)
{
	while (c->next < dm_plugins_len && (!c->want[c->next] || c->loaded[c->next]))
		c->next++;
	if (c->next == dm_plugins_len) {
		fill_end(c, 0);
		return;
	}
	if (run_get(c, c->next) != 0)
		fill_end(c, -EIO);
}

static int load_native(struct dm_cache *c)
{
	struct xbuf b;
	size_t bad = 0;
	int rc;

	if (c->native_loaded)
		return 0;
	xbuf_init(&b, PLUGIN_MAX_OUTPUT);
	rc = dm_native_get(c->a, &b);
	if (rc == 0)
		rc = dm_tree_load(c->tree, NULL, b.data ? b.data : "", b.len, &bad);
	if (rc == 0 && bad)
		log_warn("dm: %zu native values refused", bad);
	xbuf_fini(&b);
	c->native_loaded = rc == 0;
	return rc;
}

int dm_cache_fill(struct agent *a, const char *const *paths, size_t n, dm_cache_done_cb done,
		  void *ctx)
{
	struct dm_cache *c = a ? cache_get(a) : NULL;
	int rc;

	if (!a)
		return -EINVAL;         /* no agent: the RPC fuzzer */
	if (!c)
		return -ENOMEM;
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
	chain_next(c);
	return 0;
}

struct dm_tree *dm_cache_tree(struct agent *a)
{
	return a && a->dm_cache ? a->dm_cache->tree : NULL;
}

void dm_cache_drop(struct agent *a)
{
	struct dm_cache *c = a->dm_cache;

	if (!c)
		return;
	plugin_cancel(c->call);
	c->call = NULL;
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
	a->dm_cache = NULL;
}
