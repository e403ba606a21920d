/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watch set of value-change notifications (notify_set.h): a sorted
 * array of the watched parameters with the value last reported, a change
 * waiting for an Inform and the change in flight; and the throttle
 * arithmetic. Pure bookkeeping, no I/O.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify_set.h"
#include "pluginio.h"
#include "xbuf.h"

/* ---- the watch set -------------------------------------------------------- */

struct watch {
	char *path;             /* owned */
	char *reported;         /* owned: last reported or set by the ACS */
	char *pending;          /* owned or NULL: a change waiting for an Inform */
	char *inflight;         /* owned or NULL: the change in the Inform in flight */
	const char *type;       /* static */
	uint16_t src;
	bool active, forced, boolean;
	bool seen;              /* in the running poll */
	bool rebase;            /* set by the ACS: take the next value read */
};

struct notify_set {
	struct watch *v;        /* sorted by strcmp of path */
	size_t n, cap;
	bool dirty;             /* the file text changed since the last save */
};

struct notify_set *notify_set_new(void)
{
	return calloc(1, sizeof(struct notify_set));
}

static void watch_fini(struct watch *w)
{
	free(w->path);
	free(w->reported);
	free(w->pending);
	free(w->inflight);
}

void notify_set_free(struct notify_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		watch_fini(&s->v[i]);
	free(s->v);
	free(s);
}

size_t notify_set_count(const struct notify_set *s)
{
	return s ? s->n : 0;
}

bool notify_set_dirty(const struct notify_set *s)
{
	return s->dirty;
}

void notify_set_saved(struct notify_set *s)
{
	s->dirty = false;
}

/* Index of path, or -1 with *ins where it would go. */
static long find(const struct notify_set *s, const char *path, size_t *ins)
{
	size_t lo = 0, hi = s->n;
	long found = -1;

	while (lo < hi && found < 0) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid].path, path);

		if (c == 0)
			found = (long)mid;
		else if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*ins = lo;
	return found;
}

/* A new entry for path at i with reported value value. 0, -E2BIG, -ENOMEM. */
static int insert_at(struct notify_set *s, size_t i, const char *path, const char *value)
{
	struct watch w = { 0 };

	if (s->n >= NOTIFY_WATCH_MAX)
		return -E2BIG;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct watch *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	w.path = strdup(path);
	w.reported = strdup(value);
	w.type = "xsd:string";
	if (!w.path || !w.reported) {
		watch_fini(&w);
		return -ENOMEM;
	}
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i] = w;
	s->n++;
	s->dirty = true;
	return 0;
}

struct parse_ctx {
	struct notify_set *s;
	uint16_t (*src_of)(void *ctx, const char *path);
	void *ctx;
};

static int parse_cb(void *ctx, const char *path, const char *value)
{
	struct parse_ctx *p = ctx;
	size_t ins;
	int rc;

	if (find(p->s, path, &ins) >= 0)
		return 0;               /* the first line wins */
	rc = insert_at(p->s, ins, path, value);
	if (rc == 0 && p->src_of)
		p->s->v[ins].src = p->src_of(p->ctx, path);
	return rc == -ENOMEM ? -ENOMEM : 0;
}

int notify_set_parse(struct notify_set *s, const char *buf, size_t len, size_t *bad,
		     uint16_t (*src_of)(void *ctx, const char *path), void *ctx)
{
	struct parse_ctx p = { s, src_of, ctx };
	int rc = pluginio_parse(buf, len, parse_cb, &p, bad);

	s->dirty = false;
	return rc;
}

void notify_set_format(const struct notify_set *s, struct xbuf *b)
{
	for (size_t i = 0; i < s->n; i++)
		pluginio_write(b, s->v[i].path, s->v[i].reported);
}

void notify_set_begin(struct notify_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->v[i].seen = false;
}

static const char *bool_canon(const char *v)
{
	if (strcmp(v, "1") == 0)
		return "true";
	if (strcmp(v, "0") == 0)
		return "false";
	return v;
}

static bool same(const struct watch *w, const char *a, const char *b)
{
	if (w->boolean)
		return strcmp(bool_canon(a), bool_canon(b)) == 0;
	return strcmp(a, b) == 0;
}

/* Replace *slot (owned) by a copy of value. 0 or -ENOMEM. */
static int replace(char **slot, const char *value)
{
	char *c = strdup(value);

	if (!c)
		return -ENOMEM;
	free(*slot);
	*slot = c;
	return 0;
}

/* Compare value with what w holds; see notify_set_observe. */
static int compare(struct notify_set *s, struct watch *w, const char *value)
{
	int rc;

	if (w->rebase || (w->inflight == NULL && same(w, value, w->reported))) {
		if (w->rebase && strcmp(value, w->reported) != 0) {
			rc = replace(&w->reported, value);
			if (rc != 0)
				return rc;
			s->dirty = true;
		}
		w->rebase = false;
		free(w->pending);
		w->pending = NULL;
		return 0;
	}
	if (w->inflight || (w->pending && same(w, value, w->pending)))
		return 0;               /* in flight: read again after the session */
	rc = replace(&w->pending, value);
	return rc != 0 ? rc : 1;
}

int notify_set_observe(struct notify_set *s, const struct notify_obs *o)
{
	size_t ins;
	long i = find(s, o->path, &ins);
	struct watch *w;
	int rc = 0;

	if (!o->value) {                /* not valid: held as it is */
		if (i >= 0)
			s->v[i].seen = true;
		return 0;
	}
	if (i < 0) {
		rc = insert_at(s, ins, o->path, o->value);
		i = (long)ins;
	}
	if (rc != 0)
		return rc;
	w = &s->v[i];
	w->type = o->type ? o->type : "xsd:string";
	w->src = o->src;
	w->active = o->active;
	w->forced = o->forced;
	w->boolean = o->boolean;
	w->seen = true;
	return compare(s, w, o->value);
}

void notify_set_sweep(struct notify_set *s, bool (*keep_cb)(void *ctx, uint16_t src), void *ctx)
{
	size_t j = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct watch *w = &s->v[i];

		if (w->seen || w->inflight || keep_cb(ctx, w->src)) {
			s->v[j++] = *w;
			continue;
		}
		watch_fini(w);
		s->dirty = true;
	}
	s->n = j;
}

size_t notify_set_pending(const struct notify_set *s, bool *active)
{
	size_t n = 0;
	bool act = false;

	for (size_t i = 0; i < s->n; i++) {
		if (!s->v[i].pending && !s->v[i].inflight)
			continue;
		n++;
		act |= s->v[i].active;
	}
	if (active)
		*active = act;
	return n;
}

size_t notify_set_inform(struct notify_set *s, struct param_value *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct watch *w = &s->v[i];
		bool room = w->forced || n < max;

		if (w->pending && !w->inflight && room) {
			w->inflight = w->pending;
			w->pending = NULL;
		}
		if (w->inflight && !w->forced && n < max)
			out[n++] = (struct param_value){ w->path, w->inflight, w->type };
	}
	return n;
}

void notify_set_done(struct notify_set *s, bool ok)
{
	for (size_t i = 0; i < s->n; i++) {
		struct watch *w = &s->v[i];

		if (!w->inflight)
			continue;
		if (ok && !w->rebase) {
			free(w->reported);
			w->reported = w->inflight;
			s->dirty = true;
		} else if (!ok && !w->rebase && !w->pending) {
			w->pending = w->inflight;
		} else {
			free(w->inflight);
		}
		w->inflight = NULL;
	}
}

void notify_set_discard(struct notify_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct watch *w = &s->v[i];

		if (!w->pending)
			continue;
		free(w->reported);
		w->reported = w->pending;
		w->pending = NULL;
		s->dirty = true;
	}
}

int notify_set_acs(struct notify_set *s, const char *path, const char *value)
{
	size_t ins;
	long i = find(s, path, &ins);
	struct watch *w;

	if (i < 0)
		return 0;
	w = &s->v[i];
	if (strcmp(w->reported, value) != 0) {
		if (replace(&w->reported, value) != 0)
			return -ENOMEM;
		s->dirty = true;
	}
	free(w->pending);
	w->pending = NULL;
	w->rebase = true;
	return 0;
}

int64_t notify_throttle_wait_ms(int64_t now_ms, int64_t last_end_ms, unsigned throttle_s)
{
	int64_t due = last_end_ms + (int64_t)throttle_s * 1000;

	if (last_end_ms < 0 || throttle_s == 0 || now_ms >= due)
		return 0;
	return due - now_ms;
}

