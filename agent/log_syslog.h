/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Syslog that never blocks the loop: lines go as datagrams to /dev/log
 * (logd on OpenWrt) with MSG_DONTWAIT. syslog(3) would wait while the
 * reader is behind (a datagram socket queues only a few messages): a line
 * that cannot go at once is dropped and counted, and the next line that
 * goes is preceded by one saying how many were lost. A reader that went
 * away (logd restarted) is connected again at the next line.
 */
#ifndef CWMP_LOG_SYSLOG_H
#define CWMP_LOG_SYSLOG_H

#include <stddef.h>

/* Send to the datagram socket at path (NULL: /dev/log) as ident[PID],
 * facility daemon. ident is copied. 0, or -errno when the socket cannot be
 * made (a missing reader is no error: it is tried again at each line). */
int log_syslog_open(const char *path, const char *ident);
void log_syslog_close(void);

/* One line at priority prio (LOG_ERR ... LOG_DEBUG): "<PRI>ident[PID]: line". */
void log_syslog_write(int prio, const char *line);

/* Lines dropped since the last report (for tests). */
size_t log_syslog_dropped(void);

#endif
