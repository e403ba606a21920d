/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session's data model snapshot: one dm_tree per session, filled on
 * demand by running the plugins that back the paths an RPC asks for (each
 * at most once per session, one at a time) plus the agent's native values,
 * and dropped when the session ends.
 */
#ifndef CWMP_DM_CACHE_H
#define CWMP_DM_CACHE_H

#include <stddef.h>

#define DM_CACHE_TIMEOUT_MS 10000

struct agent;
struct dm_tree;

typedef void (*dm_cache_done_cb)(void *ctx, int err);

/*
 * Make sure the tree holds the values under each of the n paths (ACS paths:
 * "" or "Device." mean everything; unknown paths need nothing). Plugins
 * already loaded this session are skipped; the others run "get PREFIX" one
 * after the other. done(ctx, 0) when all is loaded, done(ctx, -EIO) when a
 * plugin failed, timed out or exited non-zero. done runs exactly once and
 * may run before dm_cache_fill returns; afterwards the caller must not
 * touch what ctx frees. Returns 0 (done will run), or -EINVAL (a is NULL) / -ENOMEM / -EBUSY
 * (a fill is already running) / plugin_run's error, and then done never
 * runs. The paths are not kept.
 */
int dm_cache_fill(struct agent *a, const char *const *paths, size_t n, dm_cache_done_cb done,
		  void *ctx);

/* The session's tree, or NULL before the first fill. Owned by the cache. */
struct dm_tree *dm_cache_tree(struct agent *a);

/* Free the tree and cancel a running plugin (its done callback never
 * runs). Called at session end; a no-op without a cache. */
void dm_cache_drop(struct agent *a);

#endif
