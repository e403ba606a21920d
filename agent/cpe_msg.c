/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The messages the CPE sends (cpe_msg.h).
 *
 * The Inform request, the first message of every session: DeviceId,
 * the Event array, MaxEnvelopes 1, CurrentTime, RetryCount and the
 * ParameterList, in the XSD's order, with SOAP array types whose counts
 * match the elements written. Only what the caller gives is written: which
 * events and parameters belong in this Inform is the session's business.
 */
#include <stddef.h>

#include "cpe_msg.h"
#include "timefmt.h"
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

static void write_time(struct xbuf *b, time_t now)
{
	char t[TIMEFMT_LEN];

	if (timefmt_format(now, t, sizeof(t)) != 0)
		timefmt_format(TIMEFMT_UNKNOWN, t, sizeof(t));
	write_elem(b, "CurrentTime", t);
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
	write_time(b, a->now);
	xbuf_printf(b, "<RetryCount>%u</RetryCount>", a->retry_count);
	write_params(b, a->params, a->n_params);
	xbuf_adds(b, "</cwmp:Inform>");
	soap_envelope_close(b);
}
