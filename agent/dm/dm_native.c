/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The native parameters as plugin lines: the model version, and the
 * ManagementServer object from the config (ACS URL and credentials,
 * periodic inform, retry policy, connection request) and the agent's state
 * (ParameterKey); and the way back: what the ACS sets is written to the
 * config file, which the agent reloads when the session ends.
 * HTTPConnectionRequestEnable is cpe.cr_enable (connreq.c listens when
 * it is true).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cr_status.h"
#include "cr_url.h"
#include "dm_native.h"
#include "log.h"
#include "pluginio.h"
#include "schema.h"
#include "timefmt.h"
#include "xmpp_dm.h"

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

static void put_periodic(const struct config *cfg, struct xbuf *out)
{
	char t[TIMEFMT_LEN];

	pluginio_write(out, MS "PeriodicInformEnable", cfg->periodic_enable ? "true" : "false");
	put_uint(out, MS "PeriodicInformInterval", cfg->periodic_interval);
	if (timefmt_format(cfg->periodic_time, t, sizeof(t)) < 0)
		t[0] = '\0';
	pluginio_write(out, MS "PeriodicInformTime", t);
}

static void put_conn_req(const struct config *cfg, const char *cr_device, struct xbuf *out)
{
	char url[2100];

	pluginio_write(out, MS "ConnectionRequestURL",
		       str_or_empty(cr_url(cfg, cr_device, url, sizeof(url))));
	pluginio_write(out, MS "ConnectionRequestUsername", str_or_empty(cfg->cr_username));
	pluginio_write(out, MS "ConnectionRequestPassword", str_or_empty(cfg->cr_password));
}

/* The STUN client's settings (TR-111 Part 2); its findings are
 * cr_status_native's. */
static void put_stun(const struct config *cfg, struct xbuf *out)
{
	char v[16];

	pluginio_write(out, MS "STUNEnable", cfg->stun_enable ? "true" : "false");
	pluginio_write(out, MS "STUNServerAddress", str_or_empty(cfg->stun_server));
	put_uint(out, MS "STUNServerPort", cfg->stun_port);
	pluginio_write(out, MS "STUNUsername", str_or_empty(cfg->stun_username));
	pluginio_write(out, MS "STUNPassword", str_or_empty(cfg->stun_password));
	put_uint(out, MS "STUNMinimumKeepAlivePeriod", cfg->stun_min_keepalive);
	snprintf(v, sizeof(v), "%d", cfg->stun_max_keepalive);
	pluginio_write(out, MS "STUNMaximumKeepAlivePeriod", v);
}

int dm_native_get(const struct config *cfg, const char *parameter_key, const char *cr_device,
		  const struct cr_status *crs, struct xbuf *out)
{
	pluginio_write(out, "Device.RootDataModelVersion", dm_schema_version);
	pluginio_write(out, MS "URL", str_or_empty(cfg->acs_url));
	pluginio_write(out, MS "Username", str_or_empty(cfg->acs_username));
	pluginio_write(out, MS "Password", str_or_empty(cfg->acs_password));
	put_periodic(cfg, out);
	pluginio_write(out, MS "ParameterKey", parameter_key ? parameter_key : "");
	put_conn_req(cfg, cr_device, out);
	put_stun(cfg, out);
	cr_status_native(crs, cfg, out);
	put_uint(out, MS "CWMPRetryMinimumWaitInterval", cfg->retry_min_wait);
	put_uint(out, MS "CWMPRetryIntervalMultiplier", cfg->retry_multiplier);
	pluginio_write(out, MS "AliasBasedAddressing", "false");
	pluginio_write(out, MS "InstanceWildcardsSupported", "false");
	pluginio_write(out, MS "EnableCWMP", cfg->enable ? "true" : "false");
	pluginio_write(out, MS "HTTPConnectionRequestEnable",
		       cfg->cr_enable ? "true" : "false");
	put_uint(out, MS "DefaultActiveNotificationThrottle", cfg->notify_throttle);
	pluginio_write(out, MS "UpgradesManaged", cfg->upgrades_managed ? "true" : "false");
	return xbuf_error(out);
}

/* ---- writes --------------------------------------------------------------- */

static const struct native_opt native_opts[] = {
	{ "URL", "acs", "url", false },
	{ "Username", "acs", "username", false },
	{ "Password", "acs", "password", false },
	{ "PeriodicInformEnable", "acs", "periodic_enable", true },
	{ "PeriodicInformInterval", "acs", "periodic_interval", false },
	{ "PeriodicInformTime", "acs", "periodic_time", false },
	{ "CWMPRetryMinimumWaitInterval", "acs", "retry_min_wait", false },
	{ "CWMPRetryIntervalMultiplier", "acs", "retry_multiplier", false },
	{ "EnableCWMP", "acs", "enable", true },
	{ "UpgradesManaged", "acs", "upgrades_managed", true },
	{ "DefaultActiveNotificationThrottle", "acs", "notify_throttle", false },
	{ "ConnectionRequestUsername", "cpe", "username", false },
	{ "ConnectionRequestPassword", "cpe", "password", false },
	{ "HTTPConnectionRequestEnable", "cpe", "cr_enable", true },
	{ "STUNEnable", "stun", "enable", true },
	{ "STUNServerAddress", "stun", "server", false },
	{ "STUNServerPort", "stun", "port", false },
	{ "STUNUsername", "stun", "username", false },
	{ "STUNPassword", "stun", "password", false },
	{ "STUNMinimumKeepAlivePeriod", "stun", "min_keepalive", false },
	{ "STUNMaximumKeepAlivePeriod", "stun", "max_keepalive", false },
};

static const struct native_opt *opt_of(const char *path)
{
	size_t ms = strlen(MS);

	if (!path)
		return NULL;
	for (size_t i = 0; i < sizeof(native_opts) / sizeof(native_opts[0]); i++)
		if (strncmp(path, MS, ms) == 0 && strcmp(path + ms, native_opts[i].param) == 0)
			return &native_opts[i];
	return xmpp_dm_opt(path);
}

/* The option's text for a TR-181 value. */
static const char *option_text(const struct native_opt *o, const char *value)
{
	if (!o->boolean)
		return value;
	return strcmp(value, "true") == 0 || strcmp(value, "1") == 0 ? "1" : "0";
}

int dm_native_check(const char *path, const char *value)
{
	const struct native_opt *o = opt_of(path);

	if (!o)
		return -ENOENT;
	return config_check_option(o->section, o->option, option_text(o, value));
}

int dm_native_write(const char *config_path, const char *const *paths,
		    const char *const *values, size_t n)
{
	struct config_edit *e = calloc(n + 1, sizeof(*e));
	const struct native_opt *o;
	int rc = e ? 0 : -ENOMEM;

	for (size_t i = 0; i < n && rc == 0; i++) {
		o = opt_of(paths[i]);
		if (!o)
			rc = -ENOENT;
		else
			e[i] = (struct config_edit){ o->section, o->option, option_text(o, values[i]) };
	}
	if (rc == 0)
		rc = config_set_options(config_path, e, n);
	if (rc != 0)
		log_err("dm: cannot write the ManagementServer values to %s: %s", config_path,
			strerror(-rc));
	free(e);
	return rc;
}
