/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The units a pass of a write has done (dm_units.h): the plugins' lines,
 * parsed and written again in the plugin line format.
 */
#include <errno.h>
#include <string.h>

#include "dm_units.h"
#include "pluginio.h"

struct take {
	struct dm_units *u;
	dm_units_deferred_cb deferred;
	void *ctx;
};

void dm_units_init(struct dm_units *u)
{
	xbuf_init(&u->lines, DM_UNITS_MAX);
}

void dm_units_fini(struct dm_units *u)
{
	xbuf_fini(&u->lines);
}

void dm_units_reset(struct dm_units *u)
{
	xbuf_reset(&u->lines);
}

static int take_cb(void *ctx, const char *unit, const char *state)
{
	struct take *t = ctx;

	pluginio_write(&t->u->lines, unit, state);
	if (xbuf_error(&t->u->lines))
		return xbuf_error(&t->u->lines);
	if (t->deferred && strcmp(state, "deferred") == 0)
		t->deferred(t->ctx, unit);
	return 0;
}

int dm_units_take(struct dm_units *u, const char *out, size_t len,
		  dm_units_deferred_cb deferred, void *ctx)
{
	struct take t = { .u = u, .deferred = deferred, .ctx = ctx };

	return xbuf_error(&u->lines) ? xbuf_error(&u->lines)
				     : pluginio_parse(out, len, take_cb, &t, NULL);
}

static int has_cb(void *ctx, const char *unit, const char *state)
{
	(void)state;
	return strcmp(ctx, unit) == 0;
}

bool dm_units_has(const struct dm_units *u, const char *unit)
{
	return u->lines.len && pluginio_parse(u->lines.data, u->lines.len, has_cb,
					      (void *)unit, NULL) == 1;
}
