/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ACS's requests: a table from method name to handler. A handler writes
 * its response body element into the request's buffer and returns 0, or
 * returns a CWMP fault code (the dispatcher writes the fault), or returns
 * RPC_PENDING and calls rpc_complete() later from the loop.
 */
#ifndef CWMP_RPC_H
#define CWMP_RPC_H

#include "soap.h"
#include "xbuf.h"

#define RPC_PENDING 1

struct agent;
struct rpc_req;

typedef void (*rpc_done_cb)(void *ctx, struct xbuf *response);

struct rpc_req {
	struct agent *a;
	const struct soap_msg *msg;     /* the request; alive until done */
	xmlNode *args;                  /* msg->body */
	enum cwmp_ns ns;
	struct xbuf body;               /* the handler writes "<cwmp:XResponse>...</...>" */
	rpc_done_cb done;
	void *done_ctx;
};

struct rpc_method {
	const char *name;
	int (*handle)(struct rpc_req *r);
};

/*
 * Answer the request in msg. done(ctx, envelope) runs exactly once with the
 * whole response envelope (a fault if need be); it may run before
 * rpc_dispatch returns. The envelope buffer belongs to the dispatcher and is
 * valid during the callback only.
 */
void rpc_dispatch(struct agent *a, const struct soap_msg *msg, rpc_done_cb done, void *ctx);

/* For a handler that returned RPC_PENDING: finish with fault 0 (the body
 * written) or a fault code. */
void rpc_complete(struct rpc_req *r, int fault);

/* The methods we implement, for GetRPCMethodsResponse. */
const struct rpc_method *rpc_methods(size_t *n);

/* Handlers, one file each. */
int rpc_get_rpc_methods(struct rpc_req *r);
int rpc_get_parameter_names(struct rpc_req *r);
int rpc_get_parameter_values(struct rpc_req *r);

#endif
