/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The XMPP client of a build without libstrophe (./configure
 * --disable-xmpp, or libstrophe not found): there is none. A config that
 * enables one is told so in the log, and Device.XMPP.Connection.1 says
 * Error_Misconfigured; HTTP connection requests work as ever.
 */
#include "log.h"
#include "xmpp_client.h"

bool xmpp_client_built(void)
{
	return false;
}

struct xmpp_client *xmpp_client_new(const struct xmpp_client_env *env)
{
	if (env->cfg->xmpp_enable)
		log_warn("xmpp: xmpp.enable is set, but cwmpd was built without XMPP "
			 "(libstrophe): no XMPP connection requests");
	return NULL;
}

void xmpp_client_reload(struct xmpp_client *c)
{
	(void)c;
}

void xmpp_client_status(const struct xmpp_client *c, const struct config *cfg,
			struct xmpp_status *st)
{
	(void)c;
	*st = (struct xmpp_status){ cfg->xmpp_enable ? "Error_Misconfigured" : "Disabled",
				    "", "", false, 0 };
}

void xmpp_client_free(struct xmpp_client *c)
{
	(void)c;
}
