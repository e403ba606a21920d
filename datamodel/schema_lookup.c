/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Lookups in the generated schema (schema.c): a child by name, by binary
 * search over its parent's contiguous, byte-sorted children, and a node by
 * its schema path ("Device.WiFi.SSID.{i}.SSID"), and whether a node is
 * writable on a platform; the empty spec of nodes without one. Nothing
 * here allocates.
 */
#include <stdbool.h>
#include <string.h>

#include "schema.h"

const struct dm_spec dm_spec_none;

/* Byte-order comparison of name[0..len) with the NUL-terminated s. */
static int name_cmp(const char *name, size_t len, const char *s)
{
	size_t slen = strlen(s);
	int c = memcmp(name, s, len < slen ? len : slen);

	if (c != 0)
		return c;
	return len < slen ? -1 : len > slen;
}

long dm_schema_child(uint32_t node, const char *name, size_t name_len)
{
	size_t lo, hi;

	if (node >= dm_schema_len || name == NULL)
		return -1;
	lo = dm_schema[node].first_child;
	hi = lo + dm_schema[node].n_children;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(name, name_len, dm_node_name(&dm_schema[mid]));

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * One path component. *open says the previous component named a table
 * whose "{i}" has not been seen yet: then only "{i}" may follow.
 */
static long step(long node, const char *name, size_t len, bool *open)
{
	long next;

	if (*open) {
		*open = false;
		return len == 3 && memcmp(name, "{i}", 3) == 0 ? node : -1;
	}
	if (node < 0)
		next = name_cmp(name, len, dm_node_name(&dm_schema[0])) == 0 ? 0 : -1;
	else
		next = dm_schema_child((uint32_t)node, name, len);
	if (next >= 0 && (dm_schema[next].flags & DM_F_TABLE))
		*open = true;
	return next;
}

long dm_schema_find(const char *path)
{
	const char *p = path, *dot;
	long node = -1;
	bool open = false;

	if (path == NULL || dm_schema_len == 0)
		return -1;
	while ((dot = strchr(p, '.')) != NULL) {
		node = step(node, p, (size_t)(dot - p), &open);
		if (node < 0)
			return -1;
		p = dot + 1;
	}
	if (*p == '\0')   /* an object path: the last component was an object */
		return node >= 0 && dm_schema[node].type == DM_T_OBJECT ? node : -1;
	node = step(node, p, strlen(p), &open);
	if (node < 0 || open || dm_schema[node].type == DM_T_OBJECT)
		return -1;
	return node;
}

unsigned dm_platform_bit(const char *name)
{
	for (size_t i = 0; name && i < dm_platforms_len; i++)
		if (strcmp(dm_platforms[i], name) == 0)
			return DM_PLATFORM_BIT(i);
	return 0;
}

bool dm_node_writable(const struct dm_node *node, unsigned platform)
{
	return node && (node->flags & DM_F_WRITABLE) && !(node->readonly_on & platform);
}
