/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The checks of cwmpd's string options (config_check.h), which config.c's
 * option table names.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_check.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_host_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '.' || c == '-' || c == '_';
}

/* ":PORT" (1..65535) or nothing, in p[0, n). */
static bool port_ok(const char *p, size_t n)
{
	unsigned long port = 0;

	if (n == 0)
		return true;
	if (p[0] != ':' || n < 2 || n > 6)
		return false;
	for (size_t i = 1; i < n; i++) {
		if (!is_digit(p[i]))
			return false;
		port = port * 10 + (unsigned long)(p[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

/* [userinfo@]host[:port] in p[0, n); host a name, IPv4 or [IPv6]. */
static bool authority_ok(const char *p, size_t n)
{
	size_t i, host;

	for (i = n; i > 0 && p[i - 1] != '@'; i--)
		;
	p += i;
	n -= i;
	if (n > 0 && p[0] == '[') {
		for (host = 1; host < n && p[host] != ']'; host++)
			if (!is_host_char(p[host]) && p[host] != ':' && p[host] != '%')
				return false;
		return host > 1 && host < n && port_ok(p + host + 1, n - host - 1);
	}
	for (host = 0; host < n && is_host_char(p[host]); host++)
		;
	return host > 0 && port_ok(p + host, n - host);
}

int config_check_url(const char *v)
{
	const char *p;

	if (!*v)
		return 0;      /* unset: reported as required after the file */
	for (p = v; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return -EINVAL;
	if (strncasecmp(v, "http://", 7) == 0)
		p = v + 7;
	else if (strncasecmp(v, "https://", 8) == 0)
		p = v + 8;
	else
		return -EINVAL;
	return authority_ok(p, strcspn(p, "/?#")) ? 0 : -EINVAL;
}

int config_check_path(const char *v)
{
	return v[0] == '/' ? 0 : -EINVAL;
}

int config_check_platform(const char *v)
{
	return strcmp(v, "openwrt") == 0 || strcmp(v, "sim") == 0 ? 0 : -EINVAL;
}

int config_check_oui(const char *v)
{
	size_t n = strlen(v);

	if (n == 0)
		return 0;
	if (n != 6 || strspn(v, "0123456789ABCDEF") != 6)
		return -EINVAL;
	return 0;
}

/* "" (no control socket) or an absolute path that fits a sockaddr_un. */
int config_check_socket(const char *v)
{
	return !v[0] || (v[0] == '/' && strlen(v) <= CONFIG_SOCKET_MAX) ? 0 : -EINVAL;
}

unsigned config_digest_algs(const char *list)
{
	unsigned algs = 0, bit;
	size_t n;

	for (list += strspn(list, " "); *list; list += n, list += strspn(list, " ")) {
		n = strcspn(list, " ");
		if (n == 7 && strncasecmp(list, "SHA-256", 7) == 0)
			bit = CONFIG_DIGEST_SHA256;
		else if (n == 3 && strncasecmp(list, "MD5", 3) == 0)
			bit = CONFIG_DIGEST_MD5;
		else
			return 0;
		if (algs & bit)
			return 0;
		algs |= bit;
	}
	return algs;
}

int config_check_digest(const char *v)
{
	return config_digest_algs(v) ? 0 : -EINVAL;
}

/* STUN on in a build without it (configure --disable-stun) is refused. */
int config_check_stun_enable(const char *v)
{
#ifdef HAVE_STUN
	(void)v;
	return 0;
#else
	return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
	       strcmp(v, "on") == 0 ? -EINVAL : 0;
#endif
}

/* ConnReqXMPPConnection: none, or our one connection (with or without
 * the object's trailing dot). */
int config_check_xmpp_ref(const char *v)
{
	return !v[0] || strcmp(v, "Device.XMPP.Connection.1") == 0 ||
	       strcmp(v, "Device.XMPP.Connection.1.") == 0 ? 0 : -EINVAL;
}
