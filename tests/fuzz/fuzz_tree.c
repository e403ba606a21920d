/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the instance tree: the bytes are plugin output loaded
 * under "Device.", then every walk the RPCs use runs over the result.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_cb(void *ctx, const struct dm_tree_item *item)
{
	(void)item;
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dm_tree *t = dm_tree_new();
	size_t bad = 0, n = 0;

	if (!t)
		return 0;
	dm_tree_load(t, "Device.", (const char *)data, size, &bad);
	dm_tree_walk(t, "", 0, count_cb, &n);
	dm_tree_walk(t, "", DM_WALK_OBJECTS, count_cb, &n);
	dm_tree_walk(t, "Device.", DM_WALK_NEXT_LEVEL, count_cb, &n);
	dm_tree_walk(t, "Device.Hosts.Host.", DM_WALK_NEXT_LEVEL, count_cb, &n);
	dm_tree_drop(t, "Device.Hosts.Host.1.");
	dm_tree_walk(t, "Device.Hosts.", DM_WALK_OBJECTS, count_cb, &n);
	dm_tree_free(t);
	return 0;
}
