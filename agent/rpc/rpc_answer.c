/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Answering an ACS request (rpc.h): the handler's body wrapped in an
 * envelope echoing the request's cwmp:ID, or a SOAP Fault for a fault
 * code. The envelope's head is written into the request's buffer before
 * the handler runs and its tail after, so even a 15 MB answer exists once
 * and is handed on as it is. A list answer longer than RPC_LIST_INLINE is
 * not held at all: it is counted, then handed on as a source that writes
 * it again piece by piece while the HTTP layer sends it. Handlers call
 * this file; it calls back only through the request's callbacks.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"
#include "rpc.h"
#include "soap.h"


/* True when body still starts with the envelope head the dispatcher wrote
 * (a handler may have reset it). */
static bool head_intact(const struct rpc_req *r)
{
	struct xbuf head;
	bool ok;

	if (r->head_len == 0 || r->body.len < r->head_len)
		return false;
	xbuf_init(&head, RPC_ANSWER_MAX);
	soap_envelope_open(&head, r->ns, r->msg->id, false);
	ok = !xbuf_error(&head) && head.len == r->head_len &&
	     memcmp(head.data, r->body.data, head.len) == 0;
	xbuf_fini(&head);
	return ok;
}

/* The response envelope into out: the body closed in place, or (when a
 * handler rewrote it) wrapped in a new envelope. 0 or a fault code. */
static int envelope(struct rpc_req *r, struct xbuf *out)
{
	int err = xbuf_error(&r->body);

	if (err == 0 && head_intact(r)) {
		soap_envelope_close(&r->body);
		xbuf_move(out, &r->body);
	} else if (err == 0) {
		soap_envelope_open(out, r->ns, r->msg->id, false);
		xbuf_add(out, r->body.data, r->body.len);
		soap_envelope_close(out);
	}
	return fault_from_errno(err ? err : xbuf_error(out));
}

/* ---- list answers ---------------------------------------------------------- */

struct rpc_source {
	struct xbuf head;           /* the envelope up to the list's start tag */
	struct xbuf tail;           /* from the list's end tag to the envelope's end */
	struct rpc_list list;
	size_t n_items;             /* as counted */
	size_t items_len;           /* bytes of all items, as counted */
	size_t want;                /* piece size */
	struct xbuf piece;          /* the items being sent */
	size_t piece_off;           /* offset of piece within the items */
	size_t items_done;          /* items written into pieces so far */
	size_t off;                 /* bytes of the whole read so far */
};

static void list_free(const struct rpc_list *l)
{
	if (l->free)
		l->free(l->ctx);
}

void rpc_source_free(struct rpc_source *s)
{
	if (!s)
		return;
	list_free(&s->list);
	xbuf_fini(&s->head);
	xbuf_fini(&s->tail);
	xbuf_fini(&s->piece);
	free(s);
}

size_t rpc_source_len(const struct rpc_source *s)
{
	return s->head.len + s->items_len + s->tail.len;
}

void rpc_source_rewind(struct rpc_source *s)
{
	xbuf_reset(&s->piece);
	s->piece_off = 0;
	s->items_done = 0;
	s->off = 0;
}

/* Replace the piece by the next one: 0, or -EIO when the items are not
 * what was counted (none left, or more bytes). */
static int piece_next(struct rpc_source *s)
{
	bool more = false;
	long n;

	s->piece_off += s->piece.len;
	xbuf_reset(&s->piece);
	n = s->list.items(s->list.ctx, &s->piece, s->items_done, s->want, &more);
	if (n <= 0 || xbuf_error(&s->piece) || s->piece_off + s->piece.len > s->items_len)
		return -EIO;
	s->items_done += (size_t)n;
	return 0;
}

/* Where the bytes at s->off are and how many follow there: 0 or -EIO. */
static int source_at(struct rpc_source *s, const char **from, size_t *avail)
{
	size_t p = s->off;

	if (p < s->head.len) {
		*from = s->head.data + p;
		*avail = s->head.len - p;
		return 0;
	}
	p -= s->head.len;
	if (p < s->items_len) {
		if (p == s->piece_off + s->piece.len && piece_next(s) != 0)
			return -EIO;
		*from = s->piece.data + (p - s->piece_off);
		*avail = s->piece.len - (p - s->piece_off);
		return 0;
	}
	if (s->items_done != s->n_items || s->piece_off + s->piece.len != s->items_len)
		return -EIO;            /* fewer items than counted */
	p -= s->items_len;
	*from = s->tail.data + p;
	*avail = s->tail.len - p;
	return 0;
}

long rpc_source_read(struct rpc_source *s, char *buf, size_t n)
{
	size_t total = rpc_source_len(s), got = 0, avail;
	const char *from;

	while (got < n && s->off < total) {
		if (source_at(s, &from, &avail) != 0) {
			log_err("rpc: the %s list changed while it was sent", s->list.list);
			return -EIO;
		}
		if (avail > n - got)
			avail = n - got;
		memcpy(buf + got, from, avail);
		got += avail;
		s->off += avail;
	}
	return (long)got;
}

/* Count the list, then keep it as a source for the dispatcher to hand on;
 * r->body ends with the list's start tag. 0 or a fault code. */
static int source_start(struct rpc_req *r, const struct rpc_list *l)
{
	struct rpc_source *s = NULL;
	struct xbuf count;
	bool more = false;
	long n;

	xbuf_init_count(&count, RPC_ANSWER_MAX - r->body.len);
	n = l->items(l->ctx, &count, 0, SIZE_MAX, &more);
	if (n < 0 || xbuf_error(&count) || !(s = calloc(1, sizeof(*s)))) {
		list_free(l);
		return fault_from_errno(n < 0 ? (int)n : xbuf_error(&count) ? xbuf_error(&count) : -ENOMEM);
	}
	s->list = *l;
	s->n_items = (size_t)n;
	s->items_len = count.len;
	s->want = count.len / RPC_LIST_PIECES > RPC_LIST_INLINE ? count.len / RPC_LIST_PIECES
								 : RPC_LIST_INLINE;
	xbuf_init(&s->head, RPC_ANSWER_MAX);
	xbuf_init(&s->tail, RPC_ANSWER_MAX);
	xbuf_init(&s->piece, RPC_ANSWER_MAX);
	xbuf_printf(&r->body, "<cwmp:%s><%s soap-enc:arrayType=\"%s[%zu]\">", l->response, l->list,
		    l->item_type, s->n_items);
	xbuf_printf(&s->tail, "</%s></cwmp:%s>", l->list, l->response);
	r->src = s;
	return fault_from_errno(xbuf_error(&s->tail));
}

int rpc_answer_list(struct rpc_req *r, const struct rpc_list *l)
{
	size_t mark = r->body.len, at;
	bool more = false;
	long n;

	if (r->src) {
		list_free(l);
		return CWMP_FAULT_INTERNAL_ERROR;       /* one list per answer */
	}
	xbuf_printf(&r->body, "<cwmp:%s>", l->response);
	at = soap_array_open(&r->body, l->list, l->item_type);
	n = l->items(l->ctx, &r->body, 0, r->body.len + RPC_LIST_INLINE, &more);
	if (n < 0) {
		list_free(l);
		return fault_from_errno((int)n);
	}
	if (more) {
		xbuf_truncate(&r->body, mark);
		return source_start(r, l);
	}
	soap_array_close(&r->body, at, l->list, (size_t)n);
	xbuf_printf(&r->body, "</cwmp:%s>", l->response);
	list_free(l);
	return fault_from_errno(xbuf_error(&r->body));
}

/* Make r->body the source's head and close the envelope in its tail:
 * 0 or a fault code. */
static int source_wrap(struct rpc_req *r, struct rpc_source *s)
{
	if (xbuf_error(&r->body) || !head_intact(r))
		return fault_from_errno(xbuf_error(&r->body) ? xbuf_error(&r->body) : -EINVAL);
	xbuf_move(&s->head, &r->body);
	soap_envelope_close(&s->tail);
	if (rpc_source_len(s) > RPC_ANSWER_MAX)
		return CWMP_FAULT_RESOURCES_EXCEEDED;
	return fault_from_errno(xbuf_error(&s->tail));
}

/* For a caller of rpc_dispatch: the whole envelope of a source in out. */
static int source_gather(struct rpc_source *s, struct xbuf *out)
{
	bool more = false;

	xbuf_add(out, s->head.data, s->head.len);
	if (s->list.items(s->list.ctx, out, 0, SIZE_MAX, &more) < 0)
		return CWMP_FAULT_INTERNAL_ERROR;
	xbuf_add(out, s->tail.data, s->tail.len);
	return fault_from_errno(xbuf_error(out));
}

/* ---- the answer ------------------------------------------------------------ */

/* The envelope into env (or src), or the fault. 0 or a fault code. */
static int answer_build(struct rpc_req *r, int fault, struct xbuf *env,
			struct rpc_source **src)
{
	if (fault == 0 && *src)
		fault = source_wrap(r, *src);
	else if (fault == 0)
		fault = envelope(r, env);
	if (fault == 0 && *src && !r->answer) {
		fault = source_gather(*src, env);
		rpc_source_free(*src);
		*src = NULL;
	}
	return fault;
}

/* Finish the envelope (or write the fault) and hand it to the caller;
 * frees the request. */
void rpc_complete(struct rpc_req *r, int fault)
{
	struct rpc_source *src = r->src;
	struct xbuf env;

	r->src = NULL;
	xbuf_init(&env, RPC_ANSWER_MAX);
	fault = answer_build(r, fault, &env, &src);
	if (fault != 0) {
		rpc_source_free(src);
		src = NULL;
		xbuf_fini(&r->body);            /* maybe a big list, cut short */
		xbuf_fini(&env);
		xbuf_init(&env, RPC_ANSWER_MAX);
		log_notice("rpc: %s answered with fault %d (%s)", r->msg->name ? r->msg->name : "?",
			   fault, fault_string(fault));
		soap_write_fault(&env, r->ns, r->msg->id, fault, NULL, r->param_faults,
				 r->n_param_faults);
	}
	if (r->answer)
		r->answer(r->done_ctx, &env, src);
	else
		r->done(r->done_ctx, &env);
	xbuf_fini(&env);
	xbuf_fini(&r->body);
	free(r);
}
