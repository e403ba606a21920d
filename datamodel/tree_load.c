/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading plugin output into the instance tree (dm_tree_load and
 * dm_tree_load_stats, tree.h): each line in the plugin format under the
 * prefix is set through tree_set with its value checked against the
 * schema's type; the rest is counted.
 */
#include <errno.h>
#include <string.h>

#include "pluginio.h"
#include "tree.h"

#include "tree_internal.h"

struct load_ctx {
	struct dm_tree *t;
	const char *prefix;
	size_t prefix_len;
	size_t refused, invalid;
	dm_tree_invalid_cb invalid_cb;
	void *ctx;
};

static int load_cb(void *ctx, size_t line, const char *path, const char *value)
{
	struct load_ctx *l = ctx;
	const struct dm_node *invalid;
	int rc;

	if (strncmp(path, l->prefix, l->prefix_len) != 0) {
		l->refused++;
		return 0;
	}
	rc = tree_set(l->t, path, value, true, &invalid);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		l->refused++;
	if (rc == 0 && invalid) {
		struct dm_tree_invalid inv = { line, path, value, invalid };

		l->invalid++;
		if (l->invalid_cb)
			l->invalid_cb(l->ctx, &inv);
	}
	return 0;
}

int dm_tree_load_stats(struct dm_tree *t, const char *prefix, const char *buf, size_t len,
		       struct dm_tree_load_stats *stats, dm_tree_invalid_cb invalid, void *ctx)
{
	struct load_ctx l = { t, prefix ? prefix : "", prefix ? strlen(prefix) : 0, 0, 0,
			      invalid, ctx };
	size_t bad_lines = 0;
	int rc;

	if (!t || (!buf && len))
		return -EINVAL;
	rc = pluginio_parse_numbered(buf, len, load_cb, &l, &bad_lines);
	if (stats) {
		stats->malformed = bad_lines;
		stats->refused = l.refused;
		stats->invalid = l.invalid;
	}
	return rc;
}

int dm_tree_load(struct dm_tree *t, const char *prefix, const char *buf, size_t len,
		 size_t *bad)
{
	struct dm_tree_load_stats st = { 0, 0, 0 };
	int rc = dm_tree_load_stats(t, prefix, buf, len, &st, NULL, NULL);

	if (bad)
		*bad = st.malformed + st.refused + st.invalid;
	return rc;
}

