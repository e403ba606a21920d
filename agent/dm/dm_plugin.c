/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calling the data model plugins: the schema says which plugin backs each
 * node; a plugin runs as "<plugin_dir>/NAME VERB ARG..." with the plugin
 * environment and a time limit.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_plugin.h"
#include "log.h"
#include "path.h"
#include "platform.h"
#include "schema.h"


long dm_plugin_schema_node(const char *path)
{
	struct dm_path p;
	long node = 0;
	bool numbered = false;  /* the component before was an instance number */

	if (!path || !path[0])
		return 0;
	if (dm_path_parse(path, &p) != 0 || p.part[0].instance || p.part[0].len != 6 ||
	    memcmp(p.part[0].name, "Device", 6) != 0)
		return -1;
	for (size_t i = 1; i < p.n && node >= 0; i++) {
		const struct dm_path_part *c = &p.part[i];

		if (c->instance && (numbered || !(dm_schema[node].flags & DM_F_TABLE)))
			return -1;
		if (!c->instance)
			node = dm_schema_child((uint32_t)node, c->name, c->len);
		numbered = c->instance != 0;
	}
	return node;
}

uint16_t dm_plugin_of(uint32_t node)
{
	return node < dm_schema_len ? dm_schema[node].plugin : 0;
}

int dm_plugin_prefix(uint16_t idx, char *out, size_t len)
{
	size_t i, at = len;
	uint32_t node;

	for (i = 0; i < dm_schema_len && dm_schema[i].plugin != idx; i++)
		;
	if (i == dm_schema_len || len == 0)
		return -ENOENT;
	while (i > 0 && dm_schema[dm_schema[i].parent].plugin == idx)
		i = dm_schema[i].parent;
	out[--at] = '\0';
	for (node = (uint32_t)i;; node = dm_schema[node].parent) {
		const char *name = dm_node_name(&dm_schema[node]);
		size_t nl = strlen(name);

		if (nl + 1 >= at)
			return -ENAMETOOLONG;
		at -= nl + 1;
		memcpy(out + at, name, nl);
		out[at + nl] = '.';
		if (node == 0)
			break;
	}
	memmove(out, out + at, len - at);
	return 0;
}

int dm_plugin_run(struct platform *p, uint16_t idx, const char *const *args, const char *input,
		  size_t input_len, plugin_done_cb cb, void *ctx, struct plugin_call **handle)
{
	struct platform_call c = { .args = args, .input = input, .input_len = input_len,
				   .timeout_ms = DM_PLUGIN_TIMEOUT_MS };

	if (!p || idx == 0 || idx >= dm_plugins_len)
		return -EINVAL;
	c.plugin = dm_plugins[idx];
	return platform_run(p, &c, cb, ctx, handle);
}
