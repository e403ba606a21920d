/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The attribute store (attrs.h): a small array of entries sorted by path,
 * searched by binary search. A parameter's attribute is found by looking up
 * the parameter's own path, then each shorter prefix ending in '.', so a
 * lookup costs a handful of searches whatever the number of entries.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrs.h"
#include "log.h"
#include "pluginio.h"
#include "store.h"
#include "xbuf.h"

#define UNSET ATTRS_UNSET
#define ROOT "Device."
#define NEVER (-2)   /* an inherited value no setting equals */

enum which { W_NOTIFY, W_ACCESS };

struct attr_entry {
	char *path;             /* owned */
	signed char notify;     /* 0..ATTRS_NOTIFY_MAX, or UNSET */
	signed char access;     /* ATTRS_ACCESS_* bits, or UNSET */
};

struct attrs {
	struct attr_entry *v;   /* sorted by strcmp of path */
	size_t n, cap;
};

/* AccessList names by bit number. */
static const char *const access_names[] = { ATTRS_SUBSCRIBER };
#define N_ACCESS (sizeof(access_names) / sizeof(access_names[0]))

struct attrs *attrs_new(void)
{
	return calloc(1, sizeof(struct attrs));
}

void attrs_free(struct attrs *at)
{
	if (!at)
		return;
	for (size_t i = 0; i < at->n; i++)
		free(at->v[i].path);
	free(at->v);
	free(at);
}

size_t attrs_count(const struct attrs *at)
{
	return at ? at->n : 0;
}

static int field(const struct attr_entry *e, enum which w)
{
	return w == W_NOTIFY ? e->notify : e->access;
}

static void field_set(struct attr_entry *e, enum which w, int value)
{
	if (w == W_NOTIFY)
		e->notify = (signed char)value;
	else
		e->access = (signed char)value;
}

static bool is_partial(const char *path)
{
	size_t len = strlen(path);

	return len == 0 || path[len - 1] == '.';
}

/* The root "" is kept as "Device." (pluginio has no empty paths). */
static const char *norm(const char *path)
{
	return *path ? path : ROOT;
}

/* Stored path e against the first len bytes of p, in strcmp order. */
static int keycmp(const char *e, const char *p, size_t len)
{
	int c = strncmp(e, p, len);

	return c ? c : e[len] != '\0';
}

/* Index of the entry for p[0..len), or -1 with *ins (may be NULL) where it
 * would go. */
static long find(const struct attrs *at, const char *p, size_t len, size_t *ins)
{
	size_t lo = 0, hi = at->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = keycmp(at->v[mid].path, p, len);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (ins)
		*ins = lo;
	return -1;
}

/* Length of the longest prefix of path[0..len) that is shorter and ends in
 * '.'; 0 when there is none. */
static size_t parent_len(const char *path, size_t len)
{
	if (len == 0)
		return 0;
	do
		len--;
	while (len > 0 && path[len - 1] != '.');
	return len;
}

/* The entry setting attribute w for path[0..len): that path itself, else
 * the nearest object above it. NULL when none. */
static const struct attr_entry *nearest(const struct attrs *at, const char *path, size_t len,
					enum which w)
{
	while (at && len > 0) {
		long i = find(at, path, len, NULL);

		if (i >= 0 && field(&at->v[i], w) != UNSET)
			return &at->v[i];
		len = parent_len(path, len);
	}
	return NULL;
}

static int notify_default(const struct dm_node *node)
{
	if (node && (node->notify == DM_N_FORCE_ENABLED ||
		     node->notify == DM_N_FORCE_DEFAULT_ENABLED))
		return 2;
	return 0;
}

int attrs_notification(const struct attrs *at, const char *path, const struct dm_node *node)
{
	const struct attr_entry *e = NULL;

	if (node && node->notify == DM_N_FORCE_ENABLED)
		return 2;
	if (path)
		e = nearest(at, path, strlen(path), W_NOTIFY);
	return e ? e->notify : notify_default(node);
}

unsigned attrs_access(const struct attrs *at, const char *path)
{
	const struct attr_entry *e = path ? nearest(at, path, strlen(path), W_ACCESS) : NULL;

	return e ? (unsigned)e->access : 0;
}

static void remove_at(struct attrs *at, size_t i)
{
	free(at->v[i].path);
	memmove(&at->v[i], &at->v[i + 1], (at->n - i - 1) * sizeof(*at->v));
	at->n--;
}

static int insert_at(struct attrs *at, size_t i, const char *path)
{
	char *p;

	if (at->n >= ATTRS_MAX_ENTRIES)
		return -E2BIG;
	if (at->n == at->cap) {
		size_t cap = at->cap ? at->cap * 2 : 16;
		struct attr_entry *v = realloc(at->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		at->v = v;
		at->cap = cap;
	}
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	memmove(&at->v[i + 1], &at->v[i], (at->n - i) * sizeof(*at->v));
	at->v[i] = (struct attr_entry){ p, UNSET, UNSET };
	at->n++;
	return 0;
}

/* Set attribute w of the entry for path to value (UNSET: clear it; an
 * entry left with nothing goes). 0, -E2BIG, -ENOMEM. */
static int put(struct attrs *at, const char *path, enum which w, int value)
{
	size_t ins = 0;
	long i = find(at, path, strlen(path), &ins);
	int rc;

	if (i < 0) {
		if (value == UNSET)
			return 0;
		rc = insert_at(at, ins, path);
		if (rc < 0)
			return rc;
		i = (long)ins;
	}
	field_set(&at->v[i], w, value);
	if (at->v[i].notify == UNSET && at->v[i].access == UNSET)
		remove_at(at, (size_t)i);
	return 0;
}

/* Clear attribute w of every entry strictly below the partial path. */
static void clear_below(struct attrs *at, const char *path, enum which w)
{
	size_t len = strlen(path), j = 0;

	for (size_t i = 0; i < at->n; i++) {
		struct attr_entry *e = &at->v[i];

		if (strncmp(e->path, path, len) == 0 && e->path[len] != '\0')
			field_set(e, w, UNSET);
		if (e->notify == UNSET && e->access == UNSET)
			free(e->path);
		else
			at->v[j++] = *e;
	}
	at->n = j;
}

/* Set attribute w of path; dflt is what a parameter reads with nothing
 * stored (NEVER for a partial path). */
static int set(struct attrs *at, const char *path, enum which w, int value, int dflt)
{
	const struct attr_entry *up;
	size_t len;

	if (!at || !path)
		return -EINVAL;
	path = norm(path);
	len = strlen(path);
	if (len > PLUGINIO_MAX_PATH)
		return -ENAMETOOLONG;
	if (is_partial(path))
		clear_below(at, path, w);
	up = nearest(at, path, parent_len(path, len), w);
	if (up)
		dflt = field(up, w);
	return put(at, path, w, value == dflt ? UNSET : value);
}

int attrs_set_notification(struct attrs *at, const char *path, int value,
			   const struct dm_node *node)
{
	if (value < 0 || value > ATTRS_NOTIFY_MAX)
		return -EINVAL;
	if (path && is_partial(path))
		return set(at, path, W_NOTIFY, value, NEVER);
	return set(at, path, W_NOTIFY, value, notify_default(node));
}

int attrs_set_access(struct attrs *at, const char *path, unsigned access)
{
	if (access >= 1u << N_ACCESS)
		return -EINVAL;
	return set(at, path, W_ACCESS, (int)access, 0);
}

int attrs_forget(struct attrs *at, const char *prefix)
{
	size_t len, j = 0;
	bool partial;
	int gone = 0;

	if (!at || !prefix)
		return 0;
	prefix = norm(prefix);
	len = strlen(prefix);
	partial = is_partial(prefix);
	for (size_t i = 0; i < at->n; i++) {
		struct attr_entry *e = &at->v[i];
		bool hit = partial ? strncmp(e->path, prefix, len) == 0
				   : strcmp(e->path, prefix) == 0;

		if (hit) {
			free(e->path);
			gone++;
		} else {
			at->v[j++] = *e;
		}
	}
	at->n = j;
	return gone;
}

/* ---- the file ---- */

/* A comma-separated AccessList ("" = empty) into bits: 0 or -EINVAL. */
static int access_parse(const char *s, int *out)
{
	unsigned bits = 0;

	while (*s) {
		size_t len = strcspn(s, ","), k;

		for (k = 0; k < N_ACCESS; k++)
			if (strlen(access_names[k]) == len && strncmp(s, access_names[k], len) == 0)
				break;
		if (k == N_ACCESS)
			return -EINVAL;
		bits |= 1u << k;
		s += len;
		if (*s == ',' && *++s == '\0')
			return -EINVAL;
	}
	*out = (int)bits;
	return 0;
}

/* "N" or "N;LIST" (see attrs.h) into *notify and *access: 0 or -EINVAL. */
static int value_parse(const char *s, int *notify, int *access)
{
	*notify = *access = UNSET;
	if (s[0] == '\0' || (s[1] != '\0' && s[1] != ';'))
		return -EINVAL;
	if (s[0] >= '0' && s[0] <= '0' + ATTRS_NOTIFY_MAX)
		*notify = s[0] - '0';
	else if (s[0] != '-')
		return -EINVAL;
	if (s[1] == ';' && access_parse(s + 2, access) != 0)
		return -EINVAL;
	return *notify == UNSET && *access == UNSET ? -EINVAL : 0;
}

struct parse_ctx {
	struct attrs *at;
	size_t bad;
};

static int line_cb(void *ctx, const char *path, const char *value)
{
	struct parse_ctx *pc = ctx;
	int notify, access, rc = 0;

	if (strncmp(path, ROOT, strlen(ROOT)) != 0 || value_parse(value, &notify, &access) != 0) {
		pc->bad++;
		return 0;
	}
	if (notify != UNSET)
		rc = put(pc->at, path, W_NOTIFY, notify);
	if (rc == 0 && access != UNSET)
		rc = put(pc->at, path, W_ACCESS, access);
	if (rc == -E2BIG) {
		pc->bad++;
		rc = 0;
	}
	return rc;
}

int attrs_parse(const char *buf, size_t len, struct attrs **out, size_t *bad)
{
	struct parse_ctx pc = { attrs_new(), 0 };
	size_t bad_lines = 0;
	int rc = pc.at ? pluginio_parse(buf, len, line_cb, &pc, &bad_lines) : -ENOMEM;

	if (rc != 0) {
		attrs_free(pc.at);
		pc.at = NULL;
	}
	if (bad)
		*bad = bad_lines + pc.bad;
	*out = pc.at;
	return rc;
}

int attrs_load(const char *dir, struct attrs **out)
{
	char *buf = NULL;
	size_t len = 0, bad = 0;
	int rc;

	*out = NULL;
	if (!dir)
		return -EINVAL;
	rc = store_read(dir, ATTRS_FILE, &buf, &len, STORE_MAX_FILE);
	if (rc == -ENOENT) {
		*out = attrs_new();
		return *out ? 0 : -ENOMEM;
	}
	if (rc == 0)
		rc = attrs_parse(buf, len, out, &bad);
	if (rc == 0 && bad > 0)
		log_warn("attrs: %s/%s: %zu bad lines skipped", dir, ATTRS_FILE, bad);
	free(buf);
	return rc;
}

int attrs_each(const struct attrs *at, attrs_each_cb cb, void *ctx)
{
	int rc = 0;

	for (size_t i = 0; at && i < at->n && rc == 0; i++) {
		const struct attr_entry *e = &at->v[i];

		rc = cb(ctx, &(struct attrs_item){ e->path, e->notify, e->access });
	}
	return rc;
}

/* An entry's value field: at most "N;" and every name with its comma. */
static void value_format(const struct attrs_item *it, char *out, size_t size)
{
	size_t n = (size_t)snprintf(out, size, "%c",
				    it->notification == UNSET ? '-' : '0' + it->notification);
	const char *sep = ";";

	if (it->access == UNSET)
		return;
	if (it->access == 0)
		n += (size_t)snprintf(out + n, size - n, ";");
	for (size_t k = 0; k < N_ACCESS && n < size; k++) {
		if (!(it->access & (1 << k)))
			continue;
		n += (size_t)snprintf(out + n, size - n, "%s%s", sep, access_names[k]);
		sep = ",";
	}
}

static int format_cb(void *ctx, const struct attrs_item *it)
{
	char value[64];

	value_format(it, value, sizeof(value));
	pluginio_write(ctx, it->path, value);
	return 0;
}

void attrs_format(const struct attrs *at, struct xbuf *b)
{
	attrs_each(at, format_cb, b);
}

int attrs_save(const struct attrs *at, const char *dir)
{
	struct xbuf b;
	int rc;

	if (!at || !dir)
		return -EINVAL;
	xbuf_init(&b, STORE_MAX_FILE);
	attrs_format(at, &b);
	rc = xbuf_error(&b);
	if (rc == 0)
		rc = store_write(dir, ATTRS_FILE, b.data ? b.data : "", b.len);
	xbuf_fini(&b);
	return rc;
}
