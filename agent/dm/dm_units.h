/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The units one pass of a write has done (the plugin protocol's "Units",
 * scripts/lib/cwmp.sh): the "UNIT<TAB>STATE" lines that revert, apply and
 * apply-deferred print, kept to be given to the next plugin of the pass
 * on stdin, so that a unit several plugins share (OpenWrt's uci config
 * "network") is reverted, committed and reloaded once.
 */
#ifndef CWMP_DM_UNITS_H
#define CWMP_DM_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "xbuf.h"

#define DM_UNITS_MAX (64 * 1024)        /* bytes of lines in one pass */

struct dm_units {
	struct xbuf lines;              /* the stdin for the next plugin; data
					   NULL while empty (len 0) */
};

/* Called for each unit a plugin printed as "deferred". */
typedef void (*dm_units_deferred_cb)(void *ctx, const char *unit);

void dm_units_init(struct dm_units *u);
void dm_units_fini(struct dm_units *u);

/* A new pass: nothing done yet. */
void dm_units_reset(struct dm_units *u);

/* A plugin's stdout: each good line is kept (bad ones are skipped), and
 * deferred(ctx, unit) is called for those whose state is "deferred"
 * (deferred may be NULL). 0, or -ENOMEM / -E2BIG (past DM_UNITS_MAX):
 * sticky until dm_units_reset, the lines kept so far stay. */
int dm_units_take(struct dm_units *u, const char *out, size_t len,
		  dm_units_deferred_cb deferred, void *ctx);

/* unit is done in this pass. */
bool dm_units_has(const struct dm_units *u, const char *unit);

#endif
