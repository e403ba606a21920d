/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Syslog over a non-blocking datagram socket (log_syslog.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "log_syslog.h"

#define IDENT_MAX 32
#define LINE_MAX_SENT 8192      /* longer lines are cut */

static struct {
	int fd;
	struct sockaddr_un addr;
	char ident[IDENT_MAX];
	size_t dropped;
} sl = { .fd = -1 };

int log_syslog_open(const char *path, const char *ident)
{
	log_syslog_close();
	if (!path)
		path = "/dev/log";
	if (strlen(path) >= sizeof(sl.addr.sun_path))
		return -ENAMETOOLONG;
	sl.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (sl.fd < 0)
		return -errno;
	memset(&sl.addr, 0, sizeof(sl.addr));
	sl.addr.sun_family = AF_UNIX;
	memcpy(sl.addr.sun_path, path, strlen(path) + 1);
	snprintf(sl.ident, sizeof(sl.ident), "%s", ident ? ident : "cwmpd");
	sl.dropped = 0;
	return 0;
}

void log_syslog_close(void)
{
	if (sl.fd >= 0)
		close(sl.fd);
	sl.fd = -1;
}

/* One datagram, never waiting. 0, or -errno (-EAGAIN: the reader is behind). */
static int send_line(int prio, const char *line)
{
	char buf[LINE_MAX_SENT];
	int n = snprintf(buf, sizeof(buf), "<%d>%s[%ld]: %s", LOG_DAEMON | prio, sl.ident,
			 (long)getpid(), line);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	if (sendto(sl.fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL,
		   (const struct sockaddr *)&sl.addr, sizeof(sl.addr)) < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return 0;
}

void log_syslog_write(int prio, const char *line)
{
	char note[80];

	if (sl.fd < 0)
		return;
	if (sl.dropped) {
		snprintf(note, sizeof(note), "%zu log lines dropped: the syslog reader was behind",
			 sl.dropped);
		if (send_line(LOG_WARNING, note) != 0) {
			sl.dropped++;
			return;
		}
		sl.dropped = 0;
	}
	if (send_line(prio, line) != 0)
		sl.dropped++;
}

size_t log_syslog_dropped(void)
{
	return sl.dropped;
}
