/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Operations on the device as a whole that the ACS asks for and that take
 * effect around sessions: ScheduleInform (a timer, kept across restarts),
 * Reboot and FactoryReset (done after the session that asked for them,
 * through the platform: `system reboot` / `system factory-reset`; on sim
 * the daemon re-executes itself). CommandKeys and pending operations are
 * kept in the state dir so nothing is lost across a reboot or a crash.
 *
 * State dir file "scheduled": one pending ScheduleInform a line in the
 * plugin line format, "DUE DELAY<TAB>CommandKey" (DUE: Unix time it is due;
 * DELAY: the DelaySeconds asked, which also caps the wait after a restart
 * whose clock went back). Missing when none is pending.
 *
 * While the platform reboots, no session starts: the session gate (gate.h)
 * is held for at most OPS_HOLD_MS. A reboot never cuts an apply short: it
 * waits until nothing critical runs (busy.h), and the platform's verb is
 * itself critical (a shutdown waits for it).
 */
#ifndef CWMP_OPS_H
#define CWMP_OPS_H

#include <stdbool.h>

#include "busy.h"
#include "config.h"
#include "events.h"
#include "gate.h"
#include "loop.h"
#include "platform.h"

#define OPS_SCHEDULED_MAX 32          /* pending ScheduleInforms */
#define OPS_HOLD_MS (5 * 60 * 1000)   /* no session while the platform reboots */
#define OPS_SYSTEM_TIMEOUT_MS 60000   /* `system reboot` / `factory-reset` */

struct ops;

/* What the operations work with; the pointers must outlive them. */
struct ops_env {
	struct loop *loop;
	const struct config *cfg;       /* state_dir, platform */
	struct events *events;          /* 3 SCHEDULED, M ScheduleInform, M Reboot */
	struct gate *gate;              /* held while the platform reboots */
	struct busy *busy;              /* the verb is critical; reboots wait for it */
	struct platform *platform;      /* `system reboot` / `factory-reset` */
	/* Is a session running? (a reboot waits for its end) */
	bool (*session_running)(void *ctx);
	/* The reboot a firmware upgrade waited for failed (its transfer
	 * reports it). NULL: nobody to tell. */
	void (*reboot_failed)(void *ctx);
	void *ctx;
};

/* The operations on env (copied): pending scheduled informs loaded (their
 * timers re-armed; overdue ones fire at once; a bad line is logged and
 * skipped), a Reboot or FactoryReset a previous run answered for runs at
 * once. NULL when out of memory. Free with ops_free (NULL is a no-op;
 * after a factory reset it wipes the state dir again). */
struct ops *ops_new(const struct ops_env *env);
void ops_free(struct ops *o);

/*
 * ScheduleInform: delay_s seconds from now (>= 1), a session with
 * "3 SCHEDULED" and "M ScheduleInform" (command_key, at most EVENT_KEY_MAX
 * bytes; copied). Saved before it returns. 0, -EINVAL (bad arguments),
 * -ENOSPC (OPS_SCHEDULED_MAX pending), -ENODEV (o NULL: not started), or the
 * store's -errno (nothing scheduled then).
 */
int ops_schedule_inform(struct ops *o, unsigned delay_s, const char *command_key);

/* Reboot RPC: reboot once the session has ended; the first session after
 * it reports "1 BOOT" and "M Reboot" (command_key, at most EVENT_KEY_MAX
 * bytes; copied; a second Reboot in the session replaces it). Saved in the
 * state dir before it returns (ops_pending.h): a daemon killed before the
 * session's end runs it at its next start. 0, -EINVAL, -ENODEV, or the
 * save's -errno (then nothing is asked for). */
int ops_reboot(struct ops *o, const char *command_key);

/* FactoryReset RPC: once the session has ended, the platform's factory
 * reset, the state dir wiped, then a reboot (its first session reports
 * "0 BOOTSTRAP" and "1 BOOT"). Wins over a Reboot in the same session,
 * which runs instead when the reset fails. Saved as ops_reboot is. 0,
 * -ENODEV or the save's -errno. */
int ops_factory_reset(struct ops *o);

/* A session ended (ok: it completed). A pending reboot or factory reset
 * runs now, whether the session completed or not: the ACS had its answer. */
void ops_session_done(struct ops *o, bool ok);

/* Reboot the device once the current session has ended (at once when
 * none runs), without an "M Reboot" event: for a firmware upgrade that
 * needs one (transfers.c). */
void ops_reboot_after_session(struct ops *o);

enum ops_state {
	OPS_IDLE,
	OPS_PENDING,            /* a reboot or factory reset waits for the session's end */
	OPS_RUNNING,            /* the platform's verb runs; sessions are held */
	OPS_REBOOTING,          /* it succeeded: the system goes down, or (sim) the
				   loop ended for the re-exec; sessions stay held */
};

/* What the operations are doing (status, tests). OPS_IDLE for NULL. */
enum ops_state ops_state(const struct ops *o);

/* Scheduled informs pending; 0 when not started. */
unsigned ops_scheduled(const struct ops *o);

/* main.c, once loop_run returned: true when the loop ended for a reboot
 * on the sim platform. main then frees everything and re-executes itself
 * (same PID, same argv); the state is on disk. */
bool ops_reexec_wanted(const struct ops *o);

#endif
