/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The native parameters as plugin lines: the model version, and the
 * ManagementServer object from the config (ACS URL and credentials,
 * periodic inform, retry policy, connection request) and the agent's state
 * (ParameterKey). Parameters that have no config option yet report what
 * the agent really does: CWMP is enabled (it is running), connection
 * requests are not served yet (issue 4), no notification throttle, and
 * upgrades are not restricted to the ACS.
 */
#include <stdio.h>

#include "agent.h"
#include "dm_native.h"
#include "pluginio.h"
#include "schema.h"
#include "timefmt.h"

#define MS "Device.ManagementServer."

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

static void put_uint(struct xbuf *out, const char *path, unsigned v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	pluginio_write(out, path, buf);
}

static void put_periodic(struct agent *a, struct xbuf *out)
{
	char t[TIMEFMT_LEN];

	pluginio_write(out, MS "PeriodicInformEnable", a->cfg.periodic_enable ? "true" : "false");
	put_uint(out, MS "PeriodicInformInterval", a->cfg.periodic_interval);
	if (timefmt_format(a->cfg.periodic_time, t, sizeof(t)) < 0)
		t[0] = '\0';
	pluginio_write(out, MS "PeriodicInformTime", t);
}

static void put_conn_req(struct agent *a, struct xbuf *out)
{
	char url[2100];

	pluginio_write(out, MS "ConnectionRequestURL",
		       str_or_empty(agent_connection_request_url(a, url, sizeof(url))));
	pluginio_write(out, MS "ConnectionRequestUsername", str_or_empty(a->cfg.cr_username));
	pluginio_write(out, MS "ConnectionRequestPassword", str_or_empty(a->cfg.cr_password));
	pluginio_write(out, MS "SupportedConnReqMethods", "HTTP");
}

int dm_native_get(struct agent *a, struct xbuf *out)
{
	pluginio_write(out, "Device.RootDataModelVersion", dm_schema_version);
	pluginio_write(out, MS "URL", str_or_empty(a->cfg.acs_url));
	pluginio_write(out, MS "Username", str_or_empty(a->cfg.acs_username));
	pluginio_write(out, MS "Password", str_or_empty(a->cfg.acs_password));
	put_periodic(a, out);
	pluginio_write(out, MS "ParameterKey", a->parameter_key);
	put_conn_req(a, out);
	put_uint(out, MS "CWMPRetryMinimumWaitInterval", a->cfg.retry_min_wait);
	put_uint(out, MS "CWMPRetryIntervalMultiplier", a->cfg.retry_multiplier);
	pluginio_write(out, MS "AliasBasedAddressing", "false");
	pluginio_write(out, MS "InstanceWildcardsSupported", "false");
	pluginio_write(out, MS "EnableCWMP", "true");
	pluginio_write(out, MS "HTTPConnectionRequestEnable", "false");
	pluginio_write(out, MS "DefaultActiveNotificationThrottle", "0");
	pluginio_write(out, MS "UpgradesManaged", "false");
	return xbuf_error(out);
}
