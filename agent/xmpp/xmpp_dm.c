/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device.XMPP. and the ManagementServer's XMPP parameters (xmpp_dm.h):
 * read from the config and the client's status, written to the config's
 * section 'xmpp'. ConnReqJabberID is the last JID the client logged in as
 * while the connection is enabled and referenced (TR-181: it stays while
 * the connection is lost, so the ACS sees no change for a reconnect), ""
 * otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "pluginio.h"
#include "timefmt.h"
#include "xmpp_dm.h"

#define MS "Device.ManagementServer."
#define CONN "Device.XMPP.Connection.1."
#define SERVER CONN "Server.1."

static const struct native_opt xmpp_opts[] = {
	{ MS "ConnReqXMPPConnection", "xmpp", "connreq", false },
	{ MS "ConnReqAllowedJabberIDs", "xmpp", "allowed_jids", false },
	{ CONN "Enable", "xmpp", "enable", true },
	{ CONN "Username", "xmpp", "username", false },
	{ CONN "Password", "xmpp", "password", false },
	{ CONN "Domain", "xmpp", "domain", false },
	{ CONN "Resource", "xmpp", "resource", false },
	{ CONN "KeepAliveInterval", "xmpp", "keepalive", false },
	{ CONN "ServerRetryInitialInterval", "xmpp", "retry_initial", false },
	{ CONN "ServerRetryIntervalMultiplier", "xmpp", "retry_multiplier", false },
	{ CONN "ServerRetryMaxInterval", "xmpp", "retry_max", false },
	{ CONN "UseTLS", "xmpp", "use_tls", true },
	{ SERVER "ServerAddress", "xmpp", "server", false },
	{ SERVER "Port", "xmpp", "port", false },
};

const struct native_opt *xmpp_dm_opt(const char *path)
{
	for (size_t i = 0; path && i < sizeof(xmpp_opts) / sizeof(xmpp_opts[0]); i++)
		if (strcmp(path, xmpp_opts[i].param) == 0)
			return &xmpp_opts[i];
	return NULL;
}

bool xmpp_dm_available(const struct config *cfg)
{
	return xmpp_client_built() && cfg->xmpp_enable && cfg->xmpp_connreq && cfg->xmpp_connreq[0];
}

static const char *s(const char *v)
{
	return v ? v : "";
}

static const char *b(bool v)
{
	return v ? "true" : "false";
}

static void put_uint(struct xbuf *out, const char *path, unsigned v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	pluginio_write(out, path, buf);
}

const char *xmpp_dm_conn_req_jid(const struct config *cfg, const struct xmpp_status *st)
{
	return cfg->xmpp_enable && cfg->xmpp_connreq && cfg->xmpp_connreq[0] ? s(st->cr_jid) : "";
}

static void put_management_server(const struct config *cfg, const struct xmpp_status *st,
				  struct xbuf *out)
{
	bool referenced = cfg->xmpp_connreq && cfg->xmpp_connreq[0];

	pluginio_write(out, MS "ConnReqXMPPConnection",
		       referenced ? "Device.XMPP.Connection.1" : "");
	pluginio_write(out, MS "ConnReqAllowedJabberIDs", s(cfg->xmpp_allowed_jids));
	pluginio_write(out, MS "ConnReqJabberID", xmpp_dm_conn_req_jid(cfg, st));
}

static void put_server(const struct config *cfg, struct xbuf *out)
{
	pluginio_write(out, CONN "ServerNumberOfEntries", "1");
	pluginio_write(out, SERVER "Enable", "true");
	pluginio_write(out, SERVER "Priority", "0");
	pluginio_write(out, SERVER "Weight", "-1");
	pluginio_write(out, SERVER "ServerAddress", s(cfg->xmpp_server));
	put_uint(out, SERVER "Port", cfg->xmpp_port);
}

static void put_retry(const struct config *cfg, struct xbuf *out)
{
	put_uint(out, CONN "KeepAliveInterval", cfg->xmpp_keepalive);
	put_uint(out, CONN "ServerRetryInitialInterval", cfg->xmpp_retry_initial);
	put_uint(out, CONN "ServerRetryIntervalMultiplier", cfg->xmpp_retry_multiplier);
	put_uint(out, CONN "ServerRetryMaxInterval", cfg->xmpp_retry_max);
}

int xmpp_dm_get(const struct config *cfg, const struct xmpp_status *st, struct xbuf *out)
{
	char t[TIMEFMT_LEN];

	if (timefmt_format(st->last_change, t, sizeof(t)) < 0)
		t[0] = '\0';
	put_management_server(cfg, st, out);
	pluginio_write(out, "Device.XMPP.SupportedServerConnectAlgorithms", "DNS-SRV,ServerTable");
	pluginio_write(out, "Device.XMPP.ConnectionNumberOfEntries", "1");
	pluginio_write(out, CONN "Enable", b(cfg->xmpp_enable));
	pluginio_write(out, CONN "Username", s(cfg->xmpp_username));
	pluginio_write(out, CONN "Password", "");
	pluginio_write(out, CONN "Domain", s(cfg->xmpp_domain));
	pluginio_write(out, CONN "Resource", s(cfg->xmpp_resource));
	pluginio_write(out, CONN "JabberID", s(st->jid));
	pluginio_write(out, CONN "Status", s(st->status));
	pluginio_write(out, CONN "LastChangeDate", t);
	pluginio_write(out, CONN "ServerConnectAlgorithm",
		       cfg->xmpp_server && cfg->xmpp_server[0] ? "ServerTable" : "DNS-SRV");
	put_retry(cfg, out);
	pluginio_write(out, CONN "UseTLS", b(cfg->xmpp_use_tls));
	pluginio_write(out, CONN "TLSEstablished", b(st->tls));
	put_server(cfg, out);
	return xbuf_error(out);
}
