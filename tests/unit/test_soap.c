/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the SOAP codec: every GenieACS body in tests/data parsed
 * whole and cut at every byte; hostile input (DTDs and entities, depth,
 * size, wrong namespaces, broken XML); the header fields (ID, HoldRequests,
 * UseCWMPVersion, mustUnderstand) and a SOAP fault's cwmp detail; the
 * accessors; and the writer, whose envelopes and faults are parsed back
 * and, when CWMP_XSD_DIR names the bbf folder and xmllint exists,
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

#include "fault.h"
#include "soap.h"
#include "xsd_check.h"
#include "xbuf.h"

#define SOAP_ENV "http://schemas.xmlsoap.org/soap/envelope/"
#define NS10 "urn:dslforum-org:cwmp-1-0"
#define NS11 "urn:dslforum-org:cwmp-1-1"
#define NS12 "urn:dslforum-org:cwmp-1-2"

#define ENV_OPEN(ns) "<soap-env:Envelope xmlns:soap-env=\"" SOAP_ENV "\" xmlns:cwmp=\"" ns "\">"
#define ENV_CLOSE "</soap-env:Envelope>"
#define ENV(ns, hdr, body) ENV_OPEN(ns) "<soap-env:Header>" hdr "</soap-env:Header>" \
	"<soap-env:Body>" body "</soap-env:Body>" ENV_CLOSE
#define ENV_NOHDR(ns, body) ENV_OPEN(ns) "<soap-env:Body>" body "</soap-env:Body>" ENV_CLOSE
#define ID(x) "<cwmp:ID soap-env:mustUnderstand=\"1\">" x "</cwmp:ID>"
#define HOLD(x) "<cwmp:HoldRequests soap-env:mustUnderstand=\"1\">" x "</cwmp:HoldRequests>"
#define X16 "0123456789abcdef"
#define X256 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16

/* ---- helpers --------------------------------------------------------- */

static char *read_data(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/data/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int parse_str(const char *s, struct soap_msg **m)
{
	return soap_parse(s, strlen(s), m);
}

/* The element at body/path[0]/path[1]/... */
static xmlNode *walk(xmlNode *n, const char *const *path)
{
	for (; n && *path; path++)
		n = soap_child(n, *path);
	return n;
}

static void assert_text(xmlNode *n, const char *want)
{
	char *s = soap_text(n);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static int count_same(xmlNode *n)
{
	int count = 0;

	for (; n; n = soap_next(n))
		count++;
	return count;
}

/* ---- GenieACS traffic -------------------------------------------------- */

struct probe {
	const char *path[4];
	const char *text;       /* of the first element, NULL: not checked */
	int count;              /* elements of that name there, 0: not checked */
};

struct acs_case {
	const char *file;
	const char *name;
	const char *id;
	struct probe probe[2];
};

static const struct acs_case acs_cases[] = {
	{ "acs-informresponse.xml", "InformResponse", "inform",
	  { { { "MaxEnvelopes" }, "1", 1 } } },
	{ "acs-gpn-root.xml", "GetParameterNames", "1a205524b620000",
	  { { { "ParameterPath" }, "", 1 }, { { "NextLevel" }, "1", 1 } } },
	{ "acs-gpn-managementserver.xml", "GetParameterNames", "1a205524b620001",
	  { { { "ParameterPath" }, "Device.ManagementServer.", 1 } } },
	{ "acs-gpn-device.xml", "GetParameterNames", "1a2058311e30000",
	  { { { "ParameterPath" }, "Device.", 1 }, { { "NextLevel" }, "0", 1 } } },
	{ "acs-gpv.xml", "GetParameterValues", "1a205524b620002",
	  { { { "ParameterNames", "string" },
	      "Device.ManagementServer.ConnectionRequestUsername", 5 } } },
	{ "acs-spv-bootstrap.xml", "SetParameterValues", "1a205524b620003",
	  { { { "ParameterList", "ParameterValueStruct" }, NULL, 5 },
	    { { "ParameterKey" }, "", 1 } } },
	{ "acs-spv-types.xml", "SetParameterValues", "1a2058321030000",
	  { { { "ParameterList", "ParameterValueStruct", "Value" }, "capture-test", 1 },
	    { { "ParameterList", "ParameterValueStruct" }, NULL, 3 } } },
	{ "acs-addobject.xml", "AddObject", "1a205832fab0000",
	  { { { "ObjectName" }, "Device.NAT.PortMapping.", 1 } } },
	{ "acs-deleteobject.xml", "DeleteObject", "1a205833f9e0000",
	  { { { "ObjectName" }, "Device.NAT.PortMapping.3.", 1 } } },
	{ "acs-download.xml", "Download", "1a2058361d80000",
	  { { { "FileType" }, "1 Firmware Upgrade Image", 1 }, { { "FileSize" }, "184", 1 } } },
	{ "acs-transfercompleteresponse.xml", "TransferCompleteResponse", "tc-1", { { { NULL }, NULL, 0 } } },
	{ "acs-factoryreset.xml", "FactoryReset", "1a20583b4580000", { { { NULL }, NULL, 0 } } },
	{ "acs-reboot.xml", "Reboot", "1a205839ce70000",
	  { { { "CommandKey" }, "", 1 } } },
	{ "acs-gpa.xml", "GetParameterAttributes", "1a205838dc00000",
	  { { { "ParameterNames", "string" }, "Device.DeviceInfo.SoftwareVersion", 3 } } },
	{ "acs-spa.xml", "SetParameterAttributes", "1a205838dc00001",
	  { { { "ParameterList", "SetParameterAttributesStruct", "NotificationChange" }, "true", 1 },
	    { { "ParameterList", "SetParameterAttributesStruct" }, NULL, 2 } } },
	{ "cpe-inform-bootstrap.xml", "Inform", "inform",
	  { { { "DeviceId", "OUI" }, "001122", 1 },
	    { { "Event", "EventStruct", "EventCode" }, "0 BOOTSTRAP", 1 } } },
};

static void check_probe(const struct soap_msg *m, const struct probe *p)
{
	xmlNode *n;

	if (!p->path[0])
		return;
	n = walk(m->body, p->path);
	assert_non_null(n);
	if (p->text)
		assert_text(n, p->text);
	if (p->count)
		assert_int_equal(count_same(n), p->count);
}

static void test_genieacs(void **state)
{
	for (size_t i = 0; i < sizeof(acs_cases) / sizeof(acs_cases[0]); i++) {
		const struct acs_case *c = &acs_cases[i];
		struct soap_msg *m;
		size_t len;
		char *buf = read_data(c->file, &len);
		int rc = soap_parse(buf, len, &m);

		if (rc)
			fail_msg("%s: rc %d", c->file, rc);
		assert_int_equal(m->ns, CWMP_NS_1_0);
		assert_string_equal(m->name, c->name);
		assert_string_equal(m->id, c->id);
		assert_false(m->hold_requests);
		assert_false(m->must_understand_failed);
		assert_null(m->use_version);
		assert_int_equal(m->fault_code, 0);
		check_probe(m, &c->probe[0]);
		check_probe(m, &c->probe[1]);
		soap_msg_free(m);
		free(buf);
	}
}

/* Every prefix of a good message is an error (the root is not closed
 * until the last byte), never a crash or a leak. */
static void test_genieacs_truncated(void **state)
{
	for (size_t i = 0; i < sizeof(acs_cases) / sizeof(acs_cases[0]); i++) {
		size_t len;
		char *buf = read_data(acs_cases[i].file, &len);

		for (size_t n = 0; n < len; n++) {
			struct soap_msg *m = (struct soap_msg *)1;
			int rc = soap_parse(buf, n, &m);

			if (rc == 0 || m != NULL)
				fail_msg("%s cut at %zu: rc %d", acs_cases[i].file, n, rc);
		}
		free(buf);
	}
}

/* ---- hostile input ------------------------------------------------------ */

struct bad_case {
	const char *what;
	const char *doc;
	int rc;
};

#define LOLZ "<!DOCTYPE lolz [<!ENTITY lol \"lol\">" \
	"<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" \
	"<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">" \
	"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">" \
	"<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">" \
	"<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">" \
	"<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">" \
	"<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">" \
	"<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">" \
	"<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"

static const struct bad_case bad_cases[] = {
	{ "billion laughs", "<?xml version=\"1.0\"?>" LOLZ
	  ENV(NS10, ID("&lol9;"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "external entity", "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
	  ENV(NS10, ID("&xxe;"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "parameter entity", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
	  ENV(NS10, ID("1"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "external DTD", "<!DOCTYPE soap-env:Envelope SYSTEM \"http://127.0.0.1:9/x.dtd\">"
	  ENV(NS10, ID("1"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "empty internal subset", "<!DOCTYPE soap-env:Envelope []>"
	  ENV(NS10, ID("1"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "undeclared entity", ENV(NS10, ID("&foo;"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "empty", "", -EPROTO },
	{ "not XML", "hello, world", -EPROTO },
	{ "lone <", "<", -EPROTO },
	{ "unclosed", ENV_OPEN(NS10) "<soap-env:Body>", -EPROTO },
	{ "two roots", ENV_NOHDR(NS10, "") "<x/>", -EPROTO },
	{ "bad UTF-8", ENV(NS10, ID("\xff\xfe"), ""), -EPROTO },
	{ "undeclared prefix", "<soap-env:Envelope xmlns:soap-env=\"" SOAP_ENV "\">"
	  "<soap-env:Body><cwmp:GetRPCMethods/></soap-env:Body>" ENV_CLOSE, -EPROTO },
	{ "SOAP 1.2 envelope", "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\">"
	  "<e:Body/></e:Envelope>", -EPROTO },
	{ "no namespace", "<Envelope><Body/></Envelope>", -EPROTO },
	{ "root is Body", "<soap-env:Body xmlns:soap-env=\"" SOAP_ENV "\"/>", -EPROTO },
	{ "no Body", ENV_OPEN(NS10) "<soap-env:Header>" ID("1") "</soap-env:Header>" ENV_CLOSE,
	  -EPROTO },
	{ "Body in no namespace", ENV_OPEN(NS10) "<Body/>" ENV_CLOSE, -EPROTO },
	{ "cwmp-1-3", ENV("urn:dslforum-org:cwmp-1-3", ID("1"), "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "cwmp-1-4", ENV_NOHDR("urn:dslforum-org:cwmp-1-4", "<cwmp:GetRPCMethods/>"), -EPROTO },
	{ "cwmp-2-0 header only", ENV("urn:dslforum-org:cwmp-2-0", ID("1"), ""), -EPROTO },
	{ "mixed namespaces", "<soap-env:Envelope xmlns:soap-env=\"" SOAP_ENV "\" xmlns:a=\"" NS10
	  "\" xmlns:b=\"" NS12 "\"><soap-env:Header><a:ID soap-env:mustUnderstand=\"1\">1</a:ID>"
	  "</soap-env:Header><soap-env:Body><b:GetRPCMethods/></soap-env:Body>" ENV_CLOSE, -EPROTO },
	{ "ID too long", ENV(NS10, ID(X256 "x"), ""), -EPROTO },
	{ "HoldRequests yes", ENV(NS10, ID("1") HOLD("yes"), ""), -EPROTO },
	{ "UseCWMPVersion too long", ENV(NS12, "<cwmp:UseCWMPVersion soap-env:mustUnderstand=\"1\">"
	  "1.4.0000000000000</cwmp:UseCWMPVersion>", ""), -EPROTO },
};

static void test_hostile(void **state)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct soap_msg *m = (struct soap_msg *)1;
		int rc = parse_str(bad_cases[i].doc, &m);

		if (rc != bad_cases[i].rc || m != NULL)
			fail_msg("%s: rc %d, want %d", bad_cases[i].what, rc, bad_cases[i].rc);
	}
	assert_int_equal(soap_parse(NULL, 0, &(struct soap_msg *){ NULL }), -EPROTO);
}

/* Envelope and Body are levels 1 and 2; extra nests more below the body. */
static char *nested(int extra)
{
	struct xbuf b;

	xbuf_init(&b, 1 << 20);
	xbuf_adds(&b, ENV_OPEN(NS10) "<soap-env:Body>");
	for (int i = 0; i < extra; i++)
		xbuf_adds(&b, "<cwmp:a>");
	for (int i = 0; i < extra; i++)
		xbuf_adds(&b, "</cwmp:a>");
	xbuf_adds(&b, "</soap-env:Body>" ENV_CLOSE);
	assert_int_equal(xbuf_error(&b), 0);
	return xbuf_steal(&b, NULL);
}

static void test_depth(void **state)
{
	static const struct { int extra; int rc; } cases[] = {
		{ SOAP_MAX_DEPTH - 2, 0 }, { SOAP_MAX_DEPTH - 1, -E2BIG },
		{ 300, -E2BIG }, { 20000, -E2BIG },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *doc = nested(cases[i].extra);
		struct soap_msg *m = NULL;
		int rc = parse_str(doc, &m);

		if (rc != cases[i].rc)
			fail_msg("depth %d: rc %d", cases[i].extra + 2, rc);
		soap_msg_free(m);
		free(doc);
	}
}

/* An envelope: open, then n copies of item inside where (the body's method
 * element, or the header), then the rest. The caller frees it. */
static char *repeated(const char *item, size_t n, bool in_header)
{
	static const char head[] = ENV_OPEN(NS10) "<soap-env:Header>" ID("many");
	static const char mid[] = "</soap-env:Header><soap-env:Body><cwmp:GetRPCMethods>";
	static const char tail[] = "</cwmp:GetRPCMethods></soap-env:Body>" ENV_CLOSE;
	size_t il = strlen(item), len = sizeof(head) + sizeof(mid) + sizeof(tail) + n * il;
	char *buf = malloc(len), *p = buf;

	assert_non_null(buf);
	p = stpcpy(p, head);
	if (!in_header)
		p = stpcpy(p, mid);
	for (size_t i = 0; i < n; i++)
		p = stpcpy(p, item);
	if (in_header)
		p = stpcpy(p, mid);
	stpcpy(p, tail);
	return buf;
}

/* The node budget (issue 13, 2): a million empty elements, many comments
 * or attributes stop the parse at SOAP_MAX_NODES; the header and the method
 * came first, so the request is known (too_big: fault 9004); past the limit
 * in the header nothing is known (-E2BIG). A large but normal request is
 * read whole. */
static void test_nodes(void **state)
{
	static const struct { const char *item; size_t n; bool header; int rc; bool big; } cases[] = {
		{ "<a/>", 1000000, false, 0, true },
		{ "<!---->", 30000, false, 0, true },
		{ "<?p?>", 30000, false, 0, true },
		{ "<b x='1'/>", SOAP_MAX_NODES / 2 + 10, false, 0, true },
		{ "<h/>", SOAP_MAX_NODES + 10, true, -E2BIG, false },
		{ "<a/>", SOAP_MAX_NODES - 100, false, 0, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *doc = repeated(cases[i].item, cases[i].n, cases[i].header);
		struct soap_msg *m = NULL;
		int rc = soap_parse(doc, strlen(doc), &m);

		if (rc != cases[i].rc)
			fail_msg("%zu x %s: rc %d", cases[i].n, cases[i].item, rc);
		if (rc == 0 && (m->too_big != cases[i].big || !m->name ||
				strcmp(m->name, "GetRPCMethods") != 0 || !m->id ||
				strcmp(m->id, "many") != 0))
			fail_msg("%zu x %s: too_big %d name %s id %s", cases[i].n, cases[i].item,
				 m->too_big, m->name ? m->name : "-", m->id ? m->id : "-");
		soap_msg_free(m);
		free(doc);
	}
}

static void test_size(void **state)
{
	const char *doc = ENV(NS10, ID("big"), "<cwmp:GetRPCMethods/>");
	size_t n = strlen(doc);
	char *buf = malloc(SOAP_MAX_SIZE + 1);
	struct soap_msg *m = NULL;

	assert_non_null(buf);
	memcpy(buf, doc, n);
	memset(buf + n, ' ', SOAP_MAX_SIZE + 1 - n);     /* trailing space is fine XML */
	assert_int_equal(soap_parse(buf, SOAP_MAX_SIZE + 1, &m), -E2BIG);
	assert_null(m);
	assert_int_equal(soap_parse(buf, SOAP_MAX_SIZE, &m), 0);
	assert_string_equal(m->id, "big");
	soap_msg_free(m);
	free(buf);
}

/* ---- good input: header fields, body, faults ----------------------------- */

struct good_case {
	const char *what;
	const char *doc;
	enum cwmp_ns ns;
	const char *id;
	bool hold;
	bool mu_failed;
	const char *use_version;
	const char *name;       /* NULL: empty body */
};

static const struct good_case good_cases[] = {
	{ "plain 1-0", ENV(NS10, ID("42"), "<cwmp:GetRPCMethods/>"),
	  CWMP_NS_1_0, "42", false, false, NULL, "GetRPCMethods" },
	{ "1-1", ENV(NS11, ID("a"), "<cwmp:Reboot/>"), CWMP_NS_1_1, "a", false, false, NULL, "Reboot" },
	{ "1-2", ENV(NS12, ID("a"), "<cwmp:Reboot/>"), CWMP_NS_1_2, "a", false, false, NULL, "Reboot" },
	{ "hold true", ENV(NS10, ID("1") HOLD("true"), ""), CWMP_NS_1_0, "1", true, false, NULL, NULL },
	{ "hold 1", ENV(NS10, ID("1") HOLD("1"), ""), CWMP_NS_1_0, "1", true, false, NULL, NULL },
	{ "hold spaced", ENV(NS10, ID("1") HOLD(" true\n"), ""), CWMP_NS_1_0, "1", true, false, NULL, NULL },
	{ "hold false", ENV(NS10, ID("1") HOLD("false"), ""), CWMP_NS_1_0, "1", false, false, NULL, NULL },
	{ "hold 0", ENV(NS10, HOLD("0") ID("1"), ""), CWMP_NS_1_0, "1", false, false, NULL, NULL },
	{ "UseCWMPVersion", ENV(NS12, ID("i") "<cwmp:UseCWMPVersion soap-env:mustUnderstand=\"1\">"
	  "1.4</cwmp:UseCWMPVersion>", "<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes>"
	  "</cwmp:InformResponse>"), CWMP_NS_1_2, "i", false, false, "1.4", "InformResponse" },
	{ "unknown header mU=1", ENV(NS10, ID("1") "<x:Foo xmlns:x=\"urn:x\" soap-env:mustUnderstand=\"1\"/>",
	  "<cwmp:GetRPCMethods/>"), CWMP_NS_1_0, "1", false, true, NULL, "GetRPCMethods" },
	{ "unknown cwmp header mU=1", ENV(NS10, "<cwmp:NoSuchHeader soap-env:mustUnderstand=\"1\">x"
	  "</cwmp:NoSuchHeader>", ""), CWMP_NS_1_0, NULL, false, true, NULL, NULL },
	{ "unknown header mU=true", ENV(NS10, "<x:Foo xmlns:x=\"urn:x\" soap-env:mustUnderstand=\"true\"/>",
	  ""), CWMP_NS_1_0, NULL, false, true, NULL, NULL },
	{ "unknown header mU=0", ENV(NS12, "<cwmp:SessionTimeout soap-env:mustUnderstand=\"0\">30"
	  "</cwmp:SessionTimeout>", ""), CWMP_NS_1_2, NULL, false, false, NULL, NULL },
	{ "mU in no namespace", ENV(NS10, "<x:Foo xmlns:x=\"urn:x\" mustUnderstand=\"1\"/>", ""),
	  CWMP_NS_1_0, NULL, false, false, NULL, NULL },
	{ "ID in no namespace", ENV(NS10, "<ID>7</ID>", ""), CWMP_NS_1_0, NULL, false, false, NULL, NULL },
	{ "ID 256", ENV(NS10, ID(X256), ""), CWMP_NS_1_0, X256, false, false, NULL, NULL },
	{ "empty ID", ENV(NS10, ID(""), ""), CWMP_NS_1_0, "", false, false, NULL, NULL },
	{ "ID escaped", ENV(NS10, ID("a&amp;b&lt;&#x41;"), ""), CWMP_NS_1_0, "a&b<A", false, false, NULL, NULL },
	{ "ID CDATA", ENV(NS10, ID("<![CDATA[x<y]]>"), ""), CWMP_NS_1_0, "x<y", false, false, NULL, NULL },
	{ "first ID wins", ENV(NS10, ID("1") ID("2"), ""), CWMP_NS_1_0, "1", false, false, NULL, NULL },
	{ "empty body", ENV(NS12, ID("e"), ""), CWMP_NS_1_2, "e", false, false, NULL, NULL },
	{ "self-closed body", ENV_OPEN(NS11) "<soap-env:Body/>" ENV_CLOSE,
	  CWMP_NS_1_1, NULL, false, false, NULL, NULL },
	{ "body of spaces", ENV_NOHDR(NS10, " \n "), CWMP_NS_1_0, NULL, false, false, NULL, NULL },
	{ "no cwmp anywhere", "<s:Envelope xmlns:s=\"" SOAP_ENV "\"><s:Body/></s:Envelope>",
	  CWMP_NS_1_0, NULL, false, false, NULL, NULL },
	{ "no header, 1-2 body", ENV_NOHDR(NS12, "<cwmp:GetRPCMethods/>"),
	  CWMP_NS_1_2, NULL, false, false, NULL, "GetRPCMethods" },
	{ "body in no namespace", ENV_NOHDR(NS11, "<GetRPCMethods/>"),
	  CWMP_NS_1_1, NULL, false, false, NULL, "GetRPCMethods" },
	{ "two body elements", ENV_NOHDR(NS10, "<cwmp:A/><cwmp:B/>"),
	  CWMP_NS_1_0, NULL, false, false, NULL, "A" },
	{ "XInclude not processed", ENV_NOHDR(NS10, "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
	  " href=\"file:///etc/passwd\"/>"), CWMP_NS_1_0, NULL, false, false, NULL, "include" },
	{ "decl, comments, PI", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><?pi x?>"
	  ENV(NS10, "<!-- h -->" ID("c"), "<!-- b --><cwmp:GetRPCMethods/>") "\n<!-- end -->\n",
	  CWMP_NS_1_0, "c", false, false, NULL, "GetRPCMethods" },
	{ "BOM", "\xef\xbb\xbf" ENV(NS10, ID("bom"), ""), CWMP_NS_1_0, "bom", false, false, NULL, NULL },
	{ "latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" ENV(NS10, ID("caf\xe9"), ""),
	  CWMP_NS_1_0, "caf\xc3\xa9", false, false, NULL, NULL },
	{ "other prefixes", "<S:Envelope xmlns:S=\"" SOAP_ENV "\"><S:Header><c:ID xmlns:c=\"" NS11
	  "\" S:mustUnderstand=\"1\">p</c:ID></S:Header><S:Body><Inform xmlns=\"" NS11 "\"/>"
	  "</S:Body></S:Envelope>", CWMP_NS_1_1, "p", false, false, NULL, "Inform" },
};

static void check_good(const struct good_case *c, const struct soap_msg *m)
{
	assert_int_equal(m->ns, c->ns);
	if (c->id)
		assert_string_equal(m->id, c->id);
	else
		assert_null(m->id);
	assert_int_equal(m->hold_requests, c->hold);
	assert_int_equal(m->must_understand_failed, c->mu_failed);
	if (c->use_version)
		assert_string_equal(m->use_version, c->use_version);
	else
		assert_null(m->use_version);
	if (c->name) {
		assert_string_equal(m->name, c->name);
		assert_non_null(m->body);
	} else {
		assert_null(m->name);
		assert_null(m->body);
	}
}

static void test_good(void **state)
{
	for (size_t i = 0; i < sizeof(good_cases) / sizeof(good_cases[0]); i++) {
		struct soap_msg *m = NULL;
		int rc = parse_str(good_cases[i].doc, &m);

		if (rc)
			fail_msg("%s: rc %d", good_cases[i].what, rc);
		check_good(&good_cases[i], m);
		soap_msg_free(m);
	}
	soap_msg_free(NULL);
}

#define FAULT(code, string) "<soap-env:Fault><faultcode>soap-env:Server</faultcode>" \
	"<faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>" code \
	"</FaultCode><FaultString>" string "</FaultString></cwmp:Fault></detail></soap-env:Fault>"

struct fault_case {
	const char *what;
	const char *doc;
	enum cwmp_ns ns;
	int code;
	const char *string;
};

static const struct fault_case fault_cases[] = {
	{ "retry", ENV(NS10, ID("1"), FAULT("8005", "Retry request")), CWMP_NS_1_0, 8005, "Retry request" },
	{ "ns from detail", "<soap-env:Envelope xmlns:soap-env=\"" SOAP_ENV "\"><soap-env:Body>"
	  "<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring>"
	  "<detail><cwmp:Fault xmlns:cwmp=\"" NS12 "\"><FaultCode>8003</FaultCode></cwmp:Fault>"
	  "</detail></soap-env:Fault></soap-env:Body>" ENV_CLOSE, CWMP_NS_1_2, 8003, NULL },
	{ "escaped string", ENV(NS11, "", FAULT(" 8002 ", "a &amp; b")), CWMP_NS_1_1, 8002, "a & b" },
	{ "empty string", ENV(NS10, "", FAULT("8001", "")), CWMP_NS_1_0, 8001, "" },
	{ "bad code", ENV(NS10, "", FAULT("80x5", "x")), CWMP_NS_1_0, 0, "x" },
	{ "huge code", ENV(NS10, "", FAULT("4294967295", "x")), CWMP_NS_1_0, 0, "x" },
	{ "no detail", ENV(NS10, ID("1"), "<soap-env:Fault><faultcode>soap-env:Client</faultcode>"
	  "<faultstring>oops</faultstring></soap-env:Fault>"), CWMP_NS_1_0, 0, NULL },
};

static void test_fault_parse(void **state)
{
	for (size_t i = 0; i < sizeof(fault_cases) / sizeof(fault_cases[0]); i++) {
		const struct fault_case *c = &fault_cases[i];
		struct soap_msg *m = NULL;
		int rc = parse_str(c->doc, &m);

		if (rc)
			fail_msg("%s: rc %d", c->what, rc);
		assert_string_equal(m->name, "Fault");
		assert_int_equal(m->ns, c->ns);
		assert_int_equal(m->fault_code, c->code);
		if (c->string)
			assert_string_equal(m->fault_string, c->string);
		else
			assert_null(m->fault_string);
		soap_msg_free(m);
	}
}

/* ---- accessors ---------------------------------------------------------- */

static void test_parse_bool(void **state)
{
	static const struct { const char *s; int rc; bool v; } cases[] = {
		{ "1", 0, true }, { "0", 0, false }, { "true", 0, true }, { "false", 0, false },
		{ " true ", 0, true }, { "\t0\r\n", 0, false },
		{ "", -EINVAL, 0 }, { " ", -EINVAL, 0 }, { "TRUE", -EINVAL, 0 },
		{ "yes", -EINVAL, 0 }, { "2", -EINVAL, 0 }, { "01", -EINVAL, 0 },
		{ "true1", -EINVAL, 0 }, { "t rue", -EINVAL, 0 }, { NULL, -EINVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool v = !cases[i].v;
		int rc = soap_parse_bool(cases[i].s, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("bool \"%s\": rc %d v %d", cases[i].s ? cases[i].s : "(null)", rc, v);
	}
}

static void test_parse_uint(void **state)
{
	static const struct { const char *s; int rc; unsigned v; } cases[] = {
		{ "0", 0, 0 }, { "42", 0, 42 }, { " 42 ", 0, 42 }, { "\n7\t", 0, 7 },
		{ "000123", 0, 123 }, { "4294967295", 0, 4294967295u },
		{ "4294967296", -EINVAL, 0 }, { "99999999999999999999999", -EINVAL, 0 },
		{ "", -EINVAL, 0 }, { "  ", -EINVAL, 0 }, { "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 }, { "1 2", -EINVAL, 0 }, { "0x10", -EINVAL, 0 },
		{ "1.0", -EINVAL, 0 }, { "１", -EINVAL, 0 }, { NULL, -EINVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned v = 12345;
		int rc = soap_parse_uint(cases[i].s, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v) || (rc && v != 12345))
			fail_msg("uint \"%s\": rc %d v %u", cases[i].s ? cases[i].s : "(null)", rc, v);
	}
}

static void test_accessors(void **state)
{
	const char *doc = ENV_NOHDR(NS10, "<cwmp:X><a>1</a><b/><a>2<!-- c -->3</a>text<c>"
				    "<d>deep</d></c><a><![CDATA[<4>]]></a></cwmp:X>");
	struct soap_msg *m = NULL;
	char out[8];
	xmlNode *a;

	assert_int_equal(parse_str(doc, &m), 0);
	a = soap_child(m->body, "a");
	assert_text(a, "1");
	assert_text(soap_next(a), "23");
	assert_text(soap_next(soap_next(a)), "<4>");
	assert_null(soap_next(soap_next(soap_next(a))));
	assert_int_equal(count_same(a), 3);
	assert_text(soap_child(m->body, "b"), "");
	errno = 0;                                              /* an element inside: no text */
	assert_null(soap_text(soap_child(m->body, "c")));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(soap_child_text(m->body, "c", out, sizeof(out)), -EINVAL);
	assert_null(soap_child(m->body, "d"));                  /* children only */
	assert_null(soap_child(NULL, "a"));
	assert_null(soap_next(NULL));
	assert_null(soap_text(NULL));
	assert_int_equal(soap_child_text(m->body, "a", out, sizeof(out)), 0);
	assert_string_equal(out, "1");
	assert_int_equal(soap_child_text(m->body, "b", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(soap_child_text(m->body, "zz", out, sizeof(out)), -ENOENT);
	assert_int_equal(soap_child_text(NULL, "a", out, sizeof(out)), -ENOENT);
	assert_int_equal(soap_child_text(soap_child(m->body, "c"), "d", out, 4), -E2BIG);
	assert_int_equal(soap_child_text(soap_child(m->body, "c"), "d", out, 5), 0);
	assert_string_equal(out, "deep");
	soap_msg_free(m);
	assert_string_equal(soap_ns_uri(CWMP_NS_1_0), NS10);
	assert_string_equal(soap_ns_uri(CWMP_NS_1_1), NS11);
	assert_string_equal(soap_ns_uri(CWMP_NS_1_2), NS12);
	assert_null(soap_ns_uri((enum cwmp_ns)7));
}

/* ---- writing -------------------------------------------------------------- */

#define OUT_OPEN(ns) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap-env:Envelope" \
	" xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"" \
	" xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\"" \
	" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"" \
	" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:cwmp=\"" ns "\">"
#define OUT_ID(x) "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">" x \
	"</cwmp:ID></soap-env:Header>"
#define OUT_VERSIONS "<cwmp:SupportedCWMPVersions soap-env:mustUnderstand=\"0\">" \
	"1.0,1.1,1.2,1.3,1.4</cwmp:SupportedCWMPVersions>"
#define OUT_BODY(x) "<soap-env:Body>" x "</soap-env:Body></soap-env:Envelope>"

struct env_case {
	enum cwmp_ns ns;
	const char *id;
	bool announce;
	const char *want;
};

static const struct env_case env_cases[] = {
	{ CWMP_NS_1_0, "x", false, OUT_OPEN(NS10) OUT_ID("x") OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_0, "x", true, OUT_OPEN(NS10) OUT_ID("x") OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_1, "x", true, OUT_OPEN(NS11) OUT_ID("x") OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_2, "x", true, OUT_OPEN(NS12) "<soap-env:Header><cwmp:ID soap-env:mustUnderstand="
	  "\"1\">x</cwmp:ID>" OUT_VERSIONS "</soap-env:Header>" OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_2, NULL, true, OUT_OPEN(NS12) "<soap-env:Header>" OUT_VERSIONS
	  "</soap-env:Header>" OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_2, NULL, false, OUT_OPEN(NS12) OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_0, "", false, OUT_OPEN(NS10) OUT_ID("") OUT_BODY("<cwmp:GetRPCMethods/>") },
	{ CWMP_NS_1_0, "a<&>\"'\x01" "b", false, OUT_OPEN(NS10)
	  OUT_ID("a&lt;&amp;&gt;&quot;&apos;b") OUT_BODY("<cwmp:GetRPCMethods/>") },
};

static void test_write_envelope(void **state)
{
	for (size_t i = 0; i < sizeof(env_cases) / sizeof(env_cases[0]); i++) {
		const struct env_case *c = &env_cases[i];
		struct soap_msg *m = NULL;
		struct xbuf b;

		xbuf_init(&b, 4096);
		soap_envelope_open(&b, c->ns, c->id, c->announce);
		xbuf_adds(&b, "<cwmp:GetRPCMethods/>");
		soap_envelope_close(&b);
		assert_int_equal(xbuf_error(&b), 0);
		if (strcmp(b.data, c->want) != 0)
			fail_msg("envelope %zu:\n%s\nwant\n%s", i, b.data, c->want);
		assert_int_equal(soap_parse(b.data, b.len, &m), 0);
		assert_int_equal(m->ns, c->ns);
		assert_string_equal(m->name, "GetRPCMethods");
		if (c->id)
			assert_non_null(m->id);
		else
			assert_null(m->id);
		soap_msg_free(m);
		xbuf_fini(&b);
	}
}

static const struct soap_param_fault two_pf[] = {
	{ "Device.X&Y", CWMP_FAULT_INVALID_PARAMETER_NAME, NULL },
	{ "Device.Z", CWMP_FAULT_INVALID_PARAMETER_VALUE, "custom <bad>" },
};

struct wfault_case {
	enum cwmp_ns ns;
	const char *id;
	int code;
	const char *string;
	const struct soap_param_fault *pf;
	size_t npf;
	const char *faultcode;
	const char *want_string;
};

static const struct wfault_case wfault_cases[] = {
	{ CWMP_NS_1_0, "1", 9000, NULL, NULL, 0, "soap-env:Server", "Method not supported" },
	{ CWMP_NS_1_1, "2", 9005, NULL, NULL, 0, "soap-env:Client", "Invalid parameter name" },
	{ CWMP_NS_1_2, "3", 9003, NULL, two_pf, 2, "soap-env:Client", "Invalid arguments" },
	{ CWMP_NS_1_0, "4", 9003, NULL, two_pf, 2, "soap-env:Client", "Invalid arguments" },
	{ CWMP_NS_1_2, "", 9002, "disk & <full>", NULL, 0, "soap-env:Server", "disk & <full>" },
	{ CWMP_NS_1_2, NULL, 9021, NULL, NULL, 0, "soap-env:Client",
	  "Cancelation of file transfer not permitted in current transfer state" },
	{ CWMP_NS_1_1, "v", 9850, NULL, NULL, 0, "soap-env:Server", "Vendor fault" },
};

static void check_written_fault(const struct wfault_case *c, const struct soap_msg *m)
{
	xmlNode *cf = walk(m->body, (const char *const[]){ "detail", "Fault", NULL });
	xmlNode *pf = soap_child(cf, "SetParameterValuesFault");

	assert_string_equal(m->name, "Fault");
	assert_int_equal(m->ns, c->ns);
	assert_int_equal(m->fault_code, c->code);
	assert_string_equal(m->fault_string, c->want_string);
	assert_text(soap_child(m->body, "faultcode"), c->faultcode);
	assert_text(soap_child(m->body, "faultstring"), "CWMP fault");
	assert_int_equal(count_same(pf), (int)c->npf);
	for (size_t i = 0; i < c->npf; i++, pf = soap_next(pf)) {
		char code[8];

		snprintf(code, sizeof(code), "%d", c->pf[i].code);
		assert_text(soap_child(pf, "ParameterName"), c->pf[i].name);
		assert_text(soap_child(pf, "FaultCode"), code);
		assert_text(soap_child(pf, "FaultString"),
			    c->pf[i].string ? c->pf[i].string : fault_string(c->pf[i].code));
	}
}

static char *write_fault_case(const struct wfault_case *c, size_t *len)
{
	struct xbuf b;
	char *s;

	xbuf_init(&b, 16384);
	soap_write_fault(&b, c->ns, c->id, c->code, c->string, c->pf, c->npf);
	assert_int_equal(xbuf_error(&b), 0);
	s = xbuf_steal(&b, len);
	assert_non_null(s);
	return s;
}

static void test_write_fault(void **state)
{
	for (size_t i = 0; i < sizeof(wfault_cases) / sizeof(wfault_cases[0]); i++) {
		struct soap_msg *m = NULL;
		size_t len;
		char *s = write_fault_case(&wfault_cases[i], &len);

		if (soap_parse(s, len, &m) != 0)
			fail_msg("fault %zu does not parse:\n%s", i, s);
		check_written_fault(&wfault_cases[i], m);
		soap_msg_free(m);
		free(s);
	}
}

static void test_write_fault_exact(void **state)
{
	const char *want = OUT_OPEN(NS12) OUT_ID("abc") OUT_BODY("<soap-env:Fault>"
		"<faultcode>soap-env:Client</faultcode><faultstring>CWMP fault</faultstring>"
		"<detail><cwmp:Fault><FaultCode>9003</FaultCode><FaultString>Invalid arguments"
		"</FaultString><SetParameterValuesFault><ParameterName>Device.X&amp;Y</ParameterName>"
		"<FaultCode>9005</FaultCode><FaultString>Invalid parameter name</FaultString>"
		"</SetParameterValuesFault><SetParameterValuesFault><ParameterName>Device.Z"
		"</ParameterName><FaultCode>9007</FaultCode><FaultString>custom &lt;bad&gt;"
		"</FaultString></SetParameterValuesFault></cwmp:Fault></detail></soap-env:Fault>");
	struct xbuf b;

	xbuf_init(&b, 16384);
	soap_write_fault(&b, CWMP_NS_1_2, "abc", 9003, NULL, two_pf, 2);
	assert_string_equal(b.data, want);
	xbuf_fini(&b);
	xbuf_init(&b, 100);                       /* too small: sticky -E2BIG */
	soap_write_fault(&b, CWMP_NS_1_2, "abc", 9003, NULL, two_pf, 2);
	assert_int_equal(xbuf_error(&b), -E2BIG);
	xbuf_fini(&b);
}

/* ---- XSD validation (CWMP_XSD_DIR and xmllint): see xsd_check.h -------- */

static const char bad_envelope[] = OUT_OPEN(NS12) "<soap-env:Header><cwmp:ID>x</cwmp:ID>"
	"</soap-env:Header>" OUT_BODY("<cwmp:GetRPCMethods/>");

static void test_write_xsd(void **state)
{
	const char *why = xsd_unavailable();
	int checked = 0;

	if (why) {
		print_message("# SKIP: no XSD validation: %s\n", why);
		skip();
	}
	for (size_t i = 0; i < sizeof(wfault_cases) / sizeof(wfault_cases[0]); i++) {
		size_t len;
		char *s = write_fault_case(&wfault_cases[i], &len);
		int rc = xsd_validate(s, len);

		if (rc != 0)
			fail_msg("fault %zu is not valid (%d):\n%s", i, rc, s);
		checked++;
		free(s);
	}
	for (size_t i = 0; i < sizeof(env_cases) / sizeof(env_cases[0]); i++) {
		int rc = xsd_validate(env_cases[i].want, strlen(env_cases[i].want));

		if (rc != 0)
			fail_msg("envelope %zu is not valid (%d)", i, rc);
		checked++;
	}
	/* the validator itself must be able to say no */
	assert_int_equal(xsd_validate(bad_envelope, strlen(bad_envelope)), 1);
	print_message("# %d messages validated against the cwmp XSD\n", checked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genieacs),
		cmocka_unit_test(test_genieacs_truncated),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_fault_parse),
		cmocka_unit_test(test_parse_bool),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_write_envelope),
		cmocka_unit_test(test_write_fault),
		cmocka_unit_test(test_write_fault_exact),
		cmocka_unit_test(test_write_xsd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
