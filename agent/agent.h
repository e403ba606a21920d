/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent: the one struct made in main.c and passed down, holding the
 * loop, the config, the event queue, the device identity and the session.
 * agent.c decides when a session runs (events pending, periodic timer,
 * retry waits) and keeps the state that survives restarts.
 */
#ifndef CWMP_AGENT_H
#define CWMP_AGENT_H

#include <stdbool.h>
#include <time.h>

#include "busy.h"
#include "config.h"
#include "cr_status.h"
#include "cwmp_state.h"
#include "events.h"
#include "gate.h"
#include "identity.h"
#include "loop.h"

#define AGENT_IDENTITY_TIMEOUT_MS 10000

struct session;
struct http_client;
struct plugin_call;
struct dm_cache;
struct dm_deferred;
struct dm_write;
struct connreq;
struct stun;
struct ops;
struct transfers;
struct notify;
struct platform;
struct ctl;
struct ctl_cmds;
struct xmpp_client;

struct agent {
	struct loop *loop;
	char *config_path;              /* owned */
	struct config cfg;
	struct events events;
	struct identity id;
	bool identity_ready;
	struct plugin_call *identity_call;
	bool poke_pending;              /* poke, reload: poll once the identity is in */
	bool reloading;                 /* the identity after a reload may start a session */
	struct http_client *http;
	struct platform *platform;      /* platform.h: the one way to the device */
	struct session *session;        /* NULL between sessions */
	struct dm_cache *dm_cache;      /* the session's data model (dm_cache.h); NULL between sessions */
	struct dm_write *dm_write;      /* the running data model write (dm_write.h), or NULL */
	struct dm_deferred *deferred;   /* dm_deferred.h: applies run after the session */
	bool session_ok;                /* how the last session ended */
	struct connreq *connreq;        /* connreq.h */
	struct stun *stun;              /* stun.h: STUN and UDP connection requests */
	struct cr_status crs;           /* cr_status.h: what the ACS must know of them */
	bool udp_was_known;             /* crs.udp_known at the last change */
	struct xmpp_client *xmpp;       /* xmpp_client.h: XMPP connection requests, or NULL */
	struct ops *ops;                /* ops.h: scheduled informs, reboot, factory reset */
	struct transfers *transfers;    /* transfers.h */
	struct notify *notify;          /* notify.h */
	struct ctl_cmds *ctl_cmds;      /* ctl_cmd.h: cwmpctl's commands */
	struct ctl *ctl;                /* ctl.h: cwmpctl's control socket */
	time_t session_start;           /* wall clock: the running or last session's
					   start, 0 before the first (cwmpctl status) */
	time_t session_end;             /* ... and the last one's end, 0: none yet */
	bool reload_wanted;             /* the ACS changed the config or the identity
					   (ProvisioningCode): reload after the session */
	unsigned retry_count;           /* failed sessions in a row */
	bool session_wanted;            /* start one as soon as allowed */
	bool start_held;                /* one was due while the data model was in
					   use (a cwmpctl get or set, deferred applies) */
	struct gate gate;               /* gate.h: when the next session may start */
	struct busy busy;               /* busy.h: what a shutdown waits for */
	struct loop_timer periodic_timer;
	time_t periodic_due;            /* wall-clock time it is armed for */
	time_t periodic_fired;          /* the tick that fired last */
	struct loop_timer identity_timer; /* retry a failed identity fetch */
	struct cwmp_state state;        /* cwmp_state.h: bootstrapped URL, ParameterKey */
	int exit_code;
};

/*
 * Make an agent for the config at config_path (loaded and checked by the
 * caller into cfg, whose contents the agent takes over). Returns NULL on
 * allocation failure. Free with agent_free.
 */
struct agent *agent_new(struct loop *l, const char *config_path, struct config *cfg);
void agent_free(struct agent *a);

/* Load the state, queue BOOT (and BOOTSTRAP on first start or a new ACS
 * URL), ask the platform for the identity, arm the timers. 0 or -errno. */
int agent_start(struct agent *a);

/* Re-read the config file (SIGHUP). A bad file is logged and the old
 * config kept. A new ACS URL queues BOOTSTRAP. */
void agent_reload(struct agent *a);

/* SIGUSR1 (the init script's interface trigger, a hotplug script): the
 * device's values or its interfaces may have changed. The WAN device is
 * resolved again (the identity), then the watched values are polled. */
void agent_poke(struct agent *a);



#endif
