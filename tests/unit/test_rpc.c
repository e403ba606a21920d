/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the RPC dispatcher: GetRPCMethods lists exactly the
 * table, an unknown method and an unknown mustUnderstand header get a 9000
 * fault, and every answer echoes the request's cwmp:ID and namespace; the
 * envelope can be taken by the callback without a copy; the one-pass
 * array writer (soap_array_open/close); list answers: whole when short,
 * else a source that writes them again piece by piece while they are read;
 * and GetParameterValues with values that do not fit their types.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dm_cache.h"
#include "loop.h"
#include "pluginio.h"
#include "rpc.h"
#include "soap.h"

#define ENV_OPEN(ns) "<?xml version=\"1.0\"?>\n<soap-env:Envelope " \
	"xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" " \
	"xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\" " \
	"xmlns:cwmp=\"urn:dslforum-org:cwmp-" ns "\">"

/* The handlers' environment: a data model that cannot be read (its
 * native values fail), no operations, no transfers. */
static struct loop *loop;
static struct dm_cache *dm;
static struct config cfg;
static struct rpc_env env;

static int native_fails(void *ctx, struct xbuf *out)
{
	(void)ctx;
	(void)out;
	return -EIO;
}

static int group_setup(void **state)
{
	(void)state;
	loop = loop_new();
	dm = dm_cache_new(&(struct dm_env){ .loop = loop, .native_get = native_fails });
	env = (struct rpc_env){ .cfg = &cfg, .dm = dm };
	return loop && dm ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	dm_cache_free(dm);
	loop_free(loop);
	return 0;
}

struct answer {
	char *text;
	int calls;
};

static void done_cb(void *ctx, struct xbuf *response)
{
	struct answer *a = ctx;

	a->calls++;
	free(a->text);
	a->text = strndup(response->data, response->len);
}

/* Dispatch one envelope; returns the parsed answer (caller frees). */
static struct soap_msg *dispatch(const char *req, struct answer *ans)
{
	struct soap_msg *m = NULL, *reply = NULL;

	assert_int_equal(soap_parse(req, strlen(req), &m), 0);
	memset(ans, 0, sizeof(*ans));
	rpc_dispatch(&env, m, done_cb, ans);
	assert_int_equal(ans->calls, 1);
	assert_int_equal(soap_parse(ans->text, strlen(ans->text), &reply), 0);
	soap_msg_free(m);
	return reply;
}

/* Every method we implement, in the dispatcher's order, with the first
 * cwmp namespace that defines it. */
static const struct rpc_method implemented[] = {
	{ "GetRPCMethods", NULL, CWMP_NS_1_0 },
	{ "GetParameterNames", NULL, CWMP_NS_1_0 },
	{ "GetParameterValues", NULL, CWMP_NS_1_0 },
	{ "SetParameterValues", NULL, CWMP_NS_1_0 },
	{ "GetParameterAttributes", NULL, CWMP_NS_1_0 },
	{ "SetParameterAttributes", NULL, CWMP_NS_1_0 },
	{ "AddObject", NULL, CWMP_NS_1_0 },
	{ "DeleteObject", NULL, CWMP_NS_1_0 },
	{ "ScheduleInform", NULL, CWMP_NS_1_0 },
	{ "Reboot", NULL, CWMP_NS_1_0 },
	{ "FactoryReset", NULL, CWMP_NS_1_0 },
	{ "Download", NULL, CWMP_NS_1_0 },
	{ "Upload", NULL, CWMP_NS_1_0 },
	{ "GetQueuedTransfers", NULL, CWMP_NS_1_0 },
	{ "GetAllQueuedTransfers", NULL, CWMP_NS_1_1 },
	{ "ScheduleDownload", NULL, CWMP_NS_1_2 },
	{ "CancelTransfer", NULL, CWMP_NS_1_2 },
};

/* The names GetRPCMethods gives in namespace ns, in table order,
 * must be the methods that ns defines. */
static void check_methods(enum cwmp_ns ns)
{
	struct answer ans;
	struct soap_msg *r;
	size_t n = sizeof(implemented) / sizeof(implemented[0]), i = 0;
	const struct rpc_method *m = implemented;
	xmlNode *list, *s;
	char req[512];

	snprintf(req, sizeof(req), "%s<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">"
		 "abc</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:GetRPCMethods/>"
		 "</soap-env:Body></soap-env:Envelope>", ns == CWMP_NS_1_0 ? ENV_OPEN("1-0") :
		 ns == CWMP_NS_1_1 ? ENV_OPEN("1-1") : ENV_OPEN("1-2"));
	r = dispatch(req, &ans);
	assert_string_equal(r->name, "GetRPCMethodsResponse");
	assert_string_equal(r->id, "abc");
	assert_int_equal(r->ns, ns);
	list = soap_child(r->body, "MethodList");
	assert_non_null(list);
	for (s = soap_child(list, "string"); s; s = soap_next(s), i++) {
		char *t = soap_text(s);

		while (i < n && m[i].min_ns > ns)
			i++;
		assert_true(i < n);
		assert_string_equal(t, m[i].name);
		free(t);
	}
	while (i < n && m[i].min_ns > ns)
		i++;
	assert_int_equal(i, n);
	assert_non_null(strstr(ans.text, "xsd:string["));
	soap_msg_free(r);
	free(ans.text);
}

static void test_getrpcmethods_lists_the_table(void **state)
{
	(void)state;
	check_methods(CWMP_NS_1_0);
	check_methods(CWMP_NS_1_1);
	check_methods(CWMP_NS_1_2);
}

static const struct {
	const char *name;
	const char *req;
} faults[] = {
	{ "unknown method",
	  ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
	  "</soap-env:Header><soap-env:Body><cwmp:FrobnicateWidgets><A>1</A>"
	  "</cwmp:FrobnicateWidgets></soap-env:Body></soap-env:Envelope>" },
	{ "a standard method we do not implement",
	  ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
	  "</soap-env:Header><soap-env:Body><cwmp:ChangeDUState><CommandKey/></cwmp:ChangeDUState>"
	  "</soap-env:Body></soap-env:Envelope>" },
	{ "a cwmp-1-2 method asked in cwmp-1-0",
	  ENV_OPEN("1-0") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
	  "</soap-env:Header><soap-env:Body><cwmp:CancelTransfer><CommandKey/></cwmp:CancelTransfer>"
	  "</soap-env:Body></soap-env:Envelope>" },
};

/* An unknown header with mustUnderstand="1" (issue 13, 5): SOAP's own
 * MustUnderstand fault, not cwmp 9000, with the request's cwmp:ID. */
static void test_must_understand(void **state)
{
	static const char req[] =
		ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
		"<x:Magic xmlns:x=\"urn:x\" soap-env:mustUnderstand=\"1\">1</x:Magic>"
		"</soap-env:Header><soap-env:Body><cwmp:GetRPCMethods/></soap-env:Body>"
		"</soap-env:Envelope>";
	struct answer ans;
	struct soap_msg *r;

	(void)state;
	r = dispatch(req, &ans);
	assert_string_equal(r->name, "Fault");
	assert_int_equal(r->fault_code, 0);             /* no cwmp detail */
	assert_string_equal(r->id, "x1");
	assert_non_null(strstr(ans.text, "<faultcode>soap-env:MustUnderstand</faultcode>"));
	assert_null(strstr(ans.text, "<detail>"));
	soap_msg_free(r);
	free(ans.text);
}

static void test_faults_9000(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		struct answer ans;
		struct soap_msg *r = dispatch(faults[i].req, &ans);

		assert_string_equal(r->name, "Fault");
		assert_int_equal(r->fault_code, 9000);
		assert_string_equal(r->id, "x1");
		assert_int_equal(r->ns, strstr(faults[i].req, "cwmp-1-0") ? CWMP_NS_1_0
									 : CWMP_NS_1_2);
		soap_msg_free(r);
		free(ans.text);
	}
}

#define GRM_REQ(ns, id) ENV_OPEN(ns) "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">" \
	id "</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:GetRPCMethods/>" \
	"</soap-env:Body></soap-env:Envelope>"

struct taken {
	struct xbuf buf;
	int calls;
};

static void take_cb(void *ctx, struct xbuf *response)
{
	struct taken *t = ctx;

	t->calls++;
	xbuf_move(&t->buf, response);
}

/* The callback may take the envelope (the session does, to send it without
 * a copy); the dispatcher must not touch or free it afterwards. The result
 * is byte for byte the envelope a copying callback gets. */
static void test_envelope_taken(void **state)
{
	static const char *const reqs[] = {
		GRM_REQ("1-0", "abc"),
		GRM_REQ("1-2", "&lt;id&gt;"),
		GRM_REQ("1-1", ""),
		ENV_OPEN("1-2") "<soap-env:Body><cwmp:GetRPCMethods/></soap-env:Body>"
		"</soap-env:Envelope>",                         /* no ID */
		ENV_OPEN("1-2") "<soap-env:Body><cwmp:Nope/></soap-env:Body></soap-env:Envelope>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct taken t = { .calls = 0 };
		struct soap_msg *m = NULL, *reply = NULL;
		struct answer ans;

		xbuf_init(&t.buf, 1 << 20);
		assert_int_equal(soap_parse(reqs[i], strlen(reqs[i]), &m), 0);
		rpc_dispatch(&env, m, take_cb, &t);
		assert_int_equal(t.calls, 1);
		assert_int_equal(xbuf_error(&t.buf), 0);
		assert_int_equal(soap_parse(t.buf.data, t.buf.len, &reply), 0);
		assert_true(strcmp(reply->name, "GetRPCMethodsResponse") == 0 ||
			    strcmp(reply->name, "Fault") == 0);
		memset(&ans, 0, sizeof(ans));
		rpc_dispatch(&env, m, done_cb, &ans);
		assert_int_equal(ans.calls, 1);
		assert_int_equal(strlen(ans.text), t.buf.len);
		assert_memory_equal(ans.text, t.buf.data, t.buf.len);
		free(ans.text);
		soap_msg_free(reply);
		soap_msg_free(m);
		xbuf_fini(&t.buf);
	}
}

/* GetParameterValues/Names when the data model cannot be read fault 9002:
 * the dispatcher drops what the handler wrote and sends only the fault. */
static void test_gpv_gpn_data_model_fails(void **state)
{
	static const char *const reqs[] = {
		ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">g</cwmp:ID>"
		"</soap-env:Header><soap-env:Body><cwmp:GetParameterValues><ParameterNames>"
		"<string>Device.</string></ParameterNames></cwmp:GetParameterValues>"
		"</soap-env:Body></soap-env:Envelope>",
		ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">g</cwmp:ID>"
		"</soap-env:Header><soap-env:Body><cwmp:GetParameterNames><ParameterPath>"
		"</ParameterPath><NextLevel>false</NextLevel></cwmp:GetParameterNames>"
		"</soap-env:Body></soap-env:Envelope>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct answer ans;
		struct soap_msg *r = dispatch(reqs[i], &ans);

		assert_string_equal(r->name, "Fault");
		assert_int_equal(r->fault_code, 9002);
		assert_string_equal(r->id, "g");
		assert_null(strstr(ans.text, "Response"));
		soap_msg_free(r);
		free(ans.text);
	}
}

/* One data model request (a Body's content) on env, run on the loop until
 * answered: the answer's text (caller frees). */
static char *dm_request(const struct rpc_env *e, const char *body)
{
	char req[2048];
	struct soap_msg *m = NULL;
	struct answer ans = { NULL, 0 };

	snprintf(req, sizeof(req), "%s<soap-env:Header><cwmp:ID soap-env:mustUnderstand="
		 "\"1\">d</cwmp:ID></soap-env:Header><soap-env:Body>%s</soap-env:Body>"
		 "</soap-env:Envelope>", ENV_OPEN("1-2"), body);
	assert_int_equal(soap_parse(req, strlen(req), &m), 0);
	rpc_dispatch(e, m, done_cb, &ans);
	for (int k = 0; k < 50 && !ans.calls; k++)
		loop_run_once(loop, 10);
	assert_int_equal(ans.calls, 1);
	soap_msg_free(m);
	return ans.text;
}

/* The arrayType attribute of the first element named elem, or NULL. */
static char *array_type(const struct soap_msg *m, const char *elem)
{
	xmlNode *n = soap_child(m->body, elem);
	xmlChar *v = n ? xmlGetNsProp(n, (const xmlChar *)"arrayType",
				      (const xmlChar *)"http://schemas.xmlsoap.org/soap/encoding/")
		       : NULL;
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* The agent's own values, as dm_native gives them. */
static int native_two(void *ctx, struct xbuf *out)
{
	(void)ctx;
	pluginio_write(out, "Device.ManagementServer.URL", "http://acs.example/");
	pluginio_write(out, "Device.ManagementServer.PeriodicInformInterval", "300");
	return xbuf_error(out);
}

/* The data model driver (rpc_dm.c) end to end on a real data model: the
 * fill (from the loop), the act, the list answer; a name the tree does not
 * hold is 9005 after the fill; a bad argument is 9003 before it. */
static void test_dm_driver(void **state)
{
	static const char *const reqs[] = {
		"<cwmp:GetParameterNames><ParameterPath>Device.ManagementServer.</ParameterPath>"
		"<NextLevel>true</NextLevel></cwmp:GetParameterNames>",
		"<cwmp:GetParameterValues><ParameterNames><string>Device.ManagementServer.URL"
		"</string></ParameterNames></cwmp:GetParameterValues>",
		"<cwmp:GetParameterValues><ParameterNames><string>Device.ManagementServer.Nope"
		"</string></ParameterNames></cwmp:GetParameterValues>",
		"<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath>"
		"<NextLevel>maybe</NextLevel></cwmp:GetParameterNames>",
		/* an element where text belongs is no "" (the whole tree): 9003 */
		"<cwmp:GetParameterValues><ParameterNames><string><x/></string>"
		"</ParameterNames></cwmp:GetParameterValues>",
		"<cwmp:GetParameterNames><ParameterPath><x/></ParameterPath>"
		"<NextLevel>false</NextLevel></cwmp:GetParameterNames>",
		"<cwmp:GetParameterAttributes><ParameterNames><string>Device.<x/></string>"
		"</ParameterNames></cwmp:GetParameterAttributes>",
		"<cwmp:SetParameterValues><ParameterList><ParameterValueStruct><Name><x/></Name>"
		"<Value>v</Value></ParameterValueStruct></ParameterList>"
		"<ParameterKey>k</ParameterKey></cwmp:SetParameterValues>",
	};
	static const char *const want[] = {
		"<Name>Device.ManagementServer.PeriodicInformInterval</Name>",
		"<Value xsi:type=\"xsd:string\">http://acs.example/</Value>",
		"<FaultCode>9005</FaultCode>",
		"<FaultCode>9003</FaultCode>",
		"<FaultCode>9003</FaultCode>",
		"<FaultCode>9003</FaultCode>",
		"<FaultCode>9003</FaultCode>",
		"<FaultCode>9003</FaultCode>",
	};
	struct dm_cache *dm2 = dm_cache_new(&(struct dm_env){ .loop = loop,
							       .native_get = native_two });
	struct rpc_env env2 = { .cfg = &cfg, .dm = dm2 };

	(void)state;
	assert_non_null(dm2);
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		char *text = dm_request(&env2, reqs[i]);

		if (!strstr(text, want[i]))
			fail_msg("request %zu: no %s in %s", i, want[i], text);
		free(text);
	}
	dm_cache_free(dm2);
}

/* Values that do not fit their types, as a broken source gives them: an
 * empty unsignedInt, a malformed dateTime, a password that is no UTF-8. */
static int native_broken(void *ctx, struct xbuf *out)
{
	(void)ctx;
	pluginio_write(out, "Device.ManagementServer.URL", "http://acs.example/");
	pluginio_write(out, "Device.ManagementServer.PeriodicInformInterval", "");
	pluginio_write(out, "Device.ManagementServer.PeriodicInformTime", "yesterday");
	pluginio_write(out, "Device.ManagementServer.Password", "\xff");
	return xbuf_error(out);
}

#define GPV(names) "<cwmp:GetParameterValues><ParameterNames>" names \
	"</ParameterNames></cwmp:GetParameterValues>"
#define S(name) "<string>" name "</string>"
#define MS "Device.ManagementServer."

/* GetParameterValues never sends a value that does not fit its type:
 * named exactly, the request faults 9002 (after 9005 for an unknown
 * name); below a partial path the parameter is left out, and the
 * arrayType counts what is sent. A hidden parameter reads as "" whatever
 * its value. */
static void test_gpv_invalid_values(void **state)
{
	static const struct {
		const char *req, *want, *not;
	} cases[] = {
		{ GPV(S(MS "PeriodicInformInterval")), "<FaultCode>9002</FaultCode>", "Response" },
		{ GPV(S(MS "URL") S(MS "PeriodicInformTime")), "<FaultCode>9002</FaultCode>",
		  "acs.example" },
		{ GPV(S(MS "PeriodicInformTime") S(MS "Nope")), "<FaultCode>9005</FaultCode>", NULL },
		{ GPV(S(MS "URL")), "<Value xsi:type=\"xsd:string\">http://acs.example/</Value>",
		  "Fault" },
		{ GPV(S(MS "Password")), "<Name>" MS "Password</Name><Value xsi:type=\"xsd:string\">"
		  "</Value>", "Fault" },
		{ GPV(S(MS)), "<Name>" MS "URL</Name>", "PeriodicInformInterval" },
		{ GPV(S(MS "URL") S(MS)), "<Name>" MS "Password</Name>", "PeriodicInformTime" },
	};
	struct dm_cache *dm2 = dm_cache_new(&(struct dm_env){ .loop = loop,
							       .native_get = native_broken });
	struct rpc_env env2 = { .cfg = &cfg, .dm = dm2 };

	(void)state;
	assert_non_null(dm2);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = dm_request(&env2, cases[i].req);
		struct soap_msg *m = NULL;

		if (!strstr(text, cases[i].want) || (cases[i].not && strstr(text, cases[i].not)))
			fail_msg("case %zu: want %s%s%s in %s", i, cases[i].want,
				 cases[i].not ? ", not " : "", cases[i].not ? cases[i].not : "", text);
		assert_int_equal(soap_parse(text, strlen(text), &m), 0);
		if (strcmp(m->name, "GetParameterValuesResponse") == 0) {
			char *at = array_type(m, "ParameterList"), want[64];
			size_t n = 0;

			for (const char *p = text; (p = strstr(p, "<ParameterValueStruct>")); p++)
				n++;
			snprintf(want, sizeof(want), "cwmp:ParameterValueStruct[%zu]", n);
			assert_non_null(at);
			assert_string_equal(at, want);
			free(at);
		}
		soap_msg_free(m);
		free(text);
	}
	dm_cache_free(dm2);
}

static void test_soap_array(void **state)
{
	static const size_t counts[] = { 0, 1, 3, 10, 1002, 4294967295u };

	(void)state;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct xbuf b;
		struct soap_msg *m = NULL;
		char want[64], *got;
		size_t at;

		xbuf_init(&b, 4096);
		soap_envelope_open(&b, CWMP_NS_1_2, "id", false);
		xbuf_adds(&b, "<cwmp:GetParameterNamesResponse>");
		at = soap_array_open(&b, "ParameterList", "cwmp:ParameterInfoStruct");
		for (size_t k = 0; k < counts[i] && k < 3; k++)
			xbuf_adds(&b, "<ParameterInfoStruct><Name>Device.</Name>"
				  "<Writable>0</Writable></ParameterInfoStruct>");
		soap_array_close(&b, at, "ParameterList", counts[i]);
		xbuf_adds(&b, "</cwmp:GetParameterNamesResponse>");
		soap_envelope_close(&b);
		assert_int_equal(xbuf_error(&b), 0);
		assert_int_equal(soap_parse(b.data, b.len, &m), 0);
		got = array_type(m, "ParameterList");
		snprintf(want, sizeof(want), "cwmp:ParameterInfoStruct[%zu]", counts[i]);
		assert_non_null(got);
		assert_string_equal(got, want);
		free(got);
		soap_msg_free(m);
		xbuf_fini(&b);
	}
}

/* Past the cap the list fails as a whole (sticky error), never half-patched. */
static void test_soap_array_cap(void **state)
{
	struct xbuf b;
	size_t at;

	(void)state;
	xbuf_init(&b, 80);
	at = soap_array_open(&b, "ParameterList", "cwmp:ParameterValueStruct");
	assert_int_equal(xbuf_error(&b), 0);
	xbuf_adds(&b, "<x/>");
	soap_array_close(&b, at, "ParameterList", 1);
	assert_int_equal(xbuf_error(&b), -E2BIG);
	xbuf_fini(&b);
}

/* ---- list answers --------------------------------------------------------- */

/* A synthetic list: n items "<I>k</I>" padded to about 100 bytes; after
 * shrink_after pieces have been asked for it loses its last item (a data
 * model changed under the answer). */
struct fake_list {
	size_t n;
	int calls;
	int shrink_after;
	int freed;
};

static long fake_items(void *ctx, struct xbuf *out, size_t skip, size_t want, bool *more)
{
	struct fake_list *f = ctx;
	size_t n = f->n, written = 0;

	f->calls++;
	if (f->shrink_after && f->calls > f->shrink_after)
		n--;
	*more = false;
	for (size_t k = skip; k < n; k++) {
		if (out->len >= want) {
			*more = true;
			break;
		}
		xbuf_printf(out, "<I>%zu %090d</I>", k, 0);
		written++;
	}
	return xbuf_error(out) ? xbuf_error(out) : (long)written;
}

static void fake_free(void *ctx)
{
	((struct fake_list *)ctx)->freed++;
}

struct list_answer {
	char *env;                  /* whole envelope, when it came whole */
	struct rpc_source *src;
	int calls;
};

static void list_cb(void *ctx, struct xbuf *response, struct rpc_source *src)
{
	struct list_answer *a = ctx;

	a->calls++;
	a->env = response->len ? strndup(response->data, response->len) : NULL;
	a->src = src;
}

static void list_done_cb(void *ctx, struct xbuf *response)
{
	list_cb(ctx, response, NULL);
}

/* Answer a list the way a handler does, from a request set up as
 * rpc_dispatch sets it up; with_source: as rpc_dispatch_source. */
static void answer_list(struct fake_list *f, bool with_source, struct list_answer *a)
{
	static const char req[] = GRM_REQ("1-2", "L1");
	struct soap_msg *m = NULL;
	struct rpc_req *r = calloc(1, sizeof(*r));
	struct rpc_list l = { "GetParameterNamesResponse", "ParameterList",
			      "cwmp:ParameterInfoStruct", fake_items, fake_free, f };

	assert_non_null(r);
	assert_int_equal(soap_parse(req, strlen(req), &m), 0);
	r->msg = m;
	r->ns = m->ns;
	if (with_source)
		r->answer = list_cb;
	else
		r->done = list_done_cb;
	r->done_ctx = a;
	xbuf_init(&r->body, SOAP_MAX_RESPONSE);
	soap_envelope_open(&r->body, r->ns, m->id, false);
	r->head_len = r->body.len;
	memset(a, 0, sizeof(*a));
	rpc_complete(r, rpc_answer_list(r, &l));
	assert_int_equal(a->calls, 1);
	soap_msg_free(m);
}

/* Read a source whole, step bytes at a time; NULL when a read fails. */
static char *read_all(struct rpc_source *src, size_t step)
{
	size_t len = rpc_source_len(src), got = 0;
	char *buf = malloc(len + step + 1);
	long n;

	assert_non_null(buf);
	while ((n = rpc_source_read(src, buf + got, step)) > 0)
		got += (size_t)n;
	if (n < 0) {
		free(buf);
		return NULL;
	}
	assert_int_equal(got, len);
	buf[got] = '\0';
	return buf;
}

static void check_list(const char *envelope, size_t n)
{
	struct soap_msg *m = NULL;
	char want[64];
	char *type;

	assert_int_equal(soap_parse(envelope, strlen(envelope), &m), 0);
	assert_string_equal(m->name, "GetParameterNamesResponse");
	assert_string_equal(m->id, "L1");
	type = array_type(m, "ParameterList");
	snprintf(want, sizeof(want), "cwmp:ParameterInfoStruct[%zu]", n);
	assert_string_equal(type, want);
	free(type);
	soap_msg_free(m);
}

/* A short list comes whole; a long one as a source that reads, in any
 * steps and again after a rewind, exactly what rpc_dispatch's callers get
 * whole. */
static void test_list_answers(void **state)
{
	static const size_t sizes[] = { 0, 1, 100, 20000, 30000 };   /* parsed: < SOAP_MAX_SIZE */

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct fake_list f = { .n = sizes[i] };
		struct list_answer whole, streamed;
		char *a, *b;

		answer_list(&f, false, &whole);
		assert_null(whole.src);
		assert_non_null(whole.env);
		check_list(whole.env, sizes[i]);
		assert_int_equal(f.freed, 1);
		answer_list(&f, true, &streamed);
		assert_int_equal(f.freed, sizes[i] >= 20000 ? 1 : 2);
		if (sizes[i] < 20000) {             /* under RPC_LIST_INLINE: whole */
			assert_null(streamed.src);
			assert_string_equal(streamed.env, whole.env);
			free(streamed.env);
			free(whole.env);
			continue;
		}
		assert_null(streamed.env);
		assert_non_null(streamed.src);
		assert_int_equal(rpc_source_len(streamed.src), strlen(whole.env));
		a = read_all(streamed.src, 7919);
		assert_non_null(a);
		assert_string_equal(a, whole.env);
		rpc_source_rewind(streamed.src);    /* e.g. a 307: sent again */
		b = read_all(streamed.src, 65536);
		assert_non_null(b);
		assert_string_equal(b, whole.env);
		assert_true(f.calls < 20);          /* a few pieces, not one per read */
		rpc_source_free(streamed.src);
		assert_int_equal(f.freed, 2);
		free(a);
		free(b);
		free(whole.env);
	}
}

/* Items that change while they are sent fail the read (the HTTP layer then
 * aborts the exchange) instead of sending a message that lies about its
 * length. */
static void test_list_changed(void **state)
{
	struct fake_list f = { .n = 30000, .shrink_after = 3 };
	struct list_answer a;

	(void)state;
	answer_list(&f, true, &a);
	assert_non_null(a.src);
	assert_null(read_all(a.src, 100000));
	rpc_source_free(a.src);
	rpc_source_free(NULL);
	assert_int_equal(f.freed, 1);
}

/* Past SOAP_MAX_RESPONSE the list answer is fault 9004, found by the
 * counting pass before anything is sent. */
static void test_list_too_big(void **state)
{
	struct fake_list f = { .n = SOAP_MAX_RESPONSE / 100 + 10 };
	struct list_answer a;
	struct soap_msg *m = NULL;

	(void)state;
	answer_list(&f, true, &a);
	assert_null(a.src);
	assert_non_null(a.env);
	assert_int_equal(soap_parse(a.env, strlen(a.env), &m), 0);
	assert_string_equal(m->name, "Fault");
	assert_int_equal(m->fault_code, 9004);
	assert_int_equal(f.freed, 1);
	soap_msg_free(m);
	free(a.env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getrpcmethods_lists_the_table),
		cmocka_unit_test(test_faults_9000),
		cmocka_unit_test(test_must_understand),
		cmocka_unit_test(test_envelope_taken),
		cmocka_unit_test(test_gpv_gpn_data_model_fails),
		cmocka_unit_test(test_dm_driver),
		cmocka_unit_test(test_gpv_invalid_values),
		cmocka_unit_test(test_soap_array),
		cmocka_unit_test(test_soap_array_cap),
		cmocka_unit_test(test_list_answers),
		cmocka_unit_test(test_list_changed),
		cmocka_unit_test(test_list_too_big),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
