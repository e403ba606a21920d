/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connection request values the ACS chooses its method by
 * (cr_status.h): the list of methods and the STUN client's findings, as
 * the data model, the Inform and the notifications read them.
 */
#include <stdio.h>
#include <string.h>

#include "cr_status.h"
#include "pluginio.h"
#include "xmpp_dm.h"

#define MS "Device.ManagementServer."

/* Whether STUN runs: built in and on. */
static bool stun_on(const struct config *cfg)
{
#ifdef HAVE_STUN
	return cfg->stun_enable;
#else
	(void)cfg;
	return false;
#endif
}

const char *cr_status_methods(const struct config *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "HTTP%s%s", stun_on(cfg) ? ",STUN" : "",
		 xmpp_dm_available(cfg) ? ",XMPP" : "");
	return buf;
}

const char *cr_status_udp_address(const struct cr_status *st, const struct config *cfg)
{
	if (!stun_on(cfg))
		return "";
	return st && st->udp_known ? st->udp_address : NULL;
}

bool cr_status_nat(const struct cr_status *st, const struct config *cfg)
{
	return stun_on(cfg) && st && st->udp_known && st->nat_detected;
}

size_t cr_status_inform(const struct cr_status *st, const struct config *cfg,
			struct param_value *out)
{
	size_t n = 0;
#ifdef HAVE_STUN
	const char *addr = cr_status_udp_address(st, cfg);

	out[n++] = (struct param_value){ MS "STUNEnable", cfg->stun_enable ? "true" : "false",
					 "xsd:boolean" };
	if (addr)
		out[n++] = (struct param_value){ MS "UDPConnectionRequestAddress", addr,
						 "xsd:string" };
#else
	(void)st;
	(void)cfg;
	(void)out;
#endif
	return n;
}

int cr_status_native(const struct cr_status *st, const struct config *cfg, struct xbuf *out)
{
	char methods[64];
	const char *addr = cr_status_udp_address(st, cfg);

	pluginio_write(out, MS "SupportedConnReqMethods",
		       cr_status_methods(cfg, methods, sizeof(methods)));
	pluginio_write(out, MS "UDPConnectionRequestAddress", addr ? addr : "");
	pluginio_write(out, MS "NATDetected", cr_status_nat(st, cfg) ? "true" : "false");
	return xbuf_error(out);
}
