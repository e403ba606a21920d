/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ACS's requests: a table from method name to handler. A handler writes
 * its response body element into the request's buffer and returns 0, or
 * returns a CWMP fault code (the dispatcher writes the fault), or returns
 * RPC_PENDING and calls rpc_complete() later from the loop.
 *
 * The request's buffer already holds the envelope's head when the handler
 * runs, so the body element is written once, in place, and the whole
 * envelope is handed on without a copy (a whole-tree GetParameterValues
 * can be 15 MB). A handler only appends; one that resets or rewrites the
 * buffer still works (the dispatcher then wraps a copy). A long list
 * (rpc_answer_list) is not even held whole: it is written again, piece by
 * piece, while it is sent.
 */
#ifndef CWMP_RPC_H
#define CWMP_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include "soap.h"
#include "xbuf.h"

#define RPC_PENDING 1
#define RPC_ANSWER_MAX SOAP_MAX_RESPONSE   /* bytes of one answer envelope */

struct config;
struct dm_cache;
struct notify;
struct ops;
struct rpc_req;
struct rpc_source;
struct transfers;

/* What the handlers work with: the session's parts, handed to the
 * dispatcher by the session (a test or the fuzzer makes its own). The
 * handlers know these interfaces, not the agent. */
struct rpc_env {
	const struct config *cfg;
	struct dm_cache *dm;            /* the session's data model (dm_cache.h) */
	struct ops *ops;                /* ops.h; NULL: it did not start (9002) */
	struct transfers *transfers;    /* transfers.h; NULL: the queue did not load */
	struct notify *notify;          /* notify.h; NULL: no notifications */
	/* ManagementServer values the ACS set: written to the config in one
	 * atomic rewrite (dm_native_write). 0 or -errno. */
	int (*native_write)(void *ctx, const char *const *paths, const char *const *values,
			    size_t n);
	/* The ACS changed the config or the identity: reload after the
	 * session. */
	void (*changed)(void *ctx);
	void *ctx;
};

typedef void (*rpc_done_cb)(void *ctx, struct xbuf *response);
/* src == NULL: the whole envelope is in response (as rpc_done_cb). Else a
 * long list answer to send while it is written: the receiver owns src
 * (rpc_source_free) and response is empty. */
typedef void (*rpc_answer_cb)(void *ctx, struct xbuf *response, struct rpc_source *src);

struct rpc_method;

struct rpc_req {
	const struct rpc_env *env;      /* the dispatcher's caller's; alive until done */
	const struct rpc_method *methods; /* the dispatcher's table (GetRPCMethods) */
	size_t n_methods;
	const struct soap_msg *msg;     /* the request; alive until done */
	xmlNode *args;                  /* msg->body */
	enum cwmp_ns ns;
	struct xbuf body;               /* the handler appends "<cwmp:XResponse>...</...>"
					   after the envelope head already in it */
	const struct soap_param_fault *param_faults; /* SetParameterValuesFault entries
					   for a fault answer (owned by the handler,
					   read by rpc_complete), or NULL */
	size_t n_param_faults;
	rpc_done_cb done;
	void *done_ctx;
	size_t head_len;                /* dispatcher: bytes of envelope head in body */
	rpc_answer_cb answer;           /* dispatcher: rpc_dispatch_source's callback */
	struct rpc_source *src;         /* dispatcher: a list answer to send while written */
};

struct rpc_method {
	const char *name;
	int (*handle)(struct rpc_req *r);
	enum cwmp_ns min_ns;        /* the first cwmp namespace that has it: in
				       older ones it is not listed and is 9000 */
};

/*
 * Answer the request in msg. done(ctx, envelope) runs exactly once with the
 * whole response envelope (a fault if need be); it may run before
 * rpc_dispatch returns. The envelope buffer belongs to the dispatcher and is
 * valid during the callback only, but the callback may take its contents
 * without a copy (xbuf_move or xbuf_steal); the dispatcher frees what is
 * left. A failed envelope (xbuf_error) means even the fault did not fit.
 */
void rpc_dispatch(const struct rpc_env *env, const struct soap_msg *msg, rpc_done_cb done,
		  void *ctx);

/* Same, but a long list answer (rpc_answer_list) comes as a source, sent
 * while it is written instead of held whole (rpc_dispatch gathers it). */
void rpc_dispatch_source(const struct rpc_env *env, const struct soap_msg *msg,
			 rpc_answer_cb done, void *ctx);

/* Finish r with fault 0 (the body written) or a fault code: the
 * dispatcher's callback gets the envelope, and r is freed. The dispatcher
 * calls it for a handler that returned; a handler that returned
 * RPC_PENDING calls it later (rpc_answer.c). */
void rpc_complete(struct rpc_req *r, int fault);

/* ---- list answers: written while they are sent ----------------------------- */

/*
 * Writes the items of a list after the first skip ones into out, stopping
 * before an item once out->len has reached want (an item is never split),
 * with *more set when it stopped with items left. Returns how many it wrote,
 * or a negative errno (out's sticky error, the data model's).
 */
typedef long (*rpc_items_fn)(void *ctx, struct xbuf *out, size_t skip, size_t want,
			     bool *more);

struct rpc_list {
	const char *response;       /* body element: "GetParameterValuesResponse" */
	const char *list;           /* "ParameterList" */
	const char *item_type;      /* "cwmp:ParameterValueStruct" */
	rpc_items_fn items;
	void (*free)(void *ctx);    /* frees ctx; NULL: nothing to free */
	void *ctx;
};

#define RPC_LIST_INLINE (256 * 1024)   /* longer lists are sent while written */
#define RPC_LIST_PIECES 4              /* ... in at most this many pieces */

/*
 * Answer with "<cwmp:RESPONSE><LIST soap-enc:arrayType="TYPE[n]">items
 * </LIST></cwmp:RESPONSE>". A list up to RPC_LIST_INLINE bytes is written
 * into r->body at once. A longer one is counted first (items and bytes, so
 * the arrayType and Content-Length are right), then written again piece by
 * piece, each piece replacing the last, while the HTTP layer sends it: it is
 * never whole in memory (rpc_dispatch_source; plain rpc_dispatch gathers it
 * for its callback). Pieces are at least RPC_LIST_INLINE bytes and at most
 * RPC_LIST_PIECES, so the cost is a few more walks, whatever the size.
 * items must give the same items each time until the answer is sent or
 * dropped, and ctx stays alive until then: l->free runs at the end,
 * whatever happens (also when this fails). The list is the whole answer:
 * write nothing into r->body after it. 0 or a fault code (9004 past
 * SOAP_MAX_RESPONSE).
 */
int rpc_answer_list(struct rpc_req *r, const struct rpc_list *l);

/* A list answer being sent: the whole envelope's length; up to n more bytes
 * of it into buf (how many, 0 at the end, or a negative errno: -EIO when the
 * items changed since they were counted); back to the start (a redirect or
 * an authentication challenge sends the body again). */
size_t rpc_source_len(const struct rpc_source *s);
long rpc_source_read(struct rpc_source *s, char *buf, size_t n);
void rpc_source_rewind(struct rpc_source *s);
void rpc_source_free(struct rpc_source *s);      /* NULL is a no-op */

/* Handlers, one file each. */
/* soap_text of an argument: 0 with *out (the caller frees it), 9003 when
 * the element is missing or holds an element, 9002 when out of memory. */
int rpc_text(const xmlNode *node, char **out);

int rpc_get_rpc_methods(struct rpc_req *r);
int rpc_get_parameter_names(struct rpc_req *r);
int rpc_get_parameter_values(struct rpc_req *r);
int rpc_set_parameter_values(struct rpc_req *r);
int rpc_get_parameter_attributes(struct rpc_req *r);
int rpc_set_parameter_attributes(struct rpc_req *r);
int rpc_add_object(struct rpc_req *r);
int rpc_delete_object(struct rpc_req *r);
int rpc_schedule_inform(struct rpc_req *r);
int rpc_reboot(struct rpc_req *r);
int rpc_factory_reset(struct rpc_req *r);
int rpc_download(struct rpc_req *r);
int rpc_upload(struct rpc_req *r);
int rpc_get_queued_transfers(struct rpc_req *r);
int rpc_get_all_queued_transfers(struct rpc_req *r);
int rpc_schedule_download(struct rpc_req *r);
int rpc_cancel_transfer(struct rpc_req *r);

#endif
