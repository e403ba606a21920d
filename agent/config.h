/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpd's configuration: the options of /etc/config/cwmpd as a table
 * (section, option, type, default, where it goes in struct config). Unknown
 * options are warned about; a wrong value is an error naming file, line and
 * option.
 */
#ifndef CWMP_CONFIG_H
#define CWMP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define CONFIG_DEFAULT_PATH "/etc/config/cwmpd"
#define CONFIG_SOCKET_MAX 107       /* bytes of a path in struct sockaddr_un */

struct config {
	/* config acs 'acs' */
	char *acs_url;              /* required; http:// or https:// */
	char *acs_username;
	char *acs_password;
	bool periodic_enable;       /* default true */
	unsigned periodic_interval; /* seconds, >= 1, default 86400 */
	time_t periodic_time;       /* TIMEFMT_UNKNOWN when unset */
	char *ca_file;              /* "" = system bundle */
	char *client_cert;
	char *client_key;
	bool verify;                /* default true */
	unsigned timeout;           /* seconds per HTTP exchange, default 30 */
	unsigned retry_min_wait;    /* CWMPRetryMinimumWaitInterval, 1..65535, default 5 */
	unsigned retry_multiplier;  /* CWMPRetryIntervalMultiplier, 1000..65535, default 2000 */
	bool enable;                /* EnableCWMP: sessions with the ACS, default true */
	bool upgrades_managed;      /* UpgradesManaged, default false */
	unsigned notify_throttle;   /* DefaultActiveNotificationThrottle, seconds, default 0 */
	char *provisioning_code;    /* DeviceInfo.ProvisioningCode on OpenWrt (read and
				       written by the deviceinfo and system plugins) */

	/* config cpe 'cpe' */
	unsigned cr_port;           /* 1..65535, default 7547 */
	char *cr_path;              /* default "/" */
	char *cr_interface;
	char *cr_address;
	char *cr_username;
	char *cr_password;
	bool cr_enable;              /* HTTPConnectionRequestEnable, default true */
	char *cr_digest;            /* Digest algorithms offered and accepted:
				       "SHA-256", "MD5" or both, default both */
	char *state_dir;            /* default /etc/cwmpd */
	char *platform;             /* "openwrt" or "sim" */
	char *plugin_dir;           /* default PLUGINDIR */
	int log_level;              /* enum log_level, default notice */
	unsigned notify_interval;   /* seconds between value-change polls, 0 = only at
				       start, after sessions and on SIGUSR1; default 60 */
	unsigned download_max;      /* bytes a Download may fetch, default 64 MiB */
	char *download_dir;         /* a download's temporary file; "" = state_dir */
	unsigned transfer_timeout;  /* seconds a download or upload may take, 3600 */
	char *ctl_socket;           /* cwmpctl's control socket; "" = none */

	/* config stun 'stun' (TR-111 Part 2: STUN and UDP connection requests) */
	bool stun_enable;           /* STUNEnable, default false */
	char *stun_server;          /* STUNServerAddress; "" = the ACS URL's host */
	unsigned stun_port;         /* STUNServerPort, default 3478 */
	char *stun_username;        /* STUNUsername; "" = no MESSAGE-INTEGRITY */
	char *stun_password;        /* STUNPassword */
	unsigned stun_min_keepalive; /* STUNMinimumKeepAlivePeriod, s, default 30 */
	int stun_max_keepalive;     /* STUNMaximumKeepAlivePeriod, s, -1 = none (default) */
	unsigned stun_udp_port;     /* local UDP port: Binding Requests and UDP
				       connection requests, default 7547 */

	/* config device 'device' (identity overrides; "" = from the platform) */
	char *manufacturer;
	char *oui;
	char *product_class;
	char *serial_number;

	/* config xmpp 'xmpp': XMPP connection requests (TR-069 Annex K),
	 * Device.XMPP.Connection.1 and its Server.1 (agent/xmpp/) */
	bool xmpp_enable;           /* default false */
	char *xmpp_username;
	char *xmpp_password;
	char *xmpp_domain;
	char *xmpp_resource;        /* default "cwmpd" */
	char *xmpp_server;          /* host or address; "" = the domain's DNS SRV */
	unsigned xmpp_port;         /* default 5222 */
	bool xmpp_use_tls;          /* default true: STARTTLS required */
	bool xmpp_verify;           /* the server's certificate, default true */
	char *xmpp_ca_file;         /* "" = acs.ca_file, then the system's */
	unsigned xmpp_keepalive;    /* seconds between pings, 0 = none, default 60 */
	unsigned xmpp_retry_initial;    /* ServerRetryInitialInterval, default 60 */
	unsigned xmpp_retry_multiplier; /* ServerRetryIntervalMultiplier, default 2000 */
	unsigned xmpp_retry_max;        /* ServerRetryMaxInterval, default 30720 */
	char *xmpp_allowed_jids;    /* ConnReqAllowedJabberIDs: comma-separated */
	char *xmpp_connreq;         /* ConnReqXMPPConnection: "" or
				       "Device.XMPP.Connection.1" (the default) */
};

/*
 * Read and check the file at path into *cfg (every string non-NULL, "" when
 * unset). Returns 0; or -errno when the file cannot be read and -EINVAL when
 * it is wrong, with a one-line message in err such as
 * "/etc/config/cwmpd:12: option 'port': 'abc' is not a number in 1..65535".
 * On failure *cfg holds nothing to free. On success free with config_fini.
 */
int config_load(const char *path, struct config *cfg, char *err, size_t errlen);

/* Up to UCI_MAX_FILE + 1 bytes of the file at path into *buf (a new
 * buffer the caller frees) and *len. 0 or -errno. */
int config_read_file(const char *path, char **buf, size_t *len);

/* Same as config_load, from a buffer; name is used in messages. */
int config_parse(const char *name, const char *text, size_t len,
		 struct config *cfg, char *err, size_t errlen);

/* Free the strings of a config from config_load/config_parse and zero it;
 * a zeroed config (or one a failed load left) is a no-op. */
void config_fini(struct config *cfg);

/* Whether value would be accepted for the option (the checks config_load
 * makes, including "required"). 0, -EINVAL (wrong value) or -ENOENT (no
 * such option). */
int config_check_option(const char *section, const char *option, const char *value);

/*
 * Set one option of the UCI file at path to value, atomically (a temporary
 * file in the same directory, fsync, rename; the file's mode is kept): in the
 * last section of type section, the last `option`/`list` line of that name
 * becomes `option NAME 'VALUE'`; when absent, the line is added at the end of
 * the section; when there is no such section, `config SECTION 'SECTION'` is
 * appended. Every other byte of the file, comments included, is kept.
 * Returns 0; -errno when the file cannot be read or written; -EINVAL when
 * the file does not parse, a name is not [A-Za-z0-9_]+ or the value is over
 * UCI_MAX_VALUE; -E2BIG when the file would pass UCI_MAX_FILE.
 */
int config_set_option(const char *path, const char *section, const char *option,
		      const char *value);

/* Several options at once, in one atomic rewrite of the file: all are
 * written or none (same rules and errors as config_set_option). */
struct config_edit {
	const char *section;
	const char *option;
	const char *value;
};
int config_set_options(const char *path, const struct config_edit *e, size_t n);

#endif
