/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Walking the instance tree: every parameter below a path (for
 * GetParameterValues), the whole subtree with object names or only the
 * next level (for GetParameterNames). Paths are built in one fixed buffer;
 * nothing is allocated per parameter.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree_internal.h"

struct walker {
	const struct dm_tree *t;
	unsigned flags;
	dm_tree_walk_cb cb;
	void *ctx;
	size_t len;
	char path[DM_TREE_PATH_MAX];
};

/* Append "name." (or "name" when dot is false) to the path. */
static int path_push(struct walker *w, const char *name, size_t len, bool dot)
{
	if (w->len + len + 2 > sizeof(w->path))
		return -ENAMETOOLONG;
	memcpy(w->path + w->len, name, len);
	w->len += len;
	if (dot)
		w->path[w->len++] = '.';
	w->path[w->len] = '\0';
	return 0;
}

/* Append the name of schema node i, as path_push does. */
static int path_push_node(struct walker *w, uint32_t i, bool dot)
{
	const char *name = dm_node_name(&dm_schema[i]);

	return path_push(w, name, strlen(name), dot);
}

static int path_push_inst(struct walker *w, uint32_t inst)
{
	char num[12];
	int n = snprintf(num, sizeof(num), "%u", (unsigned)inst);

	return path_push(w, num, (size_t)n, true);
}

/* One item; v: a parameter's value, NULL for the other kinds. */
static int emit(struct walker *w, enum dm_tree_kind kind, uint32_t schema,
		const struct dm_tree_value *v)
{
	struct dm_tree_item it = { kind, w->path, w->len, &dm_schema[schema],
				   v ? v->value : NULL, v && v->set, !v || v->valid };

	return w->cb(w->ctx, &it);
}

static int emit_param(struct walker *w, uint32_t obj, uint32_t param)
{
	struct dm_tree_value v;
	size_t saved = w->len;
	int rc = path_push_node(w, param, false);

	if (rc == 0) {
		tree_value_read(w->t, obj, param, &v);
		rc = emit(w, DM_TREE_PARAM, param, &v);
	}
	w->len = saved;
	w->path[saved] = '\0';
	return rc;
}

static int walk_object(struct walker *w, uint32_t obj, bool self, bool deep);

/* The instances of table under obj; path holds the table's path. */
static int walk_table(struct walker *w, uint32_t obj, uint32_t table, bool deep)
{
	size_t saved = w->len;
	int rc = 0;

	for (uint32_t c = w->t->nodes[obj].child; c != NONE && rc == 0; c = w->t->nodes[c].next) {
		if (w->t->nodes[c].schema < table)
			continue;
		if (w->t->nodes[c].schema > table)
			break;
		rc = path_push_inst(w, w->t->nodes[c].inst);
		if (rc == 0 && deep)
			rc = walk_object(w, c, true, true);
		else if (rc == 0)
			rc = emit(w, DM_TREE_INSTANCE, table, NULL);
		w->len = saved;
		w->path[saved] = '\0';
	}
	return rc;
}

/* One child object or table of obj (schema node sub); path holds obj's. */
static int walk_member(struct walker *w, uint32_t obj, uint32_t sub, uint32_t *cursor,
		       bool deep)
{
	const struct tnode *nodes = w->t->nodes;
	bool table = dm_schema[sub].flags & DM_F_TABLE;
	size_t saved = w->len;
	int rc;

	while (*cursor != NONE && nodes[*cursor].schema < sub)
		*cursor = nodes[*cursor].next;
	rc = path_push_node(w, sub, true);
	if (rc == 0 && table && (w->flags & DM_WALK_OBJECTS))
		rc = emit(w, DM_TREE_TABLE, sub, NULL);
	if (rc == 0 && deep && table)
		rc = walk_table(w, obj, sub, true);
	else if (rc == 0 && deep && *cursor != NONE && nodes[*cursor].schema == sub)
		rc = walk_object(w, *cursor, true, true);
	else if (rc == 0 && !table && (w->flags & DM_WALK_OBJECTS))
		rc = emit(w, DM_TREE_OBJECT, sub, NULL);
	w->len = saved;
	w->path[saved] = '\0';
	return rc;
}

/* Object or instance obj, whose path is in w->path: itself (when self and
 * objects are wanted), its parameters and, when deep, everything below. */
static int walk_object(struct walker *w, uint32_t obj, bool self, bool deep)
{
	const struct tnode *n = &w->t->nodes[obj];
	const struct dm_node *s = &dm_schema[n->schema];
	uint32_t cursor = n->child;
	int rc = 0;

	if (self && (w->flags & DM_WALK_OBJECTS))
		rc = emit(w, n->inst ? DM_TREE_INSTANCE : DM_TREE_OBJECT, n->schema, NULL);
	for (uint32_t c = s->first_child; c < s->first_child + s->n_children && rc == 0; c++)
		if (dm_schema[c].type != DM_T_OBJECT)
			rc = emit_param(w, obj, c);
		else
			rc = walk_member(w, obj, c, &cursor, deep);
	return rc;
}

/* NextLevel true: the direct children of pos. */
static int walk_next_level(struct walker *w, const struct dm_tree_pos *pos)
{
	int rc = 0;

	switch (pos->kind) {
	case DM_TREE_ROOT:
		rc = path_push_node(w, 0, true);
		if (rc == 0)
			rc = emit(w, DM_TREE_OBJECT, 0, NULL);
		break;
	case DM_TREE_OBJECT:
	case DM_TREE_INSTANCE:
		rc = walk_object(w, pos->obj, false, false);
		break;
	case DM_TREE_TABLE:
		rc = walk_table(w, pos->obj, pos->schema, false);
		break;
	case DM_TREE_PARAM:
		rc = -EINVAL;
		break;
	}
	return rc;
}

/* Build the path of node obj into w->path. */
static int path_of(struct walker *w, uint32_t obj)
{
	const struct tnode *n = &w->t->nodes[obj];
	int rc = 0;

	if (n->parent != NONE)
		rc = path_of(w, n->parent);
	if (rc == 0)
		rc = path_push_node(w, n->schema, true);
	if (rc == 0 && n->inst)
		rc = path_push_inst(w, n->inst);
	return rc;
}

static int walk_deep(struct walker *w, const struct dm_tree_pos *pos)
{
	switch (pos->kind) {
	case DM_TREE_ROOT:
		if (path_push_node(w, 0, true) < 0)
			return -ENAMETOOLONG;
		return walk_object(w, 0, true, true);
	case DM_TREE_OBJECT:
	case DM_TREE_INSTANCE:
		return walk_object(w, pos->obj, true, true);
	case DM_TREE_TABLE:
		if (w->flags & DM_WALK_OBJECTS) {
			int rc = emit(w, DM_TREE_TABLE, pos->schema, NULL);

			if (rc)
				return rc;
		}
		return walk_table(w, pos->obj, pos->schema, true);
	case DM_TREE_PARAM:
		break;
	}
	return emit_param(w, pos->obj, pos->schema);
}

int dm_tree_walk_pos(const struct dm_tree *t, const struct dm_tree_pos *pos,
		     unsigned flags, dm_tree_walk_cb cb, void *ctx)
{
	struct walker w = { .t = t, .flags = flags, .cb = cb, .ctx = ctx };
	int rc = 0;

	if (!t || !pos || !cb)
		return -EINVAL;
	if (flags & DM_WALK_NEXT_LEVEL)
		w.flags |= DM_WALK_OBJECTS;
	if (pos->kind != DM_TREE_ROOT)
		rc = path_of(&w, pos->obj);     /* a parameter's name: emit_param */
	if (rc == 0 && pos->kind == DM_TREE_TABLE)
		rc = path_push_node(&w, pos->schema, true);
	if (rc == 0)
		rc = (flags & DM_WALK_NEXT_LEVEL) ? walk_next_level(&w, pos) : walk_deep(&w, pos);
	return rc;
}

int dm_tree_walk(const struct dm_tree *t, const char *path, unsigned flags,
		 dm_tree_walk_cb cb, void *ctx)
{
	struct dm_tree_pos pos;
	int rc = dm_tree_resolve(t, path, &pos);

	if (rc < 0)
		return rc;
	return dm_tree_walk_pos(t, &pos, flags, cb, ctx);
}

