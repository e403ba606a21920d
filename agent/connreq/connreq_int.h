/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to the connection request server: connreq.c (the listening
 * socket, the connection table, the contract) and connreq_answer.c (one
 * connection's request read, decided and answered). Nothing else includes
 * this.
 */
#ifndef CWMP_CONNREQ_INT_H
#define CWMP_CONNREQ_INT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "cr_guard.h"
#include "digest.h"
#include "events.h"
#include "loop.h"

#define CR_MAX_CONNS 16
#define CR_MAX_REQUEST 4096             /* request head, bytes */
#define CR_MAX_RESPONSE 1024
#define CR_CONN_TIME_MS 5000            /* accept to close */
#define CR_LINGER_MS 1000               /* after our answer, at most */
#define CR_ACCEPT_BATCH 32              /* per loop iteration */
#define CR_BACKLOG 64
#define CR_PAUSE_MS 1000                /* after EMFILE and the like */
#define CR_EVICT_AGE_MS 250             /* an idle client may lose its slot */
#define CR_RELISTEN_MIN_MS 1000         /* a failed listen is tried again after */
#define CR_RELISTEN_MAX_MS 60000        /* ... doubling up to this */
#define CR_ADDR_MAX 64

enum conn_state { CONN_FREE, CONN_READ, CONN_WRITE, CONN_DRAIN };

struct cr_conn {
	struct loop_fd fd;
	struct loop_timer timer;        /* closes it when its time is up */
	struct connreq *cr;
	enum conn_state state;
	int64_t since_ms;               /* accepted at */
	char peer[INET6_ADDRSTRLEN];
	uint8_t key[CR_GUARD_KEY_LEN];  /* its address, for cr_guard */
	size_t in_len, out_len, out_off;
	char *in;                       /* CR_MAX_REQUEST bytes, then out's */
	char *out;                      /* CR_MAX_RESPONSE bytes; both only
					   while open (one allocation: a
					   closed slot holds no memory) */
};

struct connreq {
	struct loop *loop;
	const struct config *cfg;       /* read at each request and reload */
	struct events *events;          /* EV_CONNECTION_REQUEST is raised here */
	struct loop_fd lfd;             /* fd -1: not listening */
	struct loop_timer pause;        /* accepting again (table full, EMFILE) */
	bool paused;                    /* lfd out of the loop for now */
	struct loop_timer relisten;     /* the next try of a failed listen */
	int64_t relisten_ms;            /* the wait after the next failure */
	bool want;                      /* what lfd was opened for: */
	unsigned port;
	char address[CR_ADDR_MAX];
	struct digest_server dg;
	struct cr_guard guard;
	struct cr_quiet denied, blocked;
	struct cr_conn conns[CR_MAX_CONNS];
};

/* connreq.c: close c and free its slot (a no-op when free). */
void cr_conn_close(struct cr_conn *c);

/* connreq_answer.c: the poll callbacks' work for a connection in state
 * CONN_READ, CONN_WRITE and CONN_DRAIN; each may close it. */
void cr_conn_read(struct cr_conn *c);
void cr_conn_flush(struct cr_conn *c);
void cr_conn_drain(struct cr_conn *c);

/* Answer code with the extra header lines (each ending in CRLF), then
 * linger and close. */
void cr_conn_respond(struct cr_conn *c, int code, const char *extra);

#endif
