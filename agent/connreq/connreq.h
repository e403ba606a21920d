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

#include "config.h"
#include "events.h"
#include "loop.h"

struct connreq;

/* A connection request server for cfg (read at each request and at
 * connreq_reload; it must outlive the server), raising
 * EV_CONNECTION_REQUEST on ev. It listens when the config says so; a
 * failure to listen is logged and tried again from the loop (after 1 s,
 * then twice as long each time, up to a minute) until it works or a
 * reload changes the address or port. NULL when out of memory or without
 * a random secret (logged). */
struct connreq *connreq_new(struct loop *l, const struct config *cfg, struct events *ev);

/* After a config reload: a new port or address, or connection requests
 * turned on or off, take effect. */
void connreq_reload(struct connreq *cr);

/* Close every socket and free; NULL is a no-op. */
void connreq_free(struct connreq *cr);

#endif
