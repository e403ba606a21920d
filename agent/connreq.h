/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Connection Request server (TR-069 3.2.2): HTTP/1.1 GET on cpe.port
 * and cpe.path, served from the poll loop, Digest authentication with the
 * ManagementServer.ConnectionRequestUsername/Password, bounded in request
 * size, header count, time and open connections; a valid request gets 200
 * whatever its pace, queues "6 CONNECTION REQUEST" and starts a session at
 * once (after the running one; requests before it starts join it). An
 * address whose requests keep failing is backed off (cr_guard.h): 429.
 */
#ifndef CWMP_CONNREQ_H
#define CWMP_CONNREQ_H

struct agent;

/* Listen (when HTTPConnectionRequestEnable). 0, or -errno (logged; the
 * agent runs on without connection requests). */
int connreq_start(struct agent *a);

/* After a config reload: new port/path/credentials take effect. */
void connreq_reload(struct agent *a);

/* Close every socket and free; a no-op when not started. */
void connreq_stop(struct agent *a);

#endif
