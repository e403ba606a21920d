/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for cpe_msg_write_inform: the exact bytes of one Inform, then
 * a table of Informs (every namespace, with and without the version
 * announcement, empty ID, no events, no parameters, hostile text, the
 * Unknown Time) each parsed back with soap_parse and checked field by
 * field, and, when CWMP_XSD_DIR names the bbf folder and xmllint exists,
 * validated against the Broadband Forum schema.
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
#include "xsd_check.h"
#include "timefmt.h"
#include "xbuf.h"

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

/* ---- XSD validation (CWMP_XSD_DIR and xmllint): see xsd_check.h -------- */

static void test_xsd(void **state)
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_parse_back),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_xsd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
