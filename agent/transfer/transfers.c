/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The transfer queue in the agent: its file ("transfers" in the state dir,
 * saved on every state change before anything follows from it, so a crash
 * or a reboot loses no TransferComplete), what a start finds interrupted,
 * the end of a transfer (its fault and events), and the session side: the
 * TransferComplete requests until the ACS acknowledges them. Running a
 * transfer is transfer_run.c's: one at a time, when its DelaySeconds have
 * passed and no session runs (so after the session that asked for it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpe_msg.h"
#include "fault.h"
#include "log.h"
#include "ops.h"
#include "plugin.h"
#include "retry.h"
#include "store.h"
#include "timefmt.h"
#include "transfer_http.h"
#include "transfer_int.h"

#define QUEUE_FILE "transfers"
#define QUEUE_FILE_MAX (64 * 1024)

/* ---- the queue --------------------------------------------------------------- */

struct transfer *transfer_find(struct transfers *ts, unsigned id)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].id == id)
			return &ts->v[i];
	return NULL;
}

static void remove_at(struct transfers *ts, size_t i)
{
	memmove(&ts->v[i], &ts->v[i + 1], (ts->n - i - 1) * sizeof(ts->v[0]));
	memmove(&ts->booted[i], &ts->booted[i + 1], (ts->n - i - 1) * sizeof(ts->booted[0]));
	ts->n--;
	memset(&ts->v[ts->n], 0, sizeof(ts->v[0]));
	ts->booted[ts->n] = false;
}

int transfer_save(struct transfers *ts)
{
	struct xbuf b;
	int rc;

	xbuf_init(&b, QUEUE_FILE_MAX);
	transfers_format(&b, ts->v, ts->n);
	rc = xbuf_error(&b);
	if (rc == 0)
		rc = store_write(ts->env.cfg->state_dir, QUEUE_FILE, b.data, b.len);
	if (b.data)
		memset(b.data, 0, b.len);       /* it held passwords */
	xbuf_fini(&b);
	if (rc != 0)
		log_err("transfers: cannot save the queue: %s", strerror(-rc));
	return rc;
}

int transfer_part_path(struct transfers *ts, const struct transfer *t, char *out, size_t size)
{
	const struct config *c = ts->env.cfg;
	const char *base = c->download_dir && c->download_dir[0] ? c->download_dir : c->state_dir;
	char dir[TRANSFER_DIR_MAX];
	int rc = transfer_dir_get(&ts->dir, base, dir, sizeof(dir));
	int n;

	if (rc != 0) {
		log_err("transfers: no private directory in %s: %s", base, strerror(-rc));
		out[0] = '\0';
		return rc;
	}
	n = snprintf(out, size, "%s/transfer-%u.part", dir, t->id);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

void transfer_remove_part(struct transfers *ts, const struct transfer *t)
{
	char path[512];

	if (transfer_part_path(ts, t, path, sizeof(path)) != 0)
		return;
	if (unlink(path) != 0 && errno != ENOENT)
		log_warn("transfers: cannot remove %s: %s", path, strerror(errno));
}

/* ---- the end of a transfer ----------------------------------------------------- */

static bool tc_pending(const struct transfers *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].state == TRANSFER_DONE || ts->booted[i])
			return true;
	return false;
}

static void set_fault(struct transfer *t, int fault, const char *text)
{
	t->fault = fault;
	snprintf(t->fault_string, sizeof(t->fault_string), "%s",
		 fault == 0 ? "" : (text && text[0] ? text : fault_string(fault)));
}

void transfer_forget_source(struct transfer *t)
{
	memset(t->url, 0, sizeof(t->url));
	memset(t->username, 0, sizeof(t->username));
	memset(t->password, 0, sizeof(t->password));
}

const char *transfer_method(const struct transfer *t)
{
	if (TRANSFER_IS_UPLOAD(t))
		return "Upload";
	return TRANSFER_IS_SCHEDULED(t) ? "ScheduleDownload" : "Download";
}

/* "M Download", "M ScheduleDownload" or "M Upload". */
static enum event_code m_event(const struct transfer *t)
{
	if (TRANSFER_IS_UPLOAD(t))
		return EV_M_UPLOAD;
	return TRANSFER_IS_SCHEDULED(t) ? EV_M_SCHEDULE_DOWNLOAD : EV_M_DOWNLOAD;
}

/* DONE: saved, then the events that start the session reporting it. */
void transfer_finish(struct transfers *ts, struct transfer *t, int fault, const char *text)
{
	char key[TRANSFER_KEY_MAX + 1];

	t->state = TRANSFER_DONE;
	t->complete_time = time(NULL);
	set_fault(t, fault, text);
	transfer_forget_source(t);
	t->hold = session_running(ts);
	memcpy(key, t->command_key, sizeof(key));
	if (fault)
		log_warn("transfers: %s '%s' failed: %d %s", transfer_method(t), key, fault,
			 t->fault_string);
	else
		log_notice("transfers: %s '%s' done", transfer_method(t), key);
	transfer_remove_part(ts, t);
	if (ts->active == t->id)
		ts->active = 0;
	transfer_save(ts);
	events_raise(ts->env.events, EV_TRANSFER_COMPLETE, "");
	events_raise(ts->env.events, m_event(t), key);
}

void transfer_failed(struct transfers *ts, struct transfer *t, int fault, const char *text)
{
	const struct config *c = ts->env.cfg;
	uint64_t wait;

	if (!TRANSFER_IS_SCHEDULED(t)) {
		transfer_finish(ts, t, fault, text);
		return;
	}
	set_fault(t, fault, text);
	wait = retry_wait_ms(c->retry_min_wait, c->retry_multiplier, t->attempts, retry_random());
	t->state = TRANSFER_QUEUED;
	t->due = time(NULL) + (time_t)((wait + 999) / 1000);
	log_warn("transfers: ScheduleDownload '%s': attempt %u failed: %d %s; next chance in "
		 "%llu s or later", t->command_key, t->attempts, fault, t->fault_string,
		 (unsigned long long)((wait + 999) / 1000));
	transfer_remove_part(ts, t);
	if (ts->active == t->id)
		ts->active = 0;
	transfer_save(ts);
}

/* ---- start: the queue a previous run left ----------------------------------------- */

/* What a stop or a crash interrupted. */
static void recover(struct transfers *ts, size_t i)
{
	struct transfer *t = &ts->v[i];

	if (t->id >= ts->next_id)
		ts->next_id = t->id + 1;
	if (TRANSFER_IS_SCHEDULED(t) && (t->state == TRANSFER_RUNNING ||
					 (t->state == TRANSFER_APPLYING &&
					  t->file_type == TRANSFER_VENDOR_CONFIG))) {
		/* An attempt cut short: its windows decide about another. */
		transfer_remove_part(ts, t);
		set_fault(t, t->state == TRANSFER_RUNNING ? CWMP_FAULT_COMPLETE_DOWNLOAD
							  : CWMP_FAULT_INTERNAL_ERROR,
			  "interrupted by a restart");
		t->state = TRANSFER_QUEUED;
	} else if (t->state == TRANSFER_RUNNING) {
		transfer_remove_part(ts, t);
		t->state = TRANSFER_DONE;
		t->complete_time = time(NULL);
		if (TRANSFER_IS_UPLOAD(t))
			set_fault(t, CWMP_FAULT_UPLOAD_FAILURE, "upload interrupted by a restart");
		else
			set_fault(t, CWMP_FAULT_COMPLETE_DOWNLOAD,
				  "download interrupted by a restart");
	} else if (t->state == TRANSFER_APPLYING && t->file_type == TRANSFER_VENDOR_CONFIG) {
		transfer_remove_part(ts, t);
		t->state = TRANSFER_DONE;
		t->complete_time = time(NULL);
		set_fault(t, CWMP_FAULT_INTERNAL_ERROR, "interrupted while applying");
	} else if (t->state == TRANSFER_APPLYING || t->state == TRANSFER_REBOOTING) {
		transfer_remove_part(ts, t);
		ts->booted[i] = true;   /* sysupgrade reboots by itself */
	}
	if (t->state != TRANSFER_QUEUED)
		transfer_forget_source(t);
	if (t->state == TRANSFER_DONE || ts->booted[i]) {
		events_add(ts->env.events, EV_TRANSFER_COMPLETE, "");
		events_add(ts->env.events, m_event(t), t->command_key);
	}
}

static int load(struct transfers *ts)
{
	char *text = NULL;
	size_t len = 0, bad = 0;
	int rc = store_read(ts->env.cfg->state_dir, QUEUE_FILE, &text, &len, QUEUE_FILE_MAX);

	if (rc == -ENOENT)
		return 0;
	if (rc == 0)
		rc = transfers_parse(text, len, ts->v, TRANSFERS_MAX, &ts->n, &bad);
	if (text)
		memset(text, 0, len);
	free(text);
	if (bad)
		log_warn("transfers: skipped %zu bad line%s in the queue", bad, bad == 1 ? "" : "s");
	return rc;
}

struct transfers *transfers_new(const struct transfers_env *env)
{
	struct transfers *ts = calloc(1, sizeof(*ts));

	if (!ts)
		return NULL;
	ts->env = *env;
	ts->next_id = 1;
	ts->timer.cb = transfer_timer_cb;
	load(ts);                       /* a bad file: logged, an empty queue */
	for (size_t i = 0; i < ts->n; i++)
		recover(ts, i);
	if (!tc_pending(ts) && events_has(ts->env.events, EV_TRANSFER_COMPLETE))
		events_remove(ts->env.events, EV_TRANSFER_COMPLETE);   /* nothing to report */
	transfer_save(ts);
	loop_timer_set(ts->env.loop, &ts->timer, 0);
	return ts;
}

int transfers_add(struct transfers *ts, const struct transfer *t)
{
	struct transfer *n;

	if (!ts)
		return -ENODEV;         /* the queue did not load */
	if (ts->n == TRANSFERS_MAX)
		return -ENOSPC;
	n = &ts->v[ts->n];
	*n = *t;
	n->id = ts->next_id++;
	n->state = TRANSFER_QUEUED;
	n->start_time = n->complete_time = TIMEFMT_UNKNOWN;
	n->fault = 0;
	n->fault_string[0] = n->version[0] = '\0';
	n->hold = false;
	ts->n++;
	if (transfer_save(ts) != 0) {
		ts->n--;
		memset(n, 0, sizeof(*n));
		return -EIO;
	}
	log_notice("transfers: %s '%s' queued (file type %d)", transfer_method(n), n->command_key,
		   (int)n->file_type % 10);
	return 0;
}

int transfers_cancel(struct transfers *ts, const char *command_key)
{
	size_t found = 0;

	for (size_t i = 0; ts && i < ts->n; i++) {
		int st = transfers_queued_state(&ts->v[i]);

		if (st && strcmp(ts->v[i].command_key, command_key) == 0) {
			if (st != 1)
				return -EBUSY;
			found++;
		}
	}
	if (!found)
		return -ENOENT;
	for (size_t i = ts->n; i-- > 0;)
		if (ts->v[i].state == TRANSFER_QUEUED &&
		    strcmp(ts->v[i].command_key, command_key) == 0)
			remove_at(ts, i);
	transfer_save(ts);
	log_notice("transfers: '%s' cancelled", command_key);
	return 0;
}

const struct transfer *transfers_list(const struct transfers *ts, size_t *n)
{
	*n = ts ? ts->n : 0;
	return ts ? ts->v : NULL;
}

/* ---- the session side ------------------------------------------------------------- */

/* The fault text for a firmware start after its apply (or during it):
 * NULL when the new image runs. It does when the SoftwareVersion changed
 * since the apply started (unknown in a v1 queue file: taken as changed)
 * and is the announced one, if any. A complete apply (REBOOTING) of an
 * image with the running version announced counts, too: the same version
 * flashed again. */
static const char *booted_fault(const struct transfer *t, const char *running)
{
	bool changed = !t->old_version[0] || strcmp(running, t->old_version) != 0;
	bool announced = t->version[0] && strcmp(running, t->version) == 0;

	if (t->version[0] && !announced)
		return "new firmware is not running";
	if (changed || (announced && t->state == TRANSFER_REBOOTING))
		return NULL;
	if (t->state == TRANSFER_APPLYING)
		return "firmware not installed (apply interrupted)";
	return "firmware not installed (version unchanged)";
}

/* After a start that found a firmware image applying or applied: is the
 * new image running? An apply cut by its reboot never set CompleteTime:
 * it is now, the first session after that reboot. */
static void resolve_booted(struct transfers *ts, size_t i)
{
	struct transfer *t = &ts->v[i];
	const char *running = software_version(ts) ? software_version(ts) : "";
	const char *text = booted_fault(t, running);

	ts->booted[i] = false;
	t->state = TRANSFER_DONE;
	if (t->complete_time == TIMEFMT_UNKNOWN)
		t->complete_time = time(NULL);  /* an apply that never returned
						   (sysupgrade reboots by itself) */
	if (text) {
		set_fault(t, CWMP_FAULT_DOWNLOAD_FAILURE, text);
		log_warn("transfers: firmware '%s': %s (running '%s', was '%s', announced '%s')",
			 t->command_key, text, running, t->old_version, t->version);
	} else {
		set_fault(t, 0, NULL);
	}
	transfer_save(ts);
}

int transfers_next_request(struct transfers *ts, struct xbuf *out, enum cwmp_ns ns,
			   const char *id)
{
	if (!ts)
		return 0;
	for (size_t i = 0; i < ts->n; i++) {
		if (ts->booted[i] && software_version(ts))
			resolve_booted(ts, i);
		if (ts->v[i].state != TRANSFER_DONE || ts->v[i].hold || ts->v[i].id == ts->sent)
			continue;
		cpe_msg_write_transfer_complete(out, &ts->v[i], ns, id);
		ts->sent = ts->v[i].id;
		return 1;
	}
	return 0;
}

/* Is a TransferComplete with this "M" event and key still pending? */
static bool key_pending(const struct transfers *ts, enum event_code ev, const char *key)
{
	for (size_t i = 0; i < ts->n; i++)
		if (m_event(&ts->v[i]) == ev && strcmp(ts->v[i].command_key, key) == 0 &&
		    (ts->v[i].state == TRANSFER_DONE || ts->booted[i]))
			return true;
	return false;
}

void transfers_response(struct transfers *ts, const struct soap_msg *m)
{
	char key[TRANSFER_KEY_MAX + 1];
	struct transfer *t = ts ? transfer_find(ts, ts->sent) : NULL;
	enum event_code ev;

	if (!t || !m->name || strcmp(m->name, "TransferCompleteResponse") != 0)
		return;         /* a Fault: sent again next session */
	memcpy(key, t->command_key, sizeof(key));
	ev = m_event(t);
	remove_at(ts, (size_t)(t - ts->v));
	ts->sent = 0;
	transfer_save(ts);
	log_notice("transfers: TransferComplete '%s' acknowledged", key);
	if (!key_pending(ts, ev, key))
		events_remove_key(ts->env.events, ev, key);
	if (!tc_pending(ts))
		events_remove(ts->env.events, EV_TRANSFER_COMPLETE);
}

void transfers_session_done(struct transfers *ts, bool ok)
{
	(void)ok;
	if (!ts)
		return;
	ts->sent = 0;
	for (size_t i = 0; i < ts->n; i++)
		ts->v[i].hold = false;
	transfer_run_next(ts);
}

void transfers_reboot_failed(struct transfers *ts)
{
	for (size_t i = 0; ts && i < ts->n; i++)
		if (ts->v[i].state == TRANSFER_REBOOTING && !ts->booted[i])
			transfer_finish(ts, &ts->v[i], CWMP_FAULT_INTERNAL_ERROR, "reboot failed");
}

void transfers_free(struct transfers *ts)
{
	struct transfer *t;

	if (!ts)
		return;
	t = transfer_find(ts, ts->active);
	if (ts->http && t) {
		/* A clean stop: the download starts again next time. */
		transfer_http_cancel(ts->http);
		transfer_remove_part(ts, t);
		t->state = TRANSFER_QUEUED;
		if (t->attempts)
			t->attempts--;  /* not an attempt that failed */
		t->start_time = TIMEFMT_UNKNOWN;
		transfer_save(ts);
	}
	plugin_cancel(ts->plugin);
	loop_timer_cancel(ts->env.loop, &ts->timer);
	memset(ts->v, 0, sizeof(ts->v));
	free(ts);
}
