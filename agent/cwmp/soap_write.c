/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writing our SOAP 1.1 envelopes the way GenieACS writes its own: the
 * soap-env, soap-enc, xsd, xsi and cwmp prefixes declared on the Envelope,
 * a Header with cwmp:ID (mustUnderstand="1") and, in the Inform, the CWMP
 * 1.4 SupportedCWMPVersions announcement; and the whole CWMP fault envelope
 * (soap-env:Fault with a cwmp:Fault detail and SetParameterValuesFault
 * entries). Every text goes through xbuf_add_xml.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fault.h"
#include "soap.h"

#define SOAP_VERSIONS "1.0,1.1,1.2,1.3,1.4"

/* Room for an array's length: 'N]"' for N up to 10 digits. */
#define ARRAY_ROOM 12

/*
 * faultcode is an xs:QName (SOAP 1.1 section 4.4.1): "soap-env:Client"
 * names the SOAP Client code; a bare "Client" (what the TR-069 examples
 * show) is also schema-valid but sits in no namespace. ACSs compare the
 * text loosely (GenieACS stores it as is), so we send the SOAP form.
 */
#define FAULTCODE_PREFIX "soap-env:"

static void write_header(struct xbuf *b, enum cwmp_ns ns, const char *id, bool announce)
{
	announce = announce && ns == CWMP_NS_1_2;
	if (!id && !announce)
		return;
	xbuf_adds(b, "<soap-env:Header>");
	if (id) {
		xbuf_adds(b, "<cwmp:ID soap-env:mustUnderstand=\"1\">");
		xbuf_add_xml(b, id);
		xbuf_adds(b, "</cwmp:ID>");
	}
	if (announce)
		xbuf_adds(b, "<cwmp:SupportedCWMPVersions soap-env:mustUnderstand=\"0\">"
			  SOAP_VERSIONS "</cwmp:SupportedCWMPVersions>");
	xbuf_adds(b, "</soap-env:Header>");
}

void soap_envelope_open(struct xbuf *b, enum cwmp_ns ns, const char *id, bool announce)
{
	const char *uri = soap_ns_uri(ns);

	if (!uri)
		uri = soap_ns_uri(CWMP_NS_1_0);
	xbuf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<soap-env:Envelope"
		  " xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\""
		  " xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\""
		  " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
		  " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		  " xmlns:cwmp=\"");
	xbuf_adds(b, uri);
	xbuf_adds(b, "\">");
	write_header(b, ns, id, announce);
	xbuf_adds(b, "<soap-env:Body>");
}

void soap_envelope_close(struct xbuf *b)
{
	xbuf_adds(b, "</soap-env:Body></soap-env:Envelope>");
}

size_t soap_array_open(struct xbuf *b, const char *elem, const char *type)
{
	size_t at;

	xbuf_adds(b, "<");
	xbuf_adds(b, elem);
	xbuf_adds(b, " soap-enc:arrayType=\"");
	xbuf_adds(b, type);
	xbuf_adds(b, "[");
	at = b->len;
	xbuf_printf(b, "%*s>", ARRAY_ROOM, "");
	return at;
}

void soap_array_close(struct xbuf *b, size_t at, const char *elem, size_t n)
{
	char len[ARRAY_ROOM + 1];
	int w = snprintf(len, sizeof(len), "%zu]\"", n);

	xbuf_adds(b, "</");
	xbuf_adds(b, elem);
	xbuf_adds(b, ">");
	if (xbuf_error(b) || b->count_only)
		return;
	if (w < 0 || w > ARRAY_ROOM || at + ARRAY_ROOM >= b->len) {
		b->err = -E2BIG;        /* no room for the length: the list is unusable */
		return;
	}
	memcpy(b->data + at, len, (size_t)w);
}

/* <FaultCode>code</FaultCode><FaultString>string</FaultString> */
static void write_code_string(struct xbuf *b, int code, const char *string)
{
	xbuf_printf(b, "<FaultCode>%d</FaultCode><FaultString>", code);
	xbuf_add_xml(b, string ? string : fault_string(code));
	xbuf_adds(b, "</FaultString>");
}

static void write_param_fault(struct xbuf *b, const struct soap_param_fault *pf)
{
	xbuf_adds(b, "<SetParameterValuesFault><ParameterName>");
	xbuf_add_xml(b, pf->name ? pf->name : "");
	xbuf_adds(b, "</ParameterName>");
	write_code_string(b, pf->code, pf->string);
	xbuf_adds(b, "</SetParameterValuesFault>");
}

void soap_write_fault(struct xbuf *b, enum cwmp_ns ns, const char *id, int code,
		      const char *string, const struct soap_param_fault *pf, size_t npf)
{
	soap_envelope_open(b, ns, id, false);
	xbuf_adds(b, "<soap-env:Fault><faultcode>" FAULTCODE_PREFIX);
	xbuf_adds(b, fault_is_client(code) ? "Client" : "Server");
	xbuf_adds(b, "</faultcode><faultstring>CWMP fault</faultstring>"
		  "<detail><cwmp:Fault>");
	write_code_string(b, code, string);
	for (size_t i = 0; pf && i < npf; i++)
		write_param_fault(b, &pf[i]);
	xbuf_adds(b, "</cwmp:Fault></detail></soap-env:Fault>");
	soap_envelope_close(b);
}

void soap_write_must_understand(struct xbuf *b, enum cwmp_ns ns, const char *id)
{
	soap_envelope_open(b, ns, id, false);
	xbuf_adds(b, "<soap-env:Fault><faultcode>" FAULTCODE_PREFIX "MustUnderstand</faultcode>"
		  "<faultstring>SOAP Must Understand Error</faultstring></soap-env:Fault>");
	soap_envelope_close(b);
}
