/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The messages the CPE sends: whole SOAP envelopes written into a capped
 * xbuf, pure functions of what the caller gives (no loop, no network, no
 * agent), so each is tested on its own: parsed back and validated against
 * the XSD. Which message is due, and with what, is the session's and the
 * transfer queue's business.
 *
 * The Inform request: DeviceId, Event, MaxEnvelopes 1, CurrentTime,
 * RetryCount and ParameterList, in the order the XSD gives. The
 * TransferComplete request for a finished transfer (struct transfer,
 * transfers.h).
 */
#ifndef CWMP_CPE_MSG_H
#define CWMP_CPE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "events.h"
#include "soap.h"

struct transfer;

struct param_value {
	const char *name;
	const char *value;
	const char *type;       /* "xsd:string", "xsd:unsignedInt", ... */
};

struct device_id {
	const char *manufacturer;
	const char *oui;
	const char *product_class;
	const char *serial_number;
};

struct inform_args {
	enum cwmp_ns ns;
	const char *id;                 /* cwmp:ID */
	bool announce;                  /* SupportedCWMPVersions header */
	struct device_id dev;
	const struct event *events;     /* the ones with sent set, or all */
	size_t n_events;
	time_t now;                     /* TIMEFMT_UNKNOWN if the clock is not set */
	unsigned retry_count;
	const struct param_value *params;
	size_t n_params;
};

/*
 * Write the whole Inform envelope into b (check xbuf_error after). Every
 * text is escaped; a NULL string writes an empty element, a NULL type
 * "xsd:string". Events whose code event_code_str() does not know are
 * skipped (the arrayType count matches what is written). The caller picks
 * which events suit the namespace: cwmp-1-0's schema knows only 0..9,
 * "M Reboot", "M ScheduleInform", "M Download" and "M Upload".
 */
void cpe_msg_write_inform(struct xbuf *b, const struct inform_args *a);

/* The FaultCode a TransferComplete in namespace ns carries for fault: the
 * fault itself when that namespace's XSD lists it, else 9010 (cwmp-1-0, as
 * GenieACS speaks, knows only 9001, 9002 and 9010..9012). */
int cpe_msg_tc_code(int fault, enum cwmp_ns ns);

/* Write the whole TransferComplete envelope for t (cwmp namespace ns,
 * cwmp:ID id) into out (check xbuf_error after): FaultCode 0 with an empty
 * FaultString on success, else cpe_msg_tc_code's, with a FaultString that
 * names the original fault when it was mapped to 9010; StartTime and
 * CompleteTime the Unknown Time when not known. t stays the caller's. */
void cpe_msg_write_transfer_complete(struct xbuf *out, const struct transfer *t,
				     enum cwmp_ns ns, const char *id);

#endif
