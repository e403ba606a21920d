/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpd's configuration as a table: each row names a section type, an
 * option, how its text is read (string, bool, number in a range, dateTime,
 * log level), its default and where it lands in struct config. The reader
 * fills defaults, then walks the UCI file's sections in order, warning about
 * what it does not know and failing on a wrong value with FILE:LINE. The
 * writer is config_write.c.
 */
#define _GNU_SOURCE   /* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"
#include "ctl_proto.h"
#include "log.h"
#include "timefmt.h"
#include "uci.h"

#ifndef PLUGINDIR
#define PLUGINDIR "/usr/lib/cwmpd/plugins"
#endif

enum opt_type { OPT_STR, OPT_BOOL, OPT_UINT, OPT_TIME, OPT_LOGLEVEL, OPT_INT_NONE };

/* The section types, in the order of section_types[]. */
enum opt_section { SEC_ACS, SEC_CPE, SEC_DEVICE, SEC_STUN, SEC_XMPP };

static const char *const section_types[] = { "acs", "cpe", "device", "stun", "xmpp" };

#define N_SECTIONS (sizeof(section_types) / sizeof(section_types[0]))

/* A check of an OPT_STR or OPT_BOOL value and what it wants, for the message. */
struct opt_check {
	int (*check)(const char *value);  /* 0 or -EINVAL */
	const char *want;
};

/* One row: 40 bytes on 64-bit hosts (no size_t, enum or pointer where a
 * small number does). */
struct config_opt {
	const char *name;
	const char *def;                  /* default, as text in the file */
	const struct opt_check *check;    /* or NULL */
	uint32_t min, max;                /* OPT_UINT, OPT_INT_NONE (-1 or min..max) */
	uint16_t offset;                  /* of the field in struct config */
	uint8_t section;                  /* enum opt_section */
	uint8_t type;                     /* enum opt_type */
	bool required;                    /* "" is an error after the file */
};

#define F(field) offsetof(struct config, field)
#define CHECK(fn, want) (&(const struct opt_check){ fn, want })
#define STR(sec, name, def, field) { name, def, NULL, 0, 0, F(field), sec, OPT_STR, false }
#define STR_CHECK(sec, name, def, field, check, want) \
	{ name, def, CHECK(check, want), 0, 0, F(field), sec, OPT_STR, false }
#define BOOL(sec, name, def, field) { name, def, NULL, 0, 0, F(field), sec, OPT_BOOL, false }
#define UINT(sec, name, def, field, lo, hi) \
	{ name, def, NULL, lo, hi, F(field), sec, OPT_UINT, false }

static const struct config_opt options[] = {
	{ "url", "", CHECK(config_check_url, "is not an http:// or https:// URL with a host"),
	  0, 0, F(acs_url), SEC_ACS, OPT_STR, true },
	STR(SEC_ACS, "username", "", acs_username),
	STR(SEC_ACS, "password", "", acs_password),
	BOOL(SEC_ACS, "periodic_enable", "1", periodic_enable),
	UINT(SEC_ACS, "periodic_interval", "86400", periodic_interval, 1, 4294967295UL),
	{ "periodic_time", "", NULL, 0, 0, F(periodic_time), SEC_ACS, OPT_TIME, false },
	STR(SEC_ACS, "ca_file", "", ca_file),
	STR(SEC_ACS, "client_cert", "", client_cert),
	STR(SEC_ACS, "client_key", "", client_key),
	BOOL(SEC_ACS, "verify", "1", verify),
	UINT(SEC_ACS, "timeout", "30", timeout, 1, 3600),
	UINT(SEC_ACS, "retry_min_wait", "5", retry_min_wait, 1, 65535),
	UINT(SEC_ACS, "retry_multiplier", "2000", retry_multiplier, 1000, 65535),
	BOOL(SEC_ACS, "enable", "1", enable),
	BOOL(SEC_ACS, "upgrades_managed", "0", upgrades_managed),
	UINT(SEC_ACS, "notify_throttle", "0", notify_throttle, 0, 4294967295UL),
	STR(SEC_ACS, "provisioning_code", "", provisioning_code),

	UINT(SEC_CPE, "port", "7547", cr_port, 1, 65535),
	STR_CHECK(SEC_CPE, "path", "/", cr_path, config_check_path, "does not start with '/'"),
	STR(SEC_CPE, "interface", "", cr_interface),
	STR(SEC_CPE, "address", "", cr_address),
	STR(SEC_CPE, "username", "", cr_username),
	STR(SEC_CPE, "password", "", cr_password),
	BOOL(SEC_CPE, "cr_enable", "1", cr_enable),
	STR_CHECK(SEC_CPE, "digest", "SHA-256 MD5", cr_digest, config_check_digest,
		  "is not SHA-256, MD5 or both (separated by a space)"),
	STR(SEC_CPE, "state_dir", "/etc/cwmpd", state_dir),
	STR_CHECK(SEC_CPE, "platform", "openwrt", platform, config_check_platform,
		  "is not one of openwrt, sim"),
	STR(SEC_CPE, "plugin_dir", PLUGINDIR, plugin_dir),
	{ "log_level", "notice", NULL, 0, 0, F(log_level), SEC_CPE, OPT_LOGLEVEL, false },
	UINT(SEC_CPE, "notify_interval", "60", notify_interval, 0, 86400),
	UINT(SEC_CPE, "download_max", "67108864", download_max, 1, 4294967295UL),
	STR(SEC_CPE, "download_dir", "", download_dir),
	UINT(SEC_CPE, "transfer_timeout", "3600", transfer_timeout, 60, 604800),
	STR_CHECK(SEC_CPE, "ctl_socket", CTL_SOCKET_DEFAULT, ctl_socket, config_check_socket,
		  "is not an absolute path of at most 107 bytes"),

	{ "enable", "0", CHECK(config_check_stun_enable,
			      "cannot be on: cwmpd was built with --disable-stun"),
	  0, 0, F(stun_enable), SEC_STUN, OPT_BOOL, false },
	STR(SEC_STUN, "server", "", stun_server),
	UINT(SEC_STUN, "port", "3478", stun_port, 1, 65535),
	STR(SEC_STUN, "username", "", stun_username),
	STR(SEC_STUN, "password", "", stun_password),
	UINT(SEC_STUN, "min_keepalive", "30", stun_min_keepalive, 0, 86400),
	{ "max_keepalive", "-1", NULL, 1, 86400, F(stun_max_keepalive), SEC_STUN, OPT_INT_NONE,
	  false },
	UINT(SEC_STUN, "udp_port", "7547", stun_udp_port, 1, 65535),

	STR(SEC_DEVICE, "manufacturer", "", manufacturer),
	STR_CHECK(SEC_DEVICE, "oui", "", oui, config_check_oui, "is not 6 upper-case hex digits"),
	STR(SEC_DEVICE, "product_class", "", product_class),
	STR(SEC_DEVICE, "serial_number", "", serial_number),

	BOOL(SEC_XMPP, "enable", "0", xmpp_enable),
	STR(SEC_XMPP, "username", "", xmpp_username),
	STR(SEC_XMPP, "password", "", xmpp_password),
	STR(SEC_XMPP, "domain", "", xmpp_domain),
	STR(SEC_XMPP, "resource", "cwmpd", xmpp_resource),
	STR(SEC_XMPP, "server", "", xmpp_server),
	UINT(SEC_XMPP, "port", "5222", xmpp_port, 1, 65535),
	BOOL(SEC_XMPP, "use_tls", "1", xmpp_use_tls),
	BOOL(SEC_XMPP, "verify", "1", xmpp_verify),
	STR(SEC_XMPP, "ca_file", "", xmpp_ca_file),
	UINT(SEC_XMPP, "keepalive", "60", xmpp_keepalive, 0, 65535),
	UINT(SEC_XMPP, "retry_initial", "60", xmpp_retry_initial, 1, 65535),
	UINT(SEC_XMPP, "retry_multiplier", "2000", xmpp_retry_multiplier, 1000, 65535),
	UINT(SEC_XMPP, "retry_max", "30720", xmpp_retry_max, 1, 4294967295UL),
	STR(SEC_XMPP, "allowed_jids", "", xmpp_allowed_jids),
	STR_CHECK(SEC_XMPP, "connreq", "Device.XMPP.Connection.1", xmpp_connreq, config_check_xmpp_ref,
		  "is not empty or Device.XMPP.Connection.1"),
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

_Static_assert(sizeof(struct config) <= UINT16_MAX, "config_opt.offset is 16 bits");

/* ---- readers of typed values --------------------------------------------- */

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Decimal digits only: no sign, space, trailing junk or overflow. */
static int parse_uint(const char *v, unsigned long min, unsigned long max,
		      unsigned *out)
{
	unsigned long n;
	char *end;

	if (v[0] < '0' || v[0] > '9')
		return -EINVAL;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < min || n > max || n > UINT32_MAX)
		return -EINVAL;
	*out = (unsigned)n;
	return 0;
}

/* An xsd:dateTime, or "" for none (timefmt.c reads the format). */
static int parse_datetime(const char *s, time_t *out)
{
	if (!*s) {
		*out = TIMEFMT_UNKNOWN;
		return 0;
	}
	return timefmt_parse(s, out);
}

/* ---- one option ---------------------------------------------------------- */

/* Store value into o's field of cfg. On a wrong value, why says what is wrong. */
static int opt_set(const struct config_opt *o, struct config *cfg, const char *value,
		   char *why, size_t whylen)
{
	void *field = (char *)cfg + o->offset;
	char shown[72];
	char *copy;
	int rc = 0, level;

	uci_printable(value, shown, sizeof(shown));
	switch (o->type) {
	case OPT_STR:
		if (o->check && o->check->check(value) != 0) {
			snprintf(why, whylen, "'%s' %s", shown, o->check->want);
			return -EINVAL;
		}
		copy = strdup(value);
		if (!copy) {
			snprintf(why, whylen, "out of memory");
			return -ENOMEM;
		}
		free(*(char **)field);
		*(char **)field = copy;
		break;
	case OPT_BOOL:
		if (o->check && o->check->check(value) != 0) {
			snprintf(why, whylen, "'%s' %s", shown, o->check->want);
			return -EINVAL;
		}
		if ((rc = parse_bool(value, field)) != 0)
			snprintf(why, whylen, "'%s' is not a boolean (1/0/true/false/yes/no/on/off)",
				 shown);
		break;
	case OPT_UINT:
		if ((rc = parse_uint(value, o->min, o->max, field)) != 0)
			snprintf(why, whylen, "'%s' is not a number in %lu..%lu", shown,
				 (unsigned long)o->min, (unsigned long)o->max);
		break;
	case OPT_INT_NONE:
		if (strcmp(value, "-1") == 0)
			*(int *)field = -1;
		else if ((rc = parse_uint(value, o->min, o->max, field)) != 0)
			snprintf(why, whylen, "'%s' is not -1 or a number in %lu..%lu", shown,
				 (unsigned long)o->min, (unsigned long)o->max);
		break;
	case OPT_TIME:
		if ((rc = parse_datetime(value, field)) != 0)
			snprintf(why, whylen, "'%s' is not an xsd:dateTime", shown);
		break;
	case OPT_LOGLEVEL:
		if ((level = log_level_parse(value)) < 0) {
			rc = -EINVAL;
			snprintf(why, whylen, "'%s' is not one of err, warn, notice, info, debug",
				 shown);
		} else {
			*(int *)field = level;
		}
		break;
	}
	return rc;
}

static const struct config_opt *opt_find(const char *section, const char *name)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (strcmp(section_types[options[i].section], section) == 0 &&
		    strcmp(options[i].name, name) == 0)
			return &options[i];
	return NULL;
}

int config_check_option(const char *section, const char *option, const char *value)
{
	const struct config_opt *o = section && option ? opt_find(section, option) : NULL;
	struct config scratch = { .acs_url = NULL };
	char why[160];
	int rc;

	if (!o)
		return -ENOENT;
	if (!value || (o->required && !*value))
		return -EINVAL;
	rc = opt_set(o, &scratch, value, why, sizeof(why));
	config_fini(&scratch);
	return rc == 0 ? 0 : -EINVAL;
}

/* ---- the whole file ------------------------------------------------------ */

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int set_defaults(struct config *cfg, char *err, size_t errlen)
{
	char why[160];

	for (size_t i = 0; i < N_OPTIONS; i++)
		if (opt_set(&options[i], cfg, options[i].def, why, sizeof(why)) != 0)
			return fail(err, errlen, -ENOMEM, "%s", why);
	return 0;
}

static int apply_section(const char *name, const struct uci_section *s,
			 struct config *cfg, char *err, size_t errlen)
{
	const struct config_opt *o;
	char why[160];
	int rc;

	for (const struct uci_option *u = s->options; u; u = u->next) {
		o = opt_find(s->type, u->name);
		if (!o) {
			log_warn("%s:%d: unknown option '%s' in section '%s'", name, u->line,
				 u->name, s->type);
			continue;
		}
		rc = opt_set(o, cfg, u->value, why, sizeof(why));
		if (rc)
			return fail(err, errlen, rc, "%s:%d: option '%s': %s", name, u->line,
				     u->name, why);
	}
	return 0;
}

static int section_index(const char *type)
{
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (strcmp(section_types[i], type) == 0)
			return (int)i;
	return -1;
}

/* Apply the last section of each known type; warn about the others. */
static int apply_file(const char *name, struct uci_file *f, struct config *cfg,
		      char *err, size_t errlen)
{
	const struct uci_section *last[N_SECTIONS] = { NULL };
	char shown[40];
	int i, rc = 0;

	for (const struct uci_section *s = f->sections; s; s = s->next)
		if ((i = section_index(s->type)) >= 0)
			last[i] = s;
	for (const struct uci_section *s = f->sections; s && rc == 0; s = s->next) {
		i = section_index(s->type);
		if (i < 0) {
			uci_printable(s->type, shown, sizeof(shown));
			log_warn("%s:%d: unknown section type '%s'", name, s->line, shown);
		} else if (s != last[i]) {
			log_warn("%s:%d: section '%s' ignored: a later one at line %d wins",
				 name, s->line, s->type, last[i]->line);
		} else {
			rc = apply_section(name, s, cfg, err, errlen);
		}
	}
	return rc;
}

static int check_required(const char *name, const struct config *cfg,
			  char *err, size_t errlen)
{
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct config_opt *o = &options[i];

		if (o->required && o->type == OPT_STR &&
		    !**(char *const *)((const char *)cfg + o->offset))
			return fail(err, errlen, -EINVAL, "%s: option '%s' in section '%s' is required",
				    name, o->name, section_types[o->section]);
	}
	return 0;
}

int config_parse(const char *name, const char *text, size_t len,
		 struct config *cfg, char *err, size_t errlen)
{
	struct config tmp = { 0 };
	struct uci_file *f = NULL;
	char why[128];
	int line, rc;

	rc = uci_parse(text, len, &f, &line, why, sizeof(why));
	if (rc == -E2BIG)
		rc = fail(err, errlen, -EINVAL, "%s: %s", name, why);
	else if (rc && line > 0)
		fail(err, errlen, rc, "%s:%d: %s", name, line, why);
	else if (rc)
		fail(err, errlen, rc, "%s: %s", name, why);
	if (rc)
		goto out;
	rc = set_defaults(&tmp, err, errlen);
	if (rc == 0)
		rc = apply_file(name, f, &tmp, err, errlen);
	if (rc == 0)
		rc = check_required(name, &tmp, err, errlen);
out:
	uci_file_free(f);
	if (rc)
		config_fini(&tmp);
	*cfg = tmp;
	return rc;
}

void config_fini(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].type == OPT_STR)
			free(*(char **)((char *)cfg + options[i].offset));
	memset(cfg, 0, sizeof(*cfg));
}

/* ---- files --------------------------------------------------------------- */

int config_read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = UCI_MAX_FILE + 1, n = 0;
	char *b = NULL;
	ssize_t r;
	int fd, rc = 0;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	b = malloc(cap);
	if (!b) {
		rc = -ENOMEM;
		goto out;
	}
	while (n < cap && (r = read(fd, b + n, cap - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			goto out;
		}
		n += (size_t)r;
	}
	*buf = b;
	*len = n;
	b = NULL;
out:
	free(b);
	close(fd);
	return rc;
}

int config_load(const char *path, struct config *cfg, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	rc = config_read_file(path, &text, &len);
	if (rc)
		return fail(err, errlen, rc, "%s: cannot read: %s", path, strerror(-rc));
	rc = config_parse(path, text, len, cfg, err, errlen);
	free(text);
	return rc;
}
