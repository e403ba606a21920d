/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's control protocol, shared by the daemon (ctl.c) and the client
 * (cwmpctl.c): one request and one answer per connection on a Unix stream
 * socket (cpe.ctl_socket, mode 0600, root's).
 *
 * The request is lines in the plugin line format (pluginio.h:
 * "key<TAB>value", with \t \n \r \\ escaped), ended by an empty line:
 *
 *     cwmpctl<TAB>1          first: the protocol version
 *     format<TAB>json        optional: "text" (the default) or "json"
 *     command<TAB>get        one of status, inform, get, set, events
 *     arg<TAB>Device.X       one line per argument, in order
 *     <empty line>
 *
 * at most CTL_MAX_REQUEST bytes and CTL_MAX_ARGS arguments. The answer is
 * the client's exit status in decimal and a newline ("0\n"), then the
 * output (text or JSON, as asked) until the daemon closes the connection.
 */
#ifndef CWMP_CTL_PROTO_H
#define CWMP_CTL_PROTO_H

#define CTL_VERSION "1"
#define CTL_SOCKET_DEFAULT "/var/run/cwmpd.sock"    /* cpe.ctl_socket's default */
#define CTL_MAX_REQUEST (64 * 1024)
#define CTL_MAX_ARGS 2048
#define CTL_MAX_ANSWER (16 * 1024 * 1024)
#define CTL_STATUS_MAX 8                /* bytes of the answer's first line */

/* The client's exit status. */
enum ctl_exit {
	CTL_EXIT_OK = 0,
	CTL_EXIT_FAILED = 1,            /* the command failed: a fault, a refused value */
	CTL_EXIT_USAGE = 2,             /* a bad command line, command or event */
	CTL_EXIT_UNREACHABLE = 3,       /* cwmpd not running, or not for this user */
	CTL_EXIT_BUSY = 4,              /* a session or another get/set: try again */
	CTL_EXIT_BROKEN = 5,            /* the answer timed out or made no sense */
};

#endif
