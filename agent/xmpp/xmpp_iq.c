/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stanzas the XMPP client answers once logged in: a connection
 * request (<iq type="get"> with <connectionRequest
 * xmlns="urn:broadband-forum-org:cwmp:xmppConnReq-1-0">: the verdict is
 * xmpp_cr.c's) gets an empty result and raises EV_CONNECTION_REQUEST when
 * valid, else <error type="cancel"><not-authorized/></error> (a sender
 * blocked for its failures: type "wait", policy-violation); a ping
 * (XEP-0199) gets its result; any other get or set feature-not-implemented
 * (RFC 6120 8.4). Replies carry no payload of the request: never its
 * password. Neither passwords nor usernames are logged.
 */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "xmpp_int.h"

#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_PING "urn:xmpp:ping"

/* A new <iq> of type to the sender of req, with its id (NULL: no memory). */
static xmpp_stanza_t *reply_to(xmpp_ctx_t *ctx, xmpp_stanza_t *req, const char *type)
{
	xmpp_stanza_t *iq = xmpp_iq_new(ctx, type, xmpp_stanza_get_id(req));
	const char *from = xmpp_stanza_get_from(req);

	if (iq && from)
		xmpp_stanza_set_to(iq, from);
	return iq;
}

/* An error reply: <error type=etype><condition xmlns=stanzas/></error>. */
static void reply_error(struct xmpp_client *c, xmpp_stanza_t *req, const char *etype,
			const char *condition)
{
	xmpp_stanza_t *iq = reply_to(c->ctx, req, "error");
	xmpp_stanza_t *err = xmpp_stanza_new(c->ctx), *cond = xmpp_stanza_new(c->ctx);

	if (iq && err && cond) {
		xmpp_stanza_set_name(err, "error");
		xmpp_stanza_set_type(err, etype);
		xmpp_stanza_set_name(cond, condition);
		xmpp_stanza_set_ns(cond, NS_STANZAS);
		xmpp_stanza_add_child(err, cond);
		xmpp_stanza_add_child(iq, err);
		xmpp_send(c->conn, iq);
	}
	if (cond)
		xmpp_stanza_release(cond);
	if (err)
		xmpp_stanza_release(err);
	if (iq)
		xmpp_stanza_release(iq);
}

static void reply_result(struct xmpp_client *c, xmpp_stanza_t *req)
{
	xmpp_stanza_t *iq = reply_to(c->ctx, req, "result");

	if (iq) {
		xmpp_send(c->conn, iq);
		xmpp_stanza_release(iq);
	}
}

/* The text of cr's child name, a new string (xmpp_free) or NULL. */
static char *child_text(xmpp_stanza_t *cr, const char *name)
{
	xmpp_stanza_t *child = xmpp_stanza_get_child_by_name(cr, name);

	return child ? xmpp_stanza_get_text(child) : NULL;
}

static void refused(struct xmpp_client *c, const char *from, enum xmpp_cr_verdict v)
{
	int64_t now = loop_now_ms();
	struct cr_quiet *q = v == XMPP_CR_BLOCKED ? &c->blocked : &c->denied;

	if (!cr_quiet_due(q, now))
		return;
	log_notice("xmpp: connection request from %.256s refused: %s (%u more refused since "
		   "the last message)", from ? from : "(no sender)",
		   v == XMPP_CR_BLOCKED ? "too many failures, blocked for now" :
		   v == XMPP_CR_SENDER_REFUSED ? "not in ConnReqAllowedJabberIDs" :
		   "wrong credentials", q->hidden);
	q->hidden = 0;
}

static void connection_request(struct xmpp_client *c, xmpp_stanza_t *iq, xmpp_stanza_t *cr)
{
	const struct config *cfg = c->env.cfg;
	char *user = child_text(cr, "username"), *pass = child_text(cr, "password");
	const struct xmpp_cr_req req = { xmpp_stanza_get_from(iq), user, pass };
	const struct xmpp_cr_policy pol = { cfg->cr_username, cfg->cr_password,
					    cfg->xmpp_allowed_jids };
	enum xmpp_cr_verdict v = xmpp_cr_decide(&c->guard, &req, &pol, loop_now_ms());

	if (v == XMPP_CR_ACCEPT) {
		log_notice("xmpp: connection request from %.256s accepted", req.from);
		reply_result(c, iq);
		events_raise(c->env.events, EV_CONNECTION_REQUEST, "");
	} else {
		refused(c, req.from, v);
		if (v == XMPP_CR_BLOCKED)
			reply_error(c, iq, "wait", "policy-violation");
		else
			reply_error(c, iq, "cancel", "not-authorized");
	}
	if (pass) {
		memset(pass, 0, strlen(pass));
		xmpp_free(c->ctx, pass);
	}
	if (user)
		xmpp_free(c->ctx, user);
}

int xmpp_iq_cb(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata)
{
	struct xmpp_client *c = userdata;
	const char *type = xmpp_stanza_get_type(stanza);
	xmpp_stanza_t *cr = xmpp_stanza_get_child_by_ns(stanza, XMPP_CR_NS);
	xmpp_stanza_t *child = xmpp_stanza_get_children(stanza);
	const char *name = cr ? xmpp_stanza_get_name(cr) : NULL;

	(void)conn;
	if (!type || (strcmp(type, "get") != 0 && strcmp(type, "set") != 0))
		return 1;       /* results and errors: ours come through id handlers */
	if (strcmp(type, "get") == 0 && name && strcmp(name, "connectionRequest") == 0)
		connection_request(c, stanza, cr);
	else if (strcmp(type, "get") == 0 && xmpp_stanza_get_child_by_ns(stanza, NS_PING))
		reply_result(c, stanza);
	else if (child)
		reply_error(c, stanza, "cancel", "feature-not-implemented");
	return 1;
}

int xmpp_iq_ping(struct xmpp_client *c, const char *id, xmpp_handler pong)
{
	xmpp_stanza_t *iq = xmpp_iq_new(c->ctx, "get", id), *ping = xmpp_stanza_new(c->ctx);
	int rc = -ENOMEM;

	if (iq && ping) {
		xmpp_stanza_set_name(ping, "ping");
		xmpp_stanza_set_ns(ping, NS_PING);
		xmpp_stanza_add_child(iq, ping);
		if (c->env.cfg->xmpp_domain[0])
			xmpp_stanza_set_to(iq, c->env.cfg->xmpp_domain);
		xmpp_id_handler_add(c->conn, pong, id, c);
		xmpp_send(c->conn, iq);
		rc = 0;
	}
	if (ping)
		xmpp_stanza_release(ping);
	if (iq)
		xmpp_stanza_release(iq);
	return rc;
}
