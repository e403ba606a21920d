/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's control socket (cpe.ctl_socket, default /var/run/cwmpd.sock;
 * "" for none): a Unix stream socket of mode 0600 made so that no other
 * user can have planted it (unix_listen.h), served from the poll loop.
 * Only root (or the daemon's own user) is answered: the peer's
 * credentials are checked at accept. Each connection carries one request
 * (ctl_proto.h) and one answer, bounded in size (CTL_MAX_REQUEST), time
 * (CTL_READ_MS for the request to arrive, CTL_WRITE_MS for the answer to
 * be taken; a get or set in between runs under the plugins' own time
 * limits) and number (CTL_MAX_CONNS at once; one more is told "busy" and
 * closed). Reads and writes never block: a slow or silent client costs a
 * slot until its time is up, nothing more. The commands are ctl_cmd.h's.
 */
#ifndef CWMP_CTL_H
#define CWMP_CTL_H

#include <stddef.h>

#include "config.h"
#include "ctl_cmd.h"
#include "loop.h"

#define CTL_MAX_CONNS 4
#define CTL_READ_MS 5000                /* accept to the whole request */
#define CTL_WRITE_MS 5000               /* the answer ready to its last byte taken */
#define CTL_BACKLOG 8
#define CTL_COMMAND_MAX 32              /* bytes of a command name */

struct ctl;

/* A control socket at cfg->ctl_socket (cfg is read again at ctl_reload and
 * must outlive it) running cmds' commands. A path that is not safe to use
 * is logged and left alone (no socket until a reload finds it usable);
 * NULL only when out of memory. Free with ctl_free (NULL is a no-op): the
 * connections are closed and the socket file removed if it still is ours. */
struct ctl *ctl_new(struct loop *l, const struct config *cfg, struct ctl_cmds *cmds);
void ctl_free(struct ctl *c);

/* After a config reload: a new path takes effect, and a socket that could
 * not be made is tried again. */
void ctl_reload(struct ctl *c);

/* ---- the request's framing and parsing (also for the tests and fuzzer) ---- */

/* The length of the whole request at the start of buf, up to and with its
 * empty line; 0 when it is not whole yet; -E2BIG when CTL_MAX_REQUEST bytes
 * came without its end. */
long ctl_request_frame(const char *buf, size_t len);

/* Parse a whole request (what ctl_request_frame measured) into *req
 * (zeroed first). 0; -EPROTO with *why saying what is wrong (a static
 * string): not a cwmpctl request, another protocol version, a malformed or
 * unknown line, a field twice, no command; -E2BIG past CTL_MAX_ARGS
 * arguments; -ENOMEM. Free with ctl_request_fini, whatever it returned. */
int ctl_request_parse(const char *buf, size_t len, struct ctl_request *req, const char **why);
void ctl_request_fini(struct ctl_request *req);

#endif
