/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data model instance tree (see tree.h). Storage is four growing
 * arrays: nodes (objects and instances, linked to their parent and to a
 * child list sorted by schema index then instance number), value slots (one
 * uint32 per schema child of each node: an offset into the string buffer,
 * 0 = no value; SLOT_INVALID marks a value that does not fit its type),
 * the string buffer itself, and an open-addressing hash from
 * (parent, schema, instance) to node. Appending to a child list in
 * ascending order is O(1); plugins print instances in order, so loading is
 * linear. A dropped instance is unlinked and marked dead; its storage stays
 * until the tree is freed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "tree.h"
#include "types.h"

#include "tree_internal.h"

#define ARRAY_MAX (UINT32_MAX / 2)

/* ---- growing arrays ---- */

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return 0;
	if (need > ARRAY_MAX)
		return -ENOMEM;
	while (n < need)
		n *= 2;
	p = realloc(*arr, (size_t)n * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

/* Copy s (len bytes) into the string buffer; offset in *off. */
static int str_add(struct dm_tree *t, const char *s, size_t len, uint32_t *off)
{
	int rc;

	if (len >= ARRAY_MAX - t->n_strs)
		return -ENOMEM;
	rc = grow((void **)&t->strs, &t->cap_strs, t->n_strs + (uint32_t)len + 1, 1);
	if (rc < 0)
		return rc;
	memcpy(t->strs + t->n_strs, s, len);
	t->strs[t->n_strs + len] = '\0';
	*off = t->n_strs;
	t->n_strs += (uint32_t)len + 1;
	return 0;
}

/* ---- the hash of children ---- */

static uint32_t key_hash(uint32_t parent, uint32_t schema, uint32_t inst)
{
	uint64_t h = ((uint64_t)parent << 32 | schema) * 0x9e3779b97f4a7c15ull;

	h ^= (uint64_t)inst * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	return (uint32_t)h;
}

static void hash_put(struct dm_tree *t, uint32_t idx)
{
	const struct tnode *n = &t->nodes[idx];
	uint32_t mask = t->cap_hash - 1;
	uint32_t i = key_hash(n->parent, n->schema, n->inst) & mask;

	while (t->hash[i] != 0)
		i = (i + 1) & mask;
	t->hash[i] = idx + 1;
}

/* Keep the hash at most half full. Dead nodes stay in it (never match). */
static int hash_reserve(struct dm_tree *t, uint32_t n_nodes)
{
	uint32_t cap = t->cap_hash ? t->cap_hash : 256;
	uint32_t *old = t->hash, old_cap = t->cap_hash;

	while (cap < 2 * n_nodes)
		cap *= 2;
	if (cap == t->cap_hash)
		return 0;
	t->hash = calloc(cap, sizeof(*t->hash));
	if (!t->hash) {
		t->hash = old;
		return -ENOMEM;
	}
	t->cap_hash = cap;
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i])
			hash_put(t, old[i] - 1);
	free(old);
	return 0;
}

static uint32_t node_find(const struct dm_tree *t, uint32_t parent, uint32_t schema,
			  uint32_t inst)
{
	uint32_t mask = t->cap_hash - 1;
	uint32_t i = key_hash(parent, schema, inst) & mask;

	for (; t->hash[i] != 0; i = (i + 1) & mask) {
		const struct tnode *n = &t->nodes[t->hash[i] - 1];

		if (n->parent == parent && n->schema == schema && n->inst == inst)
			return t->hash[i] - 1;
	}
	return NONE;
}

/* ---- nodes ---- */

static bool key_less(const struct tnode *a, const struct tnode *b)
{
	return a->schema < b->schema || (a->schema == b->schema && a->inst < b->inst);
}

/* Insert idx into its parent's child list, keeping it sorted: O(1) at
 * either end (instances printed in ascending or descending order), a scan
 * in the middle. */
static void child_link(struct dm_tree *t, uint32_t idx)
{
	struct tnode *n = &t->nodes[idx], *p = &t->nodes[n->parent];
	uint32_t *link = &p->child;

	if (p->last == NONE || key_less(&t->nodes[p->last], n)) {
		if (p->last != NONE)
			link = &t->nodes[p->last].next;
		*link = idx;
		p->last = idx;
		return;
	}
	while (key_less(&t->nodes[*link], n))   /* ends before the last child */
		link = &t->nodes[*link].next;
	n->next = *link;
	*link = idx;
}

static int node_make(struct dm_tree *t, uint32_t parent, uint32_t schema, uint32_t inst,
		     uint32_t *out);

/* Make the plain (non-table) sub-objects of a new node. */
static int node_fill(struct dm_tree *t, uint32_t idx)
{
	const struct dm_node *s = &dm_schema[t->nodes[idx].schema];
	uint32_t dummy;
	int rc = 0;

	for (uint32_t c = s->first_child; c < s->first_child + s->n_children && rc == 0; c++)
		if (dm_schema[c].type == DM_T_OBJECT && !(dm_schema[c].flags & DM_F_TABLE))
			rc = node_make(t, idx, c, 0, &dummy);
	return rc;
}

static int node_reserve(struct dm_tree *t, uint32_t n_slots)
{
	int rc = grow((void **)&t->nodes, &t->cap_nodes, t->n_nodes + 1, sizeof(*t->nodes));

	if (rc == 0 && n_slots >= ARRAY_MAX - t->n_slots)
		rc = -ENOMEM;
	if (rc == 0)
		rc = grow((void **)&t->slots, &t->cap_slots, t->n_slots + n_slots,
			  sizeof(*t->slots));
	if (rc == 0)
		rc = hash_reserve(t, t->n_nodes + 1);
	return rc;
}

static int node_make(struct dm_tree *t, uint32_t parent, uint32_t schema, uint32_t inst,
		     uint32_t *out)
{
	uint32_t n_slots = dm_schema[schema].n_children, idx = t->n_nodes;
	int rc = node_reserve(t, n_slots);

	if (rc < 0)
		return rc;
	t->nodes[idx] = (struct tnode){ .schema = schema, .inst = inst, .parent = parent,
		.child = NONE, .last = NONE, .next = NONE, .slots = t->n_slots };
	memset(t->slots + t->n_slots, 0, n_slots * sizeof(*t->slots));
	t->n_slots += n_slots;
	t->n_nodes++;
	if (parent != NONE) {
		hash_put(t, idx);
		child_link(t, idx);
	}
	*out = idx;
	return node_fill(t, idx);
}

struct dm_tree *dm_tree_new(void)
{
	struct dm_tree *t = calloc(1, sizeof(*t));
	uint32_t off, root;

	if (!t || dm_schema_len == 0)
		goto fail;
	if (str_add(t, "", 0, &off) < 0 || str_add(t, "", 0, &off) < 0)
		goto fail;
	if (node_make(t, NONE, 0, 0, &root) < 0)
		goto fail;
	return t;
fail:
	dm_tree_free(t);
	return NULL;
}

void dm_tree_free(struct dm_tree *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->slots);
	free(t->strs);
	free(t->hash);
	free(t);
}

/* ---- resolving paths ---- */

/* Is part the root object's name ("Device")? */
static bool root_name(const struct dm_path_part *part)
{
	const char *root = dm_node_name(&dm_schema[0]);

	return part->len == strlen(root) && memcmp(part->name, root, part->len) == 0;
}

/* One step down from pos by path component part. create: make instances. */
static int step(struct dm_tree *t, struct dm_tree_pos *pos, const struct dm_path_part *part,
		bool create)
{
	uint32_t idx;
	long c;

	if (pos->kind == DM_TREE_TABLE) {
		if (part->instance == 0)
			return -ENOENT;
		idx = node_find(t, pos->obj, pos->schema, part->instance);
		if (idx == NONE && !create)
			return -ENOENT;
		if (idx == NONE && node_make(t, pos->obj, pos->schema, part->instance, &idx) < 0)
			return -ENOMEM;
		*pos = (struct dm_tree_pos){ DM_TREE_INSTANCE, idx, pos->schema };
		return 0;
	}
	if (pos->kind == DM_TREE_PARAM || part->instance != 0)
		return -ENOENT;
	if (pos->kind == DM_TREE_ROOT) {
		if (!root_name(part))
			return -ENOENT;
		*pos = (struct dm_tree_pos){ DM_TREE_OBJECT, 0, 0 };
		return 0;
	}
	c = dm_schema_child(pos->schema, part->name, part->len);
	if (c < 0)
		return -ENOENT;
	if (dm_schema[c].type != DM_T_OBJECT)
		*pos = (struct dm_tree_pos){ DM_TREE_PARAM, pos->obj, (uint32_t)c };
	else if (dm_schema[c].flags & DM_F_TABLE)
		*pos = (struct dm_tree_pos){ DM_TREE_TABLE, pos->obj, (uint32_t)c };
	else {
		idx = node_find(t, pos->obj, (uint32_t)c, 0);
		if (idx == NONE)   /* only after a failed allocation */
			return -ENOMEM;
		*pos = (struct dm_tree_pos){ DM_TREE_OBJECT, idx, (uint32_t)c };
	}
	return 0;
}

/* A parsed path to a position. A partial path must end on an object,
 * table or instance; a parameter path on a parameter. */
static int locate(struct dm_tree *t, const struct dm_path *p, bool create,
		  struct dm_tree_pos *out)
{
	struct dm_tree_pos pos = { DM_TREE_ROOT, NONE, NONE };
	int rc = 0;

	for (size_t i = 0; i < p->n && rc == 0; i++)
		rc = step(t, &pos, &p->part[i], create);
	if (rc == 0 && p->partial == (pos.kind == DM_TREE_PARAM))
		rc = -ENOENT;
	if (rc == 0)
		*out = pos;
	return rc;
}

/*
 * What a parsed path names in the schema alone (instances need not exist),
 * or -ENOENT: checked before anything is created, so that a bad path does
 * not leave an empty instance behind.
 */
static int schema_kind(const struct dm_path *p)
{
	const struct dm_path_part *part = p->part;
	uint32_t node = 0;
	int kind = DM_TREE_OBJECT;

	if (p->n == 0)
		return DM_TREE_ROOT;
	if (!root_name(&part[0]))
		return -ENOENT;
	for (size_t i = 1; i < p->n; i++) {
		long c;

		if (kind == DM_TREE_TABLE) {
			kind = part[i].instance ? DM_TREE_INSTANCE : -ENOENT;
		} else if (kind == DM_TREE_PARAM || part[i].instance) {
			kind = -ENOENT;
		} else {
			c = dm_schema_child(node, part[i].name, part[i].len);
			if (c < 0)
				return -ENOENT;
			node = (uint32_t)c;
			kind = dm_schema[c].type != DM_T_OBJECT ? DM_TREE_PARAM :
				(dm_schema[c].flags & DM_F_TABLE) ? DM_TREE_TABLE : DM_TREE_OBJECT;
		}
		if (kind < 0)
			return kind;
	}
	return kind;
}

int tree_parse_locate(struct dm_tree *t, const char *path, bool create,
			struct dm_tree_pos *out)
{
	struct dm_path p;
	int rc;

	if (!t)
		return -EINVAL;
	rc = dm_path_parse(path, &p);
	if (rc < 0)
		return -EINVAL;
	return locate(t, &p, create, out);
}

int dm_tree_resolve(const struct dm_tree *t, const char *path, struct dm_tree_pos *out)
{
	/* create == false: nothing is written through the cast */
	return tree_parse_locate((struct dm_tree *)t, path, false, out);
}

/* ---- values ---- */

uint32_t *tree_slot_of(const struct dm_tree *t, uint32_t obj, uint32_t param)
{
	const struct tnode *n = &t->nodes[obj];

	return &t->slots[n->slots + param - dm_schema[n->schema].first_child];
}

/* Does value fit n's type? A hidden or command parameter's always does:
 * it is never reported (it reads back as "" or as its default), so there
 * is nothing to keep off the wire -- and a secret is never named in a
 * message about it. */
static bool value_fits(const struct dm_node *n, const char *value)
{
	return (n->flags & (DM_F_HIDDEN | DM_F_COMMAND)) || dm_value_check(n, value) == 0;
}

/* Store value in its slot, marked not valid when valid is false. */
static int value_store(struct dm_tree *t, uint32_t obj, uint32_t param, const char *value,
		       bool valid)
{
	size_t len = strlen(value);
	uint32_t off = STR_EMPTY, flag = valid ? 0 : SLOT_INVALID;
	uint32_t *slot = tree_slot_of(t, obj, param), old = SLOT_OFFSET(*slot);
	int rc = 0;

	if (old > STR_EMPTY && strlen(t->strs + old) >= len) {
		memcpy(t->strs + old, value, len + 1);   /* reuse the old space */
		*slot = old | flag;
		return 0;
	}
	if (len > 0)
		rc = str_add(t, value, len, &off);
	if (rc < 0)
		return rc;
	if (old == 0)
		t->n_values++;
	*slot = off | flag;      /* str_add grows the strings, not the slots */
	return 0;
}

int tree_set(struct dm_tree *t, const char *path, const char *value, bool check,
	     const struct dm_node **invalid)
{
	struct dm_tree_pos pos;
	struct dm_path p;
	const struct dm_node *n;
	int rc;

	*invalid = NULL;
	if (!t || !value || dm_path_parse(path, &p) < 0 || p.partial)
		return -EINVAL;
	rc = schema_kind(&p);
	if (rc >= 0)
		rc = rc == DM_TREE_PARAM ? locate(t, &p, true, &pos) : -ENOENT;
	if (rc < 0)
		return rc;
	n = &dm_schema[pos.schema];
	if (check && !value_fits(n, value))
		*invalid = n;
	return value_store(t, pos.obj, pos.schema, value, !*invalid);
}

int dm_tree_set(struct dm_tree *t, const char *path, const char *value)
{
	const struct dm_node *invalid;

	return tree_set(t, path, value, false, &invalid);
}

int dm_tree_add(struct dm_tree *t, const char *path)
{
	struct dm_tree_pos pos;
	struct dm_path p;
	int rc;

	if (!t || dm_path_parse(path, &p) < 0 || !p.partial)
		return -EINVAL;
	rc = schema_kind(&p);
	if (rc >= 0)
		rc = rc == DM_TREE_INSTANCE ? locate(t, &p, true, &pos) : -ENOENT;
	return rc < 0 ? rc : 0;
}

/* Instances of table schema under node obj. */
static long instances(const struct dm_tree *t, uint32_t obj, uint32_t table)
{
	long count = 0;

	for (uint32_t c = t->nodes[obj].child; c != NONE; c = t->nodes[c].next)
		if (t->nodes[c].schema == table)
			count++;
		else if (t->nodes[c].schema > table)
			break;
	return count;
}

/* The table whose NumberOfEntries parameter param is, or -1. */
static long counted_table(uint32_t param)
{
	static const char suffix[] = "NumberOfEntries";
	const struct dm_node *p = &dm_schema[param];
	const char *name = dm_node_name(p);
	size_t len = strlen(name), slen = sizeof(suffix) - 1;
	const char *count;
	long c;

	if (len <= slen || strcmp(name + len - slen, suffix) != 0)
		return -1;
	c = dm_schema_child(p->parent, name, len - slen);
	if (c < 0 || !(dm_schema[c].flags & DM_F_TABLE))
		return -1;
	count = dm_node_spec(&dm_schema[c])->num_entries;
	if (!count || strcmp(count, name) != 0)
		return -1;
	return c;
}

void tree_value_read(const struct dm_tree *t, uint32_t obj, uint32_t param,
		       struct dm_tree_value *out)
{
	uint32_t slot = *tree_slot_of(t, obj, param), off = SLOT_OFFSET(slot);
	long table;

	out->node = &dm_schema[param];
	out->set = off != 0;
	out->valid = true;
	if (off != 0) {
		out->value = t->strs + off;
		out->valid = !(slot & SLOT_INVALID);
		return;
	}
	table = counted_table(param);
	if (table >= 0) {
		snprintf(out->buf, sizeof(out->buf), "%ld", instances(t, obj, (uint32_t)table));
		out->value = out->buf;
		return;
	}
	out->value = dm_node_default(out->node);
	out->valid = value_fits(out->node, out->value);
}

int dm_tree_get(const struct dm_tree *t, const char *path, struct dm_tree_value *out)
{
	struct dm_tree_pos pos;
	int rc = dm_tree_resolve(t, path, &pos);

	if (rc == 0 && pos.kind != DM_TREE_PARAM)
		rc = -ENOENT;
	if (rc == 0)
		tree_value_read(t, pos.obj, pos.schema, out);
	return rc;
}

long dm_tree_count(const struct dm_tree *t, const char *path)
{
	struct dm_tree_pos pos;
	int rc = dm_tree_resolve(t, path, &pos);

	if (rc < 0)
		return rc;
	if (pos.kind != DM_TREE_TABLE)
		return -ENOENT;
	return instances(t, pos.obj, pos.schema);
}

size_t dm_tree_mem(const struct dm_tree *t)
{
	if (!t)
		return 0;
	return sizeof(*t) + (size_t)t->cap_nodes * sizeof(*t->nodes) +
		(size_t)t->cap_slots * sizeof(*t->slots) + t->cap_strs +
		(size_t)t->cap_hash * sizeof(*t->hash);
}

size_t dm_tree_values(const struct dm_tree *t)
{
	return t ? t->n_values : 0;
}
