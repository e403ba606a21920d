/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Parameter paths as a controller (an ACS) sends them:
 * "Device.WiFi.SSID.2.SSID" (a parameter), "Device.WiFi.SSID.2." or
 * "Device.WiFi." (partial paths), "" (the root, as GenieACS sends it). Parsing checks the syntax only: length
 * at most DM_PATH_MAX, components of [A-Za-z0-9_-] starting with a letter
 * or '_' (or an instance number 1..4294967295 without leading zeros), no
 * empty component except the final one of a partial path, no spaces or
 * control characters. Whether the path exists is the tree's business.
 */
#ifndef CWMP_DM_PATH_H
#define CWMP_DM_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DM_PATH_MAX 256
#define DM_PATH_MAX_PARTS 32

struct dm_path_part {
	const char *name;      /* points into the parsed string; not NUL-terminated */
	uint16_t len;
	uint32_t instance;     /* > 0 when the part is an instance number */
};

struct dm_path {
	struct dm_path_part part[DM_PATH_MAX_PARTS];
	size_t n;
	bool partial;          /* ends with '.' (or is the empty root path) */
};

/* Parse s (NUL-terminated). 0, or -EINVAL for bad syntax, -E2BIG when too
 * long or too deep. The result points into s. */
int dm_path_parse(const char *s, struct dm_path *out);

#endif
