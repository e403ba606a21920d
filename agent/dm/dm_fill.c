/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fill engine (dm_fill.h). When two or more plugins are wanted, they
 * first run in one batch (dm_batch.h: one process for all, instead of one
 * or more each), and each whole part with status 0 that loads is theirs.
 * Then, as without a batch, plugins are looked at in index order, those
 * not loaded yet run alone: up to `parallel` at once in slots, and each
 * output is loaded from its own callback, in whatever order they finish:
 * the tree sorts by schema, so the order does not show. A plugin the
 * batch could not serve thus fails, or not, exactly as it does alone. The end is reported from a zero-delay timer,
 * not from the last plugin's callback, so that callback's output (often
 * the biggest) is freed before the caller builds anything from the tree,
 * and the caller is never called back from inside its own call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_batch.h"
#include "dm_fill.h"
#include "dm_load.h"
#include "dm_plugin.h"
#include "log.h"
#include "plugin.h"
#include "schema.h"
#include "tree.h"

enum plugin_state { P_NONE, P_LOADED, P_FAILED };

/* One running "get". */
struct fill_slot {
	struct dm_fill *f;
	struct plugin_call *call;       /* NULL: the slot is free */
	uint16_t idx;
};

struct dm_fill {
	struct loop *loop;
	struct platform *platform;
	struct dm_tree *tree;
	unsigned char *state;           /* enum plugin_state, per plugin index */
	bool *want;                     /* the running fill's plugins */
	size_t next;                    /* next plugin index to look at */
	unsigned parallel;
	enum dm_fill_policy policy;
	struct fill_slot slots[DM_FILL_PARALLEL_MAX];
	size_t running;                 /* slots in use */
	struct plugin_call *batch_call; /* the running batch, or NULL */
	struct dm_batch batch;
	int err;                        /* the running fill's first error */
	struct loop_timer end_timer;    /* calls back once the last call is over */
	dm_fill_done_cb done;           /* non-NULL while a fill runs */
	void *ctx;
};

static void end_timer_cb(struct loop_timer *t);

struct dm_fill *dm_fill_new(struct loop *l, struct platform *p, struct dm_tree *tree)
{
	struct dm_fill *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->state = calloc(dm_plugins_len, sizeof(*f->state));
	f->want = calloc(dm_plugins_len, sizeof(*f->want));
	if (!f->state || !f->want) {
		free(f->state);
		free(f->want);
		free(f);
		return NULL;
	}
	for (size_t i = 0; i < DM_FILL_PARALLEL_MAX; i++)
		f->slots[i].f = f;
	f->loop = l;
	f->platform = p;
	f->tree = tree;
	f->end_timer.cb = end_timer_cb;
	return f;
}

/* Kill every call still running (their callbacks never run). */
static void kill_calls(struct dm_fill *f)
{
	plugin_cancel(f->batch_call);
	f->batch_call = NULL;
	for (size_t i = 0; i < DM_FILL_PARALLEL_MAX; i++) {
		plugin_cancel(f->slots[i].call);
		f->slots[i].call = NULL;
	}
	f->running = 0;
}

void dm_fill_cancel(struct dm_fill *f)
{
	loop_timer_cancel(f->loop, &f->end_timer);
	kill_calls(f);
	f->done = NULL;
}

void dm_fill_free(struct dm_fill *f)
{
	if (!f)
		return;
	dm_fill_cancel(f);
	free(f->state);
	free(f->want);
	free(f);
}

bool dm_fill_busy(const struct dm_fill *f)
{
	return f->done != NULL;
}

bool dm_fill_loaded(const struct dm_fill *f, uint16_t idx)
{
	return idx < dm_plugins_len && f->state[idx] == P_LOADED;
}

bool dm_fill_failed(const struct dm_fill *f, uint16_t idx)
{
	return idx < dm_plugins_len && f->state[idx] == P_FAILED;
}

void dm_fill_forget(struct dm_fill *f, uint16_t idx)
{
	char prefix[DM_TREE_PATH_MAX];

	if (idx == 0 || idx >= dm_plugins_len)
		return;
	if (f->done) {
		log_err("dm: forgetting plugin %s during a fill: ignored", dm_plugins[idx]);
		return;
	}
	if (f->state[idx] == P_LOADED && dm_plugin_prefix(idx, prefix, sizeof(prefix)) == 0)
		dm_tree_drop(f->tree, prefix);
	f->state[idx] = P_NONE;
}

/* The fill is over: call back. The callback may free f, so this is the
 * last thing done with it. */
static void end_timer_cb(struct loop_timer *t)
{
	struct dm_fill *f = container_of(t, struct dm_fill, end_timer);
	dm_fill_done_cb done = f->done;

	f->done = NULL;
	done(f->ctx, f->err);
}

/* Load plugin idx's get output into the tree: 0 or -EIO (logged, as a
 * warning when the plugin ran alone; what it loaded is dropped). */
static int load_output(struct dm_fill *f, uint16_t idx, const char *out, size_t len,
		       bool alone)
{
	const char *name = dm_plugins[idx];
	char prefix[DM_TREE_PATH_MAX], source[64];
	struct dm_tree_load_stats st = { 0, 0, 0 };

	if (dm_plugin_prefix(idx, prefix, sizeof(prefix)) != 0)
		return -EIO;
	snprintf(source, sizeof(source), "plugin %s", name);
	if (dm_load(f->tree, source, prefix, out, len, &st) != 0 || st.malformed) {
		if (alone)
			log_warn("dm: plugin %s: cannot load its output (%zu malformed lines)",
				 name, st.malformed);
		else
			log_info("dm: plugin %s: %zu malformed lines in the batch; it runs alone",
				 name, st.malformed);
		dm_tree_drop(f->tree, prefix);
		return -EIO;
	}
	return 0;
}

/* Load one plugin's own run: 0 or -EIO (logged). */
static int load_result(struct dm_fill *f, uint16_t idx, const struct plugin_result *r)
{
	char how[PLUGIN_RESULT_STR_MAX];

	if (r->err || r->exit_code != 0) {
		log_warn("dm: plugin %s get: %s", dm_plugins[idx],
			 plugin_result_str(r, how, sizeof(how)));
		return -EIO;
	}
	return load_output(f, idx, r->out, r->out_len, true);
}

static void settle(struct dm_fill *f, uint16_t idx, int rc)
{
	f->state[idx] = rc == 0 ? P_LOADED : P_FAILED;
	if (rc != 0 && f->err == 0)
		f->err = -EIO;
}

static bool fill_step(struct dm_fill *f);

static void get_done_cb(void *ctx, const struct plugin_result *r)
{
	struct fill_slot *s = ctx;
	struct dm_fill *f = s->f;

	s->call = NULL;
	f->running--;
	settle(f, s->idx, load_result(f, s->idx, r));
	if (fill_step(f)) {
		kill_calls(f);          /* after an error: the others are not needed */
		loop_timer_set(f->loop, &f->end_timer, 0);
	}
}

static struct fill_slot *slot_free(struct dm_fill *f)
{
	for (size_t i = 0; i < DM_FILL_PARALLEL_MAX; i++)
		if (!f->slots[i].call)
			return &f->slots[i];
	return NULL;
}

static int run_get(struct dm_fill *f, uint16_t idx)
{
	char prefix[DM_TREE_PATH_MAX];
	const char *args[] = { "get", prefix, NULL };
	struct fill_slot *s = slot_free(f);
	int rc = dm_plugin_prefix(idx, prefix, sizeof(prefix));

	s->idx = idx;
	if (rc == 0)
		rc = dm_plugin_run(f->platform, idx, args, NULL, 0, get_done_cb, s, &s->call);
	if (rc == 0)
		f->running++;
	else
		log_warn("dm: plugin %s: cannot run get: %s", dm_plugins[idx], strerror(-rc));
	return rc;
}

/* Start wanted plugins not yet loaded while slots are free. True when the
 * fill is over: nothing left to start or run, or an error that stops it. */
static bool fill_step(struct dm_fill *f)
{
	bool stop = f->policy == DM_FILL_STOP;

	while (!(stop && f->err) && f->running < f->parallel && f->next < dm_plugins_len) {
		uint16_t idx = (uint16_t)f->next++;

		if (!f->want[idx] || f->state[idx] == P_LOADED)
			continue;
		f->state[idx] = P_NONE;
		if (run_get(f, idx) != 0)
			settle(f, idx, -EIO);
	}
	return (stop && f->err) || (f->running == 0 && f->next == dm_plugins_len);
}

/* One whole part of the batch's output: the plugin's values when it
 * exited 0 and they load; else it stays for its own run. */
static void part_cb(void *ctx, const char *name, size_t name_len, int status, const char *out,
		    size_t len)
{
	struct dm_fill *f = ctx;
	int at = dm_batch_find(&f->batch, name, name_len);
	uint16_t idx;

	if (at < 0)
		return;
	idx = f->batch.idx[at];
	if (f->state[idx] == P_LOADED)
		return;
	if (status != 0)
		log_info("dm: plugin %s get in the batch: exit status %d; it runs alone",
			 dm_plugins[idx], status);
	else if (load_output(f, idx, out, len, false) == 0)
		f->state[idx] = P_LOADED;
}

static void batch_done_cb(void *ctx, const struct plugin_result *r)
{
	struct dm_fill *f = ctx;
	char how[PLUGIN_RESULT_STR_MAX];
	size_t parts;

	f->batch_call = NULL;
	parts = dm_batch_split(r->out, r->out_len, part_cb, f);
	if (parts < f->batch.n)
		log_info("dm: batch: %zu of %zu plugins answered (%s); the others run alone",
			 parts, f->batch.n, plugin_result_str(r, how, sizeof(how)));
	if (fill_step(f)) {
		kill_calls(f);
		loop_timer_set(f->loop, &f->end_timer, 0);
	}
}

/* Start the batch of the wanted plugins not loaded yet when there are two
 * or more and the library has the runner: 0, else -errno (they then run
 * alone). */
static int batch_start(struct dm_fill *f)
{
	struct platform_call c = { .plugin = DM_BATCH_SCRIPT, .library = true,
				   .timeout_ms = DM_PLUGIN_TIMEOUT_MS };
	int rc;

	if (!platform_has_library(f->platform, DM_BATCH_SCRIPT))
		return -ENOENT;
	dm_batch_init(&f->batch);
	for (size_t i = 1; i < dm_plugins_len; i++)
		if (f->want[i] && f->state[i] != P_LOADED &&
		    dm_batch_add(&f->batch, (uint16_t)i) == -ENOSPC)
			break;
	if (f->batch.n < 2)
		return -ENOENT;
	c.args = dm_batch_args(&f->batch);
	rc = platform_run(f->platform, &c, batch_done_cb, f, &f->batch_call);
	if (rc != 0)
		f->batch_call = NULL;
	return rc;
}

int dm_fill_run(struct dm_fill *f, const bool *want, unsigned parallel,
		enum dm_fill_policy policy, dm_fill_done_cb done, void *ctx)
{
	if (f->done)
		return -EBUSY;
	if (parallel < 1 || parallel > DM_FILL_PARALLEL_MAX || !done)
		return -EINVAL;
	memcpy(f->want, want, dm_plugins_len * sizeof(*f->want));
	f->want[0] = false;
	f->parallel = parallel;
	f->policy = policy;
	f->done = done;
	f->ctx = ctx;
	f->next = 1;
	f->err = 0;
	f->running = 0;
	if (batch_start(f) == 0)
		return 0;
	if (fill_step(f)) {
		kill_calls(f);
		loop_timer_set(f->loop, &f->end_timer, 0);
	}
	return 0;
}
