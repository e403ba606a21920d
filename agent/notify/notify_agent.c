/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a notification poll observes besides the plugins' values: the
 * agent's own forced-inform values (as the Inform writes them), one
 * observed value against its attributes, and the source of a path.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "notify.h"
#include "cr_status.h"
#include "cr_url.h"
#include "attrs.h"
#include "dm_plugin.h"
#include "log.h"
#include "notify_agent.h"
#include "schema.h"
#include "soap_type.h"
#include "types.h"

/* The forced-inform values as the Inform writes them (session.c). The
 * ParameterKey is left out: only the ACS's own RPCs change it. */
static const char *root_version(const struct notify_env *e, char *buf, size_t len)
{
	(void)e;
	(void)buf;
	(void)len;
	return dm_schema_version;
}

static const char *hardware_version(const struct notify_env *e, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return e->id->hardware_version;
}

static const char *software_version(const struct notify_env *e, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return e->id->software_version;
}

static const char *provisioning_code(const struct notify_env *e, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return e->id->provisioning_code;
}

static const char *connection_request_url(const struct notify_env *e, char *buf, size_t len)
{
	return cr_url(e->cfg, e->id->wan_device, buf, len);
}

/* The address the ACS sends UDP connection requests to: watched while
 * STUN is on, NULL while it has not answered (held, not reported). */
static const char *udp_address(const struct notify_env *e, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return e->cfg->stun_enable ? cr_status_udp_address(e->crs, e->cfg) : NULL;
}

/* STUNEnable: forced-inform and active by default (datamodel/map.txt
 * "inform"), so the polls skip it like the others: read here, or a
 * change from the config file is never notified. */
static const char *stun_enable(const struct notify_env *e, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return e->cfg->stun_enable ? "true" : "false";
}

/* ConnReqJabberID: the agent's own like the others, so that it is read
 * when an Inform is built and not only by the next poll. A BOOTSTRAP
 * Inform that went out before the first login did not carry it (nor did
 * the ACS read it then: GenieACS's bootstrap does not), so the login that
 * follows must be a change against "", even when the first poll was
 * dropped for that session and this is the first time it is seen. */
static const char *conn_req_jid(const struct notify_env *e, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return e->conn_req_jid ? e->conn_req_jid(e->ctx) : NULL;
}

static const struct agent_value {
	const char *path;
	const char *(*get)(const struct notify_env *e, char *buf, size_t len);
	bool identity;          /* from the platform's identity */
} agent_values[] = {
	{ "Device.RootDataModelVersion", root_version, false },
	{ "Device.DeviceInfo.HardwareVersion", hardware_version, true },
	{ "Device.DeviceInfo.SoftwareVersion", software_version, true },
	{ "Device.DeviceInfo.ProvisioningCode", provisioning_code, true },
	/* the identity resolves cpe.interface to its device */
	{ "Device.ManagementServer.ConnectionRequestURL", connection_request_url, true },
	{ "Device.ManagementServer.UDPConnectionRequestAddress", udp_address, false },
	{ "Device.ManagementServer.STUNEnable", stun_enable, false },
	{ "Device.ManagementServer.ConnReqJabberID", conn_req_jid, false },
};

#define N_AGENT_VALUES (sizeof(agent_values) / sizeof(agent_values[0]))

/* The identity is known and not being fetched again (after a reload). */
bool notify_identity_stable(const struct notify_env *e)
{
	return e->identity_stable && e->identity_stable(e->ctx);
}

int notify_observe_node(struct notify_set *s, const struct attrs *at, const char *path,
			const char *value, const struct dm_node *node, uint16_t src)
{
	int notif = attrs_notification(at, path, node);
	struct notify_obs o = { path, value, soap_type_of(node), src, notif == 2,
				(node->flags & DM_F_FORCED_INFORM) != 0,
				node->type == DM_T_BOOLEAN };

	return notif == 0 ? 0 : notify_set_observe(s, &o);
}

/* value when it fits node's type, else NULL: held, never reported (the
 * Inform leaves it out too, and says so in the log). */
static const char *valid_or_null(const struct dm_node *node, const char *value)
{
	return value && dm_value_check(node, value) == 0 ? value : NULL;
}

/* Compare the agent's forced-inform values. Returns how many changed
 * (> 0), 0, or -errno. A value that finds the watch set full is not
 * watched (logged); the others still are. */
int notify_observe_agent(const struct notify_env *e, struct notify_set *s,
			 const struct attrs *at)
{
	char buf[300];
	int changed = 0;

	for (size_t i = 0; i < N_AGENT_VALUES; i++) {
		const struct agent_value *v = &agent_values[i];
		long node = dm_schema_find(v->path);
		int rc;

		if (node < 0 || (v->identity && !notify_identity_stable(e)))
			continue;
		rc = notify_observe_node(s, at, v->path,
					 valid_or_null(&dm_schema[node], v->get(e, buf, sizeof(buf))),
					 &dm_schema[node], NOTIFY_SRC_AGENT);
		if (rc == -E2BIG) {
			log_warn("notify: watch set full (%d): %s not watched", NOTIFY_WATCH_MAX,
				 v->path);
			continue;
		}
		if (rc < 0)
			return rc;
		changed += rc;
	}
	return changed;
}

/* The source a poll gives path: the agent's own forced-inform values, or
 * the plugin backing it (0: native or unknown). */
uint16_t notify_source_of(void *ctx, const char *path)
{
	long node;

	(void)ctx;
	for (size_t i = 0; i < N_AGENT_VALUES; i++)
		if (strcmp(agent_values[i].path, path) == 0)
			return NOTIFY_SRC_AGENT;
	node = dm_plugin_schema_node(path);
	return node < 0 ? 0 : dm_plugin_of((uint32_t)node);
}

