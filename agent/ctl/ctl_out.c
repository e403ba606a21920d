/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How cwmpctl's answers are written (ctl_int.h): the end of a call, an
 * error message and a fault, in text or JSON.
 */
#include <stdarg.h>
#include <stdio.h>

#include "ctl_int.h"
#include "ctl_proto.h"
#include "fault.h"

void ctl_call_end(struct ctl_call *call, int status)
{
	call->ans.status = status;
	if (xbuf_error(&call->ans.out)) {
		/* the cap or memory: say so instead of a cut answer */
		xbuf_reset(&call->ans.out);
		xbuf_adds(&call->ans.out, call->json ? "{\"error\":{\"message\":\"answer too "
						       "large\"}}\n" : "answer too large\n");
		call->ans.status = CTL_EXIT_FAILED;
	}
	if (call->done)
		call->done(call->ctx, &call->ans);
	xbuf_fini(&call->ans.out);
}

void ctl_json_str(struct xbuf *b, const char *s)
{
	xbuf_adds(b, "\"");
	xbuf_add_json(b, s ? s : "");
	xbuf_adds(b, "\"");
}

void ctl_error_msg(struct xbuf *b, bool json, const char *msg)
{
	xbuf_reset(b);
	if (json) {
		xbuf_adds(b, "{\"error\":{\"message\":");
		ctl_json_str(b, msg);
		xbuf_adds(b, "}}\n");
	} else {
		xbuf_printf(b, "%s\n", msg);
	}
}

void ctl_call_error(struct ctl_call *call, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctl_error_msg(&call->ans.out, call->json, msg);
	ctl_call_end(call, status);
}

void ctl_fault(struct xbuf *b, bool json, const char *param, int code)
{
	if (!json) {
		xbuf_printf(b, "%s%s%d %s\n", param ? param : "", param ? ": " : "", code,
			    fault_string(code));
		return;
	}
	xbuf_printf(b, "\"code\":%d,\"message\":", code);
	ctl_json_str(b, fault_string(code));
	if (param) {
		xbuf_adds(b, ",\"parameter\":");
		ctl_json_str(b, param);
	}
}
