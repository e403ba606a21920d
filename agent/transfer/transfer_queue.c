/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The transfer queue as text: pure functions over struct transfer
 * (transfers.h), so the file format is tested without a loop, a network or
 * a plugin; with it the FileType strings and GetQueuedTransfers' State.
 * The TransferComplete request is written in cpe_msg.c, with the other
 * messages the CPE sends.
 *
 * File: "# cwmpd transfers v3", then one line a transfer with 19 fields,
 * TAB-separated, each escaped with store_escape: id, state, file type,
 * CommandKey, URL, Username, Password, FileSize, due, StartTime,
 * CompleteTime (Unix seconds), FaultCode, FaultString, announced version,
 * deadline (Unix seconds, 0 = none), the SoftwareVersion before the apply,
 * TargetFileName, the file's name, the schedule (transfer_windows.h).
 * Lines of v2 (16 fields) and v1 (15 fields, no version before) files
 * are read as well: a v2 ScheduleDownload gets one window, due to
 * deadline, with no retry (what v2 did).
 * The file is mode 0600 in the 0700 state dir: it holds the file server's
 * password until the file is fetched (a download) or sent (an upload).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "transfer_windows.h"
#include "transfers.h"

#define QUEUE_HEADER "# cwmpd transfers v3\n"
#define N_FIELDS 19
#define N_FIELDS_V2 16
#define N_FIELDS_V1 15
#define ESC_MAX (2 * TRANSFER_URL_MAX + 1)

static void add_escaped(struct xbuf *out, const char *s)
{
	char esc[ESC_MAX + 1];

	if (store_escape(esc, sizeof(esc), s) < 0)
		esc[0] = '\0';          /* cannot happen: fields are capped */
	xbuf_adds(out, esc);
}

static void format_one(struct xbuf *out, const struct transfer *t)
{
	xbuf_printf(out, "%u\t%d\t%d\t", t->id, (int)t->state, (int)t->file_type);
	add_escaped(out, t->command_key);
	xbuf_adds(out, "\t");
	add_escaped(out, t->url);
	xbuf_adds(out, "\t");
	add_escaped(out, t->username);
	xbuf_adds(out, "\t");
	add_escaped(out, t->password);
	xbuf_printf(out, "\t%" PRIu64 "\t%lld\t%lld\t%lld\t%d\t", t->file_size,
		    (long long)t->due, (long long)t->start_time, (long long)t->complete_time,
		    t->fault);
	add_escaped(out, t->fault_string);
	xbuf_adds(out, "\t");
	add_escaped(out, t->version);
	xbuf_printf(out, "\t%lld\t", (long long)t->deadline);
	add_escaped(out, t->old_version);
	xbuf_adds(out, "\t");
	add_escaped(out, t->target_name);
	xbuf_adds(out, "\t");
	add_escaped(out, t->file_name);
	xbuf_adds(out, "\t");
	transfer_windows_format(out, t);
	xbuf_adds(out, "\n");
}

void transfers_format(struct xbuf *out, const struct transfer *v, size_t n)
{
	xbuf_adds(out, QUEUE_HEADER);
	for (size_t i = 0; i < n; i++)
		format_one(out, &v[i]);
}

/* ---- parsing ------------------------------------------------------------- */

struct field {
	const char *p;
	size_t len;
};

/* Split line into N_FIELDS fields (or N_FIELDS_V2 / N_FIELDS_V1: the
 * missing ones are then empty): 0 with *nf the count read, or -EINVAL. */
static int split(const char *line, size_t len, struct field *f, size_t *nf)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != '\t')
			continue;
		if (n == N_FIELDS)
			return -EINVAL;
		f[n].p = line + start;
		f[n++].len = i - start;
		start = i + 1;
	}
	*nf = n;
	if (n != N_FIELDS_V1 && n != N_FIELDS_V2 && n != N_FIELDS)
		return -EINVAL;
	while (n < N_FIELDS)
		f[n++] = (struct field){ line + len, 0 };
	return 0;
}

/* A decimal number (an optional '-' when min < 0) within [min, max]. */
static int num(const struct field *f, long long min, long long max, long long *out)
{
	char buf[24], *end;
	long long v;

	if (f->len == 0 || f->len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, f->p, f->len);
	buf[f->len] = '\0';
	if (buf[0] != '-' && (buf[0] < '0' || buf[0] > '9'))
		return -EINVAL;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int text(const struct field *f, char *out, size_t size)
{
	return store_unescape(out, size, f->p, f->len) < 0 ? -EINVAL : 0;
}

static int parse_numbers(const struct field *f, struct transfer *t)
{
	long long v[9];
	int bad = 0;

	bad |= num(&f[0], 0, UINT32_MAX, &v[0]);
	bad |= num(&f[1], 0, TRANSFER_STATE_COUNT - 1, &v[1]);
	bad |= num(&f[2], 1, TRANSFER_UPLOAD_LOG, &v[2]);
	bad |= num(&f[7], 0, INT64_MAX, &v[3]);
	bad |= num(&f[8], INT32_MIN, INT64_MAX, &v[4]);
	bad |= num(&f[9], INT32_MIN, INT64_MAX, &v[5]);
	bad |= num(&f[10], INT32_MIN, INT64_MAX, &v[6]);
	bad |= num(&f[11], 0, 9999, &v[7]);
	bad |= num(&f[14], 0, INT64_MAX, &v[8]);
	if (bad || (v[2] != TRANSFER_FIRMWARE && v[2] != TRANSFER_VENDOR_CONFIG &&
		    v[2] != TRANSFER_UPLOAD_CONFIG && v[2] != TRANSFER_UPLOAD_LOG))
		return -EINVAL;
	t->id = (unsigned)v[0];
	t->state = (enum transfer_state)v[1];
	t->file_type = (enum transfer_file_type)v[2];
	t->file_size = (uint64_t)v[3];
	t->due = (time_t)v[4];
	t->start_time = (time_t)v[5];
	t->complete_time = (time_t)v[6];
	t->fault = (int)v[7];
	t->deadline = (time_t)v[8];
	return 0;
}

/* A v2 ScheduleDownload: the one window v2 kept, without retries. */
static void v2_window(struct transfer *t)
{
	if (!t->deadline || t->due < 0 || t->deadline <= t->due)
		return;                 /* a v3 schedule refuses such a window */
	t->windows[0] = (struct transfer_window){ t->due, t->deadline, 1, 0 };
	t->n_windows = 1;
}

static int parse_line(const char *line, size_t len, struct transfer *t)
{
	struct field f[N_FIELDS];
	size_t nf;
	int bad;

	memset(t, 0, sizeof(*t));
	if (split(line, len, f, &nf) != 0)
		return -EINVAL;
	bad = parse_numbers(f, t);
	bad |= text(&f[3], t->command_key, sizeof(t->command_key));
	bad |= text(&f[4], t->url, sizeof(t->url));
	bad |= text(&f[5], t->username, sizeof(t->username));
	bad |= text(&f[6], t->password, sizeof(t->password));
	bad |= text(&f[12], t->fault_string, sizeof(t->fault_string));
	bad |= text(&f[13], t->version, sizeof(t->version));
	bad |= text(&f[15], t->old_version, sizeof(t->old_version));
	bad |= text(&f[16], t->target_name, sizeof(t->target_name));
	bad |= text(&f[17], t->file_name, sizeof(t->file_name));
	bad |= transfer_windows_parse(f[18].p, f[18].len, t);
	if (!bad && nf < N_FIELDS)
		v2_window(t);
	return bad ? -EINVAL : 0;
}

int transfers_parse(const char *text, size_t len, struct transfer *v, size_t max, size_t *n,
		    size_t *bad)
{
	size_t pos = 0;

	*n = 0;
	*bad = 0;
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + 1;
		if (llen == 0 || line[0] == '#')
			continue;
		if (!nl || *n == max || parse_line(line, llen, &v[*n]) != 0)
			(*bad)++;
		else
			(*n)++;
	}
	return 0;
}

/* ---- file types and states ------------------------------------------------------- */

static const struct {
	enum transfer_file_type type;
	bool upload;
	const char *name;
} file_types[] = {
	{ TRANSFER_FIRMWARE, false, "1 Firmware Upgrade Image" },
	{ TRANSFER_VENDOR_CONFIG, false, "3 Vendor Configuration File" },
	{ TRANSFER_UPLOAD_CONFIG, true, "1 Vendor Configuration File" },
	{ TRANSFER_UPLOAD_LOG, true, "2 Vendor Log File" },
};

#define N_FILE_TYPES (sizeof(file_types) / sizeof(file_types[0]))

const char *transfers_file_type_name(enum transfer_file_type type)
{
	for (size_t i = 0; i < N_FILE_TYPES; i++)
		if (file_types[i].type == type)
			return file_types[i].name;
	return "";
}

int transfers_file_type_parse(const char *s, bool upload, enum transfer_file_type *out)
{
	for (size_t i = 0; i < N_FILE_TYPES; i++) {
		if (file_types[i].upload == upload && strcmp(file_types[i].name, s) == 0) {
			*out = file_types[i].type;
			return 0;
		}
	}
	return -EINVAL;
}

int transfers_queued_state(const struct transfer *t)
{
	switch (t->state) {
	case TRANSFER_QUEUED:
		return 1;
	case TRANSFER_RUNNING:
	case TRANSFER_APPLYING:
		return 2;
	case TRANSFER_REBOOTING:
		return 3;
	default:
		return 0;
	}
}
