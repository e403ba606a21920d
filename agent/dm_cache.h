/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session's data model snapshot: one dm_tree per session, filled on
 * demand by running the plugins that back the paths an RPC asks for (each
 * at most once per session, a few at a time) plus the agent's native
 * values, and dropped when the session ends.
 */
#ifndef CWMP_DM_CACHE_H
#define CWMP_DM_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct agent;
struct dm_tree;

typedef void (*dm_cache_done_cb)(void *ctx, int err);

/*
 * Make sure the tree holds the values under each of the n paths (ACS paths:
 * "" or "Device." mean everything; unknown paths need nothing). Plugins
 * already loaded this session are skipped; the others run "get PREFIX",
 * up to four at once, each with the time limit DM_PLUGIN_TIMEOUT_MS.
 * done(ctx, 0) when all is loaded; done(ctx, -EIO) when a plugin failed,
 * timed out, exited non-zero or printed lines that break the format (the
 * others still running are cancelled). done runs exactly once, and before
 * dm_cache_fill returns when nothing needs loading; afterwards the caller
 * must not touch what ctx frees. Returns 0
 * (done will run), or -EINVAL (a is NULL) / -ENOMEM / -EBUSY (a fill is
 * already running) / plugin_run's error, and then done never runs. The
 * paths are not kept.
 */
int dm_cache_fill(struct agent *a, const char *const *paths, size_t n, dm_cache_done_cb done,
		  void *ctx);

/* The session's tree, or NULL before the first fill. Owned by the cache. */
struct dm_tree *dm_cache_tree(struct agent *a);

/* After a write through plugin idx (0: the native values): forget what the
 * tree holds of it, so the next fill runs its get again. A no-op without a
 * cache or while a fill runs (-EBUSY is logged: writes and fills of one
 * session never overlap). */
void dm_cache_invalidate(struct agent *a, uint16_t idx);

/* A successful write's ParameterKey (at most CWMP_STATE_KEY_MAX bytes;
 * longer is cut): saved in the state file at once, and shown by the
 * session's snapshot at once. */
void dm_cache_parameter_key(struct agent *a, const char *key);

/* Free the tree and cancel the running plugins; a fill still running ends
 * with done(ctx, -ECANCELED). Called at session end; a no-op without a
 * cache. */
void dm_cache_drop(struct agent *a);

#endif
