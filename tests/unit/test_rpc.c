/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the RPC dispatcher: GetRPCMethods lists exactly the
 * table, an unknown method and an unknown mustUnderstand header get a 9000
 * fault, and every answer echoes the request's cwmp:ID and namespace.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "rpc.h"
#include "soap.h"

#define ENV_OPEN(ns) "<?xml version=\"1.0\"?>\n<soap-env:Envelope " \
	"xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" " \
	"xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\" " \
	"xmlns:cwmp=\"urn:dslforum-org:cwmp-" ns "\">"

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
	rpc_dispatch(NULL, m, done_cb, ans);
	assert_int_equal(ans->calls, 1);
	assert_int_equal(soap_parse(ans->text, strlen(ans->text), &reply), 0);
	soap_msg_free(m);
	return reply;
}

static void test_getrpcmethods_lists_the_table(void **state)
{
	struct answer ans;
	struct soap_msg *r;
	size_t n;
	const struct rpc_method *m = rpc_methods(&n);
	xmlNode *list, *s;
	size_t seen = 0;

	(void)state;
	r = dispatch(ENV_OPEN("1-0") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">"
		     "abc</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:GetRPCMethods/>"
		     "</soap-env:Body></soap-env:Envelope>", &ans);
	assert_string_equal(r->name, "GetRPCMethodsResponse");
	assert_string_equal(r->id, "abc");
	assert_int_equal(r->ns, CWMP_NS_1_0);
	list = soap_child(r->body, "MethodList");
	assert_non_null(list);
	for (s = soap_child(list, "string"); s; s = soap_next(s)) {
		char *t = soap_text(s);
		assert_true(seen < n);
		assert_string_equal(t, m[seen].name);
		free(t);
		seen++;
	}
	assert_int_equal(seen, n);
	assert_non_null(strstr(ans.text, "xsd:string["));
	soap_msg_free(r);
	free(ans.text);
}

static const struct {
	const char *name;
	const char *req;
} faults[] = {
	{ "unknown method",
	  ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
	  "</soap-env:Header><soap-env:Body><cwmp:FrobnicateWidgets><A>1</A>"
	  "</cwmp:FrobnicateWidgets></soap-env:Body></soap-env:Envelope>" },
	{ "not yet implemented",
	  ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
	  "</soap-env:Header><soap-env:Body><cwmp:Download><CommandKey/></cwmp:Download>"
	  "</soap-env:Body></soap-env:Envelope>" },
	{ "unknown mustUnderstand header",
	  ENV_OPEN("1-2") "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">x1</cwmp:ID>"
	  "<x:Magic xmlns:x=\"urn:x\" soap-env:mustUnderstand=\"1\">1</x:Magic>"
	  "</soap-env:Header><soap-env:Body><cwmp:GetRPCMethods/></soap-env:Body>"
	  "</soap-env:Envelope>" },
};

static void test_faults_9000(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		struct answer ans;
		struct soap_msg *r = dispatch(faults[i].req, &ans);

		assert_string_equal(r->name, "Fault");
		assert_int_equal(r->fault_code, 9000);
		assert_string_equal(r->id, "x1");
		assert_int_equal(r->ns, CWMP_NS_1_2);
		soap_msg_free(r);
		free(ans.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getrpcmethods_lists_the_table),
		cmocka_unit_test(test_faults_9000),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
