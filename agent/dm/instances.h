/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instance numbers for AddObject, never reused: one counter per table path
 * ("Device.NAT.PortMapping.", "Device.DHCPv4.Server.Pool.2.StaticAddress.")
 * holding the highest number handed out, kept in one small file of the
 * state directory as "table-path<TAB>N" lines (the plugin line format).
 * The file is read and rewritten (atomically) on each AddObject, a rare
 * RPC: nothing is kept in memory between calls. Also: which tables take
 * AddObject and DeleteObject at all.
 */
#ifndef CWMP_INSTANCES_H
#define CWMP_INSTANCES_H

#include <stdint.h>

/* The file's name in the state directory. Not "instances": the OpenWrt
 * plugins keep their section maps in a directory of that name. */
#define INSTANCES_FILE "instance-counters"
#define INSTANCES_MAX_FILE (64 * 1024)

/*
 * Reserve the next instance number of table (an ACS table path with its
 * trailing dot and the instance numbers of its parents) in dir: N =
 * max(stored counter, highest) + 1, where highest is the highest instance
 * number the data model holds now (0 when none). N is stored, atomically
 * and synced, before this returns, so it is never handed out again even
 * when the caller then fails or crashes. Returns 0 with *out = N; -EINVAL
 * (table empty, not ending in '.' or longer than PLUGINIO_MAX_PATH), -ERANGE (no number left below 2^32), -EFBIG (the
 * file is or would grow past INSTANCES_MAX_FILE), or the -errno of reading
 * or writing it. A missing file is all counters 0. Lines that are not
 * "path<TAB>decimal" are dropped (logged) without affecting the others;
 * when a path appears twice its largest counter counts.
 */
int instances_next(const char *dir, const char *table, uint32_t highest, uint32_t *out);

/* Make sure the counter of table is at least n (DeleteObject of instance
 * n, before the plugin runs: a number the platform made is never given
 * out again either). 0 or the errors of instances_next. */
int instances_reserve(const char *dir, const char *table, uint32_t n);

/* The stored counter of table in dir into *out (0 when it has none or the
 * file is missing). 0 or -EINVAL / the -errno of reading the file. */
int instances_get(const char *dir, const char *table, uint32_t *out);

/*
 * After the data model was read: every instance tree t shows of a table
 * that takes AddObject counts as handed out (instances_reserve), so a
 * number the platform gave an entry made outside cwmpd (LuCI, uci) that
 * was deleted there before the next AddObject is not handed out again.
 * Only a table whose highest instance is past its stored counter costs a
 * write. 0 or the first error of instances_reserve (logged).
 */
struct dm_tree;
int instances_reserve_seen(const char *dir, const struct dm_tree *t);

/*
 * After a DeleteObject of instance ("Device.DHCPv4.Server.Pool.2."): drop
 * the counters of the tables below it. Their paths can never come back
 * since the instance's own number is never reused, so this keeps the file
 * from growing with every parent ever deleted. The instance's own table
 * keeps its counter. 0 (also when there was nothing to drop), -EINVAL, or
 * the -errno of reading or writing the file.
 */
int instances_forget(const char *dir, const char *instance);

/*
 * The schema node of the table that AddObject or DeleteObject may change
 * for path: a table ("Device.NAT.PortMapping.") or an instance of it
 * ("Device.NAT.PortMapping.3."), named with its trailing dot, writable on
 * the platform (dm_node_writable with its dm_platform_bit) and backed by a
 * plugin. -1 for anything else. Only the
 * schema is asked (through dm_plugin_schema_node, which refuses bad syntax
 * and misplaced instance numbers): whether the path names a table or an
 * instance, and whether they exist is the session tree's business
 * (dm_tree_resolve).
 */
long instances_table_node(const char *path, unsigned platform);

#endif
