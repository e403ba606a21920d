/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logging to syslog or stderr with a level filter, and the redaction of
 * secrets from SOAP bodies before they are logged at debug level.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"
#include "log_syslog.h"

static struct {
	enum log_dest dest;
	enum log_level level;
} log_state = { LOG_DEST_STDERR, LOG_LVL_NOTICE };

static const char *const level_names[] = { "err", "warn", "notice", "info", "debug" };
static const int syslog_prio[] = { LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG };

void log_open(enum log_dest dest, enum log_level level)
{
	if (dest == LOG_DEST_SYSLOG && log_state.dest != LOG_DEST_SYSLOG) {
		if (log_syslog_open(NULL, "cwmpd") != 0)
			dest = LOG_DEST_STDERR;         /* no socket at all: stderr it is */
	} else if (dest != LOG_DEST_SYSLOG && log_state.dest == LOG_DEST_SYSLOG) {
		log_syslog_close();
	}
	log_state.dest = dest;
	log_state.level = level;
}

int log_syslog_priority(enum log_level level)
{
	if ((unsigned)level >= sizeof(syslog_prio) / sizeof(syslog_prio[0]))
		return LOG_ERR;
	return syslog_prio[level];
}

void log_set_level(enum log_level level)
{
	log_state.level = level;
}

enum log_level log_get_level(void)
{
	return log_state.level;
}

int log_level_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(name, level_names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_state.level)
		return;
	va_start(ap, fmt);
	if (log_state.dest == LOG_DEST_STDERR) {
		struct timespec ts;
		struct tm tm;
		char stamp[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld cwmpd[%s] ", stamp, ts.tv_nsec / 1000000L,
			level_names[level]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		char line[4096];

		vsnprintf(line, sizeof(line), fmt, ap);
		log_syslog_write(log_syslog_priority(level), line);
	}
	va_end(ap);
}

/* True for an element name whose text is a secret. */
static bool name_is_secret(const char *name, size_t len)
{
	static const char *const words[] = { "Password", "Passphrase", "PreSharedKey",
					     "KeyPassphrase", "WEPKey", "Secret" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t wl = strlen(words[i]);
		for (size_t j = 0; j + wl <= len; j++)
			if (memcmp(name + j, words[i], wl) == 0)
				return true;
	}
	return false;
}

/* Length of the element name starting at p (after '<'), prefix included. */
static size_t tag_name_len(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && p[n] != '>' && p[n] != ' ' && p[n] != '/' && p[n] != '\t' &&
	       p[n] != '\n' && p[n] != '\r')
		n++;
	return n;
}

/* End of an element's text at p: the next '<' that does not open a CDATA
 * section (whose "<" and "]]>" are text). */
static const char *text_end(const char *p, const char *end)
{
	while (p < end) {
		if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
			const char *q = p + 9;

			while (q + 3 <= end && memcmp(q, "]]>", 3) != 0)
				q++;
			p = q + 3 <= end ? q + 3 : end;
		} else if (*p == '<') {
			return p;
		} else {
			p++;
		}
	}
	return end;
}

/* The raw content of the element whose text starts at p, up to its
 * closing tag: could it name a secret? A name hidden behind a character
 * reference ("Key&#80;assphrase"), a comment ("KeyPass<!---->phrase") or a
 * CDATA section counts as one: no real parameter name needs them. */
static bool text_is_secret(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && !(*q == '<' && q + 1 < end && q[1] == '/'))
		q++;
	if (memchr(p, '&', (size_t)(q - p)) || memchr(p, '<', (size_t)(q - p)))
		return true;
	return name_is_secret(p, (size_t)(q - p));
}

/* True when some Name or string element of the body names a secret
 * parameter (then every Value of the body is hidden: the order of Name and
 * Value inside a struct is not to be trusted). */
static bool names_a_secret(const char *p, const char *end)
{
	for (; p && p < end; p = memchr(p + 1, '<', (size_t)(end - p - 1))) {
		size_t nl = tag_name_len(p + 1, end);
		const char *name = p + 1, *gt = memchr(p, '>', (size_t)(end - p));
		bool is_name = (nl >= 4 && memcmp(name + nl - 4, "Name", 4) == 0) ||
			       (nl >= 6 && memcmp(name + nl - 6, "string", 6) == 0);

		if (!gt)
			return false;
		if (is_name && gt[-1] != '/' && text_is_secret(gt + 1, end))
			return true;
		if (p + 1 >= end)
			break;
	}
	return false;
}

/* In place: the "user:password@" of every URL ("scheme://user:pw@host")
 * becomes "***@" (never longer than the original). */
static void hide_userinfo(char *s)
{
	char *p = s, *at, *end;

	while ((p = strstr(p, "://")) != NULL) {
		p += 3;
		end = p + strcspn(p, "/?#<>\"' \t\r\n");
		at = memchr(p, '@', (size_t)(end - p));
		if (!at || at - p < 3)
			continue;
		memcpy(p, "***", 3);
		memmove(p + 3, at, strlen(at) + 1);
	}
}

/*
 * Walk the body; the text (CDATA included) of an element whose name is a
 * secret, and of every Value when the body names a secret parameter, is
 * copied as "***", and so is the user:password of a URL.
 */
/* Where a body of len bytes is cut for the log: len when it fits in max,
 * else the start of the last tag at or before max (never inside a text, so
 * a URL's password or a secret is never half shown). */
static size_t cut_at(const char *body, size_t len, size_t max)
{
	size_t n = max;

	if (len <= max)
		return len;
	while (n > 0 && body[n] != '<')
		n--;
	return n;
}

char *log_redact(const char *body, size_t len, size_t max)
{
	size_t shown = cut_at(body, len, max);
	const char *p = body, *end = body + shown;
	char *out = malloc(shown * 2 + 64), *o = out;
	bool hide_values = names_a_secret(memchr(body, '<', len), body + len);

	if (!out)
		return NULL;
	while (p < end) {
		if (*p != '<' || p + 1 >= end || p[1] == '/' || p[1] == '?' || p[1] == '!') {
			*o++ = *p++;
			continue;
		}
		size_t nl = tag_name_len(p + 1, end);
		const char *name = p + 1;
		const char *gt = memchr(p, '>', (size_t)(end - p));
		if (!gt)
			break;
		bool empty = gt > p && gt[-1] == '/';
		memcpy(o, p, (size_t)(gt - p + 1));
		o += gt - p + 1;
		p = gt + 1;
		if (empty)
			continue;
		const char *te = text_end(p, end);
		bool is_value = nl >= 5 && memcmp(name + nl - 5, "Value", 5) == 0;
		if (te > p && (name_is_secret(name, nl) || (is_value && hide_values))) {
			memcpy(o, "***", 3);
			o += 3;
			p = te;
		}
	}
	while (p < end)
		*o++ = *p++;
	*o = '\0';
	hide_userinfo(out);
	if (shown < len)
		snprintf(out + strlen(out), 64, "... [%zu bytes not logged]", len - shown);
	return out;
}
