/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calling the data model plugins: which plugin backs a path, the prefix a
 * plugin serves, and running one verb of a plugin through the platform
 * boundary (platform.h) with a time limit. Values go on stdin, never in
 * argv.
 */
#ifndef CWMP_DM_PLUGIN_H
#define CWMP_DM_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include "plugin.h"

#define DM_PLUGIN_TIMEOUT_MS 10000

struct platform;

/* Schema node of an ACS path with instance numbers ("Device.Hosts.Host.3."
 * gives the Host table node, "Device.Hosts.Host.3.IPAddress" the
 * parameter; "", "Device." and NULL give 0), or -1 when it is not in the
 * schema, its syntax is bad (dm_path_parse: an instance number is 1 to
 * 4294967295 without leading zeros, so "01" and "0" are refused) or an
 * instance number does not follow a table. Whether the instance exists is
 * not asked. */
long dm_plugin_schema_node(const char *path);

/* Plugin index (into dm_plugins) backing the schema node; 0 = native. */
uint16_t dm_plugin_of(uint32_t node);

/* "Device.X.Y." for the highest schema node backed by plugin idx, into out.
 * 0, -ENOENT (no node has that plugin) or -ENAMETOOLONG. */
int dm_plugin_prefix(uint16_t idx, char *out, size_t len);

/*
 * Run plugin idx (>= 1) with argv { name, args[0], args[1], ... } (args is
 * NULL-terminated, at most PLATFORM_ARGS_MAX entries, e.g. { "set", NULL }
 * or { "add", "Device.NAT.PortMapping.", "5", NULL }) and input on stdin
 * (may be NULL) on platform p, time limit DM_PLUGIN_TIMEOUT_MS. cb and
 * handle as for plugin_run. 0 or -EINVAL / platform_run's error (then cb
 * never runs; the error is logged).
 */
int dm_plugin_run(struct platform *p, uint16_t idx, const char *const *args, const char *input,
		  size_t input_len, plugin_done_cb cb, void *ctx, struct plugin_call **handle);

#endif
