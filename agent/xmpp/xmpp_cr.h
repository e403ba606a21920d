/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The decision on one XMPP connection request (TR-069 Annex K), apart
 * from the XMPP library so that it is tested on its own: the fields of an
 * <iq type="get"> carrying <connectionRequest
 * xmlns="urn:broadband-forum-org:cwmp:xmppConnReq-1-0"> in, a verdict out.
 * Valid when the username and password are the ConnectionRequestUsername
 * and Password (compared in constant time; no username configured: never
 * valid) and the sender is allowed by ConnReqAllowedJabberIDs (empty: any
 * sender; a bare JID entry matches every resource, a full one only
 * itself). Failures are charged to the sender's bare JID in a cr_guard
 * (the HTTP server's back-off): a sender that keeps failing is refused
 * until its debt drains, even with the right password.
 */
#ifndef CWMP_XMPP_CR_H
#define CWMP_XMPP_CR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cr_guard.h"

#define XMPP_CR_NS "urn:broadband-forum-org:cwmp:xmppConnReq-1-0"
#define XMPP_JID_MAX 3072       /* local@domain/resource, 1023 bytes each */

/* What the stanza carried; NULL for what it did not. */
struct xmpp_cr_req {
	const char *from;               /* the iq's from (the server stamps it) */
	const char *username;
	const char *password;
};

/* What it is checked against (the config at this moment). */
struct xmpp_cr_policy {
	const char *username;           /* ConnectionRequestUsername */
	const char *password;           /* ConnectionRequestPassword */
	const char *allowed;            /* ConnReqAllowedJabberIDs */
};

enum xmpp_cr_verdict {
	XMPP_CR_ACCEPT,                 /* result, and 6 CONNECTION REQUEST */
	XMPP_CR_BAD_CREDENTIALS,        /* not-authorized */
	XMPP_CR_SENDER_REFUSED,         /* not-authorized: not an allowed JID */
	XMPP_CR_BLOCKED,                /* too many failures from it: refused
					   without looking */
};

/* The verdict on r under p at now_ms, charging or refunding the sender in
 * g. Never allocates. */
enum xmpp_cr_verdict xmpp_cr_decide(struct cr_guard *g, const struct xmpp_cr_req *r,
				    const struct xmpp_cr_policy *p, int64_t now_ms);

/* Whether jid (a full or bare JID) is allowed by the comma-separated list
 * (blanks around entries ignored; local part and domain compared without
 * regard to ASCII case, the resource exactly). An empty list allows all. */
bool xmpp_jid_allowed(const char *list, const char *jid);

/* The guard key of jid's bare part (its local part and domain). */
void xmpp_cr_guard_key(const char *jid, uint8_t key[CR_GUARD_KEY_LEN]);

#endif
