/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Applies deferred to after the session (dm_deferred.h): the units
 * waiting, each with the plugin that deferred it first, and the run that
 * calls "apply-deferred" for them one at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dm_deferred.h"
#include "dm_plugin.h"
#include "dm_units.h"
#include "log.h"
#include "plugin.h"
#include "schema.h"

struct waiting {
	uint16_t idx;
	char unit[DM_DEFERRED_UNIT_MAX];
};

struct dm_deferred {
	struct platform *platform;
	struct busy *busy;
	struct waiting w[DM_DEFERRED_MAX];
	unsigned n;
	unsigned cur;                   /* running: the entry being done */
	bool running;
	struct plugin_call *call;
	struct dm_units done;           /* what the run's calls did */
	dm_deferred_done_cb done_cb;
	void *ctx;
};

struct dm_deferred *dm_deferred_new(struct platform *p, struct busy *b)
{
	struct dm_deferred *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->platform = p;
	d->busy = b;
	dm_units_init(&d->done);
	return d;
}

void dm_deferred_free(struct dm_deferred *d)
{
	if (!d)
		return;
	if (d->running) {
		plugin_cancel(d->call);
		busy_leave(d->busy);
	}
	for (unsigned i = d->running ? d->cur : 0; i < d->n; i++)
		log_warn("dm: %s was committed but not applied (plugin %s apply-deferred "
			 "did not run): in effect at its next reload or boot", d->w[i].unit,
			 dm_plugins[d->w[i].idx]);
	dm_units_fini(&d->done);
	free(d);
}

int dm_deferred_add(struct dm_deferred *d, uint16_t idx, const char *unit)
{
	size_t len = unit ? strlen(unit) : 0;

	if (!d || len == 0 || len >= DM_DEFERRED_UNIT_MAX || idx == 0 || idx >= dm_plugins_len)
		return -EINVAL;
	for (unsigned i = 0; i < d->n; i++)
		if (strcmp(d->w[i].unit, unit) == 0)
			return 0;
	if (d->n == DM_DEFERRED_MAX)
		return -ENOSPC;
	d->w[d->n].idx = idx;
	memcpy(d->w[d->n].unit, unit, len + 1);
	d->n++;
	return 0;
}

unsigned dm_deferred_waiting(const struct dm_deferred *d)
{
	return d ? d->n - (d->running ? d->cur : 0) : 0;
}

bool dm_deferred_running(const struct dm_deferred *d)
{
	return d && d->running;
}

static void call_done_cb(void *ctx, const struct plugin_result *r);

/* Start the next call a unit still needs: 0, or 1 when none is left. */
static int start_next(struct dm_deferred *d)
{
	static const char *const args[] = { "apply-deferred", NULL };

	for (; d->cur < d->n; d->cur++) {
		struct waiting *w = &d->w[d->cur];

		if (dm_units_has(&d->done, w->unit))
			continue;
		if (dm_plugin_run(d->platform, w->idx, args, d->done.lines.data, d->done.lines.len,
				  call_done_cb, d, &d->call) == 0)
			return 0;
		log_err("dm: %s was committed but not applied (cannot run plugin %s "
			"apply-deferred): in effect at its next reload or boot", w->unit,
			dm_plugins[w->idx]);
	}
	return 1;
}

static void finish(struct dm_deferred *d)
{
	dm_deferred_done_cb done = d->done_cb;

	d->running = false;
	d->n = 0;
	d->cur = 0;
	dm_units_reset(&d->done);
	busy_leave(d->busy);
	done(d->ctx);
}

static void call_done_cb(void *ctx, const struct plugin_result *r)
{
	struct dm_deferred *d = ctx;
	const struct waiting *w = &d->w[d->cur];
	char how[PLUGIN_RESULT_STR_MAX];

	d->call = NULL;
	if (r->err || r->exit_code != 0)
		log_err("dm: plugin %s apply-deferred: %s: %s was committed but may not be "
			"in effect before its next reload or boot", dm_plugins[w->idx],
			plugin_result_str(r, how, sizeof(how)), w->unit);
	else
		log_info("dm: %s applied after the session (plugin %s)", w->unit,
			 dm_plugins[w->idx]);
	if (r->err == 0 && dm_units_take(&d->done, r->out, r->out_len, NULL, NULL) != 0)
		log_warn("dm: plugin %s apply-deferred: its units were not kept",
			 dm_plugins[w->idx]);
	d->cur++;
	if (start_next(d) == 1)
		finish(d);
}

int dm_deferred_run(struct dm_deferred *d, dm_deferred_done_cb done, void *ctx)
{
	if (!d || !done)
		return -EINVAL;
	if (d->running)
		return -EBUSY;
	if (d->n == 0)
		return -ENOENT;
	d->cur = 0;
	dm_units_reset(&d->done);
	if (start_next(d) == 1) {       /* nothing could start: all logged */
		d->n = 0;
		return -ENOENT;
	}
	d->running = true;
	d->done_cb = done;
	d->ctx = ctx;
	busy_enter(d->busy);
	return 0;
}
