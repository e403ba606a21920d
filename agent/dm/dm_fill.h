/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Filling a tree from the data model plugins: for a set of plugins, run
 * their "get PREFIX" in one batch (dm_batch.h) when there are two or more,
 * then each one the batch did not serve alone (dm_plugin_run, so
 * DM_PLUGIN_TIMEOUT_MS each), a few at a time, and load each output into
 * the tree under its plugin's prefix. The
 * handle remembers per plugin whether its values are in the tree (loaded:
 * a later fill skips it) and whether it failed in the last fill. The end
 * is reported once, from the loop. What a failure means is the caller's
 * choice: stop at the first (a request that needs every value) or go on
 * (a poll that compares what it could read). It knows the schema's plugin
 * list and the tree, nothing of the protocol or of who asks.
 */
#ifndef CWMP_DM_FILL_H
#define CWMP_DM_FILL_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"

#define DM_FILL_PARALLEL_MAX 4

struct dm_fill;
struct dm_tree;
struct platform;

enum dm_fill_policy {
	DM_FILL_STOP,   /* the first failure ends the fill; the others are killed */
	DM_FILL_GO_ON,  /* a failed plugin is recorded; the others still load */
};

/* err: 0 when every wanted plugin is loaded, -EIO when one failed (with
 * DM_FILL_GO_ON the others are loaded: see dm_fill_failed). */
typedef void (*dm_fill_done_cb)(void *ctx, int err);

/* A fill engine for tree on loop l running plugins on platform p (may be
 * NULL: every plugin then fails). All three must outlive it; the tree
 * stays the caller's. NULL when out of memory. */
struct dm_fill *dm_fill_new(struct loop *l, struct platform *p, struct dm_tree *tree);

/* Cancel a running fill (dm_fill_cancel) and free. NULL is a no-op. */
void dm_fill_free(struct dm_fill *f);

/*
 * Load the plugins idx (1 <= idx < dm_plugins_len) with want[idx] set that
 * are not loaded yet (want has dm_plugins_len entries and is copied;
 * want[0], the agent's native values, is ignored): first in one batch,
 * then those it did not serve alone, up to parallel
 * (1..DM_FILL_PARALLEL_MAX) at once. A plugin fails when, alone, it cannot start,
 * times out, exits non-zero or prints lines that break the line format
 * (what it loaded is dropped); good lines the schema refuses are skipped
 * with a warning. Each failure is logged. done(ctx, err) runs exactly
 * once, from the loop (never before dm_fill_run returns, also when
 * nothing needs loading), unless the fill is cancelled. Returns 0, or
 * -EBUSY (a fill is running) / -EINVAL (bad parallel), and then done never
 * runs.
 */
int dm_fill_run(struct dm_fill *f, const bool *want, unsigned parallel,
		enum dm_fill_policy policy, dm_fill_done_cb done, void *ctx);

/* Stop the running fill: its plugins are killed and done never runs.
 * What was loaded stays loaded. A no-op when none runs. */
void dm_fill_cancel(struct dm_fill *f);

/* A fill is running (started, done not yet called). */
bool dm_fill_busy(const struct dm_fill *f);

/* Plugin idx's values are in the tree. False for idx out of range. */
bool dm_fill_loaded(const struct dm_fill *f, uint16_t idx);

/* Plugin idx failed in the last fill that ran it. */
bool dm_fill_failed(const struct dm_fill *f, uint16_t idx);

/* Drop plugin idx's values from the tree (after a write through it): the
 * next fill that wants it runs its get again. A no-op while a fill runs
 * (logged) or when it is not loaded. */
void dm_fill_forget(struct dm_fill *f, uint16_t idx);

#endif
