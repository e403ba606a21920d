/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The instance counters of AddObject: one file of "table-path<TAB>N" lines
 * in the state directory, read with the plugin line parser and rewritten
 * whole through the store (temp file, fsync, rename) whenever a counter
 * moves or counters are forgotten. Every call reads the file afresh.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_plugin.h"
#include "instances.h"
#include "log.h"
#include "pluginio.h"
#include "schema.h"
#include "store.h"
#include "tree.h"

/* One pass over the file: find table's counter and, when out is wanted,
 * copy every other good line except those below the prefix forget. */
struct pass {
	const char *table;      /* the counter looked for, or NULL */
	uint32_t counter;       /* its largest stored value */
	const char *forget;     /* drop the lines of paths under it, or NULL */
	size_t forget_len;
	bool copy;              /* build out */
	struct xbuf out;
	size_t bad;             /* lines dropped: unreadable or bad numbers */
	size_t dropped;         /* lines dropped: forgotten */
};

/* A counter: 1 to 10 decimal digits, at most UINT32_MAX. */
static int parse_counter(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; s[i] >= '0' && s[i] <= '9' && i < 10; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	if (i == 0 || s[i] != '\0' || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int line_cb(void *ctx, const char *path, const char *value)
{
	struct pass *p = ctx;
	uint32_t n;

	if (parse_counter(value, &n) != 0) {
		p->bad++;
		return 0;
	}
	if (p->table && strcmp(path, p->table) == 0) {
		if (n > p->counter)
			p->counter = n;
		return 0;               /* written back once, by the caller */
	}
	if (p->forget && strncmp(path, p->forget, p->forget_len) == 0) {
		p->dropped++;
		return 0;
	}
	if (p->copy)
		pluginio_write(&p->out, path, value);
	return 0;
}

static bool path_ok(const char *path)
{
	size_t len = path ? strlen(path) : 0;

	return len > 0 && len <= PLUGINIO_MAX_PATH && path[len - 1] == '.';
}

/* Read the file (missing = empty) and run the pass over it. */
static int pass_run(const char *dir, struct pass *p)
{
	char *text = NULL;
	size_t len = 0, bad = 0;
	int rc = store_read(dir, INSTANCES_FILE, &text, &len, INSTANCES_MAX_FILE);

	if (rc == -ENOENT) {
		rc = 0;
		len = 0;
	}
	if (rc == 0)
		rc = pluginio_parse(text ? text : "", len, line_cb, p, &bad);
	p->bad += bad;
	if (rc == 0 && p->bad)
		log_warn("instances: %s/%s: %zu bad lines dropped", dir, INSTANCES_FILE, p->bad);
	if (rc != 0)
		log_err("instances: cannot read %s/%s: %s", dir, INSTANCES_FILE, strerror(-rc));
	free(text);
	return rc;
}

static int pass_save(const char *dir, struct pass *p)
{
	int rc = xbuf_error(&p->out);

	if (rc == -E2BIG)
		rc = -EFBIG;
	if (rc == 0)
		rc = store_write(dir, INSTANCES_FILE, p->out.data ? p->out.data : "", p->out.len);
	if (rc != 0)
		log_err("instances: cannot save %s/%s: %s", dir, INSTANCES_FILE, strerror(-rc));
	return rc;
}

int instances_next(const char *dir, const char *table, uint32_t highest, uint32_t *out)
{
	struct pass p = { .table = table, .copy = true };
	char num[16];
	uint32_t n;
	int rc;

	if (!dir || !path_ok(table) || !out)
		return -EINVAL;
	xbuf_init(&p.out, INSTANCES_MAX_FILE);
	rc = pass_run(dir, &p);
	n = p.counter > highest ? p.counter : highest;
	if (rc == 0 && n == UINT32_MAX)
		rc = -ERANGE;
	if (rc == 0) {
		n++;
		snprintf(num, sizeof(num), "%lu", (unsigned long)n);
		pluginio_write(&p.out, table, num);
		rc = pass_save(dir, &p);
	}
	if (rc == 0)
		*out = n;
	xbuf_fini(&p.out);
	return rc;
}

int instances_reserve(const char *dir, const char *table, uint32_t n)
{
	struct pass p = { .table = table, .copy = true };
	char num[16];
	int rc;

	if (!dir || !path_ok(table))
		return -EINVAL;
	xbuf_init(&p.out, INSTANCES_MAX_FILE);
	rc = pass_run(dir, &p);
	if (rc == 0 && p.counter < n) {
		snprintf(num, sizeof(num), "%lu", (unsigned long)n);
		pluginio_write(&p.out, table, num);
		rc = pass_save(dir, &p);
	}
	xbuf_fini(&p.out);
	return rc;
}

int instances_get(const char *dir, const char *table, uint32_t *out)
{
	struct pass p = { .table = table };
	int rc;

	if (!dir || !path_ok(table) || !out)
		return -EINVAL;
	rc = pass_run(dir, &p);
	if (rc == 0)
		*out = p.counter;
	return rc;
}

int instances_forget(const char *dir, const char *instance)
{
	struct pass p = { .forget = instance, .copy = true };
	int rc;

	if (!dir || !path_ok(instance))
		return -EINVAL;
	p.forget_len = strlen(instance);
	xbuf_init(&p.out, INSTANCES_MAX_FILE);
	rc = pass_run(dir, &p);
	if (rc == 0 && (p.dropped || p.bad))
		rc = pass_save(dir, &p);
	xbuf_fini(&p.out);
	return rc;
}

long instances_table_node(const char *path, unsigned platform)
{
	size_t len = path ? strlen(path) : 0;
	long node = len ? dm_plugin_schema_node(path) : -1;

	if (len == 0 || path[len - 1] != '.' || node <= 0)
		return -1;
	if (!(dm_schema[node].flags & DM_F_TABLE) || !dm_node_writable(&dm_schema[node], platform) ||
	    dm_plugin_of((uint32_t)node) == 0)
		return -1;
	return node;
}

/* The highest instance of each table that takes AddObject, as the walk
 * finds them (instances of one table come together). */
struct seen {
	const char *dir;
	char table[PLUGINIO_MAX_PATH + 1];
	uint32_t highest;
	int rc;
};

static void seen_flush(struct seen *s)
{
	uint32_t stored;

	if (!s->table[0] || s->highest == 0)
		return;
	if (instances_get(s->dir, s->table, &stored) == 0 && stored >= s->highest)
		return;
	if (s->rc == 0)
		s->rc = instances_reserve(s->dir, s->table, s->highest);
}

static int seen_cb(void *ctx, const struct dm_tree_item *it)
{
	struct seen *s = ctx;
	size_t tl;
	unsigned long n;

	if (it->kind != DM_TREE_INSTANCE || !(it->node->flags & DM_F_WRITABLE) ||
	    it->path_len < 2)
		return 0;
	for (tl = it->path_len - 1; tl > 0 && it->path[tl - 1] != '.'; tl--)
		;
	if (tl >= sizeof(s->table))
		return 0;
	if (strncmp(s->table, it->path, tl) != 0 || s->table[tl] != '\0') {
		seen_flush(s);
		memcpy(s->table, it->path, tl);
		s->table[tl] = '\0';
		s->highest = 0;
	}
	n = strtoul(it->path + tl, NULL, 10);
	if (n > s->highest && n <= UINT32_MAX)
		s->highest = (uint32_t)n;
	return 0;
}

int instances_reserve_seen(const char *dir, const struct dm_tree *t)
{
	struct seen s = { .dir = dir };
	int rc;

	if (!dir || !t)
		return -EINVAL;
	rc = dm_tree_walk(t, "Device.", DM_WALK_OBJECTS, seen_cb, &s);
	seen_flush(&s);
	if (rc == 0)
		rc = s.rc;
	if (rc != 0)
		log_err("instances: cannot keep the numbers seen: %s", strerror(-rc));
	return rc;
}
