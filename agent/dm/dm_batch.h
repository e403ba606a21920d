/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The batch runner's call and answer (cwmp.sh, "Batches"): the argv of
 * "batch.sh get NAME PREFIX [NAME PREFIX]..." for a set of plugins, and
 * its stdout split into one part per plugin. A part is what the plugin's
 * own get would have printed and its exit status; only whole parts count
 * (a runner killed halfway leaves the rest out). Knows the protocol's
 * framing, nothing of the tree or of running processes.
 */
#ifndef CWMP_DM_BATCH_H
#define CWMP_DM_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "tree.h"

#define DM_BATCH_SCRIPT "batch.sh"
#define DM_BATCH_MAX 16                 /* plugins in one batch */

_Static_assert(2 * DM_BATCH_MAX + 1 <= PLATFORM_ARGS_MAX, "a batch's argv fits the platform's");

struct dm_batch {
	size_t n;
	uint16_t idx[DM_BATCH_MAX];                     /* plugin indexes, in argv order */
	char prefix[DM_BATCH_MAX][DM_TREE_PATH_MAX];
	const char *args[2 * DM_BATCH_MAX + 2];         /* "get", NAME, PREFIX, ..., NULL */
};

/* Empty b. */
void dm_batch_init(struct dm_batch *b);

/* Add plugin idx (1 <= idx < dm_plugins_len) with its prefix
 * (dm_plugin_prefix). 0, -EINVAL (idx), -ENOSPC (full) or
 * dm_plugin_prefix's error. */
int dm_batch_add(struct dm_batch *b, uint16_t idx);

/* The runner's arguments (platform_call.args), valid while b is. */
const char *const *dm_batch_args(const struct dm_batch *b);

/* b's position of the plugin called name (name_len bytes), or -1. */
int dm_batch_find(const struct dm_batch *b, const char *name, size_t name_len);

/* One whole part: the plugin's name (not NUL-terminated), its get's exit
 * status (0..255) and its output (len bytes, inside the buffer given to
 * dm_batch_split). */
typedef void (*dm_batch_part_cb)(void *ctx, const char *name, size_t name_len, int status,
				 const char *out, size_t len);

/* Call cb for each whole part of the runner's stdout out[0..len), in
 * order; stops at the first thing that is not a whole part (a runner
 * killed halfway, garbage). Returns the number of parts. */
size_t dm_batch_split(const char *out, size_t len, dm_batch_part_cb cb, void *ctx);

#endif
