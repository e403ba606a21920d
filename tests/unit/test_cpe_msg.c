/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the messages the CPE sends (cpe_msg.c). The Inform: the
 * exact bytes of one, then a table of Informs (every namespace, with and
 * without the version announcement, empty ID, no events, no parameters,
 * hostile text, the Unknown Time) each parsed back with soap_parse and
 * checked field by field. The TransferComplete: the exact bytes of one,
 * then FaultCode per namespace, FaultString, Unknown Time and escaping,
 * read back with the SOAP parser. Both, when CWMP_XSD_DIR names the bbf
 * folder and xmllint exists, validated against the Broadband Forum schema.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cpe_msg.h"
#include "events.h"
#include "soap.h"
#include "timefmt.h"
#include "transfers.h"
#include "xbuf.h"
#include "xsd_check.h"

#define SOAP_ENC_NS "http://schemas.xmlsoap.org/soap/encoding/"
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

static const struct event ev_boot[] = {
	{ EV_BOOTSTRAP, "", false },
	{ EV_BOOT, "", false },
	{ EV_M_DOWNLOAD, "key&<1>", true },
	{ EV_TRANSFER_COMPLETE, "", true },
};

static const struct event ev_bad[] = {
	{ EV_PERIODIC, "", false },
	{ (enum event_code)EV_COUNT, "never", false },   /* unknown: skipped */
	{ EV_M_REBOOT, "rk", false },
};

static const struct param_value params[] = {
	{ "Device.RootDataModelVersion", "2.19", "xsd:string" },
	{ "Device.DeviceInfo.SoftwareVersion", "1.0 \"beta\" <&>", NULL },
	{ "Device.ManagementServer.ConnectionRequestURL", "http://192.0.2.1:7547/a?b=1&c=2",
	  "xsd:string" },
	{ "Device.DeviceInfo.UpTime", "42", "xsd:unsignedInt" },
	{ "Device.DeviceInfo.ProvisioningCode", NULL, "xsd:string" },
	{ "Device.X_Weird", "tab\tcr\rctl\x01\x1f bad\xff end", "xsd:string" },
};

static const struct param_value one_param[] = {
	{ "Device.RootDataModelVersion", "2.19", "xsd:string" },
};

#define DEV { "OpenWrt", "001122", "Router", "SN0001" }
#define DEV_ODD { "A & B <corp>", "00AABB", "", "S/N \"7\"" }

struct inform_case {
	const char *what;
	struct inform_args a;
	size_t want_events;     /* EventStruct elements written */
};

static const struct inform_case cases[] = {
	{ "1-0", { CWMP_NS_1_0, "1", false, DEV, ev_boot, 4, 1767225600, 0, params, 6 }, 4 },
	{ "1-0 announce", { CWMP_NS_1_0, "2", true, DEV, ev_boot, 4, 1767225600, 1, params, 6 }, 4 },
	{ "1-1", { CWMP_NS_1_1, "3", false, DEV, ev_boot, 2, 1767225600, 2, one_param, 1 }, 2 },
	{ "1-1 announce", { CWMP_NS_1_1, "4", true, DEV, ev_boot, 4, 1767225600, 3, params, 6 }, 4 },
	{ "1-2", { CWMP_NS_1_2, "5", false, DEV, ev_boot, 4, 1767225600, 4, params, 6 }, 4 },
	{ "1-2 announce", { CWMP_NS_1_2, "6", true, DEV, ev_boot, 4, 1767225600, 5, params, 6 }, 4 },
	{ "empty ID", { CWMP_NS_1_2, "", true, DEV, ev_boot, 1, 1767225600, 0, one_param, 1 }, 1 },
	{ "no ID", { CWMP_NS_1_0, NULL, false, DEV, ev_boot, 1, 1767225600, 0, one_param, 1 }, 1 },
	{ "no events, no params", { CWMP_NS_1_0, "7", false, DEV, NULL, 0, 1767225600, 0,
				    NULL, 0 }, 0 },
	{ "unknown time", { CWMP_NS_1_2, "8", true, DEV, ev_boot, 2, TIMEFMT_UNKNOWN,
			    4294967295u, params, 6 }, 2 },
	{ "odd device id", { CWMP_NS_1_1, "9", false, DEV_ODD, ev_boot, 1, 1, 0, one_param, 1 }, 1 },
	{ "unknown event skipped", { CWMP_NS_1_0, "10", false, DEV, ev_bad, 3, 1767225600, 0,
				     one_param, 1 }, 2 },
};

/* ---- helpers --------------------------------------------------------- */

static char *write_inform(const struct inform_args *a, size_t *len)
{
	struct xbuf b;
	char *s;

	xbuf_init(&b, 65536);
	cpe_msg_write_inform(&b, a);
	assert_int_equal(xbuf_error(&b), 0);
	s = xbuf_steal(&b, len);
	assert_non_null(s);
	return s;
}

static void assert_text(xmlNode *n, const char *want)
{
	char *s;

	assert_non_null(n);
	s = soap_text(n);
	assert_non_null(s);
	if (strcmp(s, want) != 0)
		fail_msg("<%s>: \"%s\", want \"%s\"", (const char *)n->name, s, want);
	free(s);
}

static void assert_attr(xmlNode *n, const char *name, const char *ns, const char *want)
{
	xmlChar *v = xmlGetNsProp(n, BAD_CAST name, BAD_CAST ns);

	assert_non_null(v);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

/* What xbuf_add_xml makes of s, read back by a parser. */
static const char *read_back(const char *s)
{
	if (s == NULL)
		return "";
	if (strncmp(s, "tab\t", 4) == 0)
		return "tab\tcr\rctl bad\xef\xbf\xbd end";
	return s;
}

static void check_device(xmlNode *inform, const struct device_id *d)
{
	xmlNode *id = soap_child(inform, "DeviceId");

	assert_text(soap_child(id, "Manufacturer"), d->manufacturer);
	assert_text(soap_child(id, "OUI"), d->oui);
	assert_text(soap_child(id, "ProductClass"), d->product_class);
	assert_text(soap_child(id, "SerialNumber"), d->serial_number);
}

static void check_events(xmlNode *inform, const struct inform_case *c)
{
	xmlNode *ev = soap_child(inform, "Event");
	xmlNode *es = soap_child(ev, "EventStruct");
	char want[64];
	size_t n = 0;

	snprintf(want, sizeof(want), "cwmp:EventStruct[%zu]", c->want_events);
	assert_attr(ev, "arrayType", SOAP_ENC_NS, want);
	for (size_t i = 0; i < c->a.n_events; i++) {
		const char *code = event_code_str(c->a.events[i].code);

		if (!code)
			continue;
		assert_text(soap_child(es, "EventCode"), code);
		assert_text(soap_child(es, "CommandKey"), c->a.events[i].command_key);
		es = soap_next(es);
		n++;
	}
	assert_null(es);
	assert_int_equal(n, c->want_events);
}

static void check_params(xmlNode *inform, const struct inform_args *a)
{
	xmlNode *pl = soap_child(inform, "ParameterList");
	xmlNode *pv = soap_child(pl, "ParameterValueStruct");
	char want[64];

	snprintf(want, sizeof(want), "cwmp:ParameterValueStruct[%zu]", a->n_params);
	assert_attr(pl, "arrayType", SOAP_ENC_NS, want);
	for (size_t i = 0; i < a->n_params; i++, pv = soap_next(pv)) {
		const struct param_value *p = &a->params[i];

		assert_text(soap_child(pv, "Name"), p->name);
		assert_text(soap_child(pv, "Value"), read_back(p->value));
		assert_attr(soap_child(pv, "Value"), "type", XSI_NS,
			    p->type ? p->type : "xsd:string");
	}
	assert_null(pv);
}

/* The children of Inform, in the XSD's order. */
static void check_order(xmlNode *inform)
{
	static const char *const order[] = { "DeviceId", "Event", "MaxEnvelopes",
		"CurrentTime", "RetryCount", "ParameterList" };
	size_t i = 0;

	for (xmlNode *n = inform->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		assert_true(i < 6);
		assert_string_equal((const char *)n->name, order[i++]);
	}
	assert_int_equal(i, 6);
}

static void check_inform(const struct inform_case *c, const struct soap_msg *m)
{
	const struct inform_args *a = &c->a;
	char t[TIMEFMT_LEN], rc[16];

	assert_string_equal(m->name, "Inform");
	assert_int_equal(m->ns, a->ns);
	if (a->id)
		assert_string_equal(m->id, a->id);
	else
		assert_null(m->id);
	check_order(m->body);
	check_device(m->body, &a->dev);
	check_events(m->body, c);
	assert_text(soap_child(m->body, "MaxEnvelopes"), "1");
	assert_int_equal(timefmt_format(a->now, t, sizeof(t)), 0);
	assert_text(soap_child(m->body, "CurrentTime"), t);
	snprintf(rc, sizeof(rc), "%u", a->retry_count);
	assert_text(soap_child(m->body, "RetryCount"), rc);
	check_params(m->body, a);
}

/* ---- tests ----------------------------------------------------------- */

static void test_exact(void **state)
{
	static const struct event ev[] = { { EV_BOOTSTRAP, "", false }, { EV_M_REBOOT, "k&1", true } };
	const struct inform_args a = { CWMP_NS_1_2, "id1", true, DEV, ev, 2, 1767225600, 3,
				       one_param, 1 };
	const char *want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap-env:Envelope"
		" xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\""
		" xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\""
		" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
		" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\"><soap-env:Header>"
		"<cwmp:ID soap-env:mustUnderstand=\"1\">id1</cwmp:ID>"
		"<cwmp:SupportedCWMPVersions soap-env:mustUnderstand=\"0\">1.0,1.1,1.2,1.3,1.4"
		"</cwmp:SupportedCWMPVersions></soap-env:Header><soap-env:Body><cwmp:Inform>"
		"<DeviceId><Manufacturer>OpenWrt</Manufacturer><OUI>001122</OUI>"
		"<ProductClass>Router</ProductClass><SerialNumber>SN0001</SerialNumber></DeviceId>"
		"<Event soap-enc:arrayType=\"cwmp:EventStruct[2]\"><EventStruct><EventCode>"
		"0 BOOTSTRAP</EventCode><CommandKey></CommandKey></EventStruct><EventStruct>"
		"<EventCode>M Reboot</EventCode><CommandKey>k&amp;1</CommandKey></EventStruct>"
		"</Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00Z"
		"</CurrentTime><RetryCount>3</RetryCount><ParameterList soap-enc:arrayType="
		"\"cwmp:ParameterValueStruct[1]\"><ParameterValueStruct><Name>"
		"Device.RootDataModelVersion</Name><Value xsi:type=\"xsd:string\">2.19</Value>"
		"</ParameterValueStruct></ParameterList></cwmp:Inform></soap-env:Body>"
		"</soap-env:Envelope>";
	size_t len;
	char *s = write_inform(&a, &len);

	assert_string_equal(s, want);
	assert_int_equal(len, strlen(want));
	free(s);
}

static void test_parse_back(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct soap_msg *m = NULL;
		size_t len;
		char *s = write_inform(&cases[i].a, &len);
		int rc = soap_parse(s, len, &m);

		if (rc)
			fail_msg("%s: rc %d\n%s", cases[i].what, rc, s);
		check_inform(&cases[i], m);
		assert_int_equal(strstr(s, "SupportedCWMPVersions") != NULL,
				 cases[i].a.announce && cases[i].a.ns == CWMP_NS_1_2);
		soap_msg_free(m);
		free(s);
	}
}

static void test_cap(void **state)
{
	struct xbuf b;

	xbuf_init(&b, 512);
	cpe_msg_write_inform(&b, &cases[0].a);
	assert_int_equal(xbuf_error(&b), -E2BIG);
	assert_null(xbuf_steal(&b, NULL));
	xbuf_fini(&b);
}

/* ---- TransferComplete ------------------------------------------------ */

/* A finished firmware Download that failed with 9017. */
static struct transfer tc_sample(void)
{
	struct transfer t;

	memset(&t, 0, sizeof(t));
	t.id = 1;
	t.state = TRANSFER_DONE;
	t.file_type = TRANSFER_FIRMWARE;
	snprintf(t.command_key, sizeof(t.command_key), "key\twith\ntab \\ and <xml>");
	t.start_time = 1700000001;
	t.complete_time = 1700000002;
	t.fault = 9017;
	snprintf(t.fault_string, sizeof(t.fault_string), "cut after 12 bytes");
	return t;
}

static char *write_tc(const struct transfer *t, enum cwmp_ns ns, size_t *len)
{
	struct xbuf b;
	char *s;

	xbuf_init(&b, 65536);
	cpe_msg_write_transfer_complete(&b, t, ns, "tc-1");
	assert_int_equal(xbuf_error(&b), 0);
	s = xbuf_steal(&b, len);
	assert_non_null(s);
	return s;
}

/* 9017 is not in cwmp-1-0: sent as 9010, its name leading the text. */
static void test_tc_exact(void **state)
{
	const struct transfer t = tc_sample();
	const char *want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap-env:Envelope"
		" xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\""
		" xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\""
		" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
		" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><soap-env:Header>"
		"<cwmp:ID soap-env:mustUnderstand=\"1\">tc-1</cwmp:ID></soap-env:Header>"
		"<soap-env:Body><cwmp:TransferComplete><CommandKey>key\twith\ntab \\ and"
		" &lt;xml&gt;</CommandKey><FaultStruct><FaultCode>9010</FaultCode><FaultString>"
		"File transfer failure: unable to complete download: cut after 12 bytes"
		"</FaultString></FaultStruct><StartTime>2023-11-14T22:13:21Z</StartTime>"
		"<CompleteTime>2023-11-14T22:13:22Z</CompleteTime></cwmp:TransferComplete>"
		"</soap-env:Body></soap-env:Envelope>";
	size_t len;
	char *s = write_tc(&t, CWMP_NS_1_0, &len);

	(void)state;
	assert_string_equal(s, want);
	assert_int_equal(len, strlen(want));
	free(s);
}

/* The TransferComplete for t in ns, parsed back. */
static struct soap_msg *write_and_parse(const struct transfer *t, enum cwmp_ns ns)
{
	struct soap_msg *m = NULL;
	size_t len;
	char *s = write_tc(t, ns, &len);

	assert_int_equal(soap_parse(s, len, &m), 0);
	free(s);
	assert_string_equal(m->name, "TransferComplete");
	assert_string_equal(m->id, "tc-1");
	return m;
}

static void child_is(const xmlNode *node, const char *name, const char *want)
{
	char got[512];

	assert_int_equal(soap_child_text(node, name, got, sizeof(got)), 0);
	assert_string_equal(got, want);
}

static void test_tc_success(void **state)
{
	struct transfer t = tc_sample();
	struct soap_msg *m;
	xmlNode *fs;

	(void)state;
	t.fault = 0;
	t.start_time = 0;
	m = write_and_parse(&t, CWMP_NS_1_0);
	child_is(m->body, "CommandKey", "key\twith\ntab \\ and <xml>");
	fs = soap_child(m->body, "FaultStruct");
	child_is(fs, "FaultCode", "0");
	child_is(fs, "FaultString", "");
	child_is(m->body, "StartTime", "0001-01-01T00:00:00Z");
	child_is(m->body, "CompleteTime", "2023-11-14T22:13:22Z");
	soap_msg_free(m);
}

static const struct {
	int fault;
	enum cwmp_ns ns;
	int code;
	const char *string;
} tc_faults[] = {
	{ 9017, CWMP_NS_1_2, 9017, "cut after 12 bytes" },
	{ 9017, CWMP_NS_1_1, 9017, "cut after 12 bytes" },
	{ 9017, CWMP_NS_1_0, 9010,
	  "File transfer failure: unable to complete download: cut after 12 bytes" },
	{ 9019, CWMP_NS_1_1, 9010,
	  "File transfer failure: file authentication failure: cut after 12 bytes" },
	{ 9012, CWMP_NS_1_0, 9012, "cut after 12 bytes" },
	{ 9002, CWMP_NS_1_0, 9002, "cut after 12 bytes" },
};

static void test_tc_fault_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tc_faults) / sizeof(tc_faults[0]); i++) {
		struct transfer t = tc_sample();
		struct soap_msg *m;
		xmlNode *fs;
		char code[8];

		t.fault = tc_faults[i].fault;
		assert_int_equal(cpe_msg_tc_code(t.fault, tc_faults[i].ns), tc_faults[i].code);
		m = write_and_parse(&t, tc_faults[i].ns);
		fs = soap_child(m->body, "FaultStruct");
		snprintf(code, sizeof(code), "%d", tc_faults[i].code);
		child_is(fs, "FaultCode", code);
		child_is(fs, "FaultString", tc_faults[i].string);
		child_is(m->body, "StartTime", "2023-11-14T22:13:21Z");
		soap_msg_free(m);
	}
}

static void test_tc_standard_string(void **state)
{
	struct transfer t = tc_sample();
	struct soap_msg *m;

	(void)state;
	t.fault = 9018;
	strcpy(t.fault_string, "File transfer failure: file corrupted");
	m = write_and_parse(&t, CWMP_NS_1_0);
	child_is(soap_child(m->body, "FaultStruct"), "FaultString",
		 "File transfer failure: file corrupted");
	soap_msg_free(m);
}

/* ---- XSD validation (CWMP_XSD_DIR and xmllint): see xsd_check.h -------- */

static void test_xsd_inform(void **state)
{
	const struct device_id bad_oui = { "OpenWrt", "00112", "Router", "SN0001" };
	struct inform_args bad = cases[0].a;
	const char *why = xsd_unavailable();
	int checked = 0, rc;
	size_t len;
	char *s;

	if (why) {
		print_message("# SKIP: no XSD validation: %s\n", why);
		skip();
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = write_inform(&cases[i].a, &len);
		rc = xsd_validate(s, len);
		if (rc != 0)
			fail_msg("%s: not valid (%d):\n%s", cases[i].what, rc, s);
		checked++;
		free(s);
	}
	/* the validator itself must be able to say no */
	bad.dev = bad_oui;
	s = write_inform(&bad, &len);
	assert_int_equal(xsd_validate(s, len), 1);
	free(s);
	print_message("# %d Informs validated against the cwmp XSD\n", checked);
}

/* Success in each namespace, then each fault of tc_faults in its own. */
static void test_xsd_tc(void **state)
{
	struct transfer t = tc_sample();
	const char *why = xsd_unavailable();
	int checked = 0;
	size_t len;
	char *s, *code;

	(void)state;
	if (why) {
		print_message("# SKIP: no XSD validation: %s\n", why);
		skip();
	}
	for (size_t i = 0; i < 3 + sizeof(tc_faults) / sizeof(tc_faults[0]); i++) {
		enum cwmp_ns ns = i < 3 ? (enum cwmp_ns)i : tc_faults[i - 3].ns;

		t.fault = i < 3 ? 0 : tc_faults[i - 3].fault;
		s = write_tc(&t, ns, &len);
		if (xsd_validate(s, len) != 0)
			fail_msg("TransferComplete %d in ns %d: not valid:\n%s", t.fault, ns, s);
		checked++;
		free(s);
	}
	/* 9017 unmapped is what cwmp-1-0 refuses: the reason for cpe_msg_tc_code */
	t.fault = 9017;
	s = write_tc(&t, CWMP_NS_1_0, &len);
	code = strstr(s, "<FaultCode>9010<");
	assert_non_null(code);
	memcpy(code + strlen("<FaultCode>"), "9017", 4);
	assert_int_equal(xsd_validate(s, len), 1);
	free(s);
	print_message("# %d TransferCompletes validated against the cwmp XSD\n", checked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_parse_back),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_tc_exact),
		cmocka_unit_test(test_tc_success),
		cmocka_unit_test(test_tc_fault_codes),
		cmocka_unit_test(test_tc_standard_string),
		cmocka_unit_test(test_xsd_inform),
		cmocka_unit_test(test_xsd_tc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
