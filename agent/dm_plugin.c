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
#include "platform.h"
#include "schema.h"


static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return len > 0;
}

long dm_plugin_schema_node(const char *path)
{
	long node = 0;
	const char *p, *dot;

	if (!path || !path[0])
		return 0;
	if (strncmp(path, "Device.", 7) != 0)
		return strcmp(path, "Device") == 0 ? 0 : -1;
	for (p = path + 7; *p && node >= 0; p = *dot ? dot + 1 : dot) {
		dot = strchr(p, '.');
		if (!dot)
			dot = p + strlen(p);
		if (all_digits(p, (size_t)(dot - p)))
			continue;
		node = dm_schema_child((uint32_t)node, p, (size_t)(dot - p));
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
		size_t nl = strlen(dm_schema[node].name);

		if (nl + 1 >= at)
			return -ENAMETOOLONG;
		at -= nl + 1;
		memcpy(out + at, dm_schema[node].name, nl);
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
