/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for cwmpctl's control socket input: the bytes, from an
 * exact-size heap copy, are framed (ctl_request_frame) and a whole request
 * parsed (ctl_request_parse); a parsed one is written back in the protocol
 * and must parse the same again, then runs through the command dispatcher
 * (ctl_cmd_run) against a fake agent whose data model is always busy (get
 * and set are checked and refused, nothing runs a plugin). A wrong answer
 * aborts as loudly as a crash.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cmd.h"
#include "ctl_proto.h"
#include "events.h"
#include "pluginio.h"
#include "xbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void status_cb(void *ctx, struct ctl_status *out)
{
	(void)ctx;
	*out = (struct ctl_status){ .retry_in_ms = -1, .last_end = 1700000000 };
}

static const char *busy_cb(void *ctx)
{
	(void)ctx;
	return "fuzzing";
}

static void inform_cb(void *ctx, enum event_code code)
{
	(void)ctx;
	if (code != EV_CONNECTION_REQUEST && code != EV_PERIODIC)
		abort();
}

static void answer_cb(void *ctx, struct ctl_answer *a)
{
	int *answers = ctx;

	(*answers)++;
	if (a->status < CTL_EXIT_OK || a->status > CTL_EXIT_BUSY || !a->out.len ||
	    a->out.data[a->out.len - 1] != '\n' || strlen(a->out.data) != a->out.len)
		abort();
}

static int ends_in_cr(const char *s)
{
	size_t n = strlen(s);

	return n && s[n - 1] == '\r';
}

/* The request written back in the protocol parses to the same; but a
 * field ending in CR, which the line format cannot carry (pluginio.h: a
 * CR before the LF is stripped; cwmpctl refuses such an argument). */
static void round_trip(const struct ctl_request *r)
{
	struct ctl_request again;
	const char *why;
	struct xbuf b;

	if (ends_in_cr(r->command))
		return;
	for (size_t i = 0; i < r->n_args; i++)
		if (ends_in_cr(r->args[i]))
			return;
	xbuf_init(&b, 4 * CTL_MAX_REQUEST);
	pluginio_write(&b, "cwmpctl", CTL_VERSION);
	pluginio_write(&b, "format", r->json ? "json" : "text");
	pluginio_write(&b, "command", r->command);
	for (size_t i = 0; i < r->n_args; i++)
		pluginio_write(&b, "arg", r->args[i]);
	xbuf_adds(&b, "\n");
	if (xbuf_error(&b) || ctl_request_parse(b.data, b.len, &again, &why) != 0 ||
	    again.json != r->json || strcmp(again.command, r->command) != 0 ||
	    again.n_args != r->n_args)
		abort();
	for (size_t i = 0; i < r->n_args; i++)
		if (strcmp(again.args[i], r->args[i]) != 0)
			abort();
	ctl_request_fini(&again);
	xbuf_fini(&b);
}

static void dispatch(const struct ctl_request *r)
{
	static struct config cfg = { .acs_url = "http://acs/", .platform = "sim",
				     .cr_address = "192.0.2.1", .cr_path = "/", .cr_port = 7547,
				     .cr_interface = "", .enable = true, .cr_enable = true };
	struct events ev;
	struct ctl_cmds *c;
	int answers = 0;

	events_init(&ev, NULL);
	events_add(&ev, EV_BOOT, "");
	c = ctl_cmds_new(&(struct ctl_env){ .cfg = &cfg, .events = &ev, .status = status_cb,
					    .dm_busy = busy_cb, .inform = inform_cb });
	if (!c)
		abort();
	ctl_cmd_run(c, r, answer_cb, &answers);
	if (answers != 1)
		abort();                /* every command answers at once here */
	ctl_cmds_free(c);
	events_fini(&ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct ctl_request r;
	const char *why = NULL;
	long whole;
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	whole = ctl_request_frame(buf, size);
	if (whole > (long)size || (whole < 0 && whole != -E2BIG))
		abort();
	if (whole > 0) {
		rc = ctl_request_parse(buf, (size_t)whole, &r, &why);
		if (rc != 0 && (!why || (rc != -EPROTO && rc != -E2BIG && rc != -ENOMEM)))
			abort();
		if (rc == 0 && (!r.command || !r.command[0] || r.n_args > CTL_MAX_ARGS))
			abort();
		if (rc == 0) {
			round_trip(&r);
			dispatch(&r);
		}
		ctl_request_fini(&r);
	}
	free(buf);
	return 0;
}
