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

#define OPS_SCHEDULED_MAX 32          /* pending ScheduleInforms */
#define OPS_HOLD_MS (5 * 60 * 1000)   /* no session while the platform reboots */
#define OPS_SYSTEM_TIMEOUT_MS 60000   /* `system reboot` / `factory-reset` */

struct agent;
struct ops;

/* What the operations tell the agent. */
struct ops_hooks {
	/* The reboot a firmware upgrade waited for failed (the transfer
	 * reports it). */
	void (*reboot_failed)(void *ctx);
	void *ctx;
};

/* Load pending scheduled informs (re-arm their timers; overdue ones fire
 * at once). A bad line is logged and skipped. hooks (copied; NULL: none).
 * 0 or -errno (-ENOMEM: the RPCs below then answer 9002; an unreadable
 * file: nothing pending). */
int ops_start(struct agent *a, const struct ops_hooks *hooks);

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
void ops_session_done(struct agent *a, bool ok);

/* Reboot the device once the current session has ended (at once when
 * none runs), without an "M Reboot" event: for a firmware upgrade that
 * needs one (transfers.c). */
void ops_reboot_after_session(struct agent *a);

enum ops_state {
	OPS_IDLE,
	OPS_PENDING,            /* a reboot or factory reset waits for the session's end */
	OPS_RUNNING,            /* the platform's verb runs; sessions are held */
	OPS_REBOOTING,          /* it succeeded: the system goes down, or (sim) the
				   loop ended for the re-exec; sessions stay held */
};

/* What the operations are doing (status, tests; agent.c could refuse to
 * start a session while RUNNING or REBOOTING instead of relying on the
 * held session timer). OPS_IDLE when not started. */
enum ops_state ops_state(const struct agent *a);

/* Scheduled informs pending; 0 when not started. */
unsigned ops_scheduled(const struct agent *a);

/* main.c, once loop_run returned: true when the loop ended for a reboot
 * on the sim platform. main then frees everything and re-executes itself
 * (same PID, same argv); the state is on disk. */
bool ops_reexec_wanted(const struct agent *a);

/* Cancel timers and a running `system` call, and free; a no-op when not
 * started. After a factory reset it wipes the state dir once more, after
 * every other module has saved what it saves on the way out. */
void ops_stop(struct agent *a);

#endif
