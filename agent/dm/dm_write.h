/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Changing the data model through plugins, all or nothing: a write is a
 * list of steps (a plugin verb with its arguments and stdin: "set" with
 * path<TAB>value lines, "add TABLE. N", "delete TABLE.N."), run one after
 * the other. When every step succeeds each plugin touched gets "apply"
 * (once, in the order first touched) and its subtree is dropped from the
 * session's cache (dm_cache_invalidate) so later reads see the new values.
 * When a step fails, every plugin touched so far, the failing one included,
 * gets "revert" and nothing is applied. Before its first step a plugin
 * also gets "revert", so a stage left behind by a crash is never applied.
 * Within each pass (the reverts before the steps, the applies, the reverts
 * of a rollback) every plugin gets on stdin the units the plugins before
 * it in the pass printed (dm_units.h; the protocol in scripts/lib/cwmp.sh):
 * plugins that share a unit (a uci config) leave it to the first. Units
 * an apply printed as "deferred" wait in the env's dm_deferred for the
 * session's end (result: deferred). One write runs at a time per data
 * model (dm_cache.h).
 */
#ifndef CWMP_DM_WRITE_H
#define CWMP_DM_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DM_WRITE_WHY_MAX 160

struct dm_cache;
struct dm_write;

/* How a write ended, for the done callback. */
struct dm_write_result {
	int err;              /* 0 applied; -EPERM a step exited 1 (refused: for
				 "set", out holds path<TAB>faultcode lines);
				 -EIO a step failed otherwise (crash, timeout,
				 other exit code, garbage) or an apply failed
				 (then the earlier applies stay: logged);
				 -ECANCELED the session ended (shutdown) */
	size_t step;          /* the failing step's index (err != 0) */
	const char *out;      /* the failing step's stdout, NUL-terminated, valid
				 during the callback; "" when none */
	size_t out_len;
	bool applied;         /* err != 0 after an apply ran: that plugin's (and
				 the earlier ones') changes are in effect */
	bool deferred;        /* an apply deferred a unit to after the session
				 (dm_deferred.h): TR-069's Status 1 */
	char why[DM_WRITE_WHY_MAX];   /* err != 0: what failed, for the log
				 ("plugin nat add: exit status 1"); else "" */
};

typedef void (*dm_write_done_cb)(void *ctx, const struct dm_write_result *r);

/* A new, empty write on the data model c (its platform and busy). NULL
 * when out of memory or c is NULL. Freed by dm_write_run (always) or
 * dm_write_free (when never run). */
struct dm_write *dm_write_new(struct dm_cache *c);
void dm_write_free(struct dm_write *w);

/*
 * Append a step: plugin idx (>= 1), verb, up to two arguments (NULL when
 * absent) and stdin (copied; NULL/0 for none). 0, -EINVAL, -ENOMEM.
 */
int dm_write_add(struct dm_write *w, uint16_t idx, const char *verb, const char *arg1,
		 const char *arg2, const char *input, size_t input_len);

/*
 * Optional: cb(ctx) runs once every step succeeded, before any apply (e.g.
 * to write the config file). Non-zero (-errno) reverts every plugin and
 * ends the write with that error (step = the number of steps).
 */
void dm_write_before_apply(struct dm_write *w, int (*cb)(void *ctx), void *ctx);

/*
 * Run the steps. Takes w in every case. done(ctx, result) runs exactly once,
 * from the loop (never before dm_write_run returns), unless 0 is not
 * returned. Returns 0; -EBUSY (a write is running) or -EINVAL (no steps).
 * A write with no steps is the caller's business (nothing to do).
 */
int dm_write_run(struct dm_write *w, dm_write_done_cb done, void *ctx);

/* Cancel the running write w (session end: dm_cache_writing): its plugin
 * is killed, nothing is applied or reverted, and done runs with
 * -ECANCELED. A no-op for NULL. A shutdown waits for an apply instead: the apply phase
 * is critical (busy.h), so a plugin is never killed in the middle of it. */
void dm_write_cancel(struct dm_write *w);

#endif
