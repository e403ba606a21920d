/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The instance tree's storage, shared by tree.c (building, values,
 * dropping) and tree_walk.c (walks for GetParameterNames/Values). Not for
 * use outside datamodel/tree*.c.
 */
#ifndef CWMP_DM_TREE_INTERNAL_H
#define CWMP_DM_TREE_INTERNAL_H

#include <stdint.h>

#include "tree.h"

#define NONE UINT32_MAX
#define STR_EMPTY 1u          /* strs[1] is the shared "" value */
/* A value slot holds a string offset (0: no value), with this bit set when
 * the value does not fit its type. Offsets stay below ARRAY_MAX (2^31). */
#define SLOT_INVALID 0x80000000u
#define SLOT_OFFSET(slot) ((slot) & ~SLOT_INVALID)

struct tnode {
	uint32_t schema;      /* object node, or the table node for an instance */
	uint32_t inst;        /* instance number, 0 for a plain object */
	uint32_t parent;      /* NONE for the root and for dropped nodes */
	uint32_t child;       /* first child, NONE */
	uint32_t last;        /* last child, NONE */
	uint32_t next;        /* next sibling, NONE */
	uint32_t slots;       /* first value slot (one per schema child) */
};

struct dm_tree {
	struct tnode *nodes;
	uint32_t n_nodes, cap_nodes;
	uint32_t *slots;
	uint32_t n_slots, cap_slots;
	char *strs;
	uint32_t n_strs, cap_strs;
	uint32_t *hash;       /* node index + 1, 0 = empty; size a power of 2 */
	uint32_t cap_hash;
	size_t n_values;
};

/* The value of parameter param (a schema index) of node obj, with the
 * default and NumberOfEntries rules of tree.h. */
void tree_value_read(const struct dm_tree *t, uint32_t obj, uint32_t param,
		       struct dm_tree_value *out);

/* The value slot of parameter param in node obj. */
uint32_t *tree_slot_of(const struct dm_tree *t, uint32_t obj, uint32_t param);
/* Parse path and find (create: make) its position; see tree.c. */
int tree_parse_locate(struct dm_tree *t, const char *path, bool create,
			struct dm_tree_pos *out);

/* dm_tree_set, with the value checked against its type first when check
 * is set: *invalid is the parameter's schema node when it did not fit,
 * else NULL (tree.c; tree_load.c loads through it). */
int tree_set(struct dm_tree *t, const char *path, const char *value, bool check,
	     const struct dm_node **invalid);

#endif
