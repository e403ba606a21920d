/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data model instance tree: the values of one session snapshot, built
 * from plugin "get" output (path<TAB>value lines, instance numbers
 * included) and from values the agent sets itself, checked against the
 * generated schema (schema.h). Objects and table instances are tree nodes;
 * a parameter is a value slot of its object. Everything lives in a few
 * growing arrays owned by the tree (nodes, value slots, one string buffer,
 * a hash of children), so no allocation is made per parameter and lookups
 * and whole-tree reads are linear. A replaced or dropped value stays in the
 * string buffer until dm_tree_free: the tree is meant to live one session.
 *
 * Existence rules. "Device." and every object that is not a table exist as
 * long as their parent does; a table instance exists once a value under it
 * was set (or it was made with dm_tree_add). A schema parameter of an
 * existing object that was given no value reads as its schema default
 * (dm_node_default) or "", with one exception: a table's NumberOfEntries
 * parameter that was not set reads as the number of instances of that
 * table in the tree (a value set explicitly wins). Hidden and command
 * parameters are returned as stored: blanking them is the protocol's job.
 *
 * Validity. Plugin output is checked against the schema's type as it is
 * loaded (dm_tree_load: dm_value_check of types.h); a value that does not
 * fit is kept as given (a write's undo hands it back to its plugin) but
 * reads as not valid, and so does a parameter without a value whose
 * default ("" when the schema has none) does not fit its type (an
 * unsignedInt the plugin did not print). Hidden and command parameters
 * are always valid: they are never reported as they are. What is not
 * valid must not be reported: that is the reader's business (the protocol
 * leaves such a parameter out, or faults). dm_tree_set stores what it is
 * given as valid: its callers checked it.
 *
 * Order. Walks follow the schema (byte order of names) for the members of
 * an object, and ascending instance numbers within a table, whatever order
 * the values were set in. Parameters and sub-objects are interleaved as the
 * schema sorts them.
 */
#ifndef CWMP_DM_TREE_H
#define CWMP_DM_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

/* Longest path a walk builds (objects and parameters of the schema with
 * instance numbers); longer ones end the walk with -ENAMETOOLONG. */
#define DM_TREE_PATH_MAX 512

struct dm_tree;

/* A new tree holding "Device." and every non-table object of the schema,
 * no values. Free with dm_tree_free. NULL when out of memory. */
struct dm_tree *dm_tree_new(void);

/* Free the tree and every string it holds. NULL is a no-op. */
void dm_tree_free(struct dm_tree *t);

/*
 * Set the parameter at path ("Device.Hosts.Host.3.PhysAddress") to value
 * (NUL-terminated, copied, taken as valid: not checked). Creates the table
 * instances on the way and replaces an earlier value. 0; -EINVAL when path is not a parameter path
 * (bad syntax, partial path, NULL); -ENOENT when it is not in the schema
 * (unknown name, instance number under a non-table, a table without its
 * instance number); -ENOMEM.
 */
int dm_tree_set(struct dm_tree *t, const char *path, const char *value);

/*
 * Make table instance path ("Device.NAT.PortMapping.4.") exist with no
 * values (AddObject). 0 (also when it existed), -EINVAL, -ENOENT, -ENOMEM.
 */
int dm_tree_add(struct dm_tree *t, const char *path);

/*
 * Load plugin output (pluginio format, len bytes, need not be
 * NUL-terminated). Each line is dm_tree_set, its value checked against its
 * parameter's type first (stored as not valid when it does not fit); a
 * line that pluginio rejects, that dm_tree_set refuses with -EINVAL or
 * -ENOENT, or whose path does not start with prefix (NULL or "" =
 * anywhere) is skipped. Skipped lines and lines with a value that does not
 * fit are counted in *bad (may be NULL). 0 or -ENOMEM (the lines before
 * it stay loaded).
 */
int dm_tree_load(struct dm_tree *t, const char *prefix, const char *buf, size_t len,
		 size_t *bad);

/* Same, with the lines counted by kind: malformed ones (the line format is
 * broken: a plugin printing garbage), refused ones (good lines naming
 * something the schema or the prefix does not allow) and invalid ones
 * (loaded, but the value does not fit the type: the parameter reads as not
 * valid). */
struct dm_tree_load_stats {
	size_t malformed;
	size_t refused;
	size_t invalid;
};

/* An invalid line, for the caller's message. Valid during the call. */
struct dm_tree_invalid {
	size_t line;                /* 1-based, in buf (pluginio_parse_numbered) */
	const char *path;
	const char *value;
	const struct dm_node *node; /* the parameter's schema node */
};
typedef void (*dm_tree_invalid_cb)(void *ctx, const struct dm_tree_invalid *inv);

/* invalid (may be NULL) is called for each invalid line, with ctx. */
int dm_tree_load_stats(struct dm_tree *t, const char *prefix, const char *buf, size_t len,
		       struct dm_tree_load_stats *stats, dm_tree_invalid_cb invalid, void *ctx);

/*
 * Forget what is below path: a parameter ("...Host.3.PhysAddress": back to
 * no value), an object ("Device.Hosts.": all its values and instances,
 * the object stays), a table ("Device.Hosts.Host.": all its instances), an
 * instance ("Device.Hosts.Host.3.": gone) or "" (everything). 0, -EINVAL,
 * or -ENOENT when path does not exist.
 */
int dm_tree_drop(struct dm_tree *t, const char *path);

/* What a path names. */
enum dm_tree_kind {
	DM_TREE_ROOT,      /* "": above "Device." */
	DM_TREE_OBJECT,    /* "Device.Hosts." */
	DM_TREE_TABLE,     /* "Device.Hosts.Host." */
	DM_TREE_INSTANCE,  /* "Device.Hosts.Host.3." */
	DM_TREE_PARAM,     /* "Device.Hosts.Host.3.PhysAddress" */
};

/* A position in the tree: plain data, valid until the tree changes. */
struct dm_tree_pos {
	enum dm_tree_kind kind;
	uint32_t obj;      /* tree node: the object or instance itself; for a
			      table or a parameter, the object holding it */
	uint32_t schema;   /* schema node (table or parameter for those kinds) */
};

/*
 * Resolve a path a controller sent: a parameter path, a partial path
 * ending in '.', or "" (the root). 0; -EINVAL for bad syntax; -ENOENT when
 * it does not exist (not in the schema, an instance that is not in the
 * tree, an object named without its trailing dot).
 */
int dm_tree_resolve(const struct dm_tree *t, const char *path, struct dm_tree_pos *out);

/* One parameter's value. value points into the tree or into buf; valid
 * until the tree changes or the struct goes away. */
struct dm_tree_value {
	const struct dm_node *node;
	const char *value;
	bool set;          /* false: a default or a computed NumberOfEntries */
	bool valid;        /* false: value does not fit the type (see Validity) */
	char buf[24];
};

/* Value of the parameter at path. 0, -EINVAL, -ENOENT (also for objects). */
int dm_tree_get(const struct dm_tree *t, const char *path, struct dm_tree_value *out);

/* Number of instances of the table at path ("Device.Hosts.Host."), or
 * -EINVAL / -ENOENT (also when path is not a table). */
long dm_tree_count(const struct dm_tree *t, const char *path);

/* One item of a walk. Everything points into the walker or the tree and is
 * valid during the callback only. */
struct dm_tree_item {
	enum dm_tree_kind kind;     /* OBJECT, TABLE, INSTANCE or PARAM */
	const char *path;           /* full path; objects end in '.' */
	size_t path_len;
	const struct dm_node *node; /* schema node (the table for an instance) */
	const char *value;          /* PARAM: its value; others: NULL */
	bool set;                   /* PARAM: see dm_tree_value */
	bool valid;                 /* PARAM: see dm_tree_value; others: true */
};

/* Return non-zero to stop the walk; that value is returned by it. */
typedef int (*dm_tree_walk_cb)(void *ctx, const struct dm_tree_item *item);

#define DM_WALK_OBJECTS    0x1  /* also list objects, tables and instances
				   (GetParameterNames, NextLevel false): the
				   named object itself comes first */
#define DM_WALK_NEXT_LEVEL 0x2  /* only the direct children of the named
				   object (GetParameterNames, NextLevel true):
				   parameters, "X.Obj.", "X.Table.", and for a
				   table its instances "X.Table.N."; "" gives
				   "Device." */

/*
 * Walk what is at and below path in the order described above, calling cb
 * for each item. With flags 0 only parameters are given (GetParameterValues).
 * A parameter path gives that parameter; with DM_WALK_NEXT_LEVEL it gives
 * -EINVAL (NextLevel needs a partial path). 0, cb's non-zero value,
 * -EINVAL, -ENOENT, or -ENAMETOOLONG.
 */
int dm_tree_walk(const struct dm_tree *t, const char *path, unsigned flags,
		 dm_tree_walk_cb cb, void *ctx);

/* Same, from a position got from dm_tree_resolve. */
int dm_tree_walk_pos(const struct dm_tree *t, const struct dm_tree_pos *pos,
		     unsigned flags, dm_tree_walk_cb cb, void *ctx);

/* Bytes the tree has allocated (its own accounting: array capacities, the
 * string buffer, the hash), and how many times a parameter without a value
 * got one (a replacement does not count; a value set again after a drop
 * does). */
size_t dm_tree_mem(const struct dm_tree *t);
size_t dm_tree_values(const struct dm_tree *t);

#endif
