/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The messages the CPE sends (cpe_msg.h).
 *
 * The Inform request, the first message of every session: DeviceId,
 * the Event array, MaxEnvelopes 1, CurrentTime, RetryCount and the
 * ParameterList, in the XSD's order, with SOAP array types whose counts
 * match the elements written. Only what the caller gives is written: which
 * events and parameters belong in this Inform is the session's business.
 *
 * The TransferComplete request for one finished transfer: its CommandKey,
 * the FaultStruct (the code mapped to one the namespace's XSD allows) and
 * the StartTime and CompleteTime. When it is sent, and until when it is
 * kept, is the transfer queue's business (transfers.c).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cpe_msg.h"
#include "fault.h"
#include "timefmt.h"
#include "transfers.h"
#include "xbuf.h"

/* <name>escaped text</name>; NULL writes an empty element. */
static void write_elem(struct xbuf *b, const char *name, const char *text)
{
	xbuf_printf(b, "<%s>", name);
	xbuf_add_xml(b, text ? text : "");
	xbuf_printf(b, "</%s>", name);
}

static void write_device_id(struct xbuf *b, const struct device_id *d)
{
	xbuf_adds(b, "<DeviceId>");
	write_elem(b, "Manufacturer", d->manufacturer);
	write_elem(b, "OUI", d->oui);
	write_elem(b, "ProductClass", d->product_class);
	write_elem(b, "SerialNumber", d->serial_number);
	xbuf_adds(b, "</DeviceId>");
}

static size_t count_events(const struct event *ev, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; ev && i < n; i++)
		if (event_code_str(ev[i].code))
			count++;
	return count;
}

static void write_events(struct xbuf *b, const struct event *ev, size_t n)
{
	const char *code;

	xbuf_printf(b, "<Event soap-enc:arrayType=\"cwmp:EventStruct[%zu]\">",
		    count_events(ev, n));
	for (size_t i = 0; ev && i < n; i++) {
		code = event_code_str(ev[i].code);
		if (!code)
			continue;       /* not a code we know: never on the wire */
		xbuf_adds(b, "<EventStruct>");
		write_elem(b, "EventCode", code);
		write_elem(b, "CommandKey", ev[i].command_key);
		xbuf_adds(b, "</EventStruct>");
	}
	xbuf_adds(b, "</Event>");
}

/* <name>dateTime</name>; the Unknown Time when t cannot be written. */
static void write_time(struct xbuf *b, const char *name, time_t t)
{
	char s[TIMEFMT_LEN];

	if (timefmt_format(t, s, sizeof(s)) != 0)
		timefmt_format(TIMEFMT_UNKNOWN, s, sizeof(s));
	write_elem(b, name, s);
}

static void write_param(struct xbuf *b, const struct param_value *p)
{
	xbuf_adds(b, "<ParameterValueStruct>");
	write_elem(b, "Name", p->name);
	xbuf_adds(b, "<Value xsi:type=\"");
	xbuf_add_xml(b, p->type ? p->type : "xsd:string");
	xbuf_adds(b, "\">");
	xbuf_add_xml(b, p->value ? p->value : "");
	xbuf_adds(b, "</Value></ParameterValueStruct>");
}

static void write_params(struct xbuf *b, const struct param_value *p, size_t n)
{
	if (!p)
		n = 0;
	xbuf_printf(b, "<ParameterList soap-enc:arrayType=\"cwmp:ParameterValueStruct[%zu]\">", n);
	for (size_t i = 0; i < n; i++)
		write_param(b, &p[i]);
	xbuf_adds(b, "</ParameterList>");
}

void cpe_msg_write_inform(struct xbuf *b, const struct inform_args *a)
{
	soap_envelope_open(b, a->ns, a->id, a->announce);
	xbuf_adds(b, "<cwmp:Inform>");
	write_device_id(b, &a->dev);
	write_events(b, a->events, a->n_events);
	xbuf_adds(b, "<MaxEnvelopes>1</MaxEnvelopes>");
	write_time(b, "CurrentTime", a->now);
	xbuf_printf(b, "<RetryCount>%u</RetryCount>", a->retry_count);
	write_params(b, a->params, a->n_params);
	xbuf_adds(b, "</cwmp:Inform>");
	soap_envelope_close(b);
}

/* ---- TransferComplete -------------------------------------------------------- */

/* The FaultCodes each namespace's XSD allows in TransferComplete (0 aside);
 * 1.2 (and 1.3, 1.4) added 9019 and 9020, 1.1 added 9014..9018. */
static const int tc_codes_1_0[] = { 9001, 9002, 9010, 9011, 9012 };
static const int tc_codes_1_1[] = { 9001, 9002, 9010, 9011, 9012, 9014, 9015, 9016, 9017,
				    9018 };
static const int tc_codes_1_2[] = { 9001, 9002, 9010, 9011, 9012, 9014, 9015, 9016, 9017,
				    9018, 9019, 9020 };

static bool code_allowed(int code, const int *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == code)
			return true;
	return false;
}

int cpe_msg_tc_code(int fault, enum cwmp_ns ns)
{
	bool ok;

	if (fault == 0)
		return 0;
	if (ns == CWMP_NS_1_0)
		ok = code_allowed(fault, tc_codes_1_0, sizeof(tc_codes_1_0) / sizeof(int));
	else if (ns == CWMP_NS_1_1)
		ok = code_allowed(fault, tc_codes_1_1, sizeof(tc_codes_1_1) / sizeof(int));
	else
		ok = code_allowed(fault, tc_codes_1_2, sizeof(tc_codes_1_2) / sizeof(int));
	return ok ? fault : CWMP_FAULT_DOWNLOAD_FAILURE;
}

/* FaultString, capped at the XSD's 256; a code the namespace lacks
 * (reported as 9010) leads with its own name. */
static void write_fault_string(struct xbuf *out, const struct transfer *t, int code)
{
	char s[TRANSFER_FAULT_STRING_MAX + 1];

	if (code == t->fault || strcmp(t->fault_string, fault_string(t->fault)) == 0)
		snprintf(s, sizeof(s), "%s", code == t->fault ? t->fault_string
							   : fault_string(t->fault));
	else if (snprintf(s, sizeof(s), "%s: %s", fault_string(t->fault), t->fault_string) < 0)
		s[0] = '\0';   /* cut at 256 bytes, the XSD's maximum */
	xbuf_add_xml(out, s);
}

void cpe_msg_write_transfer_complete(struct xbuf *out, const struct transfer *t,
				     enum cwmp_ns ns, const char *id)
{
	int code = cpe_msg_tc_code(t->fault, ns);

	soap_envelope_open(out, ns, id, false);
	xbuf_adds(out, "<cwmp:TransferComplete>");
	write_elem(out, "CommandKey", t->command_key);
	xbuf_printf(out, "<FaultStruct><FaultCode>%d</FaultCode><FaultString>", code);
	if (code)
		write_fault_string(out, t, code);
	xbuf_adds(out, "</FaultString></FaultStruct>");
	write_time(out, "StartTime", t->start_time);
	write_time(out, "CompleteTime", t->complete_time);
	xbuf_adds(out, "</cwmp:TransferComplete>");
	soap_envelope_close(out);
}
