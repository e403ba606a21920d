/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Applies deferred to after the session (the plugin protocol's "Deferred
 * applies", scripts/lib/cwmp.sh): a plugin's apply that prints a unit as
 * "deferred" (a change that could cut the way to the ACS, e.g. OpenWrt's
 * network reload) has committed it, and the unit waits here, in memory,
 * until the session has ended. Then "PLUGIN apply-deferred" runs for the
 * first plugin that deferred each unit, one call after the other in the
 * order deferred, each given on stdin the "UNIT<TAB>STATE" lines the calls
 * before it in the run printed (a unit one of them did is not asked for
 * again). The run is critical (busy.h): a shutdown waits for it. A unit
 * still waiting when cwmpd stops is logged: it takes effect at the next
 * reload of that service or boot.
 */
#ifndef CWMP_DM_DEFERRED_H
#define CWMP_DM_DEFERRED_H

#include <stdbool.h>
#include <stdint.h>

#include "busy.h"
#include "platform.h"

#define DM_DEFERRED_MAX 32              /* units waiting */
#define DM_DEFERRED_UNIT_MAX 64         /* bytes of a unit's name */

struct dm_deferred;

typedef void (*dm_deferred_done_cb)(void *ctx);

/* Nothing waiting yet; p runs the plugins, b is entered while they run
 * (both must outlive it). NULL when out of memory. Free with
 * dm_deferred_free (NULL is a no-op; a running call is killed). */
struct dm_deferred *dm_deferred_new(struct platform *p, struct busy *b);
void dm_deferred_free(struct dm_deferred *d);

/* Plugin idx (dm_plugins) deferred unit (copied). A unit already waiting
 * stays with the plugin that deferred it first. 0, -EINVAL (d NULL, an
 * empty unit or one of DM_DEFERRED_UNIT_MAX bytes or more) or -ENOSPC
 * (DM_DEFERRED_MAX waiting); the caller logs. */
int dm_deferred_add(struct dm_deferred *d, uint16_t idx, const char *unit);

/* Units waiting (not yet run). 0 for NULL. */
unsigned dm_deferred_waiting(const struct dm_deferred *d);

/* Run apply-deferred for every unit waiting. 0: started, done(ctx) runs
 * once all calls ended (from the loop, never before this returns; a failed
 * call is logged and the run goes on); -ENOENT (nothing waits, or no call
 * could start: logged, the units dropped), -EBUSY (a run is going on) or
 * -EINVAL: done never runs. */
int dm_deferred_run(struct dm_deferred *d, dm_deferred_done_cb done, void *ctx);

/* A run is going on. false for NULL. */
bool dm_deferred_running(const struct dm_deferred *d);

#endif
