/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A listening TCP socket for an address literal (tcp_listen.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcp_listen.h"

/* The address to bind: cfg's (IPv4 or IPv6 literal, brackets allowed),
 * else [::] dual-stack; *family AF_UNSPEC when cfg's is no IP literal. */
static socklen_t bind_address(const char *addr, struct sockaddr_storage *ss, unsigned port,
			      int *family)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char host[64];
	size_t n = strlen(addr);

	memset(ss, 0, sizeof(*ss));
	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']')
		snprintf(host, sizeof(host), "%.*s", (int)(n - 2), addr + 1);
	else
		snprintf(host, sizeof(host), "%s", addr);
	*family = AF_UNSPEC;
	if (host[0] && inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = *family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		return sizeof(*in);
	}
	if (!host[0] || inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = *family = AF_INET6;    /* "": in6addr_any */
		in6->sin6_port = htons((uint16_t)port);
		return sizeof(*in6);
	}
	return 0;
}

/* A bound, listening, non-blocking socket, or -errno. */
static int listen_socket(const struct sockaddr_storage *ss, socklen_t sl, int family,
			 bool dual, int backlog)
{
	int one = 1, zero = 0, rc = 0;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (dual)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (const struct sockaddr *)ss, sl) != 0 || listen(fd, backlog) != 0)
		rc = -errno;
	if (rc != 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int tcp_listen(const char *addr, unsigned port, int backlog)
{
	struct sockaddr_storage ss;
	int family, fd;
	socklen_t sl = bind_address(addr, &ss, port, &family);

	if (!sl)
		return -EINVAL;
	fd = listen_socket(&ss, sl, family, !addr[0], backlog);
	if ((fd == -EAFNOSUPPORT || fd == -EADDRNOTAVAIL) && !addr[0]) {
		/* no IPv6 here: 0.0.0.0 */
		sl = bind_address("0.0.0.0", &ss, port, &family);
		fd = listen_socket(&ss, sl, family, false, backlog);
	}
	return fd;
}
