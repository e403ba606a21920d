/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logging: syslog on the router, stderr in the foreground. Five levels as in
 * the config file (err, warn, notice, info, debug). Never log a secret:
 * callers pass SOAP bodies through log_redact() first.
 */
#ifndef CWMP_LOG_H
#define CWMP_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_NOTICE, LOG_LVL_INFO, LOG_LVL_DEBUG };

enum log_dest {
	LOG_DEST_STDERR,        /* "HH:MM:SS.mmm cwmpd[level] message" lines */
	LOG_DEST_SYSLOG,        /* /dev/log as "cwmpd" with its PID, facility
				   daemon, the level's priority and no time
				   stamp of ours (syslogd adds its own); never
				   blocking (log_syslog.h) */
};

/* Where messages up to level go from now on. */
void log_open(enum log_dest dest, enum log_level level);
/* The syslog priority of a level (LOG_ERR ... LOG_DEBUG); LOG_ERR for a
 * value out of range. */
int log_syslog_priority(enum log_level level);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Name to level ("err", "warn", ...); returns -EINVAL for an unknown name. */
int log_level_parse(const char *name);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)    log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...)   log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LVL_NOTICE, __VA_ARGS__)
#define log_info(...)   log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...)  log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/* What a debug log shows of a SOAP body at most: the rest is counted. */
#define LOG_BODY_MAX (64 * 1024)

/*
 * Copy of a SOAP body of len bytes with the text of every element whose name
 * contains "Password", "Passphrase", "Key" (but not "ParameterKey" or
 * "CommandKey") replaced by "***", and the Value following a Name that
 * contains one of those words too. A body longer than max is cut at the
 * start of a tag at or before max bytes (the whole body still decides which
 * values are hidden) and ends with "... [N bytes not logged]": so a 4 MB
 * body costs a few times max, not twice its size. Returns a NUL-terminated
 * string the caller frees, or NULL on allocation failure.
 */
char *log_redact(const char *body, size_t len, size_t max);

#endif
