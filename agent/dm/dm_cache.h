/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session's data model: one dm_tree per session, filled on demand by
 * running the plugins that back the paths an RPC asks for (each at most
 * once per session, a few at a time) plus the agent's native values, and
 * the write running on it (dm_write.h). Made at the session's start and
 * freed at its end. It knows the platform and the agent only through the
 * dm_env it is given.
 */
#ifndef CWMP_DM_CACHE_H
#define CWMP_DM_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "busy.h"
#include "cwmp_state.h"
#include "loop.h"
#include "platform.h"
#include "xbuf.h"

struct dm_cache;
struct dm_deferred;
struct dm_tree;
struct dm_write;

/* What the data model works with; every pointer must outlive the cache. */
struct dm_env {
	struct loop *loop;
	struct platform *platform;      /* runs the plugins */
	struct busy *busy;              /* a write's apply phase is critical */
	struct dm_deferred *deferred;   /* where applies deferred to after the
					   session wait (dm_deferred.h); NULL:
					   such a unit is logged and not applied */
	struct cwmp_state *state;       /* the ParameterKey; NULL: not kept */
	/* The agent's own values (ManagementServer., RootDataModelVersion) in
	 * the plugin line format into out. 0 or -errno. NULL: none. */
	int (*native_get)(void *ctx, struct xbuf *out);
	void *ctx;
};

typedef void (*dm_cache_done_cb)(void *ctx, int err);

/* An empty data model on env (copied). NULL on allocation failure. */
struct dm_cache *dm_cache_new(const struct dm_env *env);

/* Free the tree and cancel the running plugins; a fill still running ends
 * with done(ctx, -ECANCELED). Cancel the running write first
 * (dm_write_cancel(dm_cache_writing(c))). NULL is a no-op. */
void dm_cache_free(struct dm_cache *c);

/*
 * Make sure the tree holds the values under each of the n paths (ACS paths:
 * "" or "Device." mean everything; unknown paths need nothing). Plugins
 * already loaded this session are skipped; the others run "get PREFIX"
 * through the fill engine (dm_fill.h), up to four at once, each with the
 * time limit DM_PLUGIN_TIMEOUT_MS. done(ctx, 0) when all is loaded;
 * done(ctx, -EIO) when a plugin could not start, failed, timed out, exited
 * non-zero or printed lines that break the format (the others still
 * running are cancelled). done runs exactly once, from the loop (also when
 * nothing needs loading), never before dm_cache_fill returns; afterwards
 * the caller must not touch what ctx frees. Returns 0 (done will run), or
 * -EBUSY (a fill is already running) / the native values' error, and then
 * done never runs. The paths are not kept.
 */
int dm_cache_fill(struct dm_cache *c, const char *const *paths, size_t n,
		  dm_cache_done_cb done, void *ctx);

/* The session's tree (empty before the first fill). Owned by the cache. */
struct dm_tree *dm_cache_tree(struct dm_cache *c);

/* After a write through plugin idx (0: the native values): forget what the
 * tree holds of it, so the next fill runs its get again. A no-op while a
 * fill runs (logged: writes and fills of one session never overlap). */
void dm_cache_invalidate(struct dm_cache *c, uint16_t idx);

/* A successful write's ParameterKey (at most CWMP_STATE_KEY_MAX bytes;
 * longer is cut): saved in the state file at once, and shown by the
 * session's tree at once. */
void dm_cache_parameter_key(struct dm_cache *c, const char *key);

/* The env it was made with. */
const struct dm_env *dm_cache_env(const struct dm_cache *c);

/* The write running on it (dm_write.h sets it), or NULL (also for c NULL). */
struct dm_write *dm_cache_writing(const struct dm_cache *c);
void dm_cache_set_writing(struct dm_cache *c, struct dm_write *w);

#endif
