/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device.ManagementServer.ConnectionRequestURL: where the connection
 * request server (connreq.c) can be reached, from the cpe section.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cr_url.h"

/* The first address of interface ifname (any non-loopback one when ifname
 * is empty), IPv4 preferred. */
static int interface_address(const char *ifname, char *out, size_t len)
{
	struct ifaddrs *ifa, *i;
	int rc = -ENOENT;

	if (getifaddrs(&ifa) != 0)
		return -errno;
	for (int want = AF_INET; rc != 0 && want != 0; want = want == AF_INET ? AF_INET6 : 0) {
		for (i = ifa; i && rc != 0; i = i->ifa_next) {
			if (!i->ifa_addr || i->ifa_addr->sa_family != want)
				continue;
			if (ifname[0] ? strcmp(i->ifa_name, ifname) != 0
				      : (i->ifa_flags & IFF_LOOPBACK) != 0)
				continue;
			const void *src = want == AF_INET
				? (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
				: (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
			if (want == AF_INET6 && IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)src))
				continue;
			if (inet_ntop(want, src, out, (socklen_t)len))
				rc = 0;
		}
	}
	freeifaddrs(ifa);
	return rc;
}

const char *cr_url(const struct config *cfg, const char *device, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN + 2] = "";
	const char *addr = cfg->cr_address;
	bool v6;

	if (!cfg->enable || !cfg->cr_enable) {
		buf[0] = '\0';          /* no server: TR-181 says the URL is empty */
		return buf;
	}
	if (strcmp(addr, "0.0.0.0") == 0 || strcmp(addr, "::") == 0 ||
	    strcmp(addr, "[::]") == 0)
		addr = "";              /* listening everywhere: show a real address */
	if (!addr[0]) {
		if (interface_address(device && device[0] ? device : cfg->cr_interface, host,
				      sizeof(host)) != 0) {
			buf[0] = '\0';
			return buf;
		}
		addr = host;
	}
	v6 = strchr(addr, ':') != NULL && addr[0] != '[';
	snprintf(buf, len, "http://%s%s%s:%u%s", v6 ? "[" : "", addr, v6 ? "]" : "",
		 cfg->cr_port, cfg->cr_path);
	return buf;
}
