/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl: the operator's client of a running cwmpd, over its control
 * socket (ctl_proto.h). It sends one request, prints the answer (the
 * daemon writes the text or JSON itself) and exits with the status the
 * daemon gave, or with its own when the daemon cannot be reached.
 *
 *   cwmpctl [-j] [-s SOCKET] [-t SECONDS] status | events | inform [EVENT]
 *           | get PATH... | set PATH VALUE [PATH VALUE]...
 *   cwmpctl [-j] audit [-c CONFIG] [-f FIREWALL]
 *
 * audit needs no daemon: it reads the files itself (audit.h).
 *
 * It refuses a socket that belongs to neither root nor the caller: a file
 * another user put at the path is not cwmpd's.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "config.h"
#include "ctl_proto.h"
#include "pluginio.h"
#include "xbuf.h"

#define DEFAULT_TIMEOUT_S 120

struct options {
	const char *socket;
	int timeout_ms;
	bool json;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cwmpctl [-j] [-s SOCKET] [-t SECONDS] COMMAND [ARG...]\n"
		"  status                  the ACS, the sessions, the next periodic Inform,\n"
		"                          the ConnectionRequestURL, pending events and transfers\n"
		"  events                  the queued events\n"
		"  inform [EVENT]          a session now, with \"6 CONNECTION REQUEST\" (the\n"
		"                          default) or \"2 PERIODIC\"\n"
		"  get PATH...             parameter values (a partial path ends in '.')\n"
		"  set PATH VALUE...       write values, all or nothing, as the ACS would\n"
		"  audit [-c CONFIG] [-f FIREWALL]\n"
		"                          insecure settings in the config (default %s)\n"
		"                          and cwmpd's files; works with cwmpd stopped;\n"
		"                          exit status 1 on a high finding\n"
		"  -j, --json              answer in JSON\n"
		"  -s SOCKET               the control socket (default %s: cpe.ctl_socket)\n"
		"  -t SECONDS              wait at most this long for the answer (default %d)\n"
		"exit status: 0 done, 1 the command failed, 2 usage, 3 cwmpd not reachable,\n"
		"4 busy (try again), 5 no answer in time or a broken one\n",
		CONFIG_DEFAULT_PATH, CTL_SOCKET_DEFAULT, DEFAULT_TIMEOUT_S);
}

/* A message on stderr; returns status. */
static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cwmpctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long t;
	int c;

	*o = (struct options){ CTL_SOCKET_DEFAULT, DEFAULT_TIMEOUT_S * 1000, false };
	while ((c = getopt_long(argc, argv, "+js:t:hV", longs, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 's':
			o->socket = optarg;
			break;
		case 't':
			t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 86400)
				return fail(CTL_EXIT_USAGE, "-t: '%s' is not a number of seconds", optarg);
			o->timeout_ms = (int)t * 1000;
			break;
		case 'h':
			usage(stdout);
			return CTL_EXIT_OK;
		case 'V':
			printf("cwmpctl %s\n", PACKAGE_VERSION);
			return CTL_EXIT_OK;
		default:
			usage(stderr);
			return CTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CTL_EXIT_USAGE;
	}
	return -1;
}

/* The request for argv (the command and its arguments); inform's words
 * are joined: `cwmpctl inform 2 PERIODIC` needs no quotes. */
static void request(struct xbuf *b, const struct options *o, int argc, char **argv)
{
	pluginio_write(b, "cwmpctl", CTL_VERSION);
	pluginio_write(b, "format", o->json ? "json" : "text");
	pluginio_write(b, "command", argv[0]);
	if (strcmp(argv[0], "inform") == 0 && argc > 1) {
		struct xbuf ev;

		xbuf_init(&ev, CTL_MAX_REQUEST);
		for (int i = 1; i < argc; i++)
			xbuf_printf(&ev, "%s%s", i > 1 ? " " : "", argv[i]);
		pluginio_write(b, "arg", ev.data ? ev.data : "");
		xbuf_fini(&ev);
	} else {
		for (int i = 1; i < argc; i++)
			pluginio_write(b, "arg", argv[i]);
	}
	xbuf_adds(b, "\n");
}

/* ---- the socket ------------------------------------------------------------------ */

/* Only a socket of root's (or the caller's own) is cwmpd's. */
static int check_socket(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT
		       ? fail(CTL_EXIT_UNREACHABLE, "cwmpd is not running (no control socket "
			      "at %s)", path)
		       : fail(CTL_EXIT_UNREACHABLE, "%s: %s", path, strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		return fail(CTL_EXIT_UNREACHABLE, "%s is not a socket: not cwmpd's", path);
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return fail(CTL_EXIT_UNREACHABLE, "%s belongs to uid %u, not root: not cwmpd's",
			    path, (unsigned)st.st_uid);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for events on fd until the deadline: 0, or -ETIMEDOUT. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int64_t left;
	int rc;

	do {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
	} while (rc == 0 || (rc < 0 && errno == EINTR));
	return rc < 0 ? -errno : 0;
}

/* A connected socket, or an exit status (negated). */
static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -fail(CTL_EXIT_USAGE, "%s: path too long", path);
	rc = check_socket(path);
	if (rc)
		return -rc;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -fail(CTL_EXIT_UNREACHABLE, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	rc = errno;
	close(fd);
	if (rc == ECONNREFUSED)
		return -fail(CTL_EXIT_UNREACHABLE, "cwmpd is not running (nothing listens on "
			     "%s)", path);
	if (rc == EACCES || rc == EPERM)
		return -fail(CTL_EXIT_UNREACHABLE, "%s: permission denied (cwmpctl is for "
			     "root)", path);
	return -fail(CTL_EXIT_UNREACHABLE, "%s: %s", path, strerror(rc));
}

/* Send all of b: 0 or an exit status. */
static int send_all(int fd, const struct xbuf *b, int64_t deadline)
{
	size_t off = 0;
	ssize_t n;

	while (off < b->len) {
		if (wait_fd(fd, POLLOUT, deadline) != 0)
			return fail(CTL_EXIT_BROKEN, "cwmpd does not take the request");
		n = send(fd, b->data + off, b->len - off, MSG_NOSIGNAL);
		if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
			return 0;       /* it answered early (busy): read that */
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return fail(CTL_EXIT_BROKEN, "sending the request: %s", strerror(errno));
		off += n > 0 ? (size_t)n : 0;
	}
	return 0;
}

/* Everything until the daemon closes: 0 or an exit status. */
static int read_all(int fd, struct xbuf *in, int64_t deadline)
{
	char buf[8192];
	ssize_t n;

	for (;;) {
		if (wait_fd(fd, POLLIN, deadline) != 0)
			return fail(CTL_EXIT_BROKEN, "no answer from cwmpd in time (-t)");
		n = read(fd, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return 0;       /* the end (a reset: it closed on our unread request) */
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return fail(CTL_EXIT_BROKEN, "reading the answer: %s", strerror(errno));
		if (n > 0 && xbuf_add(in, buf, (size_t)n) != 0)
			return fail(CTL_EXIT_BROKEN, "the answer is too large");
	}
}

/* ---- the answer ------------------------------------------------------------------ */

/* Print the output: to stdout when it is the command's result (or JSON),
 * else to stderr, each line after "cwmpctl: ". */
static void print(const char *out, size_t len, bool to_stdout)
{
	const char *p = out, *nl;

	if (to_stdout) {
		fwrite(out, 1, len, stdout);
		return;
	}
	while (p < out + len) {
		nl = memchr(p, '\n', (size_t)(out + len - p));
		nl = nl ? nl + 1 : out + len;
		fprintf(stderr, "cwmpctl: %.*s", (int)(nl - p), p);
		p = nl;
	}
}

/* "STATUS\n" then the output: the exit status. */
static int answer(const struct xbuf *in, bool json)
{
	const char *nl = in->data ? memchr(in->data, '\n', in->len) : NULL;
	char *end;
	long status;

	if (!in->len)
		return fail(CTL_EXIT_BROKEN, "cwmpd closed the connection without an answer");
	if (!nl || nl == in->data || nl - in->data >= CTL_STATUS_MAX)
		return fail(CTL_EXIT_BROKEN, "a broken answer from cwmpd");
	status = strtol(in->data, &end, 10);
	if (end != nl || status < CTL_EXIT_OK || status > CTL_EXIT_BROKEN)
		return fail(CTL_EXIT_BROKEN, "a broken answer from cwmpd");
	print(nl + 1, in->len - (size_t)(nl + 1 - in->data), status == CTL_EXIT_OK || json);
	return (int)status;
}

int main(int argc, char **argv)
{
	struct options o;
	struct xbuf req, in;
	int64_t deadline;
	int rc = parse_args(argc, argv, &o), fd;

	if (rc >= 0)
		return rc;
	if (strcmp(argv[optind], "audit") == 0)
		return audit_main(argc - optind, argv + optind, o.json);
	xbuf_init(&req, CTL_MAX_REQUEST);
	xbuf_init(&in, CTL_MAX_ANSWER + CTL_STATUS_MAX);
	request(&req, &o, argc - optind, argv + optind);
	if (xbuf_error(&req)) {
		rc = fail(CTL_EXIT_USAGE, "the request is too large (at most %d bytes)",
			  CTL_MAX_REQUEST);
		goto out;
	}
	deadline = now_ms() + o.timeout_ms;
	fd = connect_to(o.socket);
	if (fd < 0) {
		rc = -fd;
		goto out;
	}
	rc = send_all(fd, &req, deadline);
	if (rc == 0)
		rc = read_all(fd, &in, deadline);
	if (rc == 0)
		rc = answer(&in, o.json);
	close(fd);
out:
	xbuf_fini(&req);
	xbuf_fini(&in);
	return rc;
}
