/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `cwmpctl audit`, the values (audit_int.h): the ACS URL and TLS, the
 * credentials both ways, the connection request server and the firewall
 * rule that lets the ACS reach it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "config_check.h"
#include "log.h"
#include "uci.h"

#define CR_PASSWORD_MIN 10      /* characters; below, an offline guess is cheap */
#define ACS_PASSWORD_MIN 8

/* Passwords a scanner tries first, and what vendors and agents ship. */
static const char *const known_defaults[] = {
	"admin", "password", "passwd", "root", "1234", "12345", "123456", "12345678",
	"cwmp", "acs", "tr069", "tr-069", "easycwmp", "genieacs", "freeacs", "user",
	"guest", "support", "default", "changeme", "secret", "openwrt",
};

static bool is_default(const char *user, const char *pass)
{
	if (strcmp(user, pass) == 0)
		return true;
	for (size_t i = 0; i < sizeof(known_defaults) / sizeof(known_defaults[0]); i++)
		if (strcasecmp(pass, known_defaults[i]) == 0)
			return true;
	return false;
}

/* ---- the ACS ---------------------------------------------------------------- */

static void acs_transport(const struct config *cfg, struct audit_report *r)
{
	if (strncasecmp(cfg->acs_url, "http://", 7) == 0) {
		audit_add(r, AUDIT_HIGH, "acs-http",
			  "an https:// URL in acs.url (GenieACS: cwmp's SSL certificate and key)",
			  "acs.url '%s' is plain http: every Inform, parameter value (Wi-Fi "
			  "keys included), download URL and credential the ACS sets travels "
			  "in clear, and anyone on the path can pose as the ACS", cfg->acs_url);
		return;
	}
	if (!cfg->verify)
		audit_add(r, AUDIT_HIGH, "acs-verify-off",
			  "option verify '1' in section acs (and ca_file for a private CA)",
			  "acs.verify is 0: the ACS's certificate and host name are not "
			  "checked, so any server on the path can pose as the ACS (and as "
			  "the file servers of https downloads)");
}

static void acs_credentials(const struct config *cfg, struct audit_report *r)
{
	const char *fix = "a username and a long random password per device in acs.username "
			  "and acs.password, and the same on the ACS";

	if (!cfg->acs_username[0]) {
		audit_add(r, AUDIT_MEDIUM, "acs-no-credentials", fix,
			  "no ACS username (acs.username): the ACS cannot tell this device "
			  "from anyone who sends its serial number%s",
			  cfg->client_cert[0] ? " (unless it checks the client certificate)" : "");
		return;
	}
	if (!cfg->acs_password[0])
		audit_add(r, AUDIT_MEDIUM, "acs-empty-password", fix,
			  "acs.password is empty: knowing the username is enough to pose as "
			  "this device");
	else if (is_default(cfg->acs_username, cfg->acs_password))
		audit_add(r, AUDIT_HIGH, "acs-default-credentials", fix,
			  "acs.password is a well-known default or the username itself");
	else if (strlen(cfg->acs_password) < ACS_PASSWORD_MIN)
		audit_add(r, AUDIT_LOW, "acs-weak-password", fix,
			  "acs.password has fewer than %d characters", ACS_PASSWORD_MIN);
}

/* ---- connection requests ---------------------------------------------------- */

static void cr_credentials(const struct config *cfg, struct audit_report *r)
{
	const char *fix = "a long random password in cpe.password (the ACS may set "
			  "ManagementServer.ConnectionRequestPassword)";

	if (!cfg->cr_username[0]) {
		audit_add(r, AUDIT_INFO, "cr-refused",
			  "cpe.username and cpe.password, or cr_enable '0' to close the port",
			  "cpe.username is empty: every connection request is refused, so "
			  "the ACS reaches the device only at its periodic Informs");
		return;
	}
	if (!cfg->cr_password[0])
		audit_add(r, AUDIT_HIGH, "cr-no-password", fix,
			  "cpe.password is empty: anyone who can reach port %u and knows the "
			  "username '%s' starts sessions with the ACS at will", cfg->cr_port,
			  cfg->cr_username);
	else if (is_default(cfg->cr_username, cfg->cr_password))
		audit_add(r, AUDIT_HIGH, "cr-default-credentials", fix,
			  "cpe.password is a well-known default or the username itself");
	else if (strlen(cfg->cr_password) < CR_PASSWORD_MIN)
		audit_add(r, AUDIT_MEDIUM, "cr-weak-password", fix,
			  "cpe.password has fewer than %d characters: connection requests "
			  "are plain HTTP, so one captured Digest exchange lets an attacker "
			  "guess it offline", CR_PASSWORD_MIN);
}

/* Whether the space-separated list holds word (any case). */
static bool has_word(const char *list, const char *word)
{
	size_t n, w = strlen(word);

	for (list += strspn(list, " "); *list; list += n, list += strspn(list, " ")) {
		n = strcspn(list, " ");
		if (n == w && strncasecmp(list, word, n) == 0)
			return true;
	}
	return false;
}

static void cr_digest(const struct config *cfg, struct audit_report *r)
{
	if (!(config_digest_algs(cfg->cr_digest) & CONFIG_DIGEST_SHA256))
		audit_add(r, AUDIT_MEDIUM, "cr-md5-only",
			  "option digest 'SHA-256 MD5' in section cpe (MD5 stays for ACSes, "
			  "like GenieACS, that answer with MD5 only)",
			  "cpe.digest '%s' offers MD5 Digest only: a client that can do "
			  "SHA-256 is not offered it", cfg->cr_digest);
}

static void cr_path(const struct config *cfg, struct audit_report *r)
{
	if (strcmp(cfg->cr_path, "/") == 0)
		audit_add(r, AUDIT_LOW, "cr-path-default",
			  "a random path in cpe.path, such as /cr-<16 random characters> "
			  "(the ACS reads ConnectionRequestURL: nothing to change there)",
			  "cpe.path is '/': a scanner finds the connection request server "
			  "at the first try, and its Digest challenges tell it what it is");
}

/* ---- who may reach the port: the firewall ----------------------------------- */

/* Whether a dest_port value ("7547", "7000-8000", "80 7547", "7547:7550")
 * covers port. */
static bool ports_cover(const char *v, unsigned port)
{
	char *end;

	while (*v) {
		unsigned long lo, hi;

		v += strspn(v, " ");
		if (!*v)
			break;
		lo = strtoul(v, &end, 10);
		hi = lo;
		if (end != v && (*end == '-' || *end == ':'))
			hi = strtoul(end + 1, &end, 10);
		if (end == v)
			return false;
		if (port >= lo && port <= hi)
			return true;
		v = end + strcspn(end, " ");
	}
	return false;
}

static const char *opt(const struct uci_section *s, const char *name)
{
	const char *v = NULL;

	for (const struct uci_option *o = s->options; o; o = o->next)
		if (strcmp(o->name, name) == 0)
			v = o->value;
	return v;
}

/* An input rule of the firewall that accepts TCP to port. */
static bool accepts_port(const struct uci_section *s, unsigned port)
{
	const char *target = opt(s, "target"), *proto = opt(s, "proto");
	const char *enabled = opt(s, "enabled");
	bool hit = false;

	if (strcmp(s->type, "rule") != 0 || opt(s, "dest") || !target ||
	    strcasecmp(target, "ACCEPT") != 0 || (enabled && strcmp(enabled, "0") == 0))
		return false;
	if (proto && !has_word(proto, "tcp") && !has_word(proto, "all"))
		return false;
	for (const struct uci_option *o = s->options; o; o = o->next)
		if (strcmp(o->name, "dest_port") == 0 && ports_cover(o->value, port))
			hit = true;
	return hit;
}

/* The firewall's UCI file, parsed, or NULL (why in *err: -errno). */
static struct uci_file *firewall_read(const char *path, int *err)
{
	struct uci_file *f = NULL;
	char *text, msg[128];
	size_t len;
	int line;

	*err = config_read_file(path, &text, &len);
	if (*err)
		return NULL;
	*err = uci_parse(text, len, &f, &line, msg, sizeof(msg));
	free(text);
	return f;
}

static void cr_firewall(const struct config *cfg, const char *path, struct audit_report *r)
{
	const char *fix = "list src_ip with the ACS's addresses in that rule (uci add_list "
			  "firewall.RULE.src_ip=ADDRESS; uci commit firewall)";
	struct uci_file *f;
	bool any = false;
	int err;

	f = firewall_read(path, &err);
	if (!f) {
		audit_add(r, AUDIT_LOW, "cr-no-firewall",
			  "a firewall that lets only the ACS reach the port",
			  "%s: %s: nothing shows who can reach the connection request port "
			  "%u", path, err == -ENOENT ? "no such file" : strerror(-err),
			  cfg->cr_port);
		return;
	}
	for (const struct uci_section *s = f->sections; s; s = s->next) {
		if (!accepts_port(s, cfg->cr_port))
			continue;
		any = true;
		if (!opt(s, "src_ip"))
			audit_add(r, AUDIT_MEDIUM, "cr-open-to-all", fix,
				  "firewall rule '%s' accepts TCP port %u from any address%s%s: "
				  "every host there may try connection request credentials",
				  s->name ? s->name : opt(s, "name") ? opt(s, "name") : "?",
				  cfg->cr_port, opt(s, "src") ? " of zone " : "",
				  opt(s, "src") ? opt(s, "src") : "");
	}
	if (!any)
		audit_add(r, AUDIT_INFO, "cr-no-firewall-rule",
			  "the package's rule (firewall.cwmpd_cr) with src_ip set to the ACS",
			  "no rule in %s accepts TCP port %u: connection requests from a "
			  "zone whose input policy rejects (wan, by default) do not arrive",
			  path, cfg->cr_port);
	uci_file_free(f);
}

/* XMPP connection requests (section xmpp): TLS, and who may send them. */
static void xmpp(const struct config *cfg, struct audit_report *r)
{
	if (!cfg->xmpp_enable)
		return;
	if (!cfg->xmpp_use_tls)
		audit_add(r, AUDIT_HIGH, "xmpp-no-tls", "option use_tls '1' in section xmpp",
			  "xmpp.use_tls is 0: the XMPP login and every connection request's "
			  "username and password travel in clear");
	else if (!cfg->xmpp_verify)
		audit_add(r, AUDIT_HIGH, "xmpp-verify-off",
			  "option verify '1' in section xmpp (and ca_file for a private CA)",
			  "xmpp.verify is 0: any server on the path can pose as the XMPP "
			  "server and read the login and the connection request credentials");
	if (!cfg->xmpp_allowed_jids[0])
		audit_add(r, AUDIT_MEDIUM, "xmpp-any-sender",
			  "option allowed_jids with the ACS's JID in section xmpp "
			  "(ConnReqAllowedJabberIDs)",
			  "xmpp.allowed_jids is empty: any XMPP user who reaches this JID "
			  "(on a federated server, anyone) may try connection request "
			  "credentials");
}

/* Whether the configured listen address is public: "" (every address) is. */
static bool address_public(const char *a)
{
	unsigned char b[16];

	if (!a[0])
		return true;
	if (inet_pton(AF_INET, a, b) == 1)
		return !(b[0] == 10 || b[0] == 127 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
			 (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
			 (b[0] == 100 && (b[1] & 0xc0) == 64));
	if (inet_pton(AF_INET6, a, b) == 1)
		return !((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
			 (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0));
	return true;            /* a name: assume the worst */
}

void audit_config(const struct config *cfg, const char *firewall, struct audit_report *r)
{
	acs_transport(cfg, r);
	acs_credentials(cfg, r);
	if (cfg->cr_enable) {
		cr_credentials(cfg, r);
		cr_digest(cfg, r);
		cr_path(cfg, r);
		if (address_public(cfg->cr_address))
			cr_firewall(cfg, firewall, r);
	}
	xmpp(cfg, r);
	if (cfg->log_level == LOG_LVL_DEBUG)
		audit_add(r, AUDIT_LOW, "log-debug", "option log_level 'notice' in section cpe",
			  "cpe.log_level is debug: every SOAP message is logged (passwords "
			  "and keys masked, every other value in clear) where logread shows "
			  "it");
}
