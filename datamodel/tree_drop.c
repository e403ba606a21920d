/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forgetting part of the instance tree (cache invalidation after a write,
 * DeleteObject): values, whole objects, tables or single instances. The
 * storage of what is dropped stays until the tree is freed.
 */
#include <errno.h>
#include <string.h>

#include "tree_internal.h"

static void node_clear(struct dm_tree *t, uint32_t obj);

/* Unlink the instances of table under obj; table NONE: of every table,
 * and clear the plain sub-objects too. */
static void children_drop(struct dm_tree *t, uint32_t obj, uint32_t table)
{
	uint32_t *link = &t->nodes[obj].child, last = NONE;

	while (*link != NONE) {
		struct tnode *c = &t->nodes[*link];

		if (c->inst != 0 && (table == NONE || c->schema == table)) {
			c->parent = NONE;          /* dead: never found again */
			*link = c->next;
			continue;
		}
		if (c->inst == 0 && table == NONE)
			node_clear(t, *link);
		last = *link;
		link = &t->nodes[*link].next;
	}
	t->nodes[obj].last = last;
}

/* Forget every value and instance below a plain object. */
static void node_clear(struct dm_tree *t, uint32_t obj)
{
	const struct tnode *n = &t->nodes[obj];

	memset(t->slots + n->slots, 0, dm_schema[n->schema].n_children * sizeof(*t->slots));
	children_drop(t, obj, NONE);
}

/* Forget a table's instances and the NumberOfEntries value given for it. */
static void table_drop(struct dm_tree *t, uint32_t obj, uint32_t table)
{
	const char *count = dm_node_spec(&dm_schema[table])->num_entries;
	long c = count ? dm_schema_child(t->nodes[obj].schema, count, strlen(count)) : -1;

	children_drop(t, obj, table);
	if (c >= 0)
		*tree_slot_of(t, obj, (uint32_t)c) = 0;
}

/* Unlink instance idx from its parent. */
static void instance_drop(struct dm_tree *t, uint32_t idx)
{
	uint32_t parent = t->nodes[idx].parent, *link = &t->nodes[parent].child;
	uint32_t last = NONE;

	while (*link != idx) {
		last = *link;
		link = &t->nodes[*link].next;
	}
	*link = t->nodes[idx].next;
	if (t->nodes[parent].last == idx)
		t->nodes[parent].last = last;
	t->nodes[idx].parent = NONE;
}

int dm_tree_drop(struct dm_tree *t, const char *path)
{
	struct dm_tree_pos pos;
	int rc = tree_parse_locate(t, path, false, &pos);

	if (rc < 0)
		return rc;
	switch (pos.kind) {
	case DM_TREE_ROOT:
		node_clear(t, 0);
		break;
	case DM_TREE_OBJECT:
		node_clear(t, pos.obj);
		break;
	case DM_TREE_TABLE:
		table_drop(t, pos.obj, pos.schema);
		break;
	case DM_TREE_INSTANCE:
		instance_drop(t, pos.obj);
		break;
	case DM_TREE_PARAM:
		*tree_slot_of(t, pos.obj, pos.schema) = 0;
		break;
	}
	return 0;
}

