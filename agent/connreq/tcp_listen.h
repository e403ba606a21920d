/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Listening TCP sockets: the connection request server's.
 */
#ifndef CWMP_TCP_LISTEN_H
#define CWMP_TCP_LISTEN_H

/*
 * A bound, listening, non-blocking, close-on-exec socket on addr (an IPv4
 * or IPv6 literal, brackets allowed) and port; addr "" listens everywhere
 * ([::] dual-stack, or 0.0.0.0 when the host has no IPv6). The fd (the
 * caller closes it), -EINVAL when addr is no IP literal, or -errno.
 */
int tcp_listen(const char *addr, unsigned port, int backlog);

#endif
