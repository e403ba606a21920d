/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One source's output loaded into a tree, with what the schema kept out
 * said in the log: the plugins' "get" (dm_fill.c) and the agent's own
 * values (dm_cache.c, notify.c) go through here. A value that does not fit
 * its parameter's type is loaded as not valid (tree.h: the protocol leaves
 * it out or faults) and logged with the source, its line, the path and the
 * value. Hidden parameters (passwords, keys) are not checked (tree.h): a
 * secret is never logged.
 */
#ifndef CWMP_DM_LOAD_H
#define CWMP_DM_LOAD_H

#include <stddef.h>

#include "tree.h"

/* Invalid values logged one by one per load; past that, only a count (a
 * broken plugin printing thousands of them must not flood the log). */
#define DM_LOAD_LOG_MAX 8

/*
 * Load len bytes of source's output (source names it in the log: "plugin
 * wifi", "native values") into t under prefix (NULL:
 * anywhere), as dm_tree_load_stats does, logging (warn) every invalid
 * value and the number of refused lines. Malformed lines are only counted
 * in *st (may be NULL): what they mean is the caller's business. 0 or
 * -ENOMEM (the lines before it stay loaded), -EINVAL for a NULL tree.
 */
int dm_load(struct dm_tree *t, const char *source, const char *prefix, const char *buf,
	    size_t len, struct dm_tree_load_stats *st);

#endif
