/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running one transfer (see transfers.h for the states): a download is a
 * GET (transfer_http.h) into "transfer-ID.part" in the download dir, then the
 * platform plugin applies it ("firmware firmware-apply|config-apply FILE");
 * an upload is the plugin making that file ("config-export|log-export
 * FILE"), then a PUT. Each step saves its state before it starts, and the
 * outcome becomes a fault code here (TR-069 A.5.1). A ScheduleDownload
 * starts only when its windows allow (transfer_windows.h); a failed attempt
 * goes back to the queue (transfer_failed), its URL and credentials kept.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fault.h"
#include "log.h"
#include "platform.h"
#include "ops.h"
#include "plugin.h"
#include "pluginio.h"
#include "transfer_http.h"
#include "transfer_int.h"
#include "transfer_windows.h"

#define APPLY_TIMEOUT_MS (10 * 60 * 1000)  /* a flash write can take minutes */
#define PLUGIN_OUT_MAX 4096

/* ---- applying: the platform plugin ---------------------------------------------- */

static int version_line_cb(void *ctx, const char *path, const char *value)
{
	struct transfer *t = ctx;

	if (strcmp(path, "version") == 0)
		snprintf(t->version, sizeof(t->version), "%s", value);
	return 0;
}

/* Firmware applied: wait for the reboot into it (the TransferComplete
 * goes in the first session after it). */
static void applied_firmware(struct transfers *ts, struct transfer *t)
{
	t->state = TRANSFER_REBOOTING;
	t->complete_time = time(NULL);
	transfer_forget_source(t);      /* kept so far for a ScheduleDownload's retry */
	ts->active = 0;
	transfer_save(ts);
	transfer_remove_part(ts, t);
	if (busy_quitting(ts->env.busy)) {
		/* The start after this one checks what the reboot installed. */
		log_notice("transfers: firmware '%s' applied; not rebooting: shutting down",
			   t->command_key);
		return;
	}
	log_notice("transfers: firmware '%s' applied%s%s; rebooting", t->command_key,
		   t->version[0] ? ", version " : "", t->version);
	ops_reboot_after_session(ts->env.ops);
}

/* An apply ended: the shutdown or the reboot that waited for it goes on
 * (busy.h), else the next transfer. */
static void apply_ended(struct transfers *ts)
{
	struct busy *b = ts->env.busy;
	bool quitting = busy_quitting(b);

	busy_leave(b);
	if (!quitting)
		transfer_run_next(ts);
}

/* The firmware plugin's failure, as what it is (its stderr is logged). */
static void plugin_failed(const struct transfer *t, const struct plugin_result *r)
{
	char how[PLUGIN_RESULT_STR_MAX];

	if (r->err || r->exit_code != 0)
		log_warn("transfers: %s '%s': plugin firmware: %s", transfer_method(t),
			 t->command_key, plugin_result_str(r, how, sizeof(how)));
}

static void apply_done_cb(void *ctx, const struct plugin_result *r)
{
	struct transfers *ts = ctx;
	struct transfer *t = transfer_find(ts, ts->active);

	ts->plugin = NULL;
	if (!t) {
		apply_ended(ts);
		return;
	}
	plugin_failed(t, r);
	if (r->err == 0 && r->exit_code == 0) {
		pluginio_parse(r->out, r->out_len, version_line_cb, t, NULL);
		if (t->file_type == TRANSFER_FIRMWARE)
			applied_firmware(ts, t);
		else
			transfer_finish(ts, t, 0, NULL);
	} else if (r->err == 0 && r->exit_code == 1) {
		transfer_failed(ts, t, CWMP_FAULT_FILE_CORRUPTED, "file rejected by the platform");
	} else {
		transfer_failed(ts, t, CWMP_FAULT_INTERNAL_ERROR, "the firmware plugin failed");
	}
	apply_ended(ts);
}

/* "firmware VERB FILE" on t's temporary file; input (NULL: none) on its
 * stdin. */
static int plugin_start(struct transfers *ts, struct transfer *t, const char *verb,
			const struct xbuf *input, plugin_done_cb cb)
{
	char file[512];
	const char *args[] = { verb, file, NULL };
	const struct platform_call c = { .plugin = "firmware", .args = args,
					 .timeout_ms = APPLY_TIMEOUT_MS,
					 .max_output = PLUGIN_OUT_MAX,
					 .input = input ? input->data : NULL,
					 .input_len = input ? input->len : 0 };

	int rc = transfer_part_path(ts, t, file, sizeof(file));

	if (rc != 0)
		return rc;
	if (strcmp(verb, "config-export") == 0 || strcmp(verb, "log-export") == 0) {
		if (unlink(file) != 0 && errno != ENOENT)       /* the plugin makes it anew */
			return -errno;
	}
	return platform_run(ts->env.platform, &c, cb, ts, &ts->plugin);
}

/* A vendor configuration file's apply gets "name<TAB>NAME" on stdin (for
 * DeviceInfo.VendorConfigFile); a firmware image's nothing. */
static int apply_start(struct transfers *ts, struct transfer *t)
{
	const char *running = software_version(ts);
	bool firmware = t->file_type == TRANSFER_FIRMWARE;
	struct xbuf in;
	int rc;

	/* A start that finds it APPLYING compares the version with this one. */
	if (firmware)
		snprintf(t->old_version, sizeof(t->old_version), "%s", running ? running : "");
	t->state = TRANSFER_APPLYING;
	transfer_save(ts);
	xbuf_init(&in, 4 * PLUGINIO_MAX_PATH);
	if (!firmware && t->file_name[0])
		pluginio_write(&in, "name", t->file_name);
	rc = xbuf_error(&in);
	if (rc == 0)
		rc = plugin_start(ts, t, firmware ? "firmware-apply" : "config-apply",
				  in.len ? &in : NULL, apply_done_cb);
	if (rc == 0)
		busy_enter(ts->env.busy);       /* never cut short: apply_ended */
	xbuf_fini(&in);
	return rc;
}

/* ---- downloading ---------------------------------------------------------------- */

/* The fault for a failed transfer (TR-069 A.5.1) as both directions map
 * it: http_other for an HTTP error other than 401/407, other for the rest. */
static int transfer_fault(const struct transfer_http_result *r, int http_other, int other)
{
	switch (r->err) {
	case TRANSFER_HTTP_OK:
		return 0;
	case TRANSFER_HTTP_CONNECT:
		return CWMP_FAULT_CONTACT_FILE_SERVER;
	case TRANSFER_HTTP_TLS:
		return CWMP_FAULT_FILE_SERVER_AUTH;
	case TRANSFER_HTTP_HTTP:
		return r->status == 401 || r->status == 407 ? CWMP_FAULT_FILE_SERVER_AUTH
							    : http_other;
	default:
		return other;
	}
}

/* The fault for a failed download (9015..9019, 9010). */
static int get_fault(const struct transfer_http_result *r)
{
	if (r->err == TRANSFER_HTTP_INCOMPLETE)
		return CWMP_FAULT_COMPLETE_DOWNLOAD;
	if (r->err == TRANSFER_HTTP_TOO_BIG)
		return CWMP_FAULT_DOWNLOAD_FAILURE;
	return transfer_fault(r, CWMP_FAULT_ACCESS_FILE, CWMP_FAULT_INTERNAL_ERROR);
}

static void get_done_cb(void *ctx, const struct transfer_http_result *r)
{
	struct transfers *ts = ctx;
	struct transfer *t = transfer_find(ts, ts->active);
	char text[TRANSFER_FAULT_STRING_MAX + 1];
	int fault = get_fault(r), rc;

	ts->http = NULL;
	if (!t)
		return;
	snprintf(text, sizeof(text), "%s", r->text);
	if (!fault && t->file_size && r->bytes != t->file_size) {
		fault = CWMP_FAULT_COMPLETE_DOWNLOAD;
		snprintf(text, sizeof(text), "got %llu bytes, FileSize is %llu",
			 (unsigned long long)r->bytes, (unsigned long long)t->file_size);
	}
	log_info("transfers: %s '%s': %llu bytes, HTTP %ld", transfer_method(t), t->command_key,
		 (unsigned long long)r->bytes, r->status);
	if (!fault) {
		if (!TRANSFER_IS_SCHEDULED(t))  /* else kept for a retry */
			transfer_forget_source(t); /* apply_start saves */
		rc = apply_start(ts, t);
		if (rc == 0)
			return;
		log_err("transfers: cannot run the firmware plugin: %s", strerror(-rc));
		fault = CWMP_FAULT_INTERNAL_ERROR;
		text[0] = '\0';
	}
	transfer_failed(ts, t, fault, text);
	transfer_run_next(ts);
}

static int get_start(struct transfers *ts, struct transfer *t)
{
	const struct config *c = ts->env.cfg;
	char file[512];
	struct transfer_http_opts o = { .url = t->url, .username = t->username,
				       .password = t->password, .path = file,
				       .max_bytes = c->download_max, .ca_file = c->ca_file,
				       .verify = c->verify, .timeout_s = c->transfer_timeout };

	int rc = transfer_part_path(ts, t, file, sizeof(file));

	if (rc != 0)
		return rc;
	t->state = TRANSFER_RUNNING;
	t->start_time = time(NULL);
	if (TRANSFER_IS_SCHEDULED(t))
		t->attempts++;
	ts->active = t->id;
	transfer_save(ts);
	log_notice("transfers: %s '%s' starts%s", transfer_method(t), t->command_key,
		   t->attempts > 1 ? " again" : "");
	return transfer_http_start(ts->env.loop, &o, get_done_cb, ts, &ts->http);
}

/* ---- uploading: the plugin makes the file, then the PUT --------------------------- */

static int put_fault(const struct transfer_http_result *r)
{
	if (r->err == TRANSFER_HTTP_LOCAL)
		return CWMP_FAULT_INTERNAL_ERROR;
	return transfer_fault(r, CWMP_FAULT_UPLOAD_FAILURE, CWMP_FAULT_UPLOAD_FAILURE);
}

static void put_done_cb(void *ctx, const struct transfer_http_result *r)
{
	struct transfers *ts = ctx;
	struct transfer *t = transfer_find(ts, ts->active);

	ts->http = NULL;
	if (!t)
		return;
	log_info("transfers: Upload '%s': HTTP %ld", t->command_key, r->status);
	transfer_finish(ts, t, put_fault(r), r->text);
	transfer_run_next(ts);
}

static void export_done_cb(void *ctx, const struct plugin_result *r)
{
	struct transfers *ts = ctx;
	struct transfer *t = transfer_find(ts, ts->active);
	char file[512];
	struct transfer_http_opts o = { .path = file, .upload = true };
	int rc = -EIO;

	ts->plugin = NULL;
	if (!t)
		return;
	o.url = t->url;
	o.username = t->username;
	o.password = t->password;
	o.ca_file = ts->env.cfg->ca_file;
	o.verify = ts->env.cfg->verify;
	o.timeout_s = ts->env.cfg->transfer_timeout;
	plugin_failed(t, r);
	if (r->err == 0 && r->exit_code == 0 && transfer_part_path(ts, t, file, sizeof(file)) == 0)
		rc = transfer_http_start(ts->env.loop, &o, put_done_cb, ts, &ts->http);
	if (rc == 0)
		return;
	if (r->err == 0 && r->exit_code == 1)
		transfer_finish(ts, t, CWMP_FAULT_UPLOAD_FAILURE, "nothing to upload");
	else
		transfer_finish(ts, t, CWMP_FAULT_INTERNAL_ERROR, "cannot make the file to upload");
	transfer_run_next(ts);
}

static int upload_start(struct transfers *ts, struct transfer *t)
{
	t->state = TRANSFER_RUNNING;
	t->start_time = time(NULL);
	ts->active = t->id;
	transfer_save(ts);
	log_notice("transfers: Upload '%s' starts", t->command_key);
	return plugin_start(ts, t, t->file_type == TRANSFER_UPLOAD_LOG ? "log-export"
								      : "config-export",
			    NULL, export_done_cb);
}

/* A ScheduleDownload with no window left: DONE with its last attempt's
 * fault, or 9020 when none started. */
static void windows_over(struct transfers *ts, struct transfer *t)
{
	char text[TRANSFER_FAULT_STRING_MAX + 1];

	if (t->fault) {
		snprintf(text, sizeof(text), "%s", t->fault_string);
		transfer_finish(ts, t, t->fault, text);
	} else {
		transfer_finish(ts, t, CWMP_FAULT_TIME_WINDOW,
				transfer_window_skipped_confirmation(t)
				? "no user to confirm the download (WindowMode 4 Confirmation "
				  "Needed)"
				: "the time windows passed");
	}
}

/* A ScheduleDownload that is due: may it start now? When not, it waits
 * for its next window (due moved; *first the earliest due) or ends. */
static bool window_open(struct transfers *ts, struct transfer *t, time_t now, time_t *first)
{
	time_t when = 0;

	switch (transfer_window_check(t, now, &when)) {
	case TRANSFER_WINDOW_START:
		return true;
	case TRANSFER_WINDOW_WAIT:
		t->due = when;
		transfer_save(ts);
		if (!*first || when < *first)
			*first = when;
		return false;
	default:
		windows_over(ts, t);
		return false;
	}
}

/* Start the first queued transfer that is due; arm the timer for the
 * next one. Never while a session or another transfer runs. */
void transfer_run_next(struct transfers *ts)
{
	time_t now = time(NULL), first = 0;
	struct transfer *t = NULL;
	int rc;

	if (ts->active || session_running(ts))
		return;
	for (size_t i = 0; i < ts->n && !t; i++) {
		struct transfer *x = &ts->v[i];

		if (x->state != TRANSFER_QUEUED)
			continue;
		if (x->due > now) {
			if (!first || x->due < first)
				first = x->due;
		} else if (!TRANSFER_IS_SCHEDULED(x) || window_open(ts, x, now, &first)) {
			t = x;
		}
	}
	if (!t) {
		if (first)
			loop_timer_set(ts->env.loop, &ts->timer, (int64_t)(first - now) * 1000);
		return;
	}
	rc = TRANSFER_IS_UPLOAD(t) ? upload_start(ts, t) : get_start(ts, t);
	if (rc != 0) {
		log_err("transfers: cannot start the %s: %s", transfer_method(t), strerror(-rc));
		transfer_failed(ts, t, CWMP_FAULT_INTERNAL_ERROR, NULL);
		loop_timer_set(ts->env.loop, &ts->timer, 0);
	}
}

void transfer_timer_cb(struct loop_timer *tm)
{
	transfer_run_next(container_of(tm, struct transfers, timer));
}

