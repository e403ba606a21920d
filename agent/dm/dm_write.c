/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A write through the plugins, all or nothing. The steps run one at a time
 * from the plugin callbacks; a plugin's first step is preceded by "revert"
 * (a clean stage). Then either "apply" for every plugin touched, or
 * "revert" for every plugin touched, and the caller's callback. Each pass
 * of reverts or applies collects the units the plugins did (dm_units.h)
 * and gives them to the next plugin of the pass; units an apply deferred
 * go to the dm_deferred of the data model's env.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_cache.h"
#include "dm_deferred.h"
#include "dm_plugin.h"
#include "dm_units.h"
#include "dm_write.h"
#include "log.h"
#include "plugin.h"
#include "schema.h"

#define STEPS_MAX 64

enum write_phase {
	WRITE_STEPS,       /* pre-reverts and steps */
	WRITE_APPLY,
	WRITE_ROLLBACK,
};

struct write_step {
	uint16_t idx;
	char *args[4];         /* verb, arg1, arg2, NULL */
	char *input;
	size_t input_len;
};

struct dm_write {
	struct dm_cache *c;           /* the data model it writes */
	struct write_step steps[STEPS_MAX];
	size_t n;
	uint16_t touched[STEPS_MAX];  /* plugins in the order first touched */
	size_t n_touched;
	enum write_phase phase;
	bool critical;                /* applying: busy_enter was called */
	size_t cur;                   /* step, or index into touched */
	bool reverted;                /* the current step's plugin got its pre-revert */
	struct dm_units units;        /* done in this pass of reverts or applies */
	struct plugin_call *call;
	struct dm_write_result res;
	char *fail_out;               /* the failing step's stdout */
	dm_write_done_cb done;
	void *ctx;
	int (*before_apply)(void *ctx);
	void *before_ctx;
};

static void next(struct dm_write *w);

struct dm_write *dm_write_new(struct dm_cache *c)
{
	struct dm_write *w = c ? calloc(1, sizeof(*w)) : NULL;

	if (w) {
		w->c = c;
		dm_units_init(&w->units);
	}
	return w;
}

void dm_write_free(struct dm_write *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		for (size_t j = 0; w->steps[i].args[j]; j++)
			free(w->steps[i].args[j]);
		free(w->steps[i].input);
	}
	free(w->fail_out);
	dm_units_fini(&w->units);
	free(w);
}

static char *dup_or_null(const char *s, bool *bad)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*bad = true;
	return d;
}

int dm_write_add(struct dm_write *w, uint16_t idx, const char *verb, const char *arg1,
		 const char *arg2, const char *input, size_t input_len)
{
	struct write_step *s;
	bool bad = false;

	if (!w || !verb || idx == 0 || idx >= dm_plugins_len || (arg2 && !arg1) ||
	    (input_len && !input))
		return -EINVAL;
	if (w->n == STEPS_MAX)
		return -ENOMEM;
	s = &w->steps[w->n];
	memset(s, 0, sizeof(*s));
	s->idx = idx;
	s->args[0] = dup_or_null(verb, &bad);
	s->args[1] = dup_or_null(arg1, &bad);
	s->args[2] = s->args[1] ? dup_or_null(arg2, &bad) : NULL;
	if (input_len) {
		s->input = malloc(input_len);
		if (s->input)
			memcpy(s->input, input, input_len);
		else
			bad = true;
		s->input_len = input_len;
	}
	w->n++;                       /* freed by dm_write_free even when bad */
	if (bad) {
		w->n--;
		for (size_t j = 0; j < 3; j++)
			free(s->args[j]);
		free(s->input);
		return -ENOMEM;
	}
	return 0;
}

static bool touched(const struct dm_write *w, uint16_t idx)
{
	for (size_t i = 0; i < w->n_touched; i++)
		if (w->touched[i] == idx)
			return true;
	return false;
}

static void finish(struct dm_write *w)
{
	dm_write_done_cb done = w->done;
	void *ctx = w->ctx;

	dm_cache_set_writing(w->c, NULL);
	if (w->res.err == 0 || w->phase == WRITE_APPLY)
		for (size_t i = 0; i < w->n_touched; i++)
			dm_cache_invalidate(w->c, w->touched[i]);
	struct busy *b = dm_cache_env(w->c)->busy;
	bool critical = w->critical;

	w->res.applied = w->res.err != 0 && w->phase == WRITE_APPLY;
	w->res.out = w->fail_out ? w->fail_out : "";
	done(ctx, &w->res);
	dm_write_free(w);
	if (critical)
		busy_leave(b);          /* a shutdown may be waiting for this */
}

/* "plugin NAME VERB: what happened" into w->res.why (the first failure
 * only) and the log at level lvl. */
static void say_why(struct dm_write *w, enum log_level lvl, uint16_t idx, const char *verb,
		    const struct plugin_result *r)
{
	char how[PLUGIN_RESULT_STR_MAX], why[DM_WRITE_WHY_MAX];

	snprintf(why, sizeof(why), "plugin %s %s: %s", dm_plugins[idx], verb,
		 r ? plugin_result_str(r, how, sizeof(how)) : "cannot run it");
	log_msg(lvl, "dm: %s%s", why, w->phase == WRITE_APPLY ? "; earlier applies stay" : "");
	if (!w->res.why[0])
		memcpy(w->res.why, why, sizeof(why));
}

/* A step or pre-revert failed: keep what it said, revert everything. */
static void fail(struct dm_write *w, int err, const struct plugin_result *r)
{
	w->res.err = err;
	w->res.step = w->cur;
	if (r && r->out_len) {
		w->fail_out = malloc(r->out_len + 1);
		if (w->fail_out) {
			memcpy(w->fail_out, r->out, r->out_len);
			w->fail_out[r->out_len] = '\0';
			w->res.out_len = r->out_len;
		}
	}
	w->phase = WRITE_ROLLBACK;
	w->cur = 0;
	dm_units_reset(&w->units);
	next(w);
}

/* The plugin whose apply printed unit "deferred": the unit waits for the
 * session's end. */
static void deferred_cb(void *ctx, const char *unit)
{
	struct dm_write *w = ctx;
	uint16_t idx = w->touched[w->cur];
	int rc = dm_deferred_add(dm_cache_env(w->c)->deferred, idx, unit);

	w->res.deferred = true;
	if (rc != 0)
		log_err("dm: plugin %s deferred %s, which cannot wait (%s): committed, in "
			"effect at its next reload or boot", dm_plugins[idx], unit, strerror(-rc));
}

/* What a revert or an apply did, for the next plugin of the pass. */
static void take_units(struct dm_write *w, uint16_t idx, const struct plugin_result *r)
{
	if (r->err == 0 && dm_units_take(&w->units, r->out, r->out_len,
					 w->phase == WRITE_APPLY ? deferred_cb : NULL, w) != 0)
		log_warn("dm: plugin %s: its units were not kept", dm_plugins[idx]);
}

static void call_done_cb(void *ctx, const struct plugin_result *r)
{
	struct dm_write *w = ctx;
	bool ok = r->err == 0 && r->exit_code == 0;

	w->call = NULL;
	if (w->phase != WRITE_STEPS)
		take_units(w, w->touched[w->cur], r);
	else if (!w->reverted)
		take_units(w, w->steps[w->cur].idx, r);
	switch (w->phase) {
	case WRITE_STEPS:
		if (!ok) {
			say_why(w, LOG_LVL_WARN, w->steps[w->cur].idx,
				w->reverted ? w->steps[w->cur].args[0] : "revert", r);
			fail(w, r->err == 0 && r->exit_code == 1 && w->reverted ? -EPERM : -EIO, r);
			return;
		}
		if (w->reverted)
			w->cur++;
		else
			w->reverted = true;
		break;
	case WRITE_APPLY:
		if (!ok) {
			say_why(w, LOG_LVL_ERR, w->touched[w->cur], "apply", r);
			w->res.err = -EIO;
		}
		w->cur++;
		break;
	case WRITE_ROLLBACK:
		if (!ok)
			say_why(w, LOG_LVL_ERR, w->touched[w->cur], "revert", r);
		w->cur++;
		break;
	}
	next(w);
}

static int run(struct dm_write *w, uint16_t idx, const char *const *args, const char *in,
	       size_t in_len)
{
	return dm_plugin_run(dm_cache_env(w->c)->platform, idx, args, in, in_len, call_done_cb, w, &w->call);
}

/* Start the next plugin call; finish when none is left. 0 or -errno. */
static int step(struct dm_write *w)
{
	static const char *const revert[] = { "revert", NULL };
	static const char *const apply[] = { "apply", NULL };
	struct write_step *s;

	if (w->phase == WRITE_STEPS && w->cur == w->n) {
		int rc = w->before_apply ? w->before_apply(w->before_ctx) : 0;

		w->phase = rc ? WRITE_ROLLBACK : WRITE_APPLY;
		if (rc)
			snprintf(w->res.why, sizeof(w->res.why), "before the apply: %s",
				 strerror(-rc));
		if (w->phase == WRITE_APPLY && !w->critical) {
			w->critical = true;     /* never cut short: finish */
			busy_enter(dm_cache_env(w->c)->busy);
		}
		w->res.err = rc;
		w->res.step = w->n;
		w->cur = 0;
		dm_units_reset(&w->units);
	}
	if (w->phase != WRITE_STEPS) {
		if (w->cur == w->n_touched)
			return 1;
		return run(w, w->touched[w->cur], w->phase == WRITE_APPLY ? apply : revert,
			   w->units.lines.data, w->units.lines.len);
	}
	s = &w->steps[w->cur];
	if (!touched(w, s->idx)) {
		w->touched[w->n_touched++] = s->idx;
		w->reverted = false;
		return run(w, s->idx, revert, w->units.lines.data, w->units.lines.len);
	}
	w->reverted = true;
	return run(w, s->idx, (const char *const *)s->args, s->input, s->input_len);
}

static void next(struct dm_write *w)
{
	int rc = step(w);

	if (rc == 1) {
		finish(w);
	} else if (rc != 0) {
		if (w->phase == WRITE_STEPS) {
			say_why(w, LOG_LVL_WARN, w->steps[w->cur].idx,
				w->reverted ? w->steps[w->cur].args[0] : "revert", NULL);
			fail(w, -EIO, NULL);
		} else {
			say_why(w, LOG_LVL_ERR, w->touched[w->cur],
				w->phase == WRITE_APPLY ? "apply" : "revert", NULL);
			w->res.err = -EIO;
			w->cur++;
			next(w);
		}
	}
}

int dm_write_run(struct dm_write *w, dm_write_done_cb done, void *ctx)
{
	int rc;

	if (!w)
		return -EINVAL;
	if (w->n == 0 || !done || dm_cache_writing(w->c)) {
		rc = w->n == 0 || !done ? -EINVAL : -EBUSY;
		dm_write_free(w);
		return rc;
	}
	w->done = done;
	w->ctx = ctx;
	w->phase = WRITE_STEPS;
	rc = step(w);
	if (rc != 0) {
		dm_write_free(w);
		return rc < 0 ? rc : -EINVAL;
	}
	dm_cache_set_writing(w->c, w);
	return 0;
}

void dm_write_before_apply(struct dm_write *w, int (*cb)(void *ctx), void *ctx)
{
	if (!w)
		return;
	w->before_apply = cb;
	w->before_ctx = ctx;
}

void dm_write_cancel(struct dm_write *w)
{
	if (!w)
		return;
	plugin_cancel(w->call);
	w->call = NULL;
	w->res.err = -ECANCELED;
	snprintf(w->res.why, sizeof(w->res.why), "cancelled (the session ended)");
	w->phase = WRITE_ROLLBACK;     /* nothing applied: the cache keeps its state */
	finish(w);
}
