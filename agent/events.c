/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event queue behind every Inform: which event codes are kept once and
 * which once per CommandKey, what BOOTSTRAP discards (all but BOOT and a
 * pending TransferComplete's events), what a full queue drops, what a
 * failed session and a reboot drop, and what stays until the ACS answered
 * TransferComplete. Every change is saved to the state
 * directory (file "events") so that a crash loses nothing that must be
 * delivered; a corrupt file is read line by line, skipping the bad lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "log.h"
#include "store.h"

#define EVENTS_FILE "events"
#define EVENTS_HEADER "# cwmpd events v1\n"
#define EVENTS_NAME_MAX 48                        /* longer than any code string */
#define EVENTS_LINE_MAX (EVENTS_NAME_MAX + 2 * EVENT_KEY_MAX + 3)
#define EVENTS_TEXT_MAX (sizeof(EVENTS_HEADER) + EVENTS_MAX * EVENTS_LINE_MAX)
#define EVENTS_FILE_MAX (64 * 1024)               /* read cap, garbage included */

static const char *const code_names[EV_COUNT] = {
	[EV_BOOTSTRAP] = "0 BOOTSTRAP",
	[EV_BOOT] = "1 BOOT",
	[EV_PERIODIC] = "2 PERIODIC",
	[EV_SCHEDULED] = "3 SCHEDULED",
	[EV_VALUE_CHANGE] = "4 VALUE CHANGE",
	[EV_KICKED] = "5 KICKED",
	[EV_CONNECTION_REQUEST] = "6 CONNECTION REQUEST",
	[EV_TRANSFER_COMPLETE] = "7 TRANSFER COMPLETE",
	[EV_DIAGNOSTICS_COMPLETE] = "8 DIAGNOSTICS COMPLETE",
	[EV_REQUEST_DOWNLOAD] = "9 REQUEST DOWNLOAD",
	[EV_AUTONOMOUS_TRANSFER_COMPLETE] = "10 AUTONOMOUS TRANSFER COMPLETE",
	[EV_DU_STATE_CHANGE_COMPLETE] = "11 DU STATE CHANGE COMPLETE",
	[EV_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE] = "12 AUTONOMOUS DU STATE CHANGE COMPLETE",
	[EV_WAKEUP] = "13 WAKEUP",
	[EV_HEARTBEAT] = "14 HEARTBEAT",
	[EV_M_REBOOT] = "M Reboot",
	[EV_M_SCHEDULE_INFORM] = "M ScheduleInform",
	[EV_M_DOWNLOAD] = "M Download",
	[EV_M_SCHEDULE_DOWNLOAD] = "M ScheduleDownload",
	[EV_M_UPLOAD] = "M Upload",
	[EV_M_CHANGE_DU_STATE] = "M ChangeDUState",
};

const char *event_code_str(enum event_code code)
{
	if ((unsigned)code >= EV_COUNT)
		return NULL;
	return code_names[code];
}

int event_code_parse(const char *s)
{
	if (!s)
		return -EINVAL;
	for (int i = 0; i < EV_COUNT; i++)
		if (strcmp(s, code_names[i]) == 0)
			return i;
	return -EINVAL;
}

static bool is_method(enum event_code code)
{
	return code >= EV_M_REBOOT;
}

/* The "M" events that go with "7 TRANSFER COMPLETE". */
static bool is_transfer_method(enum event_code code)
{
	return code == EV_M_DOWNLOAD || code == EV_M_SCHEDULE_DOWNLOAD || code == EV_M_UPLOAD;
}

static bool is_droppable(enum event_code code)
{
	return code != EV_BOOTSTRAP && code != EV_BOOT &&
	       code != EV_TRANSFER_COMPLETE && !is_method(code);
}

static bool survives_reboot(enum event_code code)
{
	return code != EV_VALUE_CHANGE && code != EV_CONNECTION_REQUEST &&
	       code != EV_DIAGNOSTICS_COMPLETE && code != EV_BOOT;
}

void events_init(struct events *q, const char *state_dir)
{
	memset(q, 0, sizeof(*q));
	if (state_dir) {
		q->state_dir = strdup(state_dir);
		if (!q->state_dir)
			log_err("events: out of memory, the queue will not be saved");
	}
}

void events_fini(struct events *q)
{
	if (!q)
		return;
	free(q->state_dir);
	memset(q, 0, sizeof(*q));
}

/* One "CODE<TAB>key\n" line at out (size bytes); its length or -ENOSPC. */
static int format_line(char *out, size_t size, const struct event *ev)
{
	char key[2 * EVENT_KEY_MAX + 1];
	int n;

	if (store_escape(key, sizeof(key), ev->command_key) < 0)
		return -ENOSPC;
	n = snprintf(out, size, "%s\t%s\n", code_names[ev->code], key);
	return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}

static int save(const struct events *q)
{
	size_t pos = sizeof(EVENTS_HEADER) - 1;
	char *text;
	int ret = 0;

	if (!q->state_dir)
		return 0;
	text = malloc(EVENTS_TEXT_MAX);
	if (!text) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(text, EVENTS_HEADER, pos);
	for (size_t i = 0; i < q->n && ret >= 0; i++) {
		ret = format_line(text + pos, EVENTS_TEXT_MAX - pos, &q->v[i]);
		pos += ret > 0 ? (size_t)ret : 0;
	}
	if (ret >= 0)
		ret = store_write(q->state_dir, EVENTS_FILE, text, pos);
out:
	if (ret < 0)
		log_err("events: cannot save to %s/%s: %s", q->state_dir, EVENTS_FILE,
			strerror(-ret));
	free(text);
	return ret < 0 ? ret : 0;
}

int events_save(const struct events *q)
{
	return save(q);
}

static int find(const struct events *q, enum event_code code, const char *key)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->v[i].code == code && (!is_method(code) || strcmp(q->v[i].command_key, key) == 0))
			return (int)i;
	return -1;
}

static void remove_at(struct events *q, size_t i)
{
	memmove(&q->v[i], &q->v[i + 1], (q->n - i - 1) * sizeof(q->v[0]));
	q->n--;
}

/* Keep only the events for which keep() is true. */
static void filter(struct events *q, bool (*keep)(const struct event *ev, const void *arg),
		   const void *arg)
{
	size_t out = 0;

	for (size_t i = 0; i < q->n; i++)
		if (keep(&q->v[i], arg))
			q->v[out++] = q->v[i];
	q->n = out;
}

static int make_room(struct events *q)
{
	if (q->n < EVENTS_MAX)
		return 0;
	for (size_t i = 0; i < q->n; i++) {
		if (is_droppable(q->v[i].code)) {
			log_warn("events: queue full, dropping %s", code_names[q->v[i].code]);
			remove_at(q, i);
			return 0;
		}
	}
	return -ENOSPC;
}

/* Queue code/key (already checked) under the dedupe and full-queue rules. */
static int insert(struct events *q, enum event_code code, const char *key)
{
	struct event *ev;
	int i = find(q, code, key);

	if (i >= 0) {
		q->v[i].sent = false;
		return 0;
	}
	if (make_room(q) < 0)
		return -ENOSPC;
	ev = &q->v[q->n++];
	memset(ev, 0, sizeof(*ev));
	ev->code = code;
	memcpy(ev->command_key, key, strlen(key) + 1);
	return 0;
}

/* What a BOOTSTRAP keeps: BOOT, and (arg true) the events of the
 * TransferCompletes still to be sent, which go to the new ACS in their
 * Inform until one answers them (3.7.1.5). */
static bool keep_for_bootstrap(const struct event *ev, const void *arg)
{
	const bool *transfers = arg;

	return ev->code == EV_BOOTSTRAP || ev->code == EV_BOOT ||
	       (*transfers && (ev->code == EV_TRANSFER_COMPLETE || is_transfer_method(ev->code)));
}

/* A new ACS URL: discard what the old ACS was to hear, always leaving
 * room for the BOOTSTRAP itself. */
static void bootstrap_discard(struct events *q)
{
	bool transfers = true;

	filter(q, keep_for_bootstrap, &transfers);
	transfers = false;
	if (q->n >= EVENTS_MAX)
		filter(q, keep_for_bootstrap, &transfers);
}

int events_add(struct events *q, enum event_code code, const char *command_key)
{
	const char *key = command_key && is_method(code) ? command_key : "";
	int ret;

	if ((unsigned)code >= EV_COUNT ||
	    (command_key && strnlen(command_key, EVENT_KEY_MAX + 1) > EVENT_KEY_MAX))
		return -EINVAL;
	if (code == EV_BOOTSTRAP)
		bootstrap_discard(q);
	ret = insert(q, code, key);
	save(q);
	return ret;
}

int events_raise(struct events *q, enum event_code code, const char *command_key)
{
	int rc = events_add(q, code, command_key);

	if (rc != 0)
		log_err("events: cannot queue %s: %s", event_code_str(code), strerror(-rc));
	if (q->raised)
		q->raised(q->raised_ctx, code);
	return rc;
}

void events_on_raise(struct events *q, events_raised_cb cb, void *ctx)
{
	q->raised = cb;
	q->raised_ctx = ctx;
}

bool events_has(const struct events *q, enum event_code code)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->v[i].code == code)
			return true;
	return false;
}

bool events_empty(const struct events *q)
{
	return q->n == 0;
}

void events_mark_sent(struct events *q)
{
	for (size_t i = 0; i < q->n; i++)
		q->v[i].sent = true;
}

static bool keep_undelivered(const struct event *ev, const void *arg)
{
	const bool *transfer_pending = arg;

	return !ev->sent || ev->code == EV_TRANSFER_COMPLETE ||
	       (*transfer_pending && is_transfer_method(ev->code));
}

static void unmark_all(struct events *q)
{
	for (size_t i = 0; i < q->n; i++)
		q->v[i].sent = false;
}

void events_delivered(struct events *q)
{
	bool transfer_pending = events_has(q, EV_TRANSFER_COMPLETE);

	filter(q, keep_undelivered, &transfer_pending);
	unmark_all(q);
	save(q);
}

static bool keep_retried(const struct event *ev, const void *arg)
{
	(void)arg;
	return ev->code != EV_CONNECTION_REQUEST;
}

void events_failed(struct events *q)
{
	unmark_all(q);
	filter(q, keep_retried, NULL);
	save(q);
}

static bool keep_other_code(const struct event *ev, const void *arg)
{
	enum event_code code = *(const enum event_code *)arg;

	if (code == EV_TRANSFER_COMPLETE && is_transfer_method(ev->code))
		return false;
	return ev->code != code;
}

void events_remove(struct events *q, enum event_code code)
{
	filter(q, keep_other_code, &code);
	save(q);
}

void events_remove_key(struct events *q, enum event_code code, const char *command_key)
{
	int i = find(q, code, command_key ? command_key : "");

	if (i < 0)
		return;
	remove_at(q, (size_t)i);
	save(q);
}

/* Parse one line (without its newline) into code and key: 0 or -EINVAL. */
static int parse_line(const char *line, size_t len, int *code, char *key)
{
	const char *tab = memchr(line, '\t', len);
	char name[EVENTS_NAME_MAX];
	size_t nlen;

	if (!tab || (nlen = (size_t)(tab - line)) >= sizeof(name) || memchr(line, '\0', nlen))
		return -EINVAL;
	memcpy(name, line, nlen);
	name[nlen] = '\0';
	*code = event_code_parse(name);
	if (*code < 0 || store_unescape(key, EVENT_KEY_MAX + 1, tab + 1, len - nlen - 1) < 0)
		return -EINVAL;
	return !is_method(*code) && key[0] ? -EINVAL : 0;
}

/* Queue the good lines of text that survive a reboot; count the bad ones. */
static size_t load_text(struct events *q, const char *text, size_t len)
{
	char key[EVENT_KEY_MAX + 1];
	size_t pos = 0, bad = 0;
	int code;

	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + 1;
		if (llen == 0 || line[0] == '#')
			continue;
		if (!nl || parse_line(line, llen, &code, key) < 0)
			bad++;
		else if (survives_reboot(code) && insert(q, code, key) < 0)
			bad++;
	}
	return bad;
}

int events_load(struct events *q)
{
	char *text = NULL;
	size_t len = 0, bad;
	int ret;

	if (!q->state_dir)
		return 0;
	ret = store_read(q->state_dir, EVENTS_FILE, &text, &len, EVENTS_FILE_MAX);
	if (ret == -ENOENT)
		return 0;
	if (ret == -EFBIG) {
		log_warn("events: %s/%s is too big, ignored", q->state_dir, EVENTS_FILE);
		return 0;
	}
	if (ret < 0)
		return ret;
	bad = load_text(q, text, len);
	if (bad)
		log_warn("events: skipped %zu bad line%s in %s/%s", bad, bad == 1 ? "" : "s",
			 q->state_dir, EVENTS_FILE);
	free(text);
	save(q);
	return 0;
}
