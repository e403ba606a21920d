/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A host name resolved without blocking the loop: an IP literal at once,
 * a name by getaddrinfo() in a short-lived child process (fork, no exec)
 * that writes the first address into a pipe, killed after
 * RESOLVE_TIMEOUT_MS. One lookup at a time per handle; the handle is the
 * caller's (embed it).
 */
#ifndef CWMP_RESOLVE_H
#define CWMP_RESOLVE_H

#include <stdbool.h>
#include <sys/socket.h>

#include "loop.h"

#define RESOLVE_TIMEOUT_MS 10000

struct resolve;

/* rc 0 with the address (port set), or -errno (-ENOENT: no such name,
 * -ETIMEDOUT). Called from the loop, never from resolve_start. */
typedef void (*resolve_cb)(struct resolve *r, int rc, const struct sockaddr_storage *ss);

struct resolve {
	struct loop *loop;              /* private from here on */
	resolve_cb cb;
	struct loop_fd fd;              /* the pipe's read end; -1: none */
	struct loop_child child;
	struct loop_timer timer;        /* the time limit, or the literal's answer */
	struct sockaddr_storage addr;
	size_t got;
	int rc;
	bool running, child_running;
};

/* Look host (a name, or an IPv4/IPv6 literal, brackets allowed) up for
 * port; cb later. A running lookup is cancelled first. 0, or -errno
 * (-EINVAL for a bad name; cb is not called then). */
int resolve_start(struct resolve *r, struct loop *l, const char *host, unsigned port,
		  resolve_cb cb);

/* Look the service (e.g. "_xmpp-client._tcp") of domain up by its DNS SRV
 * records (RFC 2782: the lowest priority, by weight), then that target's
 * address with the record's port; a domain without such records: the
 * domain's own address at port. Time limit, callback and errors as
 * resolve_start's; -ENOENT too when the domain says it has no such
 * service (a target of "."). */
int resolve_start_srv(struct resolve *r, struct loop *l, const char *service,
		      const char *domain, unsigned port, resolve_cb cb);

/* Cancel a running lookup (its child killed); no callback. Idle: no-op. */
void resolve_cancel(struct resolve *r);

#endif
