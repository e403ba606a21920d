/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading a source's output with its invalid values logged (dm_load.h).
 * The log line names what an operator needs to find the fault in the
 * plugin: its name, the line of its output, the path, the value and the
 * type it does not fit.
 */
#include <errno.h>

#include "dm_load.h"
#include "log.h"
#include "schema.h"
#include "types.h"

struct load_log {
	const char *source;
	size_t logged;
};

/* One invalid value. Never a secret: a hidden parameter's value is not
 * checked (tree.h), so it never comes here. */
static void invalid_cb(void *ctx, const struct dm_tree_invalid *inv)
{
	struct load_log *l = ctx;

	if (l->logged++ >= DM_LOAD_LOG_MAX)
		return;
	log_warn("dm: %s: line %zu: %s: \"%s\" is no valid %s%s (never sent to the ACS)",
		 l->source, inv->line, inv->path, inv->value,
		 (inv->node->flags & DM_F_LIST) ? "list of " : "", dm_type_name(inv->node));
}

int dm_load(struct dm_tree *t, const char *source, const char *prefix, const char *buf,
	    size_t len, struct dm_tree_load_stats *st)
{
	struct dm_tree_load_stats s = { 0, 0, 0 };
	struct load_log l = { source, 0 };
	int rc = dm_tree_load_stats(t, prefix, buf, len, &s, invalid_cb, &l);

	if (s.invalid > DM_LOAD_LOG_MAX)
		log_warn("dm: %s: %zu invalid values in all (%d logged)", source, s.invalid,
			 DM_LOAD_LOG_MAX);
	if (s.refused)
		log_warn("dm: %s: %zu lines refused (not in the schema or not under %s)", source,
			 s.refused, prefix ? prefix : "Device.");
	if (st)
		*st = s;
	return rc;
}
