/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File transfers the ACS asks for (Download, Upload): the persisted queue
 * (state dir file "transfers"), the transfers themselves (libcurl in the
 * loop, transfer_http.h, through a temporary file in the cpe download_dir
 * (default: the state dir), a time limit (cpe transfer_timeout), size
 * caps, the ACS's credentials never in argv or a log), the platform plugin
 * that applies a download ("firmware firmware-apply FILE" / "config-apply
 * FILE") or makes the file to upload ("config-export FILE" / "log-export
 * FILE"), and the TransferComplete the CPE sends, kept until the ACS
 * acknowledges it, across a reboot or a crash.
 *
 * Life of a transfer: QUEUED (DownloadResponse Status 1 sent; waits for
 * DelaySeconds and for no session to be running) -> RUNNING (downloading)
 * -> APPLYING (the running SoftwareVersion saved, then the plugin runs)
 * -> REBOOTING (firmware applied; the device
 * reboots, ops_reboot_after_session) or DONE (TransferComplete pending,
 * events "7 TRANSFER COMPLETE" + "M Download" queued). A start that finds
 * RUNNING reports it failed (9017: the download was interrupted); one that
 * finds APPLYING or REBOOTING of a firmware image takes it as a reboot
 * that may have installed the new image: DONE, fault 0 when the running
 * SoftwareVersion differs from the one saved before the apply and is the
 * one the plugin announced (when it announced one), else 9010 (an apply
 * cut short by a kill or a power loss did not install it). REBOOTING is
 * finished with 9002 when `system reboot` fails (transfers_reboot_failed).
 * An Upload: QUEUED -> RUNNING (the plugin exports the file, then the PUT)
 * -> DONE; a start that finds it RUNNING reports 9011. A ScheduleDownload
 * is a Download that starts only inside its time windows
 * (transfer_windows.h): a failed attempt (download or apply, or one a
 * restart cut) goes back to QUEUED for a retry in the same window
 * (MaxRetries) or the next one; when no window is left it is DONE with the
 * last attempt's fault, or 9020 when none could start.
 */
#ifndef CWMP_TRANSFERS_H
#define CWMP_TRANSFERS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "busy.h"
#include "config.h"
#include "events.h"
#include "loop.h"
#include "platform.h"
#include "soap.h"
#include "xbuf.h"

struct ops;
struct transfers;
struct soap_msg;

/* What the transfers work with; the pointers must outlive them. */
struct transfers_env {
	struct loop *loop;
	const struct config *cfg;       /* state and download dirs, limits, TLS */
	struct events *events;          /* 7 TRANSFER COMPLETE and the M events */
	struct busy *busy;              /* an apply is critical */
	struct platform *platform;      /* firmware-apply, config-apply, exports */
	struct ops *ops;                /* the reboot a firmware apply needs */
	/* Is a session running? (transfers wait for its end) */
	bool (*session_running)(void *ctx);
	/* The running SoftwareVersion, or NULL while the identity is not
	 * known yet. */
	const char *(*software_version)(void *ctx);
	void *ctx;
};

#define TRANSFERS_MAX 16            /* queued or pending TransferCompletes */
#define TRANSFER_KEY_MAX 32         /* CommandKey (xsd) */
#define TRANSFER_URL_MAX 256        /* URL, Username, Password (xsd) */
#define TRANSFER_FAULT_STRING_MAX 256
#define TRANSFER_VERSION_MAX 64
#define TRANSFER_NAME_MAX 256           /* TargetFileName (xsd) */
#define TRANSFER_WINDOWS_MAX 2          /* ScheduleDownload's TimeWindowList (xsd) */
#define TRANSFER_WINDOW_CONFIRM 4       /* WindowMode "4 Confirmation Needed" */

enum transfer_state {
	TRANSFER_QUEUED,
	TRANSFER_RUNNING,
	TRANSFER_APPLYING,
	TRANSFER_REBOOTING,
	TRANSFER_DONE,
	TRANSFER_STATE_COUNT
};

enum transfer_file_type {
	TRANSFER_FIRMWARE = 1,      /* Download "1 Firmware Upgrade Image" */
	TRANSFER_VENDOR_CONFIG = 3, /* Download "3 Vendor Configuration File" */
	TRANSFER_UPLOAD_CONFIG = 11, /* Upload "1 Vendor Configuration File" */
	TRANSFER_UPLOAD_LOG = 12,   /* Upload "2 Vendor Log File" */
};

/* An Upload (TRANSFER_UPLOAD_*), not a Download. */
#define TRANSFER_IS_UPLOAD(t) ((t)->file_type >= TRANSFER_UPLOAD_CONFIG)
/* A ScheduleDownload ("M ScheduleDownload"), not a Download. */
#define TRANSFER_IS_SCHEDULED(t) ((t)->deadline != 0)

/* One ScheduleDownload time window, in wall-clock seconds. */
struct transfer_window {
	time_t start, end;          /* WindowStart <= an attempt's start < WindowEnd */
	int mode;                   /* WindowMode 1..4 */
	int max_retries;            /* MaxRetries: -1 = as many as fit, else 0.. */
};

struct transfer {
	unsigned id;                /* unique in the queue (ids restart at 1 once it
				       is empty); names the temp file */
	enum transfer_state state;
	enum transfer_file_type file_type;
	char command_key[TRANSFER_KEY_MAX + 1];
	/* URL and credentials: cleared once fetched (or DONE); never logged */
	char url[TRANSFER_URL_MAX + 1];
	char username[TRANSFER_URL_MAX + 1];
	char password[TRANSFER_URL_MAX + 1];
	uint64_t file_size;         /* 0 = not announced */
	time_t due;                 /* wall clock: not before (DelaySeconds, or
				       ScheduleDownload's first WindowStart) */
	time_t deadline;            /* ScheduleDownload: its last WindowEnd; 0 for
				       the others */
	struct transfer_window windows[TRANSFER_WINDOWS_MAX]; /* ScheduleDownload */
	unsigned n_windows;         /* 0 for the others */
	unsigned win;               /* the window attempts are counted in */
	unsigned attempts;          /* attempts started in windows[win] */
	char target_name[TRANSFER_NAME_MAX + 1]; /* TargetFileName, as the ACS sent it */
	char file_name[TRANSFER_NAME_MAX + 1];  /* a vendor configuration file's name
						   for DeviceInfo.VendorConfigFile: the
						   URL's last path segment, else
						   TargetFileName */
	time_t start_time;          /* TIMEFMT_UNKNOWN until started */
	time_t complete_time;
	int fault;                  /* 0 or 9001..9020; while a ScheduleDownload
				       waits for a retry: the last attempt's */
	char fault_string[TRANSFER_FAULT_STRING_MAX + 1];
	char version[TRANSFER_VERSION_MAX + 1]; /* firmware version the plugin announced */
	char old_version[TRANSFER_VERSION_MAX + 1]; /* firmware: SoftwareVersion running
						      when the apply started */
	bool hold;                  /* in memory only: completed during a session,
				       its TransferComplete waits for the next one */
};

/* ---- the queue as text (transfer_queue.c) ------------------------------------ */

/*
 * Append the queue file for n transfers to out: "# cwmpd transfers v3", then
 * one line a transfer, its fields TAB-separated and escaped (store_escape).
 * Errors stay in out.
 */
void transfers_format(struct xbuf *out, const struct transfer *v, size_t n);

/* Parse a queue file (v3; v2: no names, a ScheduleDownload's one window
 * from due to deadline without retries; v1: no version before the apply
 * either) into v (at most max entries); *n gets the count and
 * *bad the number of lines skipped (bad or past max). 0 or -ENOMEM. */
int transfers_parse(const char *text, size_t len, struct transfer *v, size_t max, size_t *n,
		    size_t *bad);

/* The FileType string of a type ("1 Firmware Upgrade Image"; static). */
const char *transfers_file_type_name(enum transfer_file_type type);

/* The type for a Download's (upload false) or an Upload's FileType string:
 * 0 or -EINVAL (not one we support). */
int transfers_file_type_parse(const char *s, bool upload, enum transfer_file_type *out);

/* GetQueuedTransfers' State of t: 1 not yet started, 2 in progress, 3
 * completed and finishing (a firmware image waiting for its reboot); 0 when
 * only its TransferComplete is left (not listed). */
int transfers_queued_state(const struct transfer *t);

/* ---- for the RPC handlers (rpc_download.c) ---------------------------------- */

struct rpc_req;

/*
 * The arguments Download and ScheduleDownload share, into t: CommandKey,
 * FileType, URL (http or https), Username, Password, FileSize (at most
 * the cpe download_max option), TargetFileName (and from it and the URL,
 * file_name). 0 or a CWMP fault code (9003, 9013, 9010).
 */
int rpc_download_parse(struct rpc_req *r, struct transfer *t);

/* ---- the agent side (transfers.c) ------------------------------------------- */

/* The queue, oldest first: *n entries, owned by the agent and valid until
 * the loop runs again. NULL with *n = 0 when there is none. */
const struct transfer *transfers_list(const struct transfers *ts, size_t *n);

/* The queue on env (copied): loaded with the pending TransferCompletes
 * (a bad file is logged: an empty queue), what a crash interrupted resumed
 * or failed. NULL when out of memory. Free with transfers_free (running
 * transfers are cancelled and kept in the queue; NULL is a no-op). */
struct transfers *transfers_new(const struct transfers_env *env);
void transfers_free(struct transfers *ts);

/*
 * Queue a transfer (copied; id, state, times and fault are set here) for
 * the Download RPC. Saved before it returns. 0, -ENODEV (ts NULL: the
 * queue did not load), -ENOSPC when TRANSFERS_MAX are queued, -ENOMEM, or
 * the save's -errno (then it is not queued).
 */
int transfers_add(struct transfers *ts, const struct transfer *t);

/* CancelTransfer: forget the transfers with this CommandKey that have not
 * started (no TransferComplete follows). 0, -ENOENT when none is queued or
 * running, -EBUSY when one has started (then nothing is cancelled). */
int transfers_cancel(struct transfers *ts, const char *command_key);

/*
 * The session's turn to send a CPE request: when a TransferComplete is
 * pending, write its whole envelope (cwmp namespace ns, cwmp:ID id) into
 * out with cpe_msg_write_transfer_complete and return 1; 0 when there is
 * none.
 */
int transfers_next_request(struct transfers *ts, struct xbuf *out, enum cwmp_ns ns,
			   const char *id);

/* The ACS's answer to the request written last (TransferCompleteResponse,
 * or a Fault): acknowledged transfers are forgotten. */
void transfers_response(struct transfers *ts, const struct soap_msg *m);

/* A session ended: transfers waiting for the session's end may start. */
void transfers_session_done(struct transfers *ts, bool ok);


/* `system reboot` failed (ops.c): the firmware applied and waiting for
 * that reboot is finished with 9002 "reboot failed" (no second attempt:
 * the ACS learns of it in the next session and may retry the Download). */
void transfers_reboot_failed(struct transfers *ts);

#endif
